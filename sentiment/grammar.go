package sentiment

// The grammar tables: words that change other words' valence. They are
// English grammar, not domain knowledge, so they live in code; the domain
// layer (configs/sentiment.yaml) holds what depends on the business.

// Scalars of the rules, VADER's empirically derived constants where VADER has
// the rule (Hutto & Gilbert, 2014).
const (
	boostStep      = 0.293 // a booster or dampener adds or removes this much valence
	capsBoost      = 0.733 // a shouted word among normal ones
	negationScalar = -0.74 // "not good" is about -0.74 × "good"
	exclaimStep    = 0.292 // each "!" up to four
	maxExclaims    = 4
	questionStep   = 0.18 // each "?" from two up to three
	maxQuestion    = 0.96
	// negationWindow is how many tokens back a negator reaches ("not at all
	// helpful" reaches "helpful" from "not"). It never crosses a clause
	// boundary, so "not cheap, but good" leaves "good" alone.
	negationWindow = 3
	boostWindow    = 3
	// Contrast: the clause before "but" counts half, the clause after it
	// one and a half times (VADER's weights, extended to "however",
	// "although" and friends, and applied per clause).
	contrastBefore = 0.5
	contrastAfter  = 1.5
)

// negators flip the valence of what follows them in the clause.
var negators = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nothing": true, "nobody": true,
	"nowhere": true, "neither": true, "nor": true, "cannot": true, "without": true,
	"hardly": true, "barely": true, "rarely": true, "seldom": true, "nope": true,
	"aint": true, "arent": true, "cant": true, "couldnt": true, "didnt": true, "doesnt": true,
	"dont": true, "hadnt": true, "hasnt": true, "havent": true, "isnt": true, "mightnt": true,
	"mustnt": true, "neednt": true, "shouldnt": true, "wasnt": true, "werent": true,
	"wont": true, "wouldnt": true,
}

// boosters strengthen (positive) or weaken (negative) the next sentiment word.
var boosters = map[string]float64{
	"absolutely": 1, "amazingly": 1, "awfully": 1, "completely": 1, "considerably": 1,
	"decidedly": 1, "deeply": 1, "enormously": 1, "entirely": 1, "especially": 1,
	"exceptionally": 1, "extremely": 1, "fully": 1, "greatly": 1, "highly": 1, "hugely": 1,
	"incredibly": 1, "intensely": 1, "majorly": 1, "more": 1, "most": 1, "particularly": 1,
	"purely": 1, "quite": 1, "really": 1, "remarkably": 1, "so": 1, "substantially": 1,
	"thoroughly": 1, "totally": 1, "tremendously": 1, "unbelievably": 1, "unusually": 1,
	"utterly": 1, "very": 1, "super": 1, "truly": 1, "seriously": 1, "ridiculously": 1,
	"insanely": 1, "terribly": 1, "horribly": 1, "painfully": 1, "such": 1, "too": 1,
	"pretty": 1, "fucking": 1, "freaking": 1, "hella": 1, "uber": 1, "way": 1,
	"almost": -1, "kinda": -1, "sorta": -1, "less": -1,
	"little": -1, "marginally": -1, "occasionally": -1, "partly": -1, "scarcely": -1,
	"slightly": -1, "somewhat": -1, "fairly": -1, "reasonably": -1, "relatively": -1, "bit": -1,
}

// contrastOpeners start a clause that outweighs the clause before it.
var contrastOpeners = map[string]bool{
	"but": true, "however": true, "nevertheless": true, "nonetheless": true, "otherwise": true,
}

// concessives start a clause that weighs less than the rest of its sentence
// ("although the staff were nice, the wait was awful").
var concessives = map[string]bool{
	"although": true, "though": true, "whereas": true, "except": true,
}

// negationBreakers stop a negator's reach ("not only", "no doubt").
var negationBreakers = map[string]bool{
	"only": true, "just": true, "doubt": true, "wonder": true, "matter": true,
}
