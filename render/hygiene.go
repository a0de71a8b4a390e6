package render

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/docexport/docexport/render/doc"
	mym "github.com/docexport/docexport/render/myanmar"
)

// Warning codes raised by the hygiene step.
const (
	warnRepaired        = "repaired"
	warnInvalidSequence = "invalid_sequence"
)

// hygiene applies the Zawgyi policy and the safe Unicode repairs to the
// statement's Myanmar text and reports what it changed.
//
// Each paragraph of the title, kind, author and body (the body splits at
// blank lines) is judged on its own by myanmar.Detect. A paragraph decided
// Zawgyi is converted to Unicode (policy "convert", the default), makes
// the render fail with zawgyi_detected naming every such field ("reject"),
// or is left exactly as sent ("keep": no repairs or checks either, as
// Unicode rules do not apply to it). Every other paragraph gets
// myanmar.Repair, each fix reported as a "repaired" warning, and each
// cluster a shaper would draw with a dotted circle is reported as an
// "invalid_sequence" warning. Warning offsets count code points in the
// field's text after any Zawgyi conversion and before the repairs (that is,
// in the text as sent when it was Unicode). Text outside the Myanmar
// blocks is never changed.
func hygiene(ctx context.Context, st Statement) (Statement, Prepared, error) {
	policy := st.Zawgyi
	if policy == "" {
		policy = ZawgyiConvert
	}
	var prep Prepared
	var zawgyiFields []string
	for _, f := range []struct {
		name  string
		value *string
	}{
		{"title", &st.Title}, {"kind", &st.Kind}, {"author", &st.Author}, {"body", &st.Body},
	} {
		if !strings.ContainsFunc(*f.value, isMyanmarRune) {
			continue
		}
		res, err := cleanField(ctx, f.name, *f.value, policy)
		if err != nil {
			return st, Prepared{}, err
		}
		if res.zawgyi {
			zawgyiFields = append(zawgyiFields, f.name)
		}
		if res.converted {
			prep.Converted = append(prep.Converted, f.name)
		}
		prep.Warnings = append(prep.Warnings, res.warnings...)
		*f.value = res.text
	}
	if policy == ZawgyiReject && len(zawgyiFields) > 0 {
		list := strings.Join(zawgyiFields, ", ")
		return st, Prepared{}, &Error{Code: CodeZawgyiDetected, Field: strings.Join(zawgyiFields, ","),
			Message: fmt.Sprintf("Zawgyi-encoded Myanmar text in %s: send Unicode text, or set zawgyi to \"convert\"", list)}
	}
	return st, prep, nil
}

// fieldResult is what cleanField did to one field.
type fieldResult struct {
	text      string
	zawgyi    bool // some paragraph was decided Zawgyi
	converted bool // and converted
	warnings  []Warning
}

// cleanField applies the policy and the repairs paragraph by paragraph.
func cleanField(ctx context.Context, name, text, policy string) (fieldResult, error) {
	var res fieldResult
	var b strings.Builder
	b.Grow(len(text))
	offset := 0 // code points written so far (after conversion, before repairs)
	for _, seg := range splitParagraphs(text) {
		if err := doc.ContextErr(ctx); err != nil {
			return res, contextError(err)
		}
		if seg.blank || !strings.ContainsFunc(seg.text, isMyanmarRune) {
			b.WriteString(seg.text)
			offset += utf8.RuneCountInString(seg.text)
			continue
		}
		par := seg.text
		if mym.Detect(par).Encoding == mym.Zawgyi {
			res.zawgyi = true
			switch policy {
			case ZawgyiKeep, ZawgyiReject:
				b.WriteString(par)
				offset += utf8.RuneCountInString(par)
				continue
			}
			par = mym.ZawgyiToUnicode(par)
			res.converted = true
		}
		repaired, fixes := mym.Repair(par)
		for _, fx := range fixes {
			res.warnings = append(res.warnings, Warning{Code: warnRepaired, Field: name, Offset: offset + fx.Offset, Message: fx.Message})
		}
		back := sourceIndex(utf8.RuneCountInString(repaired), fixes)
		rs := []rune(repaired)
		for _, o := range mym.InvalidClusters(repaired) {
			res.warnings = append(res.warnings, Warning{Code: warnInvalidSequence, Field: name, Offset: offset + back[o],
				Message: fmt.Sprintf("invalid Myanmar sequence %q (a mark without its letter, or marks out of order): it shows with a dotted circle", clusterAt(rs, o))})
		}
		b.WriteString(repaired)
		offset += utf8.RuneCountInString(par)
	}
	res.text = b.String()
	return res, nil
}

// sourceIndex maps each code point of Repair's output to its position in
// Repair's input: Repair substitutes and swaps in place and only deletes
// duplicated marks, which it reports.
func sourceIndex(n int, fixes []mym.Fix) []int {
	deleted := map[int]bool{}
	for _, fx := range fixes {
		if fx.Kind == mym.FixDuplicateMark {
			deleted[fx.Offset] = true
		}
	}
	idx := make([]int, 0, n)
	for i := 0; len(idx) < n; i++ {
		if !deleted[i] {
			idx = append(idx, i)
		}
	}
	return idx
}

// clusterAt returns the text of the cluster starting at rs[o], for
// messages: the character and the marks after it.
func clusterAt(rs []rune, o int) string {
	end := o + 1
	for end < len(rs) && end-o < 8 && isMyanmarRune(rs[end]) && !startsSyllable(rs[end]) {
		end++
	}
	return string(rs[o:end])
}

// startsSyllable reports Myanmar letters and digits (not marks).
func startsSyllable(r rune) bool {
	return (r >= 0x1000 && r <= 0x102A) || (r >= 0x103F && r <= 0x1055)
}

// segment is a paragraph of a field or the blank lines between paragraphs.
type segment struct {
	text  string
	blank bool
}

// splitParagraphs splits text at blank lines; joining the segments gives
// text back.
func splitParagraphs(text string) []segment {
	var segs []segment
	var cur strings.Builder
	curBlank := false
	flush := func() {
		if cur.Len() > 0 {
			segs = append(segs, segment{cur.String(), curBlank})
			cur.Reset()
		}
	}
	for line := range strings.Lines(text) {
		blank := strings.TrimSpace(line) == ""
		if blank != curBlank {
			flush()
			curBlank = blank
		}
		cur.WriteString(line)
	}
	flush()
	return segs
}
