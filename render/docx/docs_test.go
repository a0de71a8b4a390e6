package docx

import (
	"fmt"
	"strings"
	"time"

	"github.com/docexport/docexport/render/doc"
)

// Hand-built documents for the tests and benchmarks. They exercise every
// block kind; the corpus samples go through render end to end elsewhere.

func para(text string) doc.Block {
	return doc.Block{Kind: doc.Paragraph, Runs: doc.SplitScripts(text, doc.Run{Lang: "en"})}
}

func runs(lang, text string) []doc.Run { return doc.SplitScripts(text, doc.Run{Lang: lang}) }

func pageLabel(word, of string) []doc.FooterPart {
	return []doc.FooterPart{{Text: word}, {Field: doc.PageField}, {Text: of}, {Field: doc.PagesField}}
}

// englishDoc has every block kind, links, emphasis and breaks.
func englishDoc() *doc.Document {
	d := &doc.Document{
		Lang:          "en",
		Label:         runs("en", "Statement"),
		Title:         runs("en", "Council calls for protection of civilians"),
		Author:        runs("en", "Special Advisory Council"),
		Meta:          runs("en", "29 January 2025 · Special Advisory Council · 3 min read"),
		URL:           "https://example.org/statements/2025/protection?a=1&b=2",
		TitleText:     "Council calls for protection of civilians",
		AuthorText:    "Special Advisory Council",
		PageLabel:     pageLabel("Page ", " of "),
		MyanmarFamily: "noto",
		Date:          time.Date(2025, 1, 29, 0, 0, 0, 0, time.UTC),
	}
	d.Blocks = []doc.Block{
		para("The first paragraph opens the statement."),
		{Kind: doc.Paragraph, Runs: []doc.Run{
			{Text: "Read the ", Lang: "en"},
			{Text: "full report", Lang: "en", Link: "https://example.org/report", Bold: true},
			{Text: " and the ", Lang: "en"},
			{Text: "annex", Lang: "en", Italic: true, Link: "https://example.org/report"},
			{Text: " today.", Lang: "en"},
			{Break: true},
			{Text: "Second line after a hard break.", Lang: "en"},
		}},
		{Kind: doc.Heading, Level: 2, Runs: runs("en", "Background heading")},
		{Kind: doc.ListItem, ListDepth: 1, Marker: "•", Runs: runs("en", "Bullet one")},
		{Kind: doc.ListItem, ListDepth: 2, Marker: "•", Runs: runs("en", "Nested bullet")},
		{Kind: doc.ListItem, ListDepth: 1, Marker: "•", Runs: runs("en", "Bullet two")},
		{Kind: doc.ListItem, ListDepth: 1, Runs: runs("en", "Bullet two continued")},
		{Kind: doc.Heading, Level: 3, Runs: runs("en", "Demands subheading")},
		{Kind: doc.ListItem, ListDepth: 1, Ordered: true, Number: 1, Marker: "1.", Runs: runs("en", "Numbered one")},
		{Kind: doc.ListItem, ListDepth: 2, Ordered: true, Number: 1, Marker: "1.", Runs: runs("en", "Numbered nested one")},
		{Kind: doc.ListItem, ListDepth: 1, Ordered: true, Number: 2, Marker: "2.", Runs: runs("en", "Numbered two")},
		{Kind: doc.Rule},
		{Kind: doc.Paragraph, QuoteDepth: 1, Runs: runs("en", "A quoted sentence.")},
		{Kind: doc.Paragraph, QuoteDepth: 2, Runs: runs("en", "A nested quote.")},
		{Kind: doc.Preformatted, Runs: []doc.Run{{Text: "code  line\tone", Lang: "en"}, {Break: true}, {Text: "  indented line two", Lang: "en"}}},
		{Kind: doc.ListItem, ListDepth: 1, Ordered: true, Number: 5, Marker: "5.", Runs: runs("en", "A list starting at five")},
		para("The closing paragraph."),
	}
	return d
}

// myanmarDoc is a Myanmar statement with bold, links and a mixed-script paragraph.
func myanmarDoc(family string) *doc.Document {
	d := &doc.Document{
		Lang:          "my",
		Label:         runs("my", "ထုတ်ပြန်ချက်"),
		Title:         runs("my", "မြန်မာ့တော်လှန်ရေးက ဦးဆောင်သည့် နိုင်ငံတည်ဆောက်ရေး"),
		Meta:          runs("my", "၂၉ ဇန်နဝါရီ ၂၀၂၅ · အထူးအကြံပေးကောင်စီ (SAC-M)"),
		URL:           "https://example.org/my/statement",
		TitleText:     "မြန်မာ့တော်လှန်ရေးက ဦးဆောင်သည့် နိုင်ငံတည်ဆောက်ရေး",
		AuthorText:    "အထူးအကြံပေးကောင်စီ (SAC-M)",
		PageLabel:     pageLabel("စာမျက်နှာ ", " / "),
		MyanmarFamily: family,
	}
	d.Blocks = []doc.Block{
		{Kind: doc.Paragraph, Runs: runs("my", "မြန်မာစစ်တပ် ပြိုလဲလာနေချိန်တွင် နိုင်ငံတကာအသိုင်းအဝိုင်းအနေဖြင့် အရပ်သားများကို ကာကွယ်ရန် အရေးတကြီး ဆောင်ရွက်ရမည်။")},
		{Kind: doc.Heading, Level: 2, Runs: runs("my", "နောက်ခံအကြောင်းအရာ")},
		{Kind: doc.Paragraph, Runs: append(runs("my", "ကောင်စီ၏ "), append([]doc.Run{{Text: "အစီရင်ခံစာ", Script: doc.Myanmar, Lang: "my", Bold: true, Link: "https://example.org/my/report"}}, runs("my", " ကို ဖတ်ရှုပါ။ The UN Security Council (UNSC) must act.")...)...)},
		{Kind: doc.ListItem, ListDepth: 1, Marker: "•", Runs: runs("my", "ပထမအချက်")},
		{Kind: doc.ListItem, ListDepth: 1, Ordered: true, Number: 1, Marker: "၁။", Runs: runs("my", "ဒုတိယအချက်")},
		{Kind: doc.Paragraph, QuoteDepth: 1, Runs: []doc.Run{{Text: "ကိုးကားချက် စာသား", Script: doc.Myanmar, Lang: "my", Italic: true}}},
	}
	return d
}

// benchDoc is a hand-built document of about the samples' size: ten
// paragraphs of some 600 characters.
func benchDoc(lang string) *doc.Document {
	var d *doc.Document
	var sentence string
	if lang == "my" {
		d = myanmarDoc("noto")
		sentence = "မြန်မာစစ်တပ် ပြိုလဲလာနေချိန်တွင် နိုင်ငံတကာအသိုင်းအဝိုင်းအနေဖြင့် အရပ်သားများကို ကာကွယ်ရန် ဆောင်ရွက်ရမည်။ "
	} else {
		d = englishDoc()
		sentence = "The international community must act urgently to protect civilians and support the revolution. "
	}
	d.Blocks = nil
	for i := range 10 {
		text := strings.Repeat(sentence, 600/len([]rune(sentence))+1)
		if i%4 == 3 {
			d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Heading, Level: 2, Runs: runs(lang, fmt.Sprintf("%s %d", strings.Fields(sentence)[0], i))})
		}
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Runs: runs(lang, text)})
	}
	return d
}
