// Command rougebench runs brief's extractive engine and the lead baselines
// on the AMI meeting transcripts for the ROUGE benchmark (see
// bench/rouge/README.md), and measures the engine's speed on a large report.
//
// It writes one JSON file that bench/rouge/score.js combines with the npm
// peers' rankings and scores with js-rouge. It is a benchmark tool, not
// part of brief, and is not run by CI.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/brief-cli/brief/internal/extractive"
	"github.com/brief-cli/brief/internal/textseg"
)

// meeting is one transcript with the summaries of the Go-side systems.
type meeting struct {
	ID string `json:"id"`
	// Budget is the number of words of the engine's summary; every other
	// system (except Lead-3) is cut to the same number of words.
	Budget int `json:"budget"`
	// Sentences is the number of sentences the engine picked.
	Sentences int `json:"sentences"`
	// Systems maps a system name to its summary, one sentence per line.
	Systems map[string]string `json:"systems"`
}

type output struct {
	Length   string    `json:"length"`
	Meetings []meeting `json:"meetings"`
	Speed    []speed   `json:"speed,omitempty"`
}

type speed struct {
	File        string  `json:"file"`
	Bytes       int     `json:"bytes"`
	Sentences   int     `json:"sentences"`
	SegmentMS   float64 `json:"segment_ms"`
	SummarizeMS float64 `json:"summarize_ms"`
	MBps        float64 `json:"summarize_mb_per_s"`
}

// segment is the segmenter under test.
var segment = textseg.Segment

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rougebench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rougebench", flag.ContinueOnError)
	ami := fs.String("ami", "", "AMI dataset directory (with ami-transcripts/)")
	out := fs.String("out", "", "write the JSON here (default stdout)")
	length := fs.String("length", "medium", "brief length: short, medium or long")
	var speedFiles stringList
	fs.Var(&speedFiles, "speed", "time Summarize on this file (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *ami == "" {
		return fmt.Errorf("-ami is required")
	}
	opt := extractive.Options{}
	switch *length {
	case "short":
		opt.Length = extractive.Short
	case "medium":
	case "long":
		opt.Length = extractive.Long
	default:
		return fmt.Errorf("unknown -length %q", *length)
	}

	files, err := filepath.Glob(filepath.Join(*ami, "ami-transcripts", "*.transcript.txt"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no transcripts under %s", *ami)
	}
	sort.Strings(files)
	res := output{Length: opt.Length.String()}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		id := strings.TrimSuffix(filepath.Base(f), ".transcript.txt")
		res.Meetings = append(res.Meetings, summarizeMeeting(id, string(b), opt))
	}
	for _, f := range speedFiles {
		s, err := measure(f, opt)
		if err != nil {
			return err
		}
		res.Speed = append(res.Speed, s)
	}

	w := stdout
	if *out != "" {
		fh, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer fh.Close()
		w = fh
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(res)
}

func summarizeMeeting(id, text string, opt extractive.Options) meeting {
	doc := segment(text)
	res := extractive.Summarize(doc, opt)
	var engine []string
	for _, p := range res.Picks() {
		engine = append(engine, p.Text)
	}
	budget := 0
	for _, s := range engine {
		budget += len(strings.Fields(s))
	}
	all := doc.Sentences()
	var lead3 []string
	for _, s := range all[:min(3, len(all))] {
		lead3 = append(lead3, s.Text)
	}
	var lead []string
	left := budget
	for _, s := range all {
		if left <= 0 {
			break
		}
		words := strings.Fields(s.Text)
		if len(words) > left {
			words = words[:left]
		}
		lead = append(lead, strings.Join(words, " "))
		left -= len(words)
	}
	return meeting{
		ID:        id,
		Budget:    budget,
		Sentences: len(engine),
		Systems: map[string]string{
			"brief extractive":  strings.Join(engine, "\n"),
			"Lead-3":            strings.Join(lead3, "\n"),
			"Lead (same words)": strings.Join(lead, "\n"),
		},
	}
}

// measure times segmentation and summarization of one file: the best of
// several runs (the machine is shared, and the best run is the least
// disturbed one).
func measure(file string, opt extractive.Options) (speed, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return speed{}, err
	}
	text := string(b)
	s := speed{File: filepath.Base(file), Bytes: len(b)}
	var doc textseg.Document
	best := time.Duration(1 << 62)
	for i := 0; i < 3; i++ {
		t := time.Now()
		doc = segment(text)
		best = min(best, time.Since(t))
	}
	s.SegmentMS = ms(best)
	s.Sentences = len(doc.Sentences())
	best = time.Duration(1 << 62)
	for i := 0; i < 10; i++ {
		t := time.Now()
		extractive.Summarize(doc, opt)
		best = min(best, time.Since(t))
	}
	s.SummarizeMS = ms(best)
	s.MBps = float64(len(b)) / 1e6 / best.Seconds()
	return s, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
