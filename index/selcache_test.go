package index

import (
	"context"
	"slices"
	"testing"
)

// TestNextPageReusesSelectionUntilTheTableChanges checks that a next page
// served from the selection cache is the page a fresh search gives, and
// that a change to the index is seen by the very next page.
func TestNextPageReusesSelectionUntilTheTableChanges(t *testing.T) {
	ix := fixtureIndex(t)
	ctx := context.Background()
	q := Query{Sort: Oldest, Size: 3, Facets: AllFacets(Week)}
	first, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.After = first.Next
	cached, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	ix.selections = selectionCache{} // forget: compute the same page afresh
	fresh, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hitIDs(cached), hitIDs(fresh)) || cached.Total != fresh.Total ||
		cached.Facets[FacetSentiment].Terms[0] != fresh.Facets[FacetSentiment].Terms[0] || len(cached.Dates) != len(fresh.Dates) {
		t.Fatalf("cached page %v (total %d) differs from a fresh one %v (total %d)", hitIDs(cached), cached.Total, hitIDs(fresh), fresh.Total)
	}
	if want := []string{"c04", "c05", "c06"}; !slices.Equal(hitIDs(cached), want) {
		t.Errorf("page 2 = %v, want %v", hitIDs(cached), want)
	}

	// A comment arrives between page 1 and page 2: page 2 counts it.
	specs := fixture()
	late := specs[8]
	late.id, late.day = "c10", "2026-03-20"
	if err := ix.Apply(ctx, comments([]spec{late}), 10); err != nil {
		t.Fatal(err)
	}
	after, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != first.Total+1 {
		t.Errorf("total after the change = %d, want %d", after.Total, first.Total+1)
	}
	if want := []string{"c04", "c10", "c05"}; !slices.Equal(hitIDs(after), want) {
		t.Errorf("page 2 after the change = %v, want %v", hitIDs(after), want)
	}
}
