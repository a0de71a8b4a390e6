package sfnt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"

	"github.com/docexport/docexport/fonts"
)

// goTextCmap returns the Unicode mapping go-text (HarfBuzz's choice of
// subtable) reads from a font.
func goTextCmap(t *testing.T, ttf []byte) (map[rune]font.GID, font.Cmap, int) {
	t.Helper()
	face, err := font.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		t.Fatalf("go-text cannot parse the font: %v", err)
	}
	m := map[rune]font.GID{}
	it := face.Cmap.Iter()
	for it.Next() {
		r, g := it.Char()
		if g != 0 {
			m[r] = g
		}
	}
	return m, face.Cmap, numGlyphsOf(t, ttf)
}

// numGlyphsOf reads maxp.numGlyphs.
func numGlyphsOf(t *testing.T, ttf []byte) int {
	t.Helper()
	f, err := parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	return int(binary.BigEndian.Uint16(f.get("maxp")[4:]))
}

// recordCmaps returns, for every (platform, encoding) record of the font's
// cmap but variation sequences, the mapping that record alone yields.
func recordCmaps(t *testing.T, ttf []byte) map[[2]uint16]font.Cmap {
	t.Helper()
	f, err := parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	cm, _, err := tables.ParseCmap(f.get("cmap"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[[2]uint16]font.Cmap{}
	for _, rec := range cm.Records {
		if _, uvs := rec.Subtable.(tables.CmapSubtable14); uvs {
			continue // variation sequences map no code point alone
		}
		one, _, err := font.ProcessCmap(tables.Cmap{Records: []tables.EncodingRecord{rec}}, tables.FPNone)
		if err != nil {
			t.Fatalf("record (%d,%d): %v", rec.PlatformID, rec.EncodingID, err)
		}
		out[[2]uint16{uint16(rec.PlatformID), uint16(rec.EncodingID)}] = one
	}
	return out
}

// checkChecksums verifies every table checksum of the directory and the
// whole-font checksum that head.checkSumAdjustment makes 0xB1B0AFBA.
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

func TestWithGlyphCodesBundled(t *testing.T) {
	for _, face := range fonts.All() {
		t.Run(face.ID, func(t *testing.T) {
			orig := face.Data()
			out, codeOf, err := WithGlyphCodes(orig)
			if err != nil {
				t.Fatal(err)
			}
			before, _, numGlyphs := goTextCmap(t, orig)
			after, cmap, numAfter := goTextCmap(t, out)
			if numAfter != numGlyphs || len(codeOf) != numGlyphs {
				t.Fatalf("glyph count %d -> %d, len(codeOf) %d", numGlyphs, numAfter, len(codeOf))
			}
			// Every original mapping is kept.
			for r, g := range before {
				if after[r] != g {
					t.Errorf("U+%04X: glyph %d before, %d after", r, g, after[r])
				}
			}
			// Every glyph is reachable through a BMP code point (U+0000,
			// which fpdf drops, does not count).
			lowest := map[font.GID]rune{}
			for r, g := range before {
				if r > 0 && r <= 0xFFFF && (lowest[g] == 0 || r < lowest[g]) {
					lowest[g] = r
				}
			}
			pua := 0
			for g := 1; g < numGlyphs; g++ {
				c := codeOf[g]
				if c <= 0 || c > 0xFFFF {
					t.Errorf("glyph %d: code %U not in the BMP", g, c)
					continue
				}
				if got, ok := cmap.Lookup(c); !ok || got != font.GID(g) {
					t.Errorf("glyph %d: code %U looks up glyph %d (%v)", g, c, got, ok)
				}
				if low, ok := lowest[font.GID(g)]; ok {
					if c != low {
						t.Errorf("glyph %d: code %U, want its lowest BMP code %U", g, c, low)
					}
					continue
				}
				pua++
				if c < puaFirst || c > puaLast {
					t.Errorf("unmapped glyph %d got %U outside the PUA", g, c)
				}
				if _, taken := before[c]; taken {
					t.Errorf("glyph %d got %U, which the font already maps", g, c)
				}
			}
			if codeOf[0] != 0 {
				t.Errorf("codeOf[0] = %U, want 0", codeOf[0])
			}
			// Nothing else was added.
			if len(after) != len(before)+pua {
				t.Errorf("%d mappings after, want %d original + %d PUA", len(after), len(before), pua)
			}
			t.Logf("%d glyphs, %d mapped before, %d PUA code points added, %d -> %d bytes", numGlyphs, len(before), pua, len(orig), len(out))

			// Each Unicode record on its own (fpdf reads the first (3,1) or
			// (0,*) format 4) yields the full mapping.
			recs := recordCmaps(t, out)
			if _, ok := recs[[2]uint16{3, 1}]; !ok {
				t.Error("no (3,1) subtable")
			}
			for id, cm := range recs {
				if !isUnicodeRecord(id[0], id[1]) {
					continue
				}
				for r, g := range after {
					if got, ok := cm.Lookup(r); !ok || got != g {
						t.Errorf("record %v: U+%04X -> %d (%v), want %d", id, r, got, ok, g)
					}
				}
			}

			// Other tables are byte for byte the same.
			fo, err := parse(orig)
			if err != nil {
				t.Fatal(err)
			}
			fn, err := parse(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(fn.tables) != len(fo.tables) {
				t.Errorf("%d tables, want %d", len(fn.tables), len(fo.tables))
			}
			for _, tb := range fo.tables {
				if tb.tag == "cmap" {
					continue
				}
				got := fn.get(tb.tag)
				if tb.tag == "head" {
					got, tb.data = append([]byte(nil), got...), append([]byte(nil), tb.data...)
					clear(got[8:12])
					clear(tb.data[8:12])
				}
				if !bytes.Equal(got, tb.data) {
					t.Errorf("table %q changed", tb.tag)
				}
			}
			checkChecksums(t, out)

			// Deterministic, and idempotent on its own output.
			again, _, err := WithGlyphCodes(orig)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("second run differs (err %v)", err)
			}
			twice, codes2, err := WithGlyphCodes(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(twice, out) {
				t.Error("WithGlyphCodes on its own output changed the font")
			}
			for g := range codes2 {
				if codes2[g] != codeOf[g] {
					t.Errorf("second pass: glyph %d code %U, first pass %U", g, codes2[g], codeOf[g])
				}
			}
		})
	}
}

func TestWithGlyphCodesErrors(t *testing.T) {
	noto := fonts.All()[0].Data()
	tests := []struct {
		name string
		in   func() []byte
		want error
	}{
		{"empty", func() []byte { return nil }, ErrMalformed},
		{"collection", func() []byte { return []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00") }, ErrMalformed},
		{"truncated", func() []byte { return noto[:200] }, ErrMalformed},
		{"no cmap", func() []byte { return renameTable(t, noto, "cmap", "xmap") }, ErrMalformed},
		{"no maxp", func() []byte { return renameTable(t, noto, "maxp", "xaxp") }, ErrMalformed},
		{"symbol cmap", func() []byte { return setRecordID(t, noto, 3, 0) }, ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := WithGlyphCodes(tc.in())
			if !errors.Is(err, tc.want) {
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

// setRecordID returns a copy of ttf whose every cmap encoding record is
// (platform, encoding).
func setRecordID(t *testing.T, ttf []byte, platform, encoding uint16) []byte {
	t.Helper()
	out := append([]byte(nil), ttf...)
	f, err := parse(out)
	if err != nil {
		t.Fatal(err)
	}
	cm := f.get("cmap")
	for i := range int(binary.BigEndian.Uint16(cm[2:])) {
		binary.BigEndian.PutUint16(cm[4+8*i:], platform)
		binary.BigEndian.PutUint16(cm[6+8*i:], encoding)
	}
	return out
}

func BenchmarkWithGlyphCodes(b *testing.B) {
	for _, face := range fonts.All() {
		b.Run(face.ID, func(b *testing.B) {
			data := face.Data()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := WithGlyphCodes(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzWithGlyphCodes(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add(syntheticFull())
	f.Fuzz(func(t *testing.T, data []byte) {
		out, codeOf, err := WithGlyphCodes(data)
		if err != nil {
			return
		}
		// A font that went through is parseable again and stable.
		out2, codeOf2, err := WithGlyphCodes(out)
		if err != nil {
			t.Fatalf("output does not go through again: %v", err)
		}
		if len(codeOf2) != len(codeOf) || len(out2) == 0 {
			t.Fatalf("second pass: %d codes, first %d", len(codeOf2), len(codeOf))
		}
	})
}

func FuzzFSType(f *testing.F) {
	f.Add(syntheticFull())
	f.Fuzz(func(t *testing.T, data []byte) {
		if fs, err := FSType(data); err == nil {
			_ = EmbeddingAllowed(fs)
		}
	})
}
