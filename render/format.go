package render

import "fmt"

// Format is an output format.
type Format string

// Output formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
)

// Formats lists every supported format in a stable order.
func Formats() []Format { return []Format{PDF, DOCX} }

// ParseFormat parses a format name ("pdf" or "docx").
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case PDF, DOCX:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown format %q", s)
}

// ContentType returns the media type of the format.
func (f Format) ContentType() string {
	if f == DOCX {
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/pdf"
}

// Ext returns the file extension without the dot.
func (f Format) Ext() string { return string(f) }
