package textseg

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Abbreviation tables for the sentence splitter. Keys are the word before
// the final period, case-sensitive, without that period.

// abbrevNever never end a sentence: titles before names, Latin and legal
// abbreviations that are always followed by more of the sentence.
var abbrevNever = set(
	// English titles and ranks
	"Mr", "Mrs", "Ms", "Mx", "Dr", "Drs", "Prof", "Profs", "Gen", "Sen", "Sens", "Rep", "Reps",
	"Gov", "Lt", "Col", "Capt", "Cpt", "Sgt", "Adm", "Maj", "Cmdr", "Cdr", "Brig", "Cpl", "Pvt",
	"Hon", "Rev", "Fr", "Pres", "Supt", "Insp", "Messrs", "Mmes", "Mme", "Mlle", "Atty", "Amb",
	"Det", "Ofc", "Gens", "St", "Ste", "Mt", "Ft", "Sgts",
	// Latin and reference abbreviations
	"vs", "v", "cf", "Cf", "viz", "approx", "Approx", "ca", "e.g", "i.e", "E.g", "I.e",
	"Pub", "Fed", "Crim", "Civ", "Evid", "Supp", "Cir", "Reg", "Regs", "Admin", "Proc", "Ann",
	"Dept", "Univ", "Exec", "Cong", "Sess", "Ass't", "Asst", "Dist", "Ct", "Assn", "Ass'n", "Comm", "Natl", "Int'l", "Corp'n",
	// Russian
	"т.е", "т.к", "т.н", "т.ч", "т.о", "и.о", "им", "ул", "пер", "просп", "напр", "см",
	"ср", "проф", "акад", "ген", "тов", "гр", "кв", "обл", "пос", "ст", "гл",
	"рис", "табл", "стр", "тт", "г-н", "г-жа",
)

// abbrevNumber do not end a sentence when a number follows: "No. 5",
// "Jan. 21", "p. 12".
var abbrevNumber = set(
	"No", "Nos", "no", "nos", "Vol", "vol", "Vols", "vols", "p", "pp", "para", "paras", "Para",
	"sec", "Sec", "secs", "ch", "Ch", "chap", "Chap", "art", "Art", "arts", "fig", "Fig", "figs", "Figs",
	"tab", "Tab", "op", "Op", "Stat", "ed", "Ed", "pt", "Pt", "cl", "subpara", "Nr", "nr",
	"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
	"№",
)

// abbrevStarter end a sentence only when the next word is a typical
// sentence starter ("Apple Inc. The company" vs "Acme Inc. Chairman").
var abbrevStarter = set(
	"Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "Bros", "al", "Esq", "LLC", "Cos", "Mfg", "Intl",
)

// sentenceStarters are words that commonly begin an English sentence.
var sentenceStarters = set(
	"The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You",
	"In", "On", "At", "As", "A", "An", "But", "And", "Or", "So", "If", "When", "While", "However",
	"Although", "After", "Before", "Since", "Because", "There", "Their", "His", "Her", "Our", "My",
	"For", "From", "To", "By", "With", "Also", "Then", "Thus", "Yet", "Still", "Such", "Some",
	"Many", "Most", "All", "Each", "What", "Who", "Which", "Where", "Why", "How", "During",
	"Under", "Over", "According", "Both", "Neither", "Nor", "Other", "Another", "One", "Two",
	"Several", "Further", "Furthermore", "Moreover", "Instead", "Meanwhile", "Despite", "Mr",
	"Mrs", "Ms", "Dr", "Today", "Yesterday", "Once", "Only", "Now",
)

// IsAbbreviation reports whether word, written before a period (without
// that period), is one of the abbreviations after which the period need not
// end a sentence: "Mr", "No", "Inc", "e.g", "т.е". It is the same table the
// splitter uses, for callers that read sentences within a text (the
// grounding check's name detection); it also accepts the word in lowercase
// or all capitals ("mr", "MR").
func IsAbbreviation(word string) bool {
	if abbrevAny(word) {
		return true
	}
	lower := strings.ToLower(word)
	if lower == word && abbrevAny(capitalize(lower)) {
		return true
	}
	return lower != word && (abbrevAny(lower) || abbrevAny(capitalize(lower)))
}

func abbrevAny(w string) bool { return abbrevNever[w] || abbrevNumber[w] || abbrevStarter[w] }

// capitalize upper-cases the first letter of w.
func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
