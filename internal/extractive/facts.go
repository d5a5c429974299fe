package extractive

import (
	"strconv"
	"strings"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

// dateYear returns the year of the document's date (Options.Date), or 0.
func dateYear(date string) int {
	y, _ := strconv.Atoi(terms.Year.FindString(date))
	return y
}

var (
	percentRe = lazyre.New(`\d(?:[\d,.]*\d)?\s?(?:%|[Pp]ercent\b|per cent\b|процент|％)|百分之`)
	moneyRe   = lazyre.New(`[$€£¥₽]\s?\d|\d\s?(?:[$€£¥₽]|USD|EUR|dollars?\b|euros?\b|рубл|млн|млрд|трлн)|\d(?:[\d,.]*\d)?\s+(?:million|billion|trillion|thousand)\b|[\d〇零一二三四五六七八九十百千两]+\s*[万亿]?\s*元`)
	numberRe  = lazyre.New(`\d(?:[\d,.]*\d)?`)
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
	f += 2 * float64(len(percentRe().FindAllStringIndex(s, 4)))
	f += 2 * float64(len(moneyRe().FindAllStringIndex(s, 4)))
	dates := len(terms.FullDate.FindAllStringIndex(s, 4))
	f += 1.5 * float64(dates)
	years := len(terms.Year.FindAllStringIndex(s, 8)) - dates
	if years > 0 {
		f += float64(years)
	}
	var other float64
	for _, loc := range numberRe().FindAllStringIndex(s, 16) {
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
