package handlers

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render"
)

// Web page routes.
const (
	RouteWeb   = "/"
	RouteStyle = "/style.css"
)

//go:embed web/*
var webFS embed.FS

// Templates of the web page, parsed once.
var (
	indexTemplate = template.Must(template.ParseFS(webFS, "web/index.html"))
	errorTemplate = template.Must(template.ParseFS(webFS, "web/error.html"))
)

// webSecurityHeaders are set on the page, its stylesheet and error pages:
// nothing but this origin's stylesheet loads, forms post only here.
func webSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

// indexData fills the page template.
type indexData struct {
	Fonts                        []string
	DefaultFont                  string
	MaxTitle, MaxKind, MaxAuthor int
	MaxItems                     int
}

// enableWeb adds GET / (the form page) and GET /style.css.
func (s *Server) enableWeb(cfg PressConfig) error {
	var page bytes.Buffer
	err := indexTemplate.Execute(&page, indexData{
		Fonts: fonts.MyanmarFamilies(), DefaultFont: fonts.DefaultMyanmar,
		MaxTitle: render.MaxTitleRunes, MaxKind: render.MaxKindRunes, MaxAuthor: render.MaxAuthorRunes,
		MaxItems: cfg.MaxBatchItems,
	})
	if err != nil {
		return fmt.Errorf("handlers: web page: %w", err)
	}
	css, err := webFS.ReadFile("web/style.css")
	if err != nil {
		return fmt.Errorf("handlers: web stylesheet: %w", err)
	}
	s.Route("", RouteWeb, getOnly(staticHandler("text/html; charset=utf-8", page.Bytes())))
	s.Route("", RouteStyle, getOnly(staticHandler("text/css; charset=utf-8", css)))
	return nil
}

// staticHandler serves fixed bytes with an ETag, answering 304 when the
// client has them.
func staticHandler(contentType string, body []byte) HandlerFunc {
	etag := ETag(body)
	return func(w http.ResponseWriter, r *http.Request) error {
		h := w.Header()
		webSecurityHeaders(h)
		h.Set("Etag", etag)
		h.Set("Cache-Control", "no-cache")
		if etagMatch(r.Header.Values("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		h.Set("Content-Type", contentType)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
		return nil
	}
}

// wantsHTML reports a form submitted by a browser: a POST of a form media
// type from a client that accepts HTML. Its errors are answered as a page.
func wantsHTML(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (media != mediaForm && media != mediaMultipart) {
		return false
	}
	for _, v := range r.Header.Values("Accept") {
		for _, part := range strings.Split(v, ",") {
			m, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err == nil && (m == "text/html" || m == "application/xhtml+xml") && params["q"] != "0" {
				return true
			}
		}
	}
	return false
}

// htmlErrors answers the JSON errors of browser form submissions (see
// wantsHTML) as an HTML page with the message in words and a link back.
// Everything else passes through untouched; the status, logs and metrics
// are those of the JSON error.
func htmlErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !wantsHTML(r) {
			next.ServeHTTP(w, r)
			return
		}
		hw := &htmlErrorWriter{ResponseWriter: w}
		next.ServeHTTP(hw, r)
		if hw.intercepted {
			writeHTMLError(w, hw.status, hw.buf.Bytes())
		}
	})
}

// htmlErrorWriter holds back a JSON error response so it can be rewritten.
type htmlErrorWriter struct {
	http.ResponseWriter
	intercepted bool
	wrote       bool
	status      int
	buf         bytes.Buffer
}

func (w *htmlErrorWriter) WriteHeader(code int) {
	if w.wrote || w.intercepted {
		return
	}
	if code >= 400 && strings.HasPrefix(w.Header().Get("Content-Type"), mediaJSON) {
		w.intercepted, w.status = true, code
		return
	}
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *htmlErrorWriter) Write(b []byte) (int, error) {
	if !w.wrote && !w.intercepted {
		w.WriteHeader(http.StatusOK)
	}
	if w.intercepted {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *htmlErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// errorPage fills the error page template.
type errorPage struct {
	Title, Message, Field string
	Code                  render.Code
	Status                int
	RequestID             string
	RetryAfter            string
}

// writeHTMLError renders the JSON error body as the error page.
func writeHTMLError(w http.ResponseWriter, status int, jsonBody []byte) {
	var eb errorBody
	if err := json.Unmarshal(jsonBody, &eb); err != nil || eb.Error.Code == "" {
		eb.Error = errorDetail{Code: render.CodeInternal, Message: publicMessage(render.CodeInternal)}
	}
	h := w.Header()
	page := errorPage{
		Title: errorTitle(status), Message: eb.Error.Message, Field: eb.Error.Field,
		Code: eb.Error.Code, Status: status, RequestID: h.Get(HeaderRequestID), RetryAfter: h.Get("Retry-After"),
	}
	var buf bytes.Buffer
	if err := errorTemplate.Execute(&buf, page); err != nil {
		buf.Reset()
		fmt.Fprintf(&buf, "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Error</title><p>%s</p><p><a href=\"/\">Back</a></p></html>",
			template.HTMLEscapeString(page.Message))
	}
	webSecurityHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorTitle is the page heading for a status.
func errorTitle(status int) string {
	switch status {
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		return "The statement could not be made into a document"
	case http.StatusRequestEntityTooLarge:
		return "Too much at once"
	case http.StatusUnsupportedMediaType:
		return "The form was sent in a way this service does not accept"
	case http.StatusTooManyRequests:
		return "The service is busy"
	case http.StatusServiceUnavailable:
		return "The document took too long to make"
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return "No such page"
	}
	return "Something went wrong on our side"
}
