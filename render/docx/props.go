package docx

import (
	"strings"

	"github.com/docexport/docexport/render/doc"
)

// coreXML writes docProps/core.xml: title, author, language, canonical URL
// and the statement's date as both creation and modification time.
func coreXML(d *doc.Document) []byte {
	stamp := d.CreationDate().UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	elem := func(name, v string) {
		b.WriteString("<" + name + ">")
		b.WriteString(attrEscape(v))
		b.WriteString("</" + name + ">")
	}
	elem("dc:title", d.TitleText)
	elem("dc:creator", d.AuthorText)
	if d.URL != "" {
		elem("dc:identifier", d.URL)
	}
	elem("dc:language", langTag(d.Lang))
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return []byte(b.String())
}
