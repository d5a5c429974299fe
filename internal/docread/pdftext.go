package docread

import (
	"math"

	"github.com/brief-cli/brief/internal/docread/internal/pdf"
)

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// textChunk is a run of text shown by one operator (or one TJ element),
// positioned in a frame rotated with the text: along grows in reading
// direction, across grows "upwards" relative to the text.
type textChunk struct {
	text           string
	dir            int // 0: left to right, 1: bottom to top, 2: upside down, 3: top to bottom
	along0, along1 float64
	across         float64
	size           float64 // font size in device space
	bold           bool
}

// gstate is the part of the graphics state text extraction needs.
type gstate struct {
	ctm                   matrix
	tc, tw, th, tl, trise float64
	font                  *pdfFont
	fs                    float64
}

// Limits against pathological files.
const (
	maxContentBytes = 64 << 20 // decoded content of one page, forms included
	maxFormDepth    = 8        // nested form XObjects
	maxFormsPerPage = 1000     // form XObjects run for one page (cycles multiply them)
	maxOperators    = 20_000_000
)

// interp runs the text-related operators of page content streams.
type interp struct {
	chunks   []textChunk
	ops      int // operators run so far, shared across pages
	bytes    int // content bytes read for the current page
	forms    int // form XObjects run for the current page
	fallback *pdfFont
	fonts    map[string]*pdfFont // by resource scope and name
}

type scope struct {
	id  string // distinguishes resource dictionaries for the font cache
	res pdf.Value
}

func newInterp() *interp {
	fb := &pdfFont{scale: 0.001, widths: map[uint32]float64{}, estimate: standardWidthGuess("Helvetica")}
	for i, r := range standardEncoding {
		if r != 0 {
			fb.enc[i] = string(r)
		}
	}
	return &interp{fallback: fb, fonts: map[string]*pdfFont{}}
}

// contents returns the decoded content stream(s) of a page or form.
func (in *interp) contents(v pdf.Value) []byte {
	var out []byte
	add := func(s pdf.Value) {
		if s.Kind() != pdf.Stream || in.bytes >= maxContentBytes {
			return
		}
		b := readStream(s, int64(maxContentBytes-in.bytes))
		in.bytes += len(b)
		out = append(out, b...)
		out = append(out, '\n')
	}
	if v.Kind() == pdf.Array {
		for i := 0; i < v.Len(); i++ {
			add(v.Index(i))
		}
	} else {
		add(v)
	}
	return out
}

func (in *interp) font(sc scope, name string) *pdfFont {
	key := sc.id + "\x00" + name
	if f, ok := in.fonts[key]; ok {
		return f
	}
	fv := sc.res.Key("Font").Key(name)
	f := in.fallback
	if fv.Kind() == pdf.Dict {
		f = newPDFFont(fv)
	}
	in.fonts[key] = f
	return f
}

// run interprets one content stream.
func (in *interp) run(content []byte, sc scope, gs gstate, depth int) {
	l := newPSLexer(content)
	var (
		args    []psObj
		stack   []gstate
		tm, tlm matrix
		marked  []bool // open marked-content sequences: true for /Artifact
		inArt   int    // how many open sequences are artifacts
	)
	num := func(i int) float64 {
		if i < len(args) && args[i].isNum() {
			return args[i].Num
		}
		return 0
	}
	nextLine := func(tx, ty float64) {
		tlm = translate(tx, ty).mul(tlm)
		tm = tlm
	}
	show := func(s string) {
		f := gs.font
		if f == nil {
			f = in.fallback
		}
		m := tm.mul(gs.ctm)
		x0, y0 := matrix{gs.fs * gs.th, 0, 0, gs.fs, 0, gs.trise}.mul(m).apply(0, 0)
		var tx float64
		var text []byte
		for _, g := range f.decode(s) {
			adv := g.width*gs.fs + gs.tc
			if g.space {
				adv += gs.tw
			}
			tx += adv * gs.th
			text = append(text, g.text...)
		}
		tm = translate(tx, 0).mul(tm)
		if inArt > 0 || len(text) == 0 {
			return
		}
		x1, y1 := matrix{1, 0, 0, 1, 0, gs.trise}.mul(tm.mul(gs.ctm)).apply(0, 0)
		dir, ok := direction(m[0], m[1])
		if !ok {
			return // diagonal text: watermarks and decorations
		}
		c := textChunk{text: string(text), dir: dir, size: math.Abs(gs.fs) * math.Hypot(m[2], m[3]), bold: f.bold}
		c.along0, c.across = frame(dir, x0, y0)
		c.along1, _ = frame(dir, x1, y1)
		if c.along1 < c.along0 {
			c.along1 = c.along0
		}
		in.chunks = append(in.chunks, c)
	}
	for {
		o := l.operand(0)
		if o.Kind == pdf.TokEOF {
			return
		}
		if o.Kind != pdf.TokKeyword {
			if len(args) < 64 {
				args = append(args, o)
			}
			continue
		}
		in.ops++
		if in.ops > maxOperators {
			return
		}
		switch o.Str {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			if n := len(stack); n > 0 {
				gs = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Td":
			nextLine(num(0), num(1))
		case "TD":
			gs.tl = -num(1)
			nextLine(num(0), num(1))
		case "Tm":
			if len(args) == 6 {
				tm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tlm = tm
			}
		case "T*":
			nextLine(0, -gs.tl)
		case "Tc":
			gs.tc = num(0)
		case "Tw":
			gs.tw = num(0)
		case "Tz":
			gs.th = num(0) / 100
		case "TL":
			gs.tl = num(0)
		case "Ts":
			gs.trise = num(0)
		case "Tf":
			if len(args) == 2 && args[0].Kind == pdf.TokName {
				gs.font = in.font(sc, args[0].Str)
				gs.fs = num(1)
			}
		case "Tj":
			if len(args) == 1 && args[0].Kind == pdf.TokString {
				show(args[0].Str)
			}
		case "'":
			nextLine(0, -gs.tl)
			if len(args) == 1 && args[0].Kind == pdf.TokString {
				show(args[0].Str)
			}
		case "\"":
			if len(args) == 3 && args[2].Kind == pdf.TokString {
				gs.tw, gs.tc = num(0), num(1)
				nextLine(0, -gs.tl)
				show(args[2].Str)
			}
		case "TJ":
			if len(args) == 1 && args[0].Kind == pdf.TokArrayOpen {
				for _, e := range args[0].arr {
					switch {
					case e.Kind == pdf.TokString:
						show(e.Str)
					case e.isNum():
						tm = translate(-e.Num/1000*gs.fs*gs.th, 0).mul(tm)
					}
				}
			}
		case "BMC", "BDC":
			art := len(args) > 0 && args[0].Kind == pdf.TokName && args[0].Str == "Artifact"
			if len(marked) < 1024 {
				marked = append(marked, art)
				if art {
					inArt++
				}
			}
		case "EMC":
			if n := len(marked); n > 0 {
				if marked[n-1] {
					inArt--
				}
				marked = marked[:n-1]
			}
		case "BI":
			for t := l.next(); t.Kind != pdf.TokEOF && !t.is("ID"); t = l.next() {
			}
			l.lx.SkipInlineImage()
		case "Do":
			if len(args) == 1 && args[0].Kind == pdf.TokName && depth < maxFormDepth {
				in.form(sc, args[0].Str, gs, depth)
			}
		}
		args = args[:0]
	}
}

// form runs a form XObject, which may hold text (Google Docs and many
// report generators put whole pages in one).
func (in *interp) form(sc scope, name string, gs gstate, depth int) {
	xo := sc.res.Key("XObject").Key(name)
	if xo.Kind() != pdf.Stream || xo.Key("Subtype").Name() != "Form" || in.forms >= maxFormsPerPage {
		return
	}
	in.forms++
	content := in.contents(xo)
	if len(content) == 0 {
		return
	}
	child := scope{id: sc.id + "/" + name, res: sc.res}
	if r := xo.Key("Resources"); r.Kind() == pdf.Dict {
		child.res = r
	}
	if m := xo.Key("Matrix"); m.Len() == 6 {
		var fm matrix
		for i := range fm {
			fm[i] = m.Index(i).Float64()
		}
		gs.ctm = fm.mul(gs.ctm)
	}
	in.run(content, child, gs, depth+1)
}

// direction classifies a text direction vector into the four axis-aligned
// reading directions; ok is false for other angles.
func direction(a, b float64) (int, bool) {
	if a == 0 && b == 0 {
		return 0, false
	}
	const tol = 0.035 // about 2 degrees
	ang := math.Atan2(b, a) / (math.Pi / 2)
	q := math.Round(ang)
	if math.Abs(ang-q) > tol {
		return 0, false
	}
	return (int(q) + 4) % 4, true
}

// frame rotates a point into the reading frame of direction dir.
func frame(dir int, x, y float64) (along, across float64) {
	switch dir {
	case 1:
		return y, -x
	case 2:
		return -x, -y
	case 3:
		return -y, x
	}
	return x, y
}
