//go:build race

package tokcount

// raceBuild: the tests run under the race detector, where tiktoken-go, the
// oracle, is several times slower.
const raceBuild = true
