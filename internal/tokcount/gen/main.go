// Command gen writes the token tables that package tokcount embeds, from
// the .tiktoken files of tiktoken-go-loader: for each encoding, the tokens
// in rank order as a little-endian uint32 count, one length byte per rank
// (0 for a rank with no token) and the tokens' bytes one after the other.
// Without base64 and with nothing to parse, loading one is a hash of each
// token into a table.
//
//	go generate ./internal/tokcount
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"

	"github.com/pkoukk/tiktoken-go-loader/assets"
)

func main() {
	for _, name := range []string{"o200k_base", "cl100k_base"} {
		if err := write(name); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

func write(name string) error {
	data, err := assets.Assets.ReadFile(name + ".tiktoken")
	if err != nil {
		return err
	}
	toks := map[int][]byte{}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return fmt.Errorf("%s: malformed line %q", name, sc.Text())
		}
		tok, err := base64.StdEncoding.DecodeString(string(f[0]))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rank, err := strconv.Atoi(string(f[1]))
		if err != nil || rank < 0 {
			return fmt.Errorf("%s: malformed rank in %q", name, sc.Text())
		}
		if len(tok) == 0 || len(tok) > 255 {
			return fmt.Errorf("%s: token of rank %d has %d bytes", name, rank, len(tok))
		}
		toks[rank] = tok
		n = max(n, rank+1)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	var out bytes.Buffer
	_ = binary.Write(&out, binary.LittleEndian, uint32(n))
	for r := 0; r < n; r++ {
		out.WriteByte(byte(len(toks[r])))
	}
	for r := 0; r < n; r++ {
		out.Write(toks[r])
	}
	return os.WriteFile(name+".bin", out.Bytes(), 0o644)
}
