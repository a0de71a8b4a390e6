package docx

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/packager"
	"github.com/gomutex/godocx/wml/ctypes"
)

// The template is a lean Word package kept as plain XML files (readable and
// diffable), not godocx's 800 KB default.docx. Its parts are read and parsed
// once in New; every Write builds a fresh godocx RootDoc from the parsed
// pieces, so no template is unzipped or parsed per request.
//
//go:embed template/*.xml template/*.rels
var templateFS embed.FS

// Part names inside the package.
const (
	partContentTypes = "[Content_Types].xml"
	partRootRels     = "_rels/.rels"
	partDocument     = "word/document.xml"
	partDocRels      = "word/_rels/document.xml.rels"
	partStyles       = "word/styles.xml"
	partNumbering    = "word/numbering.xml"
	partSettings     = "word/settings.xml"
	partFontTable    = "word/fontTable.xml"
	partFontRels     = "word/_rels/fontTable.xml.rels"
	partFooter       = "word/footer1.xml"
	partCore         = "docProps/core.xml"
	partApp          = "docProps/app.xml"
)

// xmlHeader starts every part this package writes itself.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// template holds the parsed template, shared read-only by every Write.
type template struct {
	contentTypes docx.ContentTypes
	rootRels     docx.Relationships
	docRels      docx.Relationships
	documentXML  []byte
	app          []byte
	// numberingHead is numbering.xml up to the marker where per-document
	// list instances go; numberingTail is the rest.
	numberingHead, numberingTail []byte
	// settings without and with <w:embedTrueTypeFonts/>.
	settings, settingsEmbed []byte
	// stylesXML is the raw styles part; styles variants are parsed from it.
	stylesXML []byte
}

func readTemplate(name string) ([]byte, error) {
	b, err := templateFS.ReadFile(path.Join("template", name))
	if err != nil {
		return nil, fmt.Errorf("docx: template part %s: %w", name, err)
	}
	return b, nil
}

// loadTemplate reads and parses the embedded template parts.
func loadTemplate() (*template, error) {
	t := &template{}
	raw := map[string][]byte{}
	for _, name := range []string{"content_types.xml", "rels.xml", "document.xml", "document.xml.rels", "styles.xml", "numbering.xml", "settings.xml", "app.xml"} {
		b, err := readTemplate(name)
		if err != nil {
			return nil, err
		}
		raw[name] = b
	}
	ct, err := packager.LoadContentTypes(raw["content_types.xml"])
	if err != nil {
		return nil, fmt.Errorf("docx: template content types: %w", err)
	}
	t.contentTypes = *ct
	rr, err := packager.LoadRelationShips(partRootRels, raw["rels.xml"])
	if err != nil {
		return nil, fmt.Errorf("docx: template package relationships: %w", err)
	}
	t.rootRels = *rr
	dr, err := packager.LoadRelationShips(partDocRels, raw["document.xml.rels"])
	if err != nil {
		return nil, fmt.Errorf("docx: template document relationships: %w", err)
	}
	t.docRels = *dr
	t.documentXML = raw["document.xml"]
	// Check once that godocx can parse the document skeleton.
	if _, err := docx.LoadDocXml(docx.NewRootDoc(), partDocument, t.documentXML); err != nil {
		return nil, fmt.Errorf("docx: template document: %w", err)
	}
	t.app = raw["app.xml"]
	num := string(raw["numbering.xml"])
	head, tail, ok := strings.Cut(num, "<!--instances-->")
	if !ok {
		return nil, fmt.Errorf("docx: template numbering.xml lacks the instances marker")
	}
	t.numberingHead, t.numberingTail = []byte(head), []byte(tail)
	t.settings = raw["settings.xml"]
	s, ok := strings.CutSuffix(strings.TrimSpace(string(t.settings)), "</w:settings>")
	if !ok {
		return nil, fmt.Errorf("docx: template settings.xml does not end with </w:settings>")
	}
	// embedTrueTypeFonts belongs right after w:zoom in CT_Settings' sequence.
	s = strings.Replace(s, `<w:zoom w:percent="100"/>`, `<w:zoom w:percent="100"/><w:embedTrueTypeFonts/>`, 1)
	if !strings.Contains(s, "<w:embedTrueTypeFonts/>") {
		return nil, fmt.Errorf("docx: template settings.xml lacks <w:zoom>")
	}
	t.settingsEmbed = []byte(s + "</w:settings>\n")
	t.stylesXML = raw["styles.xml"]
	return t, nil
}

// styles parses the styles part with the document defaults of one language
// and Myanmar family: w:lang of the runs and the complex-script font slot,
// which LibreOffice uses for Myanmar text.
func (t *template) styles(lang, csFont string) (*ctypes.Styles, error) {
	st, err := docx.LoadStyles(partStyles, t.stylesXML)
	if err != nil {
		return nil, fmt.Errorf("docx: template styles: %w", err)
	}
	if err := restoreLineSpacing(st, t.stylesXML); err != nil {
		return nil, err
	}
	dd := st.DocDefaults
	if dd == nil || dd.RunProp == nil || dd.RunProp.RunProp == nil {
		return nil, fmt.Errorf("docx: template styles lack run defaults")
	}
	rp := dd.RunProp.RunProp
	if rp.Fonts == nil {
		rp.Fonts = &ctypes.RunFonts{}
	}
	rp.Fonts.CS = csFont
	l := lang
	rp.Lang = &ctypes.Lang{Val: &l, EastAsia: &l, Bidi: &l}
	return st, nil
}

// newRoot builds a fresh godocx package from the parsed template. Slices the
// writer appends to are copied; everything else is shared read-only.
func (t *template) newRoot(styles *ctypes.Styles) (*docx.RootDoc, error) {
	rd := docx.NewRootDoc()
	rd.ContentType = docx.ContentTypes{
		XMLName:  t.contentTypes.XMLName,
		Default:  slices.Clone(t.contentTypes.Default),
		Override: slices.Clone(t.contentTypes.Override),
	}
	rd.RootRels = t.rootRels
	d, err := docx.LoadDocXml(rd, partDocument, t.documentXML)
	if err != nil {
		return nil, fmt.Errorf("docx: document skeleton: %w", err)
	}
	d.DocRels = t.docRels
	d.DocRels.Relationships = slices.Clone(t.docRels.Relationships)
	d.RID = len(t.docRels.Relationships)
	rd.Document = d
	rd.DocStyles = styles
	return rd, nil
}
