package extractive

import (
	"github.com/brief-cli/brief/internal/textseg"
)

// segment is the real segmenter, as the CLI uses it.
var segment = textseg.Segment
