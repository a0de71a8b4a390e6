package sfnt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/shape"
	"github.com/docexport/docexport/render/testtool"
)

// parseFace parses a font with go-text, the oracle of these tests.
func parseFace(t testing.TB, ttf []byte) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		t.Fatalf("go-text cannot parse the font: %v", err)
	}
	return f
}

// outline returns a glyph's outline (composites resolved by go-text).
func outline(t testing.TB, face *font.Face, g font.GID) []font.Segment {
	t.Helper()
	o, ok := face.GlyphData(g).(font.GlyphOutline)
	if !ok {
		t.Fatalf("glyph %d has no outline", g)
	}
	return o.Segments
}

// checkChecksums verifies every table checksum of the directory, the table
// alignment and the whole-font checksum that head.checkSumAdjustment makes
// 0xB1B0AFBA.
func checkChecksums(t *testing.T, ttf []byte) {
	t.Helper()
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		rec := ttf[12+16*i:]
		tag := string(rec[:4])
		sum := binary.BigEndian.Uint32(rec[4:])
		off := binary.BigEndian.Uint32(rec[8:])
		length := binary.BigEndian.Uint32(rec[12:])
		if off%4 != 0 {
			t.Errorf("table %q at unaligned offset %d", tag, off)
		}
		data := append([]byte(nil), ttf[off:off+length]...)
		if tag == "head" {
			clear(data[8:12])
		}
		if got := checksum(data); got != sum {
			t.Errorf("table %q checksum %#08x, directory says %#08x", tag, got, sum)
		}
	}
	if got := checksum(ttf); got != 0xB1B0AFBA {
		t.Errorf("font checksum %#08x, want 0xB1B0AFBA", got)
	}
}

// isComposite reports whether glyph g of s is a composite glyph
// (numberOfContours < 0).
func (s *Subsetter) isComposite(g uint16) bool {
	d := s.glyph(g)
	return len(d) >= 10 && int16(binary.BigEndian.Uint16(d)) < 0
}

// countComposites returns the number of composite glyphs of a face.
func countComposites(s *Subsetter) int {
	n := 0
	for g := range s.NumGlyphs() {
		if s.isComposite(uint16(g)) {
			n++
		}
	}
	return n
}

// componentsOf returns the component glyph ids of a composite glyph.
func (s *Subsetter) componentsOf(t testing.TB, g uint16) []uint16 {
	t.Helper()
	d := s.glyph(g)
	var out []uint16
	if err := components(d, func(off int) { out = append(out, binary.BigEndian.Uint16(d[off:])) }); err != nil {
		t.Fatalf("glyph %d: %v", g, err)
	}
	return out
}

// selection picks up to n glyphs of a face: composites whose components
// are not themselves selected, glyphs spread over the whole range (simple,
// empty, composite alike), in an order that is not sorted.
func selection(t testing.TB, s *Subsetter, n int) (glyphs []uint16, composites int) {
	t.Helper()
	picked := map[uint16]bool{}
	comps := map[uint16]bool{}
	for g := 1; g < s.NumGlyphs() && composites < n/4; g++ {
		if !s.isComposite(uint16(g)) {
			continue
		}
		cs := s.componentsOf(t, uint16(g))
		clash := false
		for _, c := range cs {
			if picked[c] {
				clash = true
			}
		}
		if clash || comps[uint16(g)] {
			continue
		}
		for _, c := range cs {
			comps[c] = true
		}
		picked[uint16(g)] = true
		glyphs = append(glyphs, uint16(g))
		composites++
	}
	step := max(1, s.NumGlyphs()/n)
	for g := s.NumGlyphs() - 1; g > 0 && len(glyphs) < n; g -= step {
		if !picked[uint16(g)] && !comps[uint16(g)] {
			picked[uint16(g)] = true
			glyphs = append(glyphs, uint16(g))
		}
	}
	return glyphs, composites
}

// codesFor gives n glyphs distinct BMP codes: a run of consecutive codes
// (format 4 delta segments), then scattered ones (glyph id array segments).
func codesFor(n int) []rune {
	codes := make([]rune, n)
	for i := range codes {
		if i < n/2 {
			codes[i] = 0x21 + rune(i)
		} else {
			codes[i] = 0x2000 + 3*rune(i)
		}
	}
	return codes
}

func TestSubsetBundled(t *testing.T) {
	for _, face := range fonts.All() {
		t.Run(face.ID, func(t *testing.T) {
			orig := face.Data()
			s, err := NewSubsetter(orig)
			if err != nil {
				t.Fatal(err)
			}
			glyphs, composites := selection(t, s, 215)
			if composites == 0 && countComposites(s) > 0 {
				t.Fatalf("no composite glyph selected in %s", face.ID)
			}
			codes := codesFor(len(glyphs))
			out, err := s.Subset(glyphs, codes)
			if err != nil {
				t.Fatal(err)
			}
			checkChecksums(t, out)
			of, sf := parseFace(t, orig), parseFace(t, out)

			// Each code reaches a copy of its glyph: same outline, same advance.
			inSubset := map[font.GID]bool{0: true}
			for i, c := range codes {
				g := font.GID(glyphs[i])
				sg, ok := sf.Cmap.Lookup(c)
				if !ok || sg == 0 {
					t.Errorf("code %U (glyph %d) not mapped in the subset", c, g)
					continue
				}
				inSubset[sg] = true
				if !reflect.DeepEqual(outline(t, sf, sg), outline(t, of, g)) {
					t.Errorf("code %U: subset glyph %d outline differs from glyph %d", c, sg, g)
				}
				if a, b := sf.HorizontalAdvance(sg), of.HorizontalAdvance(g); a != b {
					t.Errorf("code %U: advance %v, glyph %d has %v", c, a, g, b)
				}
			}
			// The cmap maps nothing else.
			n := 0
			for it := sf.Cmap.Iter(); it.Next(); {
				if _, g := it.Char(); g != 0 {
					n++
				}
			}
			if n != len(codes) {
				t.Errorf("subset cmap maps %d code points, want %d", n, len(codes))
			}

			// .notdef is glyph 0.
			if !reflect.DeepEqual(outline(t, sf, 0), outline(t, of, 0)) || sf.HorizontalAdvance(0) != of.HorizontalAdvance(0) {
				t.Error("subset glyph 0 is not the face's .notdef")
			}

			// Component closure: the subset holds exactly .notdef, the
			// selected glyphs and their components (recursively), every
			// component of a subset composite is in the subset, and the
			// composites' outlines (go-text resolves components) matched above.
			want := map[uint16]bool{0: true}
			var walk func(g uint16)
			walk = func(g uint16) {
				if want[g] && g != 0 {
					return
				}
				want[g] = true
				if s.isComposite(g) {
					for _, c := range s.componentsOf(t, g) {
						walk(c)
					}
				}
			}
			for _, g := range glyphs {
				walk(g)
			}
			sub, err := NewSubsetter(out)
			if err != nil {
				t.Fatalf("subset does not parse as a subset source: %v", err)
			}
			if sub.NumGlyphs() != len(want) {
				t.Errorf("subset has %d glyphs, want %d (selection %d + components + .notdef)", sub.NumGlyphs(), len(want), len(glyphs))
			}
			if composites > 0 && sub.NumGlyphs() <= len(glyphs)+1 {
				t.Errorf("no component glyph was added (%d glyphs for %d selected)", sub.NumGlyphs(), len(glyphs))
			}
			for g := range sub.NumGlyphs() {
				if !sub.isComposite(uint16(g)) {
					continue
				}
				for _, c := range sub.componentsOf(t, uint16(g)) {
					if int(c) >= sub.NumGlyphs() {
						t.Errorf("subset glyph %d has component %d past the subset's %d glyphs", g, c, sub.NumGlyphs())
					}
				}
			}

			// Deterministic.
			again, err := s.Subset(glyphs, codes)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("second subset differs (err %v)", err)
			}
			t.Logf("%d glyphs (%d composites) -> %d glyphs, %d bytes (face %d bytes)", len(glyphs), composites, sub.NumGlyphs(), len(out), len(orig))
		})
	}
}

// TestSubsetFontTools decompiles a subset of every bundled face with
// fontTools (ttx), an independent reader that rejects inconsistent tables.
func TestSubsetFontTools(t *testing.T) {
	ttx := testtool.Need(t, "ttx")
	dir := t.TempDir()
	var paths []string
	for _, face := range fonts.All() {
		s, err := NewSubsetter(face.Data())
		if err != nil {
			t.Fatal(err)
		}
		glyphs, _ := selection(t, s, 60)
		out, err := s.Subset(glyphs, codesFor(len(glyphs)))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, face.ID+".ttf")
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	args := append([]string{"-q", "-d", dir}, paths...)
	out, err := exec.Command(ttx, args...).CombinedOutput()
	if err != nil || bytes.Contains(bytes.ToLower(out), []byte("error")) {
		t.Fatalf("ttx: %v\n%s", err, out)
	}
	for _, p := range paths {
		x, err := os.ReadFile(strings.TrimSuffix(p, ".ttf") + ".ttx")
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"<glyf>", "<cmap_format_4 platformID=\"3\" platEncID=\"1\"", "<hmtx>", "<post>"} {
			if !bytes.Contains(x, []byte(tag)) {
				t.Errorf("%s: ttx output lacks %s", filepath.Base(p), tag)
			}
		}
	}
}

func TestSubsetErrors(t *testing.T) {
	s, err := NewSubsetter(fonts.All()[0].Data())
	if err != nil {
		t.Fatal(err)
	}
	n := uint16(s.NumGlyphs())
	tests := []struct {
		name   string
		glyphs []uint16
		codes  []rune
		want   string
	}{
		{"length mismatch", []uint16{1, 2}, []rune{'a'}, "2 glyphs but 1 codes"},
		{"duplicate code", []uint16{1, 2}, []rune{'a', 'a'}, "used twice"},
		{"glyph out of range", []uint16{1, n}, []rune{'a', 'b'}, "out of range"},
		{"code outside the BMP", []uint16{1}, []rune{0x1F600}, "outside the BMP"},
		{"code FFFF", []uint16{1}, []rune{0xFFFF}, "outside the BMP"},
		{"code zero", []uint16{1}, []rune{0}, "outside the BMP"},
		{"negative code", []uint16{1}, []rune{-1}, "outside the BMP"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := s.Subset(tc.glyphs, tc.codes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Subset = %d bytes, %v; want an error containing %q", len(out), err, tc.want)
			}
		})
	}
	// No glyphs at all is a valid (.notdef only) font.
	out, err := s.Subset(nil, nil)
	if err != nil {
		t.Fatalf("empty subset: %v", err)
	}
	parseFace(t, out)
	if sub, err := NewSubsetter(out); err != nil || sub.NumGlyphs() != 1 {
		t.Errorf("empty subset: %v, want 1 glyph", err)
	}
}

func TestNewSubsetterErrors(t *testing.T) {
	noto := fonts.All()[0].Data()
	tests := []struct {
		name string
		in   func() []byte
		want error
	}{
		{"empty", func() []byte { return nil }, ErrMalformed},
		{"collection", func() []byte { return []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00") }, ErrMalformed},
		{"truncated", func() []byte { return noto[:200] }, ErrMalformed},
		{"no glyf", func() []byte { return renameTable(t, noto, "glyf", "xlyf") }, ErrUnsupported},
		{"no loca", func() []byte { return renameTable(t, noto, "loca", "xoca") }, ErrMalformed},
		{"no hmtx", func() []byte { return renameTable(t, noto, "hmtx", "xmtx") }, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewSubsetter(tc.in()); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// renameTable returns a copy of ttf with a table's tag changed.
func renameTable(t *testing.T, ttf []byte, from, to string) []byte {
	t.Helper()
	out := append([]byte(nil), ttf...)
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := range n {
		if rec := out[12+16*i:]; string(rec[:4]) == from {
			copy(rec, to)
			return out
		}
	}
	t.Fatalf("no table %q", from)
	return nil
}

func FuzzSubset(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, uint16(1), uint16(2))
	f.Fuzz(func(t *testing.T, data []byte, g1, g2 uint16) {
		s, err := NewSubsetter(data)
		if err != nil {
			return
		}
		out, err := s.Subset([]uint16{g1, g2, 0}, []rune{'A', 'B', 'C'})
		if err != nil {
			return
		}
		// A subset is itself a font the subsetter reads.
		if _, err := NewSubsetter(out); err != nil {
			t.Fatalf("subset does not parse again: %v", err)
		}
	})
}

// BenchmarkSubsetMyanmar cuts ~200 glyphs that shaping a Myanmar text
// produces out of Noto Sans Myanmar, as the PDF writer does per document.
func BenchmarkSubsetMyanmar(b *testing.B) {
	set, _ := fonts.MyanmarSet(fonts.FamilyNoto)
	data := set.Regular.Data()
	s, err := NewSubsetter(data)
	if err != nil {
		b.Fatal(err)
	}
	sh, err := shape.Load(data)
	if err != nil {
		b.Fatal(err)
	}
	text := []rune(strings.Repeat("ပြည်ထောင်စု သမ္မတ မြန်မာ နိုင်ငံတော် အင်္ဂလိပ် ကြွက် ဗုဒ္ဓ ", 4))
	seen := map[uint16]bool{}
	var glyphs []uint16
	for _, g := range sh.Shape(nil, text, 0, len(text), doc.Myanmar, "my") {
		if !seen[g.ID] && g.ID != 0 {
			seen[g.ID] = true
			glyphs = append(glyphs, g.ID)
		}
	}
	// Fill up to 200 with further glyphs, as a longer text would.
	for g := uint16(1); len(glyphs) < 200 && int(g) < s.NumGlyphs(); g++ {
		if !seen[g] {
			seen[g] = true
			glyphs = append(glyphs, g)
		}
	}
	codes := codesFor(len(glyphs))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Subset(glyphs, codes); err != nil {
			b.Fatal(err)
		}
	}
}
