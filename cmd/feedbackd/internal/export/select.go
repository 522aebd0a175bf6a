package export

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/index"
)

// Request is one export: what to select and how to write it.
type Request struct {
	Format Format
	Shape  Shape
	// Query selects comments. Q (full text) makes the export read the
	// search index; its other fields (the filters) alone are applied
	// while streaming the raw store, which needs no index and is faster.
	// Sort, Size, After and Facets are ignored.
	Query index.Query
	// Since keeps comments received at or after it (zero: all).
	Since time.Time
	// After is the cursor of the previous incremental export (zero: a
	// full export).
	After Cursor
}

// Params are the query parameters (and CLI flags) ParseRequest reads.
// Parameters taking several values accept them repeated or
// comma-separated; meta.KEY=VALUE filters on a metadata field.
const Params = "format, shape, q, touchpoint, sentiment, audience, source, meta.KEY, from, to, " +
	"nps_min, nps_max, csat_min, csat_max, ces_min, ces_max, sentiment_score_min, sentiment_score_max, since, since_cursor"

// ParseRequest reads a request from URL query parameters (the API) or
// the flags of `feedbackd export` turned into them. Errors name the
// parameter.
func ParseRequest(v url.Values) (Request, error) {
	var r Request
	var err error
	if r.Format, err = ParseFormat(v.Get("format")); err != nil {
		return r, err
	}
	if r.Shape, err = ParseShape(v.Get("shape")); err != nil {
		return r, err
	}
	q := &r.Query
	q.Q = strings.TrimSpace(v.Get("q"))
	q.Touchpoints = list(v["touchpoint"])
	q.Sentiments = list(v["sentiment"])
	q.Audiences = list(v["audience"])
	q.Sources = list(v["source"])
	for key, vals := range v {
		if name, ok := strings.CutPrefix(key, "meta."); ok && name != "" {
			if q.Meta == nil {
				q.Meta = map[string][]string{}
			}
			q.Meta[name] = append(q.Meta[name], list(vals)...)
		}
	}
	if q.From, err = parseParamTime("from", v.Get("from")); err != nil {
		return r, err
	}
	if q.To, err = parseParamTime("to", v.Get("to")); err != nil {
		return r, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		return r, fmt.Errorf("to: %s is not after from", v.Get("to"))
	}
	for _, rg := range []struct {
		name string
		dst  *index.Range
	}{{"nps", &q.NPS}, {"csat", &q.CSAT}, {"ces", &q.CES}, {"sentiment_score", &q.SentimentScore}} {
		if rg.dst.Min, err = parseBound(rg.name+"_min", v.Get(rg.name+"_min")); err != nil {
			return r, err
		}
		if rg.dst.Max, err = parseBound(rg.name+"_max", v.Get(rg.name+"_max")); err != nil {
			return r, err
		}
		if rg.dst.Min != nil && rg.dst.Max != nil && *rg.dst.Min > *rg.dst.Max {
			return r, fmt.Errorf("%s_min: %g is above %s_max %g", rg.name, *rg.dst.Min, rg.name, *rg.dst.Max)
		}
	}
	if r.Since, err = parseParamTime("since", v.Get("since")); err != nil {
		return r, err
	}
	if r.After, err = ParseCursor(v.Get("since_cursor")); err != nil {
		return r, fmt.Errorf("since_cursor: %w", err)
	}
	return r, nil
}

// list splits comma-separated values and drops empty ones.
func list(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// parseParamTime accepts RFC 3339 or a date (YYYY-MM-DD, midnight UTC).
func parseParamTime(name, s string) (time.Time, error) {
	if s = strings.TrimSpace(s); s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s: %q is not an RFC 3339 time or a YYYY-MM-DD date", name, s)
}

func parseBound(name, s string) (*float64, error) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a number", name, s)
	}
	return &f, nil
}

// filtered reports whether the query has filters besides Q.
func filtered(q *index.Query) bool {
	return len(q.Touchpoints)+len(q.Sentiments)+len(q.Audiences)+len(q.Sources)+len(q.Meta) > 0 ||
		!q.From.IsZero() || !q.To.IsZero() ||
		q.NPS != (index.Range{}) || q.CSAT != (index.Range{}) || q.CES != (index.Range{}) || q.SentimentScore != (index.Range{})
}

// match applies the request's filters (not Q) and Since to a row, with
// the search index's semantics: values of one filter are ORed, filters
// ANDed, a touchpoint matches its descendants, From is inclusive and To
// exclusive, ranges are inclusive and a missing score matches no range.
func (r *Request) match(row *Row) bool {
	q := &r.Query
	if !r.Since.IsZero() && row.ReceivedAt.Before(r.Since) {
		return false
	}
	if len(q.Touchpoints) > 0 && !slices.ContainsFunc(row.Touchpoints, func(tp TouchpointTag) bool {
		return slices.ContainsFunc(q.Touchpoints, func(want string) bool {
			want = strings.Trim(want, "/")
			return tp.ID == want || strings.HasPrefix(tp.ID, want+"/")
		})
	}) {
		return false
	}
	if len(q.Sentiments) > 0 && (!row.Tagged || !slices.Contains(q.Sentiments, row.Sentiment)) {
		return false
	}
	if len(q.Audiences) > 0 && !slices.Contains(q.Audiences, row.Audience) {
		return false
	}
	if len(q.Sources) > 0 && !slices.Contains(q.Sources, row.Source) {
		return false
	}
	for key, vals := range q.Meta {
		v, ok := row.MetaOf(key)
		if !ok || !slices.Contains(vals, v) {
			return false
		}
	}
	if !q.From.IsZero() && row.CreatedAt.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && !row.CreatedAt.Before(q.To) {
		return false
	}
	for _, c := range []struct {
		r  index.Range
		v  *int32
		f  float64
		ok bool
	}{{r: q.NPS, v: row.NPS}, {r: q.CSAT, v: row.CSAT}, {r: q.CES, v: row.CES},
		{r: q.SentimentScore, f: row.SentimentScore, ok: row.Tagged}} {
		if c.r.Min == nil && c.r.Max == nil {
			continue
		}
		if c.v != nil {
			c.f, c.ok = float64(*c.v), true
		}
		if !c.ok || (c.r.Min != nil && c.f < *c.r.Min) || (c.r.Max != nil && c.f > *c.r.Max) {
			return false
		}
	}
	return true
}
