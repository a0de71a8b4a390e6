// Package fonts owns the font faces docexport embeds in its binary: the
// Latin Noto Sans family and the Myanmar families Noto Sans Myanmar and
// Pyidaungsu, with their licenses and metadata. Faces are immutable data;
// parsing and preparing them for a writer is the job of the render packages.
package fonts

import (
	"crypto/sha256"
	"embed"
	"fmt"
	"sort"
)

//go:embed files/*.ttf files/*.txt
var files embed.FS

// Script names the writing system a face is meant for.
type Script string

// Scripts served by the bundled faces.
const (
	Latin   Script = "Latin"
	Myanmar Script = "Myanmar"
)

// Face is one embedded font file and what documents need to know about it.
type Face struct {
	// ID is a stable identifier, e.g. "noto-sans-myanmar-bold".
	ID string
	// Family is the family name as documents name it (e.g. "Noto Sans Myanmar").
	Family string
	// PostScript is the face's PostScript-style name, e.g. "NotoSansMyanmar-Bold".
	PostScript string
	// Script is the script the face is used for.
	Script Script
	// Bold and Italic describe the style.
	Bold, Italic bool
	// File is the path of the font inside the embedded file system.
	File string
	// License is the path of the license text inside the embedded file system.
	License string

	data []byte
	sum  [32]byte
}

// Data returns the font file's bytes. Callers must not modify them.
func (f *Face) Data() []byte { return f.data }

// SHA256 returns the hash of the font file, a stable key for derived data.
func (f *Face) SHA256() [32]byte { return f.sum }

// Set is the four styles of a family; families without italics reuse the
// upright faces.
type Set struct {
	Regular, Bold, Italic, BoldItalic *Face
}

// Pick returns the face of the set for a style.
func (s Set) Pick(bold, italic bool) *Face {
	switch {
	case bold && italic:
		return s.BoldItalic
	case bold:
		return s.Bold
	case italic:
		return s.Italic
	default:
		return s.Regular
	}
}

// Faces returns the distinct faces of the set in a stable order.
func (s Set) Faces() []*Face {
	out := make([]*Face, 0, 4)
	seen := map[*Face]bool{}
	for _, f := range []*Face{s.Regular, s.Bold, s.Italic, s.BoldItalic} {
		if f != nil && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// Myanmar family names accepted by the API's "font" field.
const (
	FamilyNoto       = "noto"
	FamilyPyidaungsu = "pyidaungsu"
	// DefaultMyanmar is the family used when a statement names none.
	DefaultMyanmar = FamilyNoto
)

func load(id, family, ps string, script Script, bold, italic bool, file, license string) *Face {
	data, err := files.ReadFile("files/" + file)
	if err != nil {
		panic(fmt.Sprintf("fonts: embedded file %s missing: %v", file, err)) // build-time invariant
	}
	return &Face{ID: id, Family: family, PostScript: ps, Script: script, Bold: bold, Italic: italic,
		File: file, License: license, data: data, sum: sha256.Sum256(data)}
}

var (
	notoSans = Set{
		Regular:    load("noto-sans-regular", "Noto Sans", "NotoSans-Regular", Latin, false, false, "NotoSans-Regular.ttf", "OFL-Noto.txt"),
		Bold:       load("noto-sans-bold", "Noto Sans", "NotoSans-Bold", Latin, true, false, "NotoSans-Bold.ttf", "OFL-Noto.txt"),
		Italic:     load("noto-sans-italic", "Noto Sans", "NotoSans-Italic", Latin, false, true, "NotoSans-Italic.ttf", "OFL-Noto.txt"),
		BoldItalic: load("noto-sans-bolditalic", "Noto Sans", "NotoSans-BoldItalic", Latin, true, true, "NotoSans-BoldItalic.ttf", "OFL-Noto.txt"),
	}
	myanmarSets = map[string]Set{
		FamilyNoto:       uprightSet(load("noto-sans-myanmar-regular", "Noto Sans Myanmar", "NotoSansMyanmar-Regular", Myanmar, false, false, "NotoSansMyanmar-Regular.ttf", "OFL-Noto.txt"), load("noto-sans-myanmar-bold", "Noto Sans Myanmar", "NotoSansMyanmar-Bold", Myanmar, true, false, "NotoSansMyanmar-Bold.ttf", "OFL-Noto.txt")),
		FamilyPyidaungsu: uprightSet(load("pyidaungsu-regular", "Pyidaungsu", "Pyidaungsu", Myanmar, false, false, "Pyidaungsu-Regular.ttf", "OFL-Pyidaungsu.txt"), load("pyidaungsu-bold", "Pyidaungsu", "Pyidaungsu-Bold", Myanmar, true, false, "Pyidaungsu-Bold.ttf", "OFL-Pyidaungsu.txt")),
	}
)

// uprightSet builds a set for a family without italics: emphasis stays upright.
func uprightSet(regular, bold *Face) Set {
	return Set{Regular: regular, Bold: bold, Italic: regular, BoldItalic: bold}
}

// LatinSet returns the Latin family (Noto Sans) used for Latin letters,
// digits and punctuation in every document.
func LatinSet() Set { return notoSans }

// MyanmarSet returns the Myanmar family with the given API name ("noto" or
// "pyidaungsu"; "" means the default). ok is false for an unknown name.
func MyanmarSet(name string) (s Set, ok bool) {
	if name == "" {
		name = DefaultMyanmar
	}
	s, ok = myanmarSets[name]
	return s, ok
}

// MyanmarFamilies lists the accepted Myanmar family names, sorted.
func MyanmarFamilies() []string {
	out := make([]string, 0, len(myanmarSets))
	for k := range myanmarSets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// All returns every embedded face, Latin first, in a stable order.
func All() []*Face {
	out := notoSans.Faces()
	for _, name := range MyanmarFamilies() {
		out = append(out, myanmarSets[name].Faces()...)
	}
	return out
}

// LicenseText returns the license file that covers a face.
func LicenseText(f *Face) ([]byte, error) {
	b, err := files.ReadFile("files/" + f.License)
	if err != nil {
		return nil, fmt.Errorf("fonts: license for %s: %w", f.ID, err)
	}
	return b, nil
}
