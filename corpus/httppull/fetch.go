package httppull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrNotRetried marks a response that retrying cannot fix (a 4xx other
// than 429): the URL, query or headers need to change.
var ErrNotRetried = errors.New("not retried")

// statusError is an HTTP response that is not 2xx.
type statusError struct {
	code       int
	snippet    string        // start of the body, for people
	retryAfter time.Duration // from Retry-After; 0 when absent
}

func (e *statusError) Error() string {
	s := fmt.Sprintf("%d %s", e.code, http.StatusText(e.code))
	if e.snippet != "" {
		s += ": " + e.snippet
	}
	return s
}

// retryable reports whether a status is worth retrying.
func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500
}

// fetch GETs u with the configured headers, retrying network errors, 5xx
// and 429 with exponential backoff and full jitter, and returns the body.
func (s *Source) fetch(ctx context.Context, u *url.URL) ([]byte, error) {
	where := safeURL(u)
	var last error
	for attempt := 1; ; attempt++ {
		body, err := s.get(ctx, u)
		if err == nil {
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var se *statusError
		isStatus := errors.As(err, &se)
		if isStatus && !retryable(se.code) {
			return nil, fmt.Errorf("GET %s: %w (%w: check the url, query and headers)", where, err, ErrNotRetried)
		}
		last = err
		if attempt >= s.cfg.Retry.Attempts {
			break
		}
		delay := s.backoff(attempt)
		if isStatus && se.retryAfter > 0 {
			if se.retryAfter > s.cfg.Retry.MaxRetryAfter {
				return nil, fmt.Errorf("GET %s: %w; the server asks to retry after %v, longer than retry.max_retry_after (%v): the next scheduled run will try again",
					where, err, se.retryAfter, s.cfg.Retry.MaxRetryAfter)
			}
			delay = max(delay, se.retryAfter)
		}
		s.log.Warn().Str("url", where).Int("attempt", attempt).Str("error", err.Error()).Dur("retry_in", delay).Msg("request failed; retrying")
		if err := s.sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("GET %s: gave up after %d attempts: %w", where, s.cfg.Retry.Attempts, last)
}

// get makes one attempt, bounded by the configured timeout.
func (s *Source) get(ctx context.Context, u *url.URL) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header = s.headers.Clone()
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry the cursor; it is logged once, safely, by the caller
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
		return nil, &statusError{
			code:       resp.StatusCode,
			snippet:    strings.Join(strings.Fields(strings.ToValidUTF8(string(b), "?")), " "),
			retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), s.now()),
		}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.cfg.MaxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if int64(len(body)) > s.cfg.MaxResponseBytes {
		return nil, &statusError{code: resp.StatusCode, snippet: fmt.Sprintf("response larger than max_response_bytes (%d); lower the API's page size", s.cfg.MaxResponseBytes)}
	}
	return body, nil
}

// backoff is the delay before retry number attempt (1-based): a random
// duration up to base·2^(attempt-1), capped at max ("full jitter").
func (s *Source) backoff(attempt int) time.Duration {
	ceil := s.cfg.Retry.Max
	if shift := attempt - 1; shift < 30 {
		ceil = min(s.cfg.Retry.Base<<shift, s.cfg.Retry.Max)
	}
	return s.jitter(ceil)
}

// fullJitter returns a uniformly random duration in [0, ceil].
func fullJitter(ceil time.Duration) time.Duration {
	if ceil <= 0 {
		return 0
	}
	return rand.N(ceil + 1)
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// safeURL is a URL for logs and messages: no user info, no query.
func safeURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.Fragment = nil, "", ""
	return c.String()
}
