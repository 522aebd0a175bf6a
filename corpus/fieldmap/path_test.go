package fieldmap

import (
	"encoding/json"
	"strings"
	"testing"
)

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Fatal(err)
	}
	return obj
}

func TestValue(t *testing.T) {
	item := decode(t, `{"text":"hi","a.b":"literal","a":{"b":"nested","c":[1,{"d":true}]},"n":9.50,"null":null,"obj":{"x":1}}`)
	for _, tc := range []struct {
		path          string
		want          string
		ok, composite bool
	}{
		{"text", "hi", true, false},
		{"a.b", "literal", true, false},
		{"a.c.0", "1", true, false},
		{"a.c.1.d", "true", true, false},
		{"a.c.2", "", false, false},
		{"a.c.-1", "", false, false},
		{"a.c.x", "", false, false},
		{"text.x", "", false, false},
		{"missing", "", false, false},
		{"n", "9.50", true, false},
		{"null", "", false, false},
		{"obj", `{"x":1}`, true, true},
		{"a.c", `[1,{"d":true}]`, true, true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			s, ok, comp := Value(item, tc.path)
			if s != tc.want || ok != tc.ok || comp != tc.composite {
				t.Fatalf("Value(%q) = %q, %v, %v; want %q, %v, %v", tc.path, s, ok, comp, tc.want, tc.ok, tc.composite)
			}
		})
	}
}

func TestLookupEmptyPath(t *testing.T) {
	v := []any{"x"}
	got, ok := Lookup(v, "")
	if !ok || len(got.([]any)) != 1 {
		t.Fatalf("Lookup(v, \"\") = %v, %v; want v itself", got, ok)
	}
}

func TestKind(t *testing.T) {
	item := decode(t, `{"s":"x","n":1,"b":false,"a":[],"o":{},"z":null}`)
	want := map[string]string{"s": "string", "n": "number", "b": "boolean", "a": "array", "o": "object", "z": "null"}
	for k, w := range want {
		if got := Kind(item[k]); got != w {
			t.Errorf("Kind(%s) = %q, want %q", k, got, w)
		}
	}
}
