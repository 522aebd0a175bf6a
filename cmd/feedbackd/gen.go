package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

const genUsage = `
Usage:
  feedbackd gen [--n N] [--seed S]

Writes N synthetic customer and employee comments as NDJSON to stdout, for
benchmarks: 15 to 40 words each, one to three touchpoints, varied sentiment,
with audience, created_at, scores and meta. The same seed gives the same
output.
`

func runGen(ctx context.Context, e env, args []string) int {
	var n int
	var seed uint64
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.IntVar(&n, "n", 1000, "number of comments")
	fs.Uint64Var(&seed, "seed", 1, "random seed")
	pos, code, ok := parseFlags(e, fs, genUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 || n < 0 {
		return usageError(e, fs, genUsage, "want --n N >= 0 and no arguments")
	}
	w := bufio.NewWriterSize(e.stdout, 256<<10)
	g := newGenerator(seed)
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			fmt.Fprintf(e.stderr, "feedbackd gen: %v\n", ctx.Err())
			return exitFail
		}
		b, err := marshal(g.comment(i + 1))
		if err != nil {
			fmt.Fprintf(e.stderr, "feedbackd gen: %v\n", err)
			return exitFail
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd gen: %v\n", err)
		return exitFail
	}
	return exitOK
}

// genComment is one generated NDJSON line.
type genComment struct {
	ID        string            `json:"id"`
	Text      string            `json:"text"`
	Audience  string            `json:"audience"`
	CreatedAt string            `json:"created_at"`
	Scores    map[string]int    `json:"scores,omitempty"`
	Meta      map[string]string `json:"meta"`
}

type generator struct {
	rnd       *rand.Rand
	customer  []genTopic
	employee  []genTopic
	startTime time.Time
}

func newGenerator(seed uint64) *generator {
	g := &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), startTime: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	for _, t := range genTopics {
		if t.audience == "employee" {
			g.employee = append(g.employee, t)
		} else {
			g.customer = append(g.customer, t)
		}
	}
	return g
}

func (g *generator) pick(s []string) string { return s[g.rnd.IntN(len(s))] }

// comment builds one comment of 15 to 40 words.
func (g *generator) comment(n int) genComment {
	employee := g.rnd.IntN(10) < 3
	topics, openers, closers := g.customer, genOpeners, genClosers
	if employee {
		topics, openers, closers = g.employee, genEmployeeOpeners, genEmployeeClosers
	}
	var text string
	var mood int
	for try := 0; ; try++ {
		text, mood = g.text(topics, openers, closers)
		if w := len(strings.Fields(text)); (w >= 15 && w <= 40) || try >= 20 {
			break
		}
	}
	c := genComment{
		ID:        fmt.Sprintf("gen-%07d", n),
		Text:      text,
		CreatedAt: g.startTime.Add(time.Duration(g.rnd.Int64N(int64(180 * 24 * time.Hour)))).Format(time.RFC3339),
	}
	if employee {
		c.Audience = "employee"
		c.Meta = map[string]string{"team": g.pick(genTeams), "survey": "pulse"}
		return c
	}
	c.Audience = "customer"
	c.Meta = map[string]string{"channel": g.pick(genChannels)}
	nps := min(10, max(0, 7+mood*2+g.rnd.IntN(3)-1))
	c.Scores = map[string]int{"nps": nps}
	return c
}

// text strings clauses about one to three topics together; mood is the sum
// of the clause polarities (+1, -1 or 0 each).
func (g *generator) text(topics []genTopic, openers, closers []string) (string, int) {
	var b strings.Builder
	if o := g.pick(openers); o != "" {
		b.WriteString(o)
		b.WriteByte(' ')
	}
	mood := 0
	k := 1 + g.rnd.IntN(3)
	for i := range k {
		t := topics[g.rnd.IntN(len(topics))]
		var pred string
		switch r := g.rnd.IntN(100); {
		case r < 40:
			pred, mood = g.pick(t.positive), mood+1
		case r < 85:
			pred, mood = g.pick(t.negative), mood-1
		default:
			pred = g.pick(t.neutral)
		}
		subj := g.pick(t.subjects)
		if i > 0 {
			j := g.pick(genJoiners)
			b.WriteString(j)
			if strings.HasSuffix(j, ". ") {
				subj = strings.ToUpper(subj[:1]) + subj[1:]
			}
		} else if b.Len() == 0 {
			subj = strings.ToUpper(subj[:1]) + subj[1:]
		}
		b.WriteString(subj)
		b.WriteByte(' ')
		b.WriteString(pred)
	}
	b.WriteByte('.')
	if c := g.pick(closers); c != "" {
		b.WriteByte(' ')
		b.WriteString(c)
	}
	return b.String(), mood
}
