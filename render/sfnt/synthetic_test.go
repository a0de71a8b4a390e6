package sfnt

import (
	"encoding/binary"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// syntheticFont builds a minimal sfnt with head, maxp (numGlyphs glyphs)
// and a cmap of the given encoding records (subtables shared by position).
func syntheticFont(numGlyphs uint16, recs []encodingRecord) []byte {
	head := make([]byte, 54)
	binary.BigEndian.PutUint32(head, 0x00010000)
	binary.BigEndian.PutUint32(head[12:], 0x5F0F3CF5) // magic
	binary.BigEndian.PutUint16(head[18:], 1000)       // unitsPerEm
	maxp := make([]byte, 6)
	binary.BigEndian.PutUint32(maxp, 0x00005000)
	binary.BigEndian.PutUint16(maxp[4:], numGlyphs)
	cmap := make([]byte, 4+8*len(recs))
	binary.BigEndian.PutUint16(cmap[2:], uint16(len(recs)))
	for i, r := range recs {
		binary.BigEndian.PutUint16(cmap[4+8*i:], r.platform)
		binary.BigEndian.PutUint16(cmap[6+8*i:], r.encoding)
		binary.BigEndian.PutUint32(cmap[8+8*i:], uint32(len(cmap)))
		cmap = append(cmap, r.sub...)
	}
	f := &sfntFont{version: 0x00010000, tables: []table{{"head", head}, {"maxp", maxp}, {"cmap", cmap}}}
	return f.serialize()
}

// format14 is a variation-sequence subtable with one default UVS record.
func format14() []byte {
	b := make([]byte, 10+11+4+4)
	binary.BigEndian.PutUint16(b, 14)
	binary.BigEndian.PutUint32(b[2:], uint32(len(b)))
	binary.BigEndian.PutUint32(b[6:], 1)
	b[10], b[11], b[12] = 0x00, 0xFE, 0x00           // U+FE00
	binary.BigEndian.PutUint32(b[13:], 21)           // defaultUVSOffset
	binary.BigEndian.PutUint32(b[21:], 1)            // one range
	b[25], b[26], b[27], b[28] = 0x00, 0x00, 0x41, 0 // U+0041, +0
	return b
}

// syntheticFull is a font with a BMP format 4, a full-repertoire format 12
// (with a supplementary-plane mapping and a glyph reached only from there),
// a Macintosh format 6 and variation sequences.
func syntheticFull() []byte {
	bmp := []mapping{{'A', 1}, {'B', 2}, {0xE000, 5}}
	full := append(append([]mapping(nil), bmp...), mapping{0x1F600, 3})
	f4, _ := format4(bmp)
	mac := make([]byte, 12)
	binary.BigEndian.PutUint16(mac, 6)
	binary.BigEndian.PutUint16(mac[2:], 12)
	binary.BigEndian.PutUint16(mac[6:], 'A')
	binary.BigEndian.PutUint16(mac[8:], 1)
	binary.BigEndian.PutUint16(mac[10:], 1)
	return syntheticFont(7, []encodingRecord{
		{0, 3, f4}, {0, 4, format12(full)}, {0, 5, format14()}, {1, 0, mac}, {3, 1, f4}, {3, 10, format12(full)},
	})
}

func TestWithGlyphCodesFormat12(t *testing.T) {
	out, codeOf, err := WithGlyphCodes(syntheticFull())
	if err != nil {
		t.Fatal(err)
	}
	want := []rune{0, 'A', 'B', 0xE001, 0xE002, 0xE000, 0xE003}
	for g, c := range want {
		if codeOf[g] != c {
			t.Errorf("codeOf[%d] = %U, want %U", g, codeOf[g], c)
		}
	}
	recs := recordCmaps(t, out)
	wantIDs := [][2]uint16{{0, 3}, {0, 4}, {0, 5}, {1, 0}, {3, 1}, {3, 10}}
	if len(recs) != len(wantIDs)-1 { // (0,5) is not listed
		t.Errorf("%d records, want %d", len(recs), len(wantIDs)-1)
	}
	for _, id := range wantIDs {
		cm, ok := recs[id]
		if !ok && id != [2]uint16{0, 5} {
			t.Errorf("record %v missing", id)
			continue
		}
		if !isUnicodeRecord(id[0], id[1]) {
			continue
		}
		for g, c := range want[1:] {
			if got, ok := cm.Lookup(c); !ok || int(got) != g+1 {
				t.Errorf("record %v: %U -> %d, want %d", id, c, got, g+1)
			}
		}
		_, supp := cm.Lookup(0x1F600)
		if full := isFullRecord(id[0], id[1]); supp != full {
			t.Errorf("record %v: U+1F600 mapped %v, want %v", id, supp, full)
		}
	}
	// The variation sequences and the Macintosh subtable are kept.
	f, err := parse(out)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, err := tables.ParseCmap(f.get("cmap"))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range parsed.Records {
		switch r.Subtable.(type) {
		case tables.CmapSubtable4:
			kinds = append(kinds, "4")
		case tables.CmapSubtable6:
			kinds = append(kinds, "6")
		case tables.CmapSubtable12:
			kinds = append(kinds, "12")
		case tables.CmapSubtable14:
			kinds = append(kinds, "14")
		}
	}
	if got := fmtKinds(kinds); got != "4 12 14 6 4 12" {
		t.Errorf("subtable formats %q, want %q", got, "4 12 14 6 4 12")
	}
	checkChecksums(t, out)
}

// fmtKinds joins subtable formats with spaces.
func fmtKinds(k []string) string {
	s := ""
	for i, x := range k {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s
}

func TestFormat4Segments(t *testing.T) {
	tests := []struct {
		name string
		m    []mapping
		segs int // including the final 0xFFFF segment
	}{
		{"empty", nil, 1},
		{"one", []mapping{{'A', 3}}, 2},
		{"delta run", []mapping{{'A', 3}, {'B', 4}, {'C', 5}, {'D', 6}, {'E', 7}}, 2},
		{"scattered glyphs", []mapping{{'A', 9}, {'B', 4}, {'C', 7}}, 2},
		{"gap", []mapping{{'A', 3}, {'C', 4}}, 3},
		{"long run then short", []mapping{{'A', 3}, {'B', 4}, {'C', 5}, {'D', 6}, {'E', 1}, {'F', 9}}, 3},
		{"last code", []mapping{{0xFFFE, 2}}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := format4(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if got := int(binary.BigEndian.Uint16(b[6:])) / 2; got != tc.segs {
				t.Errorf("%d segments, want %d", got, tc.segs)
			}
			sub, _, err := tables.ParseCmapSubtable(b)
			if err != nil {
				t.Fatal(err)
			}
			cm := recordCmapsOf(t, sub)
			for _, p := range tc.m {
				if g, ok := cm.Lookup(p.code); !ok || uint16(g) != p.glyph {
					t.Errorf("%U -> %d (%v), want %d", p.code, g, ok, p.glyph)
				}
			}
			n := 0
			it := cm.Iter()
			for it.Next() {
				if _, g := it.Char(); g != 0 {
					n++
				}
			}
			if n != len(tc.m) {
				t.Errorf("%d mappings read back, want %d", n, len(tc.m))
			}
		})
	}
}

// recordCmapsOf returns the go-text mapping of one subtable as (3,1).
func recordCmapsOf(t *testing.T, sub tables.CmapSubtable) font.Cmap {
	t.Helper()
	cm, _, err := font.ProcessCmap(tables.Cmap{Records: []tables.EncodingRecord{{PlatformID: 3, EncodingID: 1, Subtable: sub}}}, tables.FPNone)
	if err != nil {
		t.Fatal(err)
	}
	return cm
}
