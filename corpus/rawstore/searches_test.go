package rawstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestSavedSearches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raw.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return testTime }

	a := SavedSearch{Name: "Angry refunds", Q: "refund", Filters: map[string][]string{"sentiment": {"negative"}}, CreatedBy: "alice"}
	if err := s.CreateSearch(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != "s-1" || !a.CreatedAt.Equal(testTime) {
		t.Fatalf("created %+v", a)
	}
	b := SavedSearch{Name: "angry REFUNDS"}
	if err := s.CreateSearch(ctx, &b); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("duplicate name: got %v, want ErrNameTaken", err)
	}
	b.Name = "Billing"
	if err := s.CreateSearch(ctx, &b); err != nil || b.ID != "s-2" {
		t.Fatalf("second: %v %+v", err, b)
	}

	s.Now = func() time.Time { return testTime.Add(time.Hour) }
	up := SavedSearch{ID: "s-1", Name: "Angry refunds", Q: "refund*"}
	if err := s.UpdateSearch(ctx, &up); err != nil {
		t.Fatal(err)
	}
	if up.CreatedBy != "alice" || !up.CreatedAt.Equal(testTime) || !up.UpdatedAt.Equal(testTime.Add(time.Hour)) {
		t.Fatalf("updated %+v", up)
	}
	if err := s.UpdateSearch(ctx, &SavedSearch{ID: "s-2", Name: "Angry refunds"}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("rename onto another: got %v", err)
	}
	if err := s.UpdateSearch(ctx, &SavedSearch{ID: "s-9", Name: "x"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update missing: got %v", err)
	}

	// Durable: reopen.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(path, time.Second); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.GetSearch(ctx, "s-1")
	if err != nil || got.Q != "refund*" || got.Filters != nil {
		t.Fatalf("get after reopen: %v %+v", err, got)
	}
	list, err := s.ListSearches(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "Angry refunds" || list[1].Name != "Billing" {
		t.Fatalf("list: %v %+v", err, list)
	}
	if err := s.DeleteSearch(ctx, "s-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSearch(ctx, "s-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get deleted: %v", err)
	}
	if err := s.DeleteSearch(ctx, "s-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	// A new id never reuses a deleted one.
	c := SavedSearch{Name: "New"}
	if err := s.CreateSearch(ctx, &c); err != nil || c.ID != "s-3" {
		t.Fatalf("after delete: %v %+v", err, c)
	}
}
