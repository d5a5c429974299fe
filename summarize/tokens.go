package summarize

// TEMPORARY stub; replaced by the textseg branch.

import (
	"sync"

	tiktoken "github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

var loaderOnce sync.Once

type Tokenizer struct{ enc *tiktoken.Tiktoken }

func NewTokenizer(model string) (*Tokenizer, error) {
	loaderOnce.Do(func() { tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader()) })
	enc, err := tiktoken.GetEncoding("o200k_base")
	if err != nil {
		return nil, err
	}
	return &Tokenizer{enc}, nil
}

func (t *Tokenizer) Count(s string) int { return len(t.enc.Encode(s, nil, nil)) }
