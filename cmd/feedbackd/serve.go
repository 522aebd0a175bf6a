package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/folder"
	"github.com/feedbackd/feedbackd/corpus/httppull"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/corpus/webhook"
	"github.com/feedbackd/feedbackd/index"
)

// poller is a source that reads in the background between Open and Close
// (folder, http pull).
type poller interface {
	Name() string
	Open(ctx context.Context) error
	Close() error
}

// route is a source served over HTTP.
type route struct {
	source string
	path   string
	h      http.Handler
}

// Main is the daemon: it owns the raw store, the index, the engine, the
// pipeline, the indexer, the sources and the HTTP server, wired
// explicitly in Run and torn down in reverse order by Close.
type Main struct {
	// Config is the validated configuration; set it before Run.
	Config Config
	// Demo loads the demo corpus at start.
	Demo bool
	// Logger receives the daemon's logs.
	Logger zerolog.Logger
	// Getenv reads the API tokens (os.Getenv by default).
	Getenv func(string) string

	store    *rawstore.Store
	index    *index.Index
	tagger   *tagger
	pipeline *corpus.Pipeline
	indexer  *corpus.Indexer
	sources  []poller
	exports  *export.Scheduler
	digests  *digest.Scheduler
	routes   []route // webhooks, mounted by the HTTP server
	tokens   *api.Tokens
	http     *httpServer
	started  time.Time
	// foreground lets searches borrow cores from background ingest.
	foreground *foreground

	ctx    context.Context // lifetime of the background loops
	cancel context.CancelFunc

	closeOnce sync.Once
	closeErr  error
}

// NewMain returns a daemon for cfg that logs to logger.
func NewMain(cfg Config, logger zerolog.Logger) *Main {
	return &Main{Config: cfg, Logger: logger, Getenv: os.Getenv}
}

// Run opens the data dir, wires everything and starts the sources and the
// HTTP server; it returns once they run. Call Close to stop them, also
// after an error (Close releases what Run opened).
func (m *Main) Run(ctx context.Context) (err error) {
	cfg := &m.Config
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	specs, _ := cfg.SourceSpecs() // validated above
	var disabled []string
	m.tokens, disabled = loadTokens(cfg.Auth, m.Getenv)
	for _, d := range disabled {
		m.Logger.Warn().Str("token", d).Msg("API token disabled: its environment variable is empty")
	}
	if err := checkLoopback(cfg.HTTP.Addr, m.tokens); err != nil {
		return err
	}
	m.started = time.Now()
	m.ctx, m.cancel = context.WithCancel(context.WithoutCancel(ctx))

	eng, err := newEngine(cfg.Engine)
	if err != nil {
		return err
	}
	m.tagger = newTagger(eng, nil)

	if m.store, err = openStore(cfg); err != nil {
		return err
	}
	if m.index, err = openIndex(ctx, cfg, m.store, component(m.Logger, "index")); err != nil {
		return err
	}
	m.foreground = newForeground(cfg.API.MaxConcurrent)
	m.indexer = newIndexer(cfg, m.store, m.index, m.Logger)
	m.indexer.Yield = m.foreground.waiter(indexerForegroundWait)
	if m.pipeline, err = newPipeline(cfg, m.store, m.tagger, m.indexer.Committed, m.foreground.waiter(workerForegroundWait), m.Logger); err != nil {
		return err
	}
	if err := m.indexer.Open(m.ctx); err != nil {
		m.indexer = nil // nothing to close
		return fmt.Errorf("start indexer: %w", err)
	}
	tv, lv := eng.Versions()
	m.Logger.Info().Str("data", cfg.Data).Str("taxonomy", tv).Str("lexicon", lv).
		Uint64("indexed_up_to", m.indexer.IndexedUpTo()).Msg("data dir open")

	if m.Demo {
		if err := m.loadDemo(ctx); err != nil {
			return err
		}
	}
	if err := m.openSources(ctx, specs); err != nil {
		return err
	}
	if xs, _ := cfg.ExportSchedules(); len(xs) > 0 { // validated above
		x := &export.Exporter{Store: m.store, Index: m.index}
		m.exports = export.NewScheduler(x, m.store, xs, component(m.Logger, "export"))
		if err := m.exports.Open(m.ctx); err != nil {
			m.exports = nil
			return fmt.Errorf("start scheduled exports: %w", err)
		}
		m.Logger.Info().Int("exports", len(xs)).Msg("scheduled exports started")
	}
	if specs, _ := cfg.DigestSpecs(); len(specs) > 0 { // validated above
		log := component(m.Logger, "digest")
		sender, err := newDigestSender(cfg, specs, m.store, m.index, apiEngine{m.tagger}.Label, m.Getenv, true, log)
		if err != nil {
			return err
		}
		m.digests = digest.NewScheduler(sender, specs, log)
		m.digests.Ready = m.indexer.Sync // catch-up digests count what was stored while down
		m.digests.SendFirst = m.Demo     // the demo shows a digest at once
		if err := m.digests.Open(m.ctx); err != nil {
			m.digests = nil
			return fmt.Errorf("start digests: %w", err)
		}
		m.Logger.Info().Int("digests", len(specs)).Msg("digest schedules started")
	}
	m.http = newHTTPServer(m, component(m.Logger, "http"))
	if err := m.http.Open(cfg.HTTP.Addr); err != nil {
		return err
	}
	m.Logger.Info().Str("addr", m.http.URL()).Int("sources", len(m.sources)+len(m.routes)).Msg("feedbackd is running")
	if m.Demo {
		m.Logger.Info().Msgf("demo ready: open %s/healthz and %s/metrics; run `feedbackd stats --data %s` in another terminal",
			m.http.URL(), m.http.URL(), cfg.Data)
	}
	return nil
}

// openSources builds every configured source; pollers start reading now,
// webhooks once the HTTP server mounts them.
func (m *Main) openSources(ctx context.Context, specs []SourceSpec) error {
	tokens := m.tokens
	for _, spec := range specs {
		logger := component(m.Logger, "source") // the source adds its name
		switch {
		case spec.Folder != nil:
			src, err := folder.New(*spec.Folder, m.pipeline, m.store, logger)
			if err != nil {
				return fmt.Errorf("source %q: %w", spec.Name, err)
			}
			if err := src.Open(m.ctx); err != nil {
				return fmt.Errorf("source %q: %w", spec.Name, err)
			}
			m.sources = append(m.sources, src)
			logger.Info().Str("source", spec.Name).Str("path", spec.Folder.Path).Msg("watching drop folder")
		case spec.HTTP != nil:
			src, err := httppull.New(*spec.HTTP, m.pipeline, m.store, logger)
			if err != nil {
				return fmt.Errorf("source %q: %w", spec.Name, err)
			}
			if err := src.Open(m.ctx); err != nil {
				return fmt.Errorf("source %q: %w", spec.Name, err)
			}
			m.sources = append(m.sources, src)
			logger.Info().Str("source", spec.Name).Str("schedule", spec.HTTP.Schedule).Msg("polling API")
		case spec.Webhook != nil:
			var extra func(string) bool
			if len(spec.Webhook.TokenEnv) > 0 {
				check, err := webhook.EnvTokens(m.Getenv, spec.Webhook.TokenEnv...)
				if err != nil {
					return fmt.Errorf("source %q: %w", spec.Name, err)
				}
				extra = check
			}
			h, err := webhook.New(*spec.Webhook, m.pipeline, tokens.Allow(api.RoleIngest, extra), logger)
			if err != nil {
				return err // names the source
			}
			rt := route{source: spec.Name, path: spec.Webhook.Path, h: h}
			if tokens.Len() == 0 && extra == nil {
				logger.Warn().Str("path", rt.path).Msg("webhook refuses every request: no API token is enabled (set FEEDBACKD_TOKEN)")
				rt.h = noTokens()
			}
			m.routes = append(m.routes, rt)
		}
	}
	return nil
}

// Reload rebuilds the engine from the configured taxonomy and lexicon files
// and swaps it in (SIGHUP). On error the engine in use stays.
func (m *Main) Reload() error {
	eng, err := newEngine(m.Config.Engine)
	if err != nil {
		return fmt.Errorf("reload engine: %w", err)
	}
	old := m.tagger.Swap(eng)
	otv, olv := old.Versions()
	tv, lv := eng.Versions()
	m.Logger.Info().Str("component", "engine").
		Str("taxonomy_old", otv).Str("taxonomy", tv).
		Str("lexicon_old", olv).Str("lexicon", lv).
		Msg("engine reloaded; run `feedbackd retag` to apply it to stored comments")
	return nil
}

// Close stops the HTTP server and the sources, lets the batches in hand
// finish, flushes the indexer and closes the index and the raw store.
// Later calls return the first call's result.
func (m *Main) Close() error {
	m.closeOnce.Do(func() { m.closeErr = m.close() })
	return m.closeErr
}

func (m *Main) close() error {
	var errs []error
	if m.http != nil {
		if err := m.http.Close(m.Config.HTTP.ShutdownTimeout); err != nil {
			errs = append(errs, fmt.Errorf("close http server: %w", err))
		}
	}
	for _, s := range m.sources {
		if err := s.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close source %q: %w", s.Name(), err))
		}
	}
	if m.exports != nil {
		if err := m.exports.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close scheduled exports: %w", err))
		}
	}
	if m.digests != nil {
		if err := m.digests.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close digests: %w", err))
		}
	}
	if m.indexer != nil {
		if err := m.indexer.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close indexer: %w", err))
		}
	}
	if m.cancel != nil {
		m.cancel()
	}
	if m.index != nil {
		if err := m.index.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close index: %w", err))
		}
	}
	if m.store != nil {
		if err := m.store.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close raw store: %w", err))
		}
	}
	if len(errs) == 0 && !m.started.IsZero() {
		m.Logger.Info().Msg("feedbackd stopped cleanly")
	}
	return errors.Join(errs...)
}

// Addr returns the HTTP server's base URL ("http://127.0.0.1:8080"), once
// Run has returned without error.
func (m *Main) Addr() string { return m.http.URL() }

// Stats returns the daemon's current counts.
func (m *Main) Stats(ctx context.Context) (statsReport, error) {
	tv, lv := m.tagger.Versions()
	return collectStats(ctx, m.Config.Data, m.store, m.index, tv, lv)
}
