package demo

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/corpus"
)

// data holds the hand-written comment building blocks, one YAML file per
// theme.
//
//go:embed *.yaml
var data embed.FS

// Sources of the demo corpus.
const (
	SourceNPS      = "nps-survey"
	SourceCSAT     = "csat-email"
	SourceApp      = "app-feedback"
	SourceTickets  = "support-tickets"
	SourceEmployee = "employee-pulse"
)

// Intended sentiment labels of fragments and comments, the same words the
// engine uses.
const (
	positive = "positive"
	negative = "negative"
	neutral  = "neutral"
	mixed    = "mixed"
)

// Parts a fragment can play besides a whole comment: an employee's "pros" or
// "cons" answer, or a short closing remark added after a customer comment.
const (
	partPro    = "pro"
	partCon    = "con"
	partCloser = "closer"
)

// Departments an employee team belongs to; fragments may be limited to some.
const (
	deptStores    = "stores"
	deptWarehouse = "warehouse"
	deptContact   = "contact-centre"
	deptOffice    = "head-office"
)

// fragment is one hand-written piece of a comment with the touchpoints and
// sentiment it is meant to carry.
type fragment struct {
	Text        string          `yaml:"text"`
	Touchpoints []string        `yaml:"touchpoints"`
	Sentiment   string          `yaml:"sentiment"`
	Story       string          `yaml:"story"`
	Audience    corpus.Audience `yaml:"audience"`
	Sources     []string        `yaml:"sources"`
	Channels    []string        `yaml:"channels"`
	Product     string          `yaml:"product"`
	Departments []string        `yaml:"departments"`
	Part        string          `yaml:"part"`

	file string // the YAML file it came from, for messages
}

// fragmentFile is one YAML file: defaults for its fragments, then the
// fragments.
type fragmentFile struct {
	Audience  corpus.Audience `yaml:"audience"`
	Sources   []string        `yaml:"sources"`
	Channels  []string        `yaml:"channels"`
	Fragments []fragment      `yaml:"fragments"`
}

// loadFragments reads every embedded YAML file, applies each file's
// defaults to its fragments and validates them.
func loadFragments() ([]fragment, error) {
	entries, err := data.ReadDir(".")
	if err != nil {
		return nil, fmt.Errorf("read embedded data: %w", err)
	}
	var all []fragment
	var errs []error
	for _, e := range entries { // ReadDir sorts by name: a stable order
		b, err := data.ReadFile(e.Name())
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Name(), err)
		}
		var f fragmentFile
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", e.Name(), err)
		}
		for i, fr := range f.Fragments {
			fr.file = path.Base(e.Name())
			if fr.Audience == "" {
				fr.Audience = f.Audience
			}
			if fr.Sources == nil {
				fr.Sources = f.Sources
			}
			if fr.Channels == nil {
				fr.Channels = f.Channels
			}
			if err := fr.validate(); err != nil {
				errs = append(errs, fmt.Errorf("%s: fragment %d: %w", fr.file, i+1, err))
			}
			all = append(all, fr)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return all, nil
}

// validate checks a fragment once its file's defaults are applied.
func (f *fragment) validate() error {
	if strings.TrimSpace(f.Text) == "" {
		return errors.New("text is empty")
	}
	switch f.Sentiment {
	case positive, negative, neutral, mixed:
	default:
		return fmt.Errorf("sentiment %q: want positive, negative, neutral or mixed", f.Sentiment)
	}
	if f.Audience != corpus.Customer && f.Audience != corpus.Employee {
		return fmt.Errorf("audience %q: want customer or employee", f.Audience)
	}
	if len(f.Sources) == 0 {
		return errors.New("no sources")
	}
	for _, s := range f.Sources {
		if (s == SourceEmployee) != (f.Audience == corpus.Employee) {
			return fmt.Errorf("source %q does not fit audience %s", s, f.Audience)
		}
		if _, ok := sourceChannels(s); !ok && s != SourceEmployee {
			return fmt.Errorf("unknown source %q", s)
		}
	}
	for _, c := range f.Channels {
		if !slices.Contains(channels, c) {
			return fmt.Errorf("unknown channel %q", c)
		}
	}
	if f.Product != "" && !slices.Contains(products, f.Product) {
		return fmt.Errorf("unknown product %q", f.Product)
	}
	for _, d := range f.Departments {
		switch d {
		case deptStores, deptWarehouse, deptContact, deptOffice:
		default:
			return fmt.Errorf("unknown department %q", d)
		}
	}
	switch f.Part {
	case "", partCloser:
	case partPro, partCon:
		if f.Audience != corpus.Employee {
			return fmt.Errorf("part %q is for employee fragments", f.Part)
		}
	default:
		return fmt.Errorf("part %q: want pro, con or closer", f.Part)
	}
	if !knownStory(f.Story) {
		return fmt.Errorf("unknown story %q", f.Story)
	}
	return nil
}

// fits reports whether the fragment may be used in a comment from source.
func (f *fragment) fits(source string) bool { return slices.Contains(f.Sources, source) }

// forDepartment reports whether an employee of dept may have written it.
func (f *fragment) forDepartment(dept string) bool {
	return len(f.Departments) == 0 || slices.Contains(f.Departments, dept)
}

// topics returns the top-level touchpoints of the fragment ("delivery" for
// "delivery/courier"), to keep two fragments of one comment on different
// subjects.
func (f *fragment) topics() []string {
	out := make([]string, 0, len(f.Touchpoints))
	for _, tp := range f.Touchpoints {
		top, _, _ := strings.Cut(tp, "/")
		if top == "employee" {
			top = tp
		}
		out = append(out, top)
	}
	return out
}

// combine returns the intended sentiment of a comment made of parts with
// these labels: mixed when clearly positive and negative parts meet.
func combine(labels ...string) string {
	pos, neg := false, false
	for _, l := range labels {
		switch l {
		case positive:
			pos = true
		case negative:
			neg = true
		case mixed:
			pos, neg = true, true
		}
	}
	switch {
	case pos && neg:
		return mixed
	case pos:
		return positive
	case neg:
		return negative
	}
	return neutral
}
