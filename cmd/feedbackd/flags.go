package main

import (
	"flag"
	"fmt"
)

// configFlags are the flags every data-dir command takes: the config file
// and the overrides that win over it.
type configFlags struct {
	config string
	data   string
	addr   string
}

// register adds --config and --data to fs; withAddr adds --addr too.
func (f *configFlags) register(fs *flag.FlagSet, withAddr bool) {
	fs.StringVar(&f.config, "config", "", "daemon configuration `FILE` (YAML; default: the embedded configs/feedbackd.yaml)")
	fs.StringVar(&f.data, "data", "", "data `DIR` (default: the config's data, ./data)")
	if withAddr {
		fs.StringVar(&f.addr, "addr", "", "HTTP listen `ADDR` (default: the config's http.addr, 127.0.0.1:8080)")
	}
}

// load reads the configuration, applies the flags over it and validates it.
func (f *configFlags) load() (Config, error) {
	cfg, err := LoadConfig(f.config)
	if err != nil {
		return cfg, err
	}
	if f.data != "" {
		cfg.Data = f.data
	}
	if f.addr != "" {
		cfg.HTTP.Addr = f.addr
	}
	if err := cfg.Validate(); err != nil {
		name := f.config
		if name == "" {
			name = "the default configuration"
		}
		return cfg, fmt.Errorf("invalid configuration in %s:\n%w", name, err)
	}
	return cfg, nil
}
