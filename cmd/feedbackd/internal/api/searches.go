package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// savedSearchBody is the body of POST and PUT /api/v1/searches.
type savedSearchBody struct {
	Name    string              `json:"name"`
	Q       string              `json:"q"`
	Filters map[string][]string `json:"filters"`
}

// maxNameRunes bounds a saved search's name.
const maxNameRunes = 200

func (s *Server) handleListSearches(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListSearches(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string][]rawstore.SavedSearch{"searches": list})
}

func (s *Server) handleGetSearch(w http.ResponseWriter, r *http.Request) {
	ss, err := s.store.GetSearch(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ss)
}

func (s *Server) handleCreateSearch(w http.ResponseWriter, r *http.Request) {
	ss, err := s.readSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ss.CreatedBy = callerOf(r.Context()).name
	if err := s.store.CreateSearch(r.Context(), &ss); err != nil {
		s.fail(w, r, nameTaken(err))
		return
	}
	w.Header().Set("Location", "/api/v1/searches/"+url.PathEscape(ss.ID))
	writeJSON(w, http.StatusCreated, ss)
}

func (s *Server) handleUpdateSearch(w http.ResponseWriter, r *http.Request) {
	ss, err := s.readSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ss.ID = r.PathValue("id")
	if err := s.store.UpdateSearch(r.Context(), &ss); err != nil {
		s.fail(w, r, nameTaken(err))
		return
	}
	writeJSON(w, http.StatusOK, ss)
}

func (s *Server) handleDeleteSearch(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteSearch(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// nameTaken turns rawstore.ErrNameTaken into a 400 naming the name field.
func nameTaken(err error) error {
	if errors.Is(err, rawstore.ErrNameTaken) {
		return &Error{Status: http.StatusBadRequest, Field: "name", Msg: "name: " + err.Error()}
	}
	return err
}

// readSearch decodes and validates a saved search body: the name, and q
// and filters parsed exactly as /api/v1/search would.
func (s *Server) readSearch(r *http.Request) (rawstore.SavedSearch, error) {
	var b savedSearchBody
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return rawstore.SavedSearch{}, &Error{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("request body is larger than %d bytes (api.max_body_bytes)", tooBig.Limit)}
		}
		return rawstore.SavedSearch{}, &Error{Status: http.StatusBadRequest, Msg: "body: want a JSON object {\"name\", \"q\", \"filters\"}: " + err.Error()}
	}
	if err := validateSearch(&b, s.params()); err != nil {
		return rawstore.SavedSearch{}, err
	}
	// The query string is parsed by the index: count the matches once.
	if strings.TrimSpace(b.Q) != "" {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.QueryTimeout)
		defer cancel()
		if _, err := s.ix.Search(ctx, index.Query{Q: b.Q}); err != nil {
			return rawstore.SavedSearch{}, err
		}
	}
	return rawstore.SavedSearch{Name: b.Name, Q: b.Q, Filters: b.Filters}, nil
}

// validateSearch checks a saved search body; errors name the body field
// ("name", "q", "filters.nps").
func validateSearch(b *savedSearchBody, p Params) error {
	b.Name = strings.TrimSpace(b.Name)
	switch n := utf8.RuneCountInString(b.Name); {
	case n == 0:
		return badField("name", "is required")
	case n > maxNameRunes:
		return badField("name", "is %d characters long; at most %d", n, maxNameRunes)
	}
	if b.Filters == nil {
		b.Filters = map[string][]string{}
	}
	for k, vals := range b.Filters {
		if !isFilterParam(k) {
			return badField("filters."+k, "not a filter; want one of %s or meta.<field>", strings.Join(filterParams, ", "))
		}
		if len(vals) == 0 {
			delete(b.Filters, k)
		}
	}
	// Parse each filter on its own so an error names its key, then the
	// whole search for what spans several (from before to, q syntax).
	for k, vals := range b.Filters {
		if _, err := ParseSearch(url.Values{k: vals}, p); err != nil {
			var e *Error
			if errors.As(err, &e) && e.Field == k {
				e.Field = "filters." + k
				e.Msg = "filters." + e.Msg
			}
			return err
		}
	}
	v := merge(b.Q, b.Filters, nil)
	v.Set(paramSize, "0")
	if _, err := ParseSearch(v, p); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Field != "" && e.Field != paramQ {
			e.Field, e.Msg = "filters."+e.Field, "filters."+e.Msg
		}
		return err
	}
	return nil
}
