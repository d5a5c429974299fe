//go:build !race

package extractive

const raceBuild = false
