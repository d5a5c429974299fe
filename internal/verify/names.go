package verify

import (
	"strings"
	"unicode/utf8"
)

// nameWord reports whether token t can be part of a name: a capitalized
// or mixed-case word ("Atta", "SolarWinds", "CISA", "U.S.").
func nameWord(t token) bool {
	return t.kind == tWord && (t.upper || t.mixed)
}

// name matches a proper name at token i: a run of capitalized words,
// possibly joined by connectors ("Department of Homeland Security") or
// glued hyphens ("Rolls-Royce"), or an acronym. Words that open sentences
// or are the brief's own labels are trimmed off its front.
func (e *extractor) name(i int) int {
	if !nameWord(e.tok(i)) || e.claimed[i] {
		return 0
	}
	j := i + 1
	for j < len(e.toks) && !e.toks[j-1].possessive {
		t := e.tok(j)
		if e.claimed[j] || e.skip[j] || t.newline > 0 {
			break
		}
		if nameWord(t) && t.space && !isDateWord(t) && e.chainEnd(j) == j && !e.startsDate(j) {
			// an acronym then a capitalized word: two names ("CISA Director")
			if prev := e.tok(j - 1); prev.allCaps && !t.allCaps && prev.kind == tWord && !prev.dotted {
				break
			}
			j++
			continue
		}
		// glued hyphen between two capitalized words
		if t.kind == tPunct && isDash(t.text) && !t.space && e.glued(j+1) && nameWord(e.tok(j+1)) && !e.claimed[j+1] {
			j += 2
			continue
		}
		// connectors: "of", "al", "bin", and "of the"
		if t.kind == tWord && connectors[t.lower] && !t.upper && t.space {
			k := j + 1
			if t.lower == "of" && e.isWord(k, "the") {
				k++
			}
			if nt := e.tok(k); nameWord(nt) && nt.space && !e.claimed[k] && !isDateWord(nt) {
				j = k + 1
				continue
			}
		}
		break
	}
	e.emitName(i, j)
	return j - i
}

// startsDate reports whether a month (abbreviated or not) with a day or
// year starts at token j: "Jan. 22" is a date, not a name.
func (e *extractor) startsDate(j int) bool {
	m, n := e.monthAt(j)
	return m > 0 && e.tok(j+n).kind == tNum
}

func isDateWord(t token) bool {
	_, m := months[t.lower]
	_, w := weekdays[t.lower]
	return (m && fullMonths[t.lower]) || (w && fullWeekday(t.lower))
}

// emitName trims a run of name tokens [i, j) and records what is left.
func (e *extractor) emitName(i, j int) {
	// shouting or a heading in capitals is no name: "WE HAVE SOME PLANES"
	if caps := e.capsRun(i, j); caps {
		return
	}
	// trim the front: sentence openers, labels, titles
	for i < j {
		t := e.toks[i]
		if t.kind == tWord && (starters[t.lower] && !t.allCaps || sectionWords[t.lower] && !t.allCaps ||
			honorifics[t.lower] || titles[t.lower] && i+1 < j && !t.allCaps || connectors[t.lower] && !t.upper || t.lower == "i" && t.text == "I") {
			i++
			continue
		}
		if t.kind == tPunct {
			i++
			continue
		}
		break
	}
	// trim the back: connectors and dangling punctuation
	for j > i && (e.toks[j-1].kind == tPunct || connectors[e.toks[j-1].lower] && !e.toks[j-1].upper || e.toks[j-1].lower == "the") {
		j--
	}
	if i >= j {
		return
	}
	t := e.toks[i]
	single := j == i+1
	if single {
		if sectionWords[t.lower] && !t.allCaps || utf8.RuneCountInString(t.lower) < 2 && !t.dotted {
			return
		}
		if t.dotted && utf8.RuneCountInString(t.lower) < 2 {
			return // a lone initial
		}
	}
	strong := t.allCaps || t.mixed || !single
	if e.title {
		// in a headline every word is capitalized: each is a name only as
		// a sentence opener would be (acronyms and mixed case always are)
		for x := i; x < j; x++ {
			if w := e.toks[x]; w.kind == tWord && !starters[w.lower] && !connectors[w.lower] && !sectionWords[w.lower] &&
				utf8.RuneCountInString(w.lower) > 1 {
				e.addName(x, x+1, !(w.allCaps || w.mixed))
			}
		}
		return
	}
	e.addName(i, j, single && !strong && e.start[i])
}

// capsRun reports whether tokens [i, j) are three or more words in
// capitals, one of them a function word: a heading, not a name.
func (e *extractor) capsRun(i, j int) bool {
	words, caps, function := 0, 0, false
	for x := i; x < j; x++ {
		t := e.toks[x]
		if t.kind != tWord {
			continue
		}
		words++
		if t.allCaps || utf8.RuneCountInString(t.lower) == 1 && t.upper {
			caps++
		}
		if starters[t.lower] || connectors[t.lower] {
			function = true
		}
	}
	return words >= 3 && caps == words && function
}

func (e *extractor) addName(i, j int, initial bool) {
	var words []string
	for x := i; x < j; x++ {
		if t := e.toks[x]; t.kind == tWord {
			words = append(words, t.lower)
		}
	}
	if len(words) == 0 {
		return
	}
	e.add(i, j, KindName, strings.Join(words, " "))
	e.facts[len(e.facts)-1].initial = initial
}

// nameWords returns the words of a name's Norm that must be found in the
// source: all but connectors.
func nameWords(norm string) []string {
	var out []string
	for _, w := range strings.Fields(norm) {
		if !connectors[w] && w != "the" {
			out = append(out, w)
		}
	}
	return out
}
