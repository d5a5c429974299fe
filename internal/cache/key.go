package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// Key identifies one request: the SHA-256 of the parts that determine its
// answer.
type Key [32]byte

// KeyOf hashes parts into a Key. Each part is prefixed by its length, so
// ("ab", "c"), ("a", "bc") and ("abc") give different keys, as do ("a") and
// ("a", ""). Never pass the API key as a part.
func KeyOf(parts ...string) Key {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(parts)))
	h.Write(n[:])
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// String returns k in lowercase hexadecimal.
func (k Key) String() string { return hex.EncodeToString(k[:]) }
