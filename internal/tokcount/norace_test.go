//go:build !race

package tokcount

const raceBuild = false
