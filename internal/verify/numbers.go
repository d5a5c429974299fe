package verify

import (
	"math"
	"strconv"
	"strings"
)

// canon returns the canonical decimal form of intPart.fracPart × 10^shift:
// no leading zeros, no trailing fractional zeros, no exponent ("3.50" →
// "3.5", "1.2"×10^6 → "1200000", "007" → "7"). It works on the digits,
// so no precision is lost.
func canon(intPart, fracPart string, shift int) string {
	digits := intPart + fracPart
	point := len(intPart) + shift
	for point > len(digits) {
		digits += "0"
	}
	for point < 0 {
		digits = "0" + digits
		point++
	}
	ip, fp := strings.TrimLeft(digits[:point], "0"), strings.TrimRight(digits[point:], "0")
	if ip == "" {
		ip = "0"
	}
	if fp == "" {
		return ip
	}
	return ip + "." + fp
}

// sigDigits returns the number of significant digits of a canonical
// decimal, not counting trailing zeros of the integer part.
func sigDigits(c string) int {
	d := strings.Replace(c, ".", "", 1)
	d = strings.TrimLeft(d, "0")
	if !strings.Contains(c, ".") {
		d = strings.TrimRight(d, "0")
	}
	return max(len(d), 1)
}

// roundsTo reports whether v, written with more precision, rounds to the
// canonical decimal x at x's precision ("1,327,431" → "1.3 million").
func roundsTo(v float64, x string) bool {
	xf, err := strconv.ParseFloat(x, 64)
	if err != nil || xf == 0 || v == xf {
		return false
	}
	var unit float64
	if i := strings.IndexByte(x, '.'); i >= 0 {
		unit = math.Pow(10, -float64(len(x)-i-1))
	} else if xf >= 1000 {
		// "18000" may be rounded to thousands
		unit = math.Pow(10, float64(len(x)-len(strings.TrimRight(x, "0"))))
	} else {
		unit = 1
	}
	return math.Abs(v-xf) <= unit/2+unit*1e-9
}

// scales are the words and glued suffixes that multiply a number.
var scaleWords = map[string]int{
	"thousand": 3, "million": 6, "billion": 9, "trillion": 12,
	"thousands": 3, "millions": 6, "billions": 9, "trillions": 12, // "2 millions" (rare, non-native)
	"mn": 6, "mln": 6, "bn": 9, "bln": 9, "tn": 12,
	// Russian, so that an English brief of a Russian report finds
	// "450 тысяч" as 450,000 (every case form a count takes).
	"тысяча": 3, "тысячи": 3, "тысяч": 3, "тыс": 3,
	"миллион": 6, "миллиона": 6, "миллионов": 6, "млн": 6,
	"миллиард": 9, "миллиарда": 9, "миллиардов": 9, "млрд": 9,
	"триллион": 12, "триллиона": 12, "триллионов": 12, "трлн": 12,
}

// scaleSuffixes are glued suffixes that multiply a number only after a
// currency sign ("$1.2M", "$500K"), where they cannot be units.
var scaleSuffixes = map[string]int{"k": 3, "m": 6, "mm": 6, "mn": 6, "b": 9, "bn": 9, "t": 12, "tn": 12}

// numberWords are the cardinal numbers written out.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

// fractionWords after a hyphenated number word make a fraction, which is
// no count ("two-thirds").
var fractionWords = map[string]bool{
	"half": true, "halves": true, "third": true, "thirds": true, "quarter": true, "quarters": true,
	"fourth": true, "fourths": true, "fifth": true, "fifths": true, "tenth": true, "tenths": true,
}

// units maps unit words and abbreviations to one canonical name.
var units = func() map[string]string {
	m := map[string]string{}
	add := func(canon string, forms ...string) {
		m[canon] = canon
		for _, f := range forms {
			m[f] = canon
		}
	}
	add("second", "seconds", "sec", "secs")
	add("minute", "minutes", "min", "mins")
	add("hour", "hours", "hr", "hrs")
	add("day", "days")
	add("week", "weeks")
	add("month", "months")
	add("year", "years", "yr", "yrs")
	add("decade", "decades")
	add("century", "centuries")
	add("mile", "miles", "mi")
	add("km", "kilometer", "kilometers", "kilometre", "kilometres", "kms")
	add("meter", "meters", "metre", "metres")
	add("foot", "feet", "ft")
	add("inch", "inches")
	add("lb", "pound", "pounds", "lbs")
	add("kg", "kilogram", "kilograms", "kilo", "kilos", "kgs")
	add("ton", "tons", "tonne", "tonnes")
	add("gallon", "gallons")
	add("barrel", "barrels", "bbl")
	add("liter", "liters", "litre", "litres")
	add("mph")
	add("knot", "knots")
	add("kb", "kilobyte", "kilobytes")
	add("mb", "megabyte", "megabytes")
	add("gb", "gigabyte", "gigabytes")
	add("tb", "terabyte", "terabytes")
	add("pb", "petabyte", "petabytes")
	add("kw", "kilowatt", "kilowatts")
	add("mw", "megawatt", "megawatts")
	add("gw", "gigawatt", "gigawatts")
	add("kwh")
	add("acre", "acres")
	add("hectare", "hectares")
	return m
}()

// gluedUnits are the unit abbreviations accepted glued to the digits
// ("15km", "64GB"); others would be ambiguous.
var gluedUnits = map[string]bool{
	"km": true, "kg": true, "mph": true, "kb": true, "mb": true, "gb": true, "tb": true, "pb": true,
	"kw": true, "mw": true, "gw": true, "kwh": true, "ft": true, "lb": true, "lbs": true, "hrs": true, "hr": true,
	"min": true, "mins": true, "mi": true, "bbl": true,
}

// currencySigns are the symbols and codes written before an amount.
var currencySigns = map[string]string{
	"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
	"¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "₽": "RUB", "rub": "RUB", "₹": "INR",
	"inr": "INR", "c$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD", "chf": "CHF", "₩": "KRW",
}

// currencyWords are the currency names written after an amount.
var currencyWords = map[string]string{
	"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
	"yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
	"roubles": "RUB", "rupee": "INR", "rupees": "INR", "sterling": "GBP", "gbp": "GBP",
	"francs": "CHF", "won": "KRW",
}

// approxWords before a number say it is rounded.
var approxWords = map[string]bool{
	"about": true, "around": true, "approximately": true, "roughly": true, "nearly": true,
	"almost": true, "some": true, "over": true, "under": true, "estimated": true, "circa": true,
	"than":    true, // more than, less than, fewer than
	"least":   true, // at least
	"to":      true, // up to, close to
	"~":       true,
	"upwards": true,
}

// Chinese numerals: digits, and the units that multiply what precedes them.
var (
	hanDigits = map[string]int{"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
	hanUnits  = map[string]int{"十": 10, "百": 100, "千": 1000}
	hanGroups = map[string]int{"万": 10000, "亿": 100000000}
)

// hanNumber matches a number in Chinese numerals at token i of a source
// ("一百万", "第二十一", "二〇一六", "百分之十五"), so that an English brief's
// "1 million" or "Article 21" finds it. A lone digit is no number: "一"
// opens too many words.
func (e *extractor) hanNumber(i int) int {
	total, section, num, j := 0, 0, 0, i
	units, digits := 0, 0
	for ; e.tok(j).kind == tCJK; j++ {
		s := e.tok(j).text
		if d, ok := hanDigits[s]; ok {
			if digits > 0 && units == 0 {
				num = num*10 + d // "二〇一六": digit by digit
			} else {
				num = d
			}
			digits++
			continue
		}
		if u, ok := hanUnits[s]; ok {
			if num == 0 {
				num = 1 // "十五" is 15
			}
			section += num * u
			num, units = 0, units+1
			continue
		}
		if g, ok := hanGroups[s]; ok && j > i {
			total += (section + num) * g
			section, num, units = 0, 0, units+1
			continue
		}
		break
	}
	percent := e.cjk(i-3, "百") && e.cjk(i-2, "分") && e.cjk(i-1, "之")
	if j == i || j-i < 2 && !percent || digits == 0 && units < 1 {
		return 0
	}
	val := canon(strconv.Itoa(total+section+num), "", 0)
	if percent {
		e.add(i-3, j, KindPercent, val+"%") // "百分之十五" is 15%
		return j - i
	}
	e.add(i, j, KindNumber, val)
	return j - i
}
