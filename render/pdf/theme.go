package pdf

// Page geometry and typography, in points (1/72 inch).
const (
	pageW   = 595.28 // A4
	pageH   = 841.89
	margin  = 56.69 // 20 mm
	bottom  = 70.0  // body stops here above the page bottom, leaving room for the footer
	footerY = pageH - 34.0

	bodySize   = 10.5
	titleSize  = 20.0
	labelSize  = 9.5
	metaSize   = 9.0
	footerSize = 8.0
	h2Size     = 14.0
	h3Size     = 12.0

	// leading is added to the faces' own extents (as a fraction of the size).
	leading      = 0.12
	paraGap      = 6.0
	headingGap   = 10.0
	listIndent   = 18.0
	quoteIndent  = 16.0
	markerGap    = 5.0
	maxIndentLvl = 8 // deeper nesting keeps this indent, so text never runs out of room
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	colText   = rgb{26, 26, 26}
	colMuted  = rgb{90, 90, 90}
	colAccent = rgb{140, 30, 40}
	colLink   = rgb{20, 70, 160}
	colRule   = rgb{190, 190, 190}
	colQuote  = rgb{70, 70, 70}
)
