package outfile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkWriteAll commits a set the size of the sample's outputs (7.8 KB report, 73 KB
// appendix, 16 KB workbook), given whole, over the previous one, fsyncs included (render adds
// each output as it is made instead: BenchmarkRenderWrite).
// "own" is a folder holding only the set (swapped whole), "user" one holding a user's file too
// (committed in place through the journal).
func BenchmarkWriteAll(b *testing.B) {
	files := []File{
		{"bao-cao.docx", make([]byte, 7806)},
		{"phu-luc.pdf", make([]byte, 72981)},
		{"bang-diem.xlsx", make([]byte, 15851)},
	}
	for _, user := range []bool{false, true} {
		b.Run(map[bool]string{false: "own", true: "user"}[user], func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "out")
			if user {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), nil, 0o644)
			}
			b.SetBytes(7806 + 72981 + 15851)
			for b.Loop() {
				if _, err := WriteAll(dir, files, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteSets commits sets the size of the sample's outputs into one folder from 8
// goroutines at once, as a batch's committers do with 2 workers, each set into a folder of its
// own: "fsync" fsyncs each set's files and folders, "group" shares syncfs calls between the
// sets (OpenGrouped). The disk alone, without the rendering that paces a batch.
func BenchmarkWriteSets(b *testing.B) {
	files := []File{
		{"bao-cao.docx", make([]byte, 7806)},
		{"phu-luc.pdf", make([]byte, 72981)},
		{"bang-diem.xlsx", make([]byte, 15851)},
	}
	for _, group := range []bool{false, true} {
		b.Run(map[bool]string{false: "fsync", true: "group"}[group], func(b *testing.B) {
			open := Open
			if group {
				open = OpenGrouped
			}
			f, err := open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			b.SetBytes(7806 + 72981 + 15851)
			var next atomic.Int64
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := f.WriteSet(fmt.Sprint(next.Add(1)), files, false); err != nil {
						b.Error(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sets/s")
		})
	}
}

// BenchmarkRenderWrite is render's write step against a render simulated by sleeping — the
// report made after 1 ms, the workbook after 3 ms, the appendix after 4 ms, about as a cold
// process makes them — over the previous set: "after" writes the set once all three are made
// (WriteAll, as render did before), "while" begins the set first and adds each output as it is
// made (Begin, Add, Commit, as render does). The difference is the waits on the disk hidden
// behind the rendering.
func BenchmarkRenderWrite(b *testing.B) {
	files := []File{
		{"bao-cao.docx", make([]byte, 7806)},
		{"phu-luc.pdf", make([]byte, 72981)},
		{"bang-diem.xlsx", make([]byte, 15851)},
	}
	ready := []time.Duration{time.Millisecond, 4 * time.Millisecond, 3 * time.Millisecond}
	for _, while := range []bool{false, true} {
		b.Run(map[bool]string{false: "after", true: "while"}[while], func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "out")
			if _, err := WriteAll(dir, files, false); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				t, err := OpenTarget(dir)
				if err != nil {
					b.Fatal(err)
				}
				if !while {
					time.Sleep(ready[1])
					_, err = t.Write(files, false)
				} else {
					var p *Pending
					if p, err = t.Begin([]string{files[0].Name, files[1].Name, files[2].Name}, false); err != nil {
						b.Fatal(err)
					}
					start := time.Now()
					for _, i := range []int{0, 2, 1} { // in the order they are made
						time.Sleep(ready[i] - time.Since(start))
						p.Add(files[i])
					}
					_, err = p.Commit()
				}
				t.Close()
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
