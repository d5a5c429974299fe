package verify

import (
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// TestMain says in one line how many corpus tests skipped, if any did.
func TestMain(m *testing.M) { testcorpus.Main(m) }
