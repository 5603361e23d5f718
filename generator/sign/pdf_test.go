package sign

import (
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// patchedPDF is the digitorus/pdf release that third_party/pdf and third_party/pdf.patch are
// made from: moving to another release means redoing the patch (its glyph-name table read on
// first use rather than built when a program starts), not just bumping go.mod.
var patchedPDF = testtool.Patched{
	Module: "github.com/digitorus/pdf", Version: "v0.1.2", Root: "../..",
	Dir: "third_party/pdf", Patch: "third_party/pdf.patch", Update: "third_party/update-pdf-patch",
}

// TestPDFVersion fails when go.mod requires another digitorus/pdf than the one the patch was
// made for, or no longer builds the patched copy.
func TestPDFVersion(t *testing.T) { patchedPDF.CheckVersion(t) }

// TestPDFPatch checks that third_party/pdf is exactly the published release with
// third_party/pdf.patch applied, so that the patch sent upstream is what baocao runs.
func TestPDFPatch(t *testing.T) { patchedPDF.CheckPatch(t) }
