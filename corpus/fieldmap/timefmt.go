package fieldmap

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Named timestamp formats accepted besides Go layouts.
const (
	TimeRFC3339 = "rfc3339" // RFC 3339 with or without fractional seconds
	TimeUnix    = "unix"    // seconds since the epoch, fractions allowed
	TimeUnixMS  = "unix_ms" // milliseconds since the epoch
)

// errTimezone marks a bad timezone setting, so CheckTime can name it.
var errTimezone = errors.New("unknown timezone")

// TimeParser parses one configured timestamp format.
type TimeParser struct {
	format string // as configured, for error messages
	layout string // Go layout; "" for the unix formats
	loc    *time.Location
}

// NewTimeParser checks a format and timezone and returns their parser.
// The format is a Go layout or one of TimeRFC3339 (also for ""), TimeUnix
// and TimeUnixMS; a Go layout must contain a year, month and day. The
// timezone is the IANA zone of values without an offset; "" is UTC.
func NewTimeParser(format, timezone string) (*TimeParser, error) {
	p := &TimeParser{format: format, loc: time.UTC}
	if timezone != "" {
		loc, err := time.LoadLocation(timezone)
		if err != nil {
			return nil, fmt.Errorf("%w %q", errTimezone, timezone)
		}
		p.loc = loc
	}
	switch strings.ToLower(format) {
	case "", TimeRFC3339:
		p.format, p.layout = TimeRFC3339, time.RFC3339Nano
	case TimeUnix, TimeUnixMS:
		p.format = strings.ToLower(format)
	default:
		p.layout = format
		ref := time.Date(2023, 4, 5, 16, 7, 8, 0, time.UTC)
		got, err := time.Parse(format, ref.Format(format))
		if err != nil || got.Year() != 2023 || got.Month() != 4 || got.Day() != 5 {
			return nil, fmt.Errorf("layout %q has no full date (year, month and day); want a Go layout like \"2006-01-02 15:04\" or one of %s, %s, %s",
				format, TimeRFC3339, TimeUnix, TimeUnixMS)
		}
	}
	return p, nil
}

// CheckTime checks a format and timezone as NewTimeParser does. On error,
// setting names the one at fault, "format" or "timezone", so a Validate
// method can name the field.
func CheckTime(format, timezone string) (setting string, err error) {
	if _, err := NewTimeParser(format, timezone); err != nil {
		if errors.Is(err, errTimezone) {
			return "timezone", err
		}
		return "format", err
	}
	return "", nil
}

// Parse parses a value; the error says which format did not parse what.
func (p *TimeParser) Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	fail := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("format %q does not parse %q", p.format, s)
	}
	switch p.format {
	case TimeUnix:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e11 {
			return fail()
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), nil
	case TimeUnixMS:
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms > 1e14 || ms < -1e14 {
			return fail()
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	t, err := time.ParseInLocation(p.layout, s, p.loc)
	if err != nil {
		return fail()
	}
	return t, nil
}
