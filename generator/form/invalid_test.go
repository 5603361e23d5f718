package form

import (
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
)

// The score engine and the appendix lay out the cards of a dataset that does not validate
// without breaking: the sample with each of its values left out or made -5, in turn.
func TestInvalidCards(t *testing.T) {
	lines := strings.Split(string(openFile(t, "../../samples/2022-12-15.toml").Source()), "\n")
	tried, laid := 0, 0
	for i, line := range lines {
		key, _, isValue := strings.Cut(line, " = ")
		if !isValue || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, repl := range []string{"", key + " = -5"} {
			mod := strings.Join(append(append(append([]string{}, lines[:i]...), repl), lines[i+1:]...), "\n")
			ds, err := dataset.ParseInvalid("x.toml", []byte(mod))
			if ds == nil || err == nil {
				continue
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("line %d %q as %q: %v", i+1, line, repl, r)
					}
				}()
				tried++
				if len(scoreInvalid(ds)) > 0 {
					laid++
				}
			}()
		}
	}
	// Most mistakes leave the scores computable: the cards stay.
	if tried < 100 || laid < tried/2 {
		t.Errorf("%d invalid datasets, %d with cards", tried, laid)
	}
	t.Logf("%d invalid datasets, %d with cards", tried, laid)
}
