package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/httppull"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// scheduled returns a validated export of s into a temporary folder.
func scheduled(t *testing.T, name, spec string, incremental bool) *Scheduled {
	t.Helper()
	xs, err := ParseSchedules([]ScheduleConfig{{Name: name, Schedule: spec, Folder: t.TempDir(), Incremental: incremental}})
	if err != nil {
		t.Fatal(err)
	}
	return xs[0]
}

// files lists a folder's entries.
func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// csvIDs reads a CSV export and returns its "id@seq" values.
func csvIDs(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[1]+"@"+r[0])
	}
	return out
}

// TestSchedulerIncremental runs a nightly incremental export on its
// schedule twice, with comments added and retagged in between: the files
// are named after the night and the cursor range, the second continues
// from the stored cursor, and no comment version is exported twice.
func TestSchedulerIncremental(t *testing.T) {
	s := openStore(t)
	ingest(t, s, 0, 600)
	e := scheduled(t, "nightly", "0 2 * * *", true)
	var logs bytes.Buffer
	synctest.Test(t, func(t *testing.T) {
		// The bubble's clock starts at 2000-01-01T00:00:00Z.
		sc := NewScheduler(&Exporter{Store: s}, s, []*Scheduled{e}, zerolog.New(&logs))
		if err := sc.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer sc.Close()
		time.Sleep(2*time.Hour + time.Minute)
		synctest.Wait()
		if got, want := files(t, e.Folder), []string{"nightly-2000-01-01T0200Z-seq-0-600.csv"}; !slices.Equal(got, want) {
			t.Fatalf("after the first night: %q, want %q", got, want)
		}
		ingest(t, s, 600, 700)
		time.Sleep(24 * time.Hour)
		synctest.Wait()
	})
	got := files(t, e.Folder)
	want := []string{"nightly-2000-01-01T0200Z-seq-0-600.csv", "nightly-2000-01-02T0200Z-seq-600-700.csv"}
	if !slices.Equal(got, want) {
		t.Fatalf("files %q, want %q (no temporary left behind)", got, want)
	}
	first, second := csvIDs(t, filepath.Join(e.Folder, want[0])), csvIDs(t, filepath.Join(e.Folder, want[1]))
	if len(first) != 600 || len(second) != 100 {
		t.Errorf("%d and %d rows, want 600 and 100", len(first), len(second))
	}
	all := append(first, second...)
	slices.Sort(all)
	if len(slices.Compact(all)) != 700 {
		t.Errorf("duplicates across runs")
	}
	st, err := NewScheduler(nil, s, nil, zerolog.Nop()).State(context.Background(), "nightly")
	if err != nil {
		t.Fatal(err)
	}
	if st.Cursor != 700 || !st.LastRun.Equal(time.Date(2000, 1, 2, 2, 0, 0, 0, time.UTC)) || st.File != want[1] {
		t.Errorf("stored state %+v", st)
	}
	if n := strings.Count(logs.String(), `"message":"scheduled export written"`); n != 2 {
		t.Errorf("%d run lines, want 2:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `"rows":100,"comments":100,"file":"`+filepath.Join(e.Folder, want[1])+`","cursor_from":"seq-600","cursor_to":"seq-700"`) {
		t.Errorf("run line lacks rows, file or cursors:\n%s", logs.String())
	}
}

// TestSchedulerFull checks a non-incremental export writes the whole
// selection every time, with its filters and format.
func TestSchedulerFull(t *testing.T) {
	s := openStore(t)
	ingest(t, s, 0, 100)
	xs, err := ParseSchedules([]ScheduleConfig{{Name: "web", Schedule: "@hourly", Folder: t.TempDir(), Format: "ndjson",
		Filters: map[string]any{"meta.channel": "web"}}})
	if err != nil {
		t.Fatal(err)
	}
	e := xs[0]
	sc := NewScheduler(&Exporter{Store: s}, s, xs, zerolog.Nop())
	at := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	for i := range 2 {
		r, err := sc.Run(context.Background(), e, at.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if r.Stats.Rows != 34 || r.From != 0 || r.To != 100 {
			t.Errorf("run %d: %+v", i, r)
		}
	}
	if got, want := files(t, e.Folder), []string{"web-2026-11-22T0200Z-seq-0-100.ndjson", "web-2026-11-22T0300Z-seq-0-100.ndjson"}; !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
}

// TestSchedulerCatchUp stops the daemon before a night and starts it two
// days later: the missed export runs once at start, for the latest
// missed night; a start with nothing missed runs nothing.
func TestSchedulerCatchUp(t *testing.T) {
	s := openStore(t)
	ingest(t, s, 0, 50)
	e := scheduled(t, "nightly", "0 2 * * *", true)
	synctest.Test(t, func(t *testing.T) {
		open := func() *Scheduler {
			sc := NewScheduler(&Exporter{Store: s}, s, []*Scheduled{e}, zerolog.Nop())
			if err := sc.Open(t.Context()); err != nil {
				t.Fatal(err)
			}
			return sc
		}
		sc := open()
		time.Sleep(3 * time.Hour) // 03:00: the first night ran
		synctest.Wait()
		sc.Close()

		sc = open() // restart the same day: nothing missed
		synctest.Wait()
		if n := len(files(t, e.Folder)); n != 1 {
			t.Errorf("a restart with nothing missed wrote %d files, want 1", n)
		}
		sc.Close()

		time.Sleep(2*24*time.Hour + 5*time.Hour) // down until 3 Jan 08:00
		ingest(t, s, 50, 60)
		sc = open()
		synctest.Wait()
		sc.Close()
	})
	want := []string{"nightly-2000-01-01T0200Z-seq-0-50.csv", "nightly-2000-01-03T0200Z-seq-50-60.csv"}
	if got := files(t, e.Folder); !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
}

// panicky panics in the first LastSeq call, as a bug in an export
// would.
type panicky struct {
	*rawstore.Store
	calls atomic.Int32
}

func (p *panicky) LastSeq(ctx context.Context) (uint64, error) {
	if p.calls.Add(1) == 1 {
		panic("export bug")
	}
	return p.Store.LastSeq(ctx)
}

// TestSchedulerPanic checks a run that panics is logged and does not
// stop later runs (robfig/cron's SkipIfStillRunning must wrap Recover).
func TestSchedulerPanic(t *testing.T) {
	s := openStore(t)
	ingest(t, s, 0, 10)
	e := scheduled(t, "hourly", "@hourly", false)
	var logs bytes.Buffer
	synctest.Test(t, func(t *testing.T) {
		sc := NewScheduler(&Exporter{Store: &panicky{Store: s}}, s, []*Scheduled{e}, zerolog.New(&logs))
		if err := sc.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer sc.Close()
		time.Sleep(time.Hour + time.Minute)
		synctest.Wait()
		if n := len(files(t, e.Folder)); n != 0 {
			t.Fatalf("the panicking run wrote %d files", n)
		}
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		if got, want := sc.Metrics()["hourly"], (Metrics{Runs: 2, Failures: 1, Rows: 20}); got != want {
			t.Errorf("metrics %+v, want %+v", got, want)
		}
	})
	want := []string{"hourly-2000-01-01T0200Z-seq-0-10.csv", "hourly-2000-01-01T0300Z-seq-0-10.csv"}
	if got := files(t, e.Folder); !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if !strings.Contains(logs.String(), "export bug") {
		t.Errorf("the panic is not logged:\n%s", logs.String())
	}
}

// TestParseSchedulesSpec checks ParseSchedules accepts what
// httppull.ParseSchedule accepts.
func TestParseSchedulesSpec(t *testing.T) {
	for _, spec := range []string{"0 2 * * *", "30 0 2 * * *", "@daily", "@every 6h", "CRON_TZ=Europe/Paris 0 6 * * 1"} {
		if _, err := httppull.ParseSchedule(spec); err != nil {
			t.Fatal(err)
		}
		if _, err := ParseSchedules([]ScheduleConfig{{Name: "x", Schedule: spec, Folder: "f"}}); err != nil {
			t.Errorf("%q: %v", spec, err)
		}
	}
}

// TestFileName checks the period and cursor range in file names.
func TestFileName(t *testing.T) {
	at := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	if got := fileName("nightly", at, 1200, 3400, CSV); got != "nightly-2026-11-22T0200Z-seq-1200-3400.csv" {
		t.Errorf("got %s", got)
	}
	if got := fileName("fast", at.Add(30*time.Second), 0, 5, Parquet); got != "fast-2026-11-22T020030Z-seq-0-5.parquet" {
		t.Errorf("got %s", got)
	}
}
