package sentiment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	vaderdata "github.com/jonreiter/govader/data"
	"go.yaml.in/yaml/v3"
)

// Lexicon holds everything the scorer knows about words: the general English
// valence lexicon (VADER's, through govader), its emoji descriptions, and the
// customer-experience domain layer loaded from YAML (configs/sentiment.yaml):
// word overrides, multi-word phrases and context rules.
type Lexicon struct {
	version string
	words   map[string]entry // by normalized form
	emoji   map[string]entry

	phrases     []phrase
	phraseMatch *Matcher

	context map[string][]contextRule // by normalized word
}

type entry struct {
	valence float64
	source  string // "lexicon", "domain", "emoji"
	note    string // emoji description
}

type phrase struct {
	id        string
	valence   float64
	negatable bool
}

type contextRule struct {
	id      string
	pos     partOfSpeech // "" when the rule does not care
	cues    []*Pattern   // any cue starting within `within` tokens
	within  int
	valence float64
}

// lexiconFile is the YAML shape of a domain lexicon.
type lexiconFile struct {
	Version string             `yaml:"version"`
	Words   map[string]float64 `yaml:"words"`
	Phrases []struct {
		ID      string   `yaml:"id"`
		Match   []string `yaml:"match"`
		Valence *float64 `yaml:"valence"`
		// Negatable false keeps a negator in front from flipping the
		// phrase: "don't waste your money" is still a warning.
		Negatable *bool `yaml:"negatable"`
	} `yaml:"phrases"`
	Context []struct {
		Word    string   `yaml:"word"`
		Default *float64 `yaml:"default"`
		Rules   []struct {
			ID      string   `yaml:"id"`
			Near    []string `yaml:"near"`
			Within  int      `yaml:"within"`
			POS     string   `yaml:"pos"`
			Valence *float64 `yaml:"valence"`
		} `yaml:"rules"`
	} `yaml:"context"`
}

const (
	vaderLexiconAsset = "rawdata/vaderLexicon.txt"
	vaderEmojiAsset   = "rawdata/emojiUTF8Lexicon.txt"
	maxValence        = 4
)

// LoadLexicon builds a Lexicon from the general English lexicon plus the
// domain layer in data (YAML). name is used in error messages and should be
// the file's path. The version combines the file's own version string with a
// hash of both layers, so any edit changes it.
func LoadLexicon(tz *Tokenizer, data []byte, name string) (*Lexicon, error) {
	lex := &Lexicon{words: map[string]entry{}, emoji: map[string]entry{}, context: map[string][]contextRule{}}
	base, err := vaderdata.Asset(vaderLexiconAsset)
	if err != nil {
		return nil, fmt.Errorf("read general lexicon: %w", err)
	}
	if err := lex.loadBase(base); err != nil {
		return nil, err
	}
	emoji, err := vaderdata.Asset(vaderEmojiAsset)
	if err != nil {
		return nil, fmt.Errorf("read emoji lexicon: %w", err)
	}
	lex.loadEmoji(tz, emoji)

	var f lexiconFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := lex.loadDomain(tz, &f, name); err != nil {
		return nil, err
	}
	sum := sha256.New()
	sum.Write(base)
	sum.Write(data)
	v := f.Version
	if v == "" {
		v = "unversioned"
	}
	lex.version = v + "+" + hex.EncodeToString(sum.Sum(nil))[:8]
	return lex, nil
}

// Version identifies the lexicon's content.
func (l *Lexicon) Version() string { return l.version }

func (l *Lexicon) loadBase(data []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		word, rest, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		val, _, _ := strings.Cut(rest, "\t")
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return fmt.Errorf("general lexicon: entry %q: %w", word, err)
		}
		l.words[word] = entry{valence: v, source: "lexicon"}
	}
	return sc.Err()
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// loadEmoji gives each emoji the valence of its description ("face with
// tears of joy"), read with the general lexicon.
func (l *Lexicon) loadEmoji(tz *Tokenizer, data []byte) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		emo, desc, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		sum, n := 0.0, 0
		for _, w := range strings.Fields(desc) {
			if e, ok := l.words[strings.ToLower(w)]; ok {
				sum += e.valence
				n++
			}
		}
		if n == 0 {
			continue
		}
		l.emoji[emo] = entry{valence: math.Max(-maxValence, math.Min(maxValence, sum)), source: "emoji", note: desc}
	}
}

func (l *Lexicon) loadDomain(tz *Tokenizer, f *lexiconFile, name string) error {
	var errs []error
	for w, v := range f.Words {
		if math.Abs(v) > maxValence {
			errs = append(errs, fmt.Errorf("%s: words: %q: valence %v is outside -4..4", name, w, v))
			continue
		}
		if isEmojiRune(firstRune(w)) {
			l.emoji[w] = entry{valence: v, source: "emoji"}
			continue
		}
		l.words[normalize(w)] = entry{valence: v, source: "domain"}
	}
	var pats []*Pattern
	for i, p := range f.Phrases {
		where := fmt.Sprintf("%s: phrases[%d]", name, i)
		if p.ID != "" {
			where += " (" + p.ID + ")"
		}
		if p.Valence == nil || math.Abs(*p.Valence) > maxValence {
			errs = append(errs, fmt.Errorf("%s: valence is missing or outside -4..4", where))
			continue
		}
		if len(p.Match) == 0 {
			errs = append(errs, fmt.Errorf("%s: match needs at least one pattern", where))
			continue
		}
		id := p.ID
		if id == "" {
			id = p.Match[0]
		}
		for _, m := range p.Match {
			pat, err := tz.CompilePattern(m)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", where, err))
				continue
			}
			pats = append(pats, pat)
			l.phrases = append(l.phrases, phrase{id: id, valence: *p.Valence, negatable: p.Negatable == nil || *p.Negatable})
		}
	}
	l.phraseMatch = NewMatcher(pats)
	for i, c := range f.Context {
		where := fmt.Sprintf("%s: context[%d] (%s)", name, i, c.Word)
		word := normalize(strings.TrimSpace(c.Word))
		if word == "" || strings.ContainsAny(word, " \t") {
			errs = append(errs, fmt.Errorf("%s: word must be a single word", where))
			continue
		}
		for j, r := range c.Rules {
			rw := fmt.Sprintf("%s: rules[%d]", where, j)
			if r.Valence == nil || math.Abs(*r.Valence) > maxValence {
				errs = append(errs, fmt.Errorf("%s: valence is missing or outside -4..4", rw))
				continue
			}
			var pos partOfSpeech
			if r.POS != "" {
				p, err := parsePOS(r.POS)
				if err == nil && tz.taggerErr != nil {
					err = tz.taggerErr
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", rw, err))
					continue
				}
				pos = p
			}
			if len(r.Near) > 0 && (r.Within <= 0 || r.Within > maxGap) {
				errs = append(errs, fmt.Errorf("%s: within must be 1..%d", rw, maxGap))
				continue
			}
			var cues []*Pattern
			for _, n := range r.Near {
				p, err := tz.CompilePattern(n)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", rw, err))
					continue
				}
				cues = append(cues, p)
			}
			if len(cues) == 0 && pos == "" {
				errs = append(errs, fmt.Errorf("%s: a rule needs near patterns, a pos, or both", rw))
				continue
			}
			id := r.ID
			if id == "" {
				id = c.Word
				if pos != "" {
					id += " as " + string(pos)
				}
				if len(r.Near) > 0 {
					id += " near " + strings.Join(r.Near, ", ")
				}
			}
			l.context[word] = append(l.context[word], contextRule{id: id, pos: pos, cues: cues, within: r.Within, valence: *r.Valence})
		}
		// The default replaces the word's own valence when no rule fires.
		if c.Default != nil {
			l.words[word] = entry{valence: *c.Default, source: "context"}
		}
	}
	return errors.Join(errs...)
}
