// Package generator is baocao's library API: it loads a reporting date's dataset, recomputes
// its scores and renders the report (DOCX), the appendix (PDF, optionally signed) and the score
// workbook (XLSX). The command in cmd/baocao is a thin shell over it.
//
// Data flows one way: dataset (load, validate) → score (compute, check) → report, appendix,
// workbook (render) → the caller writes the bytes.
package generator

import (
	"errors"
	"sync"

	"github.com/baocao-vn/baocao/fonts"
	"github.com/baocao-vn/baocao/generator/appendix"
	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// Prepared is a dataset that loaded, validated and scored: everything a renderer needs.
type Prepared struct {
	Data   *dataset.Dataset
	Scores *score.Result
}

// Prepare parses, validates and scores one dataset. name is used in messages. The error is a
// dataset.ErrorList when the input is invalid.
func Prepare(name string, src []byte) (*Prepared, error) {
	ds, err := dataset.Parse(name, src)
	if err != nil {
		return nil, err
	}
	return Score(ds)
}

// Score scores a dataset already parsed and validated by dataset.Parse.
func Score(ds *dataset.Dataset) (*Prepared, error) {
	res, err := score.Compute(ds)
	if err != nil {
		return nil, err
	}
	return &Prepared{Data: ds, Scores: res}, nil
}

// LoadFonts reads and checks the four faces of a Times New Roman in dir (times.ttf,
// timesbd.ttf, timesi.ttf, timesbi.ttf or "Times New Roman[ Bold][ Italic].ttf") for
// Options.Fonts; every problem is reported at once, in Vietnamese, naming its file.
func LoadFonts(dir string) (*appendix.Fonts, error) {
	set, err := fonts.FromDir(dir)
	if err != nil {
		// Say also what is wrong with the faces that were found.
		errs := []error{err}
		for s, face := range set {
			if face.Data != nil {
				errs = append(errs, appendix.CheckFace(s, face))
			}
		}
		return nil, errors.Join(errs...)
	}
	return appendix.NewFonts(set)
}

// Load reads and prepares the dataset in the named file; only a regular file up to
// dataset.MaxFileSize is read (dataset.Read).
func Load(path string) (*Prepared, error) {
	ds, err := dataset.Load(path) // reads the file's bytes in place, without a copy
	if err != nil {
		return nil, err
	}
	return Score(ds)
}

// LoadAll loads several datasets at once, each on its own goroutine (a diff or a
// --previous render reads two, and loading is most of their time); the i-th result or error
// belongs to paths[i].
func LoadAll(paths ...string) ([]*Prepared, []error) {
	ps := make([]*Prepared, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, path := range paths {
		wg.Go(func() { ps[i], errs[i] = Load(path) })
	}
	wg.Wait()
	return ps, errs
}

// Compare compares an earlier reporting date's prepared dataset with a later one.
func Compare(old, new *Prepared) *change.Diff { return change.Compare(old.Dated(), new.Dated()) }

// Dated is the dataset and its scores as package change compares reporting dates.
func (p *Prepared) Dated() change.Dataset { return change.Dataset{Data: p.Data, Scores: p.Scores} }

// Snapshot is what a later reporting date's comparison needs of this one (≈ 10 KB), so that
// a batch or a server need not keep the whole dataset for it.
func (p *Prepared) Snapshot() *change.Snapshot { return change.Take(p.Dated()) }
