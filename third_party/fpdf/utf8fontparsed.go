// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"fmt"
	"sync"
)

// UTF8Font is a TrueType face parsed once by ParseUTF8Font and added to any number of
// documents, from any number of goroutines, by AddUTF8FontFromParsed. AddUTF8FontFromBytes
// parses the face and derives its font ID again for each document, which dominates the cost
// of a short document; a UTF8Font does that work once.
type UTF8Font struct {
	file *utf8FontFile // never changed after ParseUTF8Font; each document works on a copy

	mu  sync.Mutex
	ids map[string]string // font ID by font key, as generateFontID derives it
}

// ParseUTF8Font parses a TrueType face (.ttf) for AddUTF8FontFromParsed. Unlike
// AddUTF8FontFromBytes, it returns an error rather than panicking on a malformed file. The
// slice is kept and must not be changed afterwards.
func ParseUTF8Font(utf8Bytes []byte) (font *UTF8Font, err error) {
	defer func() {
		if r := recover(); r != nil {
			font, err = nil, fmt.Errorf("fpdf: malformed TrueType font: %v", r)
		}
	}()
	// Capped, so that an offset past the end of a truncated file fails rather than reads on.
	file := newUTF8Font(&fileReader{array: utf8Bytes[:len(utf8Bytes):len(utf8Bytes)]})
	if err := file.parseFile(); err != nil {
		return nil, err
	}
	if !file.parseCutTables() {
		return nil, fmt.Errorf("fpdf: TrueType font has no Unicode cmap")
	}
	if err := file.checkGlyphs(); err != nil {
		return nil, err
	}
	return &UTF8Font{file: file, ids: make(map[string]string)}, nil
}

// HasGlyph reports whether the face maps r to a glyph other than .notdef.
func (font *UTF8Font) HasGlyph(r rune) bool {
	g, _ := font.file.cut.charSymbolDictionary.glyph(int(r))
	return g != 0
}

// AddUTF8FontFromParsed is AddUTF8FontFromBytes for a face parsed by ParseUTF8Font: the
// document it gives is byte for byte the one AddUTF8FontFromBytes gives.
func (f *Fpdf) AddUTF8FontFromParsed(familyStr, styleStr string, font *UTF8Font) {
	if f.err != nil {
		return
	}
	fontkey := getFontKey(fontFamilyEscape(familyStr), styleStr)
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	// A shallow copy shares the parsed, read-only tables; the subset state that
	// GenerateCutFont and putfonts write is replaced, never changed in place.
	utf8File := *font.file
	utf8File.fileReader = &fileReader{array: font.file.fileReader.array}

	var sbarr map[int]int
	if f.aliasNbPagesStr == "" {
		sbarr = makeSubsetRange(57)
	} else {
		sbarr = makeSubsetRange(32)
	}
	def := fontDefType{
		Tp:   "UTF8",
		Name: fontkey,
		Desc: FontDescType{
			Ascent:       int(utf8File.Ascent),
			Descent:      int(utf8File.Descent),
			CapHeight:    utf8File.CapHeight,
			Flags:        utf8File.Flags,
			FontBBox:     utf8File.Bbox,
			ItalicAngle:  utf8File.ItalicAngle,
			StemV:        utf8File.StemV,
			MissingWidth: round(utf8File.DefaultWidth),
		},
		Up:        int(round(utf8File.UnderlinePosition)),
		Ut:        round(utf8File.UnderlineThickness),
		Cw:        utf8File.CharWidths,
		utf8File:  &utf8File,
		usedRunes: sbarr,
		seen:      new(seenRunes),
	}
	def.i = font.id(fontkey, def)
	f.fonts[fontkey] = def
}

// id returns generateFontID(def), derived once per font key: it hashes the JSON of every
// character width.
func (font *UTF8Font) id(fontkey string, def fontDefType) string {
	font.mu.Lock()
	defer font.mu.Unlock()
	id, ok := font.ids[fontkey]
	if !ok {
		id, _ = generateFontID(def)
		font.ids[fontkey] = id
	}
	return id
}
