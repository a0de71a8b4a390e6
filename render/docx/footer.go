package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/docexport/docexport/render/doc"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// Footer parts: godocx has no API for headers and footers, so the footer is
// written here (with godocx's run types) and added through the package's
// file map; the template relates it from the document and its sectPr.
const (
	partFooterRels = "word/_rels/footer1.xml.rels"
	hyperlinkType  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
)

// footerXML writes the footer: the statement's URL (a hyperlink) on one
// line, the page label with PAGE and NUMPAGES fields right-aligned below.
// rels is nil when the footer has no link.
func footerXML(d *doc.Document, myFamily string, use *runUse) (footer, rels []byte, err error) {
	var buf bytes.Buffer
	buf.WriteString(xmlHeader)
	e := xml.NewEncoder(&buf)
	ftr := xml.StartElement{Name: xml.Name{Local: "w:ftr"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns:w"}, Value: "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
		{Name: xml.Name{Local: "xmlns:r"}, Value: "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
	}}
	if err := e.EncodeToken(ftr); err != nil {
		return nil, nil, fmt.Errorf("docx: footer: %w", err)
	}
	pPr := func(right bool) error {
		pp := ctypes.ParagraphProp{Style: ctypes.NewParagraphStyle(styleFooter.id)}
		if right {
			pp.Justification = ctypes.NewGenSingleStrVal(stypes.JustificationRight)
		}
		return pp.MarshalXML(e, xml.StartElement{})
	}
	runs := func(rs []doc.Run) error {
		for _, r := range rs {
			run := ctypes.Run{Property: runProps(r, styleFooter, myFamily, d.Lang, use), Children: runContent(r)}
			if err := run.MarshalXML(e, xml.StartElement{}); err != nil {
				return err
			}
		}
		return nil
	}
	p := xml.StartElement{Name: xml.Name{Local: "w:p"}}
	if d.URL != "" {
		link := xml.StartElement{Name: xml.Name{Local: "w:hyperlink"}, Attr: []xml.Attr{{Name: xml.Name{Local: "r:id"}, Value: "rId1"}}}
		err := encodeAll(e, p, func() error { return pPr(false) }, func() error {
			return encodeAll(e, link, func() error {
				return runs(doc.SplitScripts(d.URL, doc.Run{Link: d.URL, Lang: d.Lang}))
			})
		})
		if err != nil {
			return nil, nil, fmt.Errorf("docx: footer link: %w", err)
		}
		rels = []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` +
			hyperlinkType + `" Target="` + attrEscape(d.URL) + `" TargetMode="External"/></Relationships>`)
	}
	if len(d.PageLabel) > 0 {
		err := encodeAll(e, p, func() error { return pPr(true) }, func() error {
			for _, part := range d.PageLabel {
				instr := ""
				switch part.Field {
				case doc.PageField:
					instr = " PAGE "
				case doc.PagesField:
					instr = " NUMPAGES "
				default:
					if err := runs(doc.SplitScripts(part.Text, doc.Run{Lang: d.Lang})); err != nil {
						return err
					}
					continue
				}
				fld := xml.StartElement{Name: xml.Name{Local: "w:fldSimple"}, Attr: []xml.Attr{{Name: xml.Name{Local: "w:instr"}, Value: instr}}}
				if err := encodeAll(e, fld, func() error { return runs([]doc.Run{{Text: "1", Lang: d.Lang}}) }); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("docx: footer page label: %w", err)
		}
	}
	if d.URL == "" && len(d.PageLabel) == 0 {
		// A footer holds at least one paragraph.
		if err := encodeAll(e, p, func() error { return pPr(false) }); err != nil {
			return nil, nil, fmt.Errorf("docx: footer: %w", err)
		}
	}
	if err := e.EncodeToken(ftr.End()); err != nil {
		return nil, nil, fmt.Errorf("docx: footer: %w", err)
	}
	if err := e.Flush(); err != nil {
		return nil, nil, fmt.Errorf("docx: footer: %w", err)
	}
	return buf.Bytes(), rels, nil
}

// encodeAll writes start, the content of each step, and the end tag.
func encodeAll(e *xml.Encoder, start xml.StartElement, steps ...func() error) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
