package main

import (
	"strings"

	"github.com/brief-cli/brief/summarize"
)

// prices are list prices in US dollars per million tokens (input, output),
// by model name prefix, longest first within a family. They change: the
// --price-in and --price-out flags override them.
var prices = []struct {
	prefix string
	price  summarize.Price
}{
	{"gpt-4o-mini", summarize.Price{InputPerMillion: 0.15, OutputPerMillion: 0.60}},
	{"gpt-4o", summarize.Price{InputPerMillion: 2.50, OutputPerMillion: 10.00}},
	{"gpt-4.1-nano", summarize.Price{InputPerMillion: 0.10, OutputPerMillion: 0.40}},
	{"gpt-4.1-mini", summarize.Price{InputPerMillion: 0.40, OutputPerMillion: 1.60}},
	{"gpt-4.1", summarize.Price{InputPerMillion: 2.00, OutputPerMillion: 8.00}},
	{"gpt-5-nano", summarize.Price{InputPerMillion: 0.05, OutputPerMillion: 0.40}},
	{"gpt-5-mini", summarize.Price{InputPerMillion: 0.25, OutputPerMillion: 2.00}},
	{"gpt-5", summarize.Price{InputPerMillion: 1.25, OutputPerMillion: 10.00}},
	{"o4-mini", summarize.Price{InputPerMillion: 1.10, OutputPerMillion: 4.40}},
	{"o3-mini", summarize.Price{InputPerMillion: 1.10, OutputPerMillion: 4.40}},
	{"o3", summarize.Price{InputPerMillion: 2.00, OutputPerMillion: 8.00}},
	{"gpt-4-turbo", summarize.Price{InputPerMillion: 10.00, OutputPerMillion: 30.00}},
	{"gpt-3.5-turbo", summarize.Price{InputPerMillion: 0.50, OutputPerMillion: 1.50}},
}

// priceOf returns the list price of model, or a zero Price if unknown
// (local models cost nothing per token).
func priceOf(model string) summarize.Price {
	m := strings.ToLower(model)
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	for _, p := range prices {
		if strings.HasPrefix(m, p.prefix) {
			return p.price
		}
	}
	return summarize.Price{}
}
