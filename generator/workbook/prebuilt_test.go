package workbook

import (
	"bytes"
	"compress/flate"
	"go/format"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/internal/testtool"
	"github.com/baocao-vn/baocao/internal/zipflate"
)

// TestPrebuiltStylesAreCurrent fails when styles.xml or styles_ids.go is not what building the
// styles through excelize gives now: run go generate ./generator/workbook.
func TestPrebuiltStylesAreCurrent(t *testing.T) {
	part, st, err := buildStyles()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(part, stylesXML) {
		t.Errorf("styles.xml (%d bytes) is stale (%d bytes now): run go generate ./generator/workbook", len(stylesXML), len(part))
	}
	if !reflect.DeepEqual(*st, prebuiltStyles) {
		t.Errorf("styles_ids.go is stale: the ids are %+v, not %+v: run go generate ./generator/workbook", *st, prebuiltStyles)
	}
}

// TestPrebuiltPartsAreCurrent fails when prebuilt_parts.go is not what writing the blank
// workbook through excelize and compressing its parts gives now: run go generate
// ./generator/workbook. Its Deflates are zipflate's (the reader checks each part's CRC).
func TestPrebuiltPartsAreCurrent(t *testing.T) {
	src, err := BuildParts(stylesXML)
	if err != nil {
		t.Fatal(err)
	}
	formatted, err := format.Source([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("prebuilt_parts.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(formatted, committed) {
		t.Error("prebuilt_parts.go is stale: run go generate ./generator/workbook")
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/theme/theme1.xml", "xl/workbook.xml"}
	var names []string
	for _, p := range prebuiltParts {
		names = append(names, p.name)
		r := flate.NewReader(strings.NewReader(p.z))
		data, err := io.ReadAll(r)
		if err != nil || string(data) != p.data || crc32.ChecksumIEEE(data) != p.crc {
			t.Errorf("%s: the prebuilt Deflate or CRC is not the part's (%v)", p.name, err)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("prebuilt parts %q, want %q", names, want)
	}
}

// TestPrebuiltStylesWorkbook checks that a workbook written from the prebuilt styles and parts
// is byte for byte the one written from styles built and parts encoded through excelize, for
// every sample and an extreme dataset, and that excelize never decodes the prebuilt styles nor
// the prebuilt workbook part again.
func TestPrebuiltStylesWorkbook(t *testing.T) {
	slow := func() blankWorkbook {
		f := excelize.NewFile()
		f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return zipflate.NewOrdered(w, false) })
		if err := setup(f); err != nil {
			t.Fatal(err)
		}
		if err := f.SetDefaultFont(fontName); err != nil {
			t.Fatal(err)
		}
		st, err := newStyles(f)
		if err != nil {
			t.Fatal(err)
		}
		b := blankWorkbook{f: f, st: st}
		if err := startSheets(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := map[string]func(t testing.TB) (*dataset.Dataset, *score.Result){"seed": seed}
	for _, name := range testtool.Samples(t) {
		cases[name] = func(t testing.TB) (*dataset.Dataset, *score.Result) {
			ds, err := dataset.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			res, err := score.Compute(ds)
			if err != nil {
				t.Fatal(err)
			}
			return ds, res
		}
	}
	for name, load := range cases {
		t.Run(filepath.Base(name), func(t *testing.T) {
			ds, res := load(t)
			var want, got bytes.Buffer
			if err := writeFrom(&want, slow(), ds, res); err != nil {
				t.Fatal(err)
			}
			fast := newBlank()
			if err := writeFrom(&got, fast, ds, res); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("the workbook from the prebuilt styles differs from the one built through excelize (%d and %d bytes)", got.Len(), want.Len())
			}
			if fast.f.Styles != nil {
				t.Error("excelize decoded the prebuilt styles part")
			}
			if fast.f.WorkBook != nil || fast.f.ContentTypes != nil {
				t.Error("excelize decoded the prebuilt workbook part or content types again")
			}
		})
	}
}

// TestCoreXML: the document properties' part coreXML writes is byte for byte the one
// excelize's SetDocProps writes over its template, for every sample's properties and texts
// that escaping changes; setDocProps leaves properties it does not write to SetDocProps.
func TestCoreXML(t *testing.T) {
	var props []*excelize.DocProperties
	for _, name := range testtool.Samples(t) {
		ds, err := dataset.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		props = append(props, docProps(ds))
	}
	for _, s := range []string{"", "Sở <Nội vụ> & \"Tỉnh\" 'A'", "dòng 1\ndòng 2\tcột\r", "\x01\xff", " lề "} {
		props = append(props, &excelize.DocProperties{Creator: s, Title: s, Subject: s, Language: "vi-VN",
			Created: "2022-09-14T00:00:00Z", Modified: "2022-09-15T00:00:00Z"})
	}
	props = append(props, &excelize.DocProperties{Title: "không ngày"},
		&excelize.DocProperties{Title: "từ khoá", Keywords: "CCHC", Created: "2022-09-14T00:00:00Z", Modified: "2022-09-14T00:00:00Z"})
	for _, p := range props {
		want := excelize.NewFile()
		if err := want.SetDocProps(p); err != nil {
			t.Fatal(err)
		}
		got := excelize.NewFile()
		if err := setDocProps(got, p); err != nil {
			t.Fatal(err)
		}
		w, _ := want.Pkg.Load(corePath)
		g, _ := got.Pkg.Load(corePath)
		if !bytes.Equal(g.([]byte), w.([]byte)) {
			t.Errorf("%+v:\n got %s\nwant %s", *p, g, w)
		}
	}
}
