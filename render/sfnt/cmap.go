package sfnt

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// encodingRecord is one (platform, encoding) entry of the cmap table with
// the bytes of its subtable.
type encodingRecord struct {
	platform, encoding uint16
	sub                []byte
}

// Platform and encoding IDs used by the cmap writer.
const (
	platformUnicode   = 0
	platformMicrosoft = 3
	encUnicodeVarSeq  = 5  // (0,5): format 14 variation sequences
	encMSSymbol       = 0  // (3,0)
	encMSUnicodeBMP   = 1  // (3,1)
	encMSUnicodeFull  = 10 // (3,10)
)

// parseCmapRecords reads the cmap table's encoding records and slices out
// each subtable (its length read from the subtable header).
func parseCmapRecords(cmap []byte) ([]encodingRecord, error) {
	if len(cmap) < 4 {
		return nil, fmt.Errorf("%w: cmap header truncated", ErrMalformed)
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, fmt.Errorf("%w: cmap encoding records truncated", ErrMalformed)
	}
	recs := make([]encodingRecord, 0, n)
	for i := range n {
		r := cmap[4+8*i:]
		off := uint64(binary.BigEndian.Uint32(r[4:]))
		if off+2 > uint64(len(cmap)) {
			return nil, fmt.Errorf("%w: cmap subtable %d at %d outside the table", ErrMalformed, i, off)
		}
		sub := cmap[off:]
		length, err := subtableLength(sub)
		if err != nil {
			return nil, fmt.Errorf("cmap subtable %d: %w", i, err)
		}
		recs = append(recs, encodingRecord{
			platform: binary.BigEndian.Uint16(r),
			encoding: binary.BigEndian.Uint16(r[2:]),
			sub:      sub[:length:length],
		})
	}
	return recs, nil
}

// subtableLength returns the byte length of the cmap subtable starting sub.
func subtableLength(sub []byte) (int, error) {
	format := binary.BigEndian.Uint16(sub)
	var length uint64
	switch format {
	case 0, 2, 4, 6:
		if len(sub) < 4 {
			return 0, fmt.Errorf("%w: format %d header truncated", ErrMalformed, format)
		}
		length = uint64(binary.BigEndian.Uint16(sub[2:]))
	case 8, 10, 12, 13:
		if len(sub) < 8 {
			return 0, fmt.Errorf("%w: format %d header truncated", ErrMalformed, format)
		}
		length = uint64(binary.BigEndian.Uint32(sub[4:]))
	case 14:
		if len(sub) < 6 {
			return 0, fmt.Errorf("%w: format 14 header truncated", ErrMalformed)
		}
		length = uint64(binary.BigEndian.Uint32(sub[2:]))
	default:
		return 0, fmt.Errorf("%w: unknown cmap subtable format %d", ErrMalformed, format)
	}
	if length < 4 || length > uint64(len(sub)) {
		return 0, fmt.Errorf("%w: format %d subtable length %d (%d bytes available)", ErrMalformed, format, length, len(sub))
	}
	return int(length), nil
}

// isUnicodeRecord reports whether a record maps Unicode code points to
// glyphs (and so is rewritten): platform 0 except variation sequences,
// and Microsoft (3,1) and (3,10).
func isUnicodeRecord(platform, encoding uint16) bool {
	switch platform {
	case platformUnicode:
		return encoding != encUnicodeVarSeq
	case platformMicrosoft:
		return encoding == encMSUnicodeBMP || encoding == encMSUnicodeFull
	}
	return false
}

// isFullRecord reports whether a Unicode record covers all planes (and is
// written as format 12).
func isFullRecord(platform, encoding uint16) bool {
	return (platform == platformUnicode && (encoding == 4 || encoding == 6)) ||
		(platform == platformMicrosoft && encoding == encMSUnicodeFull)
}

// mapping is one code point to glyph pair.
type mapping struct {
	code  rune
	glyph uint16
}

// buildCmap writes a cmap table: the records of recs that are not Unicode
// are kept byte for byte; the Unicode ones, plus (3,1) when missing, point
// to a format 4 subtable of the BMP part of m (and, for the full-repertoire
// records, a format 12 subtable of all of m). m is sorted by code.
func buildCmap(recs []encodingRecord, m []mapping) ([]byte, error) {
	f4, err := format4(m)
	if err != nil {
		return nil, err
	}
	var f12 []byte
	type outRec struct {
		platform, encoding uint16
		sub                []byte
	}
	var out []outRec
	hasMSBMP := false
	for _, r := range recs {
		if !isUnicodeRecord(r.platform, r.encoding) {
			out = append(out, outRec{r.platform, r.encoding, r.sub})
			continue
		}
		sub := f4
		if isFullRecord(r.platform, r.encoding) {
			if f12 == nil {
				f12 = format12(m)
			}
			sub = f12
		}
		if r.platform == platformMicrosoft && r.encoding == encMSUnicodeBMP {
			hasMSBMP = true
		}
		out = append(out, outRec{r.platform, r.encoding, sub})
	}
	if !hasMSBMP {
		out = append(out, outRec{platformMicrosoft, encMSUnicodeBMP, f4})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].platform != out[j].platform {
			return out[i].platform < out[j].platform
		}
		return out[i].encoding < out[j].encoding
	})
	// Drop duplicate (platform, encoding) records, keeping the first.
	dedup := out[:0]
	for i, r := range out {
		if i > 0 && r.platform == out[i-1].platform && r.encoding == out[i-1].encoding {
			continue
		}
		dedup = append(dedup, r)
	}
	out = dedup

	head := 4 + 8*len(out)
	buf := make([]byte, head, head+len(f4)+len(f12))
	binary.BigEndian.PutUint16(buf[2:], uint16(len(out)))
	// Identical subtables (the shared format 4 and 12) are written once.
	written := map[*byte]uint32{}
	for i, r := range out {
		key := &r.sub[0]
		off, ok := written[key]
		if !ok {
			for len(buf)%4 != 0 {
				buf = append(buf, 0)
			}
			off = uint32(len(buf))
			written[key] = off
			buf = append(buf, r.sub...)
		}
		rec := buf[4+8*i:]
		binary.BigEndian.PutUint16(rec, r.platform)
		binary.BigEndian.PutUint16(rec[2:], r.encoding)
		binary.BigEndian.PutUint32(rec[4:], off)
	}
	return buf, nil
}
