package fieldmap

import "testing"

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		composite bool
		want      int
		null      bool
		err       string
	}{
		{"whole", "9", false, 9, false, ""},
		{"spaces", " 7 ", false, 7, false, ""},
		{"float whole", "9.0", false, 9, false, ""},
		{"negative", "-1", false, -1, false, ""},
		{"empty", "  ", false, 0, true, ""},
		{"fraction", "9.5", false, 0, false, `fields.scores.nps ("nps"): "9.5" is not a whole-number score`},
		{"word", "ten", false, 0, false, `fields.scores.nps ("nps"): "ten" is not a whole-number score`},
		{"composite", "[9]", true, 0, false, `fields.scores.nps ("nps"): "[9]" is not a whole-number score`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Score("fields.scores.nps", "nps", tc.in, tc.composite)
			switch {
			case tc.err != "":
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
			case err != nil:
				t.Fatal(err)
			case tc.null:
				if got != nil {
					t.Fatalf("got %d, want nil", *got)
				}
			case got == nil || *got != tc.want:
				t.Fatalf("got %v, want %d", got, tc.want)
			}
		})
	}
}
