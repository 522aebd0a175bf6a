package redact

import "testing"

// BenchmarkRedact measures typical comments: clean text (the common case)
// and text with an e-mail address and a phone number.
func BenchmarkRedact(b *testing.B) {
	r := mustNew(b, Config{})
	cases := []struct{ name, text string }{
		{"clean", "The delivery was two days late and nobody answered the phone, but the driver was friendly and the refund for order 1234567 came quickly. Overall OK, 7/10."},
		{"pii", "The delivery was two days late. Please call me back on +44 20 7946 0958 or write to jane.doe@example.com, the refund should go to DE89 3704 0044 0532 0130 00."},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				r.Redact(c.text)
			}
		})
	}
}
