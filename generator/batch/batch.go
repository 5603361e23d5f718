// Package batch renders every reporting date of a department in one run: each dataset to
// OUT/<reporting date>/ (OUT/<department folder>/<reporting date>/ when the datasets come from
// several folders, one per department), several at once, going on past a bad dataset, and records what it did
// in OUT/summary.json with the SHA-256 of every file it wrote.
package batch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/generator/trend"
	"github.com/baocao-vn/baocao/internal/fserr"
)

// SummaryFile is the name of the summary written into the output folder.
const SummaryFile = "summary.json"

// Options configures a run. The zero value renders unsigned with one worker per core and
// writes no progress.
type Options struct {
	Out      string // output folder
	Workers  int    // 0: one per core; at most MaxWorkers
	Render   generator.Options
	Force    bool      // allow overwriting signed files
	Progress io.Writer // one line per dataset as it finishes; nil for none
	Skipped  []Skipped // what Expand refused, recorded in the summary
	Shard    Shard     // render only this slice of the datasets; zero: all
	// Live redraws one status line on Progress (count, rate, time left) instead: for a terminal.
	Live bool
	// Write, when false, renders without writing any file (for benchmarks); Run sets it from Out.
	dryRun bool
	// fsyncEach commits each set with its own fsyncs, as render does, instead of the group
	// commit (tests compare the two).
	fsyncEach bool
	// previous maps each dataset to its department's previous reporting date among all the
	// batch's datasets, when a shard renders only some of them (previousOf).
	previous map[string]previous
	// all are the whole batch's datasets when a shard renders only some of them: whether the
	// output has a folder per department is the whole batch's choice.
	all []string
	// shared maps each of a shard's datasets whose reporting date another dataset of its
	// department claims in the whole batch to all the claimants, in the batch's order.
	shared map[string][]string
}

// previous is a dataset's department's previous reporting date in the run: its file, and what
// the comparison needs of it, taken in the first pass (nil when it did not score).
type previous struct {
	file string
	snap *change.Snapshot
}

// Output is one file a dataset produced.
type Output struct {
	File   string `json:"file"` // relative to the output folder: 2022-09-14/phu-luc.pdf
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Entry is what happened to one dataset.
type Entry struct {
	Dataset       string   `json:"dataset"`
	Date          string   `json:"reporting_date,omitempty"`
	Status        string   `json:"status"` // "ok" or "failed"
	Errors        []string `json:"errors,omitempty"`
	Discrepancies []string `json:"discrepancies,omitempty"`
	// Warnings are what the outputs cannot hold as the dataset has it (a text cut in the
	// workbook); the outputs are written all the same.
	// Warnings include the history that does not add up against the department's previous
	// reporting date in the run (package change).
	Warnings []string `json:"warnings,omitempty"`
	// Counts are the remedied items by status at this reporting date.
	Counts  *change.JSONCounts `json:"counts,omitempty"`
	Outputs []Output           `json:"outputs,omitempty"`
	// dept is the department's folder under the output folder when the run has several
	// departments, "" otherwise; dir is where the outputs go, relative to the output folder:
	// the reporting date, under dept.
	dept, dir string
	// snap is what the progress workbook needs of the dataset, once rendered.
	snap *trend.Snapshot
	// prev is the dataset of the department's previous reporting date in the run, "" for none:
	// the report says what changed since it; prevSnap is what the comparison needs of it, let
	// go once this entry is rendered.
	prev     string
	prevSnap *change.Snapshot
}

// Summary is the whole run, in the order of the datasets' names.
type Summary struct {
	Shard    string   `json:"shard,omitempty"` // "I/N" when the run rendered one slice (Options.Shard)
	Datasets int      `json:"datasets"`
	Failed   int      `json:"failed"`
	Skipped  []string `json:"skipped,omitempty"` // paths named *.toml that are not regular files
	Entries  []Entry  `json:"entries"`
}

// writeTrends writes each department's progress workbook from its rendered reporting dates.
//
// The workbook is not listed in the summary, which stays the one `batch merge` makes of shards
// (a shard cannot write it).
func writeTrends(entries []Entry, depts map[string]*outfile.Folder) error {
	byDept := map[string][]*Entry{}
	var names []string
	for i := range entries {
		e := &entries[i]
		if e.Status == "ok" && e.snap != nil {
			if byDept[e.dept] == nil {
				names = append(names, e.dept)
			}
			byDept[e.dept] = append(byDept[e.dept], e)
		}
	}
	slices.Sort(names)
	for _, dept := range names {
		es := byDept[dept]
		slices.SortFunc(es, func(a, b *Entry) int { return strings.Compare(a.Date, b.Date) })
		snaps := make([]*trend.Snapshot, len(es))
		for i, e := range es {
			snaps[i] = e.snap
		}
		var buf bytes.Buffer
		if err := trend.Write(&buf, snaps); err != nil {
			return err
		}
		if err := depts[dept].Write(trend.File, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// ErrFailed is returned by Run when at least one dataset failed; the summary says which.
var ErrFailed = errors.New("có bộ dữ liệu bị lỗi")

// Run renders every dataset and writes OUT/summary.json. Its error is ErrFailed when some
// dataset failed (the others are still rendered), or an error that stopped the whole run.
func Run(files []string, o Options) (*Summary, error) {
	if err := CheckWorkers(o.Workers); err != nil {
		return nil, err
	}
	if o.Workers == 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Out == "" {
		return nil, errors.New("batch: no output folder")
	}
	// The output folder is locked for the run, and what killed runs left in it is cleaned up
	// first; each reporting date's folder is then committed as one set (see package outfile),
	// the sets committed at once sharing their syncs (outfile's group commit).
	out, err := o.open(o.Out)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	all := files
	files = o.Shard.Select(files)
	if o.Shard.N > 1 {
		// A report compares itself with the previous date of the whole batch, which may be in
		// another shard: every shard reads every dataset's date, so that the shards' reports
		// are the whole batch's.
		o.all = all
		o.previous, o.shared = previousOf(all, files, o.Workers)
	}
	sum, err := run(files, o, out)
	if err != nil {
		return nil, err
	}
	sum.Shard = o.Shard.String()
	js, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := out.Write(SummaryFile, append(js, '\n')); err != nil {
		return nil, err
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%d/%d: %w", sum.Failed, sum.Datasets, ErrFailed)
	}
	return sum, nil
}

func run(files []string, o Options, out *outfile.Folder) (*Summary, error) {
	entries := make([]Entry, len(files))
	for i, f := range files {
		entries[i] = Entry{Dataset: f}
	}
	// Pass 1: the reporting date of every dataset, so that two datasets claiming the same date
	// both fail, whichever a worker reaches first. The date is peeked from the file's line
	// index (dataset.PeekAsOf, a tenth of a parse), so that pass 2 parses each dataset once.
	// A dataset whose date cannot be peeked, or whose peeked date another dataset of its
	// department shares, is parsed here, so that only datasets that load count as claiming a
	// date, as if every dataset were parsed; its parsed form waits for pass 2 for the first
	// KeptParsedPerWorker × workers of them, so that memory does not grow with the number of
	// datasets — the rest are parsed again in pass 2.
	pre := make([]*first, len(files))
	var kept atomic.Int64
	keep := int64(KeptParsedPerWorker * o.Workers)
	parseFirst := func(i int) {
		f := &first{}
		pre[i] = f
		ds, err := parse(files[i])
		if err != nil {
			fail(&entries[i], err)
			entries[i].Date = ""
			return
		}
		entries[i].Date = ds.Appendix.AsOf.ISO()
		p, err := generator.Score(ds)
		if err != nil {
			return // pass 2 scores it again and says why it fails
		}
		f.snap = p.Snapshot()
		if kept.Add(1) <= keep {
			f.p = p
		}
	}
	parallel(len(files), o.Workers, func(i int) {
		date, mustParse, err := peekDate(files[i])
		switch {
		case err != nil:
			fail(&entries[i], err)
		case mustParse:
			parseFirst(i)
		default:
			entries[i].Date = date
		}
	})
	// Datasets from several folders are several departments: each gets a folder of its own,
	// named as its datasets' folder, so that their reporting dates do not collide.
	folders := map[string]bool{}
	all := files
	if o.all != nil {
		all = o.all
	}
	for _, f := range all {
		folders[filepath.Dir(f)] = true
	}
	byDate := func() map[string][]int {
		m := map[string][]int{}
		for i := range entries {
			e := &entries[i]
			if e.Date == "" {
				continue
			}
			e.dir = e.Date
			if len(folders) > 1 {
				e.dept = filepath.Base(filepath.Dir(files[i]))
				e.dir = e.dept + "/" + e.Date
			}
			m[e.dir] = append(m[e.dir], i)
		}
		return m
	}
	var shared []int
	for _, idx := range byDate() {
		for _, i := range idx {
			if len(idx) > 1 && pre[i] == nil {
				shared = append(shared, i)
			}
		}
	}
	parallel(len(shared), o.Workers, func(k int) { parseFirst(shared[k]) })
	sharedDate := func(i int, date string, names []string) {
		fail(&entries[i], fmt.Errorf("%s: ngày báo cáo %s trùng với %s; không ghi đè", files[i], date, strings.Join(names, ", ")))
	}
	if o.shared != nil {
		// A shard: the date may be shared with a dataset of another shard, so the whole
		// batch's claimants are what counts (previousOf), named as the whole batch names them.
		for date, idx := range byDate() {
			for _, i := range idx {
				if names := o.shared[files[i]]; names != nil && entries[i].Status == "" {
					sharedDate(i, date, names)
				}
			}
		}
	} else {
		for date, idx := range byDate() {
			if len(idx) < 2 {
				continue
			}
			names := make([]string, len(idx))
			for k, i := range idx {
				names[k] = files[i]
			}
			for _, i := range idx {
				sharedDate(i, date, names)
			}
		}
	}

	if o.previous != nil {
		for i := range entries {
			if entries[i].Status == "" {
				p := o.previous[files[i]]
				entries[i].prev, entries[i].prevSnap = p.file, p.snap
			}
		}
	}

	// Each department's folder is locked and recovered like the output folder itself, so that
	// its reporting dates are committed as sets in it; it is opened by the first of its
	// datasets to be committed, so that a department none of whose datasets loads gets none.
	depts := map[string]*outfile.Folder{"": out}
	var deptsMu sync.Mutex
	var opened []*outfile.Folder
	defer func() {
		for _, f := range opened {
			f.Close()
		}
	}()
	deptFolder := func(dept string) (*outfile.Folder, error) {
		deptsMu.Lock()
		defer deptsMu.Unlock()
		if f := depts[dept]; f != nil {
			return f, nil
		}
		f, err := o.open(filepath.Join(o.Out, dept))
		if err == nil {
			depts[dept] = f
			opened = append(opened, f)
		}
		return f, err
	}

	// Pass 2, in date order: parse and score each dataset (unless pass 1 did), publish whether
	// it loaded and what the next date's comparison needs of it (a change.Snapshot, about
	// 10 KB, let go once that date took it), take the previous date's, render, commit. The
	// previous date is the department's latest earlier one that loads, as if every dataset
	// had been parsed in pass 1: a dataset waits for its predecessors' publication, which
	// their workers make before rendering, so that the wait is short and, the predecessors
	// being handed out first, never circular.
	order, pred := dateOrder(entries)
	loads := make([]published, len(files))
	for i := range loads {
		loads[i].ready = make(chan struct{})
		if f := pre[i]; f != nil {
			loads[i].publish(entries[i].Status == "", f.snap)
		}
	}
	// A set's commit mostly waits on the disk (its syncs), so a worker hands the set to a
	// committer and renders the next date meanwhile: at most CommittersPerWorker × workers
	// sets wait on the disk, and one more per worker waits for a committer.
	var mu sync.Mutex
	var prog *progress
	if o.Progress != nil {
		prog = newProgress(o.Progress, o.Live, len(files))
		defer prog.close()
	}
	finished := func(e *Entry) {
		if prog != nil {
			mu.Lock()
			prog.finished(e)
			mu.Unlock()
		}
	}
	type rendered struct {
		e     *Entry
		files []outfile.File
	}
	sets := make(chan rendered)
	var committers sync.WaitGroup
	for range CommittersPerWorker * o.Workers {
		committers.Go(func() {
			for r := range sets {
				if f, err := deptFolder(r.e.dept); err != nil {
					fail(r.e, err)
				} else {
					commit(r.e, r.files, o, f)
				}
				finished(r.e)
			}
		})
	}
	parallel(len(order), o.Workers, func(k int) {
		i := order[k]
		e, l := &entries[i], &loads[i]
		var p *generator.Prepared
		if f := pre[i]; f != nil {
			if e.Status == "" {
				if p = f.p; p == nil {
					if ds, err := parse(files[i]); err != nil {
						fail(e, err) // changed since pass 1
					} else if p, err = generator.Score(ds); err != nil {
						fail(e, err)
					}
				}
			}
			pre[i] = nil
		} else if e.Status == "" {
			p = parseSecond(e, files[i], l)
		}
		if !l.done {
			l.publish(false, nil)
		}
		var set []outfile.File
		if p != nil {
			if o.previous == nil {
				loaded := func(j int) bool { <-loads[j].ready; return loads[j].ok }
				if j := change.Previous(pred, i, loaded); j >= 0 {
					// Only this dataset takes it: the next one stops here.
					e.prev, e.prevSnap = files[j], loads[j].snap
					loads[j].snap = nil
				}
			}
			set = render(e, p, o)
		}
		e.prevSnap = nil
		if set != nil {
			sets <- rendered{e, set}
			return
		}
		finished(e)
	})
	close(sets)
	committers.Wait()
	sum := &Summary{Datasets: len(files), Entries: entries}
	for _, k := range o.Skipped {
		sum.Skipped = append(sum.Skipped, k.String())
	}
	// The progress workbook needs every date of a department: a shard has only some, so only
	// a batch run without --shard writes it.
	if !o.dryRun && o.Shard.N == 0 {
		if err := writeTrends(entries, depts); err != nil {
			return nil, err
		}
	}
	for _, e := range entries {
		if e.Status != "ok" {
			sum.Failed++
		}
	}
	return sum, nil
}

// open opens a folder the run commits sets into.
func (o *Options) open(path string) (*outfile.Folder, error) {
	if o.fsyncEach {
		return outfile.Open(path)
	}
	return outfile.OpenGrouped(path)
}

// KeptParsedPerWorker is how many parsed datasets per worker a batch keeps from its first pass
// to its second; datasets past that are parsed again, so that a batch's memory stays bounded
// whatever the number of reporting dates.
const KeptParsedPerWorker = 8

// first is what pass 1 made of a dataset it parsed: what the next date's comparison needs of
// it (nil when it did not score) and, within the budget, the scored dataset.
type first struct {
	p    *generator.Prepared
	snap *change.Snapshot
}

// published is whether a dataset loaded, and its snapshot, once its worker knows: later dates
// of its department wait for it to find their previous date.
type published struct {
	ready chan struct{} // closed by publish
	done  bool          // publish was called (by the dataset's own worker)
	ok    bool
	snap  *change.Snapshot
}

func (l *published) publish(ok bool, snap *change.Snapshot) {
	l.ok, l.snap, l.done = ok, snap, true
	close(l.ready)
}

// parseSecond parses and scores a dataset pass 1 only peeked at, publishing whether it loaded
// as soon as it is known; nil when it fails (e says why).
func parseSecond(e *Entry, name string, l *published) *generator.Prepared {
	ds, err := parse(name)
	if err == nil && ds.Appendix.AsOf.ISO() != e.Date {
		err = fmt.Errorf("%s: ngày báo cáo đổi từ %s thành %s trong khi chạy; không ghi", name, e.Date, ds.Appendix.AsOf.ISO())
	}
	if err != nil {
		l.publish(false, nil)
		fail(e, err)
		e.Date = "" // as for a dataset pass 1 could not parse: it claims no date
		return nil
	}
	p, err := generator.Score(ds)
	if err != nil {
		// It loaded: the next date is compared with nothing, and says so.
		l.publish(true, nil)
		fail(e, err)
		return nil
	}
	l.publish(true, p.Snapshot())
	return p
}

// dateOrder returns the datasets that passed pass 1 by reporting date (then file order), the
// others first, and for each the index of its department's previous one (−1 for none): the
// rule package change shares with serve.
func dateOrder(entries []Entry) (order, pred []int) {
	return change.Predecessors(dated(entries))
}

// dated is what change.Predecessors needs of the entries: the department and reporting date
// of those that passed pass 1.
func dated(entries []Entry) []change.Dated {
	ds := make([]change.Dated, len(entries))
	for i := range entries {
		if entries[i].Status == "" {
			ds[i] = change.Dated{Dept: entries[i].dept, Date: entries[i].Date}
		}
	}
	return ds
}

// peekDate reads a dataset's reporting date (ISO) from its line index (dataset.PeekAsOf, a
// tenth of a parse); mustParse when only parsing it tells, err when it cannot be read.
func peekDate(name string) (date string, mustParse bool, err error) {
	src, err := dataset.Read(name)
	if err != nil {
		return "", false, err
	}
	if at, ok := dataset.PeekAsOf(src); ok {
		return at.ISO(), false, nil
	}
	return "", true, nil
}

// parse reads and parses one dataset (regular files only, checked again on opening).
func parse(name string) (*dataset.Dataset, error) {
	src, err := dataset.Read(name)
	if err != nil {
		return nil, err
	}
	return dataset.Parse(name, src)
}

// previousOf links the selected datasets (a shard's) to their folder's previous reporting
// date among all the batch's datasets, as linkPrevious does in a whole run: datasets that do
// not load, or that share a date with another of their folder, are nobody's previous. Every
// dataset's date comes from its line index (dataset.PeekAsOf, a tenth of a parse); only what
// the rule needs is parsed — a dataset whose date the index does not give, the datasets of a
// date that several claim (only those that load claim it), and each selected dataset's
// previous ones, latest first, until one loads — so that a shard's work follows its share of
// the batch rather than the whole batch.
func previousOf(files, selected []string, workers int) (map[string]previous, map[string][]string) {
	type known struct {
		date   string // ISO; "" when the dataset does not load
		parsed bool   // whether it loads is known
		snap   *change.Snapshot
	}
	k := make([]known, len(files))
	need := make([]bool, len(files))
	parallel(len(files), workers, func(i int) {
		date, mustParse, err := peekDate(files[i])
		k[i].date, k[i].parsed, need[i] = date, err != nil, mustParse
	})
	at := make(map[string]int, len(files))
	for i, f := range files {
		at[f] = i
	}
	for {
		var todo []int
		for i, n := range need {
			if n {
				todo = append(todo, i)
				need[i] = false
			}
		}
		parallel(len(todo), workers, func(t int) {
			x := &k[todo[t]]
			x.parsed, x.date = true, ""
			if ds, err := parse(files[todo[t]]); err == nil {
				x.date = ds.Appendix.AsOf.ISO()
				if p, err := generator.Score(ds); err == nil {
					x.snap = p.Snapshot()
				}
			}
		})
		ds := make([]change.Dated, len(files))
		claims := map[change.Dated][]int{}
		for i := range files {
			ds[i] = change.Dated{Dept: filepath.Dir(files[i]), Date: k[i].date}
			if ds[i].Date != "" {
				claims[ds[i]] = append(claims[ds[i]], i)
			}
		}
		more := false
		for _, idx := range claims {
			for _, i := range idx {
				if len(idx) > 1 && !k[i].parsed {
					need[i], more = true, true
				}
			}
		}
		_, pred := change.Predecessors(ds)
		for _, f := range selected {
			// The dataset of its previous date is parsed to know it loads; when it does not,
			// it loses its date and the next round links past it.
			if j := pred[at[f]]; j >= 0 && !k[j].parsed {
				need[j], more = true, true
			}
		}
		if more {
			continue
		}
		m := map[string]previous{}
		shared := map[string][]string{}
		for _, f := range selected {
			i := at[f]
			if j := change.Previous(pred, i, func(j int) bool { return k[j].date != "" }); j >= 0 {
				m[f] = previous{files[j], k[j].snap}
			}
			if idx := claims[ds[i]]; ds[i].Date != "" && len(idx) > 1 {
				for _, j := range idx {
					shared[f] = append(shared[f], files[j])
				}
			}
		}
		return m, shared
	}
}

// linkPrevious gives every dataset that passed the first pass the one of its department's
// previous reporting date in the run, and that date's snapshot (snaps[i] is files[i]'s).
func linkPrevious(entries []Entry, files []string, snaps []*change.Snapshot) {
	_, pred := change.Predecessors(dated(entries))
	for i, j := range pred {
		if j >= 0 {
			entries[i].prev, entries[i].prevSnap = files[j], snaps[j]
		}
	}
}

// CommittersPerWorker is how many rendered sets per worker a batch commits at once: each
// commit waits mostly on the disk, and the sets waiting together share one syncfs (outfile's
// group commit), while the workers render the next dates. Each holds one set in memory
// (≈ 100 KB for the sample). The more sets wait, the more each syncfs serves: 500 dates with
// 2 workers took 2.4–2.7 s on ext4 with 16, 3.0–4.0 s with 4, and 16 is within 0.3 s of
// writing every set without a sync and syncing once at the end.
const CommittersPerWorker = 16

// render renders a dataset's outputs, recording its counts, warnings and snapshot in e; nil
// when it fails (e says why).
func render(e *Entry, p *generator.Prepared, o Options) []outfile.File {
	for _, k := range p.Scores.Discrepancies() {
		e.Discrepancies = append(e.Discrepancies, k.Message(e.Dataset))
	}
	c := change.CountsOf(p.Scores.Progress.All)
	e.Counts = &c
	e.snap = trend.Take(p.Data, p.Scores)
	var history []string
	if e.prev != "" {
		// The previous date's snapshot from the first pass, rather than its dataset read again.
		if e.prevSnap == nil {
			history = append(history, fmt.Sprintf("%s: không so sánh được với kỳ trước %s (tệp lỗi)", e.Dataset, e.prev))
		} else {
			o.Render.Change = e.prevSnap.Compare(p.Dated())
			history = o.Render.Change.Warnings()
		}
	}
	files, err := p.Render(o.Render)
	if err != nil {
		fail(e, err)
		return nil
	}
	e.Warnings = append(p.Warnings(), history...)
	return files
}

// commit writes a rendered set (unless the run is dry) and records its files in e.
func commit(e *Entry, files []outfile.File, o Options, out *outfile.Folder) {
	if !o.dryRun {
		if _, err := out.WriteSet(e.Date, files, o.Force); err != nil {
			fail(e, err)
			return
		}
	}
	for _, f := range files {
		h := sha256.Sum256(f.Data)
		e.Outputs = append(e.Outputs, Output{File: e.dir + "/" + f.Name, Size: len(f.Data), SHA256: hex.EncodeToString(h[:])})
	}
	e.Status = "ok"
}

// fail records err on the entry, one line per problem.
func fail(e *Entry, err error) {
	e.Status = "failed"
	var list dataset.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			e.Errors = append(e.Errors, x.Error())
		}
		return
	}
	for _, l := range strings.Split(fserr.Message(err), "\n") {
		e.Errors = append(e.Errors, l)
	}
}

// parallel calls f(0) … f(n−1) on the given number of workers.
func parallel(n, workers int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
