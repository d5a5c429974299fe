// Package outplan decides where each brief of a batch is written, before
// any work is done, so that no two documents share an output file and no
// brief takes the index's name.
//
// The rule, documented in the README:
//
//  1. A brief is named after its document with the extension replaced:
//     sub/report.pdf gives sub/report.md.
//  2. When two documents would get the same name, or a document would get
//     the index's name, each of them keeps its extension before the new
//     one: report.pdf.md and report.html.md, index.md.md. Names are
//     compared without regard to case, because macOS and Windows file
//     systems do not tell Report.md from report.md.
//  3. Should that still collide (the same file name under two input
//     folders), a number is added in input order: report-2.md.
package outplan

import (
	"path"
	"strconv"
	"strings"
)

// Names returns the output path of each input, in the same order. rels are
// slash-separated paths under the inputs' roots; ext is the output
// extension with its dot (".md"); reserved are names no brief may take
// (the index), compared without regard to case.
func Names(rels []string, ext string, reserved ...string) []string {
	plain := make([]string, len(rels))
	count := map[string]int{}
	for _, r := range reserved {
		count[fold(r)] += 2 // a reserved name always collides
	}
	for i, r := range rels {
		plain[i] = strings.TrimSuffix(r, path.Ext(r)) + ext
		count[fold(plain[i])]++
	}
	out := make([]string, len(rels))
	taken := map[string]bool{}
	for _, r := range reserved {
		taken[fold(r)] = true
	}
	for i, r := range rels {
		name := plain[i]
		if count[fold(name)] > 1 {
			name = r + ext
		}
		if taken[fold(name)] {
			base := strings.TrimSuffix(name, ext)
			for n := 2; ; n++ {
				cand := base + "-" + strconv.Itoa(n) + ext
				if !taken[fold(cand)] && count[fold(cand)] == 0 {
					name = cand
					break
				}
			}
		}
		taken[fold(name)] = true
		out[i] = name
	}
	return out
}

// fold is the comparison key of a name on a case-insensitive file system.
func fold(name string) string { return strings.ToLower(name) }

// Fold is the key under which a name is compared with others: two names
// with one key are the same file on a case-insensitive file system.
func Fold(name string) string { return fold(name) }
