package handlers

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/docexport/docexport/render"
)

// BenchmarkBatch posts a batch of 50 statements (the English and Myanmar
// samples alternately) in PDF and Word, 100 documents, through the real
// handler and renderer over HTTP, and reports documents per second.
//
//	go test ./handlers -run '^$' -bench Batch -benchtime 5x -count 3
func BenchmarkBatch(b *testing.B) {
	needWriter(b, render.PDF)
	needWriter(b, render.DOCX)
	ts := newPressServer(b, DefaultConfig(), DefaultPressConfig(), nil)
	samples := []render.Statement{corpusStatement(b, "statement-en.json"), corpusStatement(b, "statement-my.json")}
	const statements = 50
	sts := make([]render.Statement, statements)
	for i := range sts {
		sts[i] = samples[i%2]
	}
	formats := []string{"pdf", "docx"}
	body := []byte(batchJSON(b, map[string]any{"formats": formats, "statements": sts}))
	docs := statements * len(formats)

	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+RouteBatch, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", mediaJSON)
		resp, err := ts.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		cancel()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d, %d bytes: %v", resp.StatusCode, n, err)
		}
		b.SetBytes(n)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(docs*b.N)/elapsed.Seconds(), "docs/s")
}
