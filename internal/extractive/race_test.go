//go:build race

package extractive

const raceBuild = true
