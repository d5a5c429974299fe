package docread

import (
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Single-byte encodings of simple PDF fonts (PDF 32000-1 Annex D), as code
// to rune tables; 0 means undefined.
var (
	winAnsiEncoding  = tableFromCharmap(charmap.Windows1252)
	macRomanEncoding = tableFromCharmap(charmap.Macintosh)
	standardEncoding = makeStandardEncoding()
	pdfDocEncoding   = makePDFDocEncoding()
)

func tableFromCharmap(cm *charmap.Charmap) *[256]rune {
	var t [256]rune
	for i := 0x20; i < 256; i++ {
		if r := cm.DecodeByte(byte(i)); r != '\uFFFD' && r != 0x7F {
			t[i] = r
		}
	}
	// Windows-1252 leaves these unassigned; PDF producers use them for bullets.
	for _, i := range []int{0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D} {
		if t[i] == 0 || t[i] < 0xA0 {
			t[i] = 0
		}
	}
	return &t
}

func makeStandardEncoding() *[256]rune {
	var t [256]rune
	for i := 0x20; i < 0x7F; i++ {
		t[i] = rune(i)
	}
	t[0x27] = '\u2019' // quoteright
	t[0x60] = '\u2018' // quoteleft
	upper := map[int]rune{
		0xA1: '¡', 0xA2: '¢', 0xA3: '£', 0xA4: '⁄', 0xA5: '¥', 0xA6: 'ƒ', 0xA7: '§', 0xA8: '¤',
		0xA9: '\'', 0xAA: '“', 0xAB: '«', 0xAC: '‹', 0xAD: '›', 0xAE: 'ﬁ', 0xAF: 'ﬂ',
		0xB1: '–', 0xB2: '†', 0xB3: '‡', 0xB4: '·', 0xB6: '¶', 0xB7: '•', 0xB8: '‚', 0xB9: '„',
		0xBA: '”', 0xBB: '»', 0xBC: '…', 0xBD: '‰', 0xBF: '¿',
		0xC1: '`', 0xC2: '´', 0xC3: 'ˆ', 0xC4: '˜', 0xC5: '¯', 0xC6: '˘', 0xC7: '˙', 0xC8: '¨',
		0xCA: '˚', 0xCB: '¸', 0xCD: '˝', 0xCE: '˛', 0xCF: 'ˇ', 0xD0: '—',
		0xE1: 'Æ', 0xE3: 'ª', 0xE8: 'Ł', 0xE9: 'Ø', 0xEA: 'Œ', 0xEB: 'º',
		0xF1: 'æ', 0xF5: 'ı', 0xF8: 'ł', 0xF9: 'ø', 0xFA: 'œ', 0xFB: 'ß',
	}
	for k, v := range upper {
		t[k] = v
	}
	return &t
}

func makePDFDocEncoding() *[256]rune {
	var t [256]rune
	for i := 0x20; i < 256; i++ {
		t[i] = rune(i)
	}
	special := []rune("•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž")
	for i, r := range special {
		t[0x80+i] = r
	}
	t[0x7F], t[0x9F], t[0xAD] = 0, 0, 0
	t[0xA0] = '€'
	return &t
}

// latin1Names are the glyph names of U+00A0..U+00FF in order.
const latin1Names = "nbspace exclamdown cent sterling currency yen brokenbar section dieresis copyright ordfeminine guillemotleft logicalnot sfthyphen registered macron degree plusminus twosuperior threesuperior acute mu paragraph periodcentered cedilla onesuperior ordmasculine guillemotright onequarter onehalf threequarters questiondown Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave eacute ecircumflex edieresis igrave iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex otilde odieresis divide oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis"

// asciiNames are the glyph names of U+0020..U+007E that are not the
// character itself (letters are named by themselves).
const asciiNames = "space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal greater question at"

// otherNames maps further Adobe Glyph List names seen in text fonts.
const otherNames = `Euro 20AC quotesinglbase 201A florin 0192 quotedblbase 201E ellipsis 2026 dagger 2020
daggerdbl 2021 circumflex 02C6 perthousand 2030 Scaron 0160 guilsinglleft 2039 OE 0152 Zcaron 017D
quoteleft 2018 quoteright 2019 quotedblleft 201C quotedblright 201D bullet 2022 endash 2013 emdash 2014
tilde 02DC trademark 2122 scaron 0161 guilsinglright 203A oe 0153 zcaron 017E Ydieresis 0178
fi FB01 fl FB02 ff FB00 ffi FB03 ffl FB04 dotlessi 0131 dotlessj 0237 Lslash 0141 lslash 0142
fraction 2044 minus 2212 hungarumlaut 02DD ogonek 02DB caron 02C7 breve 02D8 dotaccent 02D9 ring 02DA
grave 0060 middot 00B7 bracketleft 005B backslash 005C bracketright 005D asciicircum 005E
underscore 005F braceleft 007B bar 007C braceright 007D asciitilde 007E nonbreakingspace 00A0
softhyphen 00AD hyphenminus 002D periodcentered 00B7 space 0020 hyphen 002D
Delta 2206 Omega 2126 pi 03C0 lessequal 2264 greaterequal 2265 notequal 2260 infinity 221E
partialdiff 2202 summation 2211 product 220F integral 222B radical 221A approxequal 2248
lozenge 25CA arrowright 2192 arrowleft 2190 arrowup 2191 arrowdown 2193 arrowboth 2194
checkmark 2713 estimated 212E numero 2116 afii61352 2116 uni00A0 00A0 twodotenleader 2025
onedotenleader 2024 figuredash 2012 horizontalbar 2015 quotereversed 201B minute 2032 second 2033
alpha 03B1 beta 03B2 gamma 03B3 delta 03B4 epsilon 03B5 zeta 03B6 eta 03B7 theta 03B8 iota 03B9
kappa 03BA lambda 03BB nu 03BD xi 03BE omicron 03BF rho 03C1 sigma 03C3 tau 03C4 upsilon 03C5
phi 03C6 chi 03C7 psi 03C8 omega 03C9 Gamma 0393 Theta 0398 Lambda 039B Xi 039E Pi 03A0 Sigma 03A3
Phi 03A6 Psi 03A8 Idotaccent 0130 Gbreve 011E gbreve 011F Scedilla 015E scedilla 015F
Aogonek 0104 aogonek 0105 Cacute 0106 cacute 0107 Ccaron 010C ccaron 010D Dcaron 010E dcaron 010F
Dcroat 0110 dcroat 0111 Eogonek 0118 eogonek 0119 Ecaron 011A ecaron 011B Nacute 0143 nacute 0144
Ncaron 0147 ncaron 0148 Rcaron 0158 rcaron 0159 Sacute 015A sacute 015B Tcaron 0164 tcaron 0165
Uring 016E uring 016F Zacute 0179 zacute 017A Zdotaccent 017B zdotaccent 017C Ohungarumlaut 0150
ohungarumlaut 0151 Uhungarumlaut 0170 uhungarumlaut 0171 Amacron 0100 amacron 0101 Emacron 0112
emacron 0113 Imacron 012A imacron 012B Omacron 014C omacron 014D Umacron 016A umacron 016B
Abreve 0102 abreve 0103 Lcaron 013D lcaron 013E Lacute 0139 lacute 013A Racute 0154 racute 0155
Tcommaaccent 0162 tcommaaccent 0163 Scommaaccent 0218 scommaaccent 0219 commaaccent 0326
copyrightsans 00A9 copyrightserif 00A9 registersans 00AE registerserif 00AE trademarksans 2122
trademarkserif 2122 degreesign 00B0 openbullet 25E6 filledbox 25A0 H18533 25CF H18543 25AA
H18551 25AB H22073 25A1 blackcircle 25CF whitecircle 25CB square 25A1 triagrt 25BA`

var glyphNames = makeGlyphNames()

func makeGlyphNames() map[string]string {
	m := make(map[string]string, 512)
	for i, n := range strings.Fields(asciiNames) {
		m[n] = string(rune(0x20 + i))
	}
	for c := 'A'; c <= 'Z'; c++ {
		m[string(c)] = string(c)
		m[string(c+'a'-'A')] = string(c + 'a' - 'A')
	}
	for i, n := range strings.Fields(latin1Names) {
		m[n] = string(rune(0xA0 + i))
	}
	f := strings.Fields(otherNames)
	for i := 0; i+1 < len(f); i += 2 {
		if v, err := strconv.ParseUint(f[i+1], 16, 32); err == nil {
			m[f[i]] = string(rune(v))
		}
	}
	return m
}

// glyphText maps a glyph name to its text following the Adobe Glyph List
// rules: known names, "uniXXXX" sequences, "uXXXX[XX]", ligatures joined
// with "_", and suffixes after "." ignored. Unknown names give "".
func glyphText(name string) string {
	if s, ok := glyphNames[name]; ok {
		return s
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if strings.Contains(name, "_") {
		var sb strings.Builder
		for _, part := range strings.Split(name, "_") {
			sb.WriteString(glyphText(part))
		}
		return sb.String()
	}
	if s, ok := glyphNames[name]; ok {
		return s
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var sb strings.Builder
		for i := 3; i < len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil || (v >= 0xD800 && v < 0xE000) {
				return ""
			}
			sb.WriteRune(rune(v))
		}
		return sb.String()
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		v, err := strconv.ParseUint(name[1:], 16, 32)
		if err == nil && v <= 0x10FFFF && (v < 0xD800 || v >= 0xE000) {
			return string(rune(v))
		}
	}
	return ""
}
