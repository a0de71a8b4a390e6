package sfnt_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/font"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/sfnt"
	"github.com/docexport/docexport/render/shape"
	"github.com/docexport/docexport/render/testtool"
)

// qpdfObject is one object of `qpdf --json=2` output.
type qpdfObject struct {
	Value  map[string]any `json:"value"`
	Stream *struct {
		Dict map[string]any `json:"dict"`
		Data string         `json:"data"`
	} `json:"stream"`
}

// pdfObjects decodes every object of a PDF with qpdf (streams inline and
// decoded), keyed "N 0 R".
func pdfObjects(t *testing.T, qpdf, path string) map[string]qpdfObject {
	t.Helper()
	out, err := exec.Command(qpdf, "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
		"--decode-level=generalized", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct {
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Qpdf) != 2 {
		t.Fatalf("qpdf json: %v (%d parts)", err, len(doc.Qpdf))
	}
	var raw map[string]qpdfObject
	if err := json.Unmarshal(doc.Qpdf[1], &raw); err != nil {
		t.Fatalf("qpdf json objects: %v", err)
	}
	objs := make(map[string]qpdfObject, len(raw))
	for k, v := range raw {
		objs[strings.TrimPrefix(k, "obj:")] = v
	}
	return objs
}

// streamData returns the decoded data of the stream object ref.
func streamData(t *testing.T, objs map[string]qpdfObject, ref any) []byte {
	t.Helper()
	o, ok := objs[fmt.Sprint(ref)]
	if !ok || o.Stream == nil {
		t.Fatalf("object %v is not a stream", ref)
	}
	b, err := base64.StdEncoding.DecodeString(o.Stream.Data)
	if err != nil {
		t.Fatalf("stream %v: %v", ref, err)
	}
	return b
}

// outline returns a glyph's outline points in font units.
func outline(t *testing.T, face *font.Face, g font.GID) []font.Segment {
	t.Helper()
	o, ok := face.GlyphData(g).(font.GlyphOutline)
	if !ok {
		t.Fatalf("glyph %d has no outline", g)
	}
	return o.Segments
}

// TestFpdfEmbedsPUAGlyphs is the end-to-end check of WithGlyphCodes: glyphs
// that HarfBuzz produces for Myanmar text but that have no Unicode code
// point, drawn by fpdf through their PUA code points, end up in the PDF's
// embedded subset font at the CIDs fpdf writes, with the same outlines.
func TestFpdfEmbedsPUAGlyphs(t *testing.T) {
	qpdf := testtool.Need(t, "qpdf")
	pdffonts := testtool.Need(t, "pdffonts")
	set, _ := fonts.MyanmarSet(fonts.FamilyNoto)
	orig := set.Regular.Data()
	ttf, codeOf, err := sfnt.WithGlyphCodes(orig)
	if err != nil {
		t.Fatal(err)
	}

	// Shape text with medial ra, stacked consonants and kinzi, and keep the
	// glyphs that only the PUA reaches.
	sh, err := shape.Load(orig)
	if err != nil {
		t.Fatal(err)
	}
	text := []rune("ပြည်ထောင်စု သမ္မတ မြန်မာ နိုင်ငံတော် အင်္ဂလိပ် ကြွက် ဗုဒ္ဓ")
	glyphs := sh.Shape(nil, text, 0, len(text), doc.Myanmar, "my")
	var pua []uint16
	seen := map[uint16]bool{}
	for _, g := range glyphs {
		if c := codeOf[g.ID]; c >= 0xE000 && c <= 0xF8FF && !seen[g.ID] {
			seen[g.ID] = true
			pua = append(pua, g.ID)
		}
	}
	if len(pua) < 3 {
		t.Fatalf("shaping produced only %d glyphs without a code point: %v", len(pua), glyphs)
	}
	var line strings.Builder
	for _, g := range pua {
		line.WriteRune(codeOf[g])
	}
	t.Logf("drawing %d PUA glyphs %v as %q", len(pua), pua, line.String())

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("my", "", ttf)
	pdf.SetFont("my", "", 16)
	pdf.AddPage()
	pdf.Text(20, 30, line.String())
	pdf.Text(20, 50, "မြန်မာ") // plus ordinary code points
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatalf("fpdf: %v", err)
	}
	path := filepath.Join(t.TempDir(), "pua.pdf")
	if d := os.Getenv("SFNT_KEEP_PDF"); d != "" {
		path = filepath.Join(d, "pua.pdf")
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command(pdffonts, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("pdffonts lists %d fonts, want 1:\n%s", len(lines)-2, out)
	}
	// name type encoding emb sub uni object ID
	f := strings.Fields(lines[2])
	if len(f) < 8 || !strings.Contains(lines[2], "CID TrueType") || !strings.Contains(lines[2], "Identity-H") ||
		f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
		t.Errorf("pdffonts: font not an embedded CID TrueType with ToUnicode:\n%s", out)
	}

	// Follow Type0 -> CIDFontType2 -> CIDToGIDMap, FontDescriptor -> FontFile2.
	objs := pdfObjects(t, qpdf, path)
	var cidFont map[string]any
	for _, o := range objs {
		if o.Value != nil && o.Value["/Subtype"] == "/CIDFontType2" {
			cidFont = o.Value
		}
	}
	if cidFont == nil {
		t.Fatal("no CIDFontType2 font in the PDF")
	}
	cidToGID := streamData(t, objs, cidFont["/CIDToGIDMap"])
	desc := objs[fmt.Sprint(cidFont["/FontDescriptor"])].Value
	subset := streamData(t, objs, desc["/FontFile2"])
	subFace, err := font.ParseTTF(bytes.NewReader(subset))
	if err != nil {
		t.Fatalf("embedded FontFile2 does not parse: %v", err)
	}
	origFace, err := font.ParseTTF(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range pua {
		cid := int(codeOf[g])
		if 2*cid+1 >= len(cidToGID) {
			t.Fatalf("CIDToGIDMap of %d bytes has no CID %d", len(cidToGID), cid)
		}
		sub := font.GID(cidToGID[2*cid])<<8 | font.GID(cidToGID[2*cid+1])
		if sub == 0 {
			t.Errorf("glyph %d: CID %#04x maps to .notdef in the PDF", g, cid)
			continue
		}
		want, got := outline(t, origFace, font.GID(g)), outline(t, subFace, sub)
		if len(want) == 0 {
			t.Errorf("glyph %d has an empty outline; pick another", g)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("glyph %d (CID %#04x, subset glyph %d): outline differs: %d segments, want %d", g, cid, sub, len(got), len(want))
		}
		if a, b := subFace.HorizontalAdvance(sub), origFace.HorizontalAdvance(font.GID(g)); a != b {
			t.Errorf("glyph %d: advance %v in the subset, %v in the font", g, a, b)
		}
		// The subset's own cmap (which fpdf rewrites) agrees.
		if sg, ok := subFace.Cmap.Lookup(rune(cid)); !ok || sg != sub {
			t.Errorf("subset cmap: U+%04X -> %d (%v), CIDToGIDMap says %d", cid, sg, ok, sub)
		}
	}
}
