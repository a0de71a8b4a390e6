package render

import "github.com/docexport/docexport/render/doc"

// build turns a validated statement into its document model.
func build(st Statement, cfg Config) (*doc.Document, error) {
	return &doc.Document{Lang: st.Lang, TitleText: st.Title}, nil
}
