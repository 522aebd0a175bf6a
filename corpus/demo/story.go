package demo

import "time"

// When the stories happen, in days before now.
const (
	courierSwitchDaysAgo = 70 // parcels move to the new courier, Parcelo
	courierSpikeDays     = 28 // four bad weeks
	courierEaseDays      = 14 // then two weeks of easing
	appReleaseDaysAgo    = 42 // app 5.2 fixes the crashes
	paymentChangeDaysAgo = 14 // the new payment provider starts charging some customers twice
)

// Story is one thing that happened at Northwind Home during the demo's six
// months, for a user exploring the demo to look for.
type Story struct {
	Name  string    `json:"name"`
	Title string    `json:"title"`
	Start time.Time `json:"start"`
	// End is when the story stopped showing, zero while it goes on.
	End time.Time `json:"end,omitzero"`
	// Look says where the story shows in feedbackd.
	Look string `json:"look"`
}

// Stories returns the stories built into the corpus that Generate returns
// for the same now, in the order they began.
func Stories(now time.Time) []Story {
	now = now.UTC()
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	return []Story{
		{
			Name:  "warehouse-workload",
			Title: "Warehouse workload complaints rise month after month",
			Start: ago(days),
			Look:  "Employee audience, team Warehouse Daventry or Warehouse Livingston, touchpoint employee/workload by month: volume share and negative share grow steadily.",
		},
		{
			Name:  "courier-switch",
			Title: "Parcels move to a new courier (Parcelo): parcels left outside, lost and late",
			Start: ago(courierSwitchDaysAgo),
			End:   ago(courierSwitchDaysAgo - courierSpikeDays - courierEaseDays),
			Look:  "Touchpoints delivery, delivery/courier and delivery/delays by week: volume doubles and net sentiment drops for four weeks, then eases; NPS impact of delivery is the biggest pain point in those weeks; search \"left outside\" or \"Parcelo\".",
		},
		{
			Name:  "app-release",
			Title: "App 5.2 fixes the crashes",
			Start: ago(appReleaseDaysAgo),
			Look:  "Touchpoint app, source app-feedback by week: net sentiment jumps after the release; search \"crash\" before and after.",
		},
		{
			Name:  "double-charge",
			Title: "New payment provider charges some customers twice (emerging, still rising)",
			Start: ago(paymentChangeDaysAgo),
			Look:  "Touchpoint billing by day or week: volume rising through the last two weeks; \"charged twice\" among the emerging terms; CES and CSAT of billing tickets fall; contact-centre employees mention it too.",
		},
	}
}

// days is the length of the demo period.
const days = 182

// knownStory reports whether name is a story the generator knows ("" is no
// story).
func knownStory(name string) bool {
	switch name {
	case "", "courier", "courier-switch", "courier-recovery", "app-crash", "app-release", "double-charge", "warehouse-workload":
		return true
	}
	return false
}

// storyWeight is how much more (or less) often than usual a fragment of a
// story is written d days before now. Fragments of no story weigh 1.
func storyWeight(story string, d float64) float64 {
	switch story {
	case "courier": // everyday courier complaints, much more common after the switch
		return 1 + 5*courierSpike(d)
	case "courier-switch": // comments that name the new courier
		if d > courierSwitchDaysAgo {
			return 0
		}
		return 0.4 + 3.6*courierSpike(d)
	case "courier-recovery":
		if d > courierSwitchDaysAgo-courierSpikeDays-courierEaseDays/2 {
			return 0
		}
		return 1.5
	case "app-crash":
		if d > appReleaseDaysAgo {
			return 2
		}
		return 0.15
	case "app-release":
		switch {
		case d > appReleaseDaysAgo:
			return 0
		case d > appReleaseDaysAgo-21:
			return 2.5
		}
		return 1.2
	case "double-charge": // starts at the change and is still rising
		if d > paymentChangeDaysAgo {
			return 0
		}
		return 0.5 + 13.5*(paymentChangeDaysAgo-d)/paymentChangeDaysAgo
	case "warehouse-workload": // rises steadily over the whole period
		return 0.3 + 5*(days-d)/days
	}
	return 1
}

// courierSpike is 1 during the four weeks after the courier switch, falls
// to 0.1 over the next two, and stays there; 0 before the switch.
func courierSpike(d float64) float64 {
	since := courierSwitchDaysAgo - d
	switch {
	case since < 0:
		return 0
	case since < courierSpikeDays:
		return 1
	case since < courierSpikeDays+courierEaseDays:
		return 1 - 0.9*(since-courierSpikeDays)/courierEaseDays
	}
	return 0.1
}
