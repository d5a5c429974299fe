package summarize

import (
	"errors"
	"sync"
	"testing"
)

func TestBudgetNeverPassesTheLimit(t *testing.T) {
	b := &budget{max: 1.0}
	var wg sync.WaitGroup
	var mu sync.Mutex
	refused := 0
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.reserve(0.05); err != nil {
				if !errors.Is(err, ErrBudget) {
					t.Error(err)
				}
				mu.Lock()
				refused++
				mu.Unlock()
				return
			}
			b.settle(0.05, 0.04) // cheaper than its worst case
		}()
	}
	wg.Wait()
	if b.spent > b.max || b.reserved != 0 {
		t.Fatalf("spent %.3f of %.3f, %.3f still reserved", b.spent, b.max, b.reserved)
	}
	if refused == 0 {
		t.Fatal("100 requests of up to $0.05 all fit under $1")
	}
}
