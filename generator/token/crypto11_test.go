package token

import (
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// patchedCrypto11 is the crypto11 release that third_party/crypto11 and
// third_party/crypto11.patch are made from: moving to another release means redoing the patch
// (its table of elliptic curves built on first use rather than when a program starts), not
// just bumping go.mod.
var patchedCrypto11 = testtool.Patched{
	Module: "github.com/ThalesGroup/crypto11", Version: "v1.6.2", Root: "../..",
	Dir: "third_party/crypto11", Patch: "third_party/crypto11.patch", Update: "third_party/update-crypto11-patch",
}

// TestCrypto11Version fails when go.mod requires another crypto11 than the one the patch was
// made for, or no longer builds the patched copy.
func TestCrypto11Version(t *testing.T) { patchedCrypto11.CheckVersion(t) }

// TestCrypto11Patch checks that third_party/crypto11 is exactly the published release with
// third_party/crypto11.patch applied, so that the patch sent upstream is what baocao runs.
func TestCrypto11Patch(t *testing.T) { patchedCrypto11.CheckPatch(t) }
