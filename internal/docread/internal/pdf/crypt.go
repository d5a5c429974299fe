// docread: the standard security handler, rewritten from the
// specification (PDF 32000-1:2008 §7.6, ISO 32000-2:2020 §7.6.4) to open
// what viewers open with the empty user password: RC4 40 to 128 bits
// (V1, V2, V4 with /V2), AES-128 (V4 /AESV2) and AES-256 (V5, R5 and R6).

package pdf

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"io"
)

// ErrInvalidPassword means the password given (the empty one, for docread)
// does not open the file: it has a user password.
var ErrInvalidPassword = errors.New("encrypted PDF: invalid password")

// ErrUnsupportedEncryption means the file is encrypted by a security
// handler or cipher this package does not implement (public-key security,
// a vendor's handler).
var ErrUnsupportedEncryption = errors.New("encrypted PDF: unsupported security handler")

var passwordPad = []byte{
	0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
}

// cryptMethod is how strings or streams are encrypted.
type cryptMethod int

const (
	cryptIdentity cryptMethod = iota // not encrypted
	cryptRC4                         // /V2
	cryptAESV2                       // AES-128, per-object keys
	cryptAESV3                       // AES-256, the file key itself
)

// initEncrypt derives the file key from password and the /Encrypt
// dictionary, checks it against /U, and sets the Reader's keys.
func (r *Reader) initEncrypt(password string) error {
	enc, _ := r.resolve(objptr{}, r.trailer["Encrypt"]).data.(dict)
	if enc == nil {
		return fmt.Errorf("malformed PDF: /Encrypt is not a dictionary")
	}
	if enc["Filter"] != name("Standard") {
		return fmt.Errorf("%w: /Filter %v", ErrUnsupportedEncryption, objfmt(enc["Filter"]))
	}
	V, _ := enc["V"].(int64)
	R, _ := enc["R"].(int64)
	O, _ := enc["O"].(string)
	U, _ := enc["U"].(string)
	p, _ := enc["P"].(int64)
	encryptMetadata := enc["EncryptMetadata"] != false

	// The key length in bytes, and the methods of streams and strings.
	n := 5
	if l, ok := enc["Length"].(int64); ok && V >= 2 {
		n = int(l / 8)
	}
	stm, str := cryptRC4, cryptRC4
	switch V {
	case 1, 2:
	case 4, 5:
		var cfLen int
		var err error
		if stm, cfLen, err = cryptFilter(enc, "StmF"); err != nil {
			return err
		}
		if str, _, err = cryptFilter(enc, "StrF"); err != nil {
			return err
		}
		if V == 4 {
			_, said := enc["Length"]
			switch {
			case cfLen >= 5 && cfLen <= 16:
				n = cfLen
			case !said:
				n = 16
			}
		}
	default:
		return fmt.Errorf("%w: /V %d", ErrUnsupportedEncryption, V)
	}

	var key []byte
	var err error
	switch {
	case R >= 2 && R <= 4:
		if n < 5 || n > 16 {
			return fmt.Errorf("malformed PDF: %d-bit encryption key", n*8)
		}
		if stm == cryptAESV3 || str == cryptAESV3 {
			return fmt.Errorf("malformed PDF: AESV3 with revision %d", R)
		}
		key, err = keyR4(password, enc, r.trailer, int(R), n, uint32(p), O, U, encryptMetadata)
	case R == 5 || R == 6:
		if V != 5 {
			return fmt.Errorf("malformed PDF: revision %d with /V %d", R, V)
		}
		key, err = keyR6(password, int(R), O, U, enc)
	default:
		return fmt.Errorf("%w: revision %d", ErrUnsupportedEncryption, R)
	}
	if err != nil {
		return err
	}
	keyFor := func(m cryptMethod) ([]byte, bool) {
		if m == cryptIdentity {
			return nil, false
		}
		return key, m == cryptAESV2 || m == cryptAESV3
	}
	r.key, r.useAES = keyFor(stm)
	r.strKey, r.strAES = keyFor(str)
	r.plainMetadata = !encryptMetadata
	return nil
}

// cryptFilter reads the method named by /StmF or /StrF and its key length
// in bytes (0 if unsaid).
func cryptFilter(enc dict, which string) (cryptMethod, int, error) {
	nm, _ := enc[name(which)].(name)
	if nm == "" || nm == "Identity" {
		return cryptIdentity, 0, nil
	}
	cf, _ := enc["CF"].(dict)
	params, ok := cf[nm].(dict)
	if !ok {
		return 0, 0, fmt.Errorf("malformed PDF: crypt filter %s not defined", nm)
	}
	if ev, ok := params["AuthEvent"].(name); ok && ev != "DocOpen" {
		return 0, 0, fmt.Errorf("%w: crypt filter authenticated on %s", ErrUnsupportedEncryption, ev)
	}
	l, _ := params["Length"].(int64)
	if l > 32 { // some producers give bits, as /Length of /Encrypt does
		l /= 8
	}
	switch params["CFM"] {
	case name("V2"):
		return cryptRC4, int(l), nil
	case name("AESV2"):
		return cryptAESV2, 16, nil
	case name("AESV3"):
		return cryptAESV3, 32, nil
	case name("None"), nil:
		return cryptIdentity, 0, nil
	}
	return 0, 0, fmt.Errorf("%w: crypt filter method %v", ErrUnsupportedEncryption, objfmt(params["CFM"]))
}

// keyR4 computes the file key of revisions 2 to 4 (Algorithm 2) and checks
// it against /U (Algorithms 4 to 6).
func keyR4(password string, enc, trailer dict, R, n int, P uint32, O, U string, encryptMetadata bool) ([]byte, error) {
	if len(O) < 32 || len(U) < 32 {
		return nil, fmt.Errorf("malformed PDF: /O or /U shorter than 32 bytes")
	}
	var id []byte
	if ids, ok := trailer["ID"].(array); ok && len(ids) > 0 {
		s, _ := ids[0].(string)
		id = []byte(s) // viewers take a missing ID as empty
	}
	h := md5.New()
	h.Write(padPassword(password))
	h.Write([]byte(O[:32]))
	h.Write([]byte{byte(P), byte(P >> 8), byte(P >> 16), byte(P >> 24)})
	h.Write(id)
	if R >= 4 && !encryptMetadata {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	key := h.Sum(nil)
	if R >= 3 {
		for range 50 {
			sum := md5.Sum(key[:n])
			key = sum[:]
		}
	}
	key = key[:n]

	var u []byte
	c, _ := rc4.NewCipher(key)
	if R == 2 {
		u = make([]byte, 32)
		c.XORKeyStream(u, passwordPad)
	} else {
		h.Reset()
		h.Write(passwordPad)
		h.Write(id)
		u = h.Sum(nil)
		c.XORKeyStream(u, u)
		k := make([]byte, n)
		for i := 1; i <= 19; i++ {
			for j := range k {
				k[j] = key[j] ^ byte(i)
			}
			c, _ := rc4.NewCipher(k)
			c.XORKeyStream(u, u)
		}
	}
	if !bytes.Equal([]byte(U[:len(u)]), u) {
		return nil, ErrInvalidPassword
	}
	return key, nil
}

func padPassword(pw string) []byte {
	b := append([]byte(pw), passwordPad...)
	return b[:32]
}

// keyR6 computes the AES-256 file key of revisions 5 and 6 from the user
// password (Algorithm 2.A): the password's hash with /U's validation salt
// must equal /U's first 32 bytes; its hash with the key salt then decrypts
// /UE.
func keyR6(password string, R int, O, U string, enc dict) ([]byte, error) {
	UE, _ := enc["UE"].(string)
	if len(U) < 48 || len(O) < 48 || len(UE) < 32 {
		return nil, fmt.Errorf("malformed PDF: /U, /O or /UE too short for AES-256")
	}
	pw := []byte(password)
	if len(pw) > 127 {
		pw = pw[:127]
	}
	u := []byte(U[:48])
	if !bytes.Equal(hashR6(R, pw, u[32:40], nil), u[:32]) {
		return nil, ErrInvalidPassword
	}
	ik := hashR6(R, pw, u[40:48], nil)
	block, err := aes.NewCipher(ik)
	if err != nil {
		return nil, err
	}
	key := []byte(UE[:32])
	cipher.NewCBCDecrypter(block, make([]byte, aes.BlockSize)).CryptBlocks(key, key)
	return key, nil
}

// hashR6 is the password hash of revision 5 (SHA-256 of password and salt)
// and of revision 6 (Algorithm 2.B: rounds of AES-128 and SHA-2 until the
// last byte of the round's output says stop, at least 64 rounds).
func hashR6(R int, pw, salt, udata []byte) []byte {
	h := sha256.New()
	h.Write(pw)
	h.Write(salt)
	h.Write(udata)
	k := h.Sum(nil)
	if R == 5 {
		return k
	}
	var e []byte
	for i := 0; i < 64 || int(e[len(e)-1]) > i-32; i++ {
		one := make([]byte, 0, len(pw)+len(k)+len(udata))
		one = append(append(append(one, pw...), k...), udata...)
		k1 := bytes.Repeat(one, 64)
		block, _ := aes.NewCipher(k[:16])
		e = make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		switch sum % 3 {
		case 0:
			s := sha256.Sum256(e)
			k = s[:]
		case 1:
			s := sha512.Sum384(e)
			k = s[:]
		case 2:
			s := sha512.Sum512(e)
			k = s[:]
		}
	}
	return k[:32]
}

// objectKey is the key of one object (Algorithm 1): the file key itself for
// AES-256 (32 bytes), else an MD5 of it with the object number, generation
// and, for AES, "sAlT", cut to the file key's length plus 5, at most 16.
func objectKey(key []byte, useAES bool, ptr objptr) []byte {
	if len(key) == 32 {
		return key
	}
	h := md5.New()
	h.Write(key)
	h.Write([]byte{byte(ptr.id), byte(ptr.id >> 8), byte(ptr.id >> 16), byte(ptr.gen), byte(ptr.gen >> 8)})
	if useAES {
		h.Write([]byte("sAlT"))
	}
	return h.Sum(nil)[:min(len(key)+5, 16)]
}

// decryptString decrypts a string of object ptr.
func decryptString(key []byte, useAES bool, ptr objptr, x string) string {
	return string(decrypt(objectKey(key, useAES, ptr), useAES, []byte(x)))
}

// decrypt decrypts data in place: RC4, or AES-CBC with the IV in front and
// PKCS#7 padding at the end. A damaged AES string gives what can be read.
func decrypt(key []byte, useAES bool, data []byte) []byte {
	if !useAES {
		c, _ := rc4.NewCipher(key)
		c.XORKeyStream(data, data)
		return data
	}
	if len(data) < 2*aes.BlockSize {
		return nil // at most an IV: an empty string
	}
	block, _ := aes.NewCipher(key)
	iv, body := data[:aes.BlockSize], data[aes.BlockSize:]
	body = body[:len(body)/aes.BlockSize*aes.BlockSize]
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(body, body)
	if pad := int(body[len(body)-1]); pad >= 1 && pad <= aes.BlockSize && bytes.Equal(body[len(body)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		body = body[:len(body)-pad]
	}
	return body
}

// decryptStream decrypts the data of a stream of object ptr. AES streams
// are read whole, to drop their padding; their size is bounded by the file.
func decryptStream(key []byte, useAES bool, ptr objptr, rd io.Reader) io.Reader {
	key = objectKey(key, useAES, ptr)
	if !useAES {
		c, _ := rc4.NewCipher(key)
		return &cipher.StreamReader{S: c, R: rd}
	}
	data, err := io.ReadAll(rd)
	if err != nil {
		return &errorReadCloser{err}
	}
	return bytes.NewReader(decrypt(key, true, data))
}
