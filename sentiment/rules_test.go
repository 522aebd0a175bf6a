package sentiment_test

import (
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/sentiment"
)

// want describes an expected outcome: a label, and optionally bounds on the
// score or a modifier/rule that must appear in the explanation.
type want struct {
	label    sentiment.Label
	min, max float64 // score bounds; both zero means unchecked
	explains string  // substring of some evidence's rule, source or modifiers
}

type ruleCase struct {
	name string
	text string
	want want
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	an := newAnalyzer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := an.Analyze(tc.text)
			if res.Label != tc.want.label {
				t.Errorf("%q: label %s (score %.3f), want %s\nevidence: %+v", tc.text, res.Label, res.Score.Score, tc.want.label, res.Evidence)
			}
			lo, hi := tc.want.min, tc.want.max
			if lo == 0 && hi != 0 {
				lo = -1
			}
			if hi == 0 && lo != 0 {
				hi = 1
			}
			if (lo != 0 || hi != 0) && (res.Score.Score < lo || res.Score.Score > hi) {
				t.Errorf("%q: score %.3f outside [%.2f, %.2f]", tc.text, res.Score.Score, lo, hi)
			}
			if tc.want.explains != "" && !explains(res, tc.want.explains) {
				t.Errorf("%q: no evidence mentions %q: %+v", tc.text, tc.want.explains, res.Evidence)
			}
		})
	}
}

func explains(res sentiment.Result, s string) bool {
	for _, e := range res.Evidence {
		if strings.Contains(e.Rule, s) || e.Source == s || strings.Contains(strings.Join(e.Modifiers, "|"), s) {
			return true
		}
	}
	return false
}

func TestNegation(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"plain negation", "The agent was not helpful.", want{label: sentiment.Negative, explains: "negated by"}},
		{"contraction", "The app doesn't feel reliable", want{label: sentiment.Negative, explains: "negated by"}},
		{"bare contraction", "the courier didnt seem friendly", want{label: sentiment.Negative, explains: "negated by"}},
		{"cannot", "I cannot recommend them", want{label: sentiment.Negative, explains: "will-not-return"}},
		{"within window", "The staff were not at all friendly", want{label: sentiment.Negative}},
		{"scope stops at but", "Not cheap, but the support team is excellent", want{label: sentiment.Positive}},
		{"scope stops at comma", "No, the replacement works great", want{label: sentiment.Positive}},
		{"not bad", "Honestly the new portal is not bad", want{label: sentiment.Positive, explains: "not-bad"}},
		{"no problem", "Changed my address with no problem", want{label: sentiment.Positive, explains: "no-problem"}},
		{"no complaints", "No complaints from me", want{label: sentiment.Positive, explains: "no-complaints"}},
		{"can't complain", "Can't complain about the service", want{label: sentiment.Positive, explains: "no-complaints"}},
		{"could not be happier", "I could not be happier with the installer", want{label: sentiment.Positive, explains: "could-not-be-better"}},
		{"never so", "Never been so happy with a bank", want{label: sentiment.Positive, explains: "intensified"}},
		{"not only", "Not only friendly but also quick", want{label: sentiment.Positive}},
		{"no as negator", "There was no helpful information on the site", want{label: sentiment.Negative}},
		{"negated dislike", "I did not like the new menu", want{label: sentiment.Negative}},
		{"warning is not flipped", "Don't waste your money on this plan", want{label: sentiment.Negative, explains: "warning"}},
	})
}

func TestContrast(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"but: later clause wins", "The food was good but the service was terrible", want{label: sentiment.Mixed, min: -1, max: -0.1, explains: "later clause"}},
		{"but: weak praise, strong complaint", "The app is ok but the checkout is a total nightmare", want{label: sentiment.Negative}},
		{"but: praise after complaint", "Delivery was a bit slow but the product is fantastic", want{label: sentiment.Positive, explains: "earlier clause"}},
		{"however at sentence start", "The checkout was easy. However the parcel arrived damaged and nobody replied.", want{label: sentiment.Negative}},
		{"although clause weighs less", "Although the staff were lovely, the room was filthy", want{label: sentiment.Negative}},
		{"although after main clause", "The room was spotless, although parking was a pain", want{label: sentiment.Mixed, min: 0.1, max: 1}},
		{"mixed parts", "Love the app but delivery was late", want{label: sentiment.Mixed}},
		{"one side dominates", "Amazing staff, wonderful food and a lovely garden, but parking was slightly awkward", want{label: sentiment.Positive}},
	})
}

func TestBoostersAndDampeners(t *testing.T) {
	an := newAnalyzer(t)
	pairs := []struct{ name, plain, modified string }{
		{"very", "the agent was helpful", "the agent was very helpful"},
		{"extremely negative", "the wait was frustrating", "the wait was extremely frustrating"},
		{"pretty as adverb", "the delivery was bad", "the delivery was pretty bad"},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			a, b := an.Analyze(p.plain).Score.Score, an.Analyze(p.modified).Score.Score
			if abs(b) <= abs(a) {
				t.Errorf("boosted %q (%.3f) should be stronger than %q (%.3f)", p.modified, b, p.plain, a)
			}
		})
	}
	t.Run("slightly dampens", func(t *testing.T) {
		a, b := an.Analyze("the app is annoying").Score.Score, an.Analyze("the app is slightly annoying").Score.Score
		if abs(b) >= abs(a) || b >= 0 {
			t.Errorf("dampened score %.3f should be negative and weaker than %.3f", b, a)
		}
	})
	t.Run("kind of is not kindness", func(t *testing.T) {
		if res := an.Analyze("it was kind of slow"); res.Label != sentiment.Negative {
			t.Errorf("label %s, want negative: %+v", res.Label, res.Evidence)
		}
	})
}

func TestEmphasis(t *testing.T) {
	an := newAnalyzer(t)
	base := an.Analyze("The refund was quick.").Score.Score
	bang := an.Analyze("The refund was quick!!!").Score.Score
	caps := an.Analyze("The refund was QUICK.").Score.Score
	allCaps := an.Analyze("THE REFUND WAS QUICK.").Score.Score
	if bang <= base {
		t.Errorf("exclamation %.3f should exceed %.3f", bang, base)
	}
	if caps <= base {
		t.Errorf("shouted word %.3f should exceed %.3f", caps, base)
	}
	if allCaps != base {
		t.Errorf("all-caps text %.3f should score as plain %.3f: shouting everything emphasises nothing", allCaps, base)
	}
	neg := an.Analyze("Worst service ever!!!")
	if neg.Label != sentiment.Negative || !explains(neg, "emphasis") {
		t.Errorf("negative emphasis: %+v", neg)
	}
	neutral := an.Analyze("Order number 4411!!!")
	if neutral.Label != sentiment.Neutral {
		t.Errorf("emphasis alone must not create sentiment: %+v", neutral)
	}
}

func TestEmojiAndEmoticons(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"emoji alone", "😡", want{label: sentiment.Negative, explains: "emoji"}},
		{"emoji glued to word", "delivered early😀", want{label: sentiment.Positive, explains: "emoji"}},
		{"skin tone", "thanks 👍🏽", want{label: sentiment.Positive}},
		{"smiley", "all sorted :)", want{label: sentiment.Positive, explains: "emoticon"}},
		{"split smiley", "great job ;)", want{label: sentiment.Positive}},
		{"frown", "still no refund :(", want{label: sentiment.Negative}},
		{"heart", "the team <3", want{label: sentiment.Positive, explains: "emoticon"}},
	})
}

func TestIdioms(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"above and beyond", "Priya went above and beyond for us", want{label: sentiment.Positive, explains: "above-and-beyond"}},
		{"to die for", "The brownies are to die for", want{label: sentiment.Positive, explains: "idiom-positive"}},
		{"rip off", "Total rip off", want{label: sentiment.Negative, explains: "idiom-negative"}},
		{"gone downhill", "Service has gone downhill since the merger", want{label: sentiment.Negative}},
		{"fobbed off", "I was fobbed off again", want{label: sentiment.Negative}},
	})
}

func TestCustomerExperiencePhrases(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"delayed hours", "Flight delayed 3 hours, no one at the desk", want{label: sentiment.Negative, max: -0.5, explains: "delayed-duration"}},
		{"on hold", "On hold for 40 minutes", want{label: sentiment.Negative, explains: "on-hold"}},
		{"still waiting", "Still waiting for my refund", want{label: sentiment.Negative, explains: "still-waiting"}},
		{"hasn't arrived", "Waited 40 minutes on hold and the refund still hasn't arrived", want{label: sentiment.Negative, max: -0.5}},
		{"never arrived", "The parcel never arrived", want{label: sentiment.Negative, explains: "never-arrived"}},
		{"no response", "Emailed twice, no response", want{label: sentiment.Negative, explains: "no-response"}},
		{"charged twice", "I was charged twice for one order", want{label: sentiment.Negative, explains: "charged-twice"}},
		{"cancelled my order", "They cancelled my order without telling me", want{label: sentiment.Negative, explains: "cancelled-order"}},
		{"lost my bag", "The airline lost my bag", want{label: sentiment.Negative, explains: "lost-item"}},
		{"effort", "I had to call 5 times to get it fixed", want{label: sentiment.Negative, explains: "repeated-contact"}},
		{"sorted quickly", "Sorted it out quickly", want{label: sentiment.Positive, explains: "resolved"}},
		{"resolved first time", "Issue resolved first time by Tom", want{label: sentiment.Positive}},
		{"will not return", "We will not be coming back", want{label: sentiment.Negative, explains: "will-not-return"}},
		{"does not work", "The card reader doesn't work", want{label: sentiment.Negative, explains: "does-not-work"}},
		{"value", "Great value for money", want{label: sentiment.Positive}},
		{"factual", "I ordered a blue jacket on Monday", want{label: sentiment.Neutral}},
		{"neutral set phrase", "To be honest I ordered the blue one", want{label: sentiment.Neutral}},
		{"no comment", "No comment", want{label: sentiment.Neutral}},
		{"a request is not praise", "I want a refund", want{label: sentiment.Neutral}},
		{"paid twice", "I paid twice for the same ticket", want{label: sentiment.Negative, explains: "charged-twice"}},
		{"keeps failing", "The portal keeps logging me out", want{label: sentiment.Negative, explains: "does-not-work"}},
		{"points not added", "My loyalty points didn't get added", want{label: sentiment.Negative}},
		{"fix of a problem", "The latest update fixed the crashing", want{label: sentiment.Positive, explains: "resolved"}},
		{"broken promise", "They promised to call me back and never did", want{label: sentiment.Negative, explains: "broken-promise"}},
		{"out of stock", "Size 10 was out of stock again", want{label: sentiment.Negative}},
	})
}

func TestRequestsAndQuestions(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"request for help", "Can you help me change my seat please?", want{label: sentiment.Neutral, explains: "question"}},
		{"question about a good option", "Is there a good way to move my booking?", want{label: sentiment.Neutral}},
		{"complaint as question", "Why is my flight delayed again?", want{label: sentiment.Negative}},
		{"question then praise", "Where do I leave a review? Your crew was brilliant.", want{label: sentiment.Positive}},
		{"stranded", "Stranded at the airport with no update from anyone", want{label: sentiment.Negative}},
	})
}

func TestEmployeeVoice(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"workload", "The workload is unsustainable and we are understaffed", want{label: sentiment.Negative}},
		{"burnout", "Half the team is burnt out", want{label: sentiment.Negative, explains: "workload"}},
		{"no career growth", "There is no career growth here", want{label: sentiment.Negative, explains: "no-growth"}},
		{"not valued", "I don't feel valued by leadership", want{label: sentiment.Negative}},
		{"supportive manager", "I have a really supportive manager", want{label: sentiment.Positive, explains: "supportive-manager"}},
		{"micromanagement", "Constant micromanagement", want{label: sentiment.Negative}},
		{"short staffed", "We are short staffed every weekend", want{label: sentiment.Negative, explains: "workload"}},
		{"flexible working", "Flexible working makes a huge difference", want{label: sentiment.Positive}},
	})
}

func TestDomainDependentWords(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"long wait", "The queue was long", want{label: sentiment.Negative, explains: "long-wait"}},
		{"long battery", "Battery lasts a long time", want{label: sentiment.Positive, explains: "long-lasting"}},
		{"long neutral", "I have been a customer for a long", want{label: sentiment.Neutral}},
		{"cheap quality", "The case feels cheap", want{label: sentiment.Negative, explains: "cheap-quality"}},
		{"cheap price", "Cheap prices and friendly staff", want{label: sentiment.Positive, explains: "cheap-price"}},
		{"small portion", "Portions were small", want{label: sentiment.Negative, explains: "small-portion"}},
		{"small business", "Lovely small business", want{label: sentiment.Positive}},
		{"quick service", "Quick service", want{label: sentiment.Positive}},
		{"quick to blame", "They were quick to blame me", want{label: sentiment.Negative, explains: "quick-to-blame"}},
		{"like as preposition", "It felt like an eternity", want{label: sentiment.Neutral}},
		{"like as verb", "I like the new dashboard", want{label: sentiment.Positive, explains: "i-like"}},
		{"cold food", "Food arrived cold", want{label: sentiment.Negative, explains: "cold-food"}},
		{"high prices", "Prices are too high", want{label: sentiment.Negative}},
		{"high quality", "Consistently high quality", want{label: sentiment.Positive, explains: "high-quality"}},
		{"support as noun", "I contacted customer support twice", want{label: sentiment.Neutral}},
		{"support as verb", "They really support their staff", want{label: sentiment.Positive}},
		{"support negated", "They did not support me", want{label: sentiment.Negative, explains: "negated by"}},
		{"fine as penalty", "I got a parking fine", want{label: sentiment.Negative, explains: "fine-as-penalty"}},
		{"fine as ok", "Everything was fine", want{label: sentiment.Positive, explains: "default"}},
		{"mean as unkind", "The manager was mean to me", want{label: sentiment.Negative, explains: "mean-as-unkind"}},
		{"mean as verb", "I mean the app is new", want{label: sentiment.Neutral}},
	})
}

func TestEmptyAndNeutral(t *testing.T) {
	an := newAnalyzer(t)
	for _, text := range []string{"", "   ", "\n\t", "12345", "...", "N/A"} {
		res := an.Analyze(text)
		if res.Label != sentiment.Neutral || res.Score.Score != 0 {
			t.Errorf("%q: got %s %.3f, want neutral 0", text, res.Label, res.Score.Score)
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
