package docxtpl

import "io"

// chunks is a write buffer made of fixed-size blocks: unlike a bytes.Buffer it never copies
// what it holds into a block twice its size, so holding n bytes costs n bytes, which keeps the
// memory of a large part or a report near its limit.
type chunks struct {
	blocks [][]byte
	n      int
}

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

// WriteTo writes the bytes to w, in order.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, b := range c.blocks {
		k, err := w.Write(b)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// String returns the bytes as one string, copied once.
func (c *chunks) String() string {
	b := make([]byte, 0, c.n)
	for _, blk := range c.blocks {
		b = append(b, blk...)
	}
	return string(b)
}
