package gostack

import (
	"testing"
	"unsafe"
)

// deep recurses n frames of about 1 KB each, the depth of a render's deepest goroutine.
//
//go:noinline
func deep(n int) byte {
	var b [1000]byte
	b[n%len(b)] = byte(n)
	if n == 0 {
		return b[0]
	}
	return deep(n-1) + b[n%len(b)]
}

// BenchmarkGoroutine runs a goroutine that needs a 32 KB stack, growing it as it goes or
// with Grow first.
func BenchmarkGoroutine(b *testing.B) {
	for _, c := range []struct {
		name string
		grow bool
	}{{"doubling", false}, {"Grow", true}} {
		b.Run(c.name, func(b *testing.B) {
			done := make(chan byte)
			for b.Loop() {
				go func() {
					if c.grow {
						Grow()
					}
					done <- deep(24)
				}()
				<-done
			}
		})
	}
}

// TestGrow checks that a goroutine that calls Grow does not grow its stack again for 24 KB of
// frames, and one that does not grows it: a local's address (not a pointer, which the runtime
// would adjust) changes when the stack is moved to a larger one.
func TestGrow(t *testing.T) {
	for _, grow := range []bool{true, false} {
		moved := make(chan bool)
		go func() {
			if grow {
				Grow()
			}
			var x byte
			before := uintptr(unsafe.Pointer(&x))
			deep(24)
			moved <- uintptr(unsafe.Pointer(&x)) != before
		}()
		if m := <-moved; m == grow {
			t.Errorf("with Grow %v: stack moved during 24 KB of frames = %v", grow, m)
		}
	}
}
