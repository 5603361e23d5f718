package zipflate

import "sync"

// prebuilt is a part's content and its Deflate, made before the process started.
type prebuilt struct {
	data, z string
	crc     uint32
}

// known holds the parts Prebuilt registers, by name. Apart from cache: a DOCX and an XLSX
// share part names ([Content_Types].xml, docProps/app.xml) whose cached Deflate each evicts.
var known sync.Map // string → *prebuilt

// Prebuilt registers z, with the CRC-32 crc, as the Deflate of the part named name when it
// holds exactly data: Ordered then writes it without compressing it. It is for the parts a
// program writes the same way every time, compressed when it is built (as Ordered writes
// them, so the archive is byte for byte the same); the caller vouches that z and crc are
// data's, which its tests must check. A part named name holding anything else is compressed.
func Prebuilt(name, data, z string, crc uint32) {
	known.Store(name, &prebuilt{data: data, z: z, crc: crc})
}

// prebuiltFor returns the prebuilt Deflate of the part named name holding data, if any.
func prebuiltFor(name string, data []byte) *prebuilt {
	if p, ok := known.Load(name); ok && string(data) == p.(*prebuilt).data {
		return p.(*prebuilt)
	}
	return nil
}
