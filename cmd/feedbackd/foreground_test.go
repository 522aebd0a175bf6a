package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestForegroundWaiter(t *testing.T) {
	f := newForeground(2)
	wait := f.waiter(time.Hour)
	wait() // idle: returns at once

	end := f.begin()
	done := make(chan struct{})
	go func() { wait(); close(done) }()
	select {
	case <-done:
		t.Fatal("waiter returned while a foreground request was active")
	case <-time.After(20 * time.Millisecond):
	}
	end()
	<-done // returns once the request ends

	// The wait is bounded: a request that never ends does not stall ingest.
	f.begin()
	f.waiter(time.Millisecond)()
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
