// Package docx writes a document model as a Word (.docx) file with godocx,
// embedding the Myanmar faces it uses.
//
// The package starts from a lean template of its own (template/*.xml: real
// Word styles Title, Heading2, Heading3, ListBullet, ListNumber, Quote,
// Hyperlink, KindLabel, MetaLine, with bullet and numbered list
// definitions), parsed once in New. Each Write builds a godocx RootDoc from
// the parsed template, adds the paragraphs with godocx, and adds what godocx
// has no API for (footer with PAGE/NUMPAGES fields, core properties, font
// table, embedded fonts, list instances) as parts of the package's file map,
// relationships and content types. Myanmar faces are embedded as obfuscated
// fonts (ECMA-376 Part 1 §17.8.1), prepared once per process.
package docx

import (
	"bytes"
	"context"
	"fmt"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/gomutex/godocx/wml/ctypes"
)

// Writer writes Word files. It is safe for concurrent use: everything it
// holds is read-only after New.
type Writer struct {
	tmpl *template
	// families are the Myanmar families, prepared for embedding.
	families map[string]*embeddedFamily
	// stylesEN is the styles part of English documents; stylesMY those of
	// Myanmar documents by family name (the complex-script slot of the
	// defaults names the family).
	stylesEN *ctypes.Styles
	stylesMY map[string]*ctypes.Styles
	// noEmbed leaves fonts out of the package (tests prove with it that
	// the embedding test can fail).
	noEmbed bool
}

// New parses the template and prepares the Myanmar faces for embedding
// (checking that their OS/2 fsType allows it). It does this work once per
// process.
func New() (*Writer, error) {
	t, err := loadTemplate()
	if err != nil {
		return nil, err
	}
	fams, err := prepareFamilies()
	if err != nil {
		return nil, err
	}
	w := &Writer{tmpl: t, families: fams, stylesMY: map[string]*ctypes.Styles{}}
	if w.stylesEN, err = t.styles(langTag("en"), latinFamily); err != nil {
		return nil, err
	}
	for name, f := range fams {
		if w.stylesMY[name], err = t.styles(langTag("my"), f.family); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// Write renders d as a .docx file. It checks ctx between blocks and returns
// its error, wrapped, when the context ends.
func (w *Writer) Write(ctx context.Context, d *doc.Document) ([]byte, error) {
	if err := doc.ContextErr(ctx); err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	name := d.MyanmarFamily
	if name == "" {
		name = fonts.DefaultMyanmar
	}
	fam, ok := w.families[name]
	if !ok {
		return nil, fmt.Errorf("docx: unknown Myanmar family %q", d.MyanmarFamily)
	}
	styles := w.stylesEN
	if d.Lang == "my" {
		styles = w.stylesMY[name]
	}
	rd, err := w.tmpl.newRoot(styles)
	if err != nil {
		return nil, err
	}

	b := &bodyWriter{rd: rd, myFamily: fam.family, lang: d.Lang, links: map[string]string{}}
	b.header(d)
	if err := b.blocks(ctx, d.Blocks); err != nil {
		return nil, err
	}
	footer, footerRels, err := footerXML(d, fam.family, &b.use)
	if err != nil {
		return nil, err
	}

	var my *embeddedFamily
	if b.use.myRegular || b.use.myBold {
		my = fam
	}
	table, tableRels, parts := fontTable(my, b.use.myRegular, b.use.myBold, !w.noEmbed)
	settings := w.tmpl.settings
	if len(parts) > 0 {
		settings = w.tmpl.settingsEmbed
		if err := rd.ContentType.AddExtension("odttf", obfuscatedFontType); err != nil {
			return nil, fmt.Errorf("docx: content type: %w", err)
		}
		rd.FileMap.Store(partFontRels, tableRels)
	}
	rd.FileMap.Store(partFontTable, table)
	rd.FileMap.Store(partSettings, settings)
	rd.FileMap.Store(partNumbering, numberingXML(w.tmpl, b.lists.instances))
	rd.FileMap.Store(partFooter, footer)
	if footerRels != nil {
		rd.FileMap.Store(partFooterRels, footerRels)
	}
	rd.FileMap.Store(partCore, coreXML(d))
	rd.FileMap.Store(partApp, w.tmpl.app)

	if err := doc.ContextErr(ctx); err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := rd.Write(&buf); err != nil {
		return nil, fmt.Errorf("docx: write package: %w", err)
	}
	return addFontParts(buf.Bytes(), parts)
}
