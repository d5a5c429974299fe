package textseg_test

import (
	"fmt"

	"github.com/brief-cli/brief/internal/textseg"
)

func ExampleSegment() {
	text := "# Findings\n\n" +
		"Mr. Smith told the U.S. Senate that spending rose 10.4% to $1.2 million.\n" +
		"The committee\nagreed.\n\n" +
		"- First recommendation\n" +
		"- Second recommendation\n"
	doc := textseg.Segment(text)
	for _, p := range doc.Paragraphs {
		fmt.Printf("P%d heading=%v %q\n", p.Number, p.Heading, p.Sentences)
	}
	// Output:
	// P1 heading=true ["Findings"]
	// P2 heading=false ["Mr. Smith told the U.S. Senate that spending rose 10.4% to $1.2 million." "The committee agreed."]
	// P3 heading=false ["First recommendation"]
	// P4 heading=false ["Second recommendation"]
}

func ExampleSplitSentences() {
	for _, s := range textseg.SplitSentences("Dr. Jones arrived at 6 p.m. on Jan. 5. 他来了。她走了！") {
		fmt.Println(s)
	}
	// Output:
	// Dr. Jones arrived at 6 p.m. on Jan. 5.
	// 他来了。
	// 她走了！
}
