package handlers

import (
	"net/http"
	"strings"
	"testing"

	"github.com/docexport/docexport/render"
)

// TestMyanmarFindingsReachHeaders renders real statements whose Myanmar
// text is broken, repairable or Zawgyi, and checks what the response
// headers say about it (the document is still made).
func TestMyanmarFindingsReachHeaders(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	for _, tc := range []struct {
		name          string
		title, body   string
		wantWarnings  []string
		wantConverted string
	}{
		{name: "vowel sign e typed before its consonant", title: "ထုတ်ပြန်ချက်", body: "ေကာင်း ပါသည်",
			wantWarnings: []string{"invalid_sequence body@0"}},
		{name: "digit zero used as the letter wa", title: "ထုတ်ပြန်ချက်", body: "အ၀တ်",
			wantWarnings: []string{"repaired body@1"}},
		{name: "zawgyi title converted", title: "ျမန္မာ", body: "မြန်မာ",
			wantConverted: "zawgyi"},
		{name: "clean text has no findings", title: "ထုတ်ပြန်ချက်", body: "မြန်မာနိုင်ငံ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range []string{"pdf", "docx"} {
				st := render.Statement{Lang: "my", Title: tc.title, Body: tc.body}
				resp, body := ts.postJSON(t, "/v1/render/"+f, st)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d: %s", f, resp.StatusCode, body)
				}
				got := resp.Header.Get(HeaderWarnings)
				for _, w := range tc.wantWarnings {
					if !strings.Contains(got, w) {
						t.Errorf("%s: %s = %q, want it to name %q", f, HeaderWarnings, got, w)
					}
				}
				if len(tc.wantWarnings) == 0 && got != "" {
					t.Errorf("%s: unexpected %s %q", f, HeaderWarnings, got)
				}
				if c := resp.Header.Get("Docexport-Converted"); c != tc.wantConverted {
					t.Errorf("%s: Docexport-Converted = %q, want %q", f, c, tc.wantConverted)
				}
			}
		})
	}
}
