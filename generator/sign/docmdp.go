package sign

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/digitorus/pdf"
)

// A certification signature (DocMDP) states which later incremental updates keep the document
// the one certified: P=1 none, P=2 filling in forms and signing, P=3 also annotations. A page
// added afterwards and signed again with any certificate leaves the certification's own bytes
// intact, so each signature checking out on its own proves nothing: the objects that later
// revisions added or replaced have to be looked at.

// maxViolationsListed bounds the objects named in the message.
const maxViolationsListed = 5

// xrefEntry is one object's place in a revision: where the library will read it from.
type xrefEntry struct {
	index    int // into Reader.Xref()
	gen      uint16
	inStream bool
	stream   uint32
	offset   int64
}

// xrefTable maps the object numbers in use to their entries.
func xrefTable(rdr *pdf.Reader) (map[uint32]xrefEntry, error) {
	out := map[uint32]xrefEntry{}
	for i, x := range rdr.Xref() {
		v := reflect.ValueOf(x)
		in, off := v.FieldByName("inStream"), v.FieldByName("offset")
		if !in.IsValid() || !off.IsValid() || in.Kind() != reflect.Bool || off.Kind() != reflect.Int64 {
			return nil, fmt.Errorf("sign: digitorus/pdf's xref layout changed")
		}
		if !in.Bool() && off.Int() == 0 {
			continue // free or absent
		}
		p, s := x.Ptr(), x.Stream()
		out[p.GetID()] = xrefEntry{index: i, gen: p.GetGen(), inStream: in.Bool(), stream: s.GetID(), offset: off.Int()}
	}
	return out, nil
}

// certificationViolations compares the revision the certification signature covers with the
// whole file and describes the changes its permission forbids.
func certificationViolations(file []byte, final *pdf.Reader, cert Signature) (out []string) {
	end := rangeEnd(cert.ByteRange)
	if !cert.DigestMatches || end >= int64(len(file)) {
		return nil // nothing after the certification, or it is broken anyway (reported as such)
	}
	head := fmt.Sprintf("tệp bị thay đổi sau chữ ký chứng thực (DocMDP P=%d: %s)", cert.DocMDP, permissionText(cert.DocMDP))
	old, err := openChecked(file[:end])
	if err != nil {
		return []string{head + ": không đọc được bản đã chứng thực: " + err.Error()}
	}
	defer func() {
		if r := recover(); r != nil {
			out = []string{fmt.Sprintf("%s: không đọc được các bản cập nhật sau: %v", head, r)}
		}
	}()
	oldT, err1 := xrefTable(old)
	newT, err2 := xrefTable(final)
	if err1 != nil || err2 != nil {
		return []string{head + ": không đọc được bảng xref"}
	}
	ids := make([]uint32, 0, len(newT))
	for id := range newT {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	oldX, newX := old.Xref(), final.Xref()
	oldRoot := old.Trailer().Key("Root")
	var found []string
	for _, id := range ids {
		e := newT[id]
		o, existed := oldT[id]
		if existed && o.gen == e.gen && o.inStream == e.inStream && o.stream == e.stream && o.offset == e.offset {
			continue
		}
		v := final.Resolve(newX[e.index].Ptr(), newX[e.index].Ptr())
		var ov pdf.Value
		if existed {
			ov = old.Resolve(oldX[o.index].Ptr(), oldX[o.index].Ptr())
		}
		if changeAllowed(cert.DocMDP, v, ov, oldRoot, existed) {
			continue
		}
		found = append(found, describeChange(id, v, existed))
	}
	if len(found) == 0 {
		return nil
	}
	if len(found) > maxViolationsListed {
		found = append(found[:maxViolationsListed], fmt.Sprintf("và %d thay đổi khác", len(found)-maxViolationsListed))
	}
	return []string{head + ": " + strings.Join(found, "; ")}
}

func permissionText(p int) string {
	switch p {
	case 1:
		return "không cho phép thay đổi nào"
	case 3:
		return "chỉ cho phép điền biểu mẫu, ký thêm và chú thích"
	}
	return "chỉ cho phép điền biểu mẫu và ký thêm"
}

// changeAllowed reports whether the permission p allows object v, added (or replacing ov),
// in a later revision; oldRoot is the certified revision's catalog.
func changeAllowed(p int, v, ov, oldRoot pdf.Value, existed bool) bool {
	typ := v.Key("Type").Name()
	switch {
	case typ == "XRef" || typ == "ObjStm":
		return true // containers: the objects in them are checked one by one
	case p <= 1:
		return false
	case typ == "Sig" || typ == "DocTimeStamp" || v.Key("FT").Name() == "Sig":
		return true // a signature, its field or widget
	case typ == "" && v.Kind() == pdf.Dict && v.Key("Fields").Kind() == pdf.Array:
		return true // the AcroForm dictionary listing the fields
	case typ == "Catalog":
		// A signer may write the catalog anew (pdfsign does, under a new number) to list the
		// signature field; everything but the form, permissions and version must stay.
		return oldRoot.Key("Type").Name() == "Catalog" && sameExcept(v, oldRoot, "AcroForm", "Perms", "Version", "DSS")
	case typ == "Page":
		return existed && ov.Key("Type").Name() == "Page" && sameExcept(v, ov, "Annots")
	case typ == "Annot" && p == 3:
		return true
	}
	return false
}

// sameExcept reports whether two dictionaries hold the same entries apart from the keys named.
// Indirect values are compared as the library prints them one level deep, so a replaced page
// tree or content stream shows.
func sameExcept(a, b pdf.Value, except ...string) bool {
	keys := map[string]bool{}
	for _, k := range append(a.Keys(), b.Keys()...) {
		keys[k] = true
	}
	for k := range keys {
		if slices.Contains(except, k) {
			continue
		}
		if a.Key(k).String() != b.Key(k).String() {
			return false
		}
	}
	return true
}

func describeChange(id uint32, v pdf.Value, existed bool) string {
	what := "đối tượng"
	switch typ := v.Key("Type").Name(); {
	case typ == "Page" && !existed:
		return fmt.Sprintf("thêm trang mới (đối tượng %d)", id)
	case typ != "":
		what = "đối tượng /" + typ
	case v.Kind() == pdf.Stream:
		what = "luồng dữ liệu"
	}
	if existed {
		return fmt.Sprintf("sửa %s %d", what, id)
	}
	return fmt.Sprintf("thêm %s %d", what, id)
}
