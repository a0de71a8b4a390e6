package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/docexport/docexport/render"
)

// Error codes the HTTP layer adds to render's. Every error a handler returns
// is a *render.Error carrying one of these or one of render's codes.
const (
	// CodeInvalidJSON: the body is not one well-formed JSON object.
	CodeInvalidJSON render.Code = "invalid_json"
	// CodeBodyTooLarge: the body is over the configured limit.
	CodeBodyTooLarge render.Code = "body_too_large"
	// CodeUnsupportedMediaType: the Content-Type is missing or not accepted.
	CodeUnsupportedMediaType render.Code = "unsupported_media_type"
	// CodeNotFound: no such route or format.
	CodeNotFound render.Code = "not_found"
	// CodeMethodNotAllowed: the route exists but not for this method.
	CodeMethodNotAllowed render.Code = "method_not_allowed"
	// CodeOverloaded: every render slot is busy and the queue is full or the
	// request waited too long; retry after Retry-After.
	CodeOverloaded render.Code = "overloaded"
	// CodeRequestTimeout: the client did not send its request within the
	// server's read timeout.
	CodeRequestTimeout render.Code = "request_timeout"
)

// StatusClientClosedRequest is the non-standard status (nginx's 499) logged
// and counted when the client went away. It is written too (with
// Connection: close): were the connection still open, writing nothing
// would make net/http answer 200 with an empty body.
const StatusClientClosedRequest = 499

// Status maps an error code to its HTTP status. It is the only place that
// does so.
func Status(code render.Code) int {
	switch code {
	case "":
		return http.StatusOK
	case CodeInvalidJSON:
		return http.StatusBadRequest
	case CodeBodyTooLarge, CodeTooManyItems:
		return http.StatusRequestEntityTooLarge
	case CodeUnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case render.CodeInvalidField, render.CodeUnsupportedCharacters, render.CodeZawgyiDetected:
		return http.StatusUnprocessableEntity
	case CodeNotFound:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeOverloaded:
		return http.StatusTooManyRequests
	case CodeRequestTimeout:
		return http.StatusRequestTimeout
	case render.CodeTimeout:
		return http.StatusServiceUnavailable
	case render.CodeCanceled:
		return StatusClientClosedRequest
	}
	return http.StatusInternalServerError
}

// asError returns err as a *render.Error; anything else becomes an internal
// error keeping err as its (logged, never sent) cause.
func asError(err error) *render.Error {
	var e *render.Error
	if errors.As(err, &e) {
		return e
	}
	code := render.ErrorCode(err)
	return &render.Error{Code: code, Message: publicMessage(code), Err: err}
}

// publicMessage is the message sent for errors whose own message must not
// leave the process.
func publicMessage(code render.Code) string {
	switch code {
	case render.CodeTimeout:
		return "the render took longer than allowed"
	case render.CodeCanceled:
		return "the request was canceled"
	}
	return "internal error"
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    render.Code `json:"code"`
	Message string      `json:"message"`
	Field   string      `json:"field,omitempty"`
}

// writeError writes e as JSON with its status. Internal errors get a
// generic message; their cause is logged by the middleware.
func writeError(w http.ResponseWriter, e *render.Error, retryAfterSeconds int) int {
	status := Status(e.Code)
	msg := e.Message
	if status == http.StatusInternalServerError || msg == "" {
		msg = publicMessage(e.Code)
	}
	code := e.Code
	if status == http.StatusInternalServerError {
		code = render.CodeInternal
	}
	h := w.Header()
	for _, k := range []string{"Content-Disposition", "Etag", "Content-Length", "Docexport-Warnings", "Docexport-Converted", "Docexport-Converted-Fields"} {
		h.Del(k)
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if status == StatusClientClosedRequest || status == http.StatusRequestTimeout {
		h.Set("Connection", "close")
	}
	if code == CodeOverloaded {
		h.Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	}
	b, _ := json.Marshal(errorBody{Error: errorDetail{Code: code, Message: msg, Field: e.Field}})
	b = append(b, '\n')
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return status
}
