package summarize

import (
	"fmt"
	"sync"
)

// ErrBudget means a request would have taken the spend past
// Options.MaxCostUSD; it was not sent.
var ErrBudget = fmt.Errorf("cost limit reached")

// budget tracks spend against a limit. A request reserves its worst case
// (prompt plus the full answer allowance) before it is sent and settles at
// its real cost, so that requests in flight together cannot overshoot.
type budget struct {
	mu       sync.Mutex
	max      float64
	spent    float64
	reserved float64
}

func (b *budget) reserve(worst float64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.max > 0 && b.spent+b.reserved+worst > b.max {
		inFlight := ""
		if b.reserved > 0.00005 {
			inFlight = fmt.Sprintf(" and up to $%.4f in flight", b.reserved)
		}
		return detailf(ErrBudget, "$%.4f spent%s, the next request may cost up to $%.4f, the limit is $%.4f", b.spent, inFlight, worst, b.max)
	}
	b.reserved += worst
	return nil
}

func (b *budget) settle(worst, actual float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reserved = max(0, b.reserved-worst)
	b.spent += actual
}
