package doc

import (
	"reflect"
	"testing"
)

func TestSplitScripts(t *testing.T) {
	type piece struct {
		text   string
		script Script
	}
	for _, tc := range []struct {
		name string
		in   string
		want []piece
	}{
		{"empty", "", nil},
		{"latin only", "Hello world", []piece{{"Hello world", Latin}}},
		{"myanmar keeps its spaces", "မြန်မာ နိုင်ငံ", []piece{{"မြန်မာ နိုင်ငံ", Myanmar}}},
		{"latin inside myanmar", "ကောင်စီ (SAC-M) က", []piece{{"ကောင်စီ ", Myanmar}, {"(SAC-M) ", Latin}, {"က", Myanmar}}},
		{"leading spaces take the next script", "  မြန်မာ", []piece{{"  မြန်မာ", Myanmar}}},
		{"myanmar digits are myanmar, latin digits latin", "၂၀၂၅ 2025", []piece{{"၂၀၂၅ ", Myanmar}, {"2025", Latin}}},
		{"zero-width joiner stays in its run", "က\u200dခ", []piece{{"က\u200dခ", Myanmar}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []piece
			for _, r := range SplitScripts(tc.in, Run{Bold: true}) {
				if !r.Bold || r.Lang != LangOf(r.Script) {
					t.Errorf("run %+v lost its style or language", r)
				}
				got = append(got, piece{r.Text, r.Script})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SplitScripts(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	runs := []Run{{Text: "a"}, {Break: true}, {Text: "b"}}
	if got := PlainText(runs); got != "a\nb" {
		t.Errorf("PlainText = %q", got)
	}
}
