package main

// The word templates behind `feedbackd gen`. They are written for this
// project (no dataset text) and aim at the shape of real survey comments:
// one to three touchpoints, mixed feelings, numbers, the odd typo-free rant.

// genTopic is one touchpoint's vocabulary.
type genTopic struct {
	audience string
	subjects []string // noun phrases that name the touchpoint
	positive []string // predicates, completing "<subject> ..."
	negative []string
	neutral  []string
}

// genTopics is a constant table.
var genTopics = []genTopic{
	{"customer", []string{"the delivery", "my parcel", "the courier", "shipping"},
		[]string{"arrived a day early and well packed", "was quick and the driver was friendly", "came exactly when promised"},
		[]string{"was three days late with no update", "never arrived and tracking still says in transit", "left the box soaked on the doorstep"},
		[]string{"came on the Thursday", "was handled by a local courier"}},
	{"customer", []string{"the support team", "the agent on the phone", "customer service", "the helpline"},
		[]string{"sorted it out quickly and politely", "went above and beyond to help me", "was patient and explained everything"},
		[]string{"kept me on hold for 40 minutes", "never called me back as promised", "transferred me four times and nobody could help"},
		[]string{"asked for my order number", "said they would look into it"}},
	{"customer", []string{"the refund", "my money back", "the return"},
		[]string{"was processed within two days", "went through without any hassle", "was refunded in full straight away"},
		[]string{"still hasn't arrived after three weeks", "was refused for no clear reason", "took over a month and five emails"},
		[]string{"should show up on my statement next week", "was sent to the original card"}},
	{"customer", []string{"the app", "the mobile app", "the new version of the app"},
		[]string{"is fast and easy to use", "makes reordering really simple", "works great on my phone"},
		[]string{"keeps crashing when I open my basket", "logs me out every single time", "is slow and the search is useless"},
		[]string{"asked me to update before ordering", "shows the order history by month"}},
	{"customer", []string{"the website", "checkout", "the online shop"},
		[]string{"was clear and took a minute", "made it easy to compare options", "worked perfectly"},
		[]string{"froze at the payment page twice", "charged me twice for the same order", "would not accept my discount code"},
		[]string{"has a new layout", "needed my postcode first"}},
	{"customer", []string{"the price", "the monthly fee", "the pricing"},
		[]string{"is fair for what you get", "is great value compared to others", "was lower than I expected"},
		[]string{"went up again without any warning", "is far too expensive for the quality", "had hidden fees added at the end"},
		[]string{"is about the same as last year", "depends on the plan"}},
	{"customer", []string{"the product", "the quality", "the jacket I bought"},
		[]string{"is excellent and feels built to last", "is exactly as described", "looks even better in person"},
		[]string{"broke after two days", "is cheap and fell apart in the wash", "was damaged and missing parts"},
		[]string{"comes in three colours", "is made in Portugal"}},
	{"customer", []string{"the staff in the store", "the people at the branch", "the shop assistants"},
		[]string{"were lovely and really helpful", "found my size in seconds", "made me feel welcome"},
		[]string{"ignored me for ten minutes", "were rude and clearly did not care", "left the till empty for ages"},
		[]string{"were busy on Saturday", "wore new uniforms"}},
	{"customer", []string{"my account", "the account page", "the login"},
		[]string{"was easy to set up", "worked first time", "was simple and secure"},
		[]string{"got locked for no reason", "kept rejecting my password", "took an hour to get back into"},
		[]string{"needed a verification code", "is linked to my email"}},
	{"customer", []string{"the invoice", "the bill", "the payment"},
		[]string{"was clear and correct", "went through smoothly", "matched the quote exactly"},
		[]string{"was wrong for the third month in a row", "charged me for a cancelled order", "doubled without explanation"},
		[]string{"arrives on the first of the month", "is paid by direct debit"}},
	{"customer", []string{"the emails", "the updates", "the messages"},
		[]string{"kept me informed at every step", "were clear and timely", "were genuinely useful"},
		[]string{"were confusing and contradicted each other", "stopped as soon as I paid", "were spam every single day"},
		[]string{"came from a no-reply address", "arrive weekly"}},
	{"customer", []string{"the onboarding", "the setup", "getting started"},
		[]string{"was smooth and well explained", "took five minutes", "was painless"},
		[]string{"was a nightmare of forms", "took two weeks and three calls", "was confusing from the start"},
		[]string{"had four steps", "was done by video call"}},
	{"employee", []string{"my manager", "my team lead", "our line manager"},
		[]string{"is supportive and always makes time for us", "gives honest and useful feedback", "trusts us to do our jobs"},
		[]string{"micromanages everything we do", "never listens and takes the credit", "cancels our one-to-ones every week"},
		[]string{"joined in March", "runs the Monday meeting"}},
	{"employee", []string{"the workload", "the amount of work", "the number of tickets"},
		[]string{"is manageable now that we hired two people", "is fair and well planned", "feels balanced this quarter"},
		[]string{"is unsustainable and people are burning out", "keeps growing while the team shrinks", "means working every weekend"},
		[]string{"peaks at the end of the month", "is tracked in the planner"}},
	{"employee", []string{"the pay", "my salary", "the pay package"},
		[]string{"is competitive and the bonus is fair", "is generous compared to other companies", "went up in line with inflation"},
		[]string{"has not changed in three years", "is well below the market rate", "was cut without any discussion"},
		[]string{"is paid monthly", "includes a pension"}},
	{"employee", []string{"career growth", "promotion", "the development plan"},
		[]string{"is real here and I was promoted last year", "is well supported with mentoring", "feels achievable"},
		[]string{"does not exist for people like me", "goes to favourites only", "has been promised for two years"},
		[]string{"is discussed in the annual review", "depends on the department"}},
	{"employee", []string{"the training", "the training programme", "the induction"},
		[]string{"was excellent and practical", "helped me a lot in my first month", "is well organised"},
		[]string{"was a waste of a whole day", "is outdated and irrelevant", "never happened for new starters"},
		[]string{"is online", "takes two days"}},
	{"employee", []string{"the laptops", "our tools", "the IT systems"},
		[]string{"are modern and reliable", "make the job easier", "were upgraded and it shows"},
		[]string{"are ancient and crash every day", "slow everything down", "break and IT takes a week to respond"},
		[]string{"run the standard image", "are replaced every four years"}},
	{"employee", []string{"my colleagues", "the people in my team", "my teammates"},
		[]string{"are friendly and genuinely helpful", "are the best part of working here", "are inclusive and respectful"},
		[]string{"are toxic and full of gossip", "have become cliquey and cold", "gang up on anyone who speaks up"},
		[]string{"are spread over two offices", "meet on Thursdays"}},
	{"employee", []string{"work-life balance", "flexible working", "remote working"},
		[]string{"is great and I can pick up my kids", "is a real benefit", "works well for everyone"},
		[]string{"is impossible with these deadlines", "was taken away without asking us", "is a joke when calls start at seven"},
		[]string{"is two days a week", "needs approval"}},
	{"employee", []string{"the directors", "senior managers", "the leadership team"},
		[]string{"are transparent about where we are going", "explained the strategy clearly", "listen to the front line"},
		[]string{"are invisible and out of touch", "keep changing direction every quarter", "announced layoffs by email"},
		[]string{"hold a town hall each quarter", "sit in the head office"}},
}

var (
	genOpeners = []string{"", "", "Honestly,", "Overall", "To be fair,", "I have to say", "Just to let you know,", "Well,",
		"As a long-time customer,", "After six months,"}
	genEmployeeOpeners = []string{"", "", "Honestly,", "To be fair,", "In my team,", "After two years here,", "Overall"}
	genJoiners         = []string{" and ", " but ", ", although ", ", while ", ". ", ". Also, ", "; "}
	genClosers         = []string{"", "", "", "Will order again.", "Not impressed.", "Thanks!", "Please fix this.",
		"Would recommend.", "Very disappointed.", "Keep it up!", "Five stars.", "Not sure I will stay."}
	genEmployeeClosers = []string{"", "", "", "Thanks for asking.", "Something has to change.", "Proud to work here.",
		"I am thinking of leaving.", "Keep it up."}
	genChannels = []string{"web", "app", "phone", "email", "store", "chat"}
	genTeams    = []string{"support", "warehouse", "sales", "finance", "engineering", "stores"}
)
