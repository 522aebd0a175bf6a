package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

func TestSavedSearches(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	body := map[string]any{
		"name": "Angry refunds", "q": "refund",
		"filters": map[string][]string{"sentiment": {"negative"}, "sort": {"oldest"}, "meta.channel": {"email", "phone"}},
	}
	code, hdr, data := f.do(t, http.MethodPost, "/api/v1/searches", "", body)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, data)
	}
	var ss rawstore.SavedSearch
	if err := json.Unmarshal(data, &ss); err != nil {
		t.Fatal(err)
	}
	if ss.ID == "" || hdr.Get("Location") != "/api/v1/searches/"+ss.ID || ss.Name != "Angry refunds" || ss.CreatedAt.IsZero() {
		t.Fatalf("created %+v, location %q", ss, hdr.Get("Location"))
	}

	// Run it, then override one of its filters.
	if got := ids(f.search(t, "saved="+ss.ID)); !slices.Equal(got, []string{"c01", "c05"}) {
		t.Errorf("saved search hits %v", got)
	}
	if got := ids(f.search(t, "saved="+ss.ID+"&meta.channel=web")); !slices.Equal(got, []string{"c09"}) {
		t.Errorf("overridden saved search hits %v", got)
	}

	// List and get.
	code, _, data = f.do(t, http.MethodGet, "/api/v1/searches", "", nil)
	var list struct{ Searches []rawstore.SavedSearch }
	if err := json.Unmarshal(data, &list); code != 200 || err != nil || len(list.Searches) != 1 || list.Searches[0].ID != ss.ID {
		t.Errorf("list: %d %s", code, data)
	}
	if code, _, data = f.do(t, http.MethodGet, "/api/v1/searches/"+ss.ID, "", nil); code != 200 || !strings.Contains(string(data), `"Angry refunds"`) {
		t.Errorf("get: %d %s", code, data)
	}

	// Update.
	body["q"] = "delivery"
	body["filters"] = map[string][]string{}
	if code, _, data = f.do(t, http.MethodPut, "/api/v1/searches/"+ss.ID, "", body); code != 200 {
		t.Fatalf("update: %d %s", code, data)
	}
	if got := f.search(t, "saved="+ss.ID); got.Total != 2 {
		t.Errorf("updated saved search: total %d", got.Total)
	}
	if code, _, data = f.do(t, http.MethodPut, "/api/v1/searches/s-99", "", body); code != http.StatusNotFound {
		t.Errorf("update missing: %d %s", code, data)
	}

	// Validation errors name the field.
	bad := []struct {
		name  string
		body  string
		code  int
		field string
	}{
		{"no name", `{"q": "refund"}`, 400, "name"},
		{"duplicate name", `{"name": "angry REFUNDS"}`, 400, "name"},
		{"bad filter value", `{"name": "x", "filters": {"nps": ["5..x"]}}`, 400, "filters.nps"},
		{"unknown filter", `{"name": "x", "filters": {"size": ["5"]}}`, 400, "filters.size"},
		{"bad sentiment", `{"name": "x", "filters": {"sentiment": ["angry"]}}`, 400, "filters.sentiment"},
		{"dates inverted", `{"name": "x", "filters": {"from": ["2026-03-01"], "to": ["2026-01-01"]}}`, 400, "filters.to"},
		{"bad q", `{"name": "x", "q": "refund \"late"}`, 400, "q"},
		{"unknown key", `{"name": "x", "colour": "red"}`, 400, ""},
		{"not json", `name=x`, 400, ""},
		{"too large", `{"name": "` + strings.Repeat("x", 5000) + `"}`, 413, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			code, _, data := f.do(t, http.MethodPost, "/api/v1/searches", "", tt.body)
			e := decodeError(t, data)
			if code != tt.code || e.Field != tt.field {
				t.Errorf("%d %+v, want %d naming %q", code, e, tt.code, tt.field)
			}
		})
	}

	// Delete.
	if code, _, _ = f.do(t, http.MethodDelete, "/api/v1/searches/"+ss.ID, "", nil); code != http.StatusNoContent {
		t.Errorf("delete: %d", code)
	}
	if code, _, _ = f.do(t, http.MethodDelete, "/api/v1/searches/"+ss.ID, "", nil); code != http.StatusNotFound {
		t.Errorf("delete twice: %d", code)
	}
}
