package batch

import "github.com/baocao-vn/baocao/internal/gcpace"

// GCPercent is the garbage collector's pace during a batch unless GOGC is set: a batch's live
// heap is small (≈ 12 MB at -j 2) and every collection marks all of it, so collecting half as
// often saved ≈ 8 % of the instructions of a 50-date batch (callgrind) for ≈ 17 MB more peak
// memory (500 dates, -j 2: ≈ 68 MB instead of ≈ 51 MB; 300 would reach ≈ 81 MB).
const GCPercent = 200

// PaceGC sets the collector's pace to GCPercent unless the GOGC environment variable chooses
// one, and returns what restores the previous pace. No memory limit is set: at this pace the
// heap stays far below one, and a limit would slow down exactly the large runs it caught.
func PaceGC() (restore func()) { return gcpace.Set(GCPercent) }
