package demo

// The constant tables of the fictional retailer: where it trades, what it
// sells, who answers the phone and which teams answer the pulse survey.

// channels are the values of the "channel" metadata field.
var channels = []string{"web", "app", "store", "phone", "chat", "email"}

// sourceChannels returns the channels a source's comments come from, with
// weights, and false for an unknown or employee source.
func sourceChannels(source string) ([]weighted, bool) {
	switch source {
	case SourceNPS:
		return []weighted{{"web", 45}, {"app", 25}, {"store", 30}}, true
	case SourceCSAT:
		return []weighted{{"phone", 50}, {"chat", 35}, {"email", 15}}, true
	case SourceApp:
		return []weighted{{"app", 1}}, true
	case SourceTickets:
		return []weighted{{"email", 45}, {"chat", 30}, {"phone", 25}}, true
	}
	return nil, false
}

// weighted is a value with a relative weight.
type weighted struct {
	v string
	w float64
}

// regions are the values of "region", weighted by customers.
var regions = []weighted{{"South", 30}, {"North", 25}, {"West", 18}, {"East", 15}, {"Scotland", 12}}

// stores lists the stores of each region.
var stores = map[string][]string{
	"North":    {"Leeds", "Manchester Trafford", "Newcastle"},
	"South":    {"Croydon", "Southampton", "Brighton"},
	"East":     {"Norwich", "Cambridge"},
	"West":     {"Bristol", "Cardiff", "Exeter"},
	"Scotland": {"Glasgow", "Edinburgh"},
}

// products are the values of "product".
var products = []string{
	"Sofas & Armchairs", "Beds & Mattresses", "Furniture", "Kitchen & Dining",
	"Lighting", "Textiles & Rugs", "Garden", "Storage", "Home Decor",
}

// agents answer the contact centre's phones, chats and e-mails.
var agents = []string{
	"Aisha M.", "Ben T.", "Callum R.", "Dev P.", "Ellie W.", "Fatima K.", "Grace O.",
	"Harvey L.", "Imran S.", "Jess B.", "Kofi A.", "Lauren D.", "Megan F.", "Niall C.",
}

// team is one employee team of the pulse survey; size is how many of its
// people answer each monthly wave.
type team struct {
	name, dept, region string
	size               int
}

// teams answer the monthly employee pulse.
var teams = []team{
	{"Stores North", deptStores, "North", 15},
	{"Stores South", deptStores, "South", 14},
	{"Stores Scotland", deptStores, "Scotland", 8},
	{"Warehouse Daventry", deptWarehouse, "East", 16},
	{"Warehouse Livingston", deptWarehouse, "Scotland", 8},
	{"Contact Centre Cardiff", deptContact, "West", 15},
	{"Digital & App", deptOffice, "South", 7},
	{"Finance & Billing", deptOffice, "South", 6},
	{"People & HR", deptOffice, "South", 6},
	{"Marketing & Loyalty", deptOffice, "South", 6},
	{"Buying & Merchandising", deptOffice, "South", 6},
}

// tenures are the values of "tenure", weighted.
var tenures = []weighted{{"<1 year", 25}, {"1-3 years", 35}, {"3-5 years", 20}, {"5+ years", 20}}
