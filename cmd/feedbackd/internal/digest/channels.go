package digest

import (
	"errors"
	"fmt"
)

// NewChannels builds spec's channels, reading the credentials they name
// from getenv. Errors name the digest and channel.
func NewChannels(spec *Spec, getenv func(string) string) ([]Channel, error) {
	var out []Channel
	var errs []error
	for _, c := range spec.Channels {
		var ch Channel
		var err error
		switch {
		case c.File != nil:
			ch = NewFile(c.Name, c.File.Folder)
		case c.Email != nil:
			ch, err = NewEmail(c.Name, *c.Email, getenv)
		case c.Webhook != nil:
			ch, err = NewWebhook(c.Name, *c.Webhook, getenv)
		default:
			err = errors.New("no file, email or webhook section")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("digest %q: channel %q: %w", spec.Name, c.Name, err))
			continue
		}
		out = append(out, ch)
	}
	return out, errors.Join(errs...)
}
