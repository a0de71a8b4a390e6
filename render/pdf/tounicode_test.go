package pdf

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/testtool"
)

// textLine is one line of the test document: text shaped in a face,
// optionally wrapped in /ActualText.
type textLine struct {
	face       *face
	text       string
	script     doc.Script
	actualText bool
}

// buildSubsetPDF writes, with fpdf directly, a PDF whose lines are drawn
// through the writer's subset fonts (docFonts.embed) as one-byte codes,
// without /ActualText unless a line asks for it. It returns the PDF and
// the ToUnicode maps of its fonts.
func buildSubsetPDF(t testing.TB, lines []textLine) ([]byte, map[string]map[byte][]rune) {
	t.Helper()
	df := newDocFonts()
	shaped := make([][]uint16, len(lines))
	for i, l := range lines {
		text := []rune(l.text)
		for _, g := range l.face.shaper.Shape(nil, text, 0, len(text), l.script, "") {
			if g.ID != 0 && !unicode.IsSpace(text[g.Cluster]) {
				df.use(l.face, g.ID)
				shaped[i] = append(shaped[i], g.ID)
			}
		}
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}})
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate((&doc.Document{}).CreationDate())
	pdf.SetModificationDate((&doc.Document{}).CreationDate())
	if err := df.embed(pdf, &zpool{}, newSubsetCache(0)); err != nil {
		t.Fatal(err)
	}
	pdf.AddPage()
	for i, l := range lines {
		var b strings.Builder
		if l.actualText {
			b.WriteString("/Span <</ActualText <FEFF")
			for _, r := range []rune(l.text) {
				b.WriteString(strings.ToUpper(hex.EncodeToString([]byte{byte(r >> 8), byte(r)})))
			}
			b.WriteString(">>> BDC\n")
		}
		chunk := -1
		for _, g := range shaped[i] {
			s := df.slots[l.face][g]
			if s.chunk != chunk {
				if chunk >= 0 {
					b.WriteString("> Tj ET\n")
				}
				pdf.RawWriteStr(b.String())
				b.Reset()
				pdf.SetFont(df.family(l.face, s.chunk), "", 14)
				b.WriteString("BT 50 ")
				b.WriteString(fmtNum(pageH - 60 - 30*float64(i%25)))
				b.WriteString(" Td <")
				chunk = s.chunk
			}
			b.WriteString(hex.EncodeToString([]byte{s.code}))
		}
		b.WriteString("> Tj ET\n")
		if l.actualText {
			b.WriteString("EMC\n")
		}
		pdf.RawWriteStr(b.String())
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), df.unicodeMaps(func(f *face) []rune { return glyphRunes(f.shaper, len(f.adv)) })
}

func fmtNum(v float64) string {
	c := canvas{}
	c.num(v)
	return strings.TrimSpace(string(c.buf))
}

// tool runs an external tool on a PDF file and returns its output.
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func writePDF(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// squashSpace removes white space.
func squashSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// fontsWithToUnicode returns, per font object of a PDF (qpdf's view), its
// BaseFont and whether it has a /ToUnicode stream.
func fontsWithToUnicode(t *testing.T, path string) map[string]bool {
	t.Helper()
	out := tool(t, "qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=none", path)
	var doc struct {
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Qpdf) != 2 {
		t.Fatalf("qpdf json: %v", err)
	}
	var objs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(doc.Qpdf[1], &objs); err != nil {
		t.Fatal(err)
	}
	res := map[string]bool{}
	for _, o := range objs {
		d, _ := o.Value.(map[string]any)
		if d["/Type"] != "/Font" {
			continue
		}
		ref, ok := d["/ToUnicode"].(string)
		res[strings.TrimPrefix(d["/BaseFont"].(string), "/")] = ok && strings.HasSuffix(ref, " 0 R")
	}
	return res
}

func TestAddToUnicode(t *testing.T) {
	fs, err := prepareFaces()
	if err != nil {
		t.Fatal(err)
	}
	latin, my := fs.latin[0], fs.myanmar["noto"][0]
	const english = "Hello docexport: Quartz jumped over 42 lazy wolves."
	lines := []textLine{
		{face: latin, text: english, script: doc.Latin},
		{face: fs.latin[1], text: "Bold Words", script: doc.Latin},
		{face: my, text: "ကခဂဃငစ", script: doc.Myanmar},
		{face: my, text: "မြန်မာ", script: doc.Myanmar, actualText: true},
	}
	orig, maps := buildSubsetPDF(t, lines)
	if len(maps) != 3 {
		t.Fatalf("%d fonts in the maps, want 3", len(maps))
	}
	withMaps, err := addToUnicode(orig, maps)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(withMaps, orig) {
		t.Fatal("the update does not append to the original file")
	}
	again, err := addToUnicode(orig, maps)
	if err != nil || !bytes.Equal(again, withMaps) {
		t.Errorf("second run differs (err %v)", err)
	}
	before, after := writePDF(t, "before.pdf", orig), writePDF(t, "after.pdf", withMaps)

	if out := tool(t, "qpdf", "--check", after); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	for name, ok := range fontsWithToUnicode(t, after) {
		if !ok {
			t.Errorf("font %s has no /ToUnicode", name)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(tool(t, "pdffonts", after)), "\n")[2:] {
		if f := strings.Fields(l); len(f) < 8 || f[len(f)-3] != "yes" {
			t.Errorf("pdffonts: no ToUnicode: %s", l)
		}
	}

	// Without the maps, text drawn without /ActualText extracts as the
	// WinAnsi characters of the codes; with them, as the text.
	textBefore := squashSpace(tool(t, "pdftotext", "-enc", "UTF-8", before, "-"))
	textAfter := squashSpace(tool(t, "pdftotext", "-enc", "UTF-8", after, "-"))
	for _, l := range lines[:3] {
		want := squashSpace(l.text)
		if strings.Contains(textBefore, want) {
			t.Errorf("without ToUnicode pdftotext already reads %q: the test proves nothing", want)
		}
		if !strings.Contains(textAfter, want) {
			t.Errorf("with ToUnicode pdftotext lacks %q:\n%s", want, textAfter)
		}
	}
	// /ActualText still wins over the glyph-by-glyph ToUnicode text, which
	// for reordered Myanmar is in visual order.
	for name, text := range map[string]string{"before": textBefore, "after": textAfter} {
		if !strings.Contains(text, "မြန်မာ") {
			t.Errorf("%s: pdftotext lacks the ActualText မြန်မာ:\n%s", name, text)
		}
	}

	// An update of an update (its /Prev chain, a font that already has a
	// /ToUnicode) is valid too.
	twice, err := addToUnicode(withMaps, maps)
	if err != nil {
		t.Fatal(err)
	}
	p := writePDF(t, "twice.pdf", twice)
	tool(t, "qpdf", "--check", p)
	if text := squashSpace(tool(t, "pdftotext", "-enc", "UTF-8", p, "-")); !strings.Contains(text, squashSpace(english)) {
		t.Errorf("after two updates pdftotext lacks the text:\n%s", text)
	}
}

func TestToUnicodeCMap(t *testing.T) {
	m := map[byte][]rune{}
	for _, c := range slotCodes {
		m[c] = []rune{'a' + rune(c)%26}
	}
	m[0x21] = []rune{0x1F600} // a surrogate pair
	m[0x22] = []rune("fi")    // a ligature
	m[0x23] = nil             // no text: no entry
	m[0x24] = []rune{}        // neither
	cm, err := toUnicodeCMap(m)
	if err != nil {
		t.Fatal(err)
	}
	s := string(cm)
	for _, want := range []string{
		"/CIDInit /ProcSet findresource begin", "begincmap", "/CMapType 2 def",
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange",
		"100 beginbfchar\n<21> <D83DDE00>\n<22> <00660069>\n<25> <",
		"13 beginbfchar\n", "endcmap", "defineresource pop",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("CMap lacks %q:\n%s", want, s)
		}
	}
	if n := strings.Count(s, "beginbfchar"); n != 3 {
		t.Errorf("%d bfchar blocks, want 3 (%d entries)", n, len(slotCodes)-2)
	}
	if _, err := toUnicodeCMap(map[byte][]rune{1: []rune(strings.Repeat("x", 300))}); err == nil {
		t.Error("a 300-character destination was accepted")
	}
}

func TestGlyphRunes(t *testing.T) {
	fs, err := prepareFaces()
	if err != nil {
		t.Fatal(err)
	}
	f := fs.latin[0]
	rs := glyphRunes(f.shaper, len(f.adv))
	if rs[0] != -1 {
		t.Errorf(".notdef maps to %U", rs[0])
	}
	for _, r := range "AZaz09.,Äß" {
		g := f.shaper.Shape(nil, []rune{r}, 0, 1, doc.Latin, "")[0].ID
		if rs[g] != r {
			t.Errorf("glyph %d of %q maps to %U", g, r, rs[g])
		}
	}
	// Space and no-break space share a glyph: the lower code point wins.
	g := f.shaper.Shape(nil, []rune{0xA0}, 0, 1, doc.Latin, "")[0].ID
	if rs[g] != ' ' && rs[g] != 0xA0 {
		t.Errorf("no-break space glyph maps to %U", rs[g])
	}
}

// minimalPDF is a hand-written classic PDF with one Type1 font.
const minimalPDF = "%PDF-1.4\n" +
	"1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n" +
	"2 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n" +
	"3 0 obj\n<</Type /Font\n/BaseFont /Helvetica\n/Subtype /Type1 /Encoding /WinAnsiEncoding>>\nendobj\n" +
	"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000056 00000 n \n0000000106 00000 n \n" +
	"trailer\n<</Size 4 /Root 1 0 R>>\nstartxref\n201\n%%EOF\n"

func TestAddToUnicodeErrors(t *testing.T) {
	helv := map[string]map[byte][]rune{"Helvetica": {'A': {'A'}}}
	if _, err := addToUnicode([]byte(minimalPDF), helv); err != nil {
		t.Fatalf("minimal PDF: %v", err)
	}
	replace := func(old, new string) []byte { return []byte(strings.Replace(minimalPDF, old, new, 1)) }
	tests := []struct {
		name string
		pdf  []byte
		maps map[string]map[byte][]rune
	}{
		{"empty", nil, helv},
		{"not a PDF", []byte("hello"), helv},
		{"no startxref", replace("startxref", "startxreg"), helv},
		{"startxref past the end", replace("startxref\n201", "startxref\n99999"), helv},
		{"startxref not a number", replace("startxref\n201", "startxref\nabc"), helv},
		{"no EOF marker", replace("%%EOF", "%%EOX"), helv},
		{"startxref not at xref", replace("startxref\n201", "startxref\n9"), helv},
		{"truncated xref", []byte(minimalPDF[:210]), helv},
		{"bad xref entry", replace("0000000056 00000 n", "00000000x6 00000 n"), helv},
		{"no root", replace("/Root 1 0 R", ""), helv},
		{"no size", replace("/Size 4 ", ""), helv},
		{"encrypted", replace("/Root 1 0 R", "/Root 1 0 R /Encrypt 5 0 R"), helv},
		{"prev loop", replace("/Root 1 0 R", "/Root 1 0 R /Prev 201"), helv},
		{"prev outside", replace("/Root 1 0 R", "/Root 1 0 R /Prev 100000"), helv},
		{"unterminated trailer", replace(">>\nstartxref", "\nstartxref"), helv},
		{"font not found", []byte(minimalPDF), map[string]map[byte][]rune{"ABCDEF+Other": {}}},
		{"font moved", replace("0000000106 00000 n", "0000000100 00000 n"), helv},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := addToUnicode(tc.pdf, tc.maps)
			if err == nil {
				t.Errorf("no error; %d bytes", len(out))
			} else if !errors.Is(err, errPDFStructure) {
				t.Errorf("error %v does not wrap errPDFStructure", err)
			}
		})
	}
	// No maps: nothing to do.
	if out, err := addToUnicode([]byte("anything"), nil); err != nil || string(out) != "anything" {
		t.Errorf("empty maps: %q, %v", out, err)
	}
}

func TestAddToUnicodeMinimalIsValid(t *testing.T) {
	out, err := addToUnicode([]byte(minimalPDF), map[string]map[byte][]rune{"Helvetica": {'A': {'Z'}}})
	if err != nil {
		t.Fatal(err)
	}
	p := writePDF(t, "minimal.pdf", out)
	tool(t, "qpdf", "--check", p)
	if f := fontsWithToUnicode(t, p); !f["Helvetica"] {
		t.Errorf("Helvetica has no ToUnicode: %v", f)
	}
}

func FuzzAddToUnicode(f *testing.F) {
	f.Add([]byte(minimalPDF))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := append([]byte(nil), data...)
		out, err := addToUnicode(data, map[string]map[byte][]rune{"Helvetica": {'A': {'A'}, 0xFF: {0x1F600}}})
		if !bytes.Equal(in, data) {
			t.Fatal("the input was modified")
		}
		if err == nil && !bytes.HasPrefix(out, data) {
			t.Fatal("the output does not extend the input")
		}
	})
}

// BenchmarkAddToUnicode adds the maps of the fonts of a document with
// over 600 glyphs in five subsets.
func BenchmarkAddToUnicode(b *testing.B) {
	fs, err := prepareFaces()
	if err != nil {
		b.Fatal(err)
	}
	var latin, myanmar []rune
	for r := rune(0x21); r < 0x250; r++ {
		if fs.latin[0].shaper.Covers(r) && unicode.IsGraphic(r) && !unicode.Is(unicode.Mn, r) {
			latin = append(latin, r)
		}
	}
	for c := rune(0x1000); c <= 0x1021; c++ {
		myanmar = append(myanmar, []rune(string(c)+"ြ"+string(c)+"ှ"+string(c)+"ို ")...)
	}
	pdf, maps := buildSubsetPDF(b, []textLine{
		{face: fs.latin[0], text: string(latin), script: doc.Latin},
		{face: fs.latin[1], text: string(latin[:200]), script: doc.Latin},
		{face: fs.myanmar["noto"][0], text: string(myanmar), script: doc.Myanmar},
	})
	b.Logf("%d fonts, PDF of %d bytes", len(maps), len(pdf))
	z := &zpool{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := addToUnicodeWith(pdf, maps, z); err != nil {
			b.Fatal(err)
		}
	}
}
