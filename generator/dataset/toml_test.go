package dataset

import (
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// patchedTOML is the BurntSushi/toml release that third_party/toml and third_party/toml.patch
// are made from: moving to another release means redoing the patch (the lexer's items in a
// slice instead of a channel), not just bumping go.mod.
var patchedTOML = testtool.Patched{
	Module: "github.com/BurntSushi/toml", Version: "v1.6.0", Root: "../..",
	Dir: "third_party/toml", Patch: "third_party/toml.patch", Update: "third_party/update-toml-patch",
}

// TestTOMLVersion fails when go.mod requires another toml than the one the patch was made
// for, or no longer builds the patched copy.
func TestTOMLVersion(t *testing.T) { patchedTOML.CheckVersion(t) }

// TestTOMLPatch checks that third_party/toml is exactly the published release with
// third_party/toml.patch applied, so that the patch sent upstream is what baocao runs.
func TestTOMLPatch(t *testing.T) { patchedTOML.CheckPatch(t) }
