package sfnt

import (
	"errors"
	"testing"

	"github.com/docexport/docexport/fonts"
)

func TestEmbeddingAllowed(t *testing.T) {
	tests := []struct {
		name   string
		fsType uint16
		want   bool
	}{
		{"installable", 0x0000, true},
		{"restricted", 0x0002, false},
		{"preview and print", 0x0004, false},
		{"editable", 0x0008, true},
		{"editable no subsetting", 0x0108, true},
		{"editable bitmap only", 0x0208, true},
		{"restricted and editable", 0x000A, false},
		{"print and editable", 0x000C, true},
		{"no subsetting only", 0x0100, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EmbeddingAllowed(tc.fsType); got != tc.want {
				t.Errorf("EmbeddingAllowed(%#04x) = %v, want %v", tc.fsType, got, tc.want)
			}
		})
	}
}

func TestFSTypeBundled(t *testing.T) {
	for _, f := range fonts.All() {
		t.Run(f.ID, func(t *testing.T) {
			fs, err := FSType(f.Data())
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("fsType %#04x", fs)
			if !EmbeddingAllowed(fs) {
				t.Errorf("bundled face %s has fsType %#04x, which forbids embedding", f.ID, fs)
			}
		})
	}
}

func TestFSTypeMalformed(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"short", []byte{0, 1, 0, 0}},
		{"bad version", []byte("abcdefghijklmnop")},
		{"no tables", []byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"truncated directory", []byte{0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 'O', 'S'}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FSType(tc.in); !errors.Is(err, ErrMalformed) {
				t.Errorf("FSType = %v, want ErrMalformed", err)
			}
		})
	}
}

func FuzzFSType(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if fs, err := FSType(data); err == nil {
			_ = EmbeddingAllowed(fs)
		}
	})
}
