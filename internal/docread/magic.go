package docread

import (
	"bytes"
	"encoding/binary"
)

// magic is a binary format signature at a fixed offset.
type magic struct {
	off  int
	sig  string
	kind string
}

// magics lists binary formats people plausibly feed to a summarizer by
// mistake. Signatures shorter than three bytes are avoided: they also start
// ordinary text.
var magics = []magic{
	{0, "\x89PNG\r\n\x1a\n", "PNG image"},
	{0, "\xFF\xD8\xFF", "JPEG image"},
	{0, "GIF87a", "GIF image"},
	{0, "GIF89a", "GIF image"},
	{0, "II*\x00", "TIFF image"},
	{0, "MM\x00*", "TIFF image"},
	{0, "8BPS", "Photoshop image"},
	{0, "\x00\x00\x01\x00", "icon image"},
	{0, "\x1F\x8B", "gzip archive"},
	{0, "\xFD7zXZ\x00", "xz archive"},
	{0, "7z\xBC\xAF\x27\x1C", "7-Zip archive"},
	{0, "Rar!\x1A\x07", "RAR archive"},
	{0, "\x28\xB5\x2F\xFD", "zstd archive"},
	{257, "ustar", "tar archive"},
	{0, "\x7FELF", "ELF executable"},
	{0, "\xCF\xFA\xED\xFE", "Mach-O executable"},
	{0, "\xCE\xFA\xED\xFE", "Mach-O executable"},
	{0, "\xCA\xFE\xBA\xBE", "Mach-O universal binary or Java class file"},
	{0, "\x00asm", "WebAssembly module"},
	{0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "legacy Microsoft Office document (DOC/XLS/PPT)"},
	{0, "{\\rtf", "RTF document"},
	{0, "%!PS", "PostScript document"},
	{0, "SQLite format 3\x00", "SQLite database"},
	{0, "OggS", "Ogg audio/video file"},
	{0, "fLaC", "FLAC audio file"},
	{0, "ID3\x02", "MP3 audio file"},
	{0, "ID3\x03", "MP3 audio file"},
	{0, "ID3\x04", "MP3 audio file"},
	{0, "\x1A\x45\xDF\xA3", "Matroska/WebM video file"},
	{4, "ftyp", "MP4/QuickTime media file"},
	{0, "wOFF", "WOFF font"},
	{0, "wOF2", "WOFF2 font"},
	{0, "AT&TFORM", "DjVu document"},
}

// sniffBinary names the binary format of data, or returns "" when data
// matches no known signature.
func sniffBinary(data []byte) string {
	for _, m := range magics {
		if len(data) >= m.off+len(m.sig) && string(data[m.off:m.off+len(m.sig)]) == m.sig {
			return m.kind
		}
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return zipKind(data)
	case bytes.HasPrefix(data, []byte("RIFF")) && len(data) >= 12:
		switch string(data[8:12]) {
		case "WEBP":
			return "WebP image"
		case "WAVE":
			return "WAV audio file"
		case "AVI ":
			return "AVI video file"
		}
		return "RIFF media file"
	case isWindowsExe(data):
		return "Windows executable"
	case bytes.HasPrefix(data, []byte("BZh")) && len(data) >= 10 && string(data[4:10]) == "1AY&SY":
		return "bzip2 archive"
	}
	return ""
}

// zipKind tells common ZIP-based document formats apart by the names of
// their first entries.
func zipKind(data []byte) string {
	head := data[:min(len(data), 64<<10)]
	switch {
	case bytes.Contains(head, []byte("mimetypeapplication/epub+zip")):
		return "EPUB e-book"
	case bytes.Contains(head, []byte("mimetypeapplication/vnd.oasis.opendocument.text")):
		return "OpenDocument text (ODT)"
	case bytes.Contains(head, []byte("mimetypeapplication/vnd.oasis.opendocument")):
		return "OpenDocument file"
	case bytes.Contains(head, []byte("word/")):
		return "Word document (DOCX)"
	case bytes.Contains(head, []byte("xl/")):
		return "Excel workbook (XLSX)"
	case bytes.Contains(head, []byte("ppt/")):
		return "PowerPoint presentation (PPTX)"
	}
	return "ZIP archive"
}

// isWindowsExe checks the "MZ" header together with the PE signature it
// points to, since "MZ" alone also starts ordinary text.
func isWindowsExe(data []byte) bool {
	if len(data) < 0x40 || data[0] != 'M' || data[1] != 'Z' {
		return false
	}
	off := int(binary.LittleEndian.Uint32(data[0x3C:]))
	return off >= 0x40 && off+4 <= len(data) && string(data[off:off+4]) == "PE\x00\x00"
}
