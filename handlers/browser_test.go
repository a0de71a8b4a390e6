package handlers

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// browserTimeout bounds the whole browser test, browser start included.
const browserTimeout = 60 * time.Second

// TestBrowserDownloadsMyanmarPDF drives headless Chromium through the web
// page: it fills the form with the Myanmar sample, clicks "Download PDF"
// and checks the downloaded file's text with pdftotext.
func TestBrowserDownloadsMyanmarPDF(t *testing.T) {
	chromium := testtool.Need(t, "chromium")
	pdftotext := testtool.Need(t, "pdftotext")
	needWriter(t, render.PDF)
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	st := corpusStatement(t, "statement-my.json")
	downloads := t.TempDir()

	// The timeout is on the allocator's parent: it bounds the browser too.
	root, cancelRoot := context.WithTimeout(context.Background(), browserTimeout)
	defer cancelRoot()
	actx, cancelAlloc := chromedp.NewExecAllocator(root,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	progress := chromedp.Events(ctx, browser.DownloadProgress)

	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
				DownloadPath:  downloads,
				EventsEnabled: new(true),
			})
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("#fields-pdf")),
		chromedp.SetValue(chromedp.CSS("#lang"), st.Lang),
		chromedp.SetValue(chromedp.CSS("#font"), "noto"),
		chromedp.SetValue(chromedp.CSS("#title"), st.Title),
		chromedp.SetValue(chromedp.CSS("#kind"), st.Kind),
		chromedp.SetValue(chromedp.CSS("#date"), st.Date),
		chromedp.SetValue(chromedp.CSS("#author"), st.Author),
		chromedp.SetValue(chromedp.CSS("#body"), st.Body),
		chromedp.Click(chromedp.CSS("#fields-pdf")),
	)
	if err != nil {
		t.Fatalf("fill and submit the form: %v", err)
	}

	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v (server log: %s)", err, ts.logText())
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatalf("the download was canceled (server log: %s)", ts.logText())
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(downloads, ev.GUID)
			break
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("downloaded file: %v", err)
	}
	if !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("the download is not a PDF: %.200q", data)
	}
	out, err := exec.CommandContext(root, pdftotext, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := squeeze(withoutFooters(string(out)))
	if !strings.Contains(text, squeeze(st.Title)) {
		t.Errorf("the PDF text lacks the title %q", st.Title)
	}
	paras := strings.Split(strings.TrimSpace(st.Body), "\n\n")
	for i, p := range paras {
		if !strings.Contains(text, squeeze(p)) {
			t.Errorf("the PDF text lacks paragraph %d of %d: %.80q…", i+1, len(paras), p)
		}
	}
}

// withoutFooters drops the last line of every page (the page number
// footer), so that paragraphs running across a page break read on.
func withoutFooters(text string) string {
	var b strings.Builder
	for _, page := range strings.Split(text, "\f") {
		lines := strings.Split(strings.TrimRight(page, " \n"), "\n")
		b.WriteString(strings.Join(lines[:len(lines)-1], "\n"))
		b.WriteByte('\n')
	}
	return b.String()
}

// squeeze drops all white space, so that line wrapping does not matter.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
