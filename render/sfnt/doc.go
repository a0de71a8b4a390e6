// Package sfnt reads and rewrites the tables of TrueType (sfnt) font files
// in memory: it reports a face's embedding permissions (OS/2 fsType) and
// gives every glyph a BMP code point in the font's format-4 Unicode cmap, so
// that writers addressing glyphs only by code point (fpdf) can reach glyphs
// produced by shaping (ligatures, reordered and stacked forms).
package sfnt
