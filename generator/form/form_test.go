package form

import (
	"os"
	"strings"
	"testing"
)

func openSample(t testing.TB, path string) *Form {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestOpenEditSmoke(t *testing.T) {
	f := openSample(t, "../../samples/2022-09-14.toml")
	if !f.View().Valid || len(f.View().Cards) == 0 {
		t.Fatalf("sample: valid %v, %d cards", f.View().Valid, len(f.View().Cards))
	}
	g := f.Edit(map[string]string{"fields[0].criteria[2].status": "Đã hoàn thành", "fields[0].criteria[2].done": "31/02/2023"})
	var msgs []string
	for _, p := range g.View().Problems {
		msgs = append(msgs, p.Path+": "+p.Message)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), "fields[0].criteria[2].done") {
		t.Errorf("no problem on the done date: %v", msgs)
	}
	if string(f.Source()) == string(g.Source()) {
		t.Errorf("the status edit was not made")
	}
}
