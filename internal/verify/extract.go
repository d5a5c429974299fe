package verify

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/textseg"
)

// fact is a Fact with what the extractor learnt about it.
type fact struct {
	Fact
	end     int
	initial bool // a lone capitalized word opening a sentence: a name only if the source says so
}

// mode tells the extractor what it reads.
type mode struct {
	source bool // a source text: no quotes, no names; every figure
}

// extractor holds the tokens of one text while facts are matched.
type extractor struct {
	text    string
	toks    []token
	start   []bool // token opens a sentence
	skip    []bool // token is inside a quote
	title   bool   // the text is in Title Case
	mode    mode
	facts   []fact
	claimed []bool // token belongs to a fact already
}

// extract returns the facts of text in order of position.
func extract(text string, m mode) []fact {
	e := &extractor{text: text, toks: tokenize(text), mode: m}
	e.start = sentenceStarts(e.toks)
	e.skip = make([]bool, len(e.toks))
	e.claimed = make([]bool, len(e.toks))
	if !m.source {
		e.quotes()
		// a headline: no closing stop, most words capitalized
		e.title = !endsWithStop(text) && !strings.ContainsAny(text, ",;:") && isTitleCase(e.toks, e.start)
	}
	e.run()
	return e.facts
}

// add records a fact spanning tokens [i, j).
func (e *extractor) add(i, j int, k Kind, norm string) {
	start, end := e.toks[i].start, e.toks[j-1].end
	if w := e.toks[j-1].wordEnd; w > 0 {
		end = w
	}
	e.facts = append(e.facts, fact{Fact: Fact{Text: e.text[start:end], Kind: k, Norm: norm, Offset: start}, end: end})
	for x := i; x < j; x++ {
		e.claimed[x] = true
	}
}

// tok returns token i, or a zero token past the end.
func (e *extractor) tok(i int) token {
	if i < 0 || i >= len(e.toks) {
		return token{kind: tPunct, space: true}
	}
	return e.toks[i]
}

// punct reports whether token i is the punctuation p.
func (e *extractor) punct(i int, p string) bool {
	t := e.tok(i)
	return t.kind == tPunct && t.text == p && t.end > t.start
}

// isWord reports whether token i is the word w (lowercase).
func (e *extractor) isWord(i int, w string) bool {
	t := e.tok(i)
	return t.kind == tWord && t.lower == w
}

func isDash(s string) bool { return s == "-" || s == "–" || s == "—" || s == "‐" || s == "‑" }

// plainNum reports whether t is a bare integer or decimal (no suffix).
func plainNum(t token) bool { return t.kind == tNum && t.suffix == "" && !t.version }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) > 9 {
		return -1
	}
	return n
}

// ---- dates ----

func (e *extractor) monthAt(i int) (m int, n int) {
	t := e.tok(i)
	if m, ok := ruMonths[t.lower]; ok && t.kind == tWord && !t.allCaps {
		return m, 1
	}
	if t.kind != tWord || !t.upper || t.allCaps && len(t.lower) > 4 {
		return 0, 0
	}
	m, ok := months[t.lower]
	if !ok {
		return 0, 0
	}
	n = 1
	if !fullMonths[t.lower] {
		// abbreviations must be followed by a day or year ("Jan. 24", "Sept 2019")
		if e.punct(i+1, ".") && !e.tok(i+1).space {
			n = 2
		}
		if e.tok(i+n).kind != tNum {
			return 0, 0
		}
	}
	return m, n
}

func (e *extractor) dayAt(i int) int {
	t := e.tok(i)
	if t.kind != tNum || t.fracPart != "" || t.grouped || len(t.intPart) > 2 {
		return 0
	}
	if t.suffix != "" && t.suffix != "st" && t.suffix != "nd" && t.suffix != "rd" && t.suffix != "th" {
		return 0
	}
	d := atoi(t.intPart)
	if d < 1 || d > 31 {
		return 0
	}
	return d
}

func (e *extractor) yearAt(i int) int {
	t := e.tok(i)
	if !plainNum(t) || t.fracPart != "" || t.grouped || len(t.intPart) != 4 {
		return 0
	}
	y := atoi(t.intPart)
	if y < 1000 || y > 2999 {
		return 0
	}
	return y
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if d > days[m-1] {
		return false
	}
	return !(m == 2 && d == 29 && y != 0 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)))
}

func dateNorm(y, m, d int) string {
	switch {
	case y != 0 && d != 0:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case y != 0:
		return fmt.Sprintf("%04d-%02d", y, m)
	case d != 0:
		return fmt.Sprintf("--%02d-%02d", m, d)
	}
	return fmt.Sprintf("--%02d", m)
}

// date matches a calendar date at token i and returns the tokens used.
func (e *extractor) date(i int) int {
	t := e.tok(i)
	j := i
	// an optional weekday: "Tuesday, September 11, 2001"
	wd := ""
	if t.kind == tWord && t.upper {
		if w, ok := weekdays[t.lower]; ok && (len(t.lower) > 3 && !strings.HasPrefix(t.lower, "tue") && !strings.HasPrefix(t.lower, "thu") || fullWeekday(t.lower)) {
			wd = w
			j++
			if e.punct(j, ",") {
				j++
			}
		}
	}
	if n := e.dateCore(j); n > 0 {
		if wd != "" {
			// fold the weekday into the date's text
			f := &e.facts[len(e.facts)-1]
			f.Offset = t.start
			f.Text = e.text[t.start:f.end]
			for x := i; x < j; x++ {
				e.claimed[x] = true
			}
		}
		return j - i + n
	}
	if wd != "" {
		e.add(i, i+1, KindDate, wd)
		return 1
	}
	return 0
}

func fullWeekday(w string) bool { return strings.HasSuffix(w, "day") }

func (e *extractor) dateCore(i int) int {
	t := e.tok(i)
	// Month [.] D[th] [,] [YYYY]  |  Month [,] [of] YYYY  |  Month
	if m, n := e.monthAt(i); m > 0 {
		j := i + n
		if d := e.dayAt(j); d > 0 && !e.punct(j+1, ":") && !(e.tok(j+1).kind == tWord && units[e.tok(j+1).lower] != "") {
			k := j + 1
			if e.punct(k, ",") {
				k++
			}
			if y := e.yearAt(k); y > 0 && validDate(y, m, d) {
				e.add(i, k+1, KindDate, dateNorm(y, m, d))
				return k + 1 - i
			}
			if validDate(0, m, d) {
				e.add(i, j+1, KindDate, dateNorm(0, m, d))
				return j + 1 - i
			}
		}
		k := j
		if e.punct(k, ",") {
			k++
		}
		if e.isWord(k, "of") {
			k++
		}
		if y := e.yearAt(k); y > 0 {
			e.add(i, k+1, KindDate, dateNorm(y, m, 0))
			return k + 1 - i
		}
		// a month alone; "May" alone is more often the verb or a name,
		// and a capital at the start of a sentence says nothing
		if fullMonths[t.lower] && t.lower != "may" && (!e.start[i] || e.mode.source) {
			e.add(i, i+1, KindDate, dateNorm(0, m, 0))
			return 1
		}
		return 0
	}
	if t.kind != tNum {
		return 0
	}
	// D[th] [of] Month [,] [YYYY]
	if d := e.dayAt(i); d > 0 {
		j := i + 1
		if e.isWord(j, "of") {
			j++
		}
		if m, n := e.monthAt(j); m > 0 {
			k := j + n
			k2 := k
			if e.punct(k2, ",") {
				k2++
			}
			if y := e.yearAt(k2); y > 0 && validDate(y, m, d) {
				e.add(i, k2+1, KindDate, dateNorm(y, m, d))
				return k2 + 1 - i
			}
			if validDate(0, m, d) {
				e.add(i, k, KindDate, dateNorm(0, m, d))
				return k - i
			}
		}
	}
	// YYYY-MM-DD, YYYY/MM/DD
	if y := e.yearAt(i); y > 0 {
		for _, sep := range []string{"-", "/", "."} {
			if e.glued(i+1) && e.punct(i+1, sep) && e.glued(i+2) && e.glued(i+3) && e.punct(i+3, sep) && e.glued(i+4) {
				m, d := e.small(i+2), e.small(i+4)
				if validDate(y, m, d) {
					e.add(i, i+5, KindDate, dateNorm(y, m, d))
					return 5
				}
			}
		}
		// CJK: 2016年11月7日
		if e.cjk(i+1, "年") {
			if m := e.small(i + 2); m >= 1 && m <= 12 && e.cjk(i+3, "月") {
				if d := e.small(i + 4); validDate(y, m, d) && e.cjk(i+5, "日") {
					e.add(i, i+6, KindDate, dateNorm(y, m, d))
					return 6
				}
				e.add(i, i+4, KindDate, dateNorm(y, m, 0))
				return 4
			}
		}
	}
	// M/D/YYYY or D/M/YYYY (when the first cannot be a month), M/D/YY
	if e.glued(i+1) && e.punct(i+1, "/") && e.glued(i+2) && e.glued(i+3) && e.punct(i+3, "/") && e.glued(i+4) {
		a, b := e.small(i), e.small(i+2)
		yt := e.tok(i + 4)
		y := -1
		if plainNum(yt) && yt.fracPart == "" {
			switch len(yt.intPart) {
			case 4:
				y = atoi(yt.intPart)
			case 2:
				y = atoi(yt.intPart) + 2000
				if y > 2050 {
					y -= 100
				}
			}
		}
		if y > 0 {
			m, d := a, b
			if a > 12 {
				m, d = b, a
			}
			if validDate(y, m, d) {
				e.add(i, i+5, KindDate, dateNorm(y, m, d))
				return 5
			}
		}
	}
	// D.M.YYYY, read by the number scanner as a version "24.01.2019"
	if t.version && len(t.intPart) <= 2 && t.suffix == "" {
		parts := strings.Split(t.text, ".")
		if len(parts) == 3 && len(parts[1]) <= 2 && len(parts[2]) == 4 {
			d, m, y := atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
			if validDate(y, m, d) {
				e.add(i, i+1, KindDate, dateNorm(y, m, d))
				return 1
			}
		}
	}
	// M月D日
	if m := e.small(i); m >= 1 && m <= 12 && e.cjk(i+1, "月") {
		if d := e.small(i + 2); validDate(0, m, d) && e.cjk(i+3, "日") {
			e.add(i, i+4, KindDate, dateNorm(0, m, d))
			return 4
		}
	}
	return 0
}

// glued reports whether token i follows the previous one with no space.
func (e *extractor) glued(i int) bool { return i < len(e.toks) && !e.toks[i].space }

// small returns the value of a plain one- or two-digit number at i, or -1.
func (e *extractor) small(i int) int {
	t := e.tok(i)
	if !plainNum(t) || t.fracPart != "" || len(t.intPart) > 2 {
		return -1
	}
	return atoi(t.intPart)
}

func (e *extractor) cjk(i int, s string) bool {
	t := e.tok(i)
	return t.kind == tCJK && t.text == s
}

// ---- times ----

// time matches "8:46", "8:46 a.m.", "10am", "10 p.m." at token i.
func (e *extractor) time(i int) int {
	t := e.tok(i)
	if !(t.kind == tNum && t.fracPart == "" && !t.grouped && len(t.intPart) <= 2) {
		return 0
	}
	h := atoi(t.intPart)
	if h < 0 || h > 24 {
		return 0
	}
	mins, n := 0, 1
	colon := false
	if t.suffix == "" && e.glued(i+1) && e.punct(i+1, ":") && e.glued(i+2) {
		mt := e.tok(i + 2)
		if mt.kind == tNum && mt.fracPart == "" && len(mt.intPart) == 2 {
			mins = atoi(mt.intPart)
			if mins > 59 {
				return 0
			}
			colon, n = true, 3
			// seconds
			if e.glued(i+3) && e.punct(i+3, ":") && e.glued(i+4) && e.small(i+4) >= 0 && mt.suffix == "" {
				n = 5
			}
		}
	}
	// am / pm: glued suffix, or the next word
	last := e.tok(i + n - 1)
	ampm := ""
	switch {
	case last.suffix == "am" || last.suffix == "pm":
		ampm = last.suffix
	case e.tok(i+n).kind == tWord && (e.tok(i+n).lower == "am" || e.tok(i+n).lower == "pm") &&
		(e.tok(i+n).dotted || e.tok(i+n).text == "am" || e.tok(i+n).text == "pm" || e.tok(i+n).allCaps):
		ampm = e.tok(i + n).lower
		n++
	}
	if !colon && ampm == "" {
		return 0
	}
	if !colon && t.suffix != "" && t.suffix != "am" && t.suffix != "pm" {
		return 0
	}
	if ampm != "" && (h < 1 || h > 12) {
		return 0
	}
	var norm string
	switch {
	case ampm != "":
		norm = fmt.Sprintf("%d:%02d %s", h, mins, ampm)
	case h == 0 || h == 24:
		norm = fmt.Sprintf("12:%02d am", mins)
	case h > 12:
		norm = fmt.Sprintf("%d:%02d pm", h-12, mins)
	default:
		norm = fmt.Sprintf("%d:%02d", h, mins)
	}
	e.add(i, i+n, KindTime, norm)
	return n
}

// ---- money ----

func isCurrencyPunct(s string) bool {
	switch s {
	case "$", "€", "£", "¥", "₽", "₹", "₩":
		return true
	}
	return false
}

// money matches an amount with a currency sign or code before it:
// "$2.5 billion", "US$ 3m", "€5 million", "USD 1,200".
func (e *extractor) money(i int) int {
	t := e.tok(i)
	cur, j := "", i
	switch {
	case t.kind == tPunct && isCurrencyPunct(t.text):
		cur, j = currencySigns[t.text], i+1
	case t.kind == tWord && (t.lower == "us" || t.lower == "c" || t.lower == "a") && t.upper && e.glued(i+1) && e.punct(i+1, "$"):
		cur, j = currencySigns[t.lower+"$"], i+2
	case t.kind == tWord && t.allCaps && currencySigns[t.lower] != "" && len(t.lower) == 3:
		cur, j = currencySigns[t.lower], i+1
	}
	if cur == "" || e.tok(j).kind != tNum || e.tok(j).newline > 0 {
		return 0
	}
	n, vals := e.amount(j, true)
	if n == 0 {
		return 0
	}
	approx := e.approxBefore(i) // "about $3 billion"
	for k, v := range vals {
		norm := cur + " " + v.val
		if v.approx || approx {
			norm = "~" + norm
		}
		if k == 0 {
			e.add(i, j+v.n, KindMoney, norm)
		} else {
			e.add(j+v.at, j+v.n, KindMoney, norm)
		}
	}
	return j - i + n
}

// amountVal is one number read by amount.
type amountVal struct {
	val    string
	at, n  int // token offsets from the start of the amount: its first token, the end of its text
	approx bool
	scaled bool
}

// amount reads a number at i with an optional scale ("1.2 million",
// "$1.2M" when money is set, "2.5bn") and an optional range to a second
// number ("5-10 million", "5 to 10 percent", "$5-$10 million"); a scale
// written only after the second number applies to both. It returns the
// tokens used and the values.
func (e *extractor) amount(i int, money bool) (int, []amountVal) {
	first, ok := e.scaledNum(i, money)
	if !ok {
		return 0, nil
	}
	first.approx = e.approxBefore(i)
	vals := []amountVal{first.amountVal}
	n := first.n
	if conn, s := e.rangeConn(i + n); conn {
		if money && e.tok(s).kind == tPunct && isCurrencyPunct(e.tok(s).text) {
			s++
		}
		if second, ok := e.scaledNum(s, money); ok {
			second.at, second.n = s-i, s-i+second.n
			second.approx = first.approx
			if second.scaled && !first.scaled {
				t := e.tok(i)
				vals[0].val = canon(t.intPart, t.fracPart, second.shift)
				vals[0].scaled = true
			}
			vals = append(vals, second.amountVal)
			n = second.n
		}
	}
	return n, vals
}

type scaled struct {
	amountVal
	shift int
}

// rangeConn reports whether a range connector ("-", "to", "through")
// starts at k, and where the second number starts.
func (e *extractor) rangeConn(k int) (bool, int) {
	t := e.tok(k)
	dash := t.kind == tPunct && isDash(t.text)
	to := t.kind == tWord && (t.lower == "to" || t.lower == "through") && t.space
	if !dash && !to {
		return false, 0
	}
	nt := e.tok(k + 1)
	return nt.kind == tNum || nt.kind == tPunct && isCurrencyPunct(nt.text), k + 1
}

// scaledNum reads one number at i with its scale.
func (e *extractor) scaledNum(i int, money bool) (scaled, bool) {
	t := e.tok(i)
	if t.kind != tNum || t.version {
		return scaled{}, false
	}
	shift, n := 0, 1
	switch {
	case t.suffix == "":
		// "18 000": groups of three digits after a space
		if !t.grouped && len(t.intPart) <= 3 && t.fracPart == "" {
			ip := t.intPart
			k := i + 1
			for {
				nt := e.tok(k)
				if !(plainNum(nt) && nt.fracPart == "" && len(nt.intPart) == 3 && !nt.grouped && nt.newline == 0 &&
					isThinGap(e.text[e.toks[k-1].end:nt.start])) {
					break
				}
				ip += nt.intPart
				k++
			}
			if k > i+1 {
				t.intPart = ip
				n = k - i
				// the last group may carry a fraction-less suffix; none here
			}
		}
		if w := e.tok(i + n); w.kind == tWord && w.space && scaleWords[w.lower] != 0 && w.newline == 0 {
			shift = scaleWords[w.lower]
			n++
		}
	case money && scaleSuffixes[t.suffix] != 0:
		shift = scaleSuffixes[t.suffix]
	case t.suffix == "bn" || t.suffix == "mn" || t.suffix == "mln" || t.suffix == "bln" || t.suffix == "tn":
		shift = scaleWords[t.suffix]
	default:
		return scaled{}, false
	}
	if money && shift == 0 {
		// "$1.2 M", "$500 K"
		if w := e.tok(i + n); w.kind == tWord && w.space && w.newline == 0 && (w.text == "M" || w.text == "B" || w.text == "K" || w.text == "bn" || w.text == "mn") {
			shift = scaleSuffixes[strings.ToLower(w.text)]
			n++
		}
	}
	return scaled{amountVal{val: canon(t.intPart, t.fracPart, shift), n: n, scaled: shift != 0}, shift}, true
}

// isThinGap reports whether gap is a single space used as a thousands
// separator (ordinary, no-break, thin or narrow no-break space).
func isThinGap(gap string) bool {
	return gap == " " || gap == "\u00a0" || gap == "\u2009" || gap == "\u202f"
}

func (e *extractor) approxBefore(i int) bool {
	for k := i - 1; k >= max(0, i-2); k-- {
		t := e.tok(k)
		if t.kind == tWord && approxWords[t.lower] || t.kind == tPunct && t.text == "~" {
			return true
		}
		if t.kind != tWord {
			return false
		}
	}
	return false
}

// ---- numbers ----

// number matches a figure in digits at token i, with what follows it: a
// scale, a percent sign or word, a currency word, a unit, a range.
func (e *extractor) number(i int) int {
	t := e.tok(i)
	if t.kind != tNum {
		return 0
	}
	if t.version {
		e.add(i, i+1, KindCode, codeNorm(t.text))
		return 1
	}
	if !e.mode.source && (isListNumber(e.toks, i) || e.start[i] && isGluedEnumerator(e.toks, i)) {
		return 2 // "1." numbering a list item (a source keeps it: it counts)
	}
	switch {
	case t.suffix == "st" || t.suffix == "nd" || t.suffix == "rd" || t.suffix == "th":
		if t.fracPart == "" {
			e.add(i, i+1, KindNumber, canon(t.intPart, "", 0))
			return 1
		}
	case t.suffix == "s" && len(t.intPart) == 4 && t.fracPart == "" && strings.HasSuffix(t.intPart, "0"):
		e.add(i, i+1, KindDate, t.intPart+"s") // a decade
		return 1
	case gluedUnits[t.suffix]:
		e.add(i, i+1, KindNumber, canon(t.intPart, t.fracPart, 0)+" "+units[t.suffix])
		return 1
	case t.suffix != "" && !(t.suffix == "bn" || t.suffix == "mn" || t.suffix == "mln" || t.suffix == "bln" || t.suffix == "tn"):
		e.add(i, i+1, KindCode, codeNorm(t.text))
		return 1
	}
	// numbers glued by dashes or slashes: a range when a percent, unit,
	// scale or currency follows ("10-15%", "3-5 years"), else a span of
	// years ("2001-2004") or an identifier ("21-01", "9/11", "14-16")
	if k := e.chainEnd(i); k > i+1 {
		rng := k == i+3 && isDash(e.toks[i+1].text) && plainNum(e.toks[i+2]) && e.hasTail(k)
		if !rng {
			y1, y2 := e.yearAt(i), e.yearAt(i+2)
			if k == i+3 && isDash(e.toks[i+1].text) && y1 >= 1500 && y2 > y1 && y2 <= 2100 {
				e.add(i, i+1, KindDate, strconv.Itoa(y1))
				e.add(i+2, i+3, KindDate, strconv.Itoa(y2))
				return 3
			}
			e.add(i, k, KindCode, codeNorm(e.text[t.start:e.toks[k-1].end]))
			return k - i
		}
	}
	n, vals := e.amount(i, false)
	if n == 0 {
		return 0
	}
	return n + e.tail(i, n, vals)
}

// hasTail reports whether a percent, scale, currency or unit word starts at
// token k.
func (e *extractor) hasTail(k int) bool {
	t := e.tok(k)
	if t.newline > 0 {
		return false
	}
	switch t.kind {
	case tPunct:
		return t.text == "%"
	case tWord:
		if u, _ := e.unitAt(k); u != "" {
			return true
		}
		return t.lower == "percent" || t.lower == "per" && e.isWord(k+1, "cent") || t.lower == "pct" ||
			t.lower == "percentage" || ruPercent[t.lower] || currencyWords[t.lower] != "" || scaleWords[t.lower] != 0
	}
	return false
}

// tail reads what follows the amount vals (tokens [i, i+n)): a percent, a
// currency word or a unit, records the facts, and returns the extra tokens
// it used.
func (e *extractor) tail(i, n int, vals []amountVal) int {
	k := i + n
	nt := e.tok(k)
	kind, suffix, used := KindNumber, "", 0
	switch {
	case nt.kind == tPunct && nt.text == "%" && nt.newline == 0:
		kind, used = KindPercent, 1
	case nt.kind == tWord && nt.newline == 0 && (nt.lower == "percent" || nt.lower == "pct" || nt.lower == "percentage" || ruPercent[nt.lower]):
		kind, used = KindPercent, 1
		if nt.lower == "percentage" && e.tok(k+1).kind == tWord && strings.HasPrefix(e.tok(k+1).lower, "point") {
			used = 2
		}
	case nt.kind == tWord && nt.lower == "per" && e.isWord(k+1, "cent"):
		kind, used = KindPercent, 2
	case nt.kind == tWord && nt.newline == 0 && currencyWords[nt.lower] != "" && (nt.lower != "won" || nt.upper):
		kind, suffix, used = KindMoney, currencyWords[nt.lower], 1
	case nt.kind == tWord && nt.newline == 0 && nt.allCaps && currencySigns[nt.lower] != "" && len(nt.lower) == 3:
		kind, suffix, used = KindMoney, currencySigns[nt.lower], 1
	case nt.kind == tWord && nt.newline == 0 && (nt.lower == "us" || nt.lower == "u.s.") && e.tok(k+1).kind == tWord && currencyWords[e.tok(k+1).lower] == "USD":
		kind, suffix, used = KindMoney, "USD", 2
	default:
		if u, m := e.unitAt(k); u != "" {
			kind, suffix, used = KindNumber, u, m
		}
	}
	if kind == KindNumber && suffix == "" && len(vals) == 1 && !vals[0].scaled && n == 1 {
		if y := e.yearAt(i); y >= 1500 && y <= 2100 {
			e.add(i, i+1, KindDate, strconv.Itoa(y)) // a year
			return 0
		}
	}
	for x, v := range vals {
		norm := v.val
		switch kind {
		case KindPercent:
			norm += "%"
		case KindMoney:
			norm = suffix + " " + norm
		default:
			if suffix != "" {
				norm += " " + suffix
			}
		}
		if v.approx {
			norm = "~" + norm
		}
		a, b := i+v.at, i+v.n
		if x == len(vals)-1 {
			b += used
		}
		e.add(a, b, kind, norm)
	}
	return used
}

// unitAt reads a unit word at k, alone or after a hyphen ("3-hour"),
// possibly followed by "-old" ("33-year-old"). It returns the canonical
// unit and the tokens used.
func (e *extractor) unitAt(k int) (string, int) {
	j := k
	if e.tok(j).kind == tPunct && isDash(e.tok(j).text) && e.glued(j) && e.glued(j+1) {
		j++
	}
	w := e.tok(j)
	if w.kind != tWord || w.newline > 0 {
		return "", 0
	}
	u := units[w.lower]
	if u == "" || w.allCaps && !gluedUnits[w.lower] {
		return "", 0
	}
	// "min" and "mi" only as abbreviations right after the figure
	return u, j + 1 - k
}

// chainEnd returns the end of a run of tokens glued by "-", "/" or "."
// that starts at i and contains digits ("21-01", "GAO-02-957T", "9/11",
// "COVID-19"), or i if there is none.
func (e *extractor) chainEnd(i int) int {
	k := i + 1
	end := i + 1
	for {
		sep := e.tok(k)
		part := e.tok(k + 1)
		if !(sep.kind == tPunct && (isDash(sep.text) || sep.text == "/") && e.glued(k) && e.glued(k+1) &&
			(part.kind == tNum || part.kind == tCode || part.kind == tWord && (part.allCaps || len(part.lower) == 1))) {
			break
		}
		k += 2
		end = k
	}
	if end == i+1 {
		return i
	}
	hasDigit := false
	for x := i; x < end; x++ {
		if e.toks[x].kind == tNum || e.toks[x].kind == tCode {
			hasDigit = true
		}
	}
	if !hasDigit {
		return i
	}
	return end
}

// codeNorm folds an identifier: lowercase, no separators.
func codeNorm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// code matches identifiers at token i: "APT29", "COVID-19",
// "GAO-02-957T", "21-01", "F-35".
func (e *extractor) code(i int) int {
	t := e.tok(i)
	switch t.kind {
	case tCode:
		k := max(e.chainEnd(i), i+1)
		e.add(i, k, KindCode, codeNorm(e.text[t.start:e.toks[k-1].end]))
		return k - i
	case tWord:
		if !(t.allCaps || t.upper && len(t.lower) == 1) {
			return 0
		}
		if k := e.chainEnd(i); k > i {
			e.add(i, k, KindCode, codeNorm(e.text[t.start:e.toks[k-1].end]))
			return k - i
		}
	case tNum:
		// numbers joined by separators are handled by number, except when
		// the chain contains letters ("2019-nCoV", "10-K")
		if k := e.chainEnd(i); k > i {
			for x := i; x < k; x++ {
				if e.toks[x].kind == tWord || e.toks[x].kind == tCode {
					e.add(i, k, KindCode, codeNorm(e.text[t.start:e.toks[k-1].end]))
					return k - i
				}
			}
		}
	}
	return 0
}

// ---- numbers in words ----

// numberWords matches cardinals written out: "two", "twenty-five",
// "one hundred and five", "two million", "three-hour". A lone "one" is no
// figure ("one of the", "no one"), nor are fractions ("two-thirds") and
// ordinals.
func (e *extractor) numberWords(i int) int {
	t := e.tok(i)
	if t.kind != tWord {
		return 0
	}
	if _, ok := numberWords[t.lower]; !ok {
		return 0
	}
	total, cur := 0, 0
	j := i
	words := 0
	for j < len(e.toks) {
		w := e.tok(j)
		if w.kind != tWord || j > i && w.newline > 0 {
			break
		}
		if v, ok := numberWords[w.lower]; ok {
			if words > 0 && cur%100 != 0 && cur%10 != 0 && v < 100 {
				break // "five six"
			}
			cur += v
		} else if w.lower == "hundred" && words > 0 && cur > 0 && cur < 100 {
			cur *= 100
		} else if s := scaleWords[w.lower]; s >= 3 && words > 0 && !strings.HasSuffix(w.lower, "s") && cur > 0 {
			total += cur * pow10(s)
			cur = 0
		} else if w.lower == "and" && words > 0 && (total > 0 || cur >= 100) && isNumberWord(e.tok(j+1)) && e.tok(j+1).space {
			// "one hundred and five"
		} else {
			break
		}
		words++
		j++
		// hyphen: "twenty-five", but stop before "-thirds" or "-hour"
		if e.tok(j).kind == tPunct && isDash(e.tok(j).text) && e.glued(j) && e.glued(j+1) && isNumberWord(e.tok(j+1)) {
			j++
			continue
		}
		if !e.tok(j).space {
			break
		}
	}
	// a trailing "and" is no part of the number
	for j > i && e.tok(j-1).kind == tWord && e.tok(j-1).lower == "and" {
		j--
	}
	value := total + cur
	next := e.tok(j)
	after := e.tok(j + 1)
	if next.kind == tPunct && isDash(next.text) && e.glued(j) && e.glued(j+1) && after.kind == tWord &&
		(fractionWords[after.lower] || ordinalWord(after.lower)) {
		return j + 2 - i // "two-thirds", "twenty-first"
	}
	if j-i == 1 && (t.lower == "one" || t.lower == "zero") {
		// alone, "one" is a pronoun or article more often than a count
		if u, _ := e.unitAt(j); u == "" && scaleWords[next.lower] == 0 {
			return 1
		}
	}
	n := j - i
	val := strconv.Itoa(value)
	vals := []amountVal{{val: val, n: n, approx: e.approxBefore(i)}}
	if s := scaleWords[next.lower]; s != 0 && next.kind == tWord && next.space && !strings.HasSuffix(next.lower, "s") {
		vals[0].val = canon(val, "", s)
		vals[0].scaled = true
		vals[0].n++
		n++
	}
	return n + e.tail(i, n, vals)
}

func isNumberWord(t token) bool {
	if t.kind != tWord {
		return false
	}
	_, ok := numberWords[t.lower]
	return ok || t.lower == "hundred" || scaleWords[t.lower] >= 3
}

func ordinalWord(w string) bool {
	switch w {
	case "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth":
		return true
	}
	return false
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// ---- quotes ----

// quotePairs are the opening marks with their closing marks.
var quotePairs = map[rune]string{'“': "”", '„': "“”", '«': "»", '「': "」", '『': "』", '‘': "’", '"': "\""}

// quotes finds quoted passages, records them as facts and marks their
// tokens so that nothing inside is taken for a separate fact: a quotation
// is checked as a whole.
func (e *extractor) quotes() {
	text := e.text
	tokAt := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		closers, ok := quotePairs[r]
		if !ok {
			i += size
			continue
		}
		if r == '‘' || r == '"' {
			// an opening mark starts a word: not "5'" or "it’s"
			if i > 0 {
				p, _ := utf8.DecodeLastRuneInString(text[:i])
				if unicode.IsLetter(p) || unicode.IsDigit(p) {
					i += size
					continue
				}
			}
		}
		end := -1
		limit := min(len(text), i+size+1500)
		for j := i + size; j < limit; {
			c, cs := utf8.DecodeRuneInString(text[j:])
			if c == '\n' && j+1 < len(text) && text[j+1] == '\n' {
				break
			}
			if strings.ContainsRune(closers, c) {
				// a closing ’ glued to a letter is an apostrophe ("agency’s")
				if c == '’' && j+cs < len(text) {
					n, _ := utf8.DecodeRuneInString(text[j+cs:])
					if unicode.IsLetter(n) {
						j += cs
						continue
					}
				}
				end = j
				break
			}
			j += cs
		}
		if end < 0 {
			i += size
			continue
		}
		inner := text[i+size : end]
		lead := len(inner) - len(strings.TrimLeftFunc(inner, unicode.IsSpace))
		content := strings.TrimRightFunc(inner[lead:], unicode.IsSpace)
		if norm := quoteNorm(content); norm != "" {
			e.facts = append(e.facts, fact{Fact: Fact{Text: content, Kind: KindQuote, Norm: norm, Offset: i + size + lead}, end: i + size + lead + len(content)})
			// quotes come in order: mark their tokens in one pass overall
			for tokAt < len(e.toks) && e.toks[tokAt].start < i {
				tokAt++
			}
			for x := tokAt; x < len(e.toks) && e.toks[x].start <= end; x++ {
				e.skip[x] = true
			}
		}
		_, cs := utf8.DecodeRuneInString(text[end:])
		i = end + cs
	}
}

// quoteNorm folds a quotation, its parts around ellipses and editorial
// brackets ("[the agency]", "[…]") joined by " | ".
func quoteNorm(s string) string {
	var parts []string
	for len(s) > 0 {
		cut := len(s)
		skip := 0
		for _, mark := range []string{"...", "…", "["} {
			if k := strings.Index(s, mark); k >= 0 && k < cut {
				cut, skip = k, len(mark)
				if mark == "[" {
					if e := strings.IndexByte(s[k:], ']'); e >= 0 {
						skip = e + 1
					}
				}
			}
		}
		if f := foldText(s[:cut]); f != "" {
			parts = append(parts, f)
		}
		if cut == len(s) {
			break
		}
		s = s[cut+skip:]
	}
	return strings.Join(parts, " | ")
}

// foldText folds text for quotation matching: words and numbers,
// lowercased, separated by single spaces, with punctuation, quote styles
// and possessives gone.
func foldText(s string) string {
	var b strings.Builder
	appendFolded(&b, tokenize(s))
	return strings.TrimSpace(b.String())
}

// appendFolded writes the folded form of toks, each word followed by a
// space.
func appendFolded(b *strings.Builder, toks []token) {
	for _, t := range toks {
		switch t.kind {
		case tWord, tCode, tCJK:
			b.WriteString(t.lower)
		case tNum:
			if t.version {
				b.WriteString(codeNorm(t.text))
			} else {
				b.WriteString(canon(t.intPart, t.fracPart, 0))
				b.WriteString(t.suffix)
			}
		default:
			continue
		}
		b.WriteByte(' ')
	}
}

// ---- sentence starts and title case ----

// sentenceStarts marks the tokens that open a sentence, line item or
// heading, where a capital letter says nothing about names.
func sentenceStarts(toks []token) []bool {
	return sentenceStartsInto(nil, toks)
}

// sentenceStartsInto is sentenceStarts reusing buf.
func sentenceStartsInto(buf []bool, toks []token) []bool {
	starts := resetBools(buf, len(toks))
	at := true
	for i, t := range toks {
		if t.newline >= 2 {
			at = true
		}
		if t.newline == 1 && (t.kind == tPunct && strings.Contains("#-*•>|", t.text) || isListNumber(toks, i)) {
			at = true
		}
		switch t.kind {
		case tPunct:
			switch t.text {
			case ".", "!", "?", "。", "！", "？", ":", "…", ";":
				if t.text == "." && i > 0 && isAbbrev(toks[i-1]) && !toks[i].space {
					continue
				}
				at = t.text != ";" || at
				if t.text == ";" {
					at = false
				}
			case "\"", "“", "‘", "'", "(", "[", "*", "_", "#", "-", "–", "—", "•", ">", "«", "„", "|":
				// opening marks and list bullets keep the state
			default:
				at = false
			}
		default:
			starts[i] = at
			at = false
			// "1." at the start of a line is a list number
			if isListNumber(toks, i) {
				at = true
			}
		}
	}
	return starts
}

func isListNumber(toks []token, i int) bool {
	t := toks[i]
	return t.kind == tNum && t.newline > 0 && len(t.intPart) <= 2 && t.suffix == "" && t.fracPart == "" &&
		i+1 < len(toks) && !toks[i+1].space && (toks[i+1].text == "." || toks[i+1].text == ")")
}

// isGluedEnumerator reports a list number at token i run into the text
// ("… with CISA. 4. For Category 2 networks …"): one or two digits and a
// period before a capitalised word. Where it opens a sentence it numbers
// an item; it states no figure.
func isGluedEnumerator(toks []token, i int) bool {
	t := toks[i]
	return t.kind == tNum && len(t.intPart) <= 2 && !t.grouped && t.suffix == "" && t.fracPart == "" &&
		i+2 < len(toks) && !toks[i+1].space && toks[i+1].text == "." &&
		toks[i+2].space && toks[i+2].kind == tWord && toks[i+2].upper
}

// isAbbrev reports whether a period glued to t need not end a sentence:
// an abbreviation of textseg's table or an initial.
func isAbbrev(t token) bool {
	return t.kind == tWord && (textseg.IsAbbreviation(t.text) || len(t.lower) == 1 && t.upper)
}

func endsWithStop(s string) bool {
	s = strings.TrimRight(s, " \t\n\"'”’)]*_»")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "。")
}

// isTitleCase reports whether every longer word but function words is
// capitalized, as in a headline ("Orion Compromise Prompts Emergency
// Directive"); then capitals do not mark names.
func isTitleCase(toks []token, starts []bool) bool {
	long := 0
	for _, t := range toks {
		if t.kind == tWord {
			if !t.upper && !t.mixed {
				return false // a headline starts with a capital
			}
			break
		}
	}
	for i, t := range toks {
		if t.kind != tWord || starts[i] || utf8.RuneCountInString(t.lower) < 4 {
			continue
		}
		if !t.upper && !t.mixed {
			if starters[t.lower] {
				continue
			}
			return false
		}
		long++
	}
	return long >= 4
}
