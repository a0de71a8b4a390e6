package sfnt

import (
	"encoding/binary"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

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
