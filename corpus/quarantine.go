package corpus

import "fmt"

// MaxRaw is the default cap on the raw record kept in a quarantine entry. A
// 5 MB junk field must not bloat the store; the entry keeps the file and
// line, so the whole record can still be found.
const MaxRaw = 1 << 20

// Truncate cuts r.Raw to at most max bytes, sets Truncated and RawSize and
// says so in the reason, with where to find the whole record. It does
// nothing when the record fits or max <= 0, and is idempotent.
func (r *Reject) Truncate(max int) {
	if max <= 0 || len(r.Raw) <= max || r.Truncated {
		return
	}
	r.RawSize = int64(len(r.Raw))
	r.Raw = r.Raw[:max:max]
	r.Truncated = true
	where := r.Source
	if r.File != "" {
		where = fmt.Sprintf("%s, %s line %d", r.Source, r.File, r.Line)
	}
	r.Reason = fmt.Sprintf("%s (raw record truncated from %d to %d bytes; the whole record is in %s)",
		r.Reason, r.RawSize, max, where)
}
