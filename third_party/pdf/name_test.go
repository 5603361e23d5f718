package pdf

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"strconv"
	"testing"
)

// TestNameToRune checks that nameToRune holds exactly the map literal of name.go, as the
// Go compiler would read it.
func TestNameToRune(t *testing.T) {
	f, err := parser.ParseFile(gotoken.NewFileSet(), "name.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]rune{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		k, err1 := strconv.Unquote(kv.Key.(*ast.BasicLit).Value)
		v, err2 := strconv.ParseUint(kv.Value.(*ast.BasicLit).Value, 0, 32)
		if err1 != nil || err2 != nil {
			t.Fatalf("name.go: entry %v: %v %v", kv.Key, err1, err2)
		}
		want[k] = rune(v)
		return false
	})
	got := nameToRune()
	if len(want) < 4000 || len(got) != len(want) {
		t.Fatalf("nameToRune has %d entries, name.go %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("nameToRune[%q] = %#x, name.go says %#x", k, got[k], v)
		}
	}
}
