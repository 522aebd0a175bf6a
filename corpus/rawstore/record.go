package rawstore

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// A comment record is a fixed header followed by the comment as JSON:
//
//	[0]      record format (1)
//	[1:9]    seq of the comment's current change-log entry, big-endian
//	[9:25]   content hash (see contentHash)
//	[25:]    the corpus.Comment as JSON
//
// The seq lets a retag delete the comment's old log entry, so the log holds
// one entry per comment; the hash decides duplicate versus conflicting id
// without decoding the JSON.
const (
	recordFormat = 1
	hashLen      = 16
	headerLen    = 1 + 8 + hashLen
)

// contentHash identifies what a source supplied: source, audience, text
// fields, creation time, scores and metadata. Received time, redaction
// kinds and tags are derived and left out, so re-reading the same input
// always hashes the same.
func contentHash(c *corpus.Comment) [hashLen]byte {
	h := sha256.New()
	put := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(c.Source)
	put(string(c.Audience))
	for _, f := range c.Fields {
		put(f.Name)
		put(f.Text)
	}
	put(c.CreatedAt.UTC().Format(time.RFC3339Nano))
	for _, v := range []*int{c.Scores.NPS, c.Scores.CSAT, c.Scores.CES} {
		if v == nil {
			put("-")
		} else {
			put(fmt.Sprint(*v))
		}
	}
	keys := make([]string, 0, len(c.Meta))
	for k := range c.Meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		put(k)
		put(c.Meta[k])
	}
	var out [hashLen]byte
	copy(out[:], h.Sum(nil))
	return out
}

// encodedComment is a comment ready to be written: its JSON and hash are
// computed before the write transaction starts, to keep it short.
type encodedComment struct {
	json []byte
	hash [hashLen]byte
}

// encodeComment marshals c and hashes its content.
func encodeComment(c *corpus.Comment) (encodedComment, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return encodedComment{}, fmt.Errorf("encode comment %s: %w", c.ID, err)
	}
	return encodedComment{json: b, hash: contentHash(c)}, nil
}

// record returns the stored form of e at seq.
func (e encodedComment) record(seq uint64) []byte {
	r := make([]byte, headerLen+len(e.json))
	r[0] = recordFormat
	binary.BigEndian.PutUint64(r[1:9], seq)
	copy(r[9:headerLen], e.hash[:])
	copy(r[headerLen:], e.json)
	return r
}

// parseRecord splits a stored record into its seq, hash and JSON. The JSON
// aliases r, which is only valid inside its transaction.
func parseRecord(r []byte) (seq uint64, hash []byte, body []byte, err error) {
	if len(r) < headerLen || r[0] != recordFormat {
		return 0, nil, nil, fmt.Errorf("malformed comment record (%d bytes)", len(r))
	}
	return binary.BigEndian.Uint64(r[1:9]), r[9:headerLen], r[headerLen:], nil
}

// decodeRecord decodes a stored record into a comment.
func decodeRecord(r []byte) (*corpus.Comment, uint64, error) {
	seq, _, body, err := parseRecord(r)
	if err != nil {
		return nil, 0, err
	}
	c := new(corpus.Comment)
	if err := json.Unmarshal(body, c); err != nil {
		return nil, 0, fmt.Errorf("decode comment record: %w", err)
	}
	return c, seq, nil
}

// seqKey is the big-endian key of a log or quarantine seq, so bbolt's byte
// order is numeric order.
func seqKey(seq uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return k[:]
}

// keySeq is the inverse of seqKey.
func keySeq(k []byte) uint64 { return binary.BigEndian.Uint64(k) }
