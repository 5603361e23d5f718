// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// Bytes closes the document if needed and returns it without a copy: the slice is the
// document's own buffer, which the caller may change and which Output would write. A long
// document is hundreds of kilobytes, and Output into a bytes.Buffer copied it once more.
func (f *Fpdf) Bytes() ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	if f.state < 3 {
		f.Close()
	}
	if f.err != nil {
		return nil, f.err
	}
	return f.buffer.Bytes(), nil
}
