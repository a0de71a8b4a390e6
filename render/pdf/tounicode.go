package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"

	"github.com/docexport/docexport/render/shape"
)

// ToUnicode maps. fpdf's TrueType path writes no /ToUnicode, so a reader
// that ignores /ActualText would extract the WinAnsi characters of the
// one-byte codes. addToUnicode appends an incremental update (ISO 32000-1
// §7.5.6) to fpdf's output that gives every subset font a ToUnicode CMap:
// new CMap stream objects, new revisions of the font dictionaries, an xref
// section for them and a trailer pointing back (/Prev) to fpdf's.

// errPDFStructure is wrapped by errors about a PDF that is not laid out as
// addToUnicode expects (fpdf's classic xref table, uncompressed trailer and
// font dictionaries).
var errPDFStructure = errors.New("unexpected PDF structure")

// Limits on hostile or broken input.
const (
	maxXrefSections = 64      // /Prev chain length
	maxObjects      = 8388607 // ISO 32000-1 Annex C
	maxNesting      = 64      // nested arrays and dictionaries
	maxUnicodeUnits = 256     // UTF-16 units of one bfchar destination
	bfcharBlock     = 100     // entries per beginbfchar block
)

// addToUnicode returns pdf with an incremental update that adds a
// /ToUnicode CMap to every font dictionary whose /BaseFont is a key of maps
// (e.g. "ABCDEF+NotoSans-Regular"); maps[name][code] is the text of the
// glyph that one-byte code shows (codes without text get no entry). The
// input is not modified. Output is deterministic. Every name in maps must
// name a font of pdf.
func addToUnicode(pdf []byte, maps map[string]map[byte][]rune) ([]byte, error) {
	return addToUnicodeWith(pdf, maps, &zpool{})
}

// addToUnicodeWith is addToUnicode compressing the CMaps with z's writers
// (the Writer's pool, so that documents share them).
func addToUnicodeWith(pdf []byte, maps map[string]map[byte][]rune, z *zpool) ([]byte, error) {
	if len(maps) == 0 {
		return pdf, nil
	}
	xref, err := lastXref(pdf)
	if err != nil {
		return nil, fmt.Errorf("pdf: tounicode: %w", err)
	}
	objs, trailer, err := readXrefChain(pdf, xref)
	if err != nil {
		return nil, fmt.Errorf("pdf: tounicode: %w", err)
	}
	if _, ok := trailer.get("/Encrypt"); ok {
		return nil, fmt.Errorf("pdf: tounicode: %w: encrypted document", errPDFStructure)
	}
	root, ok := trailer.get("/Root")
	if !ok {
		return nil, fmt.Errorf("pdf: tounicode: %w: trailer has no /Root", errPDFStructure)
	}
	sizeRaw, _ := trailer.get("/Size")
	size, err := strconv.Atoi(string(sizeRaw))
	if err != nil || size <= 0 || size > maxObjects {
		return nil, fmt.Errorf("pdf: tounicode: %w: trailer /Size %q", errPDFStructure, sizeRaw)
	}

	// Font dictionaries to revise, in object number order.
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	type revision struct {
		num, gen int
		dict     pdfDict
		name     string
	}
	var fonts []revision
	found := map[string]bool{}
	for _, n := range nums {
		e := objs[n]
		d, ok := fontDictAt(pdf, n, e)
		if !ok {
			continue
		}
		bf, _ := d.get("/BaseFont")
		name, ok := decodeName(bf)
		if !ok {
			continue
		}
		if _, want := maps[name]; !want {
			continue
		}
		found[name] = true
		fonts = append(fonts, revision{num: n, gen: e.gen, dict: d, name: name})
	}
	var missing []string
	for name := range maps {
		if !found[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("pdf: tounicode: %w: no font dictionary with /BaseFont %v", errPDFStructure, missing)
	}
	if size+len(fonts) > maxObjects {
		return nil, fmt.Errorf("pdf: tounicode: %w: too many objects", errPDFStructure)
	}

	out := make([]byte, len(pdf), len(pdf)+2048*len(fonts)+512)
	copy(out, pdf)
	if out[len(out)-1] != '\n' && out[len(out)-1] != '\r' {
		out = append(out, '\n')
	}
	type xrefEntry struct{ num, gen, off int }
	var entries []xrefEntry
	next := size
	for _, f := range fonts {
		cmap, err := toUnicodeCMap(maps[f.name])
		if err != nil {
			return nil, fmt.Errorf("pdf: tounicode: font %s: %w", f.name, err)
		}
		zcmap, err := z.compress(cmap)
		if err != nil {
			return nil, fmt.Errorf("pdf: tounicode: compress: %w", err)
		}
		cm := next
		next++
		entries = append(entries, xrefEntry{cm, 0, len(out)})
		out = fmt.Appendf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", cm, len(zcmap))
		out = append(out, zcmap...)
		out = append(out, "\nendstream\nendobj\n"...)

		entries = append(entries, xrefEntry{f.num, f.gen, len(out)})
		out = fmt.Appendf(out, "%d %d obj\n<<", f.num, f.gen)
		for _, kv := range f.dict {
			if kv.key == "/ToUnicode" {
				continue
			}
			out = append(out, kv.key...)
			out = append(out, ' ')
			out = append(out, kv.val...)
			out = append(out, '\n')
		}
		out = fmt.Appendf(out, "/ToUnicode %d 0 R>>\nendobj\n", cm)
	}

	// The xref section: one subsection per run of consecutive numbers.
	slices.SortFunc(entries, func(a, b xrefEntry) int { return a.num - b.num })
	xrefOff := len(out)
	out = append(out, "xref\n"...)
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].num == entries[j-1].num+1 {
			j++
		}
		out = fmt.Appendf(out, "%d %d\n", entries[i].num, j-i)
		for _, e := range entries[i:j] {
			out = fmt.Appendf(out, "%010d %05d n \n", e.off, e.gen)
		}
		i = j
	}
	out = fmt.Appendf(out, "trailer\n<<\n/Size %d\n/Root %s\n", next, root)
	if info, ok := trailer.get("/Info"); ok {
		out = fmt.Appendf(out, "/Info %s\n", info)
	}
	if id, ok := trailer.get("/ID"); ok {
		out = fmt.Appendf(out, "/ID %s\n", id)
	}
	out = fmt.Appendf(out, "/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", xref, xrefOff)
	return out, nil
}

const hexDigits = "0123456789ABCDEF"

// toUnicodeCMap writes the ToUnicode CMap of a one-byte font.
func toUnicodeCMap(m map[byte][]rune) ([]byte, error) {
	codes := make([]int, 0, len(m))
	for c, text := range m {
		if len(text) > 0 {
			codes = append(codes, int(c))
		}
	}
	slices.Sort(codes)
	b := make([]byte, 0, 400+len(codes)*16)
	b = append(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"+
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"...)
	var units []uint16
	for i := 0; i < len(codes); i += bfcharBlock {
		block := codes[i:min(i+bfcharBlock, len(codes))]
		b = strconv.AppendInt(b, int64(len(block)), 10)
		b = append(b, " beginbfchar\n"...)
		for _, c := range block {
			units = units[:0]
			for _, r := range m[byte(c)] {
				units = utf16.AppendRune(units, r)
			}
			if len(units) > maxUnicodeUnits {
				return nil, fmt.Errorf("code %#02x: text of %d UTF-16 units", c, len(units))
			}
			b = append(b, '<', hexDigits[c>>4], hexDigits[c&15], '>', ' ', '<')
			for _, u := range units {
				b = append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
			}
			b = append(b, ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
	}
	b = append(b, "endcmap\nCMapName currentdict /CMapType get /CMap defineresource pop\nend\nend\n"...)
	return b, nil
}

// glyphRunes returns, for every glyph of a face, the character the face's
// Unicode cmap maps to it (the lowest one outside the Private Use Area when
// several do), or -1 for glyphs no character reaches (ligatures, Myanmar
// reordered and stacked forms). Compute it once per face.
func glyphRunes(sh *shape.Font, numGlyphs int) []rune {
	out := make([]rune, numGlyphs)
	for i := range out {
		out[i] = -1
	}
	pua := func(r rune) bool { return r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000 }
	sh.Cmap(func(r rune, g uint16) {
		if g == 0 || int(g) >= numGlyphs {
			return
		}
		cur := out[g]
		if cur < 0 || (pua(cur) && !pua(r)) || (pua(cur) == pua(r) && r < cur) {
			out[g] = r
		}
	})
	return out
}

// unicodeMaps returns the addToUnicode maps of a document's subsets: for
// each subset (named as embed names it), the character of every code whose
// glyph has one. runes returns a face's glyphRunes.
func (df *docFonts) unicodeMaps(runes func(*face) []rune) map[string]map[byte][]rune {
	out := map[string]map[byte][]rune{}
	for _, f := range df.faces {
		rs := runes(f)
		for _, glyphs := range df.chunks[f] {
			m := make(map[byte][]rune, len(glyphs))
			for i, g := range glyphs {
				if int(g) < len(rs) && rs[g] >= 0 {
					m[slotCodes[i]] = []rune{rs[g]}
				}
			}
			out[baseFont(f, glyphs)] = m
		}
	}
	return out
}

// objEntry is where an object lives (off -1: free).
type objEntry struct{ off, gen int }

// lastXref finds the offset after the last startxref keyword.
func lastXref(pdf []byte) (int, error) {
	i := bytes.LastIndex(pdf, []byte("startxref"))
	if i < 0 {
		return 0, fmt.Errorf("%w: no startxref", errPDFStructure)
	}
	l := lexer{b: pdf, p: i + len("startxref")}
	tok := l.token()
	off, err := strconv.Atoi(string(tok))
	if err != nil || off < 0 || off >= len(pdf) {
		return 0, fmt.Errorf("%w: startxref %q", errPDFStructure, tok)
	}
	if !bytes.Contains(pdf[l.p:], []byte("%%EOF")) {
		return 0, fmt.Errorf("%w: no %%%%EOF after startxref", errPDFStructure)
	}
	return off, nil
}

// readXrefChain reads the classic xref section at off and those its
// trailers' /Prev entries point to. Later sections win. It returns the
// objects in use and the newest trailer.
func readXrefChain(pdf []byte, off int) (map[int]objEntry, pdfDict, error) {
	objs := map[int]objEntry{}
	seen := map[int]bool{}
	var newest pdfDict
	for n := 0; ; n++ {
		if n == maxXrefSections || seen[off] {
			return nil, nil, fmt.Errorf("%w: xref /Prev chain loops or is too long", errPDFStructure)
		}
		seen[off] = true
		trailer, err := readXref(pdf, off, objs)
		if err != nil {
			return nil, nil, err
		}
		if newest == nil {
			newest = trailer
		}
		prev, ok := trailer.get("/Prev")
		if !ok {
			return objs, newest, nil
		}
		if off, err = strconv.Atoi(string(prev)); err != nil || off < 0 || off >= len(pdf) {
			return nil, nil, fmt.Errorf("%w: trailer /Prev %q", errPDFStructure, prev)
		}
	}
}

// readXref reads one xref section and its trailer, adding to objs the
// objects it lists that objs does not hold yet.
func readXref(pdf []byte, off int, objs map[int]objEntry) (pdfDict, error) {
	l := lexer{b: pdf, p: off}
	if tok := l.token(); string(tok) != "xref" {
		return nil, fmt.Errorf("%w: no xref table at %d (cross-reference streams are not supported)", errPDFStructure, off)
	}
	for {
		tok := l.token()
		if string(tok) == "trailer" {
			break
		}
		start, err1 := strconv.Atoi(string(tok))
		count, err2 := strconv.Atoi(string(l.token()))
		if err1 != nil || err2 != nil || start < 0 || count < 0 || start > maxObjects || count > maxObjects-start {
			return nil, fmt.Errorf("%w: xref subsection header at %d", errPDFStructure, l.p)
		}
		for i := range count {
			o, err1 := strconv.Atoi(string(l.token()))
			g, err2 := strconv.Atoi(string(l.token()))
			kind := string(l.token())
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") || o < 0 || g < 0 {
				return nil, fmt.Errorf("%w: xref entry %d at %d", errPDFStructure, start+i, l.p)
			}
			num := start + i
			if _, known := objs[num]; known {
				continue
			}
			if kind == "f" {
				objs[num] = objEntry{off: -1}
				continue
			}
			objs[num] = objEntry{off: o, gen: g}
		}
	}
	d, err := l.dict(0)
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	return d, nil
}

// fontDictAt parses object n at its xref entry and returns its dictionary
// if it is a font dictionary (not a stream).
func fontDictAt(pdf []byte, n int, e objEntry) (pdfDict, bool) {
	if e.off < 0 || e.off >= len(pdf) {
		return nil, false
	}
	l := lexer{b: pdf, p: e.off}
	if num, err := strconv.Atoi(string(l.token())); err != nil || num != n {
		return nil, false
	}
	if gen, err := strconv.Atoi(string(l.token())); err != nil || gen != e.gen {
		return nil, false
	}
	if string(l.token()) != "obj" {
		return nil, false
	}
	l.space()
	if !bytes.HasPrefix(pdf[l.p:], []byte("<<")) {
		return nil, false
	}
	d, err := l.dict(0)
	if err != nil {
		return nil, false
	}
	if string(l.token()) != "endobj" {
		return nil, false // a stream, or malformed
	}
	if t, _ := d.get("/Type"); string(t) != "/Font" {
		return nil, false
	}
	return d, true
}

// decodeName decodes a PDF name token (with #xx escapes) without its slash.
func decodeName(tok []byte) (string, bool) {
	if len(tok) < 2 || tok[0] != '/' {
		return "", false
	}
	var out []byte
	for i := 1; i < len(tok); i++ {
		if tok[i] == '#' && i+2 < len(tok) {
			v, err := strconv.ParseUint(string(tok[i+1:i+3]), 16, 8)
			if err != nil {
				return "", false
			}
			out = append(out, byte(v))
			i += 2
			continue
		}
		out = append(out, tok[i])
	}
	return string(out), true
}

// pdfDict is a dictionary's entries in order: keys (names, with the slash)
// and values as raw bytes of the file.
type pdfDict []dictEntry

type dictEntry struct {
	key string
	val []byte
}

func (d pdfDict) get(key string) ([]byte, bool) {
	for _, kv := range d {
		if kv.key == key {
			return kv.val, true
		}
	}
	return nil, false
}

// lexer reads PDF tokens from b at p.
type lexer struct {
	b []byte
	p int
}

func pdfSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func pdfDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// space skips white space and comments.
func (l *lexer) space() {
	for l.p < len(l.b) {
		switch c := l.b[l.p]; {
		case pdfSpace(c):
			l.p++
		case c == '%':
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
		default:
			return
		}
	}
}

// token returns the next regular token or delimiter group ("<<", ">>",
// "[", "]", a name with its slash); nil at the end.
func (l *lexer) token() []byte {
	l.space()
	if l.p >= len(l.b) {
		return nil
	}
	start := l.p
	c := l.b[l.p]
	switch {
	case c == '<' || c == '>':
		if l.p+1 < len(l.b) && l.b[l.p+1] == c {
			l.p += 2
		} else {
			l.p++
		}
		return l.b[start:l.p]
	case c == '/':
		l.p++
		for l.p < len(l.b) && !pdfSpace(l.b[l.p]) && !pdfDelim(l.b[l.p]) {
			l.p++
		}
		return l.b[start:l.p]
	case pdfDelim(c):
		l.p++
		return l.b[start:l.p]
	}
	for l.p < len(l.b) && !pdfSpace(l.b[l.p]) && !pdfDelim(l.b[l.p]) {
		l.p++
	}
	return l.b[start:l.p]
}

// dict reads a dictionary starting at the next token.
func (l *lexer) dict(depth int) (pdfDict, error) {
	if depth > maxNesting {
		return nil, fmt.Errorf("%w: nesting too deep", errPDFStructure)
	}
	if tok := l.token(); string(tok) != "<<" {
		return nil, fmt.Errorf("%w: dictionary expected at %d", errPDFStructure, l.p)
	}
	var d pdfDict
	for {
		tok := l.token()
		switch {
		case tok == nil:
			return nil, fmt.Errorf("%w: unterminated dictionary", errPDFStructure)
		case string(tok) == ">>":
			return d, nil
		case tok[0] != '/':
			return nil, fmt.Errorf("%w: dictionary key %q at %d", errPDFStructure, tok, l.p)
		}
		start, err := l.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d = append(d, dictEntry{key: string(tok), val: bytes.TrimSpace(l.b[start:l.p])})
	}
}

// value skips one object (an indirect reference counts as one) and
// returns where it starts.
func (l *lexer) value(depth int) (int, error) {
	if depth > maxNesting {
		return 0, fmt.Errorf("%w: nesting too deep", errPDFStructure)
	}
	l.space()
	start := l.p
	if l.p >= len(l.b) {
		return 0, fmt.Errorf("%w: value expected at the end", errPDFStructure)
	}
	switch c := l.b[l.p]; {
	case c == '(':
		open := 0
		for ; l.p < len(l.b); l.p++ {
			switch l.b[l.p] {
			case '\\':
				l.p++
			case '(':
				open++
			case ')':
				open--
			}
			if open == 0 {
				l.p++
				return start, nil
			}
		}
		return 0, fmt.Errorf("%w: unterminated string", errPDFStructure)
	case c == '<' && !bytes.HasPrefix(l.b[l.p:], []byte("<<")):
		end := bytes.IndexByte(l.b[l.p:], '>')
		if end < 0 {
			return 0, fmt.Errorf("%w: unterminated hex string", errPDFStructure)
		}
		l.p += end + 1
		return start, nil
	case c == '<':
		_, err := l.dict(depth)
		return start, err
	case c == '[':
		l.p++
		for {
			l.space()
			if l.p >= len(l.b) {
				return 0, fmt.Errorf("%w: unterminated array", errPDFStructure)
			}
			if l.b[l.p] == ']' {
				l.p++
				return start, nil
			}
			if _, err := l.value(depth + 1); err != nil {
				return 0, err
			}
		}
	}
	tok := l.token()
	if len(tok) == 0 || string(tok) == ">>" || string(tok) == "]" || string(tok) == ")" || string(tok) == ">" || string(tok) == "{" || string(tok) == "}" {
		return 0, fmt.Errorf("%w: value expected at %d", errPDFStructure, start)
	}
	// "N G R" is one value.
	if allDigits(tok) {
		save := l.p
		if g := l.token(); allDigits(g) {
			if r := l.token(); string(r) == "R" {
				return start, nil
			}
		}
		l.p = save
	}
	return start, nil
}

func allDigits(tok []byte) bool {
	if len(tok) == 0 || len(tok) > 10 {
		return false
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
