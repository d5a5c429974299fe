package docread_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/brief-cli/brief/internal/docread"
)

func ExampleParse() {
	input := "---\r\ntitle: Emergency Directive 19-01\r\nlayout: base\r\n---\r\n" +
		"# Mitigate DNS Infrastructure Tampering\r\n\r\n<!-- draft note -->\r\n" +
		"Agencies must audit DNS records.   \r\n"
	doc, err := docread.Parse([]byte(input), docread.Options{NameHint: "ed-19-01.md"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Format, doc.Encoding)
	fmt.Println(doc.Title)
	fmt.Printf("%q\n", doc.Text)
	// Output:
	// markdown utf-8
	// Emergency Directive 19-01: Mitigate DNS Infrastructure Tampering
	// "# Mitigate DNS Infrastructure Tampering\n\nAgencies must audit DNS records."
}

func ExampleRead_errors() {
	for _, in := range []string{"PK\x03\x04\x14\x00 word/document.xml", "  \n\t ", "bin\x00ary"} {
		_, err := docread.Read(strings.NewReader(in), docread.Options{})
		var ue *docread.UnsupportedError
		switch {
		case errors.As(err, &ue):
			fmt.Println("unsupported:", ue.Kind)
		case errors.Is(err, docread.ErrEmpty):
			fmt.Println("empty")
		case errors.Is(err, docread.ErrBinary):
			fmt.Println("binary")
		}
	}
	// Output:
	// unsupported: Word document (DOCX)
	// empty
	// binary
}
