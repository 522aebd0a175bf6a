package facts

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// snapshotVersion changes whenever columns change shape; an older
// snapshot is ignored and the table rebuilt from the raw store.
const snapshotVersion = 4

// ErrNoSnapshot means there is no usable snapshot: none was saved, or it
// is from another version or time zone. Rebuild the table from the raw
// store.
var ErrNoSnapshot = errors.New("no usable facts snapshot")

// snapshotHeader precedes the columns in a snapshot file.
type snapshotHeader struct {
	Version int
	Zone    string
	Rows    int
}

// Save writes the table to path atomically (temporary file, fsync,
// rename). Searches continue meanwhile; Apply waits.
func (t *Table) Save(path string) (err error) {
	v := t.View()
	defer v.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save facts: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<20)
	enc := gob.NewEncoder(w)
	if err := enc.Encode(snapshotHeader{Version: snapshotVersion, Zone: t.loc.String(), Rows: v.c.IDs.Len()}); err != nil {
		return fmt.Errorf("save facts %q: %w", path, err)
	}
	if err := enc.Encode(v.c); err != nil {
		return fmt.Errorf("save facts %q: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("save facts %q: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("save facts %q: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save facts %q: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save facts %q: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// Load reads a table saved by Save. It returns an error wrapping
// ErrNoSnapshot when path is missing or was saved by another version or
// for another zone than loc, and another error when the file is damaged;
// either way the caller rebuilds the table from the raw store.
func Load(path string, loc *time.Location) (*Table, error) {
	if loc == nil {
		loc = time.UTC
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("load facts %q: %w", path, ErrNoSnapshot)
	}
	if err != nil {
		return nil, fmt.Errorf("load facts %q: %w", path, err)
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("load facts %q: damaged header: %w", path, err)
	}
	if h.Version != snapshotVersion || h.Zone != loc.String() {
		return nil, fmt.Errorf("load facts %q: %w: version %d zone %s, want version %d zone %s",
			path, ErrNoSnapshot, h.Version, h.Zone, snapshotVersion, loc)
	}
	t := &Table{loc: loc}
	if err := dec.Decode(&t.cols); err != nil {
		return nil, fmt.Errorf("load facts %q: damaged: %w", path, err)
	}
	if err := t.cols.check(h.Rows); err != nil {
		return nil, fmt.Errorf("load facts %q: damaged: %w", path, err)
	}
	t.cols.init()
	return t, nil
}

// check verifies that every column has n rows and every range is inside
// its buffer, so a damaged file cannot cause an out-of-range read later.
func (c *columns) check(n int) error {
	if !c.IDs.check() {
		return fmt.Errorf("id offsets out of order")
	}
	lens := []int{c.IDs.Len(), len(c.Created), len(c.Received), len(c.Day), len(c.Score), len(c.Label), len(c.Aud),
		len(c.Source), len(c.NPS), len(c.CSAT), len(c.CES), len(c.MentionOff), len(c.MentionLen), len(c.AncLen),
		len(c.TermOff), len(c.TermLen)}
	for _, l := range lens {
		if l != n {
			return fmt.Errorf("a column has %d rows, want %d", l, n)
		}
	}
	for name, m := range c.Meta {
		if len(m.Values) != n {
			return fmt.Errorf("meta column %q has %d rows, want %d", name, len(m.Values), n)
		}
		for _, v := range m.Values {
			if int(v) > len(m.Dict.Names) {
				return fmt.Errorf("meta column %q: value %d out of range", name, v)
			}
		}
	}
	for r := range n {
		if int(c.MentionOff[r])+int(c.MentionLen[r])+int(c.AncLen[r]) > len(c.MentionBuf) || int(c.TermOff[r])+int(c.TermLen[r]) > len(c.TermBuf) {
			return fmt.Errorf("row %d: range outside its buffer", r)
		}
		if int(c.Source[r]) >= len(c.Sources.Names) && c.Source[r] != 0 || c.Label[r] >= Label(len(labelNames)) || c.Aud[r] > AudienceEmployee {
			return fmt.Errorf("row %d: value out of range", r)
		}
	}
	for _, m := range c.MentionBuf {
		if int(m.Touchpoint) >= len(c.Touchpoints.Names) || m.Label >= Label(len(labelNames)) {
			return fmt.Errorf("mention out of range")
		}
	}
	for i, p := range c.Touchpoints.Parent {
		if p >= int32(len(c.Touchpoints.Names)) || p >= int32(i) {
			return fmt.Errorf("touchpoint parent out of range")
		}
	}
	return nil
}

// GobEncode writes the bitmap's words.
func (s Rows) GobEncode() ([]byte, error) {
	b := make([]byte, 0, 8*len(s.words))
	for _, w := range s.words {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	return b, nil
}

// GobDecode reads what GobEncode wrote.
func (s *Rows) GobDecode(b []byte) error {
	if len(b)%8 != 0 {
		return io.ErrUnexpectedEOF
	}
	s.words = make([]uint64, len(b)/8)
	for i := range s.words {
		s.words[i] = binary.LittleEndian.Uint64(b[i*8:])
	}
	return nil
}
