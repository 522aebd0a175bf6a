package configs_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

// engine builds the analyzer from the embedded lexicon, as the daemon does.
func engine(t *testing.T) (*sentiment.Tokenizer, *sentiment.Analyzer) {
	t.Helper()
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		t.Fatalf("load lexicon: %v", err)
	}
	return tz, sentiment.New(tz, lex)
}

func classifier(t *testing.T, data []byte, name string) *classify.Classifier {
	t.Helper()
	tz, an := engine(t)
	tax, err := classify.LoadTaxonomy(tz, data, name)
	if err != nil {
		t.Fatalf("load taxonomy: %v", err)
	}
	return classify.New(tax, an)
}

type tagCase struct {
	name     string
	audience string // "customer", "employee" or "" (unknown)
	text     string
	meta     map[string]string
	want     []string // exact set of touchpoint ids
}

func runTagCases(t *testing.T, c *classify.Classifier, cases []tagCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Classify(classify.Comment{Text: tc.text, Audience: tc.audience, Meta: tc.meta})
			var got []string
			var why []string
			for _, tp := range r.Touchpoints {
				got = append(got, tp.ID)
				for _, ev := range tp.Evidence {
					why = append(why, tp.ID+": "+ev.Rule+" "+strings.TrimSpace(" "+ev.Term))
				}
			}
			want := slices.Clone(tc.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q\n got  %v\n want %v\n evidence:\n  %s", tc.text, got, want, strings.Join(why, "\n  "))
			}
			if r.Untagged != (len(got) == 0) {
				t.Errorf("Untagged = %v with %d touchpoints", r.Untagged, len(got))
			}
		})
	}
}

// TestDefaultTaxonomy checks the embedded taxonomy on comments written for
// this test (none comes from an evaluation set): customer comments from
// retail, e-commerce, telecom, banking, travel, utilities and SaaS, employee
// survey comments, and the classic false friends that make a support lead
// distrust a tagger.
func TestDefaultTaxonomy(t *testing.T) {
	c := classifier(t, configs.Taxonomy(), configs.TaxonomyName)
	const cu, em = "customer", "employee"
	runTagCases(t, c, []tagCase{
		// Contact centre.
		{"hold and refund", cu, "Waited 40 minutes on hold and the refund still hasn't arrived.", nil, []string{"support/wait-time", "billing/refunds"}},
		{"hold", cu, "I was on hold for over an hour before anyone picked up.", nil, []string{"support/wait-time"}},
		{"guy on the phone", cu, "The guy on the phone was really helpful and sorted it out straight away.", nil, []string{"support/agent", "support/resolution"}},
		{"chat bot", cu, "The chat bot was useless, it kept sending me the same links.", nil, []string{"support/chat"}},
		{"repeat contact", cu, "Had to chase them three times before anyone got back to me.", nil, []string{"support/resolution"}},
		{"passed around", cu, "I had to explain my problem to four different people.", nil, []string{"support/resolution"}},
		{"no reply", cu, "I've emailed three times with no reply.", nil, []string{"support/wait-time", "support/resolution"}},
		{"call back never came", cu, "They said they'd call back within 24 hours and never did.", nil, []string{"support/wait-time"}},
		{"agent knowledge", cu, "The agent didn't know what she was talking about.", nil, []string{"support/agent"}},
		{"above and beyond", cu, "The advisor went above and beyond to help me.", nil, []string{"support/agent", "support/resolution"}},
		{"customer service", cu, "Terrible customer service, I was on the phone for an hour.", nil, []string{"support/wait-time"}},
		{"call centre team", cu, "The team at the call centre were great.", nil, []string{"support"}},
		{"channel phone", cu, "She was lovely and very patient with me.", map[string]string{"channel": "Phone"}, []string{"support"}},
		{"channel chat", cu, "Quick answers, thanks.", map[string]string{"Channel": "chat"}, []string{"support/chat"}},
		// Delivery.
		{"left in the rain", cu, "My parcel was left outside in the rain by the courier.", nil, []string{"delivery/courier"}},
		{"late and not told", cu, "Delivery was two days late and nobody told me.", nil, []string{"delivery/delays", "communication"}},
		{"where is my order", cu, "Where is my order? It's been two weeks.", nil, []string{"delivery/delays"}},
		{"nothing arrived", cu, "Tracking said delivered but nothing arrived.", nil, []string{"delivery/delays"}},
		{"damaged", cu, "Order arrived damaged and the box was crushed.", nil, []string{"delivery"}},
		{"thrown over the gate", cu, "The delivery driver threw my parcel over the gate.", nil, []string{"delivery/courier"}},
		{"app and late delivery", cu, "Love the app but delivery was late.", nil, []string{"app", "delivery/delays"}},
		{"easy order next day", cu, "Easy to order, arrived next day, perfect.", nil, []string{"checkout", "delivery"}},
		// Buying and paying.
		{"charged twice", cu, "I was charged twice for the same order.", nil, []string{"billing"}},
		{"direct debit", cu, "Direct debit taken twice this month.", nil, []string{"billing"}},
		{"promo code is not the app", cu, "I applied the promo code but it didn't take anything off.", nil, []string{"pricing/promotions"}},
		{"discount and delivery charge", cu, "Charged for delivery even though I used a discount code.", nil, []string{"billing", "delivery", "pricing/promotions"}},
		{"price rise", cu, "Prices have gone up again, not worth the money anymore.", nil, []string{"pricing"}},
		{"loyalty", cu, "Loyalty means nothing, new customers get better deals.", nil, []string{"pricing/promotions"}},
		{"payment page", cu, "The checkout kept failing at the payment page.", nil, []string{"checkout"}},
		{"card declined at till", cu, "My card was declined at the till even though I had money.", nil, []string{"billing", "store"}},
		{"returns and refund", cu, "Returned the shoes three weeks ago and still no refund.", nil, []string{"returns", "billing/refunds"}},
		{"wrong item", cu, "Wrong item sent, had to return it.", nil, []string{"delivery", "returns"}},
		{"cancel contract", cu, "Trying to cancel my contract is impossible.", nil, []string{"contract"}},
		// Digital.
		{"login", cu, "Couldn't log in after the update, password reset link never came.", nil, []string{"account/login"}},
		{"app crash", cu, "The app keeps crashing when I try to pay.", nil, []string{"app"}},
		{"website navigation", cu, "The website is so hard to navigate, couldn't find the returns page.", nil, []string{"website", "returns"}},
		{"set up account", cu, "Setting up the account took ages but the welcome email was helpful.", nil, []string{"onboarding"}},
		{"mortgage application", cu, "My mortgage application took weeks to be approved.", nil, []string{"onboarding"}},
		{"marketing emails", cu, "Too many marketing emails, I unsubscribed twice.", nil, []string{"marketing"}},
		// Product, reliability, appointments, store.
		{"poor quality", cu, "The jacket fell apart after two washes, really poor quality.", nil, []string{"product/quality"}},
		{"out of stock", cu, "Everything I wanted was out of stock.", nil, []string{"product/availability"}},
		{"internet drops", cu, "Internet keeps dropping out every evening.", nil, []string{"reliability"}},
		{"signal", cu, "The signal at my house is terrible.", nil, []string{"reliability"}},
		{"flight delayed", cu, "Flight delayed 3 hours and no one at the desk could tell us anything.", nil, []string{"reliability", "store"}},
		{"power cut", cu, "Power cut for 6 hours and no updates from you.", nil, []string{"reliability", "communication"}},
		{"engineer no show", cu, "Booked an appointment for the engineer but nobody turned up.", nil, []string{"appointments"}},
		{"appointment is not app", cu, "Had to reschedule my appointment twice.", nil, []string{"appointments"}},
		{"store staff", cu, "Staff in the store were friendly and knew their stuff.", nil, []string{"store/staff"}},
		{"till queue", cu, "Queue at the tills was massive and only one till open.", nil, []string{"store"}},
		{"checkout lady is store", cu, "The lady at the checkout was lovely.", nil, []string{"store/staff"}},
		{"hotel staff", cu, "The hotel staff were amazing and the room was spotless.", nil, []string{"store/staff"}},
		// False friends and comments about nothing in particular.
		{"call it a success", "", "I would call it a success.", nil, nil},
		{"in order to", cu, "In order to save money I switched to the cheaper tariff.", nil, []string{"pricing"}},
		{"no complaints", cu, "No complaints, great service.", nil, nil},
		{"never order again", cu, "I will never order from them again.", nil, nil},
		{"take into account", cu, "They took into account my situation and waived the fee.", nil, []string{"pricing"}},
		{"ask for a manager", "", "I asked to speak to a manager and was told none was available.", nil, nil},
		{"delivered promise", cu, "They delivered exactly what they promised.", nil, nil},
		{"service delivered", cu, "Service was delivered professionally.", nil, nil},
		{"untagged", cu, "Absolutely disgusted.", nil, nil},
		// Employee survey.
		{"manager and workload", em, "My line manager is supportive but the workload is crazy, working weekends again.", nil, []string{"employee/management", "employee/workload", "employee/work-life"}},
		{"career", em, "No career progression here, I've been in the same role for five years.", nil, []string{"employee/career"}},
		{"understaffed", em, "We are understaffed and everyone is burnt out.", nil, []string{"employee/workload"}},
		{"wfh", em, "WFH two days a week has made a huge difference.", nil, []string{"employee/work-life"}},
		{"laptop", em, "My laptop is ancient and the VPN drops constantly.", nil, []string{"employee/tools"}},
		{"pay rise", em, "Pay rise was below inflation again.", nil, []string{"employee/pay"}},
		{"leadership listening", em, "Senior leadership never listen to us.", nil, []string{"employee/leadership", "employee/communication"}},
		{"team and pay", em, "Great team, lovely colleagues, but the pay is poor.", nil, []string{"employee/culture", "employee/pay"}},
		{"thank you", em, "I never get a thank you for the extra hours I put in.", nil, []string{"employee/recognition", "employee/workload"}},
		{"head office comms", em, "Communication from head office is poor, we find out about changes on Facebook.", nil, []string{"employee/leadership", "employee/communication"}},
		{"induction", em, "The induction was rushed and I didn't know who to ask.", nil, []string{"onboarding"}},
		{"managed is not manager", em, "Managed to hit all my targets this quarter despite the systems being down.", nil, []string{"employee/workload", "employee/tools"}},
		{"rotas", em, "Constantly changing rotas make it hard to plan childcare.", nil, []string{"employee/work-life"}},
		{"valued", em, "I feel valued and my manager recognises my work.", nil, []string{"employee/management", "employee/recognition"}},
		{"no opportunities", em, "I'd like to progress but there are no opportunities.", nil, []string{"employee/career"}},
		{"training", em, "The course was useful, I learned a lot.", nil, []string{"employee/training"}},
		{"employee call it", em, "I would call it a success, the project went well.", nil, nil},
		{"customer audience hides employee touchpoints", cu, "The pay is awful and the manager is rude.", nil, nil},
		{"employee audience hides customer touchpoints", em, "My bill was wrong and the app crashed.", nil, nil},
	})
}

// TestRestaurantExample checks configs/examples/restaurants.yaml on review
// sentences written for this test.
func TestRestaurantExample(t *testing.T) {
	data, err := os.ReadFile("examples/restaurants.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := classifier(t, data, "configs/examples/restaurants.yaml")
	runTagCases(t, c, []tagCase{
		{"food and service", "", "The pasta was divine but our waiter forgot the wine twice.", nil, []string{"food", "service"}},
		{"occasion", "", "We went there for my wife's birthday and had a wonderful time.", nil, []string{"anecdotes/miscellaneous"}},
		{"decor and music", "", "The decor is charming and the music isn't too loud.", nil, []string{"ambience"}},
		{"price and portions", "", "Prices are reasonable for the portions you get.", nil, []string{"price", "food"}},
		{"regular", "", "I have been coming here for years and it never disappoints.", nil, []string{"anecdotes/miscellaneous"}},
		{"recommend", "", "Highly recommended!", nil, []string{"anecdotes/miscellaneous"}},
		{"wait for a table", "", "We waited 45 minutes for a table even though we had booked.", nil, []string{"service"}},
		{"cold food", "", "The food was cold by the time it reached our table.", nil, []string{"food"}},
		{"worth every penny", "", "It's a bit pricey but worth every penny.", nil, []string{"price"}},
		{"be back", "", "We will definitely be back.", nil, []string{"anecdotes/miscellaneous"}},
		{"romantic room", "", "The room is dark and romantic with candles on every table.", nil, []string{"ambience"}},
		{"dollars", "", "Dinner for two came to 90 dollars with wine.", nil, []string{"food", "price"}},
		{"general praise is an anecdote", "", "Great place to take out-of-town guests.", nil, []string{"anecdotes/miscellaneous"}},
		{"dinner as an occasion", "", "We went there for dinner on a Friday.", nil, []string{"anecdotes/miscellaneous"}},
		{"opening hours", "", "They are open late on weekends.", nil, []string{"anecdotes/miscellaneous"}},
		{"food sentence is not an anecdote", "", "The sushi was fresh.", nil, []string{"food"}},
		{"recommending a dish", "", "I recommend the lamb.", nil, []string{"food"}},
		{"slow kitchen is service", "", "Our food took over an hour to arrive.", nil, []string{"service"}},
		{"menu prices", "", "The menu prices are a little high.", nil, []string{"price"}},
		{"can't wait to go back", "", "Can't wait to go back!", nil, []string{"anecdotes/miscellaneous"}},
	})
}
