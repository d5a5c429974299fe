package terms

import "regexp"

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
	// FullDate matches a date with day, month and year ("October 15, 2001",
	// "24 January 2019", "2019-01-24", "29 февраля 2024 года", "2016年11月7日").
	FullDate = regexp.MustCompile(`\b` + enMonth + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+` + year + `\b` +
		`|\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?` + enMonth + `\.?,?\s+` + year + `\b` +
		`|\b\d{1,2}\.?\s+(?:de\s+)?` + euMonth + `\s+(?:de\s+)?` + year + `\b` +
		`|\b` + year + `-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b` +
		`|\d{1,2}\s+` + ruMonth + `\s+` + year + `(?:\s+года)?` +
		`|` + year + `\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日`)
	// MonthYear matches a month and year without a day ("March 2019").
	MonthYear = regexp.MustCompile(`\b` + enMonth + `\.?,?\s+` + year + `\b|\b` + euMonth + `\s+(?:de\s+)?` + year + `\b|` + year + `\s*年\s*\d{1,2}\s*月`)
	// Year matches a year from 1800 to 2099 as a whole word.
	Year = regexp.MustCompile(`\b` + year + `\b`)
)
