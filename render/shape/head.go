package shape

import (
	"encoding/binary"
	"errors"
)

// headBBox reads yMin and yMax from the font's head table.
func headBBox(data []byte) ([2]int32, error) {
	if len(data) < 12 {
		return [2]int32{}, errors.New("short font")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			break
		}
		if string(data[rec:rec+4]) != "head" {
			continue
		}
		off := int(binary.BigEndian.Uint32(data[rec+8:]))
		if off+44 > len(data) {
			return [2]int32{}, errors.New("short head table")
		}
		yMin := int16(binary.BigEndian.Uint16(data[off+38:]))
		yMax := int16(binary.BigEndian.Uint16(data[off+42:]))
		return [2]int32{int32(yMin), int32(yMax)}, nil
	}
	return [2]int32{}, errors.New("no head table")
}
