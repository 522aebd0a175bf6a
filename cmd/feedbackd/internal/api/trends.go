package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/trends"
)

// Selector selects the comments a query matches in the facts table
// (*index.Index). The caller closes the view, soon.
type Selector interface {
	Select(ctx context.Context, q index.Query) (*facts.View, facts.Rows, error)
}

// Reports are the settings of the trends, drivers and anomalies
// endpoints; configs/feedbackd.yaml (analytics:) documents each. Zero
// values take the trends package's defaults.
type Reports struct {
	Anonymity trends.Anonymity
	// Respondent is the metadata field naming an employee respondent.
	Respondent       string
	MinN             int
	DriverMinVolume  int
	Resamples        int
	Baseline         int
	Sensitivity      float64
	AnomalyMinVolume int
	EmergingMinCount int
	EmergingTop      int
}

// Report parameters beyond the search filters; docs/api.md describes each.
const (
	paramBy          = "by"
	paramMetric      = "metric"
	paramBaseline    = "baseline"
	paramSensitivity = "sensitivity"
)

// TrendsResponse is the body of GET /api/v1/trends.
type TrendsResponse struct {
	TookMS float64 `json:"took_ms"`
	// From and To are the instants the periods cover.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	*trends.Trend
	// MinN is the fewest comments behind a figure on both sides of a
	// change for it to be tested (analytics.min_n), so a reader can tell
	// the points with too few comments.
	MinN int `json:"min_n"`
	// Labels name the touchpoints of the series.
	Labels map[string]string `json:"labels"`
}

// DriversResponse is the body of GET /api/v1/drivers.
type DriversResponse struct {
	TookMS  float64                `json:"took_ms"`
	Drivers []*trends.DriverReport `json:"drivers"`
	Labels  map[string]string      `json:"labels"`
}

// AnomaliesResponse is the body of GET /api/v1/anomalies.
type AnomaliesResponse struct {
	TookMS float64 `json:"took_ms"`
	*trends.AnomalyReport
	Emerging *trends.EmergingReport `json:"emerging"`
	Labels   map[string]string      `json:"labels"`
}

func (s *Server) handleTrends(w http.ResponseWriter, r *http.Request) {
	s.report(w, r, s.trends)
}

func (s *Server) handleDrivers(w http.ResponseWriter, r *http.Request) {
	s.report(w, r, s.drivers)
}

func (s *Server) handleAnomalies(w http.ResponseWriter, r *http.Request) {
	s.report(w, r, s.anomalies)
}

// report answers a report endpoint: resolve saved, run, time, reply.
func (s *Server) report(w http.ResponseWriter, r *http.Request, run func(ctx context.Context, v url.Values) (any, error)) {
	if s.facts == nil {
		s.fail(w, r, &Error{Status: http.StatusNotImplemented, Msg: "reports are not available in this process"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.QueryTimeout)
	defer cancel()
	v, err := s.resolveSaved(ctx, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp, err := run(ctx, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// resolveSaved merges the saved search named by saved into v.
func (s *Server) resolveSaved(ctx context.Context, v url.Values) (url.Values, error) {
	id := v.Get(paramSaved)
	if id == "" {
		return v, nil
	}
	ss, err := s.store.GetSearch(ctx, id)
	if errors.Is(err, rawstore.ErrNotFound) {
		return nil, &Error{Status: http.StatusBadRequest, Field: paramSaved, Msg: "saved: no saved search " + id}
	}
	if err != nil {
		return nil, err
	}
	return merge(ss.Q, ss.Filters, v), nil
}

// take removes the report parameters from v and returns their last
// values, so the rest can go through ParseSearch.
func take(v url.Values, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		if vals := v[n]; len(vals) > 0 {
			out[n] = vals[len(vals)-1]
		}
		delete(v, n)
	}
	return out
}

// interval parses the interval parameter (week when empty).
func interval(s string) (trends.Interval, error) {
	if s == "" {
		return trends.Week, nil
	}
	iv, err := trends.ParseInterval(s)
	if err != nil {
		return "", badField(paramInterval, "%q: want day, week, month or quarter", s)
	}
	return iv, nil
}

// defaultPeriods is how many periods a trend covers without from.
const defaultPeriods = 12

// trends answers GET /api/v1/trends.
func (s *Server) trends(ctx context.Context, v url.Values) (any, error) {
	start := time.Now()
	v = cloneValues(v)
	p := take(v, paramInterval, paramBy)
	iv, err := interval(p[paramInterval])
	if err != nil {
		return nil, err
	}
	by, err := trends.ParseGroupBy(p[paramBy])
	if err != nil {
		return nil, badField(paramBy, "%q: want none, touchpoint, audience, source or meta.<field>", p[paramBy])
	}
	q, err := ParseSearch(v, s.params())
	if err != nil {
		return nil, err
	}
	// Whole periods: from moves back to the start of its period; without
	// from, the last defaultPeriods periods up to to (or now).
	to := q.To
	if to.IsZero() {
		to = time.Now()
	}
	if q.From.IsZero() {
		first := iv.PeriodStart(to.Add(-time.Nanosecond), s.loc)
		for range defaultPeriods - 1 {
			first = iv.PeriodStart(first.Add(-time.Nanosecond), s.loc)
		}
		q.From = first
	} else {
		q.From = iv.PeriodStart(q.From, s.loc)
	}
	q.To = to
	o := s.copyOptions()
	if field, ok := by.MetaField(); ok {
		o.Meta = []string{field}
	}
	d, err := s.selectData(ctx, q, o)
	if err != nil {
		return nil, err
	}
	tr, err := d.Trends(trends.TrendOptions{Interval: iv, By: by, From: q.From, To: q.To,
		MinN: s.reports.MinN, Anonymity: s.reports.Anonymity})
	if err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Msg: err.Error()}
	}
	minN := s.reports.MinN
	if minN <= 0 {
		minN = trends.DefaultMinN
	}
	out := &TrendsResponse{From: q.From, To: q.To, Trend: tr, MinN: minN, Labels: map[string]string{}}
	if by == trends.ByTouchpoint {
		for _, sr := range tr.Series {
			s.label(out.Labels, sr.Group)
		}
	}
	out.TookMS = tookMS(start)
	return out, nil
}

// drivers answers GET /api/v1/drivers.
func (s *Server) drivers(ctx context.Context, v url.Values) (any, error) {
	start := time.Now()
	v = cloneValues(v)
	p := take(v, paramMetric)
	metrics := trends.Metrics
	if m := p[paramMetric]; m != "" {
		pm, err := trends.ParseMetric(m)
		if err != nil {
			return nil, badField(paramMetric, "%q: want nps, csat or ces", m)
		}
		metrics = []trends.Metric{pm}
	}
	q, err := ParseSearch(v, s.params())
	if err != nil {
		return nil, err
	}
	d, err := s.selectData(ctx, q, s.copyOptions())
	if err != nil {
		return nil, err
	}
	out := &DriversResponse{Drivers: []*trends.DriverReport{}, Labels: map[string]string{}}
	for _, m := range metrics {
		r, err := d.Drivers(trends.DriverOptions{Metric: m, MinVolume: s.reports.DriverMinVolume,
			Resamples: s.reports.Resamples, Seed: 1, Anonymity: s.reports.Anonymity})
		if err != nil {
			return nil, err
		}
		for _, dr := range r.Drivers {
			s.label(out.Labels, dr.Touchpoint)
		}
		out.Drivers = append(out.Drivers, r)
	}
	out.TookMS = tookMS(start)
	return out, nil
}

// anomalies answers GET /api/v1/anomalies.
func (s *Server) anomalies(ctx context.Context, v url.Values) (any, error) {
	start := time.Now()
	v = cloneValues(v)
	p := take(v, paramInterval, paramBaseline, paramSensitivity)
	iv, err := interval(p[paramInterval])
	if err != nil {
		return nil, err
	}
	w := trends.Window{Interval: iv, Baseline: s.reports.Baseline}
	if b := p[paramBaseline]; b != "" {
		n, err := strconv.Atoi(b)
		if err != nil || n < 1 || n > 520 {
			return nil, badField(paramBaseline, "%q: want a number of periods from 1 to 520", b)
		}
		w.Baseline = n
	}
	sens := s.reports.Sensitivity
	if z := p[paramSensitivity]; z != "" {
		f, err := strconv.ParseFloat(z, 64)
		if err != nil || f <= 0 || f > 100 {
			return nil, badField(paramSensitivity, "%q: want a positive z such as 3", z)
		}
		sens = f
	}
	// The window sets the start: from (say of a saved search) is ignored.
	delete(v, paramFrom)
	q, err := ParseSearch(v, s.params())
	if err != nil {
		return nil, err
	}
	// The last period is the last complete one before to (default now).
	end := q.To
	if end.IsZero() {
		end = iv.PeriodStart(time.Now(), s.loc)
	}
	w.End = end
	q.From, q.To = w.Range(s.loc)
	o := s.copyOptions()
	o.Terms = true
	d, err := s.selectData(ctx, q, o)
	if err != nil {
		return nil, err
	}
	ar, err := d.Anomalies(trends.AnomalyOptions{Window: w, Sensitivity: sens,
		MinVolume: s.reports.AnomalyMinVolume, Anonymity: s.reports.Anonymity})
	if err != nil {
		return nil, err
	}
	er, err := d.Emerging(ctx, trends.EmergingOptions{Window: w, Top: s.reports.EmergingTop,
		MinCount: s.reports.EmergingMinCount, Anonymity: s.reports.Anonymity}, s.texts)
	if err != nil {
		return nil, err
	}
	out := &AnomaliesResponse{AnomalyReport: ar, Emerging: er, Labels: map[string]string{}}
	for _, a := range ar.Anomalies {
		s.label(out.Labels, a.Touchpoint)
	}
	out.TookMS = tookMS(start)
	return out, nil
}

// selectData selects q's comments and copies their facts, holding the
// facts view only for the copy.
func (s *Server) selectData(ctx context.Context, q index.Query, o trends.CopyOptions) (*trends.Data, error) {
	v, rows, err := s.facts.Select(ctx, q)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	return trends.Copy(v, &rows, o), nil
}

func (s *Server) copyOptions() trends.CopyOptions {
	return trends.CopyOptions{Respondent: s.reports.Respondent}
}

// texts returns the stored texts of comments for emerging terms.
func (s *Server) texts(ctx context.Context, ids []string) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		c, err := s.store.Get(ctx, id)
		if errors.Is(err, rawstore.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[i] = c.Text()
	}
	return out, nil
}

// label adds the label of touchpoint id to labels.
func (s *Server) label(labels map[string]string, id string) {
	if id == "" {
		return
	}
	if l, ok := s.eng.Label(id); ok {
		labels[id] = l
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = vals
	}
	return out
}

func tookMS(start time.Time) float64 { return float64(time.Since(start).Microseconds()) / 1000 }
