package sentiment_test

import (
	"testing"
)

// benchComments are typical feedback comments of 15–40 words, written for
// this benchmark.
var benchComments = []string{
	"Waited 40 minutes on hold and the refund still hasn't arrived. The agent was polite but could not tell me anything useful.",
	"Really easy to order on the app and the parcel came a day early. Will definitely use again!",
	"My manager is supportive and flexible, however the workload has been unsustainable since two people left and nobody replaced them.",
	"The checkout kept failing with an error so I had to call 3 times before someone took the payment over the phone.",
	"Lovely staff at the Leeds store, very knowledgeable about the products, though the queue at the tills was long on Saturday.",
	"Charged twice for the same order and still waiting for the money back after two weeks. Not impressed at all.",
	"Great value for money and the installer sorted everything out quickly. Could not be happier with the new broadband 👍",
	"No career growth, pay is below market and leadership never explains decisions. I don't feel valued here anymore.",
}

func BenchmarkAnalyze(b *testing.B) {
	an := newAnalyzer(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		an.Analyze(benchComments[i%len(benchComments)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
}

func BenchmarkPrepare(b *testing.B) {
	tz := newAnalyzer(b).Tokenizer()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tz.Prepare(benchComments[i%len(benchComments)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
}

func BenchmarkAnalyzeParallel(b *testing.B) {
	an := newAnalyzer(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			an.Analyze(benchComments[i%len(benchComments)])
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
}
