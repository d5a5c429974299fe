package verify

import "strings"

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// months maps month names and abbreviations (lowercase) to 1..12; full
// names are marked in fullMonths.
var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// ruMonths are Russian month names, lowercase as Russian writes them, in
// the nominative and the genitive of dates ("29 февраля 2024"): an English
// brief of a Russian report writes the same dates in English.
var ruMonths = map[string]int{
	"январь": 1, "января": 1, "февраль": 2, "февраля": 2, "март": 3, "марта": 3,
	"апрель": 4, "апреля": 4, "май": 5, "мая": 5, "июнь": 6, "июня": 6, "июль": 7, "июля": 7,
	"август": 8, "августа": 8, "сентябрь": 9, "сентября": 9, "октябрь": 10, "октября": 10,
	"ноябрь": 11, "ноября": 11, "декабрь": 12, "декабря": 12,
}

// ruPercent are the forms of the Russian "percent" after a number.
var ruPercent = wordSet("процент процента процентов")

var fullMonths = wordSet("january february march april may june july august september october november december")

var weekdays = map[string]string{
	"monday": "monday", "tuesday": "tuesday", "wednesday": "wednesday", "thursday": "thursday",
	"friday": "friday", "saturday": "saturday", "sunday": "sunday",
	"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "thu": "thursday",
	"thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday",
}

// connectors may join the capitalized words of one name
// ("Department of Homeland Security", "Marwan al Shehhi").
var connectors = wordSet("of de da di del della der den van von al el bin ibn bint la le du y zu dos das")

// honorifics are dropped from the front of a name: the source may name the
// person without them.
var honorifics = wordSet("mr mrs ms dr prof sir dame mx messrs")

// titles are offices written before a name; a name starts after them
// ("President George W. Bush" names "George W. Bush"), since the source
// may give the office elsewhere.
var titles = wordSet(`president director secretary senator representative congressman congresswoman
	governor minister chairman chairwoman chair ambassador general admiral colonel captain commissioner
	judge justice deputy acting former vice chief sheriff mayor king queen prince princess pope agent
	officer detective sergeant lieutenant commander professor spokesman spokeswoman spokesperson
	comptroller administrator inspector attorney counsel premier chancellor envoy`)

// sectionWords are the brief's own headings and labels, never names.
var sectionWords = wordSet(`background response implications implication key facts fact lead title summary
	overview conclusion conclusions introduction context analysis outlook recommendations recommendation
	timeline findings finding date dates source sources notes note update updates takeaways takeaway
	highlights bottom line what why who how`)

// starters are capitalized words that begin sentences without naming
// anything: function words, pronouns, discourse markers and the like. A
// name never starts with one ("The Pentagon" names "Pentagon").
var starters = wordSet(`a an the this that these those it its they their them there here he she his her
	we our us you your i my me in on at by for from with without within into onto of to as after before
	during since until till while when whenever where wherever why how what whatever which who whom whose
	if unless although though because so but and or nor yet also then thus hence therefore however
	moreover furthermore additionally meanwhile overall together ultimately consequently notably
	importantly specifically separately similarly likewise instead still even just only both each every
	all some many most several few other others another such no not none nothing neither either any
	despite given following according amid among across against under over through throughout beyond
	between prior later earlier first second third fourth fifth finally next now today tonight
	tomorrow yesterday currently recently previously initially eventually subsequently once again
	indeed rather perhaps possibly probably likely unlikely clearly certainly apparently reportedly
	allegedly officially publicly critically crucially significantly broadly generally typically
	usually often sometimes always never while whereas upon via per than about above below around
	along beside besides near toward towards behind beneath inside outside is are was were be been
	being has have had do does did will would shall should can could may might must let please note
	see yes ok okay more less much most least further fewer same similar different new old key main
	major minor top high low early late recent current former latter last past future various certain
	including included includes such two three four five six seven eight nine ten one zero dozens
	hundreds thousands millions billions half nearly almost approximately roughly about some`)

// commonSuffixes mark ordinary English words; a capitalized sentence-initial
// word the source does not contain is taken for an invented name only when
// it has none of them.
var commonSuffixes = []string{"ly", "ed", "ing", "tion", "tions", "sion", "sions", "ment", "ments",
	"ness", "ity", "ities", "ers", "ors", "ies", "ous", "ive", "ives", "able", "ible", "ful", "less",
	"ism", "ist", "ists", "ance", "ence", "ward", "wards", "ise", "ize", "ised", "ized", "ings", "ship"}

// demonymSuffixes relate a place to its people or adjective, and a word to
// its plural: "Russia"/"Russian", "China"/"Chinese", "Iraq"/"Iraqi".
var demonymSuffixes = []string{"", "a", "e", "y", "n", "an", "ian", "ia", "ese", "i", "ish", "ic", "s", "es"}
