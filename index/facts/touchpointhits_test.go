package facts

import "testing"

func TestAppendTouchpointHits(t *testing.T) {
	// Touchpoints: 0 billing, 1 billing/refunds, 2 billing/invoices, 3 delivery.
	chain := [][]uint32{{0}, {1, 0}, {2, 0}, {3}}
	ms := []Mention{
		{Touchpoint: 1, Label: Negative, Score: -0.6},
		{Touchpoint: 2, Label: Positive, Score: 0.4},
		{Touchpoint: 3, Label: Neutral, Score: 0},
	}
	hits := AppendTouchpointHits(nil, ms, chain)
	want := map[uint32]struct {
		score float64
		label Label
	}{
		0: {-0.1, Mixed}, // both children: negative and positive meet
		1: {-0.6, Negative},
		2: {0.4, Positive},
		3: {0, Neutral},
	}
	if len(hits) != len(want) {
		t.Fatalf("%d hits, want %d (each touchpoint once): %+v", len(hits), len(want), hits)
	}
	for _, h := range hits {
		w, ok := want[h.Touchpoint]
		if !ok {
			t.Fatalf("unexpected touchpoint %d", h.Touchpoint)
		}
		if d := h.Score() - w.score; d > 1e-6 || d < -1e-6 || h.Label() != w.label {
			t.Errorf("touchpoint %d: score %.3f label %s, want %.3f %s", h.Touchpoint, h.Score(), h.Label(), w.score, w.label)
		}
	}
	// buf is reused: appending to a truncated buffer starts afresh.
	if again := AppendTouchpointHits(hits[:0], ms[:1], chain); len(again) != 2 || again[0].Score() != float64(float32(-0.6)) {
		t.Errorf("reused buffer: %+v", again)
	}
}
