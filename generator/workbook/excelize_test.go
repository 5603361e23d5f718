package workbook

import (
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// patchedExcelize is the excelize release that third_party/excelize and
// third_party/excelize.patch are made from: moving to another release means redoing the patch
// (its package variables built on first use rather than at start), not just bumping go.mod.
var patchedExcelize = testtool.Patched{
	Module: "github.com/xuri/excelize/v2", Version: "v2.11.1", Root: "../..",
	Dir: "third_party/excelize", Patch: "third_party/excelize.patch", Update: "third_party/update-excelize-patch",
}

// TestExcelizeVersion fails when go.mod requires another excelize than the one the patch was
// made for, or no longer builds the patched copy.
func TestExcelizeVersion(t *testing.T) { patchedExcelize.CheckVersion(t) }

// TestExcelizePatch checks that third_party/excelize is exactly the published release with
// third_party/excelize.patch applied, so that the patch sent upstream is what baocao runs.
func TestExcelizePatch(t *testing.T) { patchedExcelize.CheckPatch(t) }
