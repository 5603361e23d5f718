package main

import (
	"archive/zip"
	"errors"
	"strings"

	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/internal/fserr"
)

// complete are errors whose Vietnamese text says all a clerk needs: the library detail wrapped
// after them (an ASN.1 structure dump, a PDF parser's complaint) is English and is cut.
var complete = []error{sign.ErrMalformedP12, sign.ErrWrongPassword, sign.ErrNotPDF, sign.ErrMalformedSignature}

// userMessage is an error as a clerk reads it: file-system errors in Vietnamese with their path,
// library detail after a complete Vietnamese message left out, a file that is not a zip package
// (a .docx template that is something else) said so.
func userMessage(err error) string {
	msg := fserr.Message(err)
	for _, c := range complete {
		if errors.Is(err, c) {
			if i := strings.Index(msg, c.Error()); i >= 0 {
				msg = msg[:i+len(c.Error())]
			}
		}
	}
	// By its text: a template reader may wrap the zip error with %v.
	if strings.Contains(msg, zip.ErrFormat.Error()) {
		msg = strings.Replace(msg, zip.ErrFormat.Error(), "không phải tệp Word .docx (không mở được như một gói zip)", 1)
	}
	return msg
}
