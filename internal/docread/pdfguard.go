package docread

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"regexp"
	"strconv"
)

// The PDF library follows /Prev chains of cross-reference sections and
// /Extends chains of object streams without cycle checks, which loops
// forever on hostile files. These cheap scans of the raw bytes catch the
// cycles before the library sees them.

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)`)
	prevRE      = regexp.MustCompile(`/Prev\s+(\d+)`)
	extendsRE   = regexp.MustCompile(`(\d+)\s+\d+\s+obj\s*<<(?:[^>]|>[^>])*?/Extends\s+(\d+)\s+\d+\s+R`)
)

// maxXrefSections bounds a /Prev chain; real files have a handful.
const maxXrefSections = 10_000

var (
	errXrefCycle    = errors.New("cross-reference /Prev chain loops")
	errExtendsCycle = errors.New("object stream /Extends chain loops")
)

// checkPDFCycles reports a looping /Prev or /Extends chain.
func checkPDFCycles(data []byte) error {
	if i := bytes.LastIndex(data, []byte("startxref")); i >= 0 {
		m := startxrefRE.FindSubmatch(data[i:])
		if m == nil {
			return nil // the library reports the missing offset
		}
		off, _ := strconv.ParseInt(string(m[1]), 10, 64)
		seen := map[int64]bool{}
		for n := 0; off >= 0 && off < int64(len(data)); n++ {
			if seen[off] || n > maxXrefSections {
				return errXrefCycle
			}
			seen[off] = true
			// This section's dictionary ends before the next startxref.
			seg := data[off:]
			if end := bytes.Index(seg, []byte("startxref")); end >= 0 {
				seg = seg[:end]
			}
			m := prevRE.FindSubmatch(seg)
			if m == nil {
				break
			}
			off, _ = strconv.ParseInt(string(m[1]), 10, 64)
		}
	}
	if !bytes.Contains(data, []byte("/Extends")) {
		return nil
	}
	next := map[string]string{}
	for _, m := range extendsRE.FindAllSubmatch(data, -1) {
		next[string(m[1])] = string(m[2])
	}
	for start := range next {
		cur := start
		for n := 0; n <= len(next); n++ {
			nxt, ok := next[cur]
			if !ok {
				break
			}
			if nxt == start {
				return errExtendsCycle
			}
			cur = nxt
		}
	}
	return nil
}

var xrefStreamRE = regexp.MustCompile(`/Type\s*/XRef\b`)

var errNestedObjStm = errors.New("object stream stored inside an object stream")

// checkXrefStreams decodes the cross-reference streams and rejects an
// object stream that is itself listed as stored in an object stream: the
// library resolves such a chain recursively, and a cycle would overflow
// the stack, which no recover can catch.
func checkXrefStreams(data []byte) error {
	inStream := map[int64]int64{} // object -> object stream holding it
	for _, loc := range xrefStreamRE.FindAllIndex(data, 64) {
		dictStart := bytes.LastIndex(data[max(0, loc[0]-4096):loc[0]], []byte("<<"))
		if dictStart < 0 {
			continue
		}
		l := &psLexer{b: data[max(0, loc[0]-4096)+dictStart:]}
		dict := l.operand(0)
		if dict.kind != psDict {
			continue
		}
		keys := map[string]psObj{}
		for i := 0; i+1 < len(dict.arr); i += 2 {
			if dict.arr[i].kind == psName {
				keys[dict.arr[i].str] = dict.arr[i+1]
			}
		}
		raw := streamBody(data, max(0, loc[0]-4096)+dictStart+l.i)
		if raw == nil || keys["Filter"].str != "FlateDecode" {
			continue
		}
		rows, ok := inflateRows(raw, keys)
		if !ok {
			continue
		}
		w := keys["W"].arr
		if len(w) != 3 {
			continue
		}
		w0, w1, w2 := int(w[0].num), int(w[1].num), int(w[2].num)
		if w0 < 0 || w1 < 0 || w2 < 0 || w0+w1+w2 == 0 || w0+w1+w2 > 32 {
			continue
		}
		index := []int64{0, int64(keys["Size"].num)}
		if ix := keys["Index"].arr; len(ix) >= 2 {
			index = index[:0]
			for _, v := range ix {
				index = append(index, int64(v.num))
			}
		}
		width := w0 + w1 + w2
		row := 0
		for i := 0; i+1 < len(index); i += 2 {
			for k := int64(0); k < index[i+1] && (row+1)*width <= len(rows); k++ {
				e := rows[row*width : (row+1)*width]
				row++
				typ := int64(1)
				if w0 > 0 {
					typ = beInt(e[:w0])
				}
				if typ == 2 {
					inStream[index[i]+k] = beInt(e[w0 : w0+w1])
				}
			}
		}
	}
	for _, holder := range inStream {
		if _, nested := inStream[holder]; nested {
			return errNestedObjStm
		}
	}
	return nil
}

func beInt(b []byte) int64 {
	var v int64
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v
}

// streamBody returns the bytes between "stream" and "endstream" after
// offset i, or nil.
func streamBody(data []byte, i int) []byte {
	s := bytes.Index(data[i:min(len(data), i+64)], []byte("stream"))
	if s < 0 {
		return nil
	}
	start := i + s + len("stream")
	if start < len(data) && data[start] == '\r' {
		start++
	}
	if start < len(data) && data[start] == '\n' {
		start++
	}
	end := bytes.Index(data[start:], []byte("endstream"))
	if end < 0 {
		return nil
	}
	return data[start : start+end]
}

// inflateRows decompresses a Flate stream and undoes the PNG predictors
// cross-reference streams use (at most 16 MiB).
func inflateRows(raw []byte, keys map[string]psObj) ([]byte, bool) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	out, _ := io.ReadAll(io.LimitReader(zr, 16<<20))
	var pred, cols int
	if dp := keys["DecodeParms"]; dp.kind == psDict {
		for i := 0; i+1 < len(dp.arr); i += 2 {
			switch dp.arr[i].str {
			case "Predictor":
				pred = int(dp.arr[i+1].num)
			case "Columns":
				cols = int(dp.arr[i+1].num)
			}
		}
	}
	if pred < 10 {
		return out, pred <= 1
	}
	if cols <= 0 || cols > 1024 {
		return nil, false
	}
	var rows []byte
	prev := make([]byte, cols)
	for len(out) >= cols+1 {
		f, line := out[0], out[1:cols+1]
		out = out[cols+1:]
		cur := make([]byte, cols)
		for j := range line {
			switch f {
			case 0:
				cur[j] = line[j]
			case 2:
				cur[j] = line[j] + prev[j]
			default:
				return nil, false // other PNG filters: let the library judge
			}
		}
		rows = append(rows, cur...)
		prev = cur
	}
	return rows, true
}
