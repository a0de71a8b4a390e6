// Package markdown turns a statement body written in CommonMark into the
// flat block model of package doc. Raw HTML is kept as literal text and never
// interpreted; links keep only the http, https and mailto schemes.
package markdown

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/docexport/docexport/render/doc"
)

// Options tune the conversion.
type Options struct {
	// Bullet is the marker of unordered list items.
	Bullet string
	// Digits writes list numbers (Myanmar documents use Myanmar digits).
	Digits func(int) string
	// MaxBlocks bounds the number of blocks; exceeding it is ErrTooManyBlocks.
	MaxBlocks int
}

// Notice reports something in the input that was not rendered as written.
type Notice struct {
	// Code is "link_removed" for a link whose scheme is not allowed.
	Code string
	// Offset is the byte offset in the source.
	Offset  int
	Message string
}

// ErrTooManyBlocks is returned when the body has more blocks than allowed.
var ErrTooManyBlocks = errors.New("too many blocks")

var md = goldmark.New() // CommonMark, no extensions; immutable after construction.

// Convert parses src and returns its blocks. It checks ctx as it goes and
// returns its error when ctx ends.
func Convert(ctx context.Context, src string, opt Options) ([]doc.Block, []Notice, error) {
	source := []byte(src)
	root := md.Parser().Parse(text.NewReader(source))
	if err := doc.ContextErr(ctx); err != nil {
		return nil, nil, err
	}
	c := &converter{ctx: ctx, src: source, opt: opt}
	if err := c.blocks(root, ctxBlock{}); err != nil {
		return nil, c.notices, err
	}
	return c.out, c.notices, nil
}

// ctxBlock is the nesting state while walking block nodes.
type ctxBlock struct {
	listDepth  int
	ordered    bool
	number     int
	marker     string // marker still to be placed on the item's first paragraph
	quoteDepth int
}

type converter struct {
	ctx     context.Context
	src     []byte
	opt     Options
	out     []doc.Block
	notices []Notice
}

func (c *converter) emit(b doc.Block, st *ctxBlock) error {
	if len(c.out)%64 == 63 {
		if err := doc.ContextErr(c.ctx); err != nil {
			return err
		}
	}
	if c.opt.MaxBlocks > 0 && len(c.out) >= c.opt.MaxBlocks {
		return fmt.Errorf("%w: the body has more than %d paragraphs, headings and list items", ErrTooManyBlocks, c.opt.MaxBlocks)
	}
	b.QuoteDepth = st.quoteDepth
	if st.listDepth > 0 && b.Kind == doc.Paragraph {
		b.Kind = doc.ListItem
	}
	if st.listDepth > 0 {
		b.ListDepth, b.Ordered, b.Number = st.listDepth, st.ordered, st.number
		b.Marker, st.marker = st.marker, ""
	}
	c.out = append(c.out, b)
	return nil
}

func (c *converter) blocks(parent ast.Node, st ctxBlock) error {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if err := c.block(n, &st); err != nil {
			return err
		}
	}
	return nil
}

func (c *converter) block(n ast.Node, st *ctxBlock) error {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		runs := c.inlines(n, doc.Run{})
		if len(runs) == 0 {
			return nil
		}
		return c.emit(doc.Block{Kind: doc.Paragraph, Runs: runs}, st)
	case *ast.Heading:
		level := 2
		if n.Level >= 3 {
			level = 3
		}
		return c.emit(doc.Block{Kind: doc.Heading, Level: level, Runs: c.inlines(n, doc.Run{Bold: true})}, st)
	case *ast.ThematicBreak:
		return c.emit(doc.Block{Kind: doc.Rule}, st)
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		return c.emit(doc.Block{Kind: doc.Preformatted, Runs: c.literal(n)}, st)
	case *ast.Blockquote:
		inner := *st
		inner.quoteDepth++
		return c.blocks(n, inner)
	case *ast.List:
		inner := *st
		inner.listDepth++
		inner.ordered = n.IsOrdered()
		num := n.Start
		if !inner.ordered {
			num = 0
		}
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			inner.number = num
			inner.marker = c.marker(inner.ordered, num)
			before := len(c.out)
			if err := c.blocks(item, inner); err != nil {
				return err
			}
			if len(c.out) == before { // empty item: keep its marker visible
				if err := c.emit(doc.Block{Kind: doc.ListItem}, &inner); err != nil {
					return err
				}
			}
			if inner.ordered {
				num++
			}
		}
		return nil
	default:
		return c.blocks(n, *st)
	}
}

func (c *converter) marker(ordered bool, n int) string {
	if !ordered {
		if c.opt.Bullet != "" {
			return c.opt.Bullet
		}
		return "•"
	}
	digits := c.opt.Digits
	if digits == nil {
		digits = func(i int) string { return fmt.Sprint(i) }
	}
	return digits(n) + "."
}

// literal returns the lines of a code or HTML block as text runs separated by breaks.
func (c *converter) literal(n ast.Node) []doc.Run {
	lines := n.Lines()
	var runs []doc.Run
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := strings.TrimRight(string(seg.Value(c.src)), "\n")
		if i > 0 {
			runs = append(runs, doc.Run{Break: true})
		}
		runs = append(runs, doc.SplitScripts(line, doc.Run{})...)
	}
	if hb, ok := n.(*ast.HTMLBlock); ok && hb.HasClosure() {
		runs = append(runs, doc.Run{Break: true})
		runs = append(runs, doc.SplitScripts(strings.TrimRight(string(hb.ClosureLine.Value(c.src)), "\n"), doc.Run{})...)
	}
	return runs
}

// inlines converts the inline children of n with the style of tmpl.
func (c *converter) inlines(n ast.Node, tmpl doc.Run) []doc.Run {
	var runs []doc.Run
	c.inline(n, tmpl, &runs)
	return merge(trimBreaks(runs))
}

func (c *converter) text(s string, tmpl doc.Run, runs *[]doc.Run) {
	*runs = append(*runs, doc.SplitScripts(s, tmpl)...)
}

func (c *converter) inline(parent ast.Node, tmpl doc.Run, runs *[]doc.Run) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Text:
			v := n.Segment.Value(c.src)
			if !n.IsRaw() {
				v = unescape(v)
			}
			c.text(string(v), tmpl, runs)
			switch {
			case n.HardLineBreak():
				*runs = append(*runs, doc.Run{Break: true})
			case n.SoftLineBreak():
				c.text(" ", tmpl, runs)
			}
		case *ast.String:
			c.text(string(n.Value), tmpl, runs)
		case *ast.CodeSpan:
			var b strings.Builder
			for t := n.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(c.src))
				} else if s, ok := t.(*ast.String); ok {
					b.Write(s.Value)
				}
			}
			c.text(b.String(), tmpl, runs)
		case *ast.Emphasis:
			t := tmpl
			if n.Level >= 2 {
				t.Bold = true
			} else {
				t.Italic = true
			}
			c.inline(n, t, runs)
		case *ast.Link:
			c.inline(n, c.linked(tmpl, string(n.Destination), n), runs)
		case *ast.AutoLink:
			dest := string(n.URL(c.src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			c.text(string(n.Label(c.src)), c.linked(tmpl, dest, n), runs)
		case *ast.Image:
			// Images are not fetched (the service never reads URLs): the
			// alternative text is shown, linked to the image when allowed.
			c.inline(n, c.linked(tmpl, string(n.Destination), n), runs)
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				c.text(string(seg.Value(c.src)), tmpl, runs)
			}
		default:
			c.inline(n, tmpl, runs)
		}
	}
}

// linked returns tmpl with its link set to dest when the scheme is allowed;
// otherwise the text stays plain and a notice says the link was removed.
func (c *converter) linked(tmpl doc.Run, dest string, n ast.Node) doc.Run {
	dest = string(unescape([]byte(dest)))
	if SafeLink(dest) {
		tmpl.Link = dest
		return tmpl
	}
	off := 0
	if seg := firstSegment(n); seg != nil {
		off = seg.Start
	}
	c.notices = append(c.notices, Notice{Code: "link_removed", Offset: off,
		Message: "link target removed (only http, https and mailto links are kept)"})
	return tmpl
}

func firstSegment(n ast.Node) *text.Segment {
	for t := n.FirstChild(); t != nil; t = t.FirstChild() {
		if tx, ok := t.(*ast.Text); ok {
			s := tx.Segment
			return &s
		}
	}
	return nil
}

// SafeLink reports whether dest is an absolute http, https or mailto URL.
func SafeLink(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != "" || u.Path != ""
	}
	return false
}

func unescape(v []byte) []byte {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}

func trimBreaks(runs []doc.Run) []doc.Run {
	for len(runs) > 0 && runs[len(runs)-1].Break {
		runs = runs[:len(runs)-1]
	}
	return runs
}

// merge joins neighbouring runs of the same script and style and drops empty ones.
func merge(runs []doc.Run) []doc.Run {
	out := runs[:0]
	for _, r := range runs {
		if !r.Break && r.Text == "" {
			continue
		}
		k := len(out) - 1
		if k >= 0 && !r.Break && !out[k].Break && doc.IsNeutralText(r.Text) {
			// Spaces take the script of the text before them.
			r.Script, r.Lang = out[k].Script, out[k].Lang
		}
		if k >= 0 && !r.Break && !out[k].Break && sameStyle(out[k], r) {
			out[k].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	return out
}

func sameStyle(a, b doc.Run) bool {
	return a.Script == b.Script && a.Lang == b.Lang && a.Bold == b.Bold && a.Italic == b.Italic && a.Link == b.Link
}
