package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/feedbackd/feedbackd/trends"
)

// reportFixture is the API over testComments with the report endpoints.
func reportFixture(t *testing.T, r Reports, tokens *Tokens) *fixture {
	t.Helper()
	f := newFixture(t, testConfig(), nil)
	f.serve(t, testConfig(), Deps{Facts: f.ix, Reports: r, Tokens: tokens})
	return f
}

// get fetches path and decodes a 200 reply into v.
func (f *fixture) get(t *testing.T, path string, v any) {
	t.Helper()
	code, _, body := f.do(t, http.MethodGet, path, "", nil)
	if code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, code, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestTrendsEndpoint(t *testing.T) {
	f := reportFixture(t, Reports{}, nil)
	var r TrendsResponse
	f.get(t, "/api/v1/trends?interval=month&from=2026-01-15&to=2026-04-01", &r)
	// from moves back to the start of its month.
	if got := r.Periods; len(got) != 3 || got[0] != "2026-01-01" || got[2] != "2026-03-01" {
		t.Fatalf("periods %v", got)
	}
	if r.MinN != trends.DefaultMinN {
		t.Errorf("min_n %d, want the default %d", r.MinN, trends.DefaultMinN)
	}
	var ns []int
	for _, p := range r.Overall.Points {
		ns = append(ns, p.N)
	}
	if ns[0] != 3 || ns[1] != 4 || ns[2] != 5 {
		t.Errorf("comments per month %v, want [3 4 5]", ns)
	}
	// January NPS: 1, 10, 3: one promoter, two detractors.
	if jan := r.Overall.Points[0].NPS; jan.N != 3 || jan.Value == nil || *jan.Value < -33.34 || *jan.Value > -33.33 {
		t.Errorf("January NPS %+v", jan)
	}

	f.get(t, "/api/v1/trends?interval=month&from=2026-01-01&to=2026-04-01&by=touchpoint&audience=customer", &r)
	if len(r.Series) == 0 || r.By != trends.ByTouchpoint {
		t.Fatalf("no touchpoint series: %+v", r)
	}
	for _, s := range r.Series {
		if r.Labels[s.Group] == "" {
			t.Errorf("no label for %s", s.Group)
		}
	}
	f.get(t, "/api/v1/trends?interval=quarter&from=2026-01-01&to=2026-04-01&by=meta.channel", &r)
	if len(r.Periods) != 1 || len(r.Series) == 0 || r.Series[0].Group != "web" {
		t.Errorf("by channel: %v %+v", r.Periods, r.Series)
	}

	for _, tc := range []struct{ query, field string }{
		{"interval=year", "interval"},
		{"by=colour", "by"},
		{"nps=9..1", "nps"},
		{"colour=red", "colour"},
		{"saved=nope", "saved"},
	} {
		code, _, body := f.do(t, http.MethodGet, "/api/v1/trends?"+tc.query, "", nil)
		if e := decodeError(t, body); code != http.StatusBadRequest || e.Field != tc.field {
			t.Errorf("%s: %d %+v", tc.query, code, e)
		}
	}
}

func TestTrendsSuppressEmployees(t *testing.T) {
	f := reportFixture(t, Reports{Anonymity: trends.Anonymity{MinRespondents: 5}}, nil)
	var r TrendsResponse
	f.get(t, "/api/v1/trends?interval=quarter&from=2026-01-01&to=2026-04-01&by=audience", &r)
	for _, s := range r.Series {
		if p := s.Points[0]; s.Group == "employee" && (!p.Suppressed || p.N != 0 || p.Sentiment.Value != nil) {
			t.Errorf("two employees shown: %+v", p)
		}
		if p := s.Points[0]; s.Group == "customer" && (p.Suppressed || p.N != 10) {
			t.Errorf("customers: %+v", p)
		}
	}
}

func TestDriversAndAnomaliesEndpoints(t *testing.T) {
	tokens := NewTokens(Token{Name: "v", Role: RoleViewer, Secret: "viewer-secret"})
	f := reportFixture(t, Reports{DriverMinVolume: 2, AnomalyMinVolume: 1, EmergingMinCount: 1}, tokens)
	if code, _, _ := f.do(t, http.MethodGet, "/api/v1/drivers", "", nil); code != http.StatusUnauthorized {
		t.Errorf("no token: %d", code)
	}
	code, _, body := f.do(t, http.MethodGet, "/api/v1/drivers?metric=nps", "viewer-secret", nil)
	var dr DriversResponse
	if err := json.Unmarshal(body, &dr); code != http.StatusOK || err != nil {
		t.Fatalf("%d %s", code, body)
	}
	if len(dr.Drivers) != 1 || dr.Drivers[0].Metric != trends.NPS || dr.Drivers[0].N != 10 || len(dr.Drivers[0].Drivers) == 0 {
		t.Errorf("drivers %+v", dr.Drivers)
	}
	code, _, body = f.do(t, http.MethodGet, "/api/v1/drivers?metric=effort", "viewer-secret", nil)
	if e := decodeError(t, body); code != http.StatusBadRequest || e.Field != "metric" {
		t.Errorf("metric=effort: %d %+v", code, e)
	}
	code, _, body = f.do(t, http.MethodGet, "/api/v1/anomalies?interval=week&to=2026-03-23&baseline=4", "viewer-secret", nil)
	var an AnomaliesResponse
	if err := json.Unmarshal(body, &an); code != http.StatusOK || err != nil {
		t.Fatalf("%d %s", code, body)
	}
	if an.Period != "2026-03-16" || an.BaselineFrom != "2026-02-16" || an.Emerging == nil || an.Emerging.Period != "2026-03-16" {
		t.Errorf("anomalies %+v emerging %+v", an.AnomalyReport, an.Emerging)
	}
	code, _, body = f.do(t, http.MethodGet, "/api/v1/anomalies?sensitivity=-1", "viewer-secret", nil)
	if e := decodeError(t, body); code != http.StatusBadRequest || e.Field != "sensitivity" {
		t.Errorf("sensitivity=-1: %d %+v", code, e)
	}
}
