package docx

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docexport/docexport/render/doc"
)

// xmlSafe is what a string becomes in a part: runes XML cannot carry (and
// invalid UTF-8) turn into U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, r == '\t', r == '\n', r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return utf8.RuneError
		}
		return r
	}, s)
}

// FuzzWrite feeds hostile text to every place a string reaches the package
// (runs, link targets, metadata, footer): every XML part must stay
// well-formed and the title must read back as written.
func FuzzWrite(f *testing.F) {
	f.Add("Title <&>\"'", "path?a=1&b=<2>")
	f.Add("မြန်မာ <b>bold</b> ]]>", "")
	w := newTestWriter(f)
	f.Fuzz(func(t *testing.T, text, urlTail string) {
		if strings.ContainsAny(text, "\n\r") {
			t.Skip("runs never contain newlines")
		}
		url := "https://example.org/" + urlTail
		title := doc.SplitScripts(text, doc.Run{Lang: "en"})
		d := &doc.Document{
			Lang: "en", Label: title, Title: title, Meta: title, URL: url,
			TitleText: text, AuthorText: text,
			PageLabel: []doc.FooterPart{{Text: text}, {Field: doc.PageField}},
			Blocks: []doc.Block{
				{Kind: doc.Paragraph, Runs: doc.SplitScripts(text, doc.Run{Lang: "en", Link: url, Bold: true})},
				{Kind: doc.Preformatted, Runs: title},
				{Kind: doc.ListItem, ListDepth: 3, Ordered: true, Number: 7, Marker: "7.", QuoteDepth: 2, Runs: title},
			},
		}
		b, err := w.Write(context.Background(), d)
		if err != nil {
			t.Fatalf("Write: %v", err)
		}
		p := unzip(t, b)
		wellFormed(t, p)
		got := paragraphs(parse(t, p, partDocument))
		want := strings.ReplaceAll(xmlSafe(text), "\t", "")
		if len(got) < 2 || got[1] != want {
			t.Errorf("title paragraph %q, want %q", got[1], want)
		}
	})
}
