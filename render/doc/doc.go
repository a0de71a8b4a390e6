// Package doc is the document model shared by docexport's writers: a
// statement turned into blocks of styled runs, each run tagged with the
// script and language of its text. It holds data only; building it from a
// statement is the render package's job, and laying it out is the writers'.
package doc

import "time"

// Script is the writing system of a run; it selects the face family.
type Script uint8

// Scripts docexport typesets.
const (
	// Latin covers Latin letters, digits, punctuation and symbols: every
	// character outside the Myanmar blocks. It is set in Noto Sans.
	Latin Script = iota
	// Myanmar covers the Myanmar blocks (U+1000–U+109F, U+A9E0–U+A9FF,
	// U+AA60–U+AA7F). It is set in the document's Myanmar family.
	Myanmar
)

// String returns the script's ISO 15924 name.
func (s Script) String() string {
	if s == Myanmar {
		return "Mymr"
	}
	return "Latn"
}

// Run is a stretch of text with one script and one style. A run never
// contains a newline; a hard line break is a run with Break set and no text.
type Run struct {
	Text   string
	Script Script
	// Lang is the BCP 47 language of the text: "my" for Myanmar runs, the
	// document language otherwise.
	Lang   string
	Bold   bool
	Italic bool
	// Link is the target URL when the run is part of a link (http, https or
	// mailto only; other schemes never reach the model).
	Link string
	// Break marks a hard line break.
	Break bool
}

// Kind is the role of a block.
type Kind uint8

// Block kinds.
const (
	Paragraph Kind = iota
	// Heading is a section heading; Level is 2 or 3.
	Heading
	// ListItem is a paragraph inside a list item; Marker is set on the
	// item's first paragraph only.
	ListItem
	// Rule is a thematic break (no runs).
	Rule
	// Preformatted is a code block: its lines are separated by Break runs
	// and it is set without reflowing spaces.
	Preformatted
)

// Block is one paragraph-level element, flattened: nesting in lists and
// block quotes is recorded as depths instead of a tree.
type Block struct {
	Kind Kind
	// Level is the heading level (2 or 3) for headings.
	Level int
	Runs  []Run
	// ListDepth is the list nesting depth (1 for a top-level list), 0 outside lists.
	ListDepth int
	// Ordered tells whether the innermost list is numbered.
	Ordered bool
	// Number is the item's number in an ordered list.
	Number int
	// Marker is the list marker text ("•", "3.", or Myanmar digits) on an
	// item's first paragraph, "" otherwise.
	Marker string
	// QuoteDepth is the block-quote nesting depth, 0 outside quotes.
	QuoteDepth int
}

// Field is a page field placeholder in page furniture.
type Field uint8

// Fields of a footer.
const (
	NoField Field = iota
	// PageField is the current page number.
	PageField
	// PagesField is the total number of pages.
	PagesField
)

// FooterPart is literal text or a field in the footer's page label.
type FooterPart struct {
	Text  string
	Field Field
}

// Document is a statement ready to be written.
type Document struct {
	// Lang is the document language, "en" or "my".
	Lang string
	// Label is the kind label above the title (e.g. "Statement").
	Label []Run
	// Title, Author and Meta are run sequences (they may mix scripts).
	Title  []Run
	Author []Run
	// Meta is the line under the title: date · author · reading time.
	Meta []Run
	// URL is the canonical link of the statement, "" if none.
	URL string
	// TitleText and AuthorText are the plain strings, for metadata.
	TitleText, AuthorText string
	// Blocks is the body.
	Blocks []Block
	// PageLabel is the footer's page label, e.g. "Page ", PageField, " of ", PagesField.
	PageLabel []FooterPart
	// Digits converts a page number to the document's digits (Myanmar
	// digits for Myanmar documents).
	Digits func(int) string `json:"-"`
	// MyanmarFamily is the Myanmar font family ("noto" or "pyidaungsu").
	MyanmarFamily string
	// Date is the statement's date (zero when none); writers use it as the
	// document's creation date so output stays deterministic.
	Date time.Time
}

// undatedCreation is the creation date of documents whose statement has no
// date: output never depends on the clock.
var undatedCreation = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// CreationDate is the date writers stamp as the document's creation and
// modification time: the statement's date, or a fixed date when it has none.
func (d *Document) CreationDate() time.Time {
	if d.Date.IsZero() {
		return undatedCreation
	}
	return d.Date
}
