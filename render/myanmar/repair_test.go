package myanmar

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRepair(t *testing.T) {
	tests := []struct {
		name, in, want string
		kinds          []string
		offsets        []int
	}{
		{"clean", "မြန်မာ", "မြန်မာ", nil, nil},
		{"latin", "hello 0", "hello 0", nil, nil},
		{"zero as wa", "အ၀ိုင်း", "အဝိုင်း", []string{FixWa}, []int{1}},
		{"zero between letters", "က၀က", "ကဝက", []string{FixWa}, []int{1}},
		{"zero in number", "၂၀၂၅", "၂၀၂၅", nil, nil},
		{"zero alone", "က ၀ က", "က ၀ က", nil, nil},
		{"four as locative", "၄င်းတို့", "၎င်းတို့", []string{FixLocative}, []int{0}},
		{"four in number", "၁၄င်း", "၁၄င်း", nil, nil},
		{"four alone", "၄ ရက်", "၄ ရက်", nil, nil},
		{"asat before dot below", "ကြည့််", "ကြည့််", []string{FixMarkOrder}, []int{3}},
		{"asat before dot below once", "ကြည့််", "ကြည့််", []string{FixMarkOrder}, []int{3}},
		{"canonical order kept", "ကြည့်", "ကြည့်", nil, nil},
		{"duplicate vowel", "ကိိ", "ကိ", []string{FixDuplicateMark}, []int{2}},
		{"triple asat", "က်််", "က်", []string{FixDuplicateMark, FixDuplicateMark}, []int{2, 3}},
		{"latin marks untouched", "e\u0301\u0301", "e\u0301\u0301", nil, nil},
	}
	// Fix the one case whose input is built from code points for clarity.
	tests[9].in = "ကြည\u103a\u1037"
	tests[9].want = "ကြည\u1037\u103a"
	tests[10].in = "ကြည\u103a\u1037\u1037"
	tests[10].want = "ကြည\u1037\u103a\u1037"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, fixes := Repair(tc.in)
			if got != tc.want {
				t.Errorf("Repair(%q) = %q (%U), want %q", tc.in, got, []rune(got), tc.want)
			}
			var kinds []string
			var offs []int
			for _, f := range fixes {
				kinds = append(kinds, f.Kind)
				offs = append(offs, f.Offset)
				if f.Message == "" {
					t.Errorf("fix without message: %+v", f)
				}
			}
			if strings.Join(kinds, ",") != strings.Join(tc.kinds, ",") || len(offs) != len(tc.offsets) {
				t.Fatalf("fixes = %+v, want kinds %v at %v", fixes, tc.kinds, tc.offsets)
			}
			for i := range offs {
				if offs[i] != tc.offsets[i] {
					t.Errorf("fix %d at %d, want %d", i, offs[i], tc.offsets[i])
				}
			}
		})
	}
}

// TestRepairSample: the sample is clean Unicode, and stays as it is.
func TestRepairSample(t *testing.T) {
	paragraphs, _, _ := samplePieces(t)
	for _, p := range paragraphs {
		if got, fixes := Repair(p); got != p || len(fixes) != 0 {
			t.Errorf("Repair changed sample paragraph: %v", fixes)
		}
	}
}

func FuzzRepair(f *testing.F) {
	for _, s := range []string{"", "အ၀ိုင်း", "၄င်း", "ကြည\u103a\u1037", "ကိိ", "၀", "၄င်"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, fixes := Repair(s)
		n := utf8.RuneCountInString(s)
		for _, fx := range fixes {
			if fx.Offset < 0 || fx.Offset >= n {
				t.Fatalf("fix offset %d outside %d code points", fx.Offset, n)
			}
		}
		if len(fixes) == 0 && got != s {
			t.Fatalf("changed without fixes: %q -> %q", s, got)
		}
		// Repairing is idempotent, except that swapping marks can bring
		// duplicates together.
		again, more := Repair(got)
		if len(more) > 0 && !strings.Contains(s, "\u103a\u1037") {
			t.Fatalf("Repair not idempotent on %q: %q -> %q %+v", s, got, again, more)
		}
	})
}

func FuzzZawgyiToUnicode(f *testing.F) {
	for _, s := range []string{"", "ျမန္မာ", "ေက်ာင္း", "၄", "၀က", "\u200b \u200b", "\u1031\u1031\u103b", "a\nb\u1031"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := ZawgyiToUnicode(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		// The transform removes and adds bounded material: at most four
		// code points per input code point.
		if utf8.RuneCountInString(out) > 4*utf8.RuneCountInString(s) {
			t.Fatalf("output grew too much: %q -> %q", s, out)
		}
		if !strings.ContainsFunc(s, isMyanmar) && !strings.ContainsRune(s, 0x200B) && out != s {
			t.Fatalf("non-Myanmar text changed: %q -> %q", s, out)
		}
	})
}

func FuzzInvalidClusters(f *testing.F) {
	for _, s := range []string{"", "ေက", "ကိ ေက ိ", "ကြည\u103a\u1037\u103a", "\u1039\u1039", "ဝ\ufe00ေ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		prev := -1
		for _, o := range InvalidClusters(s) {
			if o < 0 || o >= n || o <= prev {
				t.Fatalf("offsets out of order or range: %v in %d", InvalidClusters(s), n)
			}
			prev = o
		}
	})
}

func BenchmarkZawgyiToUnicode(b *testing.B) {
	paragraphs, _, _ := samplePieces(b)
	zaw := uconv(b, "my-Zawgyi", paragraphs)
	s := strings.Join(zaw, " ")
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		ZawgyiToUnicode(s)
	}
}

func BenchmarkInvalidClusters(b *testing.B) {
	paragraphs, _, _ := samplePieces(b)
	s := strings.Join(paragraphs, " ")
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		InvalidClusters(s)
	}
}
