package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/ordered"
)

// Batch routes.
const (
	// RouteBatch takes {"formats":[...],"statements":[...]} as JSON and
	// streams a ZIP of the documents and a manifest.
	RouteBatch = "/v1/batch"
	// RouteBatchUpload takes a multipart form of statement files (Markdown
	// with front matter or JSON, part "files") and formats (part
	// "formats"), and streams the same ZIP; the web page posts to it.
	RouteBatchUpload = "/v1/batch/upload"
)

// CodeTooManyItems: a batch holds more statements × formats than allowed.
const CodeTooManyItems render.Code = "too_many_items"

// PressConfig configures the press-team routes: batches and the web page.
type PressConfig struct {
	// MaxBatchItems bounds statements × formats in one batch.
	MaxBatchItems int
	// MaxBatchBodyBytes bounds a batch request body (its own limit, larger
	// than the single-render one).
	MaxBatchBodyBytes int64
}

// Press defaults.
const (
	DefaultMaxBatchItems     = 200
	DefaultMaxBatchBodyBytes = 16 << 20
)

// DefaultPressConfig returns the defaults: 200 items, 16 MiB bodies.
func DefaultPressConfig() PressConfig {
	return PressConfig{MaxBatchItems: DefaultMaxBatchItems, MaxBatchBodyBytes: DefaultMaxBatchBodyBytes}
}

// Validate reports a configuration that cannot work.
func (c PressConfig) Validate() error {
	switch {
	case c.MaxBatchItems < 1:
		return fmt.Errorf("handlers: MaxBatchItems must be at least 1, got %d", c.MaxBatchItems)
	case c.MaxBatchBodyBytes < 1:
		return fmt.Errorf("handlers: MaxBatchBodyBytes must be positive, got %d", c.MaxBatchBodyBytes)
	}
	return nil
}

// EnablePress adds the press-team routes to s: POST /v1/batch, POST
// /v1/batch/upload, the web page at GET / with its stylesheet, and HTML
// error pages for form submissions from browsers. Call it once, before
// serving.
func (s *Server) EnablePress(cfg PressConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	b := &batcher{s: s, cfg: cfg}
	s.Route(http.MethodPost, RouteBatch, b.handleBatch)
	s.Route(http.MethodPost, RouteBatchUpload, b.handleUpload)
	if err := s.enableWeb(cfg); err != nil {
		return err
	}
	s.handler = htmlErrors(s.handler)
	return nil
}

// batcher serves the batch routes.
type batcher struct {
	s   *Server
	cfg PressConfig
}

// batchRequest is the JSON body of POST /v1/batch. Statements are decoded
// one by one so that a bad one is reported by its index.
type batchRequest struct {
	Formats    []string          `json:"formats"`
	Statements []json.RawMessage `json:"statements"`
}

// handleBatch serves POST /v1/batch.
func (b *batcher) handleBatch(w http.ResponseWriter, r *http.Request) error {
	media, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || media != mediaJSON {
		return &render.Error{Code: CodeUnsupportedMediaType, Message: "send the batch as application/json"}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &render.Error{Code: CodeUnsupportedMediaType, Message: fmt.Sprintf("charset %q is not supported: send UTF-8", clip(cs))}
	}
	leave, err := b.s.admit.enter()
	if err != nil {
		return err
	}
	defer leave()
	body, err := b.readBody(w, r)
	if err != nil {
		return err
	}
	var req batchRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		e := jsonError(err)
		if e.Code == render.CodeInvalidField && e.Field != "" && e.Field != "formats" && e.Field != "statements" {
			e.Message = fmt.Sprintf("unknown field %q: a batch has formats and statements", e.Field)
		}
		return e
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalidJSON("unexpected data after the JSON object at byte %d", dec.InputOffset())
	}
	formats, err := parseFormats(req.Formats)
	if err != nil {
		return err
	}
	if len(req.Statements) == 0 {
		return invalidField("statements", "the batch is empty: give at least one statement")
	}
	if err := b.checkItems(len(req.Statements), len(formats)); err != nil {
		return err
	}
	sources := make([]batchSource, len(req.Statements))
	for i, raw := range req.Statements {
		sources[i].st, sources[i].err = decodeJSON(raw)
	}
	return b.stream(w, r, sources, formats)
}

// readBody reads the whole body under the batch size limit.
func (b *batcher) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > b.cfg.MaxBatchBodyBytes {
		return nil, b.tooLarge()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, b.cfg.MaxBatchBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, b.tooLarge()
		}
		return nil, b.s.readError(r, err)
	}
	return body, nil
}

func (b *batcher) tooLarge() *render.Error {
	return &render.Error{Code: CodeBodyTooLarge, Message: fmt.Sprintf("the batch is larger than %d bytes: split it into smaller batches", b.cfg.MaxBatchBodyBytes)}
}

// checkItems enforces the item limit.
func (b *batcher) checkItems(statements, formats int) error {
	if n := statements * formats; n > b.cfg.MaxBatchItems {
		return &render.Error{Code: CodeTooManyItems, Field: "statements",
			Message: fmt.Sprintf("the batch has %d statements × %d formats = %d documents; at most %d are allowed per batch: split it", statements, formats, n, b.cfg.MaxBatchItems)}
	}
	return nil
}

// parseFormats checks the requested formats: at least one, each known,
// none repeated.
func parseFormats(names []string) ([]render.Format, error) {
	if len(names) == 0 {
		return nil, invalidField("formats", `formats is required: give one or more of "pdf", "docx"`)
	}
	seen := map[render.Format]bool{}
	out := make([]render.Format, 0, len(names))
	for _, n := range names {
		f, err := render.ParseFormat(strings.TrimSpace(n))
		if err != nil {
			return nil, invalidField("formats", "unknown format %q: use pdf or docx", clip(n))
		}
		if seen[f] {
			return nil, invalidField("formats", "format %q is given twice", f)
		}
		seen[f] = true
		out = append(out, f)
	}
	return out, nil
}

// batchSource is one statement of a batch: decoded, or the reason it
// could not be.
type batchSource struct {
	st render.Statement
	// name is the uploaded file's name, if any.
	name string
	err  error
}

// batchItem is one document to produce: a statement in a format.
type batchItem struct {
	index  int // the statement's index in the batch
	format render.Format
	src    *batchSource
}

// batchOutcome is a finished item.
type batchOutcome struct {
	res *render.Result
	err error
}

// zipTime is the modification time of every ZIP entry, so that the same
// batch gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// manifestName is the last entry of every batch ZIP.
const manifestName = "manifest.json"

// maxOverloadRetries is how often a batch item turned away by a busy
// limiter is tried again before it is reported as overloaded.
const maxOverloadRetries = 3

// manifest lists every item of a batch, in order.
type manifest struct {
	Documents int            `json:"documents"`
	Failed    int            `json:"failed"`
	Items     []manifestItem `json:"items"`
}

// manifestItem describes one document, written or failed.
type manifestItem struct {
	// Index is the statement's position in the batch (0-based).
	Index int `json:"index"`
	// Source is the uploaded file the statement came from, if any.
	Source string `json:"source,omitempty"`
	Format string `json:"format"`
	Lang   string `json:"lang,omitempty"`
	Title  string `json:"title,omitempty"`
	// File is the entry name in the ZIP; empty when the item failed.
	File   string `json:"file,omitempty"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256,omitempty"`
	// Converted lists the fields converted from Zawgyi.
	Converted []string         `json:"converted"`
	Warnings  []render.Warning `json:"warnings"`
	Error     *errorDetail     `json:"error,omitempty"`
}

// stream renders every statement in every format and streams the ZIP:
// documents in input order as soon as they and the ones before them are
// done, then the manifest. Renders go through Server.Render, so they share
// the service's limiter and metrics. Once the ZIP has started, failures
// only appear in the manifest; a client that goes away stops the work.
func (b *batcher) stream(w http.ResponseWriter, r *http.Request, sources []batchSource, formats []render.Format) error {
	items := make([]batchItem, 0, len(sources)*len(formats))
	for i := range sources {
		for _, f := range formats {
			items = append(items, batchItem{index: i, format: f, src: &sources[i]})
		}
	}
	info := infoFrom(r.Context())
	info.format = "batch"

	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="statements.zip"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	// The server's write timeout is sized for one render; a batch keeps
	// the connection as long as documents keep coming.
	perItem := time.Duration(maxOverloadRetries+1)*b.s.cfg.QueueWait + b.s.cfg.RenderTimeout + 10*time.Second
	extend := func() { _ = rc.SetWriteDeadline(time.Now().Add(perItem)) }
	extend()
	_ = rc.Flush()

	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	zw := zip.NewWriter(w)
	names := map[string]bool{manifestName: true}
	man := manifest{Items: make([]manifestItem, 0, len(items))}
	var writeErr error
	b.run(ctx, items, func(it batchItem, out batchOutcome) bool {
		mi := b.manifestItem(r, it, out)
		if out.err == nil {
			mi.File = uniqueName(names, render.Slug(out.res.Title)+"-"+out.res.Lang, out.res.Format.Ext())
			if err := writeEntry(zw, mi.File, zip.Store, out.res.Data); err != nil {
				writeErr = err
				return false
			}
			_ = rc.Flush()
			extend()
			man.Documents++
		} else {
			man.Failed++
		}
		man.Items = append(man.Items, mi)
		return true
	})
	if err := r.Context().Err(); err != nil {
		return &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: err}
	}
	if writeErr != nil {
		return &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: fmt.Errorf("write zip: %w", writeErr)}
	}
	data, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return fmt.Errorf("batch manifest: %w", err)
	}
	if err := writeEntry(zw, manifestName, zip.Deflate, append(data, '\n')); err != nil {
		return &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: fmt.Errorf("write manifest: %w", err)}
	}
	if err := zw.Close(); err != nil {
		return &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: fmt.Errorf("close zip: %w", err)}
	}
	_ = rc.Flush()
	return nil
}

// manifestItem describes a finished item; internal errors are logged and
// shown only as "internal error".
func (b *batcher) manifestItem(r *http.Request, it batchItem, out batchOutcome) manifestItem {
	mi := manifestItem{Index: it.index, Source: it.src.name, Format: string(it.format),
		Converted: []string{}, Warnings: []render.Warning{}}
	if out.err != nil {
		e := asError(out.err)
		code, msg := e.Code, e.Message
		if Status(code) == http.StatusInternalServerError || msg == "" {
			b.s.log.ErrorContext(r.Context(), "batch item failed", "request_id", RequestID(r.Context()),
				"index", it.index, "format", string(it.format), "code", string(code), "cause", fmt.Sprint(e.Err))
			code, msg = render.CodeInternal, publicMessage(render.CodeInternal)
		}
		mi.Lang = clip(strings.TrimSpace(it.src.st.Lang))
		mi.Title = clip(strings.TrimSpace(it.src.st.Title))
		mi.Error = &errorDetail{Code: code, Message: msg, Field: e.Field}
		return mi
	}
	res := out.res
	sum := sha256.Sum256(res.Data)
	mi.Lang, mi.Title = res.Lang, res.Title
	mi.Bytes, mi.SHA256 = len(res.Data), hex.EncodeToString(sum[:])
	if res.Converted != nil {
		mi.Converted = res.Converted
	}
	if res.Warnings != nil {
		mi.Warnings = res.Warnings
	}
	return mi
}

// run renders the items with at most as many workers as the limiter has
// slots, and calls emit for each in input order; emit returns false to
// stop. At most a window of items is rendered ahead of the next one due,
// so memory stays bounded when an early item is slow. When ctx ends, the
// remaining items are not started; run returns once every worker is done.
func (b *batcher) run(ctx context.Context, items []batchItem, emit func(batchItem, batchOutcome) bool) {
	ordered.Run(ctx, len(items), b.s.limiter.Max(),
		func(ctx context.Context, i int) batchOutcome { return b.renderItem(ctx, items[i]) },
		func(i int, out batchOutcome) bool { return emit(items[i], out) })
}

// renderItem renders one item through the server's limiter, retrying a
// few times when the service is momentarily overloaded.
func (b *batcher) renderItem(ctx context.Context, it batchItem) batchOutcome {
	if it.src.err != nil {
		return batchOutcome{err: it.src.err}
	}
	for attempt := 0; ; attempt++ {
		res, err := b.s.Render(ctx, it.src.st, it.format)
		if render.ErrorCode(err) != CodeOverloaded || attempt == maxOverloadRetries {
			return batchOutcome{res: res, err: err}
		}
		t := time.NewTimer(time.Duration(attempt+1) * 100 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return batchOutcome{err: &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: ctx.Err()}}
		case <-t.C:
		}
	}
}

// uniqueName returns base.ext, or base-2.ext, base-3.ext… when taken, and
// marks it taken.
func uniqueName(taken map[string]bool, base, ext string) string {
	name := base + "." + ext
	for n := 2; taken[name]; n++ {
		name = fmt.Sprintf("%s-%d.%s", base, n, ext)
	}
	taken[name] = true
	return name
}

// writeEntry adds one file to the ZIP with the fixed timestamp.
func writeEntry(zw *zip.Writer, name string, method uint16, data []byte) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: zipTime})
	if err != nil {
		return fmt.Errorf("zip entry %s: %w", name, err)
	}
	if _, err := fw.Write(data); err != nil {
		return fmt.Errorf("zip entry %s: %w", name, err)
	}
	return nil
}

// Multipart parts of POST /v1/batch/upload.
const (
	uploadFilesField   = "files"
	uploadFormatsField = "formats"
)

// handleUpload serves POST /v1/batch/upload: statement files (Markdown
// with front matter or JSON) in parts named "files" and the formats in
// parts named "formats" (repeated, or comma-separated). A file that cannot
// be parsed is reported in the manifest with its file name and line.
func (b *batcher) handleUpload(w http.ResponseWriter, r *http.Request) error {
	media, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || media != mediaMultipart || params["boundary"] == "" {
		return &render.Error{Code: CodeUnsupportedMediaType, Message: "send the files as multipart/form-data"}
	}
	if r.ContentLength > b.cfg.MaxBatchBodyBytes {
		return b.tooLarge()
	}
	leave, err := b.s.admit.enter()
	if err != nil {
		return err
	}
	defer leave()
	body := http.MaxBytesReader(w, r.Body, b.cfg.MaxBatchBodyBytes)
	mr := multipart.NewReader(body, params["boundary"])
	var sources []batchSource
	var formatNames []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return b.uploadReadError(r, err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return b.uploadReadError(r, err)
		}
		switch p.FormName() {
		case uploadFormatsField:
			for _, f := range strings.Split(string(data), ",") {
				if f = strings.TrimSpace(f); f != "" {
					formatNames = append(formatNames, f)
				}
			}
		case uploadFilesField:
			name := p.FileName()
			if name == "" && len(data) == 0 {
				continue // a file input with nothing chosen
			}
			if name == "" {
				name = fmt.Sprintf("file-%d", len(sources)+1)
			}
			if len(sources) == b.cfg.MaxBatchItems {
				return &render.Error{Code: CodeTooManyItems, Field: uploadFilesField,
					Message: fmt.Sprintf("more than %d files: at most %d documents are allowed per batch: split it", b.cfg.MaxBatchItems, b.cfg.MaxBatchItems)}
			}
			src := batchSource{name: name}
			st, err := render.ParseStatementFile(name, data)
			if err != nil {
				src.err = &render.Error{Code: render.CodeInvalidField, Field: "file", Message: err.Error(), Err: err}
			}
			src.st = st
			sources = append(sources, src)
		default:
			return invalidField(clip(p.FormName()), "unknown part %q: send %q (the statement files) and %q (pdf, docx)",
				clip(p.FormName()), uploadFilesField, uploadFormatsField)
		}
	}
	formats, err := parseFormats(formatNames)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		return invalidField(uploadFilesField, "no files: choose at least one statement file (.md with front matter, or .json)")
	}
	if err := b.checkItems(len(sources), len(formats)); err != nil {
		return err
	}
	return b.stream(w, r, sources, formats)
}

func (b *batcher) uploadReadError(r *http.Request, err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return b.tooLarge()
	}
	if e := b.s.readError(r, err); render.ErrorCode(e) != CodeInvalidJSON {
		return e
	}
	return &render.Error{Code: CodeInvalidJSON, Message: "malformed multipart body", Err: err}
}
