package dataset

import (
	"fmt"
	"strings"
)

// Status is how far the remedy of an item (a criterion of the appendix, a shortcoming of the
// self-check) has gone. The zero value means the dataset does not say.
type Status int

// The statuses, in the order the documents list them.
const (
	StatusNone       Status = iota // not stated
	StatusDone                     // đã hoàn thành
	StatusInProgress               // đang thực hiện
	StatusNotStarted               // chưa thực hiện
	StatusRegular                  // thực hiện thường xuyên
)

// Statuses lists every status a dataset may state, in the documents' order.
var Statuses = []Status{StatusDone, StatusInProgress, StatusNotStarted, StatusRegular}

// statusWords is the one home of the status list: the words the documents print (and a
// dataset may write, NFC) and the ASCII keys a dataset may write instead.
var statusWords = [...]struct{ words, key string }{
	StatusDone:       {"đã hoàn thành", "da_hoan_thanh"},
	StatusInProgress: {"đang thực hiện", "dang_thuc_hien"},
	StatusNotStarted: {"chưa thực hiện", "chua_thuc_hien"},
	StatusRegular:    {"thực hiện thường xuyên", "thuong_xuyen"},
}

// String returns the status as the documents print it, lower case: "đã hoàn thành"; "" for
// StatusNone.
func (s Status) String() string {
	if s <= StatusNone || int(s) >= len(statusWords) {
		return ""
	}
	return statusWords[s].words
}

// Key returns the status's ASCII key ("da_hoan_thanh"), used in JSON and placeholders.
func (s Status) Key() string {
	if s <= StatusNone || int(s) >= len(statusWords) {
		return ""
	}
	return statusWords[s].key
}

// Title returns the status with a capital first letter, as it opens a cell: "Đã hoàn thành".
func (s Status) Title() string {
	w := s.String()
	if w == "" {
		return ""
	}
	r := []rune(w)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// ParseStatus reads a status as a dataset writes it: the Vietnamese words ("đã hoàn thành",
// the first letter may be a capital) or the ASCII key ("da_hoan_thanh").
func ParseStatus(s string) (Status, bool) {
	for _, st := range Statuses {
		w := statusWords[st]
		if s == w.key || s == w.words || s == st.Title() {
			return st, true
		}
	}
	return StatusNone, false
}

// suggestStatus returns the spelling closest to s, for the message about an unknown status.
func suggestStatus(s string) string {
	best, bestDist := statusWords[StatusDone].words, 1<<30
	ls := strings.ToLower(s)
	for _, st := range Statuses {
		for _, c := range []string{statusWords[st].words, statusWords[st].key} {
			if d := editDistance(ls, c); d < bestDist {
				best, bestDist = statusWords[st].words, d
			}
		}
	}
	return best
}

// UnknownStatus is the message about a status that is not in the list, as the loader words it:
// the accepted spellings and the nearest one to s.
func UnknownStatus(s string) string {
	return fmt.Sprintf("trạng thái %q không có trong danh sách (%s); có phải %q?", s, statusChoices(), suggestStatus(s))
}

// statusChoices lists the accepted spellings for messages.
func statusChoices() string {
	var ws []string
	for _, st := range Statuses {
		ws = append(ws, `"`+st.String()+`"`)
	}
	return strings.Join(ws, ", ")
}

// State is where the remedy of an item stands: its status and, once done, when and by which
// document.
type State struct {
	Status   Status
	Done     Date   // the date it was done; only for StatusDone
	Evidence string // the document that shows it: "Quyết định số 15/QĐ-STP ngày 20/02/2024"
}

// Item is one shortcoming of a bullet list in the report's self-check section: a text alone
// (items = ["…"]) or a table with its progress (items = [{text = "…", status = "…"}]).
type Item struct {
	Text  string
	State State
	// Progress is the progress text shown in the appendix's progress column.
	Progress string
}

// IsDone reports whether the item is done.
func (s State) IsDone() bool { return s.Status == StatusDone }

// Heading is what the progress column opens with: the status, and for a done item the date it
// was done ("Đã hoàn thành ngày 20/02/2024", dates per Decree 30); "" when no status is stated.
func (s State) Heading() string {
	h := s.Status.Title()
	if s.Status == StatusDone && !s.Done.IsZero() {
		h += " ngày " + s.Done.String()
	}
	return h
}

// Column returns the lines of the progress column: the heading, the evidence in brackets, then
// the progress text as written; the one home of that order, for the appendix and the workbook.
func (s State) Column(progress string) []string {
	var out []string
	if h := s.Heading(); h != "" {
		out = append(out, h)
	}
	if s.Evidence != "" {
		out = append(out, "("+s.Evidence+")")
	}
	if progress != "" {
		out = append(out, strings.Split(progress, "\n")...)
	}
	return out
}
