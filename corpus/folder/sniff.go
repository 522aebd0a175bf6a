package folder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// sniffBytes is how much of a file is examined before it is parsed.
const sniffBytes = 8 << 10

// utf8BOM is the UTF-8 byte order mark some exporters write first.
const utf8BOM = "\xEF\xBB\xBF"

// sniff examines the start of a file and returns an error saying why it is
// not UTF-8 text: a UTF-16 byte order mark, a NUL byte, or mostly invalid
// UTF-8 and control characters. Such files go to failed/ whole.
func sniff(r io.ReaderAt) error {
	buf := make([]byte, sniffBytes)
	n, err := r.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read: %w", err)
	}
	buf = buf[:n]
	if bytes.HasPrefix(buf, []byte{0xFF, 0xFE}) || bytes.HasPrefix(buf, []byte{0xFE, 0xFF}) {
		return fmt.Errorf("not a text file: UTF-16 byte order mark; re-export as UTF-8")
	}
	if i := bytes.IndexByte(buf, 0); i >= 0 {
		return fmt.Errorf("not a text file: NUL byte at offset %d (binary data; a spreadsheet or archive renamed?)", i)
	}
	bad := 0
	for i := 0; i < len(buf); {
		r, size := utf8.DecodeRune(buf[i:])
		switch {
		case r == utf8.RuneError && size == 1 && len(buf)-i >= utf8.UTFMax:
			bad++ // a rune cut at the end of the sample is not counted
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t':
			bad++
		}
		i += size
	}
	if len(buf) > 0 && bad*10 > len(buf) {
		return fmt.Errorf("not a text file: %d of the first %d bytes are invalid UTF-8 or control characters", bad, len(buf))
	}
	return nil
}
