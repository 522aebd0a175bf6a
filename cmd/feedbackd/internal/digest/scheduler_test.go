package digest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// periods returns the periods of the runs recorded in a's messages.
func periods(a *recorder) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, m := range a.got {
		out = append(out, m.Content.Period.Key())
	}
	return out
}

// In the synctest bubble the clock starts at 2000-01-01T00:00:00Z, a
// Saturday; a weekly digest runs on Mondays at 08:00.

// TestSchedulerWeekly runs the schedule for two weeks: one digest per
// Monday, each covering the week before.
func TestSchedulerWeekly(t *testing.T) {
	store, _ := openStore(t)
	spec := testSpec(t, Config{})
	a := &recorder{name: "a"}
	synctest.Test(t, func(t *testing.T) {
		s, _ := newSender(store, &fixed{c: fixture()}, spec, a)
		s.Now = nil // the bubble's clock
		sc := NewScheduler(s, []*Spec{spec}, zerolog.Nop())
		if err := sc.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer sc.Close()
		time.Sleep(2*24*time.Hour + 7*time.Hour) // Monday 07:00
		synctest.Wait()
		if a.Count() != 0 {
			t.Fatalf("sent %d before the first Monday 08:00", a.Count())
		}
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		time.Sleep(7 * 24 * time.Hour)
		synctest.Wait()
	})
	if got, want := periods(a), []string{"1999-12-27_2000-01-03", "2000-01-03_2000-01-10"}; !slices.Equal(got, want) {
		t.Errorf("periods %q, want %q", got, want)
	}
	run, _, _ := store.LastDigestRun(context.Background(), spec.Name)
	if !run.At.Equal(time.Date(2000, 1, 10, 8, 0, 0, 0, time.UTC)) || !run.Done {
		t.Errorf("last run %+v", run)
	}
}

// TestSchedulerCatchUp stops the daemon for three weeks: at start the
// missed digest is sent once, for the latest missed Monday, and a
// restart with nothing missed sends nothing.
func TestSchedulerCatchUp(t *testing.T) {
	store, _ := openStore(t)
	spec := testSpec(t, Config{})
	a := &recorder{name: "a"}
	var logs logBuffer
	synctest.Test(t, func(t *testing.T) {
		s, _ := newSender(store, &fixed{c: fixture()}, spec, a)
		s.Now = nil
		open := func() *Scheduler {
			sc := NewScheduler(s, []*Spec{spec}, logs.logger())
			if err := sc.Open(t.Context()); err != nil {
				t.Fatal(err)
			}
			synctest.Wait()
			return sc
		}
		sc := open()
		time.Sleep(2*24*time.Hour + 9*time.Hour) // Monday 3 Jan, 09:00: sent
		synctest.Wait()
		sc.Close()

		time.Sleep(3 * 24 * time.Hour) // down until Thursday: nothing missed
		open().Close()

		time.Sleep(18 * 24 * time.Hour) // down over three Mondays, until Monday 24 Jan 09:00
		sc = open()
		time.Sleep(time.Hour)
		synctest.Wait()
		sc.Close()
		open().Close() // and once more: nothing missed
	})
	want := []string{"1999-12-27_2000-01-03", "2000-01-17_2000-01-24"}
	if got := periods(a); !slices.Equal(got, want) {
		t.Errorf("periods %q, want %q", got, want)
	}
	if n := strings.Count(logs.String(), "digest missed while the daemon was down"); n != 1 {
		t.Errorf("%d catch-up lines, want 1:\n%s", n, logs.String())
	}
}

// TestSchedulerResume starts over a run a crash left unfinished: only
// the channel not yet sent gets the digest.
func TestSchedulerResume(t *testing.T) {
	store, _ := openStore(t)
	spec := testSpec(t, Config{})
	at := time.Date(1999, 12, 27, 8, 0, 0, 0, time.UTC)
	run := rawstore.DigestRun{Period: "1999-12-20_1999-12-27", At: at, Channels: map[string]rawstore.DigestChannel{
		"a": {Status: StatusSent, Attempts: 1}, "b": {Status: StatusSending}}}
	if err := store.PutDigestRun(context.Background(), spec.Name, run); err != nil {
		t.Fatal(err)
	}
	a, b := &recorder{name: "a"}, &recorder{name: "b"}
	synctest.Test(t, func(t *testing.T) {
		s, _ := newSender(store, &fixed{c: fixture()}, spec, a, b)
		s.Now = nil
		sc := NewScheduler(s, []*Spec{spec}, zerolog.Nop())
		if err := sc.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		sc.Close()
	})
	if a.Count() != 0 || !slices.Equal(periods(b), []string{run.Period}) {
		t.Errorf("a got %d, b %q; want only b, for %s", a.Count(), periods(b), run.Period)
	}
}

// TestSchedulerPanic checks a run that panics is logged and later runs
// go on (SkipIfStillRunning must wrap Recover, not the other way round).
func TestSchedulerPanic(t *testing.T) {
	store, _ := openStore(t)
	spec := testSpec(t, Config{Schedule: "@daily"})
	a := &recorder{name: "a"}
	var logs logBuffer
	synctest.Test(t, func(t *testing.T) {
		s, _ := newSender(store, &fixed{c: fixture(), panic: true}, spec, a)
		s.Now = nil
		sc := NewScheduler(s, []*Spec{spec}, logs.logger())
		if err := sc.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer sc.Close()
		time.Sleep(3*24*time.Hour + time.Hour)
		synctest.Wait()
	})
	if got, want := periods(a), []string{"1999-12-27_2000-01-03", "1999-12-28_2000-01-04"}; !slices.Equal(got, want) {
		t.Errorf("periods %q, want %q (the first day's run panicked)", got, want)
	}
	if !strings.Contains(logs.String(), "builder bug") {
		t.Errorf("the panic is not logged:\n%s", logs.String())
	}
}

// TestSchedulerSendFirst checks the demo's first start sends at once,
// after Ready, and a normal first start does not.
func TestSchedulerSendFirst(t *testing.T) {
	for _, first := range []bool{false, true} {
		store, _ := openStore(t)
		spec := testSpec(t, Config{})
		a := &recorder{name: "a"}
		ready := false
		synctest.Test(t, func(t *testing.T) {
			s, _ := newSender(store, &fixed{c: fixture()}, spec, a)
			s.Now = nil
			sc := NewScheduler(s, []*Spec{spec}, zerolog.Nop())
			sc.SendFirst = first
			sc.Ready = func(ctx context.Context) error {
				time.Sleep(time.Minute) // the index catching up
				ready = true
				return nil
			}
			if err := sc.Open(t.Context()); err != nil {
				t.Fatal(err)
			}
			synctest.Wait()
			if a.Count() != 0 {
				t.Error("sent before Ready")
			}
			time.Sleep(2 * time.Minute)
			synctest.Wait()
			sc.Close()
		})
		if want := map[bool]int{false: 0, true: 1}[first]; a.Count() != want || (first && !ready) {
			t.Errorf("SendFirst=%v: sent %d, want %d", first, a.Count(), want)
		}
	}
}
