package sfnt

import (
	"encoding/binary"
	"fmt"
)

// fsType bits of the OS/2 table (OpenType spec, OS/2 fsType).
const (
	// fsRestricted: the face must not be embedded, modified or exchanged.
	fsRestricted = 0x0002
	// fsEditable: the face may be embedded in documents that are edited.
	fsEditable = 0x0008
)

// FSType returns the OS/2 table's fsType (embedding permissions).
func FSType(ttf []byte) (uint16, error) {
	f, err := parse(ttf)
	if err != nil {
		return 0, fmt.Errorf("sfnt: fsType: %w", err)
	}
	os2 := f.get("OS/2")
	if os2 == nil {
		return 0, fmt.Errorf("sfnt: fsType: %w: no OS/2 table", ErrMalformed)
	}
	// version(2) xAvgCharWidth(2) usWeightClass(2) usWidthClass(2) fsType(2).
	if len(os2) < 10 {
		return 0, fmt.Errorf("sfnt: fsType: %w: OS/2 table of %d bytes", ErrMalformed, len(os2))
	}
	return binary.BigEndian.Uint16(os2[8:]), nil
}

// EmbeddingAllowed reports whether fsType permits embedding a face in an
// editable document: 0 (installable) or the editable bit 0x08 set, with
// restricted-license bit 0x02 clear.
func EmbeddingAllowed(fsType uint16) bool {
	if fsType&fsRestricted != 0 {
		return false
	}
	return fsType == 0 || fsType&fsEditable != 0
}
