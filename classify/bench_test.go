package classify

import (
	"testing"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

// benchComments are typical feedback of 15 to 40 words, written for the
// benchmark.
var benchComments = []Comment{
	{Text: "Ordered on Monday, the parcel turned up a week late and the courier left it in the rain. Customer service were polite but could not tell me anything useful.", Audience: AudienceCustomer},
	{Text: "I was charged twice for the same order and it took three phone calls and 40 minutes on hold before anyone agreed to refund me. Not impressed at all.", Meta: map[string]string{"channel": "phone"}},
	{Text: "Love the new app, it is so much faster than the website, but it crashes every time I try to update my card details.", Audience: AudienceCustomer},
	{Text: "My manager is supportive and the team is great, but the workload has doubled since the restructure and nobody talks about career progression anymore.", Audience: AudienceEmployee},
	{Text: "Great value for money and the quality is excellent. The staff in the store were friendly and helped me find the right size quickly!"},
	{Text: "Still waiting for my refund after returning the item three weeks ago. Emails go unanswered and the chatbot just loops back to the start."},
	{Text: "Pay is below what other companies offer and the laptop we were given is so slow that I lose an hour a day waiting for it.", Audience: AudienceEmployee},
	{Text: "Honestly no complaints, everything arrived on time and well packed. Would order again."},
}

// BenchmarkClassify measures the whole job per comment: tokenizing,
// sentiment scoring, touchpoint tagging and aspect sentiment.
func BenchmarkClassify(b *testing.B) {
	f := testFixture(b)
	run := func(b *testing.B, c *Classifier) {
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			c.Classify(benchComments[n%len(benchComments)])
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "comments/s")
	}
	b.Run("testdata-taxonomy", func(b *testing.B) { run(b, f.c) })
	b.Run("default-taxonomy", func(b *testing.B) {
		tax, err := LoadTaxonomy(f.tz, configs.Taxonomy(), configs.TaxonomyName)
		if err != nil {
			b.Skipf("default taxonomy: %v", err)
		}
		run(b, New(tax, f.an))
	})
	// Tagging alone, on texts prepared and scored outside the loop.
	b.Run("tag-only", func(b *testing.B) {
		tax, err := LoadTaxonomy(f.tz, configs.Taxonomy(), configs.TaxonomyName)
		if err != nil {
			tax = f.tax
		}
		c := New(tax, f.an)
		type prepared struct {
			cm  Comment
			res Result
		}
		var in []prepared
		for _, cm := range benchComments {
			t := f.tz.Prepare(cm.Text)
			in = append(in, prepared{cm, Result{Sentiment: f.an.Score(t)}})
		}
		texts := make([]any, len(in))
		for i := range in {
			texts[i] = f.tz.Prepare(in[i].cm.Text)
		}
		b.ReportAllocs()
		n := 0
		s := &scratch{}
		for b.Loop() {
			i := n % len(in)
			res := in[i].res
			c.tag(texts[i].(*sentiment.Text), in[i].cm, s, &res)
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "comments/s")
	})
}
