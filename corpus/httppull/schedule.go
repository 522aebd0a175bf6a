package httppull

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// parser reads five-field specs (minute first), six-field specs with a
// leading seconds field, and descriptors such as "@hourly" and "@every 15m".
func parser() cron.Parser {
	return cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
}

// ParseSchedule checks a cron spec and returns its schedule. It refuses,
// with an error instead of robfig/cron's panic, a "CRON_TZ=" or "TZ="
// prefix with no schedule after it.
func ParseSchedule(spec string) (sched cron.Schedule, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, fmt.Errorf("is required (a cron spec such as \"*/15 * * * *\" or \"@hourly\")")
	}
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		tz, rest, _ := strings.Cut(spec, " ")
		if strings.TrimSpace(rest) == "" {
			return nil, fmt.Errorf("%q has a time zone but no schedule after it; want e.g. \"CRON_TZ=Europe/Paris 0 6 * * *\"", spec)
		}
		_, name, _ := strings.Cut(tz, "=")
		if _, err := time.LoadLocation(name); err != nil || name == "" {
			return nil, fmt.Errorf("%q: unknown time zone %q", spec, name)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("%q: invalid cron spec (%v)", spec, r)
		}
	}()
	sched, err = parser().Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%q: %v", spec, err)
	}
	return sched, nil
}

// CronLogger sends robfig/cron's logs to zerolog: its chatty scheduling
// lines at debug, its errors (such as recovered panics) at error. Every
// cron schedule of the daemon (HTTP sources, scheduled exports, digests)
// logs through it.
type CronLogger struct{ Log zerolog.Logger }

// Info implements cron.Logger.
func (l CronLogger) Info(msg string, keysAndValues ...any) {
	l.Log.Debug().Fields(keysAndValues).Msg("cron: " + msg)
}

// Error implements cron.Logger.
func (l CronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.Log.Error().Err(err).Fields(keysAndValues).Msg("cron: " + msg)
}
