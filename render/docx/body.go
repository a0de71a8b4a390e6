package docx

import (
	"context"
	"fmt"

	"github.com/docexport/docexport/render/doc"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
)

// Indentation steps, in twips (1/1440 inch): one per quote or list level.
const (
	indentStep    = 567
	bulletHanging = 283
	numberHanging = 425
)

// bodyWriter adds a document's paragraphs to a godocx package.
type bodyWriter struct {
	rd       *docx.RootDoc
	myFamily string
	lang     string
	use      runUse
	lists    listTracker
	// links maps a URL to its relationship id, one relationship per URL.
	links map[string]string
}

// para adds a paragraph of style ps with the runs.
func (b *bodyWriter) para(ps paraStyle, runs []doc.Run) *docx.Paragraph {
	p := b.rd.AddEmptyParagraph()
	p.Style(ps.id)
	b.addRuns(p, ps, runs)
	return p
}

// addRuns appends runs to p; runs with a link become w:hyperlink elements
// that share one External relationship per URL.
func (b *bodyWriter) addRuns(p *docx.Paragraph, ps paraStyle, runs []doc.Run) {
	ct := p.GetCT()
	for _, r := range runs {
		if !r.Break && r.Text == "" {
			continue
		}
		run := &ctypes.Run{Property: runProps(r, ps, b.myFamily, b.lang, &b.use), Children: runContent(r)}
		if r.Link == "" || r.Break {
			ct.Children = append(ct.Children, ctypes.ParagraphChild{Run: run})
			continue
		}
		id, ok := b.links[r.Link]
		if !ok {
			// godocx's AddLink creates the hyperlink relationship
			// (TargetMode External); its run is replaced by ours.
			p.AddLink("", r.Link)
			last := ct.Children[len(ct.Children)-1].Link
			id = last.ID
			b.links[r.Link] = id
			last.Run = run
			continue
		}
		ct.Children = append(ct.Children, ctypes.ParagraphChild{Link: &ctypes.Hyperlink{ID: id, Run: run}})
	}
}

// header writes the kind label, title and meta line.
func (b *bodyWriter) header(d *doc.Document) {
	if len(d.Label) > 0 {
		b.para(styleLabel, d.Label)
	}
	b.para(styleTitle, d.Title)
	if len(d.Meta) > 0 {
		b.para(styleMeta, d.Meta)
	}
}

// blocks writes the body, checking ctx between blocks.
func (b *bodyWriter) blocks(ctx context.Context, blocks []doc.Block) error {
	for i := range blocks {
		if err := doc.ContextErr(ctx); err != nil {
			return fmt.Errorf("docx: write cancelled at block %d: %w", i, err)
		}
		b.block(&blocks[i])
	}
	return nil
}

func (b *bodyWriter) block(bl *doc.Block) {
	b.lists.observe(bl)
	quote := bl.QuoteDepth * indentStep
	switch bl.Kind {
	case doc.Heading:
		ps := styleH2
		if bl.Level >= 3 {
			ps = styleH3
		}
		b.indent(b.para(ps, bl.Runs), quote, 0)
	case doc.Rule:
		p := b.para(styleRule, nil)
		p.GetCT().Property.Border = bottomBorder()
		b.indent(p, quote, 0)
	case doc.Preformatted:
		b.indent(b.para(stylePre, bl.Runs), quote, 0)
	case doc.ListItem:
		b.listItem(bl, quote)
	default:
		if bl.QuoteDepth > 0 {
			b.indent(b.para(styleQuote, bl.Runs), quote, 0)
			return
		}
		b.para(styleNormal, bl.Runs)
	}
}

// listItem writes a list paragraph: the item's first paragraph is numbered
// (ListBullet or ListNumber with the level of its depth), later paragraphs
// of the item are indented to the item's text (ListContinue).
func (b *bodyWriter) listItem(bl *doc.Block, quote int) {
	depth := max(bl.ListDepth, 1)
	lvl := min(depth-1, 8)
	left := quote + depth*indentStep
	if bl.Marker == "" {
		b.indent(b.para(styleContinue, bl.Runs), left, 0)
		return
	}
	ps, hanging := styleBullet, bulletHanging
	numID := bulletNumID
	if bl.Ordered {
		ps, hanging = styleNumber, numberHanging
		numID = b.lists.numID(bl)
	}
	p := b.para(ps, bl.Runs)
	p.Numbering(numID, lvl)
	if quote > 0 {
		b.indent(p, left, hanging)
	}
}

// indent sets a paragraph's left indent (and hanging indent) when non-zero.
func (b *bodyWriter) indent(p *docx.Paragraph, left, hanging int) {
	if left == 0 {
		return
	}
	ind := &ctypes.Indent{Left: &left}
	if hanging > 0 {
		h := uint64(hanging)
		ind.Hanging = &h
	}
	p.Indent(ind)
}
