package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
)

// addFontParts copies the package godocx wrote, entry by entry without
// recompressing, and appends the font parts from their precompressed bytes.
//
// godocx deflates every part it holds on every Write; a Myanmar family's
// two faces are 400 KB, and deflating them per document would cost more
// than the whole rest of the write (see BenchmarkFontDeflate). The fonts
// are identical in every document of a family, so New compresses them once
// and this step stores the result as it is.
func addFontParts(pkg []byte, parts []fontPart) ([]byte, error) {
	if len(parts) == 0 {
		return pkg, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, fmt.Errorf("docx: reread package: %w", err)
	}
	var out bytes.Buffer
	size := len(pkg)
	for _, p := range parts {
		size += len(p.face.deflated) + 128
	}
	out.Grow(size)
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			return nil, fmt.Errorf("docx: copy part %s: %w", f.Name, err)
		}
	}
	// Font entries take the timestamp fields of godocx's entries (CreateRaw
	// writes header fields as given).
	first := zr.File[0].FileHeader
	for _, p := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               p.name,
			Method:             zip.Deflate,
			ModifiedTime:       first.ModifiedTime,
			ModifiedDate:       first.ModifiedDate,
			Extra:              first.Extra,
			CreatorVersion:     first.CreatorVersion,
			CRC32:              p.face.crc,
			CompressedSize64:   uint64(len(p.face.deflated)),
			UncompressedSize64: uint64(len(p.face.odttf)),
		})
		if err != nil {
			return nil, fmt.Errorf("docx: add %s: %w", p.name, err)
		}
		if _, err := w.Write(p.face.deflated); err != nil {
			return nil, fmt.Errorf("docx: add %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docx: close package: %w", err)
	}
	return out.Bytes(), nil
}
