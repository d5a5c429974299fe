// Package tokcount counts the tokens of OpenAI's BPE encodings exactly, as
// tiktoken-go does, but in linear time and without its start-up cost.
//
// tiktoken-go pre-tokenizes with a backtracking regular expression engine
// and merges every piece with a quadratic loop; on real reports the first
// is most of brief's own run time and on one long word the second never
// ends. Here the pre-tokenizer is written by hand to give the pieces the
// patterns give (PatternO200k, PatternCL100k, PatternGPT2), the merge is
// tiktoken's own rule run on a heap for long pieces, and results of pieces
// that are not one token are cached per word. The vocabulary is the one
// tiktoken-go-loader embeds, loaded into a pre-sized map only when first
// needed. The tests keep tiktoken-go as the oracle.
//
// The scanning and merging functions are marked go:norace: they read only
// their arguments and tables that are complete before any count begins, so
// the race detector has nothing to find in them, and its instrumentation
// made every counting test (and every test that counts, such as the fake
// server's) three to four times slower. The caches they use stay checked.
package tokcount

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pkoukk/tiktoken-go-loader/assets"
)

//go:generate go run ./gen

// Tables prepared by gen from tiktoken-go-loader's files (TestTables checks
// them against those files): loading one is hashing its tokens.
var (
	//go:embed o200k_base.bin
	o200kTable string
	//go:embed cl100k_base.bin
	cl100kTable string
)

// MaxPiece is the longest pre-tokenized piece merged as a whole. Longer
// pieces (runs of one letter or symbol that no text of words has: 256 KiB
// without a space, digit or punctuation break) are merged in windows of
// MaxPiece bytes cut on character boundaries. The count is exact for every
// piece up to MaxPiece; beyond it the windows may merge differently from
// the whole at each cut (the tests measure the difference on pathological
// runs: a few tokens per window at most).
const MaxPiece = 256 << 10

// checkEvery is how many bytes of text are counted between checks of the
// context.
const checkEvery = 64 << 10

// Encoding is one loaded BPE encoding. It is safe for concurrent use.
type Encoding struct {
	name        string
	next        func(s string, i int) int // end of the piece starting at i
	ranks       rankTable
	maxTokenLen int

	caches sync.Pool // of *wordCache
	long   longCache
}

// files maps encoding names to their rank files and pre-tokenizers.
var files = map[string]struct {
	file  string // in tiktoken-go-loader's assets
	table *string
	next  func(string, int) int
}{
	"o200k_base":  {"o200k_base.tiktoken", &o200kTable, nextO200k},
	"cl100k_base": {"cl100k_base.tiktoken", &cl100kTable, nextCL100k},
	"p50k_base":   {"p50k_base.tiktoken", nil, nextGPT2},
	"p50k_edit":   {"p50k_base.tiktoken", nil, nextGPT2},
	"r50k_base":   {"r50k_base.tiktoken", nil, nextGPT2},
}

// Known reports whether name is an encoding Get can load.
func Known(name string) bool {
	_, ok := files[name]
	return ok
}

type entry struct {
	once sync.Once
	enc  *Encoding
	err  error
}

var (
	mu     sync.Mutex
	loaded = map[string]*entry{}
)

// Get returns the process-wide Encoding for name ("o200k_base",
// "cl100k_base", "p50k_base", "p50k_edit" or "r50k_base"), loading it on
// first use: about a millisecond for o200k_base and cl100k_base, whose
// rank tables gen built; tens of milliseconds for the others, read from
// tiktoken files.
func Get(name string) (*Encoding, error) {
	f, ok := files[name]
	if !ok {
		return nil, fmt.Errorf("unknown encoding %q", name)
	}
	mu.Lock()
	e := loaded[name]
	if e == nil {
		e = &entry{}
		loaded[name] = e
	}
	mu.Unlock()
	e.once.Do(func() {
		if f.table != nil {
			e.enc, e.err = loadTable(name, *f.table, f.next)
		} else {
			e.enc, e.err = load(name, f.file, f.next)
		}
	})
	return e.enc, e.err
}

// load parses a .tiktoken file (one "base64-token rank" per line) into a
// map sized for it; the token bytes share one string.
func load(name, file string, next func(string, int) int) (*Encoding, error) {
	data, err := assets.Assets.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", name, err)
	}
	n := bytes.Count(data, []byte{'\n'}) + 1
	buf := make([]byte, 0, len(data)*3/4)
	type span struct{ a, b, rank int32 }
	spans := make([]span, 0, n)
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 {
			continue
		}
		sp := bytes.IndexByte(line, ' ')
		if sp <= 0 {
			return nil, fmt.Errorf("encoding %s: malformed line %q", name, line)
		}
		rank, ok := atoi(line[sp+1:])
		if !ok {
			return nil, fmt.Errorf("encoding %s: malformed rank in %q", name, line)
		}
		a := len(buf)
		buf = buf[:a+base64.StdEncoding.DecodedLen(sp)]
		m, err := base64.StdEncoding.Decode(buf[a:], line[:sp])
		if err != nil {
			return nil, fmt.Errorf("encoding %s: %w", name, err)
		}
		buf = buf[:a+m]
		spans = append(spans, span{int32(a), int32(a + m), int32(rank)})
	}
	size := make([]byte, 0, n)
	all := make([]byte, 0, len(buf))
	for _, sp := range spans {
		if int(sp.rank) < len(size) || sp.b-sp.a > 255 {
			return nil, fmt.Errorf("encoding %s: rank %d out of order or too long", name, sp.rank)
		}
		for len(size) < int(sp.rank) {
			size = append(size, 0)
		}
		size = append(size, byte(sp.b-sp.a))
		all = append(all, buf[sp.a:sp.b]...)
	}
	return newEncoding(name, string(all), string(size), next)
}

// loadTable loads a table written by gen: a little-endian uint32 count n,
// n length bytes, the tokens, and the slots of their rank table.
func loadTable(name, t string, next func(string, int) int) (*Encoding, error) {
	if len(t) < 4 {
		return nil, fmt.Errorf("encoding %s: table too short", name)
	}
	n := int(t[0]) | int(t[1])<<8 | int(t[2])<<16 | int(t[3])<<24
	if len(t) < 4+n {
		return nil, fmt.Errorf("encoding %s: table too short", name)
	}
	size, rest := t[4:4+n], t[4+n:]
	total := 0
	for i := 0; i < n; i++ {
		total += int(size[i])
	}
	if total > len(rest) {
		return nil, fmt.Errorf("encoding %s: table damaged", name)
	}
	e := &Encoding{name: name, next: next}
	if !e.ranks.use(rest[:total], size, rest[total:]) {
		return nil, fmt.Errorf("encoding %s: table damaged; run go generate ./internal/tokcount", name)
	}
	e.setMaxTokenLen()
	return e, nil
}

func newEncoding(name, all, size string, next func(string, int) int) (*Encoding, error) {
	e := &Encoding{name: name, next: next}
	if !e.ranks.build(all, size) {
		return nil, fmt.Errorf("encoding %s: too large for the rank table", name)
	}
	e.setMaxTokenLen()
	return e, nil
}

func (e *Encoding) setMaxTokenLen() {
	for i := 0; i < len(e.ranks.size); i++ {
		e.maxTokenLen = max(e.maxTokenLen, int(e.ranks.size[i]))
	}
}

func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Name returns the encoding's name.
func (e *Encoding) Name() string { return e.name }

// valid returns s, or s with each byte of invalid UTF-8 replaced by U+FFFD,
// which is what tiktoken-go counts (it works on []rune(s)).
func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
}

// Count returns the number of tokens of s encoded as ordinary text
// (special-token text such as "<|endoftext|>" counts as ordinary text).
func (e *Encoding) Count(s string) int {
	n, _ := e.CountContext(context.Background(), s)
	return n
}

// CountContext is Count that stops with ctx's error when ctx is done,
// checking at least every 64 KiB of text.
func (e *Encoding) CountContext(ctx context.Context, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	s = valid(s)
	c, _ := e.caches.Get().(*wordCache)
	if c == nil {
		c = new(wordCache)
	}
	defer e.caches.Put(c)
	n, check := 0, checkEvery
	var starts []int32
	for i := 0; i < len(s); {
		j := e.next(s, i)
		p := s[i:j]
		switch {
		case len(p) <= e.maxTokenLen && e.has(p):
			n++
		case len(p) <= cacheKeyMax:
			k, ok := c.get(p)
			if !ok {
				starts = e.merge(p, starts[:0])
				k = len(starts)
				c.put(p, k)
			}
			n += k
		default:
			for w := range windows(p) {
				if err := ctx.Err(); err != nil {
					return n, err
				}
				starts = e.mergeLong(w, starts[:0])
				n += len(starts)
			}
		}
		if j >= check {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			check = j + checkEvery
		}
		i = j
	}
	return n, nil
}

// mergeLong is merge that goes through the long cache for long pieces.
func (e *Encoding) mergeLong(p string, starts []int32) []int32 {
	if len(p) < longMin {
		return e.merge(p, starts)
	}
	if s, ok := e.long.get(p); ok {
		return append(starts, s...)
	}
	starts = e.merge(p, starts)
	e.long.put(p, starts)
	return starts
}

func (e *Encoding) has(p string) bool {
	return e.ranks.get(p) >= 0
}

// windows yields p in pieces of at most MaxPiece bytes cut on character
// boundaries.
func windows(p string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for len(p) > 0 {
			cut := len(p)
			if cut > MaxPiece {
				cut = MaxPiece
				for cut > 1 && !utf8.RuneStart(p[cut]) {
					cut--
				}
			}
			if !yield(p[:cut]) {
				return
			}
			p = p[cut:]
		}
	}
}

// Encode returns the token ids of s encoded as ordinary text, and the byte
// offset in s where each token starts followed by len(s). If s is not
// valid UTF-8 the offsets are those of s with each invalid byte replaced
// by U+FFFD.
func (e *Encoding) Encode(s string) (ids []int, offs []int) {
	ids, offs, _ = e.EncodeContext(context.Background(), s)
	return ids, offs
}

// EncodeContext is Encode that stops with ctx's error once ctx is done,
// checking at least every 64 KiB of text.
func (e *Encoding) EncodeContext(ctx context.Context, s string) (ids []int, offs []int, err error) {
	s = valid(s)
	var starts []int32
	check := checkEvery
	for i := 0; i < len(s); {
		if i >= check {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			check = i + checkEvery
		}
		j := e.next(s, i)
		p := s[i:j]
		if r := e.rank(p); r != noRank {
			ids, offs = append(ids, int(r)), append(offs, i)
			i = j
			continue
		}
		base := i
		for w := range windows(p) {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			starts = e.mergeLong(w, starts[:0])
			for k, a := range starts {
				b := len(w)
				if k+1 < len(starts) {
					b = int(starts[k+1])
				}
				ids = append(ids, int(e.ranks.get(w[a:b])))
				offs = append(offs, base+int(a))
			}
			base += len(w)
		}
		i = j
	}
	offs = append(offs, len(s))
	return ids, offs, nil
}

// Decode returns the bytes of the tokens ids as a string; ids outside the
// vocabulary are skipped.
func (e *Encoding) Decode(ids []int) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(e.ranks.token(id))
	}
	return b.String()
}

// Pieces returns the pre-tokenized pieces of s (after the same UTF-8
// repair Count does), for tests and diagnostics.
func (e *Encoding) Pieces(s string) []string {
	s = valid(s)
	var out []string
	for i := 0; i < len(s); {
		j := e.next(s, i)
		out = append(out, s[i:j])
		i = j
	}
	return out
}
