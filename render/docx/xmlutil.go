package docx

import (
	"encoding/xml"
	"strings"
)

// attrEscape escapes s for use in XML text or a quoted attribute value;
// characters XML cannot carry become U+FFFD.
func attrEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
