// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// cutCacheSize bounds the subsets cutCache keeps: with a few faces a document and documents
// of a batch printing mostly the same glyphs, a handful of entries hit nearly always.
const cutCacheSize = 32

// cutCache keeps what putfonts derives from a UTF-8 face and the runes a document printed in
// it — the subset font program, its code-to-glyph map, its last rune, the /W widths array
// and the two streams deflated — for the next document printing the same runes in the same
// face: building the subset and the widths was, after Deflate, the largest cost of a small
// document. The key holds every used rune, so a hit is exactly what building them again
// would give.
var cutCache = cutCacheType{entries: make(map[cutKey]*cutEntry)}

type cutCacheType struct {
	mu      sync.Mutex
	entries map[cutKey]*cutEntry
	order   []cutKey
}

// cutKey names a face by the address and length of its bytes and widths, and the used runes
// with their values, sorted, as bytes.
type cutKey struct {
	face   *byte
	size   int
	widths *int
	runes  string
}

// cutEntry is shared between documents and never changed once put.
type cutEntry struct {
	stream   []byte
	codes    map[int]int
	lastRune int
	widths   string
	gidMap   []byte // the CIDToGIDMap stream, compressed
	program  []byte // the subset font program, compressed
}

func newCutKey(font *fontDefType) cutKey {
	k := cutKey{size: len(font.utf8File.fileReader.array)}
	if k.size > 0 {
		k.face = &font.utf8File.fileReader.array[0]
	}
	if len(font.Cw) > 0 {
		k.widths = &font.Cw[0]
	}
	runes := make([]int, 0, len(font.usedRunes))
	for r := range font.usedRunes {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	b := make([]byte, 0, len(runes)*8)
	for _, r := range runes {
		b = binary.AppendVarint(b, int64(r))
		b = binary.AppendVarint(b, int64(font.usedRunes[r]))
	}
	k.runes = string(b)
	return k
}

func (c *cutCacheType) get(k cutKey) *cutEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[k]
}

func (c *cutCacheType) put(k cutKey, e *cutEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok {
		return
	}
	if len(c.order) == cutCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[k] = e
	c.order = append(c.order, k)
}

// cutJob gives a face's subset: one cutCache held, done already, or one that run cuts and
// deflates, on a goroutine of its own when startCuts starts it or where putfonts needs it.
type cutJob struct {
	key  cutKey
	done chan struct{}
	cut  *cutEntry
	err  error
}

// run cuts font's subset and deflates its streams.
func (job *cutJob) run(font *fontDefType) {
	defer close(job.done)
	if job.cut, job.err = cutFace(font); job.err == nil {
		job.cut.gidMap = xmem.compressStatic(cidToGIDMap(job.cut))
		job.cut.program = xmem.compressStatic(job.cut.stream)
	}
}

// cutDone is the done channel of the jobs whose subset cutCache held.
var cutDone = make(chan struct{})

func init() { close(cutDone) }

// lookupCut returns the job giving font's subset, and whether cutCache held it: else the job
// is still to run.
func lookupCut(font *fontDefType) (job *cutJob, held bool) {
	delete(font.usedRunes, 0)
	key := newCutKey(font)
	if cut := cutCache.get(key); cut != nil {
		return &cutJob{key: key, done: cutDone, cut: cut}, true
	}
	return &cutJob{key: key, done: make(chan struct{})}, false
}

// startCuts starts cutting the subsets putfonts will embed that cutCache does not hold, on
// at most as many goroutines as the process may run at once, and returns at once; cutBytes
// cuts those still waiting when it is called. enddoc calls it before writing the pages,
// which touch nothing a cut reads: the subsets, their widths and their Deflate were most of
// a short document's first rendering in a process, and were done one face after another
// after the pages. A goroutine's first Deflate grows its stack for the stateless encoder's
// 32 KB table, fresh pages to fault in: one that cuts a second face reuses it.
func (f *Fpdf) startCuts() {
	q := &cutQueue{}
	for name, font := range f.fonts {
		if font.Tp != "UTF8" {
			continue
		}
		job, held := lookupCut(&font)
		if f.cutJobs == nil {
			f.cutJobs = make(map[string]*cutJob)
		}
		f.cutJobs[name] = job
		if !held {
			q.jobs = append(q.jobs, job)
			q.fonts = append(q.fonts, font)
		}
	}
	f.cutQueue = q
	for range min(len(q.jobs), runtime.GOMAXPROCS(0)) {
		go q.runAll()
	}
}

// cutQueue holds the cuts startCuts started, for its goroutines and cutBytes to share out.
type cutQueue struct {
	jobs  []*cutJob
	fonts []fontDefType
	next  atomic.Int64
}

// runAll runs the jobs no one has taken yet.
func (q *cutQueue) runAll() {
	for i := int(q.next.Add(1)) - 1; i < len(q.jobs); i = int(q.next.Add(1)) - 1 {
		q.jobs[i].run(&q.fonts[i])
	}
}

// cutBytes cuts the subsets startCuts started that are still waiting, waits for the others
// and returns how many bytes their streams and widths add to the document, for putpages to
// size its buffer once: the font programs are most of a short document, and its buffer grew
// for them through two doublings.
func (f *Fpdf) cutBytes() int {
	if f.cutQueue != nil {
		f.cutQueue.runAll()
	}
	n := 0
	for _, job := range f.cutJobs {
		<-job.done
		if job.err == nil {
			n += len(job.cut.gidMap) + len(job.cut.program) + len(job.cut.widths)
		}
	}
	return n
}

// cutFace cuts the subset of font holding the runes the document printed in it. A face that
// ParseUTF8Font accepted subsets (checkGlyphs); one added otherwise may not, and its failure is
// returned rather than left to crash the program from a goroutine of startCuts.
func cutFace(font *fontDefType) (cut *cutEntry, err error) {
	defer func() {
		if r := recover(); r != nil {
			cut, err = nil, fmt.Errorf("fpdf: cannot subset font %s: %v", font.Name, r)
		}
	}()
	cut = &cutEntry{stream: font.utf8File.GenerateCutFont(font.usedRunes)}
	cut.codes = font.utf8File.CodeSymbolDictionary
	delete(cut.codes, 0)
	cut.lastRune = font.utf8File.LastRune
	cut.widths = cidWidths(font, cut.lastRune)
	return cut, nil
}

// cidToGIDMap returns the CIDToGIDMap stream of cut, uncompressed. Only the CIDs up to the
// last rune used can be shown: a map that stops there (a CID past its end maps to glyph 0)
// saves compressing 128 KB per font.
func cidToGIDMap(cut *cutEntry) []byte {
	m := make([]byte, (cut.lastRune+1)*2)
	for cc, glyph := range cut.codes {
		m[cc*2] = byte(glyph >> 8)
		m[cc*2+1] = byte(glyph & 0xFF)
	}
	return m
}
