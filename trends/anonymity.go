package trends

// DefaultMinRespondents is the default anonymity threshold.
const DefaultMinRespondents = 5

// Anonymity is the employee anonymity rule: a group of comments (a period
// of a trend, a driver touchpoint, an anomaly, an emerging term, a facet
// value) that holds comments of employees from fewer than MinRespondents
// distinct respondents shows none of its figures. Customer comments never
// trigger it. Counting respondents rather than comments means one
// employee's three comments do not make a group of three people.
type Anonymity struct {
	// MinRespondents is the smallest number of distinct employee
	// respondents a group may show figures for; 0 or 1 turns the rule off.
	MinRespondents int `json:"min_respondents" yaml:"min_respondents"`
}

// Suppress reports whether a group with employees distinct employee
// respondents (and any number of customers) must be withheld.
func (a Anonymity) Suppress(employees int) bool {
	return employees > 0 && employees < a.MinRespondents
}

// Respondents counts distinct respondents. Add(0) adds a respondent of
// its own (a comment without a respondent id); Add(k) for k > 0 adds the
// respondent k once however often it is added. The zero value is empty
// and ready to use.
type Respondents struct {
	own  int
	keys map[uint32]struct{}
}

// Add counts the respondent key (0: a new anonymous respondent).
func (r *Respondents) Add(key uint32) {
	if key == 0 {
		r.own++
		return
	}
	if r.keys == nil {
		r.keys = map[uint32]struct{}{}
	}
	r.keys[key] = struct{}{}
}

// Count returns the number of distinct respondents added.
func (r *Respondents) Count() int { return r.own + len(r.keys) }

// merge adds o's respondents to r.
func (r *Respondents) merge(o *Respondents) {
	r.own += o.own
	for k := range o.keys {
		r.Add(k)
	}
}
