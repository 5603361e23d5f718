// Package docxtpl fills Word (.docx) templates: it finds tags in the text of the paragraphs
// of a WordprocessingML package, however Word or LibreOffice split that text into runs, and
// writes a new package with the values in place.
//
// It works like text/template: Parse reads the template once (lexing each paragraph's text
// across its runs, then parsing the tags into a tree of fields and sections), and Execute runs
// the tree against data as often as needed.
//
// # Syntax
//
// Tags are written in braces in the text of the document body, headers and footers:
//
//	{name}          a field: the value of name, as text
//	{a.b}           a field looked up through maps: key b of the map a
//	{.}             the current item of a list section (for a list of strings)
//	{#name} … {/name}  a section: repeated once per item when name is a list (the item
//	                   becomes the innermost context); shown once when name is true, a
//	                   non-empty string or a non-zero number; left out otherwise
//	{^name} … {/name}  an inverted section: shown only when name is false, empty or zero
//
// A name is looked up in the innermost context first, then outwards through the enclosing
// sections' items to the data map (the Mustache context stack). Values may be string, bool,
// integers, fmt.Stringer, map[string]any, and lists ([]map[string]any, []string, []any). A
// bool printed as a field reads "có" or "không"; as a section it shows or hides.
//
// Where a section reaches depends on where its tags stand:
//   - each tag alone in its own paragraph, both in the same container: the section is the
//     paragraphs between them; the tag paragraphs themselves leave no trace in the output;
//   - both tags in one table row (for example the open tag in the first cell, the close tag in
//     the last): the section is the whole row (<w:tr>), repeated or hidden;
//   - both tags in one paragraph: the section is the text and runs between them.
//
// Sections nest. A field's value takes the formatting of the run where the field starts; the
// rest of the field's text is removed from the other runs, and everything else in the
// paragraph (properties, other runs, tabs, breaks, bookmarks) stays as it was. Values are
// NFC-normalised and XML-escaped; "\t" in a value becomes a tab (<w:tab/>) in the field's run;
// "\n" becomes a line break (<w:br/>) where the field stands alone in its paragraph, and a
// space inside running text, where a break would tear a justified line.
//
// Bookmarks (w:bookmarkStart/End: id and name) and drawings (wp:docPr id) inside a section
// keep their ids in the first copy and get fresh ones, above every id in the template, in the
// others, so the package never holds an id twice; paragraphs and rows keep their w14:paraId
// and w14:textId in the first copy and get fresh ones, held by no part of the template, in
// the others. A comment anchored in a section stays on the first copy only, and a comment
// whose anchor the report leaves out is taken out of the comment parts (comments.go).
//
// # Errors
//
// Parse and Execute report every error they find at once, as an ErrorList of *Error, and
// write nothing. Each error names the template, the part when it is not the body, the
// paragraph number, and quotes the paragraph's text around the tag:
//
//	bao-cao.docx: đoạn 12 "Số: {so_ky_hieu": thẻ chưa đóng: có "{" mà không có "}"
//
// Messages are in Vietnamese, quote at most a few dozen characters of a tag, suggest the
// nearest field for an unknown one (regardless of case and diacritics) and never name a Go
// type. A template whose package reads but whose tags are wrong comes back from Parse with
// the errors; Execute on it reports them together with the fields the data lacks.
//
// The class of an error (ErrBadDocx, ErrLimit, ErrMalformedTag, ErrUnclosedSection,
// ErrUnexpectedClose, ErrPlacement at Parse; ErrUnknownField, ErrNotSingleValue,
// ErrUnsupportedValue, ErrLimit at Execute) is found with errors.Is. limits.go declares the
// limits on the package read and the report made.
//
// Output is deterministic: the same template and data give the same bytes. Zip entries keep
// the template's order and carry a fixed time.
package docxtpl

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sync"

	"github.com/baocao-vn/baocao/internal/zipflate"
)

const bodyPart = "word/document.xml"

// templatedPart matches the parts whose text can hold tags besides the body.
var templatedPart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^word/(header|footer)[0-9]*\.xml$`) })

// Template is a parsed .docx template, safe for concurrent use by several Execute calls.
type Template struct {
	name    string
	entries []entry
	maxID   int // the largest numeric id in the templated parts
	// taken holds the paragraph ids (w14:paraId, w14:textId) of every XML part, which fresh
	// ones avoid.
	taken map[uint32]bool
	// comments holds the ids of the comments in comments.xml; anchored, in order, those of
	// the comments anchored in the templated parts (comments.go).
	comments map[string]bool
	anchored []string
	// broken holds the template errors Parse found; such a template only checks its fields
	// against data (Render returns these errors and the fields' ones), never renders.
	broken ErrorList
}

// entry is one zip entry: either a templated part with its tree, or raw bytes copied as read.
type entry struct {
	name  string
	tree  []node
	check []node // the tags alone, for a broken template
	isTpl bool
	// isComments: a comment part (comments.go), copied as read unless the report drops a
	// comment from it; text is its XML.
	isComments bool
	text       string
	// For copied entries: the compressed bytes and what the zip header needs to describe them.
	method     uint16
	crc        uint32
	compressed []byte
	size       uint64
}

// Parse reads a .docx package and parses the tags in its body, headers and footers. name is
// used in error messages ("bao-cao.docx"). The package is read within the limits of
// limits.go, counting what is inflated, before any of it is parsed.
//
// When the package is readable but its tags are wrong, Parse returns the errors and, with
// them, a Template that can still look its fields up: Render on it reports the template's
// errors together with the fields the data lacks, so a clerk sees every mistake at once.
func Parse(name string, docxBytes []byte) (*Template, error) {
	parts, taken, err := readPackage(name, docxBytes)
	if err != nil {
		return nil, err
	}
	t := &Template{name: name, taken: taken, comments: map[string]bool{}}
	var (
		errs     ErrorList
		ntags    int
		anchored = map[string]bool{}
	)
	for _, f := range parts {
		e := entry{name: f.name, isTpl: f.templated}
		if f.templated {
			tree, check, perrs := parsePart(name, f.name, f.text, &ntags)
			errs = append(errs, perrs...)
			e.tree, e.check = tree, check
			t.maxID = max(t.maxID, maxID(f.text))
			t.anchored = anchoredIDs(f.text, anchored, t.anchored)
		} else {
			e.method, e.crc, e.compressed, e.size = f.method, f.crc, f.compressed, f.size
			if f.comments {
				e.isComments, e.text = true, f.text
				if f.name == commentsPart {
					t.comments = commentIDs(f.text)
				}
			}
		}
		t.entries = append(t.entries, e)
	}
	drawings := 0
	for i := range t.entries {
		if e := &t.entries[i]; e.tree != nil {
			e.tree = markIDs(e.tree, nil, &drawings)
		}
	}
	if len(errs) > 0 {
		t.broken = capped(errs)
		return t, t.broken
	}
	return t, nil
}

// Name returns the name the template was parsed with.
func (t *Template) Name() string { return t.name }

// Execute fills the template with data and writes the .docx to w. On any error nothing is
// written to w.
func (t *Template) Execute(w io.Writer, data map[string]any) error {
	b, err := t.Render(data)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Render fills the template with data and returns the .docx. Its output is bounded by
// MaxOutputSize and its work by MaxSteps.
func (t *Template) Render(data map[string]any) ([]byte, error) {
	parts := make([]*chunks, len(t.entries))
	errs := append(ErrorList(nil), t.broken...)
	b := &budget{bytes: MaxOutputSize, steps: MaxSteps}
	d := &ids{next: t.maxID, cur: map[string]string{}, used: map[string]bool{}, copies: map[string]int{}, taken: t.taken,
		comments: comments{known: t.comments, written: map[*commentNode]bool{}, count: map[string]*[3]int{}}}
	for i, e := range t.entries {
		if !e.isTpl {
			continue
		}
		s := &state{tpl: t.name, part: e.name, stack: []any{data}, failed: map[*tag]bool{}, budget: b, ids: d}
		if t.broken != nil {
			s.walk(e.check)
		} else {
			s.buf = new(chunks)
			s.walk(e.tree)
			parts[i] = s.buf
		}
		errs = append(errs, s.errs...)
		if b.hit {
			break
		}
	}
	if len(errs) > 0 {
		return nil, capped(errs)
	}
	if drop := d.dropped(t.anchored); drop != nil {
		texts := map[string]string{}
		for _, e := range t.entries {
			if e.isComments {
				texts[e.name] = e.text
			}
		}
		changed := pruneComments(texts, drop)
		for i, e := range t.entries {
			if text, ok := changed[e.name]; ok && e.isComments {
				parts[i] = new(chunks)
				parts[i].WriteString(text)
			}
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, zipflate.Compressor)
	for i, e := range t.entries {
		if err := writeEntry(zw, e, parts[i]); err != nil {
			return nil, fmt.Errorf("%s: ghi %s: %w", t.name, e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("%s: ghi gói .docx: %w", t.name, err)
	}
	return out.Bytes(), nil
}

// MS-DOS date of 1980-01-01, the earliest a zip entry can carry; a fixed time keeps output
// byte-identical from run to run.
const dosEpochDate = 1<<5 | 1

// writeEntry writes part, the entry's new content, or the entry as read when part is nil.
func writeEntry(zw *zip.Writer, e entry, part *chunks) error {
	if part != nil {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, ModifiedDate: dosEpochDate})
		if err != nil {
			return err
		}
		_, err = part.WriteTo(w)
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: e.name, Method: e.method, CRC32: e.crc, ModifiedDate: dosEpochDate,
		CompressedSize64: uint64(len(e.compressed)), UncompressedSize64: e.size,
	})
	if err != nil {
		return err
	}
	_, err = w.Write(e.compressed)
	return err
}
