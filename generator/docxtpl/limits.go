package docxtpl

// Limits on what a template may hold and make. A .docx is a zip package: a small file can
// declare or inflate to gigabytes, and a few nested sections can repeat content without end.
// Each limit is checked while the bytes are read or the output is written, never against the
// sizes a zip header declares; hitting one is an *Error of class ErrLimit that names it.
// The README's "Limits" section lists them.
const (
	// MaxTemplateSize is the largest template file read, in bytes (the real one is ~9 KB;
	// a template with a few logos stays well under a megabyte or two).
	MaxTemplateSize = 32 << 20
	// MaxEntries is the largest number of entries (files) in the template's zip package
	// (Word writes 10–30).
	MaxEntries = 1000
	// MaxPartSize is the largest decompressed size of one entry, counted as it is inflated.
	MaxPartSize = 32 << 20
	// MaxXMLSize is the largest decompressed size of a part that can hold tags (the body, a
	// header or footer), which is held in memory to be parsed (the report's body is ~20 KB),
	// and of a part of the comments (comments.xml, commentsExtended.xml, commentsIds.xml,
	// commentsExtensible.xml), held to take out the comments a report leaves unanchored.
	MaxXMLSize = 8 << 20
	// MaxTotalSize is the largest decompressed size of all entries together.
	MaxTotalSize = 128 << 20
	// MaxXMLDepth is the deepest nesting of XML elements in a part with tags (Word's own
	// documents nest about 15 deep).
	MaxXMLDepth = 256
	// MaxTags is the largest number of tags in the template (the report template has ~60).
	MaxTags = 20000
	// MaxTagRuns is the largest number of runs (<w:t> elements) one tag may be split across
	// (Word splits a tag it has spell-checked or revised into a handful).
	MaxTagRuns = 100
	// MaxSectionDepth is the deepest nesting of sections (the report template nests 3 deep:
	// muc › khoi › y).
	MaxSectionDepth = 16
	// MaxOutputSize is the largest decompressed size of the filled parts of one report, in
	// bytes: a section repeated over a large list inside another cannot grow the report past it.
	MaxOutputSize = 16 << 20
	// MaxSteps bounds the work of one Execute: each tag, piece of markup and repetition of a
	// section counts one step, so sections nested over lists stop even when they print nothing.
	MaxSteps = 4 << 20
	// MaxErrors is how many errors one Parse or Execute reports; the rest are counted.
	MaxErrors = 100
	// maxQuote is how many characters of a tag or a paragraph a message quotes.
	maxQuote = 60
)
