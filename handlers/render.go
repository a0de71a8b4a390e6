package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/docexport/docexport/render"
)

// Response headers describing what the render changed or found.
const (
	HeaderWarnings        = "Docexport-Warnings"
	HeaderConverted       = "Docexport-Converted"
	HeaderConvertedFields = "Docexport-Converted-Fields"
)

// maxWarningsListed bounds the warnings named in the Docexport-Warnings header.
const maxWarningsListed = 20

// handleRender serves POST /v1/render/{format}.
func (s *Server) handleRender(w http.ResponseWriter, r *http.Request) error {
	info := infoFrom(r.Context())
	name := mux.Vars(r)["format"]
	f, err := render.ParseFormat(name)
	if err != nil {
		return &render.Error{Code: CodeNotFound, Field: "format",
			Message: fmt.Sprintf("unknown format %q: use pdf or docx", clip(name))}
	}
	info.format = string(f)
	if r.Method != http.MethodPost {
		return methodNotAllowed(w, http.MethodPost)
	}
	leave, err := s.admit.enter()
	if err != nil {
		return err
	}
	defer leave()
	st, err := s.decodeStatement(w, r)
	if err != nil {
		return err
	}
	info.lang = langLabel(strings.TrimSpace(st.Lang))

	res, err := s.Render(r.Context(), st, f)
	if err != nil {
		return err
	}
	writeResult(w, r, res)
	return nil
}

// Render renders st under the server's concurrency limit and render
// timeout and records the attempt in the metrics. It returns overloaded
// when no slot frees up in time, timeout when the render passes its
// deadline and canceled when ctx ends first. Batch routes call it per
// document.
func (s *Server) Render(ctx context.Context, st render.Statement, f render.Format) (*render.Result, error) {
	release, err := s.limiter.Acquire(ctx, s.cfg.QueueWait)
	if err != nil {
		if errors.Is(err, ErrQueueFull) || errors.Is(err, ErrQueueTimeout) {
			return nil, &render.Error{Code: CodeOverloaded, Message: "the server is busy: " + err.Error() + "; retry later", Err: err}
		}
		return nil, &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: err}
	}
	start := time.Now()
	res, err := s.renderBounded(ctx, st, f, release)
	size := 0
	if res != nil {
		size = len(res.Data)
	}
	s.metrics.ObserveRender(string(f), strings.TrimSpace(st.Lang), time.Since(start), size, err)
	return res, err
}

type renderOutcome struct {
	res *render.Result
	err error
}

// renderBounded runs the render in its own goroutine so the request can
// answer at the deadline even if a writer is slow to notice it. The slot
// is released only when the render really ends, so a runaway render still
// counts against the limit. Panics in the render become internal errors.
func (s *Server) renderBounded(parent context.Context, st render.Statement, f render.Format, release func()) (*render.Result, error) {
	ctx, cancel := context.WithTimeout(parent, s.cfg.RenderTimeout)
	defer cancel()
	done := make(chan renderOutcome, 1)
	go func() {
		defer release()
		var out renderOutcome
		defer func() {
			if p := recover(); p != nil {
				out = renderOutcome{err: &render.Error{Code: render.CodeInternal, Message: "internal error",
					Err: fmt.Errorf("panic in render: %v\n%s", p, debug.Stack())}}
			}
			done <- out
		}()
		out.res, out.err = s.renderer.Render(ctx, st, f)
	}()
	select {
	case out := <-done:
		return finished(parent, out)
	case <-ctx.Done():
		// A render that finished as the deadline passed still counts.
		select {
		case out := <-done:
			return finished(parent, out)
		default:
		}
		return nil, contextAware(parent, ctx.Err())
	}
}

func finished(parent context.Context, out renderOutcome) (*render.Result, error) {
	if out.err != nil {
		return nil, contextAware(parent, out.err)
	}
	if out.res == nil {
		return nil, &render.Error{Code: render.CodeInternal, Message: "internal error", Err: errors.New("renderer returned no result")}
	}
	return out.res, nil
}

// contextAware tells a client that went away (canceled) from a render that
// ran out of time (timeout), whatever the renderer made of it.
func contextAware(parent context.Context, err error) error {
	code := render.ErrorCode(err)
	if code != render.CodeTimeout && code != render.CodeCanceled {
		return err
	}
	if parent.Err() != nil {
		return &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: err}
	}
	return &render.Error{Code: render.CodeTimeout, Message: "the render took longer than allowed", Err: err}
}

// writeResult writes the document, or 304 when the client has it already.
func writeResult(w http.ResponseWriter, r *http.Request, res *render.Result) {
	h := w.Header()
	etag := ETag(res.Data)
	h.Set("Etag", etag)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if ws := warningsHeader(res.Warnings); ws != "" {
		h.Set(HeaderWarnings, ws)
	}
	if len(res.Converted) > 0 {
		h.Set(HeaderConverted, "zawgyi")
		h.Set(HeaderConvertedFields, tokenList(res.Converted))
	}
	if etagMatch(r.Header.Values("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", res.Format.ContentType())
	h.Set("Content-Disposition", contentDisposition(res.Title, res.Lang, res.Format.Ext()))
	h.Set("Content-Length", strconv.Itoa(len(res.Data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(res.Data)
	}
}

// ETag is the strong entity tag of a document: a quoted prefix of the hex
// SHA-256 of its bytes.
func ETag(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatch implements If-None-Match's weak comparison: "*" or any listed
// tag equal to etag once W/ prefixes are ignored.
func etagMatch(headers []string, etag string) bool {
	for _, h := range headers {
		for _, t := range strings.Split(h, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
	}
	return false
}

// warningsHeader lists warnings as "code field@offset", ASCII only.
func warningsHeader(ws []render.Warning) string {
	parts := make([]string, 0, len(ws))
	for i, w := range ws {
		if i == maxWarningsListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(ws)-maxWarningsListed))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s@%d", token(w.Code), token(w.Field), w.Offset))
	}
	return strings.Join(parts, ", ")
}

func tokenList(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = token(v)
	}
	return strings.Join(out, ", ")
}

// token keeps [A-Za-z0-9._-] so header values stay ASCII and unambiguous.
func token(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 64; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return "-"
	}
	return string(b)
}
