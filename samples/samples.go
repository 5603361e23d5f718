// Package samples embeds the sample dataset, which transcribes the whole seed report, so that
// the binary can show real example values ("baocao fields") without the source tree.
package samples

import _ "embed"

// SeedName is the sample's file name, as messages and examples name it.
const SeedName = "2022-09-14.toml"

// Seed is samples/2022-09-14.toml.
//
//go:embed 2022-09-14.toml
var Seed []byte
