package render

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code; the HTTP layer maps each
// code to a status in one place and sends it to clients as is.
type Code string

// Error codes raised while rendering.
const (
	// CodeInvalidField: a field of the statement is missing or malformed.
	CodeInvalidField Code = "invalid_field"
	// CodeUnsupportedCharacters: text holds characters no bundled font covers.
	CodeUnsupportedCharacters Code = "unsupported_characters"
	// CodeZawgyiDetected: Zawgyi text was found under the "reject" policy.
	CodeZawgyiDetected Code = "zawgyi_detected"
	// CodeTimeout: the render passed its deadline.
	CodeTimeout Code = "timeout"
	// CodeCanceled: the caller went away before the render finished.
	CodeCanceled Code = "canceled"
	// CodeInternal: a defect; details are logged, never shown to clients.
	CodeInternal Code = "internal"
)

// Error is the one error type the render package returns. Message is safe to
// show to a client; Err (if any) is the internal cause, for logs only.
type Error struct {
	Code    Code
	Field   string
	Message string
	Err     error
}

// Error implements error.
func (e *Error) Error() string {
	s := string(e.Code)
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Err }

// fieldError builds an invalid_field error.
func fieldError(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalidField, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: the Code of a wrapped *Error, timeout
// or canceled for context errors, internal otherwise. nil gives "".
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return contextCode(err)
}

func contextCode(err error) Code {
	switch {
	case errors.Is(err, errDeadline):
		return CodeTimeout
	case errors.Is(err, errCanceled):
		return CodeCanceled
	}
	return CodeInternal
}
