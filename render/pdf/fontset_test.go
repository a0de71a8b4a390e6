package pdf_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
	"golang.org/x/text/encoding/charmap"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// qpdfObject is one object of `qpdf --json=2` output.
type qpdfObject struct {
	Value  any `json:"value"`
	Stream *struct {
		Dict map[string]any `json:"dict"`
		Data string         `json:"data"`
	} `json:"stream"`
}

// pdfObjects decodes every object of a PDF with qpdf (streams inline and
// decoded), keyed "N 0 R".
func pdfObjects(t *testing.T, path string) map[string]qpdfObject {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "qpdf"), "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
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
		if strings.HasPrefix(k, "obj:") {
			objs[strings.TrimPrefix(k, "obj:")] = v
		}
	}
	return objs
}

// dict returns an object's value as a dictionary (nil if it is none).
func (o qpdfObject) dict() map[string]any {
	d, _ := o.Value.(map[string]any)
	return d
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

// glyphOutline returns a glyph's outline in font units (composites resolved).
func glyphOutline(face *font.Face, g font.GID) []font.Segment {
	if o, ok := face.GlyphData(g).(font.GlyphOutline); ok {
		return o.Segments
	}
	return nil
}

// contentToken is a token of a content stream: an operator, or an operand
// (name, number, string, array start/end) kept as its raw text or decoded
// string bytes.
type contentToken struct {
	op     string // operator, "" for operands
	name   string // name operand without the slash
	str    []byte // string operand, decoded
	isStr  bool
	arrEnd bool
}

// tokenize splits a content stream into tokens. It handles what text
// drawing uses: names, numbers, literal strings (escapes, octal, nesting),
// hex strings, arrays, dictionaries (skipped as operands) and operators.
func tokenize(t *testing.T, b []byte) []contentToken {
	t.Helper()
	var out []contentToken
	isDelim := func(c byte) bool { return strings.IndexByte("()<>[]{}/% \t\r\n\f\x00", c) >= 0 }
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '/':
			j := i + 1
			for j < len(b) && !isDelim(b[j]) {
				j++
			}
			out = append(out, contentToken{name: string(b[i+1 : j])})
			i = j
		case c == '(':
			var s []byte
			depth := 1
			j := i + 1
			for ; j < len(b) && depth > 0; j++ {
				switch b[j] {
				case '\\':
					j++
					if j >= len(b) {
						t.Fatal("content: string ends in a backslash")
					}
					switch e := b[j]; e {
					case 'n':
						s = append(s, '\n')
					case 'r':
						s = append(s, '\r')
					case 't':
						s = append(s, '\t')
					case 'b':
						s = append(s, '\b')
					case 'f':
						s = append(s, '\f')
					case '\r', '\n':
						if e == '\r' && j+1 < len(b) && b[j+1] == '\n' {
							j++
						}
					default:
						if e >= '0' && e <= '7' {
							v, k := 0, 0
							for ; k < 3 && j+k < len(b) && b[j+k] >= '0' && b[j+k] <= '7'; k++ {
								v = v*8 + int(b[j+k]-'0')
							}
							j += k - 1
							s = append(s, byte(v))
						} else {
							s = append(s, e)
						}
					}
				case '(':
					depth++
					s = append(s, '(')
				case ')':
					depth--
					if depth > 0 {
						s = append(s, ')')
					}
				default:
					s = append(s, b[j])
				}
			}
			out = append(out, contentToken{str: s, isStr: true})
			i = j
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			// A dictionary operand (BDC properties): skip to its end.
			depth := 0
			j := i
			for j < len(b) {
				if bytes.HasPrefix(b[j:], []byte("<<")) {
					depth++
					j += 2
				} else if bytes.HasPrefix(b[j:], []byte(">>")) {
					depth--
					j += 2
					if depth == 0 {
						break
					}
				} else if b[j] == '(' { // a string inside (ActualText)
					j += closingParen(b[j:]) + 1
				} else {
					j++
				}
			}
			out = append(out, contentToken{op: ""})
			i = j
		case c == '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				t.Fatal("content: unterminated hex string")
			}
			h := strings.Map(func(r rune) rune {
				if strings.ContainsRune(" \t\r\n\f", r) {
					return -1
				}
				return r
			}, string(b[i+1:i+j]))
			if len(h)%2 == 1 {
				h += "0"
			}
			var s []byte
			for k := 0; k+1 < len(h); k += 2 {
				var v byte
				fmt.Sscanf(h[k:k+2], "%02x", &v)
				s = append(s, v)
			}
			out = append(out, contentToken{str: s, isStr: true})
			i += j + 1
		case c == '[':
			out = append(out, contentToken{})
			i++
		case c == ']':
			out = append(out, contentToken{arrEnd: true})
			i++
		default:
			j := i
			for j < len(b) && !isDelim(b[j]) {
				j++
			}
			if j == i {
				t.Fatalf("content: unexpected byte %q at %d", c, i)
			}
			w := string(b[i:j])
			if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
				out = append(out, contentToken{})
			} else {
				out = append(out, contentToken{op: w})
			}
			i = j
		}
	}
	return out
}

// closingParen returns the index of the parenthesis that closes the
// literal string starting b.
func closingParen(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(b) - 1
}

// usedCodes returns, per font resource name, the one-byte codes that the
// content stream shows with Tj, TJ, ' and ".
func usedCodes(t *testing.T, content []byte, into map[string]map[byte]bool) {
	t.Helper()
	toks := tokenize(t, content)
	font := ""
	for i, tk := range toks {
		var strs [][]byte
		switch tk.op {
		case "Tf":
			if i < 2 || toks[i-2].name == "" {
				t.Fatalf("content: Tf without a font name")
			}
			font = toks[i-2].name
		case "Tj", "'", "\"":
			if i < 1 || !toks[i-1].isStr {
				t.Fatalf("content: %s without a string", tk.op)
			}
			strs = append(strs, toks[i-1].str)
		case "TJ":
			for k := i - 2; k >= 0 && !toks[k].arrEnd && toks[k].op == ""; k-- {
				if toks[k].isStr {
					strs = append(strs, toks[k].str)
				}
			}
		}
		if len(strs) == 0 {
			continue
		}
		if font == "" {
			t.Fatalf("content: text shown before any Tf")
		}
		if into[font] == nil {
			into[font] = map[byte]bool{}
		}
		for _, s := range strs {
			for _, c := range s {
				into[font][c] = true
			}
		}
	}
}

// faceIndex finds, for a face of the bundle, the glyphs with a given
// outline and advance.
type faceIndex struct {
	face   *font.Face
	upem   float64
	byHash map[string][]font.GID
}

func newFaceIndex(t *testing.T, f *fonts.Face) *faceIndex {
	t.Helper()
	face, err := font.ParseTTF(bytes.NewReader(f.Data()))
	if err != nil {
		t.Fatalf("%s: %v", f.ID, err)
	}
	ix := &faceIndex{face: face, upem: float64(face.Upem()), byHash: map[string][]font.GID{}}
	for g := range numGlyphs(t, f.Data()) {
		k := glyphKey(face, font.GID(g))
		ix.byHash[k] = append(ix.byHash[k], font.GID(g))
	}
	return ix
}

var bfcharRE = regexp.MustCompile(`<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]*)>`)

// parseBfchar reads the bfchar entries of a one-byte ToUnicode CMap.
func parseBfchar(t *testing.T, cmap []byte) map[byte][]rune {
	t.Helper()
	out := map[byte][]rune{}
	for _, block := range regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`).FindAllSubmatch(cmap, -1) {
		for _, m := range bfcharRE.FindAllSubmatch(block[1], -1) {
			code, _ := hex.DecodeString(string(m[1]))
			dst, err := hex.DecodeString(string(m[2]))
			if err != nil || len(dst)%2 != 0 {
				t.Fatalf("ToUnicode: bad destination <%s>", m[2])
			}
			units := make([]uint16, len(dst)/2)
			for i := range units {
				units[i] = binary.BigEndian.Uint16(dst[2*i:])
			}
			out[code[0]] = utf16.Decode(units)
		}
	}
	return out
}

// numGlyphs reads maxp.numGlyphs of a TrueType font.
func numGlyphs(t *testing.T, ttf []byte) int {
	t.Helper()
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		rec := ttf[12+16*i:]
		if string(rec[:4]) == "maxp" {
			off := binary.BigEndian.Uint32(rec[8:])
			return int(binary.BigEndian.Uint16(ttf[off+4:]))
		}
	}
	t.Fatal("font has no maxp table")
	return 0
}

// glyphKey is a glyph's outline and advance as text.
func glyphKey(face *font.Face, g font.GID) string {
	return fmt.Sprint(face.HorizontalAdvance(g), glyphOutline(face, g))
}

var subsetName = regexp.MustCompile(`^/([A-Z]{6})\+(.+)$`)

// manyGlyphs is a statement that draws over 400 distinct Latin, Greek and
// Cyrillic glyphs and many Myanmar clusters, so faces need several subsets
// and all one-byte codes.
func manyGlyphs(t *testing.T) render.Statement {
	latin, err := font.ParseTTF(bytes.NewReader(fonts.LatinSet().Regular.Data()))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n := 0
	for c := rune(0x21); c < 0x3000 && n < 450; c++ {
		if _, ok := latin.Cmap.Lookup(c); !ok || !unicode.In(c, unicode.L, unicode.N, unicode.P, unicode.S) ||
			strings.ContainsRune("*_`#[]<>\\!&|~-+=:.()", c) || unicode.Is(unicode.Mn, c) {
			continue
		}
		b.WriteRune(c)
		if n++; n%8 == 0 {
			b.WriteByte(' ')
		}
	}
	b.WriteString("\n\n")
	for c := rune(0x1000); c <= 0x1021; c++ {
		for _, m := range []string{"", "ြ", "ျ", "ွ", "ှ", "ို", "ော်", "ုံ", "္ဘ"} {
			b.WriteString(string(c) + m + " ")
		}
	}
	return render.Statement{Lang: "en", Title: "Glyphs", Body: b.String()}
}

// TestPDFSubsetFonts is the end-to-end check of the simple-font route: in
// rendered documents, every code the page content shows reaches, through
// the embedded subset's (3,1) cmap and the WinAnsi character of the code,
// a glyph drawn exactly as a glyph of the face the font names, with the
// width the PDF declares.
func TestPDFSubsetFonts(t *testing.T) {
	r := newRenderer(t)
	faces := map[string]*fonts.Face{}
	for _, f := range fonts.All() {
		faces[f.PostScript] = f
	}
	indexes := map[string]*faceIndex{}
	for _, tc := range []struct {
		name string
		st   render.Statement
	}{
		{"myanmar sample", sample(t, "statement-my.json")},
		{"mixed scripts", mixed()},
		{"many glyphs", manyGlyphs(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, renderPDF(t, r, tc.st))
			objs := pdfObjects(t, path)

			// Font resource name -> font object, and the codes shown in
			// every page's content.
			resFont := map[string]string{}
			used := map[string]map[byte]bool{}
			for _, o := range objs {
				if res, ok := o.dict()["/Font"].(map[string]any); ok {
					for name, ref := range res {
						resFont[strings.TrimPrefix(name, "/")] = fmt.Sprint(ref)
					}
				}
			}
			pages := 0
			for _, o := range objs {
				if o.dict()["/Type"] != "/Page" {
					continue
				}
				pages++
				var contents []any
				switch c := o.dict()["/Contents"].(type) {
				case []any:
					contents = c
				default:
					contents = []any{c}
				}
				for _, ref := range contents {
					usedCodes(t, streamData(t, objs, ref), used)
				}
			}
			if pages == 0 {
				t.Fatal("no pages")
			}
			usedByObj := map[string]map[byte]bool{}
			for name, codes := range used {
				ref, ok := resFont[name]
				if !ok {
					t.Fatalf("content uses font /%s, which no resource dictionary names", name)
				}
				usedByObj[ref] = codes
			}

			trueType, checked, withToUnicode, mapped := 0, 0, 0, 0
			high := false // a code in 0x80-0x9F, where WinAnsi differs from Latin-1
			perFace := map[string]int{}
			for ref, o := range objs {
				v := o.dict()
				if v["/Type"] != "/Font" {
					continue
				}
				if v["/Subtype"] != "/TrueType" {
					t.Errorf("font %s is %v, want only TrueType fonts", ref, v["/Subtype"])
					continue
				}
				trueType++
				m := subsetName.FindStringSubmatch(fmt.Sprint(v["/BaseFont"]))
				if m == nil {
					t.Errorf("font %s: BaseFont %v lacks a six-letter subset tag", ref, v["/BaseFont"])
					continue
				}
				perFace[m[2]]++
				src, ok := faces[m[2]]
				if !ok {
					t.Errorf("font %s: %s is no bundled face", ref, m[2])
					continue
				}
				ix := indexes[src.ID]
				if ix == nil {
					ix = newFaceIndex(t, src)
					indexes[src.ID] = ix
				}
				desc := objs[fmt.Sprint(v["/FontDescriptor"])].dict()
				if desc["/FontName"] != v["/BaseFont"] {
					t.Errorf("font %s: descriptor FontName %v, BaseFont %v", ref, desc["/FontName"], v["/BaseFont"])
				}
				prog := streamData(t, objs, desc["/FontFile2"])
				sub, err := font.ParseTTF(bytes.NewReader(prog))
				if err != nil {
					t.Errorf("font %s (%s): FontFile2 does not parse: %v", ref, m[0], err)
					continue
				}
				first, _ := v["/FirstChar"].(float64)
				widths, _ := objs[fmt.Sprint(v["/Widths"])].Value.([]any)
				if len(widths) != 224 || first != 32 {
					t.Errorf("%s: FirstChar %v and %d widths, want 32 and 224", m[0], first, len(widths))
				}
				// A ToUnicode CMap, where there is one, gives each code a
				// character that the named face draws with the same glyph.
				var toUnicode map[byte][]rune
				if tu, ok := v["/ToUnicode"]; ok {
					toUnicode = parseBfchar(t, streamData(t, objs, tu))
					withToUnicode++
				}
				codes := usedByObj[ref]
				if len(codes) == 0 {
					t.Errorf("font %s (%s) is embedded but never used", ref, m[0])
				}
				for c := range codes {
					i := int(c) - int(first)
					if i < 0 || i >= len(widths) {
						t.Errorf("%s: code %#02x outside the Widths range", m[0], c)
						continue
					}
					ch := charmap.Windows1252.DecodeByte(c)
					high = high || (c >= 0x80 && c <= 0x9F)
					sg, ok := sub.Cmap.Lookup(ch)
					if !ok || sg == 0 {
						t.Errorf("%s: code %#02x (%U) maps to no glyph of the subset", m[0], c, ch)
						continue
					}
					if len(ix.byHash[glyphKey(sub, sg)]) == 0 {
						t.Errorf("%s: code %#02x draws subset glyph %d, which matches no glyph of %s (outline and advance)", m[0], c, sg, src.ID)
					}
					want := int(math.Round(float64(sub.HorizontalAdvance(sg)) * 1000 / float64(sub.Upem())))
					if got, _ := widths[i].(float64); int(got) != want {
						t.Errorf("%s: code %#02x width %v, glyph advance is %d/1000 em", m[0], c, widths[i], want)
					}
					checked++
					if text := toUnicode[c]; len(text) == 1 {
						og, ok := ix.face.Cmap.Lookup(text[0])
						if !ok || glyphKey(ix.face, og) != glyphKey(sub, sg) {
							t.Errorf("%s: code %#02x: ToUnicode says %U, whose glyph %d in %s differs from the drawn one", m[0], c, text[0], og, src.ID)
						}
						mapped++
					}
				}
			}
			if trueType == 0 || checked == 0 {
				t.Fatalf("%d TrueType fonts, %d codes checked", trueType, checked)
			}
			if tc.name == "many glyphs" && (!high || perFace["NotoSans-Regular"] < 2) {
				t.Errorf("the document should use codes 0x80-0x9F (%v) and several subsets of NotoSans-Regular (%d)", high, perFace["NotoSans-Regular"])
			}
			t.Logf("%d pages, %d subset fonts (%d with ToUnicode), %d codes checked (%d through ToUnicode)", pages, trueType, withToUnicode, checked, mapped)
		})
	}
}
