package appendix

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"github.com/baocao-vn/baocao/fonts"
	"github.com/baocao-vn/baocao/internal/gostack"
)

// Fonts is the serif typeface the appendix embeds: four faces, each parsed at most once and
// shared by every document, from any goroutine: parsing a face costs more than laying out a
// document.
type Fonts struct {
	data   [4][]byte
	once   [4]sync.Once
	faces  [4]*fpdf.UTF8Font
	errs   [4]error
	names  [4]string // PostScript names, the subset fonts' names after the tag
	family [4]string // placeholder families, see fonts.Placeholder
	// checked faces are parsed and checked for Vietnamese letters by NewFonts; the shipped
	// ones are parsed only when a document first prints in them.
	checked bool
}

// face returns face s, parsing it on first use.
func (f *Fonts) face(s style) (*fpdf.UTF8Font, error) {
	f.once[s].Do(func() { f.faces[s], f.errs[s] = fonts.Parsed(f.data[s]) })
	return f.faces[s], f.errs[s]
}

// vietnamese is every letter a Vietnamese text may need beyond ASCII, precomposed (NFC).
const vietnamese = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" +
	"ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"

// NewFonts checks and parses the four faces of set: TrueType, embeddable, with every
// Vietnamese letter. Every problem is reported at once, each naming its file.
func NewFonts(set fonts.Set) (*Fonts, error) {
	return newFonts(set, true)
}

func newFonts(set fonts.Set, check bool) (*Fonts, error) {
	f := Fonts{checked: check}
	var errs []error
	for s, face := range set {
		errs = append(errs, f.add(style(s), face))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &f, nil
}

// CheckFace reports what NewFonts would find wrong with face as the given style (0 regular,
// 1 bold, 2 italic, 3 bold italic), for a caller that has not all four faces.
func CheckFace(s int, face fonts.Face) error {
	f := Fonts{checked: true}
	return f.add(style(s)&boldItalic, face)
}

func (f *Fonts) add(s style, face fonts.Face) error {
	if err := f.parse(s, face.Data); err != nil {
		return fmt.Errorf("%s: phông chữ kiểu %s: %w", face.Path, fonts.StyleNames[s], err)
	}
	return nil
}

func (f *Fonts) parse(s style, data []byte) error {
	info, err := fonts.ReadInfo(data)
	if err != nil {
		return err
	}
	if !info.Embeddable {
		return errors.New("giấy phép của phông không cho nhúng vào tài liệu (OS/2 fsType)")
	}
	name := fonts.PDFName(info.PostScriptName)
	if len(name) < 4 {
		return fmt.Errorf("tên PostScript %q quá ngắn", info.PostScriptName)
	}
	f.data[s], f.names[s], f.family[s] = data, name, fonts.Placeholder(int(s), name)
	if !f.checked {
		return nil
	}
	face, err := f.face(s)
	if err != nil {
		return fmt.Errorf("không đọc được phông TrueType: %w", err)
	}
	var missing []rune
	for _, r := range vietnamese {
		if !face.HasGlyph(r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("phông thiếu %d chữ tiếng Việt, ví dụ %q", len(missing), string(missing[:min(len(missing), 8)]))
	}
	return nil
}

// Warm loads, on other goroutines, the faces every appendix prints in (regular, bold and
// italic) and derives their font IDs, so that a process rendering one appendix does this
// while it reads its dataset; a document needing a face before it is ready waits for it.
func (f *Fonts) Warm() {
	for _, s := range []style{regular, bold, italic} {
		go func() {
			gostack.Grow() // parsing a face runs deep: its stack grown once, not once a doubling
			face, err := f.face(s)
			if err != nil {
				return // the document that prints in it reports the error
			}
			// fpdf derives a face's ID (a hash of its 65,536 widths) when a document registers
			// it under a family, and keeps it per face and family: register it once here.
			fpdf.New("L", "mm", "A4", "").AddUTF8FontFromParsed(f.family[s], "", face)
		}()
	}
}

// liberation is the shipped Liberation Serif, parsed on first use.
var liberation = sync.OnceValues(func() (*Fonts, error) { return newFonts(fonts.Embedded(), false) })

// DefaultFonts returns the shipped Liberation Serif, parsed once per process.
func DefaultFonts() (*Fonts, error) { return liberation() }

// faces registers the faces with fpdf on first use, so that a face the document never prints
// is not embedded, and remembers what each prints for its tag.
type faces struct {
	set    *Fonts
	used   [4]bool
	parsed [4]*fpdf.UTF8Font
	drawn  [4]uint64 // FNV-1a (64 bits) of what each face printed
}

// FNV-1a's 64-bit parameters (hash/fnv's), applied by hand so that noting a text neither
// converts it to bytes nor calls through an interface.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (f *faces) family(r *renderer, s style) string {
	if f.face(r, s) == nil && f.set == nil {
		return ""
	}
	return f.set.family[s]
}

// face returns face s, registered with r's document; nil after an error, which is the
// document's.
func (f *faces) face(r *renderer, s style) *fpdf.UTF8Font {
	if face := f.parsed[s]; face != nil {
		return face // inlined: every word measured comes here
	}
	return f.register(r, s)
}

func (f *faces) register(r *renderer, s style) *fpdf.UTF8Font {
	if f.set == nil {
		// A renderer made without Options (as the layout tests make theirs) measures with the
		// shipped faces, as Render does by default.
		set, err := DefaultFonts()
		if err != nil {
			r.pdf.SetError(err)
			return nil
		}
		f.set = set
	}
	face, err := f.set.face(s)
	if err != nil {
		r.pdf.SetError(fmt.Errorf("font %s: %w", f.set.names[s], err))
		return nil
	}
	r.pdf.AddUTF8FontFromParsed(f.set.family[s], "", face)
	f.used[s], f.parsed[s] = true, face
	f.drawn[s] = fnvOffset
	return face
}

// note records text printed in face s: the subset, hence its tag, depends on it.
func (f *faces) note(s style, text string) {
	h := f.drawn[s]
	for i := 0; i < len(text); i++ {
		h = (h ^ uint64(text[i])) * fnvPrime
	}
	f.drawn[s] = h
}

// tag derives a subset tag of six capital letters from what face s printed, so that two
// different subsets are unlikely to share a name and the same document always gets the same.
func (f *faces) tag(s style) string {
	h := f.drawn[s]
	var b [6]byte
	for i := range b {
		b[i] = 'A' + byte(h%26)
		h /= 26
	}
	return string(b[:])
}

// rename replaces fpdf's font names in out by tagged subset names (see fonts.Placeholder).
func (f *faces) rename(out []byte) ([]byte, error) {
	for s := range f.used {
		if !f.used[s] {
			continue
		}
		old := []byte("/utf8" + f.set.family[s])
		repl := []byte("/" + f.tag(style(s)) + "+" + f.set.names[s])
		if len(old) != len(repl) {
			return nil, fmt.Errorf("appendix: the subset name of font %s is %d bytes, its placeholder %d", f.set.names[s], len(repl), len(old))
		}
		// The Type0 font, its CIDFont and its font descriptor each name the font once; the
		// names are as long as their placeholders, so they are overwritten in place.
		n := 0
		for rest := out; ; n++ {
			i := bytes.Index(rest, old)
			if i < 0 {
				break
			}
			copy(rest[i:], repl)
			rest = rest[i+len(old):]
		}
		if n != 3 {
			return nil, fmt.Errorf("appendix: found the name of font %s %d times in fpdf's output, want 3", f.set.names[s], n)
		}
	}
	return out, nil
}
