package handlers

import (
	"bytes"
	"errors"

	"github.com/docexport/docexport/render"
)

// parseUpload reads the statement in an uploaded file part: JSON, or
// Markdown with YAML front matter (render.ParseStatementFile, which names
// the line of a mistake). A Markdown file without front matter is all body,
// so the form's fields can supply the rest. Errors are invalid_field "file".
func parseUpload(name string, data []byte) (render.Statement, error) {
	if name == "" {
		name = fileField
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("---")) && !bytes.HasPrefix(trimmed, []byte("{")) {
		return render.Statement{Body: string(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))}, nil
	}
	st, err := render.ParseStatementFile(clip(name), data)
	if err != nil {
		var ie *render.InputError
		if errors.As(err, &ie) {
			return render.Statement{}, invalidField(fileField, "%s", ie.Error())
		}
		return render.Statement{}, invalidField(fileField, "the file is not a statement")
	}
	return st, nil
}
