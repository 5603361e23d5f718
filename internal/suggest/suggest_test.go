package suggest

import "testing"

func TestNearest(t *testing.T) {
	cmds := []string{"init", "check", "render", "sign", "verify", "batch", "template", "fields", "help", "version"}
	flags := []string{"o", "template", "sign-p12", "p12-password-file", "sign-time", "force"}
	for _, tc := range []struct {
		in   string
		list []string
		want string
	}{
		{"rendr", cmds, "render"},
		{"redner", cmds, "render"},
		{"RENDER", cmds, "render"},
		{"chek", cmds, "check"},
		{"verfy", cmds, "verify"},
		{"tempalte", cmds, "template"},
		{"sing-p12", flags, "sign-p12"},
		{"sign-p21", flags, "sign-p12"},
		{"forse", flags, "force"},
		{"xyz", cmds, ""},
		{"publish", cmds, ""},
		{"a", flags, ""},
	} {
		if got := Nearest(tc.in, tc.list); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
