package main

import (
	"errors"
	"fmt"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/trends"
)

// AnalyticsConfig configures the trend, driver and anomaly reports (API,
// feedbackd report, digests) and the employee anonymity threshold that
// search and facets apply too. configs/feedbackd.yaml documents each key.
type AnalyticsConfig struct {
	// MinRespondents is the employee anonymity threshold: a group with
	// employee comments from fewer respondents shows no figures.
	MinRespondents int `yaml:"min_respondents"`
	// RespondentField is the metadata field that identifies an employee
	// respondent; empty: every comment is its own respondent.
	RespondentField string `yaml:"respondent_field"`
	// MinN is the fewest comments on each side of a change that is
	// tested for significance.
	MinN int `yaml:"min_n"`
	// DriverMinVolume is the fewest scored comments a touchpoint needs
	// for an impact; Resamples the bootstrap resamples.
	DriverMinVolume int `yaml:"driver_min_volume"`
	Resamples       int `yaml:"resamples"`
	// Anomalies and emerging terms.
	Baseline         int     `yaml:"baseline"`
	Sensitivity      float64 `yaml:"sensitivity"`
	AnomalyMinVolume int     `yaml:"anomaly_min_volume"`
	EmergingMinCount int     `yaml:"emerging_min_count"`
	EmergingTop      int     `yaml:"emerging_top"`
}

// Validate returns every problem, each naming its key under prefix.
func (a *AnalyticsConfig) Validate(prefix string) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: %s", prefix, field, fmt.Sprintf(format, args...)))
	}
	atLeast := func(field string, v, lo int) {
		if v < lo {
			bad(field, "%d: must be at least %d", v, lo)
		}
	}
	if a.MinRespondents < 0 {
		bad("min_respondents", "%d: must not be negative (0 or 1 turns anonymity off)", a.MinRespondents)
	}
	atLeast("min_n", a.MinN, 2)
	atLeast("driver_min_volume", a.DriverMinVolume, 1)
	if a.Resamples < 100 || a.Resamples > 100_000 {
		bad("resamples", "%d: want 100 to 100000", a.Resamples)
	}
	if a.Baseline < 1 || a.Baseline > 520 {
		bad("baseline", "%d: want 1 to 520 periods", a.Baseline)
	}
	if a.Sensitivity <= 0 {
		bad("sensitivity", "%g: must be positive (a z such as 3)", a.Sensitivity)
	}
	atLeast("anomaly_min_volume", a.AnomalyMinVolume, 1)
	atLeast("emerging_min_count", a.EmergingMinCount, 1)
	atLeast("emerging_top", a.EmergingTop, 1)
	return errors.Join(errs...)
}

// Anonymity returns the anonymity rule.
func (a *AnalyticsConfig) Anonymity() trends.Anonymity {
	return trends.Anonymity{MinRespondents: a.MinRespondents}
}

// Reports returns the API's report settings.
func (a *AnalyticsConfig) Reports() api.Reports {
	return api.Reports{
		Anonymity: a.Anonymity(), Respondent: a.RespondentField, MinN: a.MinN,
		DriverMinVolume: a.DriverMinVolume, Resamples: a.Resamples, Baseline: a.Baseline,
		Sensitivity: a.Sensitivity, AnomalyMinVolume: a.AnomalyMinVolume,
		EmergingMinCount: a.EmergingMinCount, EmergingTop: a.EmergingTop,
	}
}
