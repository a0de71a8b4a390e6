package docx

import (
	"strconv"
	"strings"

	"github.com/docexport/docexport/render/doc"
)

// Numbering instances of the template's numbering.xml: numId 1 is the
// bullet list (abstractNum 1), numId 2 the numbered list (abstractNum 2).
// Each numbered list of a document gets its own instance from firstListNumID
// on, restarting at the list's first number.
const (
	bulletNumID     = 1
	numberedAbstact = 2
	firstListNumID  = 3
)

// listInstance is a numbered list: its w:num id, level and first number.
type listInstance struct {
	numID, level, start int
}

// listTracker finds where numbered lists start in the flattened blocks.
type listTracker struct {
	instances []listInstance
	// open[d] is the numbered list open at depth d+1 (index into
	// instances, -1 for none) and next[d] the number its next item takes.
	open []int
	next []int
}

// observe closes the lists a block leaves: a block outside lists closes all
// of them, a list block closes the lists deeper than its own depth.
func (t *listTracker) observe(bl *doc.Block) {
	depth := 0
	if bl.Kind == doc.ListItem {
		depth = bl.ListDepth
	}
	if depth < len(t.open) {
		t.open, t.next = t.open[:depth], t.next[:depth]
	}
	// A bullet item ends a numbered list at its own depth.
	if depth > 0 && depth <= len(t.open) && bl.Marker != "" && !bl.Ordered {
		t.open[depth-1] = -1
	}
}

// numID returns the numbering instance of a numbered item's first paragraph:
// the open list at its depth when the item continues it, a new instance
// otherwise.
func (t *listTracker) numID(bl *doc.Block) int {
	d := max(bl.ListDepth, 1) - 1
	for len(t.open) <= d {
		t.open = append(t.open, -1)
		t.next = append(t.next, 0)
	}
	if i := t.open[d]; i >= 0 && bl.Number == t.next[d] {
		t.next[d]++
		return t.instances[i].numID
	}
	inst := listInstance{numID: firstListNumID + len(t.instances), level: min(d, 8), start: max(bl.Number, 0)}
	t.instances = append(t.instances, inst)
	t.open[d] = len(t.instances) - 1
	t.next[d] = bl.Number + 1
	return inst.numID
}

// numberingXML returns numbering.xml with the document's list instances.
func numberingXML(tm *template, lists []listInstance) []byte {
	var b strings.Builder
	b.Write(tm.numberingHead)
	for _, l := range lists {
		b.WriteString(`<w:num w:numId="`)
		b.WriteString(strconv.Itoa(l.numID))
		b.WriteString(`"><w:abstractNumId w:val="`)
		b.WriteString(strconv.Itoa(numberedAbstact))
		b.WriteString(`"/><w:lvlOverride w:ilvl="`)
		b.WriteString(strconv.Itoa(l.level))
		b.WriteString(`"><w:startOverride w:val="`)
		b.WriteString(strconv.Itoa(l.start))
		b.WriteString(`"/></w:lvlOverride></w:num>`)
	}
	b.Write(tm.numberingTail)
	return []byte(b.String())
}
