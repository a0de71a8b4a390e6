package docx

import (
	"strings"

	"github.com/docexport/docexport/render/doc"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// Latin families named in run properties. They are not embedded: Word and
// LibreOffice substitute a sans (or mono) face where they are missing.
const (
	latinFamily = "Noto Sans"
	monoFamily  = "Noto Sans Mono"
)

// paraStyle is what the runs of a paragraph need to know about its style:
// the size in half-points and whether the style makes text bold or italic
// (the template's styles.xml is the source of these numbers).
type paraStyle struct {
	id     string
	size   uint64
	bold   bool
	italic bool
	mono   bool
}

// Paragraph styles of the template.
var (
	styleLabel    = paraStyle{id: "KindLabel", size: 20, bold: true}
	styleTitle    = paraStyle{id: "Title", size: 44, bold: true}
	styleMeta     = paraStyle{id: "MetaLine", size: 20}
	styleNormal   = paraStyle{id: "Normal", size: 22}
	styleH2       = paraStyle{id: "Heading2", size: 32, bold: true}
	styleH3       = paraStyle{id: "Heading3", size: 26, bold: true}
	styleBullet   = paraStyle{id: "ListBullet", size: 22}
	styleNumber   = paraStyle{id: "ListNumber", size: 22}
	styleContinue = paraStyle{id: "ListContinue", size: 22}
	styleQuote    = paraStyle{id: "Quote", size: 22, italic: true}
	stylePre      = paraStyle{id: "Preformatted", size: 19, mono: true}
	styleRule     = paraStyle{id: "HorizontalRule", size: 22}
	styleFooter   = paraStyle{id: "Footer", size: 18}
)

// langTag maps a model language to the tag Word files carry.
func langTag(lang string) string {
	if lang == "my" {
		return "my-MM"
	}
	return "en-US"
}

// runUse records which Myanmar faces a document's text needs.
type runUse struct {
	myRegular, myBold bool
}

// runProps returns the properties of one run in a paragraph of style ps.
// Myanmar runs name the Myanmar face in all four font slots and carry size,
// boldness and language in both the Latin and complex-script slots:
// LibreOffice treats Myanmar as complex script and reads only the cs slots,
// Word picks by character range. Myanmar has no italic, so emphasis stays
// upright (explicitly so inside an italic style).
func runProps(r doc.Run, ps paraStyle, myFamily, docLang string, use *runUse) *ctypes.RunProperty {
	rp := &ctypes.RunProperty{}
	if r.Link != "" {
		rp.Style = ctypes.NewRunStyle("Hyperlink")
	}
	if r.Script == doc.Myanmar {
		rp.Fonts = &ctypes.RunFonts{Ascii: myFamily, HAnsi: myFamily, EastAsia: myFamily, CS: myFamily}
		bold := r.Bold || ps.bold
		if bold {
			rp.Bold, rp.BoldCS = &ctypes.OnOff{}, &ctypes.OnOff{}
			use.myBold = true
		} else {
			use.myRegular = true
		}
		if ps.italic {
			rp.Italic, rp.ItalicCS = ctypes.OnOffFromBool(false), ctypes.OnOffFromBool(false)
		}
		rp.Size, rp.SizeCs = ctypes.NewFontSize(ps.size), ctypes.NewFontSizeCS(ps.size)
		tag := "my-MM"
		rp.Lang = &ctypes.Lang{Val: &tag, Bidi: &tag}
		return rp
	}
	f := latinFamily
	if ps.mono {
		f = monoFamily
	}
	rp.Fonts = &ctypes.RunFonts{Ascii: f, HAnsi: f, EastAsia: f, CS: f}
	if r.Bold {
		rp.Bold, rp.BoldCS = &ctypes.OnOff{}, &ctypes.OnOff{}
	}
	if r.Italic {
		rp.Italic, rp.ItalicCS = &ctypes.OnOff{}, &ctypes.OnOff{}
	}
	if r.Lang != "" && langTag(r.Lang) != langTag(docLang) {
		tag := langTag(r.Lang)
		rp.Lang = &ctypes.Lang{Val: &tag}
	}
	return rp
}

// runContent turns a run's text (or break) into run children: tabs become
// w:tab, the rest w:t with spaces preserved.
func runContent(r doc.Run) []ctypes.RunChild {
	if r.Break {
		return []ctypes.RunChild{{Break: &ctypes.Break{}}}
	}
	var out []ctypes.RunChild
	for i, part := range strings.Split(r.Text, "\t") {
		if i > 0 {
			out = append(out, ctypes.RunChild{Tab: &ctypes.Empty{}})
		}
		if part == "" {
			continue
		}
		t := &ctypes.Text{Text: part}
		if strings.ContainsAny(part, " \u00a0") {
			preserve := ctypes.TextSpacePreserve
			t.Space = &preserve
		}
		out = append(out, ctypes.RunChild{Text: t})
	}
	return out
}

// onOff is a set on/off property (<w:x/>).
func onOff() *ctypes.OnOff { return &ctypes.OnOff{} }

// bottomBorder is a thin rule under a paragraph.
func bottomBorder() *ctypes.ParaBorder {
	color, space, size := "auto", "1", 6
	return &ctypes.ParaBorder{Bottom: &ctypes.Border{Val: stypes.BorderStyleSingle, Color: &color, Space: &space, Size: &size}}
}
