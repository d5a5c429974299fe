package extractive_test

import (
	"fmt"
	"strings"

	"github.com/brief-cli/brief/internal/extractive"
	"github.com/brief-cli/brief/internal/textseg"
)

func ExampleSummarize() {
	paragraph := func(n int, sentences ...string) textseg.Paragraph {
		return textseg.Paragraph{Number: n, Text: strings.Join(sentences, " "), Sentences: sentences}
	}
	doc := textseg.Document{Paragraphs: []textseg.Paragraph{
		{Number: 1, Heading: true, Text: "Port authority closes terminal after cyber attack", Sentences: []string{"Port authority closes terminal after cyber attack"}},
		paragraph(2, "The port authority closed its container terminal on March 3, 2024 after a ransomware attack encrypted the terminal's scheduling systems.",
			"Trucks queued for hours outside the terminal gates."),
		paragraph(3, "The terminal had suffered a smaller ransomware attack in 2021, when its billing systems were encrypted for two days.",
			"Since then the authority has spent $4 million on backups."),
		paragraph(4, "On Monday the authority announced that it had disconnected the scheduling systems and issued manual procedures to the terminal operators.",
			"The national cyber agency deployed a response team to the port."),
		paragraph(5, "Officials warned that the closure could delay deliveries across the region for weeks.",
			"The attack will likely increase pressure on ports to segment their networks."),
	}}
	res := extractive.Summarize(doc, extractive.Options{MaxSentences: 5, Date: "March 3, 2024"})
	fmt.Println(res.Language)
	for _, sec := range []struct {
		name  string
		picks []extractive.Pick
	}{{"Lead", res.Lead}, {"Background", res.Background}, {"Response", res.Response}, {"Implications", res.Implications}, {"Key facts", res.KeyFacts}} {
		for _, p := range sec.picks {
			fmt.Printf("%s: %s [¶%d]\n", sec.name, p.Text, p.Para)
		}
	}
	// Output:
	// en
	// Lead: The port authority closed its container terminal on March 3, 2024 after a ransomware attack encrypted the terminal's scheduling systems. [¶2]
	// Background: The terminal had suffered a smaller ransomware attack in 2021, when its billing systems were encrypted for two days. [¶3]
	// Response: On Monday the authority announced that it had disconnected the scheduling systems and issued manual procedures to the terminal operators. [¶4]
	// Implications: The attack will likely increase pressure on ports to segment their networks. [¶5]
	// Key facts: Since then the authority has spent $4 million on backups. [¶3]
}
