package workbook

import (
	"bytes"
	"io"
	"path/filepath"
	"reflect"
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

// TestPrebuiltStylesWorkbook checks that a workbook written from the prebuilt styles is byte
// for byte the one written from styles built through excelize, for every sample and an
// extreme dataset, and that excelize never decodes the prebuilt part.
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
		return blankWorkbook{f: f, st: st}
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
		})
	}
}
