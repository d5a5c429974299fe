// Command gen writes the token tables that package tokcount embeds, from
// the .tiktoken files of tiktoken-go-loader: for each encoding, the tokens
// in rank order as a little-endian uint32 count, one length byte per rank
// (0 for a rank with no token), the tokens' bytes one after the other, and
// the slots of their rank table as tokcount.Slots builds them. Without
// base64, with nothing to parse and nothing to build, loading one takes
// no time.
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

	"github.com/brief-cli/brief/internal/tokcount"
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
	var size, all bytes.Buffer
	for r := 0; r < n; r++ {
		size.WriteByte(byte(len(toks[r])))
		all.Write(toks[r])
	}
	slots := tokcount.Slots(all.String(), size.String())
	if slots == nil {
		return fmt.Errorf("%s: too large for the rank table", name)
	}
	var out bytes.Buffer
	_ = binary.Write(&out, binary.LittleEndian, uint32(n))
	out.Write(size.Bytes())
	out.Write(all.Bytes())
	out.Write(slots)
	return os.WriteFile(name+".bin", out.Bytes(), 0o644)
}
