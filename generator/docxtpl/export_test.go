package docxtpl

// DecodeBinary reads a binary form without Load's fallback to parsing, so that a test sees the
// form itself was used.
var DecodeBinary = decodeBinary
