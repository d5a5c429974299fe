package verify

import (
	"fmt"
	"testing"
)

func TestTry(t *testing.T) {
	for _, s := range []string{
		"On Tuesday January 22nd, 2019, CISA issued Emergency Directive 19-01 after FireEye reported 18,000 victims and $2.5 billion in losses (10%).",
		"Atta and Omari arrived in Boston at 6:45. Seven minutes later, Atta apparently took a call from Marwan al Shehhi.",
		"The Department of Homeland Security's CISA said “we know enough to be concerned” about Russia's SVR and the U.S. government on 24 January 2019.",
		"Tuesday, September 11, 2001, dawned temperate. President George W. Bush went for a run at 8:46 a.m. with twenty-five aides over three hours; two-thirds were 33-year-old.",
		"GAO-02-957T covers COVID-19, APT29 and 21-01; versions 2019.4 through 2020.2.1 HF1; 9/11; the 1990s; 10-15% and 3-5 years; 2001-2004.",
	} {
		fmt.Println(s)
		for _, f := range Extract(s) {
			fmt.Printf("   %-8s %-30q %q\n", f.Kind, f.Text, f.Norm)
		}
	}
}
