package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// newPressServer is newTestServer with the press routes enabled before
// the server starts.
func newPressServer(t testing.TB, cfg Config, pcfg PressConfig, wrap func(Renderer) Renderer) *testServer {
	t.Helper()
	return newTestServerWith(t, cfg, wrap, func(s *Server) error { return s.EnablePress(pcfg) })
}

// corpusStatement decodes a JSON sample of the corpus.
func corpusStatement(t testing.TB, name string) render.Statement {
	t.Helper()
	var st render.Statement
	if err := json.Unmarshal(testtool.ReadCorpus(t, name), &st); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return st
}

// batchZip is a decoded batch response.
type batchZip struct {
	files    map[string][]byte
	order    []string
	manifest manifest
}

func readBatchZip(t testing.TB, resp *http.Response, body []byte) batchZip {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/zip" {
		t.Fatalf("Content-Type %q, want application/zip", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="statements.zip"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	out := batchZip{files: map[string][]byte{}}
	for _, f := range zr.File {
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v, want the fixed %v", f.Name, f.Modified, zipTime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := out.files[f.Name]; dup {
			t.Errorf("entry %q twice", f.Name)
		}
		out.files[f.Name] = b
		out.order = append(out.order, f.Name)
	}
	if n := len(out.order); n == 0 || out.order[n-1] != manifestName {
		t.Fatalf("the last entry is not %s: %v", manifestName, out.order)
	}
	dec := json.NewDecoder(bytes.NewReader(out.files[manifestName]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out.manifest); err != nil {
		t.Fatalf("manifest: %v\n%s", err, out.files[manifestName])
	}
	return out
}

func TestBatchSamplesAndFailures(t *testing.T) {
	needWriter(t, render.PDF)
	needWriter(t, render.DOCX)
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	en, my := corpusStatement(t, "statement-en.json"), corpusStatement(t, "statement-my.json")
	invalid := render.Statement{Lang: "xx", Title: "Bad", Body: "b"}
	body := fmt.Sprintf(`{"formats":["pdf","docx"],"statements":[%s,%s,%s,{"lang":"en","title":"T","body":"B","colour":"red"}]}`,
		batchJSON(t, en), batchJSON(t, my), batchJSON(t, invalid))
	before := ts.scrape(t)
	resp, got := ts.postJSON(t, RouteBatch, body)
	z := readBatchZip(t, resp, got)

	if len(z.files) != 5 {
		t.Fatalf("entries %v, want 4 documents and the manifest", z.order)
	}
	m := z.manifest
	if m.Documents != 4 || m.Failed != 4 || len(m.Items) != 8 {
		t.Fatalf("manifest documents=%d failed=%d items=%d, want 4, 4, 8", m.Documents, m.Failed, len(m.Items))
	}
	for i, it := range m.Items {
		wantIndex, wantFormat := i/2, []string{"pdf", "docx"}[i%2]
		if it.Index != wantIndex || it.Format != wantFormat {
			t.Errorf("item %d is statement %d %s, want %d %s (input order)", i, it.Index, it.Format, wantIndex, wantFormat)
		}
		switch it.Index {
		case 0, 1:
			st := []render.Statement{en, my}[it.Index]
			data, ok := z.files[it.File]
			if it.Error != nil || !ok {
				t.Fatalf("item %d: error %+v, file %q present %v", i, it.Error, it.File, ok)
			}
			want := fmt.Sprintf("-%s.%s", st.Lang, it.Format)
			if !strings.HasSuffix(it.File, want) {
				t.Errorf("file %q does not end in %q", it.File, want)
			}
			sum := sha256.Sum256(data)
			if it.Bytes != len(data) || it.SHA256 != hex.EncodeToString(sum[:]) || it.Lang != st.Lang {
				t.Errorf("item %d: bytes %d sha %s lang %s do not describe the entry", i, it.Bytes, it.SHA256, it.Lang)
			}
			// The same bytes as a single render.
			r1, single := ts.postJSON(t, "/v1/render/"+it.Format, st)
			if r1.StatusCode != http.StatusOK {
				t.Fatalf("/v1/render/%s: %d %.200s", it.Format, r1.StatusCode, single)
			}
			if !bytes.Equal(single, data) {
				t.Errorf("%s: batch document (%d bytes) differs from /v1/render's (%d bytes)", it.File, len(data), len(single))
			}
		case 2:
			if it.Error == nil || it.Error.Code != render.CodeInvalidField || it.Error.Field != "lang" || !strings.Contains(it.Error.Message, "xx") {
				t.Errorf("item %d: error %+v, want invalid_field lang naming the value", i, it.Error)
			}
			if it.File != "" || it.Bytes != 0 {
				t.Errorf("failed item %d has file %q, %d bytes", i, it.File, it.Bytes)
			}
		case 3:
			if it.Error == nil || it.Error.Code != render.CodeInvalidField || it.Error.Field != "colour" {
				t.Errorf("item %d: error %+v, want invalid_field colour (unknown field)", i, it.Error)
			}
		}
	}

	// Each render is counted as /v1/render counts it: 4 ok and 2 invalid
	// (the undecodable statement never reaches the renderer), plus the 4
	// single renders above.
	after := ts.scrape(t)
	for _, c := range []struct {
		outcome string
		want    float64
	}{{OutcomeOK, 8}, {OutcomeInvalid, 2}} {
		d := counterValue(after, MetricRendersTotal, map[string]string{"outcome": c.outcome}) -
			counterValue(before, MetricRendersTotal, map[string]string{"outcome": c.outcome})
		if d != c.want {
			t.Errorf("%s{outcome=%q} rose by %v, want %v", MetricRendersTotal, c.outcome, d, c.want)
		}
	}
}

func TestBatchDeterministic(t *testing.T) {
	needWriter(t, render.PDF)
	needWriter(t, render.DOCX)
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	sts := []render.Statement{statement(), myanmarStatement(), statement(), {Lang: "en"}}
	req := map[string]any{"formats": []string{"docx", "pdf"}, "statements": sts}
	_, a := ts.postJSON(t, RouteBatch, req)
	_, b := ts.postJSON(t, RouteBatch, req)
	if !bytes.Equal(a, b) {
		t.Fatalf("the same batch gave different bytes (%d vs %d)", len(a), len(b))
	}
}

func TestBatchNamesHostileTitles(t *testing.T) {
	needWriter(t, render.PDF)
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	titles := []string{
		"../../etc/passwd", "CON", "con", strings.Repeat("Long title ", 28)[:300], "?!*<>|",
		"", // invalid: title required
		"   ...   ", "Same", "same", "SAME!", "မြန်မာ ထုတ်ပြန်ချက်", "\u202Egpj.exe",
	}
	var sts []render.Statement
	for _, title := range titles {
		st := statement()
		st.Title = title
		sts = append(sts, st)
	}
	resp, body := ts.postJSON(t, RouteBatch, map[string]any{"formats": []string{"pdf"}, "statements": sts})
	z := readBatchZip(t, resp, body)
	want := map[int]string{
		0: "etc-passwd-en.pdf", 1: "_con-en.pdf", 2: "_con-en-2.pdf", 4: "statement-en.pdf",
		6: "statement-en-2.pdf", 7: "same-en.pdf", 8: "same-en-2.pdf", 9: "same-en-3.pdf",
		10: "မြန်မာ-ထုတ်ပြန်ချက်-en.pdf", 11: "gpj-exe-en.pdf",
	}
	for _, it := range z.manifest.Items {
		if it.Index == 5 {
			if it.Error == nil || it.Error.Field != "title" {
				t.Errorf("empty title: error %+v, want invalid_field title", it.Error)
			}
			continue
		}
		if w, ok := want[it.Index]; ok && it.File != w {
			t.Errorf("title %q: file %q, want %q", titles[it.Index], it.File, w)
		}
		if _, ok := z.files[it.File]; !ok {
			t.Errorf("title %q: file %q not in the ZIP", titles[it.Index], it.File)
		}
	}
	for name := range z.files {
		base := strings.TrimSuffix(strings.TrimSuffix(name, ".pdf"), ".json")
		if strings.ContainsAny(name, `/\:*?"<>|`) || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "-") ||
			len(base) > render.MaxSlugBytes+len("-en-99") || windowsReservedName(base) {
			t.Errorf("unsafe entry name %q", name)
		}
	}
}

func windowsReservedName(s string) bool {
	switch strings.ToLower(s) {
	case "con", "prn", "aux", "nul", "com1", "lpt1":
		return true
	}
	return false
}

func TestBatchLimits(t *testing.T) {
	ts := newPressServer(t, DefaultConfig(), PressConfig{MaxBatchItems: 3, MaxBatchBodyBytes: 4096}, nil)
	one := batchJSON(t, statement())
	tests := []struct {
		name, method, contentType, body string
		status                          int
		code                            render.Code
		field                           string
	}{
		{"too many items", "POST", mediaJSON, `{"formats":["pdf","docx"],"statements":[` + one + "," + one + `]}`, 413, CodeTooManyItems, "statements"},
		{"body too large", "POST", mediaJSON, `{"formats":["pdf"],"statements":["` + strings.Repeat("x", 5000) + `"]}`, 413, CodeBodyTooLarge, ""},
		{"empty batch", "POST", mediaJSON, `{"formats":["pdf"],"statements":[]}`, 422, render.CodeInvalidField, "statements"},
		{"no statements key", "POST", mediaJSON, `{"formats":["pdf"]}`, 422, render.CodeInvalidField, "statements"},
		{"unknown format", "POST", mediaJSON, `{"formats":["pdf","odt"],"statements":[` + one + `]}`, 422, render.CodeInvalidField, "formats"},
		{"no formats", "POST", mediaJSON, `{"statements":[` + one + `]}`, 422, render.CodeInvalidField, "formats"},
		{"repeated format", "POST", mediaJSON, `{"formats":["pdf","pdf"],"statements":[` + one + `]}`, 422, render.CodeInvalidField, "formats"},
		{"unknown key", "POST", mediaJSON, `{"formats":["pdf"],"statements":[` + one + `],"zip":true}`, 422, render.CodeInvalidField, "zip"},
		{"malformed", "POST", mediaJSON, `{"formats":["pdf"],`, 400, CodeInvalidJSON, ""},
		{"trailing data", "POST", mediaJSON, `{"formats":["pdf"],"statements":[` + one + `]} {}`, 400, CodeInvalidJSON, ""},
		{"not json", "POST", "text/plain", `{}`, 415, CodeUnsupportedMediaType, ""},
		{"get", "GET", "", ``, 405, CodeMethodNotAllowed, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := ts.do(t, tc.method, RouteBatch, tc.contentType, []byte(tc.body), nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			e := apiError(t, resp, body)
			if e.Code != tc.code || e.Field != tc.field || e.Message == "" {
				t.Errorf("error %+v, want code %s field %q", e, tc.code, tc.field)
			}
		})
	}
}

// countingRenderer counts renders, tracks how many run at once and makes
// each take a while.
type countingRenderer struct {
	next          Renderer
	delay         time.Duration
	started       atomic.Int64
	running, peak atomic.Int64
}

func (c *countingRenderer) Render(ctx context.Context, st render.Statement, f render.Format) (*render.Result, error) {
	c.started.Add(1)
	n := c.running.Add(1)
	defer c.running.Add(-1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-time.After(c.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return c.next.Render(ctx, st, f)
}

func TestBatchParallelWithinLimit(t *testing.T) {
	needWriter(t, render.PDF)
	cfg := DefaultConfig()
	cfg.MaxRenders = 2
	var cr *countingRenderer
	ts := newPressServer(t, cfg, DefaultPressConfig(), func(r Renderer) Renderer {
		cr = &countingRenderer{next: r, delay: 30 * time.Millisecond}
		return cr
	})
	sts := make([]render.Statement, 8)
	for i := range sts {
		sts[i] = statement()
	}
	resp, body := ts.postJSON(t, RouteBatch, map[string]any{"formats": []string{"pdf"}, "statements": sts})
	z := readBatchZip(t, resp, body)
	if z.manifest.Documents != 8 {
		t.Fatalf("documents %d, want 8: %+v", z.manifest.Documents, z.manifest.Items)
	}
	if p := cr.peak.Load(); p != 2 {
		t.Errorf("peak concurrent renders %d, want exactly the limit 2", p)
	}
}

func TestBatchClientDisconnectStopsRenders(t *testing.T) {
	needWriter(t, render.PDF)
	cfg := DefaultConfig()
	cfg.MaxRenders = 1
	var cr *countingRenderer
	ts := newPressServer(t, cfg, DefaultPressConfig(), func(r Renderer) Renderer {
		cr = &countingRenderer{next: r, delay: 100 * time.Millisecond}
		return cr
	})
	const n = 40
	sts := make([]render.Statement, n)
	for i := range sts {
		sts[i] = statement()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+RouteBatch,
		bytes.NewReader([]byte(batchJSON(t, map[string]any{"formats": []string{"pdf"}, "statements": sts}))))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mediaJSON)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	// Read the first entry's header, then go away.
	var first [64]byte
	if _, err := io.ReadFull(resp.Body, first[:]); err != nil {
		t.Fatalf("read the start of the ZIP: %v", err)
	}
	cancel()
	resp.Body.Close()
	stopped := cr.started.Load()
	time.Sleep(500 * time.Millisecond) // long enough for 5 more renders
	final := cr.started.Load()
	if final > stopped+1 || final >= n/2 {
		t.Errorf("renders went on after the client left: %d when it left, %d later, of %d", stopped, final, n)
	}
	waitFor(t, func() bool { return ts.srv.Limiter().InFlight() == 0 })
	waitFor(t, func() bool { return strings.Contains(ts.logText(), `"status":499`) })
}

func TestBatchUpload(t *testing.T) {
	needWriter(t, render.PDF)
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	files := []struct{ name, data string }{
		{"statement-en.md", string(testtool.ReadCorpus(t, "statement-en.md"))},
		{"statement-my.json", string(testtool.ReadCorpus(t, "statement-my.json"))},
		{"broken.md", "---\nlang: en\ntitle: [oops\nauthor: x: y\n---\nbody"},
		{"unknown.md", "---\nlang: en\ntitel: T\n---\nbody"},
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename=%q`, f.name))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		_, _ = w.Write([]byte(f.data))
	}
	_ = mw.WriteField("formats", "pdf")
	// An empty file input, as browsers send it when nothing is chosen.
	_, _ = mw.CreateFormFile("files", "")
	_ = mw.Close()
	resp, body := ts.do(t, http.MethodPost, RouteBatchUpload, mw.FormDataContentType(), buf.Bytes(), nil)
	z := readBatchZip(t, resp, body)
	m := z.manifest
	if m.Documents != 2 || m.Failed != 2 {
		t.Fatalf("documents %d failed %d, want 2 and 2: %+v", m.Documents, m.Failed, m.Items)
	}
	for _, it := range m.Items {
		if it.Source != files[it.Index].name {
			t.Errorf("item %d source %q, want %q", it.Index, it.Source, files[it.Index].name)
		}
	}
	if e := m.Items[2].Error; e == nil || !strings.HasPrefix(e.Message, "broken.md:") {
		t.Errorf("broken.md: error %+v, want a message starting with broken.md:LINE", e)
	}
	if e := m.Items[3].Error; e == nil || !strings.HasPrefix(e.Message, `unknown.md:3: front matter: unknown key "titel"`) {
		t.Errorf("unknown.md: error %+v", e)
	}
}

func batchJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
