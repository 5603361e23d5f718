// Package gostack grows a goroutine's stack ahead of deep work, in one step.
//
// A goroutine starts with a 2 KB stack that the runtime doubles each time a call would
// overflow it, copying the stack and walking every frame's tables in the binary to adjust
// its pointers. A goroutine of a render that ends up needing 16–32 KB grows three or four
// times: in a process that lives 10 ms, each growth is fresh memory and pages of the
// binary's pc tables touched for the first time (page faults, ≈ 60–80 a render for the
// goroutines that call Grow). Grow makes that one growth from a stack that is still
// almost empty.
package gostack

// off is never true: Grow's frame stays as large as its array without the array ever being
// zeroed, so that the stack grows without its new pages being touched.
var off bool

// Size is the free stack Grow makes room for: a goroutine that calls it has a 32 KB stack.
const Size = 28 << 10

// Grow grows the calling goroutine's stack so that it has about Size bytes free, in one
// growth rather than one per doubling; it does nothing on a stack that already has them.
//
//go:noinline
func Grow() {
	if off {
		var b [Size]byte
		sink(b[:])
	}
}

//go:noinline
func sink([]byte) {}
