package generator

import "testing"

// BenchmarkRenderParallel renders on every core at once, to show how rendering scales.
func BenchmarkRenderParallel(b *testing.B) {
	p, err := Prepare("2022-09-14.toml", readSample(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, part := range []struct {
		name string
		f    func() error
	}{
		{"docx", func() error { _, err := p.RenderReport(Options{}); return err }},
		{"pdf", func() error { _, err := p.RenderAppendix(Options{}); return err }},
		{"xlsx", func() error { _, err := p.RenderWorkbook(); return err }},
		{"prepare", func() error { _, err := Prepare("2022-09-14.toml", readSample(b)); return err }},
	} {
		b.Run(part.name, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := part.f(); err != nil {
						b.Error(err)
					}
				}
			})
		})
	}
}
