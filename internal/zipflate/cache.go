package zipflate

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"sync"
	"unicode/utf8"
)

// MaxCachedPart is the largest part (uncompressed) whose Deflate a process keeps for the next
// archive, and MaxCachedParts how many parts it keeps: most of a workbook is the same from one
// reporting date to the next (excelize's theme and styles, the relationships, often the score
// sheet), and compressing it again was a third of the workbook's time. At most
// MaxCachedParts × (MaxCachedPart + its Deflate) stays in memory, about 10 MB, in practice
// the ≈ 80 KB of one workbook per part name.
const (
	MaxCachedPart  = 128 << 10
	MaxCachedParts = 32
)

// deflated is a part's content and its Deflate (the same pooled compressor at the same level,
// so the same bytes as compressing it again).
type deflated struct {
	data, z []byte
	crc     uint32
	size    int // len(data), which a prebuilt part's deflated does not hold
}

// cache holds, per part name, the last content compressed under that name.
var cache struct {
	sync.Mutex
	m map[string]*deflated
}

// compress returns the Deflate of data, from the cache when the part named name was the same
// last time (compared in full), and keeps it for next time. It keeps data itself, not a copy
// (a process that renders once would copy its parts for nothing): the caller must not change
// data afterwards, as Ordered, whose part buffers are its own, never does.
func compress(name string, data []byte) (*deflated, error) {
	cache.Lock()
	d := cache.m[name]
	cache.Unlock()
	if d != nil && bytes.Equal(d.data, data) {
		return d, nil
	}
	var z bytes.Buffer
	z.Grow(len(data)/3 + 64)
	fw, err := Compressor(&z)
	if err != nil {
		return nil, err
	}
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	d = &deflated{data: data, z: z.Bytes(), crc: crc32.ChecksumIEEE(data), size: len(data)}
	if len(data) <= MaxCachedPart {
		cache.Lock()
		if cache.m == nil {
			cache.m = map[string]*deflated{}
		}
		if _, ok := cache.m[name]; ok || len(cache.m) < MaxCachedParts {
			cache.m[name] = d
		}
		cache.Unlock()
	}
	return d, nil
}

// writeDeflated writes a part as zip.Writer.CreateHeader with Deflate would, byte for byte
// (the same flags, versions and data descriptor), from its compressed form.
func writeDeflated(zw *zip.Writer, name string, d *deflated) error {
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x8, CreatorVersion: 20, ReaderVersion: 20,
		CRC32: d.crc, CompressedSize64: uint64(len(d.z)), UncompressedSize64: uint64(d.size)}
	if needsUTF8Flag(name) {
		fh.Flags |= 0x800
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = w.Write(d.z)
	return err
}

// needsUTF8Flag reports whether CreateHeader would mark the name as UTF-8: valid UTF-8 that is
// not plain ASCII (archive/zip's detectUTF8: also '~', '\\' and control bytes).
func needsUTF8Flag(s string) bool {
	require := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x20 || r > 0x7d || r == 0x5c {
			if !utf8.ValidRune(r) || (r == utf8.RuneError && size == 1) {
				return false
			}
			require = true
		}
	}
	return require
}
