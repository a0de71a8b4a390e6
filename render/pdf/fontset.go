package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"

	"github.com/go-pdf/fpdf"
)

// How glyphs reach the page. fpdf's Unicode font path parses the whole face,
// builds 64K-entry tables and compresses a 128 KB CIDToGIDMap for every font
// of every document, which costs more than the rest of a render together.
// Its TrueType path takes a ready font program and embeds it as given. So
// each document's glyphs are cut into simple TrueType subsets of at most
// len(slotCodes) glyphs (render/sfnt.Subsetter): each glyph gets a one-byte
// code, the subset's (3,1) cmap maps the WinAnsi character of that code to
// the glyph, and the text is written as those codes. Extraction does not
// depend on the codes: every word carries its Unicode text as /ActualText.

// slotCodes are the one-byte codes used for glyphs: every WinAnsi code that
// names a character, except space, no-break space and soft hyphen, which
// readers treat specially.
var slotCodes = func() []byte {
	var c []byte
	for b := 0x21; b <= 0xFF; b++ {
		if b == 0x7F || b == 0xA0 || b == 0xAD || (b >= 0x80 && b <= 0x9F && winAnsiHigh[b-0x80] == 0) {
			continue
		}
		c = append(c, byte(b))
	}
	return c
}()

// winAnsiHigh is the Unicode character of WinAnsi codes 0x80–0x9F (0: none).
var winAnsiHigh = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// winAnsiRune is the character a WinAnsi code stands for.
func winAnsiRune(b byte) rune {
	if b >= 0x80 && b <= 0x9F {
		return winAnsiHigh[b-0x80]
	}
	return rune(b)
}

// slot is where a glyph lives in a document: which subset, which code.
type slot struct {
	chunk int
	code  byte
}

// docFonts assigns the glyphs of one document to subsets, in first-use order.
type docFonts struct {
	slots  map[*face]map[uint16]slot
	chunks map[*face][][]uint16
	faces  []*face // in first-use order
}

func newDocFonts() *docFonts {
	return &docFonts{slots: map[*face]map[uint16]slot{}, chunks: map[*face][][]uint16{}}
}

// use assigns glyph g of face f a slot if it has none.
func (df *docFonts) use(f *face, g uint16) {
	m := df.slots[f]
	if m == nil {
		m = map[uint16]slot{}
		df.slots[f] = m
		df.faces = append(df.faces, f)
	}
	if _, ok := m[g]; ok {
		return
	}
	cs := df.chunks[f]
	if len(cs) == 0 || len(cs[len(cs)-1]) == len(slotCodes) {
		cs = append(cs, nil)
	}
	last := len(cs) - 1
	m[g] = slot{chunk: last, code: slotCodes[len(cs[last])]}
	cs[last] = append(cs[last], g)
	df.chunks[f] = cs
}

// family is the fpdf family name of a face's subset.
func (df *docFonts) family(f *face, chunk int) string {
	return fmt.Sprintf("%sc%d", f.family, chunk)
}

// fontDef mirrors the JSON font definition fpdf's AddFontFromBytes reads.
type fontDef struct {
	Tp           string
	Name         string
	Desc         fontDesc
	Up, Ut       int
	Cw           []int
	Enc, Diff    string
	File         string
	OriginalSize int
}

// zpool recycles zlib writers: each costs hundreds of kilobytes to create.
// It is a bounded free list rather than a sync.Pool, whose contents every
// garbage collection drops (and renders allocate enough to collect often).
type zpool struct{ free chan *zlib.Writer }

func newZpool(n int) *zpool { return &zpool{free: make(chan *zlib.Writer, n)} }

func (z *zpool) compress(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 2)
	var w *zlib.Writer
	select {
	case w = <-z.free:
		w.Reset(&buf)
	default:
		var err error
		if w, err = zlib.NewWriterLevel(&buf, zlib.BestSpeed); err != nil {
			return nil, err
		}
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	select {
	case z.free <- w:
	default:
	}
	return buf.Bytes(), nil
}

// embed cuts every subset and registers it with fpdf.
func (df *docFonts) embed(pdf *fpdf.Fpdf, z *zpool) error {
	for _, f := range df.faces {
		for ci, glyphs := range df.chunks[f] {
			codes := make([]rune, len(glyphs))
			cw := make([]int, 256)
			for i, g := range glyphs {
				b := slotCodes[i]
				codes[i] = winAnsiRune(b)
				cw[b] = int(math.Round(float64(f.adv[g]) * 1000 / f.upem))
			}
			prog, err := f.sub.Subset(glyphs, codes)
			if err != nil {
				return fmt.Errorf("subset %s: %w", f.src.ID, err)
			}
			zprog, err := z.compress(prog)
			if err != nil {
				return fmt.Errorf("compress %s: %w", f.src.ID, err)
			}
			desc := f.desc
			desc.MissingWidth = cw[slotCodes[0]]
			def := fontDef{Tp: "TrueType", Name: baseFont(f, glyphs), Desc: desc,
				Up: f.desc.up, Ut: f.desc.ut, Cw: cw, File: df.family(f, ci) + ".z", OriginalSize: len(prog)}
			js, err := json.Marshal(def)
			if err != nil {
				return fmt.Errorf("font definition: %w", err)
			}
			pdf.AddFontFromBytes(df.family(f, ci), "", js, zprog)
		}
	}
	return pdf.Error()
}

// baseFont is the name a subset carries in the PDF: tag + "+" + PostScript name.
func baseFont(f *face, glyphs []uint16) string {
	return subsetTag(f, glyphs) + "+" + f.src.PostScript
}

// subsetTag is the six-letter tag that marks a subset (ISO 32000-1
// §9.6.4), derived from the face and the glyphs it holds.
func subsetTag(f *face, glyphs []uint16) string {
	h := sha256.New()
	h.Write([]byte(f.src.ID))
	for _, g := range glyphs {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}
