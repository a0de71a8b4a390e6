package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/docexport/docexport/render"
)

// HandlerFunc is a route handler that returns its failure instead of
// writing it: the middleware maps the error to a status, writes it, logs it
// and counts it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// requestInfo is what one request collects for its log line and metrics.
// Handlers fill it through the context; only the request's goroutine
// touches it.
type requestInfo struct {
	id     string
	route  string
	format string
	lang   string
	err    *render.Error
}

// ctxKey is the type of this package's context keys.
type ctxKey int

const infoKey ctxKey = 0

func infoFrom(ctx context.Context) *requestInfo {
	if i, ok := ctx.Value(infoKey).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string { return infoFrom(ctx).id }

// routeUnmatched is the route label of requests no route matched.
const routeUnmatched = "unmatched"

// HeaderRequestID is the request id header, echoed on every response.
const HeaderRequestID = "X-Request-ID"

// maxRequestIDLen bounds a client-supplied request id.
const maxRequestIDLen = 128

// requestID returns the client's id when it is sane (1..128 characters of
// [A-Za-z0-9._-]) and a fresh random one otherwise.
func requestID(client string) string {
	if n := len(client); n > 0 && n <= maxRequestIDLen {
		ok := true
		for i := 0; i < n && ok; i++ {
			c := client[i]
			ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		}
		if ok {
			return client
		}
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status and byte count of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handle adapts a HandlerFunc to http.Handler: it records the matched
// route template and the returned error for the middleware.
func (s *Server) handle(route string, h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := infoFrom(r.Context())
		info.route = route
		if err := h(w, r); err != nil {
			info.err = asError(err)
		}
	})
}

// instrument is the one middleware: it assigns the request id, recovers
// panics, writes the error a handler returned, then logs one line and
// counts the request.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: requestID(r.Header.Get(HeaderRequestID)), route: routeUnmatched}
		w.Header().Set(HeaderRequestID, info.id)
		sw := &statusWriter{ResponseWriter: w}
		var stack []byte
		aborted := s.serve(next, sw, r.WithContext(context.WithValue(r.Context(), infoKey, info)), info, &stack)

		status := sw.status
		if info.err != nil && sw.status == 0 {
			status = writeError(sw, info.err, int(s.cfg.RetryAfter/time.Second))
		}
		if status == 0 {
			status = http.StatusOK
		}
		if info.err != nil && info.err.Code == render.CodeCanceled {
			status = StatusClientClosedRequest
		}
		d := time.Since(start)
		s.metrics.observeHTTP(info.route, r.Method, status, d)
		if info.err != nil {
			switch info.err.Code {
			case CodeOverloaded:
				s.metrics.Reject(ReasonOverloaded)
			case CodeBodyTooLarge:
				s.metrics.Reject(ReasonBodyTooLarge)
			case CodeUnsupportedMediaType:
				s.metrics.Reject(ReasonUnsupportedMediaType)
			}
		}
		s.logRequest(r, info, status, sw.bytes, d, stack)
		if aborted {
			panic(http.ErrAbortHandler)
		}
	})
}

// serve runs next, turning a panic into an internal error. It reports
// whether the handler aborted with http.ErrAbortHandler, which the caller
// re-raises after logging.
func (s *Server) serve(next http.Handler, w http.ResponseWriter, r *http.Request, info *requestInfo, stack *[]byte) (aborted bool) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if p == http.ErrAbortHandler {
			aborted = true
			return
		}
		*stack = debug.Stack()
		info.err = &render.Error{Code: render.CodeInternal, Message: "internal error", Err: fmt.Errorf("panic: %v", p)}
	}()
	next.ServeHTTP(w, r)
	return false
}

func (s *Server) logRequest(r *http.Request, info *requestInfo, status int, bytes int64, d time.Duration, stack []byte) {
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("route", info.route),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Duration("duration", d),
		slog.String("request_id", info.id),
	}
	if info.format != "" {
		attrs = append(attrs, slog.String("format", info.format))
	}
	if info.lang != "" {
		attrs = append(attrs, slog.String("lang", info.lang))
	}
	level := slog.LevelInfo
	if e := info.err; e != nil {
		attrs = append(attrs, slog.String("code", string(e.Code)))
		if e.Field != "" {
			attrs = append(attrs, slog.String("field", e.Field))
		}
		if e.Err != nil {
			attrs = append(attrs, slog.String("cause", e.Err.Error()))
		}
		if status >= 500 {
			level = slog.LevelError
		}
	}
	if stack != nil {
		attrs = append(attrs, slog.String("stack", string(stack)))
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}
