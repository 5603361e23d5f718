package main

import (
	"runtime/debug"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "5971fe6a1b2c3d4e5f60718293a4b5c6d7e8f901"},
		{Key: "vcs.time", Value: "2026-11-27T03:00:00Z"},
	}
	for _, tc := range []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"released", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}},
			"baocao v1.2.0, go1.26.8"},
		{"from a clone", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"baocao bản phát triển, commit 5971fe6a1b2c (2026-11-27T03:00:00Z), go1.26.8"},
		{"with edits", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261127030000-5971fe6a1b2c+dirty"},
			Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "true"})},
			"baocao v0.0.0-20261127030000-5971fe6a1b2c+dirty, commit 5971fe6a1b2c (2026-11-27T03:00:00Z), có thay đổi chưa commit, go1.26.8"},
		{"no version at all", debug.BuildInfo{GoVersion: "go1.26.8"}, "baocao bản phát triển, go1.26.8"},
	} {
		if got := formatVersion(&tc.info); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
