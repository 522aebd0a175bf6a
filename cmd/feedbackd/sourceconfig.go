package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/corpus/folder"
	"github.com/feedbackd/feedbackd/corpus/httppull"
	"github.com/feedbackd/feedbackd/corpus/webhook"
)

// Source kinds.
const (
	KindFolder  = "folder"
	KindWebhook = "webhook"
	KindHTTP    = "http"
)

// SourceConfig is one item of the sources list: a kind and that kind's own
// section, decoded into the owning package's config by SourceSpecs.
type SourceConfig struct {
	Kind    string    `yaml:"kind"`
	Folder  yaml.Node `yaml:"folder"`
	Webhook yaml.Node `yaml:"webhook"`
	HTTP    yaml.Node `yaml:"http"`
}

// SourceSpec is a decoded and validated source: Kind says which of the
// configs is set.
type SourceSpec struct {
	Kind    string
	Name    string
	Folder  *folder.Config
	Webhook *webhook.Config
	HTTP    *httppull.Config
}

// SourceSpecs decodes every source section strictly over its package's
// defaults and validates it. Errors name the source, as in
// `sources[1] (folder "exports"): columns.text: at least one text column
// is required`, and are joined with errors.Join.
func (c *Config) SourceSpecs() ([]SourceSpec, error) {
	var specs []SourceSpec
	var errs []error
	names := map[string]int{}
	paths := map[string]int{}
	for i, sc := range c.Sources {
		spec, err := c.sourceSpec(sc)
		where := fmt.Sprintf("sources[%d]", i)
		switch {
		case sc.Kind != "" && spec.Name != "":
			where += fmt.Sprintf(" (%s %q)", sc.Kind, spec.Name)
		case sc.Kind != "":
			where += fmt.Sprintf(" (%s)", sc.Kind)
		}
		if err != nil {
			for _, e := range unjoin(err) {
				errs = append(errs, fmt.Errorf("%s: %w", where, e))
			}
			continue
		}
		if j, dup := names[spec.Name]; dup {
			errs = append(errs, fmt.Errorf("%s: name: %q is already used by sources[%d]", where, spec.Name, j))
		}
		names[spec.Name] = i
		if spec.Webhook != nil {
			if j, dup := paths[spec.Webhook.Path]; dup {
				errs = append(errs, fmt.Errorf("%s: path: %q is already used by sources[%d]", where, spec.Webhook.Path, j))
			}
			paths[spec.Webhook.Path] = i
		}
		specs = append(specs, spec)
	}
	return specs, errors.Join(errs...)
}

// sourceSpec decodes one source. The returned spec carries the name even
// when decoding fails, for the error message.
func (c *Config) sourceSpec(sc SourceConfig) (SourceSpec, error) {
	spec := SourceSpec{Kind: sc.Kind}
	sections := map[string]*yaml.Node{KindFolder: &sc.Folder, KindWebhook: &sc.Webhook, KindHTTP: &sc.HTTP}
	node, ok := sections[sc.Kind]
	if !ok {
		if sc.Kind == "" {
			return spec, errors.New("kind: is required (folder, webhook or http)")
		}
		return spec, fmt.Errorf("kind: %q: want folder, webhook or http", sc.Kind)
	}
	for kind, n := range sections {
		if kind != sc.Kind && n.Kind != 0 {
			return spec, fmt.Errorf("%s: section does not belong to a source of kind %s", kind, sc.Kind)
		}
	}
	if node.Kind == 0 {
		return spec, fmt.Errorf("%s: section is required for kind %s", sc.Kind, sc.Kind)
	}
	var probe struct {
		Name string `yaml:"name"`
	}
	_ = node.Decode(&probe) // best effort, for messages
	spec.Name = probe.Name
	data, err := yaml.Marshal(node)
	if err != nil {
		return spec, fmt.Errorf("%s: %w", sc.Kind, err)
	}
	switch sc.Kind {
	case KindFolder:
		fc := folder.DefaultConfig()
		fc.Path = "inbox"
		fc.BatchSize = c.Ingest.BatchSize
		if err := strictDecode(data, &fc); err != nil {
			return spec, err
		}
		if fc.Path != "" && !filepath.IsAbs(fc.Path) {
			fc.Path = filepath.Join(c.Data, fc.Path)
		}
		if err := fc.Validate(); err != nil {
			return spec, err
		}
		spec.Folder = &fc
	case KindWebhook:
		wc, err := webhook.ParseConfig(data)
		if err != nil {
			return spec, err
		}
		spec.Webhook = &wc
	case KindHTTP:
		hc, err := httppull.ParseConfig(data)
		if err != nil {
			return spec, err
		}
		spec.HTTP = &hc
	}
	return spec, nil
}

// strictDecode decodes YAML over v, rejecting unknown keys.
func strictDecode(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return cleanYAMLError(err)
	}
	return nil
}

// cleanYAMLError drops the "yaml: unmarshal errors:" preamble and the
// line numbers, which refer to the re-encoded section, not to the file.
func cleanYAMLError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	var errs []error
	for _, e := range te.Errors {
		if _, rest, ok := strings.Cut(e, ": "); ok && strings.HasPrefix(e, "line ") {
			e = rest
		}
		errs = append(errs, errors.New(e))
	}
	return errors.Join(errs...)
}

// unjoin splits an errors.Join error into its parts, so each gets its own
// prefix and line.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	return []error{err}
}

// FolderSource returns the folder source named name, or the first folder
// source when name is empty.
func (c *Config) FolderSource(name string) (*folder.Config, error) {
	specs, err := c.SourceSpecs()
	if err != nil {
		return nil, err
	}
	for _, s := range specs {
		if s.Folder != nil && (name == "" || s.Name == name) {
			return s.Folder, nil
		}
	}
	if name == "" {
		return nil, errors.New("the configuration has no folder source")
	}
	return nil, fmt.Errorf("the configuration has no folder source named %q", name)
}
