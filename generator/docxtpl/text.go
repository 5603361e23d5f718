package docxtpl

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Paragraphs returns the text of each paragraph of a .docx part ("word/document.xml" when
// part is empty), in document order, table cells included, the way a reader sees it: line
// breaks as "\n", tabs as "\t". It reads the XML with encoding/xml, independently of the
// template engine, so tests can check what the engine wrote.
func Paragraphs(docxBytes []byte, part string) ([]string, error) {
	if part == "" {
		part = bodyPart
	}
	zr, err := zip.NewReader(bytes.NewReader(docxBytes), int64(len(docxBytes)))
	if err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return paragraphs(r)
	}
	return nil, fmt.Errorf("%s: no such part", part)
}

const wML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

type open struct {
	slot int
	b    *strings.Builder
}

func paragraphs(r io.Reader) ([]string, error) {
	var (
		out    []string
		stack  []open // paragraphs being read; text boxes nest them
		inText bool
	)
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wML {
				continue
			}
			switch t.Name.Local {
			case "p":
				stack = append(stack, open{slot: len(out), b: new(strings.Builder)})
				out = append(out, "")
			case "t":
				inText = true
			case "br", "cr":
				if len(stack) > 0 {
					stack[len(stack)-1].b.WriteByte('\n')
				}
			case "tab":
				if len(stack) > 0 && !inText {
					stack[len(stack)-1].b.WriteByte('\t')
				}
			}
		case xml.EndElement:
			if t.Name.Space != wML {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				// Paragraphs are listed in the order they start.
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				out[p.slot] = p.b.String()
			}
		case xml.CharData:
			if inText && len(stack) > 0 {
				stack[len(stack)-1].b.Write(t)
			}
		}
	}
}
