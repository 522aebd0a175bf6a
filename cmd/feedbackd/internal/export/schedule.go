package export

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/feedbackd/feedbackd/corpus/httppull"
)

// ScheduleConfig is one item of exports: in the daemon configuration, an
// export written to a folder on a cron schedule.
type ScheduleConfig struct {
	// Name names the files and the stored cursor; letters, digits, ".",
	// "_" and "-".
	Name string `yaml:"name"`
	// Schedule is a robfig/cron v3 spec: five fields, six with leading
	// seconds, or a descriptor such as "@daily"; times are UTC unless it
	// starts with CRON_TZ=.
	Schedule string `yaml:"schedule"`
	Format   string `yaml:"format"` // csv, ndjson or parquet; "" is csv
	Shape    string `yaml:"shape"`  // wide or long; "" is wide
	// Filters are the parameters of feedbackd export and GET
	// /api/v1/export that select comments (q, touchpoint, sentiment,
	// meta.KEY, from, nps_min, ...): a value or a list of values.
	Filters map[string]any `yaml:"filters"`
	// Folder receives the files; the daemon resolves a relative path
	// inside the data dir.
	Folder string `yaml:"folder"`
	// Incremental exports only what was added or retagged since the
	// previous run; otherwise every run writes the whole selection.
	Incremental bool `yaml:"incremental"`
}

// Scheduled is a validated ScheduleConfig.
type Scheduled struct {
	Name        string
	Spec        string
	Schedule    cron.Schedule
	Request     Request
	Folder      string
	Incremental bool
}

// filterParams are the export parameters a schedule's filters may set:
// format and shape have their own keys, and the cursor is the
// scheduler's.
var filterParams = []string{"q", "touchpoint", "sentiment", "audience", "source", "from", "to",
	"nps_min", "nps_max", "csat_min", "csat_max", "ces_min", "ces_max",
	"sentiment_score_min", "sentiment_score_max", "since"}

// ParseSchedules validates the exports: section and returns the
// scheduled exports. Every problem is reported, each naming its item and
// field ("exports[0] (nightly): schedule: ..."), joined with errors.Join.
func ParseSchedules(cfgs []ScheduleConfig) ([]*Scheduled, error) {
	var errs []error
	var out []*Scheduled
	names := map[string]int{}
	for i, c := range cfgs {
		item := fmt.Sprintf("exports[%d]", i)
		if c.Name != "" {
			item += " (" + c.Name + ")"
		}
		bad := func(field, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s: %s", item, field, fmt.Sprintf(format, args...)))
		}
		s := &Scheduled{Name: c.Name, Spec: c.Schedule, Folder: c.Folder, Incremental: c.Incremental}
		switch j, dup := names[c.Name]; {
		case c.Name == "":
			bad("name", "is required")
		case !validName(c.Name):
			bad("name", "%q: use letters, digits, '.', '_' and '-' only", c.Name)
		case dup:
			bad("name", "%q is already used by exports[%d]", c.Name, j)
		default:
			names[c.Name] = i
		}
		var err error
		if s.Schedule, err = httppull.ParseSchedule(c.Schedule); err != nil {
			bad("schedule", "%v", err)
		}
		if strings.TrimSpace(c.Folder) == "" {
			bad("folder", "is required (a relative path is inside the data dir)")
		}
		v, err := filterValues(c.Filters)
		if err != nil {
			bad("filters", "%v", err)
		}
		v.Set("format", c.Format)
		v.Set("shape", c.Shape)
		if s.Request, err = ParseRequest(v); err != nil {
			field := "filters"
			if strings.HasPrefix(err.Error(), "format ") {
				field = "format"
			} else if strings.HasPrefix(err.Error(), "shape ") {
				field = "shape"
			}
			bad(field, "%v", err)
		}
		out = append(out, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// filterValues turns a schedule's filters into export parameters.
func filterValues(f map[string]any) (url.Values, error) {
	v := url.Values{}
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(f)) {
		if !slices.Contains(filterParams, key) && !(strings.HasPrefix(key, "meta.") && len(key) > len("meta.")) {
			errs = append(errs, fmt.Errorf("unknown filter %q; want one of %s or meta.KEY", key, strings.Join(filterParams, ", ")))
			continue
		}
		switch val := f[key].(type) {
		case []any:
			for _, e := range val {
				v.Add(key, fmt.Sprint(e))
			}
		case time.Time: // YAML reads an unquoted date as a timestamp
			v.Add(key, val.UTC().Format(time.RFC3339Nano))
		case map[string]any, nil:
			errs = append(errs, fmt.Errorf("%s: want a value or a list of values", key))
		default:
			v.Add(key, fmt.Sprint(val))
		}
	}
	return v, errors.Join(errs...)
}

// validName reports whether s is safe in a file name and a checkpoint.
func validName(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return s != "" && s != "." && s != ".." && filepath.Base(s) == s
}
