package dataset

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem found in a dataset, located by file, line, column and key path.
type Error struct {
	File string // the name given to Parse or the path given to Load
	Line int    // 1-based; 0 when the problem has no line (a table missing from the file)
	Col  int    // 1-based; 0 when unknown
	Path string // key path such as "fields[0].criteria[1].score"; "" for the whole file
	Msg  string // in Vietnamese, for the person who edits the file
	off  int    // byte offset, where known, for the key path of an error found before decoding
}

// Error formats the problem as "file:line:col: path: message", leaving out what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Col))
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one dataset, sorted by line. It is the error Parse and
// Load return when the input is invalid.
type ErrorList []*Error

// Error prints one problem per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.As find the individual *Error values.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort orders the list by line and column; problems on the same spot keep the order in which
// they were found, which follows the file.
func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
