package terms

import "regexp"

// Addressee matches a line of a letter's address block: "Congressional
// Committees", "The Honorable Jack Reed", "Chairman", "Ranking Member",
// "Committee on Armed Services". Such lines read like Title Case headings
// but head no part of the report, and are never its title.
var Addressee = regexp.MustCompile(`^(?:The Honorable|Dear)\s|^(?:Sub)?[Cc]ommittee on\s|` +
	`^(?:Congressional (?:Committees|Requesters|Addressees)|Chairman|Chairwoman|Chair|Vice Chair(?:man)?|` +
	`Ranking (?:Minority )?Member|United States Senate|House of Representatives)$`)
