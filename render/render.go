// Package render turns a press statement into a PDF or Word document. It is
// a pure library: no HTTP, no metrics, no global state. A Renderer prepares
// the embedded faces once and is then safe for concurrent use; every render
// takes a context and stops between blocks and pages when it is done.
//
// Sub-packages hold the concerns: doc (the document model), markdown
// (CommonMark to blocks), myanmar (Myanmar text handling), shape (HarfBuzz
// shaping), sfnt (font table surgery), pdf and docx (the writers).
package render

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/pdf"
)

// Config configures a Renderer.
type Config struct {
	// MaxBlocks bounds the number of body blocks (paragraphs, list items,
	// headings) one statement may have.
	MaxBlocks int
	// ShapeCacheWords bounds the PDF writer's cache of shaped words, shared
	// by all renders (0: none shared; each render caches its own words).
	// Statements repeat words, and the same statement is rendered again on
	// every download.
	ShapeCacheWords int
	// SubsetCacheFonts bounds the PDF writer's cache of compressed font
	// subsets, which repeat renders of a statement reuse (0 disables it).
	SubsetCacheFonts int
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{MaxBlocks: 20000, ShapeCacheWords: pdf.DefaultShapeCacheWords, SubsetCacheFonts: pdf.DefaultSubsetCacheFonts}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if c.MaxBlocks < 1 {
		return fmt.Errorf("render: MaxBlocks must be positive, got %d", c.MaxBlocks)
	}
	if c.ShapeCacheWords < 0 || c.SubsetCacheFonts < 0 {
		return fmt.Errorf("render: cache bounds must not be negative, got %d and %d", c.ShapeCacheWords, c.SubsetCacheFonts)
	}
	return nil
}

// Writer writes a document model in one format.
type Writer interface {
	Write(ctx context.Context, d *doc.Document) ([]byte, error)
}

// Warning is a non-fatal finding about the input, reported to the caller.
type Warning struct {
	// Code is e.g. "invalid_sequence" or "repaired".
	Code string `json:"code"`
	// Field is the statement field ("title", "body", ...).
	Field string `json:"field"`
	// Offset is the position in the field's text, in code points.
	Offset int `json:"offset"`
	// Message describes the finding.
	Message string `json:"message"`
}

// Result is a rendered document.
type Result struct {
	Data   []byte
	Format Format
	// Title and Lang are the statement's, for file names.
	Title, Lang string
	// Warnings lists findings that did not stop the render.
	Warnings []Warning
	// Converted lists the fields whose Zawgyi text was converted to Unicode.
	Converted []string
}

// Renderer renders statements. Create it with New; it is safe for
// concurrent use.
type Renderer struct {
	cfg     Config
	writers map[Format]Writer
	cover   coverage
}

// New prepares the embedded faces and the writers. It fails when a face
// cannot be used (unparsable, or its license forbids embedding).
func New(cfg Config) (*Renderer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cover, err := newCoverage()
	if err != nil {
		return nil, fmt.Errorf("render: font coverage: %w", err)
	}
	writers, err := newWriters(cfg)
	if err != nil {
		return nil, err
	}
	return &Renderer{cfg: cfg, writers: writers, cover: cover}, nil
}

// Render validates st, builds its document and writes it in format f.
// Errors are *Error values (see ErrorCode); a panic inside a writer is
// recovered and returned as an internal error carrying the stack.
func (r *Renderer) Render(ctx context.Context, st Statement, f Format) (res *Result, err error) {
	w, ok := r.writers[f]
	if !ok {
		return nil, &Error{Code: CodeInvalidField, Field: "format", Message: fmt.Sprintf("unknown format %q", f)}
	}
	d, prep, err := r.Prepare(ctx, st)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, &Error{Code: CodeInternal, Message: "internal error", Err: fmt.Errorf("panic in %s writer: %v\n%s", f, p, debug.Stack())}
		}
	}()
	data, err := w.Write(ctx, d)
	if err != nil {
		return nil, wrapWriteError(ctx, f, err)
	}
	return &Result{Data: data, Format: f, Title: d.TitleText, Lang: d.Lang, Warnings: prep.Warnings, Converted: prep.Converted}, nil
}

// Prepared is what Prepare found while building a document.
type Prepared struct {
	Warnings  []Warning
	Converted []string
}

// Prepare validates a statement, applies the Myanmar text hygiene and builds
// its document model, without writing it.
func (r *Renderer) Prepare(ctx context.Context, st Statement) (*doc.Document, Prepared, error) {
	st = st.Normalize()
	if err := st.Validate(); err != nil {
		return nil, Prepared{}, err
	}
	if err := doc.ContextErr(ctx); err != nil {
		return nil, Prepared{}, contextError(err)
	}
	st, prep, err := hygiene(ctx, st)
	if err != nil {
		return nil, Prepared{}, err
	}
	if err := doc.ContextErr(ctx); err != nil {
		return nil, Prepared{}, contextError(err)
	}
	if err := r.cover.check(st); err != nil {
		return nil, Prepared{}, err
	}
	d, warnings, err := build(ctx, st, r.cfg)
	if err != nil {
		return nil, Prepared{}, err
	}
	if err := doc.ContextErr(ctx); err != nil {
		return nil, Prepared{}, contextError(err)
	}
	prep.Warnings = append(prep.Warnings, warnings...)
	return d, prep, nil
}

// Sentinels that context errors map to.
var (
	errDeadline = context.DeadlineExceeded
	errCanceled = context.Canceled
)

func contextError(err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: CodeTimeout, Message: "the render took longer than allowed", Err: err}
	}
	return &Error{Code: CodeCanceled, Message: "the request was canceled", Err: err}
}

func wrapWriteError(ctx context.Context, f Format, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return contextError(err)
	}
	if err := doc.ContextErr(ctx); err != nil {
		return contextError(err)
	}
	return &Error{Code: CodeInternal, Message: "internal error", Err: fmt.Errorf("write %s: %w", f, err)}
}
