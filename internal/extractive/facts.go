package extractive

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/textseg"
)

// Month names and date shapes recognised in English, French, German,
// Spanish, Russian and Chinese/Japanese text. Matching is case-sensitive
// (month names as normally written): case folding makes these alternations
// several times slower.
const (
	enMonth = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`
	euMonth = `(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)`
	ruMonth = `(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)`
	year    = `(?:1[89]\d\d|20\d\d)`
)

var (
	// fullDate matches a date with day, month and year.
	fullDate = regexp.MustCompile(`\b` + enMonth + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+` + year + `\b` +
		`|\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?` + enMonth + `\.?,?\s+` + year + `\b` +
		`|\b\d{1,2}\.?\s+(?:de\s+)?` + euMonth + `\s+(?:de\s+)?` + year + `\b` +
		`|\b` + year + `-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b` +
		`|\d{1,2}\s+` + ruMonth + `\s+` + year + `(?:\s+года)?` +
		`|` + year + `\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日`)
	// monthYear matches a month and year without a day.
	monthYear = regexp.MustCompile(`\b` + enMonth + `\.?,?\s+` + year + `\b|\b` + euMonth + `\s+(?:de\s+)?` + year + `\b|` + year + `\s*年\s*\d{1,2}\s*月`)
	// stampPrefix marks revision stamps, which are not the report's date.
	stampPrefix = regexp.MustCompile(`(?i)(updated|revised|modified|last reviewed|обновлено)\W{0,3}(on\W{1,3})?$`)
)

// Where findDate looks: the first dateParas paragraphs, at most dateBytes.
const (
	dateParas = 30
	dateBytes = 12 << 10
)

// findDate returns the first full date near the top of doc, else the first
// month-and-year, else "".
func findDate(doc textseg.Document) string {
	var b strings.Builder
	for i, p := range doc.Paragraphs {
		if i >= dateParas || b.Len() > dateBytes {
			break
		}
		b.WriteString(paraText(p))
		b.WriteString("\n")
	}
	text := b.String()
	if len(text) > dateBytes {
		cut := dateBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	for _, re := range []*regexp.Regexp{fullDate, monthYear} {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			if stampPrefix.MatchString(text[max(0, loc[0]-24):loc[0]]) {
				continue
			}
			return text[loc[0]:loc[1]]
		}
	}
	return ""
}

// dateYear returns the year of a date found by findDate, or 0.
func dateYear(date string) int {
	y, _ := strconv.Atoi(yearRe.FindString(date))
	return y
}

var (
	percentRe = regexp.MustCompile(`\d(?:[\d,.]*\d)?\s?(?:%|[Pp]ercent\b|per cent\b|процент|％)|百分之`)
	moneyRe   = regexp.MustCompile(`[$€£¥₽]\s?\d|\d\s?(?:[$€£¥₽]|USD|EUR|dollars?\b|euros?\b|рубл|млн|млрд|трлн)|\d(?:[\d,.]*\d)?\s+(?:million|billion|trillion|thousand)\b|[\d〇零一二三四五六七八九十百千两]+\s*[万亿]?\s*元`)
	yearRe    = regexp.MustCompile(`\b` + year + `\b`)
	numberRe  = regexp.MustCompile(`\d(?:[\d,.]*\d)?`)
)

// factStrength scores how much hard information (figures, money,
// percentages, dates) a sentence carries: 2 per percentage or amount of
// money, 1.5 per full date, 1 per other year, 0.5 per other number (at most
// 2 for those). Key facts need at least 1.
func factStrength(s string) float64 {
	if !strings.ContainsAny(s, "0123456789０１２３４５６７８９元") && !strings.Contains(s, "百分之") {
		return 0
	}
	var f float64
	f += 2 * float64(len(percentRe.FindAllStringIndex(s, 4)))
	f += 2 * float64(len(moneyRe.FindAllStringIndex(s, 4)))
	dates := len(fullDate.FindAllStringIndex(s, 4))
	f += 1.5 * float64(dates)
	years := len(yearRe.FindAllStringIndex(s, 8)) - dates
	if years > 0 {
		f += float64(years)
	}
	var other float64
	for _, loc := range numberRe.FindAllStringIndex(s, 16) {
		if !isListMarker(s, loc) {
			other += 0.5
		}
	}
	// Numbers inside the matches above were already counted.
	return f + min(2, max(0, other-f/2))
}

// isListMarker reports whether the number at loc only numbers a list item
// ("1." at the start) or a footnote glued to a word ("damage.1").
func isListMarker(s string, loc []int) bool {
	if loc[0] > 0 && s[loc[0]-1] == '(' && loc[1] < len(s) && s[loc[1]] == ')' && loc[1]-loc[0] <= 2 {
		return true // "(1)"
	}
	if loc[0] == 0 && loc[1] < len(s) && (s[loc[1]] == '.' || s[loc[1]] == ')') {
		return true
	}
	if loc[0] > 0 && (s[loc[0]-1] == '.' || s[loc[0]-1] >= 'a' && s[loc[0]-1] <= 'z') {
		if n, err := strconv.Atoi(s[loc[0]:loc[1]]); err == nil && n < 300 {
			return true
		}
	}
	return false
}
