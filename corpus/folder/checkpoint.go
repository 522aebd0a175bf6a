package folder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Checkpoints reads back what the sink stored, so a folder source resumes a
// half-read file after a restart. The raw store implements it.
type Checkpoints interface {
	// Checkpoint returns the value last committed for a source and key,
	// and false when there is none.
	Checkpoint(ctx context.Context, source, key string) (string, bool, error)
}

// checkpointDeleter is implemented by checkpoint stores that can forget a
// checkpoint; a folder source deletes a file's checkpoint once the file is
// in processed/, so checkpoints do not pile up.
type checkpointDeleter interface {
	DeleteCheckpoint(ctx context.Context, source, key string) error
}

// headBytes is how much of a file's start its identity hashes.
const headBytes = 64 << 10

// identity tells two files of the same name apart: a checkpoint only
// applies to the file it was taken on, not to a new export that happens to
// reuse the name.
type identity struct {
	size int64
	head string // hex SHA-256 prefix of the first headBytes bytes
}

// fileIdentity computes a file's identity.
func fileIdentity(f *os.File, size int64) (identity, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, headBytes)); err != nil {
		return identity{}, fmt.Errorf("read: %w", err)
	}
	return identity{size: size, head: hex.EncodeToString(h.Sum(nil))[:16]}, nil
}

// fileState is a checkpoint's value: which file, how far, whether done.
type fileState struct {
	id   identity
	pos  position
	done bool
}

// String encodes the state as a checkpoint value, for example
// "off=5120 line=81 items=80 size=9000 head=3f1c0a9b2d4e6f70" with
// " done" appended once every item is committed.
func (s fileState) String() string {
	v := fmt.Sprintf("off=%d line=%d items=%d size=%d head=%s", s.pos.off, s.pos.line, s.pos.items, s.id.size, s.id.head)
	if s.done {
		v += " done"
	}
	return v
}

// parseFileState decodes a checkpoint value written by String.
func parseFileState(v string) (fileState, error) {
	var s fileState
	seen := 0
	for f := range strings.FieldsSeq(v) {
		if f == "done" {
			s.done = true
			continue
		}
		k, val, ok := strings.Cut(f, "=")
		if !ok {
			return s, fmt.Errorf("checkpoint %q: bad field %q", v, f)
		}
		var err error
		switch k {
		case "off":
			s.pos.off, err = strconv.ParseInt(val, 10, 64)
		case "line":
			s.pos.line, err = strconv.ParseInt(val, 10, 64)
		case "items":
			s.pos.items, err = strconv.ParseInt(val, 10, 64)
		case "size":
			s.id.size, err = strconv.ParseInt(val, 10, 64)
		case "head":
			s.id.head = val
		default:
			err = errors.New("unknown field")
		}
		if err != nil {
			return s, fmt.Errorf("checkpoint %q: field %q: %w", v, f, err)
		}
		seen++
	}
	if seen != 5 {
		return s, fmt.Errorf("checkpoint %q: want off, line, items, size and head", v)
	}
	return s, nil
}
