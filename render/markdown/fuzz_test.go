package markdown_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/markdown"
)

// Fuzz bounds: inputs over fuzzMaxInput bytes are skipped (the HTTP layer
// caps bodies at 1 MiB; 256 KiB keeps each fuzz call fast) and one
// conversion may take at most fuzzMaxDuration, generous for a loaded
// machine yet far below anything a client could notice as a hang.
const (
	fuzzMaxInput    = 256 << 10
	fuzzMaxBlocks   = 20000
	fuzzMaxDuration = 5 * time.Second
)

// FuzzConvert feeds arbitrary Markdown to Convert: it must return blocks or
// ErrTooManyBlocks, never panic, stay within the block limit, keep only
// safe links, and finish in bounded time. Seeds (deep nesting, 10 000 list
// items, huge words, broken Myanmar, control characters, javascript:
// links, raw HTML) live in testdata/fuzz/FuzzConvert.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"",
		"A paragraph with *emphasis*, **bold** and [a link](https://example.org).",
		"# Heading\n\n- one\n- two\n\n1. first\n2. second\n",
		"> quoted\n> > nested\n",
		"[x](javascript:alert(1)) <script>alert(1)</script>",
		"မင်္ဂလာပါ။ English mixed ၁၂၃\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > fuzzMaxInput {
			t.Skip("input over the fuzz size cap")
		}
		opt := markdown.Options{Bullet: "•", Digits: strconv.Itoa, MaxBlocks: fuzzMaxBlocks}
		start := time.Now()
		blocks, notices, err := markdown.Convert(context.Background(), src, opt)
		if d := time.Since(start); d > fuzzMaxDuration {
			t.Fatalf("Convert took %s for %d bytes (bound %s)", d, len(src), fuzzMaxDuration)
		}
		if err != nil {
			if !errors.Is(err, markdown.ErrTooManyBlocks) {
				t.Fatalf("Convert: unexpected error %v", err)
			}
			return
		}
		if len(blocks) > fuzzMaxBlocks {
			t.Fatalf("%d blocks, limit %d", len(blocks), fuzzMaxBlocks)
		}
		for _, n := range notices {
			if n.Offset < 0 || n.Offset > len(src) {
				t.Fatalf("notice %q offset %d outside the %d-byte source", n.Code, n.Offset, len(src))
			}
		}
		checkBlocks(t, src, blocks)
	})
}

// checkBlocks asserts the invariants of converted blocks: valid kinds,
// links only with allowed schemes, no text runs carrying breaks, and valid
// UTF-8 text whenever the source was valid UTF-8.
func checkBlocks(t *testing.T, src string, blocks []doc.Block) {
	t.Helper()
	validSrc := utf8.ValidString(src)
	for i, b := range blocks {
		if b.ListDepth < 0 || b.QuoteDepth < 0 {
			t.Fatalf("block %d: negative depth (list %d, quote %d)", i, b.ListDepth, b.QuoteDepth)
		}
		for j, r := range b.Runs {
			if r.Link != "" && !markdown.SafeLink(r.Link) {
				t.Fatalf("block %d run %d: unsafe link %q kept", i, j, r.Link)
			}
			if low := strings.ToLower(strings.TrimSpace(r.Link)); strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "data:") || strings.HasPrefix(low, "vbscript:") {
				t.Fatalf("block %d run %d: script link %q kept", i, j, r.Link)
			}
			if r.Break && r.Text != "" {
				t.Fatalf("block %d run %d: break run carries text %q", i, j, r.Text)
			}
			if validSrc && !utf8.ValidString(r.Text) {
				t.Fatalf("block %d run %d: invalid UTF-8 %q from a valid source", i, j, r.Text)
			}
		}
	}
}
