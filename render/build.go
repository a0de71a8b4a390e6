package render

import (
	"context"
	"errors"
	"strings"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/markdown"
)

// build turns a validated, cleaned statement into its document model and
// reports what the Markdown conversion could not keep as written.
func build(ctx context.Context, st Statement, cfg Config) (*doc.Document, []Warning, error) {
	loc := localeFor(st.Lang)
	date, _ := st.ParsedDate() // validated before
	blocks, notices, err := markdown.Convert(ctx, st.Body, markdown.Options{Bullet: loc.bullet, Digits: loc.digits, MaxBlocks: cfg.MaxBlocks})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, nil, contextError(err)
		}
		if errors.Is(err, markdown.ErrTooManyBlocks) {
			return nil, nil, &Error{Code: CodeInvalidField, Field: "body", Message: err.Error()}
		}
		return nil, nil, &Error{Code: CodeInternal, Message: "internal error", Err: err}
	}
	var warnings []Warning
	for _, n := range notices {
		warnings = append(warnings, Warning{Code: n.Code, Field: "body", Offset: len([]rune(st.Body[:n.Offset])), Message: n.Message})
	}
	kind := st.Kind
	if kind == "" {
		kind = loc.defaultKind
	}
	family := st.Font
	if family == "" {
		family = fonts.DefaultMyanmar
	}
	d := &doc.Document{
		Lang:          st.Lang,
		Label:         doc.SplitScripts(kind, doc.Run{}),
		Title:         doc.SplitScripts(st.Title, doc.Run{Bold: true}),
		Author:        doc.SplitScripts(st.Author, doc.Run{}),
		URL:           st.URL,
		TitleText:     st.Title,
		AuthorText:    st.Author,
		Blocks:        blocks,
		PageLabel:     loc.pageLabel,
		Digits:        loc.digits,
		MyanmarFamily: family,
		Date:          date,
	}
	d.Meta = doc.SplitScripts(metaLine(loc, st, blocks), doc.Run{})
	return d, warnings, nil
}

// metaLine is "date · author · N min read", skipping the parts not given.
func metaLine(loc locale, st Statement, blocks []doc.Block) string {
	var parts []string
	if date, _ := st.ParsedDate(); !date.IsZero() {
		parts = append(parts, loc.date(loc, date))
	}
	if st.Author != "" {
		parts = append(parts, st.Author)
	}
	var body strings.Builder
	for _, b := range blocks {
		body.WriteString(doc.PlainText(b.Runs))
		body.WriteByte('\n')
	}
	parts = append(parts, loc.readingTime(loc, readingMinutes(body.String())))
	return strings.Join(parts, " · ")
}
