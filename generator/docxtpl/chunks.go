package docxtpl

import (
	"io"
	"strings"
)

// chunks is a write buffer made of fixed-size blocks: unlike a bytes.Buffer it never copies
// what it holds into a block twice its size, so holding n bytes costs n bytes, which keeps the
// memory of a large part or a report near its limit.
type chunks struct {
	blocks [][]byte
	n      int
	// later holds markup whose fate is known only once the whole report is written (a
	// comment's anchors), at the offsets where it goes; WriteTo and String ask each then.
	later []slot
}

// slot is markup decided after the fact, at offset at of the bytes written around it.
type slot struct {
	at int
	v  interface{ resolve() string }
}

// Defer reserves v's markup at the current end: what v.resolve returns when the buffer is
// read is written there.
func (c *chunks) Defer(v interface{ resolve() string }) { c.later = append(c.later, slot{c.n, v}) }

// Blocks start small, for the short parts (headers), and double up to chunkSize.
const (
	firstChunk = 4 << 10
	chunkSize  = 256 << 10
)

func (c *chunks) Write(p []byte) (int, error) {
	add(c, p)
	return len(p), nil
}

// WriteString appends s.
func (c *chunks) WriteString(s string) { add(c, s) }

func add[T string | []byte](c *chunks, s T) {
	c.n += len(s)
	for len(s) > 0 {
		if len(c.blocks) == 0 {
			c.blocks = append(c.blocks, make([]byte, 0, firstChunk))
		} else if l := c.blocks[len(c.blocks)-1]; len(l) == cap(l) {
			c.blocks = append(c.blocks, make([]byte, 0, min(2*cap(l), chunkSize)))
		}
		last := &c.blocks[len(c.blocks)-1]
		k := min(len(s), cap(*last)-len(*last))
		*last = append(*last, s[:k]...)
		s = s[k:]
	}
}

// Len returns the number of bytes written.
func (c *chunks) Len() int { return c.n }

// WriteTo writes the bytes to w, in order, with the deferred markup in its places.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var n int64
	put := func(b []byte) error {
		if len(b) == 0 {
			return nil
		}
		k, err := w.Write(b)
		n += int64(k)
		return err
	}
	pos, next := 0, 0
	flush := func() error {
		for ; next < len(c.later) && c.later[next].at == pos; next++ {
			if err := put([]byte(c.later[next].v.resolve())); err != nil {
				return err
			}
		}
		return nil
	}
	for _, b := range c.blocks {
		for len(b) > 0 {
			if err := flush(); err != nil {
				return n, err
			}
			cut := len(b)
			if next < len(c.later) {
				cut = min(cut, c.later[next].at-pos)
			}
			if err := put(b[:cut]); err != nil {
				return n, err
			}
			b, pos = b[cut:], pos+cut
		}
	}
	return n, flush()
}

// String returns the bytes as one string, copied once, with the deferred markup in its places.
func (c *chunks) String() string {
	var b strings.Builder
	b.Grow(c.n)
	c.WriteTo(&b)
	return b.String()
}
