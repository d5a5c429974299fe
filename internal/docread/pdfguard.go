package docread

import (
	"bytes"
	"errors"
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
