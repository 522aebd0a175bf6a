package fieldmap

import (
	"testing"
	"time"
)

func TestTimeParser(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	for _, tc := range []struct {
		name, format, zone, in string
		want                   time.Time
		err                    string
	}{
		{"rfc3339 default", "", "", "2026-03-01T10:00:00Z", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), ""},
		{"rfc3339 fraction", "RFC3339", "", " 2026-03-01T10:00:00.5+01:00 ", time.Date(2026, 3, 1, 9, 0, 0, 5e8, time.UTC), ""},
		{"unix", "unix", "", "1700000000.25", time.Unix(1700000000, 25e7).UTC(), ""},
		{"unix_ms", "UNIX_MS", "", "1700000000123", time.UnixMilli(1700000000123).UTC(), ""},
		{"layout in zone", "2006-01-02 15:04", "Europe/Berlin", "2026-03-01 10:00", time.Date(2026, 3, 1, 10, 0, 0, 0, berlin), ""},
		{"layout bad value", "2006-01-02", "", "01/03/2026", time.Time{}, `format "2006-01-02" does not parse "01/03/2026"`},
		{"unix too large", "unix", "", "1e12", time.Time{}, `format "unix" does not parse "1e12"`},
		{"unix_ms not integer", "unix_ms", "", "1.5", time.Time{}, `format "unix_ms" does not parse "1.5"`},
		{"rfc3339 bad value", "", "", "yesterday", time.Time{}, `format "rfc3339" does not parse "yesterday"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewTimeParser(tc.format, tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Parse(tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Parse(%q) error = %v, want %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestCheckTime(t *testing.T) {
	for _, tc := range []struct {
		name, format, zone, setting, err string
	}{
		{"defaults", "", "", "", ""},
		{"named", "unix_ms", "UTC", "", ""},
		{"layout", "02.01.2006 15:04", "Europe/Berlin", "", ""},
		{"no day", "2006-01", "", "format", `layout "2006-01" has no full date (year, month and day); want a Go layout like "2006-01-02 15:04" or one of rfc3339, unix, unix_ms`},
		{"not a layout", "iso", "", "format", `layout "iso" has no full date (year, month and day); want a Go layout like "2006-01-02 15:04" or one of rfc3339, unix, unix_ms`},
		{"bad zone", "", "Mars/Olympus", "timezone", `unknown timezone "Mars/Olympus"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setting, err := CheckTime(tc.format, tc.zone)
			if setting != tc.setting || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
				t.Fatalf("CheckTime(%q, %q) = %q, %v; want %q, %q", tc.format, tc.zone, setting, err, tc.setting, tc.err)
			}
		})
	}
}
