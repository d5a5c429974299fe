package docread

import (
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// BenchmarkParse measures throughput on the largest corpus file of each
// format; b.SetBytes makes go test report MB/s of input.
func BenchmarkParse(b *testing.B) {
	for _, file := range []string{
		"pdf/gao-07-283-crude-oil-supply.pdf",
		"html/gao-07-283-crude-oil-supply.html",
		"reports/mueller-report-2019-ocr.txt",
	} {
		b.Run(file, func(b *testing.B) {
			data := testcorpus.Read(b, file)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
