package docx

import (
	"encoding/xml"
	"fmt"

	"github.com/gomutex/godocx/wml/ctypes"
)

// godocx's ctypes.Spacing declares its line field without ",attr", so
// parsing a styles part drops every w:spacing/@w:line (the line height)
// and writes w:lineRule alone. restoreLineSpacing reads those values from
// the raw part and puts them back into the parsed styles.

type rawSpacing struct {
	Line *int `xml:"line,attr"`
}

type rawPPr struct {
	Spacing *rawSpacing `xml:"spacing"`
}

type rawStyle struct {
	ID  string  `xml:"styleId,attr"`
	PPr *rawPPr `xml:"pPr"`
}

type rawStyles struct {
	Defaults *rawPPr    `xml:"docDefaults>pPrDefault>pPr"`
	Styles   []rawStyle `xml:"style"`
}

func restoreLineSpacing(st *ctypes.Styles, raw []byte) error {
	var rs rawStyles
	if err := xml.Unmarshal(raw, &rs); err != nil {
		return fmt.Errorf("docx: template styles: %w", err)
	}
	set := func(pp *ctypes.ParagraphProp, r *rawPPr, where string) error {
		if r == nil || r.Spacing == nil || r.Spacing.Line == nil {
			return nil
		}
		if pp == nil || pp.Spacing == nil {
			return fmt.Errorf("docx: template styles: parsed %s lacks its spacing", where)
		}
		line := *r.Spacing.Line
		pp.Spacing.Line = &line
		return nil
	}
	if st.DocDefaults != nil && st.DocDefaults.ParaProp != nil {
		if err := set(st.DocDefaults.ParaProp.ParaProp, rs.Defaults, "docDefaults"); err != nil {
			return err
		}
	}
	byID := map[string]*rawPPr{}
	for _, s := range rs.Styles {
		byID[s.ID] = s.PPr
	}
	for i := range st.StyleList {
		s := &st.StyleList[i]
		if s.ID == nil {
			continue
		}
		if err := set(s.ParaProp, byID[*s.ID], "style "+*s.ID); err != nil {
			return err
		}
	}
	return nil
}
