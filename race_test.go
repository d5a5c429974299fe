//go:build race

package main

// raceBuild: the tests run under the race detector, where CPU-bound work
// is several times slower.
const raceBuild = true
