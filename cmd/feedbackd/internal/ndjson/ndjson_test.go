package ndjson

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func readAll(t *testing.T, in string, max int) []Line {
	t.Helper()
	r := NewReader(strings.NewReader(in), max)
	var out []Line
	for {
		l, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
}

func TestReader(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // spans several buffer fills
	type want struct {
		n    int
		data string
		err  bool
	}
	tests := []struct {
		name string
		in   string
		max  int
		want []want
	}{
		{"empty", "", 0, nil},
		{"lines", "a\nb\n", 0, []want{{1, "a", false}, {2, "b", false}}},
		{"no final newline", "a\nb", 0, []want{{1, "a", false}, {2, "b", false}}},
		{"blank lines counted, skipped", "\n  \t\na\n\r\n\nb\n  ", 0, []want{{3, "a", false}, {6, "b", false}}},
		{"crlf", "a\r\nb\r\n", 0, []want{{1, "a", false}, {2, "b", false}}},
		{"exactly the limit", "abcd\nabcde\nab\n", 4, []want{{1, "abcd", false}, {2, "", true}, {3, "ab", false}}},
		{"too long at end without newline", "ab\nabcdef", 4, []want{{1, "ab", false}, {2, "", true}}},
		{"long line within limit", long + "\nz\n", 0, []want{{1, long, false}, {2, "z", false}}},
		{"long line over limit", "a\n" + long + "\nz\n", 100 << 10, []want{{1, "a", false}, {2, "", true}, {3, "z", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.in, tt.max)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d lines, want %d", len(got), len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.N != w.n || string(g.Data) != w.data || (g.Err != nil) != w.err {
					t.Errorf("line %d: got {%d %.20q %v}, want {%d %.20q err=%v}", i, g.N, g.Data, g.Err, w.n, w.data, w.err)
				}
				if w.err && !errors.Is(g.Err, ErrTooLong) {
					t.Errorf("line %d: error %v is not ErrTooLong", i, g.Err)
				}
			}
		})
	}
}

// upper is a Func that upper-cases a line after a random short delay, so
// lines finish out of order, and fails on lines that say "bad".
func upper(l Line) ([]byte, bool) {
	if l.Err != nil {
		return []byte(fmt.Sprintf("line %d: %v", l.N, l.Err)), false
	}
	time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	if bytes.Equal(l.Data, []byte("bad")) {
		return []byte("error " + strconv.Itoa(l.N)), false
	}
	return bytes.ToUpper(l.Data), true
}

func TestRunKeepsOrder(t *testing.T) {
	var in, want strings.Builder
	for i := range 2000 {
		switch {
		case i%97 == 0:
			in.WriteString("bad\n")
			fmt.Fprintf(&want, "error %d\n", i+1)
		default:
			fmt.Fprintf(&in, "line-%d\n", i)
			fmt.Fprintf(&want, "LINE-%d\n", i)
		}
	}
	for _, workers := range []int{1, 4, 16} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			var out bytes.Buffer
			st, err := Run(context.Background(), strings.NewReader(in.String()), &out, Options{Workers: workers, Window: workers}, upper)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != want.String() {
				t.Fatal("output differs from input order")
			}
			if st.Lines != 2000 || st.Failed != 21 {
				t.Errorf("stats = %+v, want 2000 lines, 21 failed", st)
			}
		})
	}
}

func TestRunTooLongLine(t *testing.T) {
	in := "a\n" + strings.Repeat("y", 50) + "\nb\n"
	var out bytes.Buffer
	st, err := Run(context.Background(), strings.NewReader(in), &out, Options{Workers: 2, MaxLine: 10}, upper)
	if err != nil {
		t.Fatal(err)
	}
	want := "A\nline 2: line too long: longer than 10 bytes\nB\n"
	if out.String() != want || st.Failed != 1 {
		t.Errorf("got %q (%+v), want %q", out.String(), st, want)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestRunWriteError(t *testing.T) {
	boom := errors.New("broken pipe")
	in := strings.Repeat(strings.Repeat("z", 1000)+"\n", 5000) // more than the write buffer
	_, err := Run(context.Background(), strings.NewReader(in), failWriter{boom}, Options{Workers: 2}, upper)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestRunReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := Run(context.Background(), io.MultiReader(strings.NewReader("a\n"), errReader{boom}), io.Discard, Options{Workers: 2}, upper)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
}

func TestRunCancelled(t *testing.T) {
	pr, pw := io.Pipe() // input that never ends
	defer pw.Close()
	go pw.Write([]byte("a\nb\n"))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, pr, io.Discard, Options{Workers: 2}, upper)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestRunFlushesSlowInput(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	out := &syncBuffer{}
	go Run(context.Background(), pr, out, Options{Workers: 1, FlushEvery: 10 * time.Millisecond}, upper)
	pw.Write([]byte("hello\n"))
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != "HELLO\n" {
		if time.Now().After(deadline) {
			t.Fatalf("output not flushed while input is open: %q", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
