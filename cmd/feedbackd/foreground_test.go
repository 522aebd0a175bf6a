package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

func TestForegroundWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newForeground(2)
		wait := f.waiter(time.Hour)
		start := time.Now()
		wait() // idle: returns at once
		if d := time.Since(start); d != 0 {
			t.Fatalf("idle waiter waited %v", d)
		}

		end := f.begin()
		done := make(chan struct{})
		go func() { wait(); close(done) }()
		time.Sleep(time.Second)
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("waiter returned while a foreground request was active")
		default:
		}
		end()
		ended := time.Now()
		<-done // returns once the request has ended, after the quiet period
		if d := time.Since(ended); d < foregroundQuiet || d > foregroundQuiet+10*foregroundPoll {
			t.Errorf("waiter returned %v after the request ended, want about %v", d, foregroundQuiet)
		}

		// The wait is bounded: a request that never ends does not stall ingest.
		f.begin()
		start = time.Now()
		f.waiter(50 * time.Millisecond)()
		if d := time.Since(start); d < 50*time.Millisecond || d > 60*time.Millisecond {
			t.Errorf("bounded waiter waited %v, want 50ms", d)
		}
	})
}

func TestForegroundMiddleware(t *testing.T) {
	f := newForeground(2)
	var during int64
	h := f.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		during = f.active.Load()
	}))
	for _, tc := range []struct {
		method, path string
		want         int64
	}{
		{"GET", "/api/v1/search?q=x", 1},
		{"GET", "/api/v1/trends", 1},
		{"GET", "/api/v1/export", 0},
		{"POST", "/api/v1/comments", 0},
		{"GET", "/healthz", 0},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tc.method, tc.path, nil))
		if during != tc.want {
			t.Errorf("%s %s: %d foreground requests during it, want %d", tc.method, tc.path, during, tc.want)
		}
	}
	if n := f.active.Load(); n != 0 {
		t.Errorf("%d requests still marked active", n)
	}
}

// Only as many foreground requests run at once as there are slots.
func TestForegroundSlots(t *testing.T) {
	f := newForeground(1)
	release := make(chan struct{})
	running := make(chan struct{}, 2)
	h := f.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		running <- struct{}{}
		<-release
	}))
	done := make(chan struct{})
	for range 2 {
		go func() {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/search", nil))
			done <- struct{}{}
		}()
	}
	<-running
	select {
	case <-running:
		t.Fatal("two requests ran at once with one slot")
	case <-time.After(20 * time.Millisecond):
	}
	release <- struct{}{}
	<-running // the second one runs once the first is done
	release <- struct{}{}
	<-done
	<-done
}
