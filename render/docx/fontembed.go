package docx

import (
	"bytes"
	"compress/flate"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strings"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/sfnt"
)

// Content and relationship types of embedded fonts (ECMA-376 Part 1 §17.8.1).
const (
	obfuscatedFontType = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
	fontRelType        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
)

// embeddedFace is a face prepared once for embedding: obfuscated with its
// key and deflated, ready to be copied raw into every package that uses it.
type embeddedFace struct {
	face *fonts.Face
	// guid is the obfuscation key as Word writes it: "{XXXXXXXX-XXXX-...}",
	// upper-case hex (LibreOffice ignores a lower-case key).
	guid string
	// odttf is the obfuscated font; deflated is its raw deflate stream.
	odttf, deflated []byte
	crc             uint32
}

// embeddedFamily is a Myanmar family's regular and bold faces.
type embeddedFamily struct {
	family        string
	regular, bold *embeddedFace
}

// faceGUID derives a face's key from its SHA-256, so the same face always
// gets the same key and documents stay deterministic. The bytes are shaped
// as an RFC 9562 version 8 (custom) UUID.
func faceGUID(sum [32]byte) (guid string, key [16]byte) {
	var b [16]byte
	copy(b[:], sum[:16])
	b[6] = b[6]&0x0f | 0x80
	b[8] = b[8]&0x3f | 0x80
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	guid = "{" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32] + "}"
	return guid, guidKey(b)
}

// guidKey returns the obfuscation key of a GUID whose 16 bytes are given in
// the order its hex digits are written: the same bytes, reversed.
func guidKey(written [16]byte) [16]byte {
	var k [16]byte
	for i := range k {
		k[i] = written[15-i]
	}
	return k
}

// obfuscate XORs the key over bytes 0-15 and again over bytes 16-31 of a
// copy of the font. The operation is its own inverse.
func obfuscate(font []byte, key [16]byte) []byte {
	out := bytes.Clone(font)
	for i := 0; i < 32 && i < len(out); i++ {
		out[i] ^= key[i%16]
	}
	return out
}

// parseGUIDKey returns the obfuscation key of a "{...}" GUID string.
func parseGUIDKey(guid string) ([16]byte, error) {
	var written [16]byte
	h := strings.NewReplacer("{", "", "}", "", "-", "").Replace(guid)
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 16 {
		return written, fmt.Errorf("docx: bad font key %q", guid)
	}
	copy(written[:], b)
	return guidKey(written), nil
}

// checkEmbeddable refuses a face whose OS/2 fsType does not allow
// embedding in an editable document.
func checkEmbeddable(id string, ttf []byte) error {
	fsType, err := sfnt.FSType(ttf)
	if err != nil {
		return fmt.Errorf("docx: face %s: %w", id, err)
	}
	if !sfnt.EmbeddingAllowed(fsType) {
		return fmt.Errorf("docx: face %s: OS/2 fsType %#04x forbids embedding in editable documents", id, fsType)
	}
	return nil
}

// prepareFace checks that a face may be embedded and obfuscates and
// compresses it.
func prepareFace(f *fonts.Face) (*embeddedFace, error) {
	if err := checkEmbeddable(f.ID, f.Data()); err != nil {
		return nil, err
	}
	guid, key := faceGUID(f.SHA256())
	odttf := obfuscate(f.Data(), key)
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("docx: deflate %s: %w", f.ID, err)
	}
	if _, err := zw.Write(odttf); err != nil {
		return nil, fmt.Errorf("docx: deflate %s: %w", f.ID, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docx: deflate %s: %w", f.ID, err)
	}
	return &embeddedFace{face: f, guid: guid, odttf: odttf, deflated: buf.Bytes(), crc: crc32.ChecksumIEEE(odttf)}, nil
}

// prepareFamilies prepares the regular and bold faces of every Myanmar family.
func prepareFamilies() (map[string]*embeddedFamily, error) {
	out := map[string]*embeddedFamily{}
	for _, name := range fonts.MyanmarFamilies() {
		set, ok := fonts.MyanmarSet(name)
		if !ok || set.Regular == nil || set.Bold == nil {
			return nil, fmt.Errorf("docx: Myanmar family %q incomplete", name)
		}
		reg, err := prepareFace(set.Regular)
		if err != nil {
			return nil, err
		}
		bold, err := prepareFace(set.Bold)
		if err != nil {
			return nil, err
		}
		out[name] = &embeddedFamily{family: set.Regular.Family, regular: reg, bold: bold}
	}
	return out, nil
}

// fontPart is an embedded font file placed in one package.
type fontPart struct {
	name string // package part name, e.g. "word/fonts/font1.odttf"
	face *embeddedFace
}

// fontTable writes word/fontTable.xml and, when fonts are embedded, its
// relationships; it returns the font parts to add to the package. my is the
// Myanmar family (nil when the document has no Myanmar text); useRegular and
// useBold tell which of its faces the text needs.
func fontTable(my *embeddedFamily, useRegular, useBold, embed bool) (table, rels []byte, parts []fontPart) {
	var t, r strings.Builder
	t.WriteString(xmlHeader)
	t.WriteString(`<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	t.WriteString(`<w:font w:name="` + latinFamily + `"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>`)
	t.WriteString(`<w:font w:name="` + monoFamily + `"><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`)
	if my != nil {
		t.WriteString(`<w:font w:name="`)
		t.WriteString(attrEscape(my.family))
		t.WriteString(`"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>`)
		if embed {
			r.WriteString(xmlHeader)
			r.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
			add := func(elem string, f *embeddedFace) {
				n := len(parts) + 1
				id := fmt.Sprintf("rId%d", n)
				parts = append(parts, fontPart{name: fmt.Sprintf("word/fonts/font%d.odttf", n), face: f})
				fmt.Fprintf(&r, `<Relationship Id="%s" Type="%s" Target="fonts/font%d.odttf"/>`, id, fontRelType, n)
				fmt.Fprintf(&t, `<w:%s r:id="%s" w:fontKey="%s"/>`, elem, id, f.guid)
			}
			if useRegular {
				add("embedRegular", my.regular)
			}
			if useBold {
				add("embedBold", my.bold)
			}
			r.WriteString(`</Relationships>`)
		}
		t.WriteString(`</w:font>`)
	}
	t.WriteString(`</w:fonts>`)
	if len(parts) == 0 {
		return []byte(t.String()), nil, nil
	}
	return []byte(t.String()), []byte(r.String()), parts
}
