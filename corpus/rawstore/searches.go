package rawstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketSearches holds the saved searches: id → SavedSearch as JSON. They
// live beside the comments so one file holds all durable state (one lock,
// one backup) and the digests, alerts, trends and exports that reuse them
// find them wherever the raw store is open.
const bucketSearches = "searches"

// ErrNameTaken means another saved search already has the name.
var ErrNameTaken = errors.New("name is already used by another saved search")

// SavedSearch is a named search the API, digests and exports reuse: a
// query string and filters in the search API's parameter form
// ("touchpoint" → ["billing"], "meta.channel" → ["phone"]). The store keeps
// them as given; the API validates them.
type SavedSearch struct {
	ID        string              `json:"id"`
	Name      string              `json:"name"`
	Q         string              `json:"q"`
	Filters   map[string][]string `json:"filters"`
	CreatedBy string              `json:"created_by"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
}

// searchIDPrefix starts every saved search id ("s-1", "s-2"…).
const searchIDPrefix = "s-"

// CreateSearch stores ss under a new id, which it sets, with CreatedAt and
// UpdatedAt set to now. A name already in use is ErrNameTaken.
func (s *Store) CreateSearch(ctx context.Context, ss *SavedSearch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucketSearches))
		if err != nil {
			return fmt.Errorf("create saved search: %w", err)
		}
		if err := nameFree(b, ss.Name, ""); err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return fmt.Errorf("create saved search: %w", err)
		}
		ss.ID = searchIDPrefix + strconv.FormatUint(seq, 10)
		ss.CreatedAt = s.Now().UTC()
		ss.UpdatedAt = ss.CreatedAt
		return putSearch(b, ss)
	})
}

// UpdateSearch replaces the name, query and filters of the saved search
// ss.ID and sets its UpdatedAt; the other fields of ss are filled from the
// stored search. A missing id is ErrNotFound, a name in use ErrNameTaken.
func (s *Store) UpdateSearch(ctx context.Context, ss *SavedSearch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucketSearches))
		if err != nil {
			return fmt.Errorf("update saved search: %w", err)
		}
		old, err := getSearch(b, ss.ID)
		if err != nil {
			return err
		}
		if err := nameFree(b, ss.Name, ss.ID); err != nil {
			return err
		}
		ss.CreatedBy, ss.CreatedAt = old.CreatedBy, old.CreatedAt
		ss.UpdatedAt = s.Now().UTC()
		return putSearch(b, ss)
	})
}

// GetSearch returns the saved search id; a missing one is ErrNotFound.
func (s *Store) GetSearch(ctx context.Context, id string) (SavedSearch, error) {
	var ss SavedSearch
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := bucket(tx, bucketSearches)
		if b == nil {
			return fmt.Errorf("saved search %q: %w", id, ErrNotFound)
		}
		var err error
		ss, err = getSearch(b, id)
		return err
	})
	return ss, err
}

// ListSearches returns every saved search, ordered by name.
func (s *Store) ListSearches(ctx context.Context) ([]SavedSearch, error) {
	out := []SavedSearch{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := bucket(tx, bucketSearches)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var ss SavedSearch
			if err := json.Unmarshal(v, &ss); err != nil {
				return fmt.Errorf("saved search %q: %w", k, err)
			}
			out = append(out, ss)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b SavedSearch) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

// DeleteSearch deletes the saved search id; a missing one is ErrNotFound.
func (s *Store) DeleteSearch(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := bucket(tx, bucketSearches)
		if b == nil || b.Get([]byte(id)) == nil {
			return fmt.Errorf("saved search %q: %w", id, ErrNotFound)
		}
		return b.Delete([]byte(id))
	})
}

func getSearch(b *bolt.Bucket, id string) (SavedSearch, error) {
	var ss SavedSearch
	v := b.Get([]byte(id))
	if v == nil {
		return ss, fmt.Errorf("saved search %q: %w", id, ErrNotFound)
	}
	if err := json.Unmarshal(v, &ss); err != nil {
		return ss, fmt.Errorf("saved search %q: %w", id, err)
	}
	return ss, nil
}

func putSearch(b *bolt.Bucket, ss *SavedSearch) error {
	v, err := json.Marshal(ss)
	if err != nil {
		return fmt.Errorf("saved search %q: %w", ss.ID, err)
	}
	return b.Put([]byte(ss.ID), v)
}

// nameFree checks that no saved search other than self is named name
// (case-insensitively). There are few saved searches: a scan is fine.
func nameFree(b *bolt.Bucket, name, self string) error {
	return b.ForEach(func(k, v []byte) error {
		var ss SavedSearch
		if err := json.Unmarshal(v, &ss); err != nil {
			return nil // an unreadable entry holds no name
		}
		if ss.ID != self && strings.EqualFold(ss.Name, name) {
			return fmt.Errorf("saved search %q: %w (%s)", name, ErrNameTaken, ss.ID)
		}
		return nil
	})
}
