package dataset

// The dataset's key names, written here only: the loader reads every table by these names and
// reports any other key as a typo (suggesting the nearest one it read), and validation names
// the keys of its messages with them.
const (
	// the tables at the top of the file; fields is also a key of a completion rule
	keyDocument   = "document"
	keySigner     = "signer"
	keyRecipients = "recipients"
	keyReport     = "report"
	keyAppendix   = "appendix"
	keyFields     = "fields"

	// [document]
	keyParentBody      = "parent_body"
	keyIssuingBody     = "issuing_body"
	keyIssuingBodyName = "issuing_body_name"
	keyNumber          = "number"
	keyCode            = "code"
	keyPlace           = "place"
	keyDate            = "date"
	keyTypeName        = "type_name"
	keySubject         = "subject"

	// [signer]; title is also a key of [[report.sections]] and [appendix], name of [[fields]]
	keyCollective = "collective"
	keyAuthority  = "authority"
	keyPrincipal  = "principal"
	keyTitle      = "title"
	keyName       = "name"

	// [recipients]
	keyTo      = "to"
	keyArchive = "archive"

	// [report], [[report.sections]], [[report.sections.blocks]]
	keyOpening  = "opening"
	keySections = "sections"
	keyClosing  = "closing"
	keyBlocks   = "blocks"
	keyText     = "text"
	keyItems    = "items"

	// [appendix]
	keyAsOf    = "as_of"
	keyPlan    = "plan"
	keyHeaders = "headers"
	keyRows    = "rows"
	// the counts the prose states (stated_total is also a key of a sum rule) and section II
	keyStatedDone = "stated_done"
	keySelfCheck  = "self_check"

	// [[fields]] and their criteria, at any depth; max and score are also keys of a band
	keyID       = "id"
	keyMax      = "max"
	keyScore    = "score"
	keyReason   = "reason"
	keyRule     = "rule"
	keyRemedy   = "remedy"
	keyDeadline = "deadline"
	keyProgress = "progress"
	keyNote     = "note"
	keyCriteria = "criteria"
	// an item's progress: of a criterion, and of a self-check item written as a table
	// (text, progress and these)
	keyStatus   = "status"
	keyDone     = "done"
	keyEvidence = "evidence"

	// [….rule]
	keyKind        = "kind"
	keyRate        = "rate"
	keyCount       = "count"
	keyTotal       = "total"
	keyStatedRate  = "stated_rate"
	keyBands       = "bands"
	keyBand        = "band"
	keyParts       = "parts"
	keyStatedTotal = "stated_total"
	keyDescription = "description"
	keyFactor      = "factor"

	// a band of rule.bands
	keyLabel        = "label"
	keyMin          = "min"
	keyMinExclusive = "min_exclusive"
	keyMaxInclusive = "max_inclusive"
)

// at is the path of key in the table at path, for the keys above, which are bare: short enough
// to be inlined, so that a path built only to be looked up is not allocated.
func at(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// The key names a tool that edits a dataset's text needs (the form behind `baocao serve`):
// the same names as above, exported, so that each is still written once.
const (
	KeyDocument   = keyDocument
	KeyNumber     = keyNumber
	KeyCode       = keyCode
	KeyDate       = keyDate
	KeySubject    = keySubject
	KeySigner     = keySigner
	KeyAuthority  = keyAuthority
	KeyPrincipal  = keyPrincipal
	KeyTitle      = keyTitle
	KeyName       = keyName
	KeyReport     = keyReport
	KeySections   = keySections
	KeyBlocks     = keyBlocks
	KeyItems      = keyItems
	KeyText       = keyText
	KeyAppendix   = keyAppendix
	KeyAsOf       = keyAsOf
	KeyPlan       = keyPlan
	KeyStatedDone = keyStatedDone
	KeySelfCheck  = keySelfCheck
	KeyFields     = keyFields
	KeyCriteria   = keyCriteria
	KeyID         = keyID
	KeyMax        = keyMax
	KeyScore      = keyScore
	KeyReason     = keyReason
	KeyRule       = keyRule
	KeyKind       = keyKind
	KeyStatedRate = keyStatedRate
	KeyRemedy     = keyRemedy
	KeyDeadline   = keyDeadline
	KeyProgress   = keyProgress
	KeyNote       = keyNote
	KeyStatus     = keyStatus
	KeyDone       = keyDone
	KeyEvidence   = keyEvidence
)

// At is the path of key in the table at path ("fields[0].criteria[1]" and "status" give
// "fields[0].criteria[1].status"), written as the messages write paths.
func At(path, key string) string { return at(path, key) }
