package classify

import (
	"os"
	"strings"
	"testing"
)

func TestLoadTaxonomyGood(t *testing.T) {
	f := testFixture(t)
	defs := f.tax.Touchpoints()
	if len(defs) < 20 {
		t.Fatalf("got %d touchpoints, want the whole file", len(defs))
	}
	if defs[0].ID != "service" || defs[1].ID != "service/contact-centre" {
		t.Errorf("touchpoints not in file order: %q, %q", defs[0].ID, defs[1].ID)
	}
	v := f.tax.Version()
	if !strings.HasPrefix(v, "test-1+") || len(v) != len("test-1+")+8 {
		t.Errorf("Version() = %q, want test-1+ and 8 hex digits", v)
	}
	tests := []struct {
		name string
		id   string
		want Definition
		ok   bool
	}{
		{"full definition", "billing", Definition{ID: "billing", Label: "Billing and payments", Description: "Invoices, charges, payment methods.", Audience: AudienceCustomer}, true},
		{"child", "billing/refunds", Definition{ID: "billing/refunds", Label: "Refunds", Audience: AudienceCustomer}, true},
		{"audience defaults to both", "communication", Definition{ID: "communication", Label: "Communication", Audience: AudienceBoth}, true},
		{"unknown id", "billing/nope", Definition{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := f.tax.Lookup(tt.id)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Lookup(%q) = %+v, %v; want %+v, %v", tt.id, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestLoadTaxonomyDefaults(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		name, yaml, version string
	}{
		{"no version", "touchpoints:\n  - id: app\n    match: [app]\n", "unversioned+"},
		{"numeric version", "version: 3\ntouchpoints:\n  - id: app\n    match: [app]\n", "3+"},
		{"label defaults to id", "version: x\ntouchpoints:\n  - id: app\n    match: [app]\n", "x+"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tax, err := LoadTaxonomy(f.tz, []byte(tt.yaml), "inline.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tax.Version(), tt.version) {
				t.Errorf("Version() = %q, want prefix %q", tax.Version(), tt.version)
			}
			if d, _ := tax.Lookup("app"); d.Label != "app" || d.Audience != AudienceBoth {
				t.Errorf("defaults: got %+v", d)
			}
		})
	}
	a, _ := LoadTaxonomy(f.tz, []byte(tests[2].yaml), "a.yaml")
	b, _ := LoadTaxonomy(f.tz, []byte(tests[2].yaml+"# edited\n"), "a.yaml")
	if a.Version() == b.Version() {
		t.Errorf("an edit kept the version %q", a.Version())
	}
}

// TestLoadTaxonomyBad loads one bad file per kind of error and checks that
// every message names the file, the line, the touchpoint and the rule.
func TestLoadTaxonomyBad(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		file string
		want []string // each must appear in the error, in this order
	}{
		{"bad-parent", []string{`taxonomy.bad-parent.yaml:5: touchpoint "delivery/late": parent "delivery" is not declared`}},
		{"bad-duplicate", []string{`taxonomy.bad-duplicate.yaml:7: touchpoint "billing": duplicate id (first declared on line 3)`}},
		{"bad-id", []string{`taxonomy.bad-id.yaml:3: touchpoint "Billing_Payments": bad id`}},
		{"bad-audience", []string{`taxonomy.bad-audience.yaml:4: touchpoint "billing": audience "customers": want customer, employee or both`}},
		{"bad-pattern", []string{`taxonomy.bad-pattern.yaml:10: touchpoint "billing/refunds": match[2] "refund|": empty alternative`}},
		{"bad-empty-pattern", []string{`taxonomy.bad-empty-pattern.yaml:6: touchpoint "billing": match[1]: empty pattern`}},
		{"bad-within", []string{`taxonomy.bad-within.yaml:5: touchpoint "delivery": near[0]: within "20": want a number of tokens from 1 to 12`}},
		{"bad-no-rules", []string{`taxonomy.bad-no-rules.yaml:3: touchpoint "billing": no rules`}},
		{"bad-unknown-key", []string{`taxonomy.bad-unknown-key.yaml:5: touchpoint "billing": unknown key "matches"`}},
		{"bad-syntax", []string{`taxonomy.bad-syntax.yaml:4: `, `line 5: quote patterns that start with {`}},
		{"bad-near", []string{
			`taxonomy.bad-near.yaml:5: touchpoint "delivery": near[0]: needs both a and b`,
			`taxonomy.bad-near.yaml:6: touchpoint "delivery": near[1].b "deliver* {0,20} van": element "{0,20}": a gap needs`,
		}},
		{"bad-meta", []string{`taxonomy.bad-meta.yaml:5: touchpoint "service": meta channel: no values`}},
		{"bad-exclude-only", []string{`taxonomy.bad-exclude-only.yaml:3: touchpoint "service": exclude without match or near`}},
		{"bad-empty", []string{`taxonomy.bad-empty.yaml: empty taxonomy`}},
		{"bad-many", []string{
			`taxonomy.bad-many.yaml:4: touchpoint "billing": audience "staff"`,
			`taxonomy.bad-many.yaml:5: touchpoint "billing": match[1] "=": empty alternative`,
			`taxonomy.bad-many.yaml:5: touchpoint "billing": match[2] "refund|": empty alternative`,
			`taxonomy.bad-many.yaml:6: touchpoint "app/": bad id`,
			`taxonomy.bad-many.yaml:6: touchpoint "app/": parent "app" is not declared`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			name := "testdata/taxonomy." + tt.file + ".yaml"
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			tax, err := LoadTaxonomy(f.tz, data, name)
			if err == nil {
				t.Fatalf("loaded %d touchpoints, want an error", len(tax.Touchpoints()))
			}
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error lacks (or misorders) %q:\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
			want := 0
			for _, w := range tt.want {
				if strings.HasPrefix(w, "taxonomy.") {
					want++
				}
			}
			if got := strings.Count(msg, "\n") + 1; got != want {
				t.Errorf("got %d errors, want %d:\n%s", got, want, msg)
			}
		})
	}
}

// TestLoadTaxonomyShapes covers the smaller structural mistakes inline.
func TestLoadTaxonomyShapes(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		name, yaml, want string
	}{
		{"top level not a mapping", "- id: app\n", "x.yaml:1: want a mapping with version and touchpoints"},
		{"unknown top-level key", "version: 1\ntouchpoint:\n  - id: app\n", `x.yaml:2: unknown key "touchpoint"`},
		{"no touchpoints", "version: 1\n", "x.yaml:1: no touchpoints"},
		{"touchpoints not a list", "touchpoints: app\n", "x.yaml:1: touchpoints: want a list"},
		{"empty list", "touchpoints: []\n", "x.yaml:1: touchpoints: empty list"},
		{"touchpoint not a mapping", "touchpoints:\n  - app\n", "x.yaml:2: touchpoints[0]: want a mapping"},
		{"missing id", "touchpoints:\n  - label: App\n    match: [app]\n", "x.yaml:2: touchpoints[0]: missing id"},
		{"empty id", "touchpoints:\n  - id: \"\"\n    match: [app]\n", "x.yaml:2: touchpoints[0]: empty id"},
		{"repeated key", "touchpoints:\n  - id: app\n    match: [app]\n    match: [apps]\n", `x.yaml:4: touchpoint "app": key "match" repeated (first on line 3)`},
		{"label not text", "touchpoints:\n  - id: app\n    label: [a, b]\n    match: [app]\n", `x.yaml:3: touchpoint "app": label: want a single value`},
		{"match not a list", "touchpoints:\n  - id: app\n    match: app\n", `x.yaml:3: touchpoint "app": match: want a list of patterns`},
		{"unquoted brace pattern", "touchpoints:\n  - id: app\n    match:\n      - {num}\n", `x.yaml:4: touchpoint "app": match[0]: want a pattern (quote patterns that start with { or [)`},
		{"near not a list", "touchpoints:\n  - id: app\n    near: {a: app, b: crash, within: 2}\n", `x.yaml:3: touchpoint "app": near: want a list`},
		{"near item not a mapping", "touchpoints:\n  - id: app\n    near: [app crash]\n", `x.yaml:3: touchpoint "app": near[0]: want {a: PATTERN, b: PATTERN, within: N}`},
		{"near without within", "touchpoints:\n  - id: app\n    near: [{a: app, b: crash}]\n", `x.yaml:3: touchpoint "app": near[0]: needs within (1 to 12 tokens)`},
		{"within not a number", "touchpoints:\n  - id: app\n    near: [{a: app, b: crash, within: four}]\n", `x.yaml:3: touchpoint "app": near[0]: within "four"`},
		{"near unknown key", "touchpoints:\n  - id: app\n    near: [{a: app, b: crash, within: 2, c: x}]\n", `x.yaml:3: touchpoint "app": near[0]: unknown key "c"`},
		{"bad near pattern", "touchpoints:\n  - id: app\n    near:\n      - {a: app, b: \"|\", within: 2}\n", `x.yaml:4: touchpoint "app": near[0].b "|": empty alternative`},
		{"bad exclude pattern", "touchpoints:\n  - id: app\n    match: [app]\n    exclude: [\"{9,1} x\"]\n", `x.yaml:4: touchpoint "app": exclude[0] "{9,1} x": element "{9,1}"`},
		{"meta not a mapping", "touchpoints:\n  - id: app\n    meta: [channel]\n", `x.yaml:3: touchpoint "app": meta: want a mapping`},
		{"meta empty value", "touchpoints:\n  - id: app\n    meta:\n      channel: [phone, \"\"]\n", `x.yaml:4: touchpoint "app": meta channel[1]: empty value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadTaxonomy(f.tz, []byte(tt.yaml), "x.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
	// A single meta value needs no list, and the field name ignores case.
	tax, err := LoadTaxonomy(f.tz, []byte("touchpoints:\n  - id: shop\n    meta:\n      Channel: store\n"), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := New(tax, f.an).Classify(Comment{Text: "fine", Meta: map[string]string{"channel": "Store"}})
	if got := tags(r); len(got) != 1 || got[0] != "shop meta Channel=store" {
		t.Errorf("tags = %q", got)
	}
	if tax.Name() != "x.yaml" {
		t.Errorf("Name() = %q", tax.Name())
	}
}
