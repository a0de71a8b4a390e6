package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
)

// Namespaces of the parts the tests read.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// pkg is an unzipped Word file.
type pkg map[string][]byte

func newTestWriter(t testing.TB) *Writer {
	t.Helper()
	w, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return w
}

func write(t testing.TB, w *Writer, d *doc.Document) []byte {
	t.Helper()
	b, err := w.Write(context.Background(), d)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b
}

func unzip(t testing.TB, b []byte) pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := pkg{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		if _, dup := p[f.Name]; dup {
			t.Fatalf("duplicate part %s", f.Name)
		}
		p[f.Name] = data
	}
	return p
}

// wellFormed parses every XML part of the package with encoding/xml.
func wellFormed(t testing.TB, p pkg) {
	t.Helper()
	for name, data := range p {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("part %s is not well-formed XML: %v", name, err)
			}
		}
	}
}

// elem is a generic parsed XML element.
type elem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []elem     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func parse(t testing.TB, p pkg, name string) elem {
	t.Helper()
	data, ok := p[name]
	if !ok {
		t.Fatalf("package lacks %s", name)
	}
	var e elem
	if err := xml.Unmarshal(data, &e); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return e
}

func (e elem) attr(space, local string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == local && (space == "" || a.Name.Space == space) {
			return a.Value
		}
	}
	return ""
}

func (e elem) child(local string) *elem {
	for i := range e.Children {
		if e.Children[i].XMLName.Local == local {
			return &e.Children[i]
		}
	}
	return nil
}

// walk calls f for e and every descendant, depth first.
func (e elem) walk(f func(elem)) {
	f(e)
	for _, c := range e.Children {
		c.walk(f)
	}
}

// relTargets maps relationship ids of a .rels part to their elements.
func rels(t testing.TB, p pkg, name string) map[string]elem {
	t.Helper()
	out := map[string]elem{}
	for _, r := range parse(t, p, name).Children {
		out[r.attr("", "Id")] = r
	}
	return out
}

// runText is the text of a w:r.
func runText(r elem) string {
	var b strings.Builder
	for _, c := range r.Children {
		if c.XMLName.Local == "t" {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// paragraphs returns the text of each w:p in a part, in order.
func paragraphs(e elem) []string {
	var out []string
	e.walk(func(x elem) {
		if x.XMLName.Local != "p" {
			return
		}
		var b strings.Builder
		x.walk(func(r elem) {
			if r.XMLName.Local == "r" {
				b.WriteString(runText(r))
			}
		})
		out = append(out, b.String())
	})
	return out
}

func TestPartsWellFormedAndRelated(t *testing.T) {
	w := newTestWriter(t)
	tests := []struct {
		name string
		d    *doc.Document
	}{
		{"english", englishDoc()},
		{"myanmar noto", myanmarDoc("noto")},
		{"myanmar pyidaungsu", myanmarDoc("pyidaungsu")},
		{"hostile", hostileDoc()},
		{"empty", &doc.Document{Lang: "en"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := unzip(t, write(t, w, tc.d))
			wellFormed(t, p)
			// Every internal relationship target exists and every part
			// has a content type.
			ct := parse(t, p, partContentTypes)
			defaults, overrides := map[string]bool{}, map[string]bool{}
			for _, c := range ct.Children {
				defaults[c.attr("", "Extension")] = c.XMLName.Local == "Default"
				if c.XMLName.Local == "Override" {
					overrides[c.attr("", "PartName")] = true
				}
			}
			for name := range p {
				if name == partContentTypes {
					continue
				}
				if !overrides["/"+name] && !defaults[path.Ext(name)[1:]] {
					t.Errorf("part %s has no content type", name)
				}
			}
			for name := range p {
				if !strings.HasSuffix(name, ".rels") {
					continue
				}
				base := path.Dir(path.Dir(name))
				for id, r := range rels(t, p, name) {
					if r.attr("", "TargetMode") == "External" {
						continue
					}
					target := path.Join(base, r.attr("", "Target"))
					if _, ok := p[target]; !ok {
						t.Errorf("%s: %s targets missing part %s", name, id, target)
					}
				}
			}
		})
	}
}

// hostileDoc puts markup characters and near-markup text everywhere a
// string reaches the package.
func hostileDoc() *doc.Document {
	h := `<w:p>&amp; "quoted" 'single' ]]> <!-- --> &#0; <?pi?> ကို <b>`
	d := englishDoc()
	d.Label = runs("en", h)
	d.Title = runs("en", h)
	d.Meta = runs("en", h)
	d.TitleText, d.AuthorText = h, h
	d.URL = `https://example.org/?q=<a>&"b"='c'`
	d.PageLabel = []doc.FooterPart{{Text: h}, {Field: doc.PageField}}
	d.Blocks = append(d.Blocks,
		doc.Block{Kind: doc.Paragraph, Runs: []doc.Run{{Text: h, Lang: "en", Link: `mailto:a@b.org?subject=<x>&body="y"`}}},
		doc.Block{Kind: doc.Heading, Level: 2, Runs: runs("en", h)},
		doc.Block{Kind: doc.Preformatted, Runs: runs("en", h+"\t"+h)},
	)
	return d
}

func TestHostileTextSurvives(t *testing.T) {
	w := newTestWriter(t)
	d := hostileDoc()
	p := unzip(t, write(t, w, d))
	wellFormed(t, p)
	want := doc.PlainText(d.Title)
	got := paragraphs(parse(t, p, partDocument))
	if len(got) < 2 || got[1] != want {
		t.Errorf("title paragraph = %q, want %q", got[1], want)
	}
	core := parse(t, p, partCore)
	if c := core.child("title"); c == nil || c.Text != d.TitleText {
		t.Errorf("dc:title = %+v, want %q", c, d.TitleText)
	}
	found := false
	for _, r := range rels(t, p, partDocRels) {
		if r.attr("", "Target") == `mailto:a@b.org?subject=<x>&body="y"` && r.attr("", "TargetMode") == "External" {
			found = true
		}
	}
	if !found {
		t.Error("mailto link relationship lost its text")
	}
}

func TestEnglishCarriesNoMyanmarFace(t *testing.T) {
	w := newTestWriter(t)
	b := write(t, w, englishDoc())
	p := unzip(t, b)
	for name, data := range p {
		if strings.HasPrefix(name, "word/fonts/") || strings.HasSuffix(name, ".odttf") {
			t.Errorf("English file holds font part %s", name)
		}
		for _, fam := range []string{"Myanmar", "Pyidaungsu", "embedTrueTypeFonts", "obfuscatedFont"} {
			if bytes.Contains(data, []byte(fam)) {
				t.Errorf("English file part %s mentions %s", name, fam)
			}
		}
	}
	if len(b) > 20<<10 {
		t.Errorf("English file is %d bytes, want under 20 KB", len(b))
	}
}

func TestEmbeddedFontsRoundTrip(t *testing.T) {
	w := newTestWriter(t)
	for _, family := range []string{"noto", "pyidaungsu"} {
		t.Run(family, func(t *testing.T) {
			b := write(t, w, myanmarDoc(family))
			p := unzip(t, b)
			fam := w.families[family]
			if !bytes.Contains(p[partSettings], []byte("<w:embedTrueTypeFonts/>")) {
				t.Error("settings.xml lacks <w:embedTrueTypeFonts/>")
			}
			if !bytes.Contains(p[partContentTypes], []byte(`<Default Extension="odttf" ContentType="`+obfuscatedFontType+`"`)) {
				t.Error("[Content_Types].xml lacks the odttf default")
			}
			fr := rels(t, p, partFontRels)
			seen := map[string]bool{}
			for _, f := range parse(t, p, partFontTable).Children {
				for _, e := range f.Children {
					if !strings.HasPrefix(e.XMLName.Local, "embed") {
						continue
					}
					if f.attr(nsW, "name") != fam.family {
						t.Errorf("embedded font under w:font %q, want %q", f.attr(nsW, "name"), fam.family)
					}
					key := e.attr(nsW, "fontKey")
					if key != strings.ToUpper(key) || len(key) != 38 {
						t.Errorf("fontKey %q is not an upper-case {GUID}", key)
					}
					r, ok := fr[e.attr(nsR, "id")]
					if !ok || r.attr("", "Type") != fontRelType {
						t.Fatalf("%s r:id %q has no font relationship", e.XMLName.Local, e.attr(nsR, "id"))
					}
					part := path.Join("word", r.attr("", "Target"))
					k, err := parseGUIDKey(key)
					if err != nil {
						t.Fatal(err)
					}
					want := fam.regular.face
					if e.XMLName.Local == "embedBold" {
						want = fam.bold.face
					}
					if got := obfuscate(p[part], k); !bytes.Equal(got, want.Data()) {
						t.Errorf("%s de-obfuscated with %s differs from %s", part, key, want.File)
					}
					if bytes.Equal(p[part][:32], want.Data()[:32]) {
						t.Errorf("%s is not obfuscated", part)
					}
					seen[e.XMLName.Local] = true
				}
			}
			if !seen["embedRegular"] || !seen["embedBold"] {
				t.Errorf("embedded %v, want regular and bold", seen)
			}
			if len(b) > 600<<10 {
				t.Errorf("Myanmar file is %d bytes, want under 600 KB", len(b))
			}
		})
	}
}

func TestOnlyUsedFacesEmbedded(t *testing.T) {
	w := newTestWriter(t)
	d := &doc.Document{Lang: "en", Title: runs("en", "Plain title"), Blocks: []doc.Block{{Kind: doc.Paragraph, Runs: runs("my", "Burmese: မြန်မာ")}}}
	p := unzip(t, write(t, w, d))
	ft := string(p[partFontTable])
	if !strings.Contains(ft, "embedRegular") || strings.Contains(ft, "embedBold") {
		t.Errorf("font table %s: want the regular face only", ft)
	}
	if len(p["word/fonts/font1.odttf"]) == 0 || len(p["word/fonts/font2.odttf"]) != 0 {
		t.Error("want exactly one font part")
	}
}

func TestFaceGUID(t *testing.T) {
	var sum [32]byte
	for i := range sum {
		sum[i] = byte(i * 17)
	}
	guid, key := faceGUID(sum)
	if guid != "{00112233-4455-8677-8899-AABBCCDDEEFF}" {
		t.Errorf("guid = %s", guid)
	}
	k2, err := parseGUIDKey(guid)
	if err != nil || k2 != key || key[0] != 0xFF || key[15] != 0x00 {
		t.Errorf("key = % x (parsed % x, %v), want the written bytes reversed", key, k2, err)
	}
}

// runInfo is what a test checks of one w:r.
type runInfo struct {
	text                       string
	ascii, hAnsi, eastAsia, cs string
	sz, szCs                   string
	b, bCs, i                  bool
	lang, bidi                 string
}

func docRuns(t testing.TB, p pkg, part string) []runInfo {
	var out []runInfo
	parse(t, p, part).walk(func(r elem) {
		if r.XMLName.Local != "r" {
			return
		}
		ri := runInfo{text: runText(r)}
		if rp := r.child("rPr"); rp != nil {
			if f := rp.child("rFonts"); f != nil {
				ri.ascii, ri.hAnsi, ri.eastAsia, ri.cs = f.attr(nsW, "ascii"), f.attr(nsW, "hAnsi"), f.attr(nsW, "eastAsia"), f.attr(nsW, "cs")
			}
			if s := rp.child("sz"); s != nil {
				ri.sz = s.attr(nsW, "val")
			}
			if s := rp.child("szCs"); s != nil {
				ri.szCs = s.attr(nsW, "val")
			}
			on := func(name string) bool {
				e := rp.child(name)
				return e != nil && e.attr(nsW, "val") != "false" && e.attr(nsW, "val") != "0"
			}
			ri.b, ri.bCs, ri.i = on("b"), on("bCs"), on("i") || on("iCs")
			if l := rp.child("lang"); l != nil {
				ri.lang, ri.bidi = l.attr(nsW, "val"), l.attr(nsW, "bidi")
			}
		}
		out = append(out, ri)
	})
	return out
}

func TestRunFontsPerScript(t *testing.T) {
	w := newTestWriter(t)
	for _, family := range []string{"noto", "pyidaungsu"} {
		t.Run(family, func(t *testing.T) {
			p := unzip(t, write(t, w, myanmarDoc(family)))
			my := w.families[family].family
			var sawLatin, sawMyanmar, sawBold bool
			for _, part := range []string{partDocument, partFooter} {
				for _, r := range docRuns(t, p, part) {
					if r.text == "" || strings.TrimSpace(r.text) == "" {
						continue
					}
					isMy := strings.ContainsFunc(r.text, doc.IsMyanmar)
					switch {
					case isMy:
						sawMyanmar = true
						if r.ascii != my || r.hAnsi != my || r.eastAsia != my || r.cs != my {
							t.Errorf("Myanmar run %q fonts %q/%q/%q/%q, want %q", r.text, r.ascii, r.hAnsi, r.eastAsia, r.cs, my)
						}
						if r.sz == "" || r.sz != r.szCs {
							t.Errorf("Myanmar run %q sz %q szCs %q", r.text, r.sz, r.szCs)
						}
						if r.b != r.bCs {
							t.Errorf("Myanmar run %q b %v bCs %v", r.text, r.b, r.bCs)
						}
						sawBold = sawBold || r.b
						if r.i {
							t.Errorf("Myanmar run %q is italic", r.text)
						}
						if r.lang != "my-MM" || r.bidi != "my-MM" {
							t.Errorf("Myanmar run %q lang %q bidi %q", r.text, r.lang, r.bidi)
						}
					default:
						sawLatin = true
						if r.ascii != latinFamily || r.hAnsi != latinFamily {
							t.Errorf("Latin run %q fonts %q/%q, want %q", r.text, r.ascii, r.hAnsi, latinFamily)
						}
					}
				}
			}
			if !sawLatin || !sawMyanmar || !sawBold {
				t.Errorf("saw Latin %v, Myanmar %v, bold Myanmar %v; want all", sawLatin, sawMyanmar, sawBold)
			}
			styles := string(p[partStyles])
			for _, want := range []string{`w:val="my-MM"`, `w:bidi="my-MM"`, `w:cs="` + my + `"`} {
				if !strings.Contains(styles, want) {
					t.Errorf("styles.xml docDefaults lack %s", want)
				}
			}
			if c := parse(t, p, partCore).child("language"); c == nil || c.Text != "my-MM" {
				t.Errorf("dc:language = %+v, want my-MM", c)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	w := newTestWriter(t)
	d := englishDoc()
	p := unzip(t, write(t, w, d))
	body := parse(t, p, partDocument)

	styles := map[string]bool{}
	for _, s := range parse(t, p, partStyles).Children {
		styles[s.attr(nsW, "styleId")] = true
	}
	for _, id := range []string{"Title", "Heading2", "Heading3", "ListBullet", "ListNumber", "Quote", "Hyperlink", "KindLabel", "MetaLine", "Footer"} {
		if !styles[id] {
			t.Errorf("styles.xml lacks style %s", id)
		}
	}

	var pStyles []string
	var numbered []string
	var brs, borders, links int
	docRels := rels(t, p, partDocRels)
	body.walk(func(e elem) {
		switch e.XMLName.Local {
		case "pStyle":
			pStyles = append(pStyles, e.attr(nsW, "val"))
		case "numPr":
			numbered = append(numbered, e.child("numId").attr(nsW, "val")+"/"+e.child("ilvl").attr(nsW, "val"))
		case "br":
			brs++
		case "pBdr":
			if e.child("bottom") != nil {
				borders++
			}
		case "hyperlink":
			links++
			r, ok := docRels[e.attr(nsR, "id")]
			if !ok || r.attr("", "TargetMode") != "External" || r.attr("", "Target") != "https://example.org/report" {
				t.Errorf("hyperlink r:id %q: relationship %+v", e.attr(nsR, "id"), r)
			}
			if rs := e.child("r").child("rPr").child("rStyle"); rs == nil || rs.attr(nsW, "val") != "Hyperlink" {
				t.Error("hyperlink run lacks the Hyperlink character style")
			}
		}
	})
	want := []string{"KindLabel", "Title", "MetaLine", "Normal", "Normal", "Heading2", "ListBullet", "ListBullet", "ListBullet", "ListContinue",
		"Heading3", "ListNumber", "ListNumber", "ListNumber", "HorizontalRule", "Quote", "Quote", "Preformatted", "ListNumber", "Normal"}
	if strings.Join(pStyles, ",") != strings.Join(want, ",") {
		t.Errorf("paragraph styles\n got %v\nwant %v", pStyles, want)
	}
	// Bullets share numId 1; the numbered list, its nested list and the
	// list starting at five get instances of their own.
	if got := strings.Join(numbered, ","); got != "1/0,1/1,1/0,3/0,4/1,3/0,5/0" {
		t.Errorf("numPr = %s", got)
	}
	num := string(p[partNumbering])
	for _, want := range []string{`<w:num w:numId="5"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>`, `w:numFmt w:val="bullet"`, `w:numFmt w:val="decimal"`} {
		if !strings.Contains(num, want) {
			t.Errorf("numbering.xml lacks %s", want)
		}
	}
	if brs != 2 || borders != 1 || links != 2 {
		t.Errorf("breaks %d, bottom borders %d, links %d; want 2, 1, 2", brs, borders, links)
	}
	if got := paragraphs(body); got[0] != "Statement" || got[1] != doc.PlainText(d.Title) {
		t.Errorf("first paragraphs %q", got[:2])
	}

	footer := string(p[partFooter])
	for _, want := range []string{`w:instr=" PAGE "`, `w:instr=" NUMPAGES "`, "Page ", " of "} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer lacks %s", want)
		}
	}
	fr := rels(t, p, partFooterRels)
	if r := fr["rId1"]; r.attr("", "Target") != d.URL || r.attr("", "TargetMode") != "External" {
		t.Errorf("footer link relationship %+v", r)
	}
	if !strings.Contains(string(p[partDocument]), `<w:footerReference w:type="default" r:id="rId5">`) {
		t.Error("sectPr lacks the footer reference")
	}

	core := parse(t, p, partCore)
	for name, want := range map[string]string{"title": d.TitleText, "creator": d.AuthorText, "language": "en-US", "created": "2025-01-29T00:00:00Z", "modified": "2025-01-29T00:00:00Z", "identifier": d.URL} {
		if c := core.child(name); c == nil || c.Text != want {
			t.Errorf("core %s = %+v, want %q", name, c, want)
		}
	}
	if !strings.Contains(string(p[partStyles]), `<w:lang w:val="en-US"`) {
		t.Error("styles.xml docDefaults lack w:lang en-US")
	}
	if app := parse(t, p, partApp); app.child("Application") == nil {
		t.Error("app.xml lacks Application")
	}
}

func TestDeterministic(t *testing.T) {
	w := newTestWriter(t)
	for _, d := range []*doc.Document{englishDoc(), myanmarDoc("noto"), {Lang: "en"}} {
		first := write(t, w, d)
		// Concurrent writes of the same document give the same bytes.
		const n = 4
		out := make(chan []byte, n)
		for range n {
			go func() {
				b, err := w.Write(context.Background(), d)
				if err != nil {
					t.Error(err)
				}
				out <- b
			}()
		}
		for range n {
			if b := <-out; !bytes.Equal(b, first) {
				t.Fatal("two writes of one document differ")
			}
		}
		// And a fresh writer too.
		if b := write(t, newTestWriter(t), d); !bytes.Equal(b, first) {
			t.Fatal("writes from two writers differ")
		}
	}
}

func TestCancelled(t *testing.T) {
	w := newTestWriter(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.Write(ctx, englishDoc()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestUnknownFamily(t *testing.T) {
	d := myanmarDoc("comic")
	if _, err := newTestWriter(t).Write(context.Background(), d); err == nil {
		t.Error("unknown Myanmar family accepted")
	}
}

// withFSType returns a copy of a TrueType font with its OS/2 fsType set.
func withFSType(t *testing.T, ttf []byte, fsType uint16) []byte {
	t.Helper()
	out := bytes.Clone(ttf)
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := range n {
		rec := out[12+16*i:]
		if string(rec[:4]) == "OS/2" {
			off := binary.BigEndian.Uint32(rec[8:])
			binary.BigEndian.PutUint16(out[off+8:], fsType)
			return out
		}
	}
	t.Fatal("no OS/2 table")
	return nil
}

func TestEmbeddingPermission(t *testing.T) {
	set, _ := fonts.MyanmarSet("noto")
	tests := []struct {
		name   string
		fsType uint16
		ok     bool
	}{
		{"installable", 0x0000, true},
		{"editable", 0x0008, true},
		{"restricted", 0x0002, false},
		{"preview and print", 0x0004, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkEmbeddable("test", withFSType(t, set.Regular.Data(), tc.fsType))
			if (err == nil) != tc.ok {
				t.Errorf("fsType %#04x: err = %v, want ok %v", tc.fsType, err, tc.ok)
			}
		})
	}
	for _, f := range fonts.All() {
		if f.Script == fonts.Myanmar {
			if err := checkEmbeddable(f.ID, f.Data()); err != nil {
				t.Errorf("bundled face refused: %v", err)
			}
		}
	}
}

// attrSet lists (element path, attribute, value) of an XML tree; styles
// are keyed by their styleId.
func attrSet(e elem, prefix string, out map[string]bool) {
	p := prefix + "/" + e.XMLName.Local
	if id := e.attr(nsW, "styleId"); id != "" {
		p += "[" + id + "]"
	}
	if len(e.Attrs) == 0 && len(e.Children) == 0 {
		out[p] = true
	}
	for _, a := range e.Attrs {
		out[p+"@"+a.Name.Local+"="+a.Value] = true
	}
	for _, c := range e.Children {
		attrSet(c, p, out)
	}
}

// TestStylesSurviveGodocx checks that godocx's parse and re-marshal of the
// styles part keeps every element and attribute of the template (only the
// document defaults' language and complex-script font are rewritten).
func TestStylesSurviveGodocx(t *testing.T) {
	w := newTestWriter(t)
	p := unzip(t, write(t, w, englishDoc()))
	var tmpl elem
	if err := xml.Unmarshal(w.tmpl.stylesXML, &tmpl); err != nil {
		t.Fatal(err)
	}
	want, got := map[string]bool{}, map[string]bool{}
	attrSet(tmpl, "", want)
	attrSet(parse(t, p, partStyles), "", got)
	for k := range want {
		if !got[k] && !strings.Contains(k, "/lang@") {
			t.Errorf("styles.xml lost %s", k)
		}
	}
}
