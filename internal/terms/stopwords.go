package terms

import "strings"

// englishStop are English function words plus the fillers of transcribed
// speech ("um", "yeah"), which carry no topic and would otherwise make
// back-channel turns look central.
const englishStop = `a about above after again against all almost also although always am among an and another any
anybody anyone anything anyway anywhere are aren around as at be became because become been before being below
between both but by can cannot could couldn did didn do does doesn doing don done down during each either else
enough etc even ever every few for from further get gets getting go goes going got had hadn has hasn have haven
having he her here hers herself him himself his how however i if in into is isn it its itself just least less
let like ll made make makes many may me might more most much must my myself neither no nor not now of off often
on once one only or other others otherwise our ours ourselves out over own per perhaps put quite rather re
really s said same say says see seem seemed seems shall she should since so some something somewhat still such
t than that the their theirs them themselves then there therefore these they thing things this those though
through thus to too toward towards under until up upon us use used using ve very via was wasn way we well were
weren what whatever when where whether which while who whom whose why will with within without won would
wouldn yet you your yours yourself yourselves
um umm uh uhm hmm hm mm mmm mm-hmm uh-huh huh ah oh eh er erm yeah yep yes okay ok alright right gonna wanna
gotta kinda sorta actually basically maybe sure mean know think guess kay`

// russianStop are Russian function words.
const russianStop = `а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
его ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо между меня мне может мы на над
надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под при с со так также такой там
те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы чье чья эта эти это этого этой этом этот
я который которые которых которая которой которое которым котором свой своей своих свои себя себе сам сама сами
будет будут была бы всё всем всеми именно нам нас ними них нём ней ним тогда тут чём чему этим этих этими`

var stopSets = map[string]map[string]bool{
	"en": WordSet(englishStop),
	"ru": WordSet(russianStop),
}

// StopWords returns the stop words of a language code ("en", "ru"), or nil.
// The set is shared: callers must not change it.
func StopWords(lang string) map[string]bool { return stopSets[lang] }

// WordSet returns the set of the space-separated words of s.
func WordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
