package sentiment

import (
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
)

// maxCachedStems bounds the stem cache. Feedback vocabularies are Zipfian:
// a few tens of thousands of words cover almost every token, and the bound
// keeps a stream of unique junk (ids, typos) from growing memory forever.
const maxCachedStems = 200_000

// Stemmer maps words to their Snowball (Porter2) English stems, so that
// rules written as "charge" match "charged" and "charges". Stemming costs
// about a microsecond a word, so stems are cached. Safe for concurrent use.
type Stemmer struct {
	cache sync.Map // normalized word → stem
	size  atomic.Int64
}

// NewStemmer returns an empty Stemmer.
func NewStemmer() *Stemmer { return &Stemmer{} }

// Stem returns the stem of a normalized (lower-case) word.
func (s *Stemmer) Stem(word string) string {
	if len(word) < 3 {
		return word
	}
	if v, ok := s.cache.Load(word); ok {
		return v.(string)
	}
	stem := english.Stem(word, false)
	if s.size.Load() < maxCachedStems {
		// Clone the key: word may be a substring of a large comment, which
		// the cache would otherwise keep alive.
		key := string(append([]byte(nil), word...))
		if _, loaded := s.cache.LoadOrStore(key, stem); !loaded {
			s.size.Add(1)
		}
	}
	return stem
}
