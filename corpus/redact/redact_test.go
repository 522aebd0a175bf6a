package redact

import (
	"reflect"
	"strings"
	"testing"
)

// redactCase is a text and what Redact must make of it.
type redactCase struct {
	name  string
	in    string
	want  string
	kinds []string
}

// runCases checks every case against r.
func runCases(t *testing.T, r *Redactor, cases []redactCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, kinds := r.Redact(tt.in)
			want := tt.want
			if want == "" {
				want = tt.in // unchanged
			}
			if got != want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, want)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("kinds %v, want %v", kinds, tt.kinds)
			}
		})
	}
}

// mustNew builds a Redactor or fails the test.
func mustNew(t testing.TB, cfg Config) *Redactor {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRedactPositives(t *testing.T) {
	e, p, c, i := []string{Email}, []string{Phone}, []string{Card}, []string{IBAN}
	runCases(t, mustNew(t, Config{}), []redactCase{
		{"email", "write to jane.doe+cx@example.co.uk please", "write to [email] please", e},
		{"email at end of sentence", "Mail me: bob@mail.example.com.", "Mail me: [email].", e},
		{"email upper case", "JOHN_SMITH@EXAMPLE.ORG", "[email]", e},
		{"two emails", "a@b.io or c.d@e.fr", "[email] or [email]", e},
		{"intl phone spaces", "call +44 20 7946 0958 today", "call [phone] today", p},
		{"intl phone compact", "my number +4915112345678", "my number [phone]", p},
		{"intl phone with (0)", "ring +44 (0)20 7946 0958", "ring [phone]", p},
		{"intl US", "reach me at +1 (555) 123-4567.", "reach me at [phone].", p},
		{"00 prefix", "tel 0049 30 1234567", "tel [phone]", p},
		{"NANP parens", "Their number (555) 123-4567 never answers", "Their number [phone] never answers", p},
		{"NANP dashes", "555-234-5678 is the store", "[phone] is the store", p},
		{"NANP dots", "dial 555.234.5678", "dial [phone]", p},
		{"NANP with 1", "1-800-555-0199 hotline", "[phone] hotline", p},
		{"UK national", "I called 020 7946 0958 twice", "I called [phone] twice", p},
		{"UK mobile compact", "text 07911123456", "text [phone]", p},
		{"FR pairs", "joignable au 06 12 34 56 78", "joignable au [phone]", p},
		{"FR dots", "06.12.34.56.78 merci", "[phone] merci", p},
		{"DE slash", "Rückruf unter 030/12345678 bitte", "Rückruf unter [phone] bitte", p},
		{"context short", "call me on 555 1234", "call me on [phone]", p},
		{"context 10 digits", "my mobile is 5552345678", "my mobile is [phone]", p},
		{"visa spaced", "card 4111 1111 1111 1111 was charged", "card [card] was charged", c},
		{"visa dashes", "4111-1111-1111-1111", "[card]", c},
		{"visa compact", "paid with 4012888888881881", "paid with [card]", c},
		{"amex", "amex 3782 822463 10005", "amex [card]", c},
		{"mastercard", "5555555555554444!", "[card]!", c},
		{"IBAN DE grouped", "refund to DE89 3704 0044 0532 0130 00 asap", "refund to [iban] asap", i},
		{"IBAN GB compact", "GB82WEST12345698765432", "[iban]", i},
		{"IBAN NL", "rekening NL91ABNA0417164300.", "rekening [iban].", i},
		{"all kinds", "x@y.com, +33 6 12 34 56 78, 4111111111111111, FR1420041010050500013M02606",
			"[email], [phone], [card], [iban]", []string{Email, Phone, Card, IBAN}},
	})
}

func TestRedactFalsePositives(t *testing.T) {
	runCases(t, mustNew(t, Config{}), []redactCase{
		{"order number", "order 1234567890 never arrived", "", nil},
		{"order number with hash", "Order #5552345678 is late", "", nil},
		{"order number 0-prefixed", "order no. 0612345678 missing", "", nil},
		{"invoice NANP-shaped", "invoice 555-234-5678 is wrong", "", nil},
		{"ticket", "ticket 1234567890123456 closed", "", nil},
		{"long id", "tracking 123456789012345678901234", "", nil},
		{"iso date", "since 2024-01-15 nothing works", "", nil},
		{"date and time", "on 2024-01-15 10:30 the app crashed", "", nil},
		{"european date", "am 15.01.2024 bestellt", "", nil},
		{"us date", "on 01/15/2024 I called", "", nil},
		{"date with spaces", "15 01 2024 1030", "", nil},
		{"years", "from 2019 2020 2021 onwards", "", nil},
		{"year range", "2019-2021 were fine", "", nil},
		{"price", "it cost $1,299.99 and €1.299,00", "", nil},
		{"price with space", "charged $ 4111111111111111", "", nil},
		{"version", "after v2.3.14 and 10.0.19045.2364 update", "", nil},
		{"ip address", "server 192.168.100.200 down", "", nil},
		{"time", "waited from 10:30 to 12:45", "", nil},
		{"plain numbers", "3 stars, 10/10, 100% happy, 45 minutes", "", nil},
		{"short digits", "room 1234 and gate 56", "", nil},
		{"card failing luhn", "4111 1111 1111 1112", "", nil},
		{"card-length in bad groups", "4111 11 1111 1111 111", "", nil},
		{"16 digits starting 9", "9111111111111111", "", nil},
		{"iban bad checksum", "DE89 3704 0044 0532 0130 01", "", nil},
		{"iban wrong length", "DE89370400440532013", "", nil},
		{"not a country", "ZZ12345678901234", "", nil},
		{"handle", "thanks @support_team and @jane", "", nil},
		{"no dot domain", "me@localhost rocks", "", nil},
		{"number in word", "model XR5552345678 broke", "", nil},
		{"plus one vote", "+1 for the new design", "", nil},
		{"score", "NPS +10 yay", "", nil},
		{"empty", "", "", nil},
		{"unicode", "très bien 👍 merci", "", nil},
	})
}

func TestRedactDisableAndRules(t *testing.T) {
	r := mustNew(t, Config{
		Disable: []string{Phone},
		Rules: []Rule{
			{Name: "employee-id", Pattern: `\bEMP-\d{5}\b`},
			{Name: "postcode", Pattern: `\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b`},
		},
	})
	runCases(t, r, []redactCase{
		{"custom", "ask EMP-12345 about it", "ask [employee-id] about it", []string{"employee-id"}},
		{"custom and builtin", "EMP-12345 a@b.io SW1A 1AA", "[employee-id] [email] [postcode]", []string{Email, "employee-id", "postcode"}},
		{"disabled phone", "call +44 20 7946 0958", "", nil},
		// custom rules see the text after built-in redaction
		{"rule after builtin", "x@EMP-12345.com", "[email]", []string{Email}},
	})
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown kind", Config{Disable: []string{"ssn"}}, `redact.disable: unknown kind "ssn"`},
		{"bad name", Config{Rules: []Rule{{Name: "Bad Name", Pattern: "x"}}}, `redact.rules[0].name "Bad Name"`},
		{"builtin name", Config{Rules: []Rule{{Name: "email", Pattern: "x"}}}, `already used`},
		{"bad pattern", Config{Rules: []Rule{{Name: "x", Pattern: "("}}}, `redact.rules[0] (x): pattern: error parsing regexp`},
		{"empty match", Config{Rules: []Rule{{Name: "x", Pattern: "a*"}}}, `matches the empty string`},
		{"empty pattern", Config{Rules: []Rule{{Name: "x"}}}, `pattern is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestRedactNoAlloc(t *testing.T) {
	r := mustNew(t, Config{})
	s := "The delivery was two days late and nobody answered, order 1234567890."
	if n := testing.AllocsPerRun(100, func() { r.Redact(s) }); n != 0 {
		t.Errorf("Redact of clean text allocates %v times", n)
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"a@b.io", "+44 (0)20 7946 0958", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "(((", "+", "0 0 0 0"} {
		f.Add(s)
	}
	r := mustNew(f, Config{})
	f.Fuzz(func(t *testing.T, s string) {
		out, kinds := r.Redact(s)
		if len(kinds) == 0 && out != s {
			t.Fatalf("changed %q to %q without reporting a kind", s, out)
		}
		if len(kinds) > 0 && out == s {
			t.Fatalf("reported %v but left %q unchanged", kinds, s)
		}
	})
}
