package align_test

import (
	"fmt"

	"github.com/brief-cli/brief/internal/align"
	"github.com/brief-cli/brief/internal/textseg"
)

func ExampleIndex_Resolve() {
	doc := textseg.Document{Paragraphs: []textseg.Paragraph{
		{Number: 1, Text: "CISA issued Emergency Directive 21-01 on December 13, 2020."},
		{Number: 2, Text: "Agencies must disconnect or power down SolarWinds Orion products."},
		{Number: 3, Text: "The U.S. Government attributes this activity to the Russian SVR."},
	}}
	ix := align.NewIndex(doc)
	// the model cited paragraph 1 for a statement that rests on paragraph 3
	fmt.Println(ix.Resolve("The activity was attributed to Russia's SVR.", []int{1}, 1))
	// a right citation stays
	fmt.Println(ix.Resolve("Agencies had to power down Orion.", []int{2}, 1))
	// Output:
	// [3]
	// [2]
}
