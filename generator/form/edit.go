package form

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/tomledit"
)

// The limits on one request's edits. The page sends every edit made since the file was loaded;
// a clerk's quarter touches a few dozen values.
const (
	// MaxEdits is the most edits one Edit makes: a dataset has at most a few hundred editable
	// values (the seed: 21 criteria × 9 fields, a dozen metadata). More are refused, none made.
	MaxEdits = 2_000
	// MaxValueLen is the longest value one edit may write, in characters: the dataset's own
	// limit on a text (dataset.MaxTextLen), so that an edited file still loads.
	MaxValueLen = dataset.MaxTextLen
	// MaxEditBytes is the most bytes the values and paths of one Edit may hold together: the
	// largest dataset file (dataset.MaxFileSize). More are refused, none made, so that what an
	// Edit keeps (the text, the values typed, the messages) stays a few times this at most.
	MaxEditBytes = dataset.MaxFileSize
	// MaxPathLen is the longest path an edit may name, in bytes: a criterion 60 levels deep
	// (the dataset nests at most 64) with six-digit indices.
	MaxPathLen = 1100
	// MaxChoiceLen is the longest value read as a date, a status, a number or true/false, in
	// bytes; a longer one is refused without being quoted back in the message.
	MaxChoiceLen = 100
)

// The shapes of the paths the form edits: a criterion's key at any depth, a self-check
// shortcoming's key, or one of the document's metadata.
var (
	criterionPath = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^fields\[\d{1,6}\](?:\.criteria\[\d{1,6}\]){0,60}$`)
	})
	selfCheckPath = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^report\.sections\[\d{1,6}\]\.blocks\[\d{1,6}\]\.items\[\d{1,6}\]$`)
	})
)

// defOf returns the field a path edits, and whether the form edits it.
func defOf(path string) (fieldDef, bool) {
	for _, m := range metaFields {
		if m.path == path {
			return m.def, true
		}
	}
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return fieldDef{}, false
	}
	parent, key := path[:i], path[i+1:]
	var defs []fieldDef
	switch {
	case criterionPath().MatchString(parent):
		defs = criterionFields
	case selfCheckPath().MatchString(parent):
		defs = selfCheckFields
	}
	for _, d := range defs {
		if d.key == key {
			return d, true
		}
	}
	return fieldDef{}, false
}

// Edit returns a new Form: the text with the edits made through tomledit (format-preserving:
// only edited values change), then validated and scored again. edits maps a field's Path to
// the value as typed (a date as "30/11/2022" or "2022-11-30", a status by its Vietnamese
// label, a number with a decimal comma or point, a bool "true"/"false"). An edit that cannot
// be made (unknown path, a value of the wrong kind, "31/02/2023") is not an error: it becomes
// a Problem on its Path, and the other edits are still made. A value equal to the one written
// (the same date written another way, the same status) changes nothing. f is unchanged.
func (f *Form) Edit(edits map[string]string) *Form {
	var bad []Problem
	typed := map[string]string{}
	if len(edits) > MaxEdits {
		bad = append(bad, Problem{Message: fmt.Sprintf("%s: %d sửa đổi trong một lần, vượt giới hạn %d (MaxEdits); không sửa gì", f.name, len(edits), MaxEdits)})
		edits = nil
	}
	size := 0
	for path, value := range edits {
		size += len(path) + len(value)
	}
	if size > MaxEditBytes {
		bad = append(bad, Problem{Message: fmt.Sprintf("%s: các sửa đổi trong một lần dài %d byte, vượt giới hạn %d byte (MaxEditBytes); không sửa gì", f.name, size, MaxEditBytes)})
		edits = nil
	}
	// refused are the edits that cannot be made, path → why; their problems are worded once
	// the new text is known, with the lines it has.
	refused := map[string]string{}
	var planned []tomledit.Edit
	for _, path := range slices.Sorted(maps.Keys(edits)) {
		typedValue := edits[path]
		if len(path) > MaxPathLen {
			bad = append(bad, Problem{Message: fmt.Sprintf("%s: đường dẫn trường dài %d byte, vượt giới hạn %d byte (MaxPathLen): %q…", f.name, len(path), MaxPathLen, clip(path, 60))})
			continue
		}
		v, change, msg := f.value(path, typedValue)
		switch {
		case msg != "":
			refused[path] = msg
			typed[path] = typedValue
		case change:
			planned = append(planned, tomledit.Edit{Path: path, Value: v})
		}
	}
	src := f.src
	for len(planned) > 0 {
		out, err := f.doc.Apply(planned...)
		if err == nil {
			src = out
			break
		}
		// Leave out the edits tomledit refuses (a key it cannot add), make the others.
		var errs tomledit.Errors
		if !errors.As(err, &errs) {
			bad = append(bad, Problem{Message: err.Error()})
			break
		}
		for _, e := range errs {
			refused[e.Path] = e.Msg
			typed[e.Path] = edits[e.Path]
		}
		n := len(planned)
		planned = slices.DeleteFunc(planned, func(e tomledit.Edit) bool { _, no := refused[e.Path]; return no })
		if len(planned) == n { // an error without a path: nothing more can be told apart
			break
		}
	}
	var g *Form
	if string(src) == string(f.src) {
		// Nothing changed in the text: the same validation, scores and cards.
		g = &Form{name: f.name, src: f.src, doc: f.doc, prep: f.prep, problems: f.problems, cards: f.cards}
	} else {
		doc := index(f.name, src)
		g, _, _ = build(f.name, src, f.cards)
		d := <-doc
		g.doc = d.doc
		if d.err != nil {
			// The editor writes valid TOML; should it not, keep the text as it was.
			bad = append(bad, Problem{Message: d.err.Error()})
			g, _, _ = build(f.name, f.src, f.cards)
			g.doc = f.doc
		}
	}
	for _, path := range slices.Sorted(maps.Keys(refused)) {
		bad = append(bad, g.problem(path, refused[path]))
	}
	if len(bad) > 0 {
		// The edits that could not be made come first: they are what the user just typed.
		g.problems = append(bad, g.problems...)
	}
	if len(typed) > 0 {
		g.typed = typed
	}
	return g
}

// problem is an edit that cannot be made, worded like the loader's messages, at the line its
// key has in f's text (none when the key is not written).
func (f *Form) problem(path, msg string) Problem {
	line := 0
	if e, ok := f.doc.Get(path); ok {
		line = e.Line
	}
	e := dataset.Error{File: f.name, Line: line, Path: path, Msg: msg}
	return Problem{Path: path, Line: line, Message: e.Error()}
}

// value turns a value as typed into the value to write at path. change is false when the text
// already holds that value; msg says why the value cannot be written.
func (f *Form) value(path, typed string) (v tomledit.Value, change bool, msg string) {
	d, ok := defOf(path)
	if !ok {
		return v, false, "trường này không sửa được trong biểu mẫu"
	}

	if d.kind != KindText && d.kind != KindMultiline && len(typed) > MaxChoiceLen {
		return v, false, fmt.Sprintf("giá trị dài %d byte, vượt giới hạn %d byte (MaxChoiceLen) của %s", len(typed), MaxChoiceLen, kindNames[d.kind])
	}
	if len(typed) > 4*MaxValueLen || utf8.RuneCountInString(typed) > MaxValueLen {
		return v, false, fmt.Sprintf("giá trị dài %d ký tự, vượt giới hạn %d ký tự (MaxValueLen)", utf8.RuneCountInString(typed), MaxValueLen)
	}
	if !utf8.ValidString(typed) {
		return v, false, "giá trị không phải văn bản UTF-8"
	}
	typed = norm.NFC.String(strings.ReplaceAll(typed, "\r\n", "\n"))
	old, present := f.doc.Get(path)
	trimmed := strings.TrimSpace(typed)
	if !present && trimmed == "" {
		return v, false, "" // an empty field that is not written stays absent
	}
	switch d.kind {
	case KindDate, KindNumber:
		if trimmed == "" {
			return tomledit.Remove(), true, "" // a date or a figure left empty is not stated
		}
	}
	switch d.kind {
	case KindDate:
		date, err := dataset.ParseDate(trimmed)
		if err != nil {
			return v, false, err.Error()
		}
		if present {
			if was, err := dataset.ParseDate(old.Text); err == nil && was == date {
				return v, false, ""
			}
		}
		return generator.DateValue(f.doc, path, date), true, ""
	case KindStatus:
		st, ok := dataset.ParseStatus(trimmed)
		if !ok {
			st, ok = dataset.ParseStatus(strings.ToLower(trimmed))
		}
		if !ok {
			return v, false, dataset.UnknownStatus(trimmed)
		}
		if present {
			if was, ok := dataset.ParseStatus(strings.TrimSpace(old.Text)); ok && was == st {
				return v, false, ""
			}
			return tomledit.String(statusLike(old.Text, st)), true, ""
		}
		return tomledit.String(st.String()), true, ""
	case KindNumber:
		n, err := dataset.ParseNumber(trimmed)
		if err != nil {
			return v, false, err.Error()
		}
		if present {
			if was, err := dataset.ParseNumber(strings.ReplaceAll(old.Text, "_", "")); err == nil && was.Equal(n) && was.Places() == n.Places() {
				return v, false, ""
			}
			if old.Kind == tomledit.KindString {
				return tomledit.String(trimmed), true, ""
			}
		}
		return tomledit.Number(n.Fixed(max(n.Places(), 0), '.')), true, ""
	case KindBool:
		var b bool
		switch strings.ToLower(trimmed) {
		case "true", "có":
			b = true
		case "false", "không":
		default:
			return v, false, fmt.Sprintf("cần true hoặc false, không phải %q", trimmed)
		}
		if present && old.Text == fmt.Sprint(b) {
			return v, false, ""
		}
		return tomledit.Bool(b), true, ""
	}
	if present && old.Text == typed {
		return v, false, ""
	}
	// A count written as a number stays a number ("stated_done = 5").
	if present && old.Kind == tomledit.KindNumber {
		if _, err := dataset.ParseNumber(trimmed); err == nil && !strings.ContainsAny(trimmed, ".,") {
			return tomledit.Number(trimmed), true, ""
		}
	}
	return tomledit.String(typed), true, ""
}

// kindNames name the kinds of field read as a choice, for messages.
var kindNames = map[string]string{KindDate: "một ngày", KindStatus: "một trạng thái", KindNumber: "một số", KindBool: "true/false"}

// clip returns s cut to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// statusLike writes st the way old, the status the file has, is written: as its ASCII key
// ("da_hoan_thanh"), with a capital ("Đã hoàn thành"), or in the documents' words.
func statusLike(old string, st dataset.Status) string {
	old = strings.TrimSpace(old)
	for _, s := range dataset.Statuses {
		switch old {
		case s.Key():
			return st.Key()
		case s.Title():
			return st.Title()
		}
	}
	return st.String()
}
