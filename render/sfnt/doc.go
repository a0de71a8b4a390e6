// Package sfnt reads and writes the tables of TrueType (sfnt) font files in
// memory: it reports a face's embedding permissions (OS/2 fsType, FSType and
// EmbeddingAllowed) and cuts small glyf-based subsets out of a face
// (Subsetter) whose (3,1) format-4 cmap maps caller-chosen code points to
// the subset's glyphs, so that a PDF writer can embed per-document simple
// TrueType fonts that reach any glyph shaping produced (ligatures,
// reordered and stacked Myanmar forms) through one-byte codes.
package sfnt
