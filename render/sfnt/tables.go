package sfnt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// ErrMalformed is wrapped by every error about a font that cannot be parsed.
var ErrMalformed = errors.New("malformed font")

// ErrUnsupported is wrapped by errors about valid fonts the package cannot
// handle (e.g. CFF-based faces, which have no glyf table to subset).
var ErrUnsupported = errors.New("unsupported font")

// table is one entry of the sfnt table directory.
type table struct {
	tag  string
	data []byte
}

// sfntFont is a parsed sfnt: its version tag and tables, in directory order.
type sfntFont struct {
	version uint32
	tables  []table
}

// maxTables bounds the table count of hostile input.
const maxTables = 256

// parse reads the table directory of a TrueType/OpenType font. Table data
// slices alias ttf.
func parse(ttf []byte) (*sfntFont, error) {
	if len(ttf) < 12 {
		return nil, fmt.Errorf("%w: %d bytes is too short for a header", ErrMalformed, len(ttf))
	}
	version := binary.BigEndian.Uint32(ttf)
	switch version {
	case 0x00010000, 0x74727565 /* 'true' */, 0x4F54544F /* 'OTTO' */ :
	default:
		return nil, fmt.Errorf("%w: unknown sfnt version %#08x", ErrMalformed, version)
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if n > maxTables {
		return nil, fmt.Errorf("%w: %d tables", ErrMalformed, n)
	}
	if len(ttf) < 12+16*n {
		return nil, fmt.Errorf("%w: table directory truncated", ErrMalformed)
	}
	f := &sfntFont{version: version, tables: make([]table, 0, n)}
	seen := make(map[string]bool, n)
	for i := range n {
		rec := ttf[12+16*i:]
		tag := string(rec[:4])
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		length := uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > uint64(len(ttf)) {
			return nil, fmt.Errorf("%w: table %q [%d,+%d) outside the file", ErrMalformed, tag, off, length)
		}
		if seen[tag] {
			return nil, fmt.Errorf("%w: duplicate table %q", ErrMalformed, tag)
		}
		seen[tag] = true
		f.tables = append(f.tables, table{tag: tag, data: ttf[off : off+length : off+length]})
	}
	return f, nil
}

// get returns the data of the table with the given tag, or nil.
func (f *sfntFont) get(tag string) []byte {
	for _, t := range f.tables {
		if t.tag == tag {
			return t.data
		}
	}
	return nil
}

// checksum is the sfnt table checksum: the sum of big-endian uint32 words,
// the data padded with zeros to a multiple of four bytes.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

// headChecksumAdjustment is the offset of checkSumAdjustment in 'head'.
const headChecksumAdjustment = 8

// serialize writes the font with tables sorted by tag (as the spec asks),
// each 4-byte aligned and zero padded, with recomputed checksums and
// head.checkSumAdjustment.
func (f *sfntFont) serialize() []byte {
	tables := make([]table, len(f.tables))
	copy(tables, f.tables)
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	n := len(tables)
	size := 12 + 16*n
	for _, t := range tables {
		size += (len(t.data) + 3) &^ 3
	}
	out := make([]byte, size)
	binary.BigEndian.PutUint32(out, f.version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	// searchRange, entrySelector, rangeShift.
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	sr := (1 << es) * 16
	if n == 0 {
		sr = 0
	}
	binary.BigEndian.PutUint16(out[6:], uint16(sr))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-sr))
	off := 12 + 16*n
	headOff := -1
	for i, t := range tables {
		rec := out[12+16*i:]
		copy(rec, t.tag)
		copy(out[off:], t.data)
		if t.tag == "head" && len(t.data) >= headChecksumAdjustment+4 {
			headOff = off
			clear(out[off+headChecksumAdjustment : off+headChecksumAdjustment+4])
		}
		binary.BigEndian.PutUint32(rec[4:], checksum(out[off:off+len(t.data)]))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
		off += (len(t.data) + 3) &^ 3
	}
	if headOff >= 0 {
		binary.BigEndian.PutUint32(out[headOff+headChecksumAdjustment:], 0xB1B0AFBA-checksum(out))
	}
	return out
}
