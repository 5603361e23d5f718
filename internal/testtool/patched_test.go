package testtool

import "testing"

// patchedCopies are the modules baocao builds from a patched copy in third_party (a replace in
// go.mod), each with its patch kept as a file: moving one to another release means redoing its
// patch, not just bumping go.mod. What each patch does is in the README (Layout of the code).
var patchedCopies = []Patched{
	{Module: "codeberg.org/go-pdf/fpdf", Version: "v0.12.0", Dir: "third_party/fpdf"},
	{Module: "github.com/xuri/excelize/v2", Version: "v2.11.1", Dir: "third_party/excelize"},
	{Module: "github.com/BurntSushi/toml", Version: "v1.6.0", Dir: "third_party/toml"},
	{Module: "github.com/digitorus/pdf", Version: "v0.1.2", Dir: "third_party/pdf"},
	{Module: "github.com/ThalesGroup/crypto11", Version: "v1.6.2", Dir: "third_party/crypto11"},
}

// TestPatchedCopies fails when go.mod requires another release of a patched module than the one
// its patch was made for or no longer builds the copy (CheckVersion), and when a copy is not
// exactly the published release with its patch applied, so that the patch sent upstream is
// what baocao runs (CheckPatch).
func TestPatchedCopies(t *testing.T) {
	for _, p := range patchedCopies {
		p.Root = "../.."
		t.Run(p.Dir, func(t *testing.T) {
			p.CheckVersion(t)
			p.CheckPatch(t)
		})
	}
}
