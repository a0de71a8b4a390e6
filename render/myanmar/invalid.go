package myanmar

import (
	"math/bits"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Categories of HarfBuzz's Myanmar shaper (its Indic syllabic categories),
// one letter each (a..z) so that they index the syllable machine.
const (
	catOther = 'z'
	catC     = 'a' // consonant
	catCS    = 'l' // consonant before kinzi: never assigned, kept for the grammar
	catIV    = 'b' // independent vowel
	catDB    = 'c' // dot below
	catH     = 'd' // virama
	catZWNJ  = 'e'
	catZWJ   = 'f'
	catSM    = 'g' // visarga, tones
	catA     = 'h' // anusvara
	catGB    = 'i' // placeholder: digits, some punctuation
	catDC    = 'j' // dotted circle
	catRa    = 'k' // nga (kinzi)
	catSMPst = 'm' // superscript digits
	catVAbv  = 'n'
	catVBlw  = 'o'
	catVPre  = 'p'
	catVPst  = 'q'
	catAs    = 'r' // asat
	catMH    = 's'
	catMR    = 't'
	catMW    = 'u'
	catMY    = 'v'
	catPT    = 'w' // Pwo tones
	catVS    = 'x' // variation selectors
	catML    = 'y' // Mon medial la
)

// myanmarCats maps U+1000..U+109F to categories.
var myanmarCats = [0xA0]byte{}

func init() {
	set := func(lo, hi rune, c byte) {
		for r := lo; r <= hi; r++ {
			myanmarCats[r-0x1000] = c
		}
	}
	set(0x1000, 0x109F, catOther)
	set(0x1000, 0x1021, catC)
	set(0x1004, 0x1004, catRa)
	set(0x101B, 0x101B, catRa)
	set(0x1022, 0x102A, catIV)
	set(0x102B, 0x102C, catVPst)
	set(0x102D, 0x102E, catVAbv)
	set(0x102F, 0x1030, catVBlw)
	set(0x1031, 0x1031, catVPre)
	set(0x1032, 0x1032, catA)
	set(0x1033, 0x1035, catVAbv)
	set(0x1036, 0x1036, catA)
	set(0x1037, 0x1037, catDB)
	set(0x1038, 0x1038, catSM)
	set(0x1039, 0x1039, catH)
	set(0x103A, 0x103A, catAs)
	set(0x103B, 0x103B, catMY)
	set(0x103C, 0x103C, catMR)
	set(0x103D, 0x103D, catMW)
	set(0x103E, 0x103E, catMH)
	set(0x103F, 0x103F, catC)
	set(0x1040, 0x104B, catGB)
	set(0x104E, 0x104E, catC)
	set(0x1050, 0x1051, catC)
	set(0x1052, 0x1055, catIV)
	set(0x1056, 0x1057, catVPst)
	set(0x1058, 0x1059, catVBlw)
	set(0x105A, 0x105A, catRa)
	set(0x105B, 0x105D, catC)
	set(0x105E, 0x105F, catMY)
	set(0x1060, 0x1060, catML)
	set(0x1061, 0x1061, catC)
	set(0x1062, 0x1062, catVPst)
	set(0x1063, 0x1064, catPT)
	set(0x1065, 0x1066, catC)
	set(0x1067, 0x1068, catVPst)
	set(0x1069, 0x106D, catPT)
	set(0x106E, 0x1070, catC)
	set(0x1071, 0x1074, catVAbv)
	set(0x1075, 0x1081, catC)
	set(0x1082, 0x1082, catMW)
	set(0x1083, 0x1083, catVPst)
	set(0x1084, 0x1084, catVPre)
	set(0x1085, 0x1086, catVAbv)
	set(0x1087, 0x108D, catSM)
	set(0x108E, 0x108E, catC)
	set(0x108F, 0x108F, catSM)
	set(0x1090, 0x1099, catGB)
	set(0x109A, 0x109C, catSM)
	set(0x109D, 0x109D, catVAbv)
}

// category returns the shaper category of r.
func category(r rune) byte {
	switch {
	case r >= 0x1000 && r <= 0x109F:
		return myanmarCats[r-0x1000]
	case r >= 0xA9E0 && r <= 0xA9FF:
		switch {
		case r == 0xA9E5:
			return catVAbv
		case r == 0xA9E6 || r == 0xA9FF:
			return catOther
		case r >= 0xA9F0 && r <= 0xA9F9:
			return catGB
		}
		return catC
	case r >= 0xAA60 && r <= 0xAA7F:
		switch {
		case r == 0xAA70 || (r >= 0xAA77 && r <= 0xAA79):
			return catOther
		case r >= 0xAA74 && r <= 0xAA76:
			return catGB
		case r == 0xAA7B:
			return catPT
		case r == 0xAA7C || r == 0xAA7D:
			return catDB
		}
		return catC
	case r >= 0xFE00 && r <= 0xFE0F:
		return catVS
	case r == 0x200C:
		return catZWNJ
	case r == 0x200D:
		return catZWJ
	case r == 0x25CC:
		return catDC
	case r == 0x00A0, r == 0x00D7, r >= '0' && r <= '9', r == '-',
		r >= 0x2010 && r <= 0x2015, r == 0x2022, r >= 0x25FB && r <= 0x25FE:
		return catGB
	case r == 0x00B2 || r == 0x00B3 || r == 0x2074 || (r >= 0x2082 && r <= 0x2084):
		return catSMPst
	}
	return catOther
}

// The syllable grammar of HarfBuzz's Myanmar shaper (as in HarfBuzz 6,
// where visarga and tones follow Pwo tones; newer releases also accept
// them interleaved), with the names of its Ragel machine
// (hb-ot-shaper-myanmar-machine.rl).
var (
	gJ        = lit(catZWNJ, catZWJ)
	gK        = seq(lit(catRa), lit(catAs), lit(catH)) // kinzi
	gSM       = lit(catSM, catSMPst)
	gAsOpt    = opt(lit(catAs))
	gDotBelow = opt(seq(lit(catDB), gAsOpt))

	// medial_group: MY? As? MR? ((MW MH? ML? | MH ML? | ML) As?)?
	gMedial = seq(opt(lit(catMY)), gAsOpt, opt(lit(catMR)), opt(seq(
		alt(
			seq(lit(catMW), opt(lit(catMH)), opt(lit(catML))),
			seq(lit(catMH), opt(lit(catML))),
			lit(catML),
		),
		gAsOpt)))
	// main_vowel_group: (VPre VS?)* VAbv* VBlw* A* (DB As?)?
	gMainVowel = seq(star(seq(lit(catVPre), opt(lit(catVS)))),
		star(lit(catVAbv)), star(lit(catVBlw)), star(lit(catA)), gDotBelow)
	// post_vowel_group: VPst MH? ML? As* VAbv* A* (DB As?)?
	gPostVowel = seq(lit(catVPst), opt(lit(catMH)), opt(lit(catML)),
		star(lit(catAs)), star(lit(catVAbv)), star(lit(catA)), gDotBelow)
	// pwo_tone_group: PT A* DB? As?
	gPwoTone = seq(lit(catPT), star(lit(catA)), opt(lit(catDB)), gAsOpt)
	// complex_syllable_tail: As* medial_group main_vowel_group
	// post_vowel_group* pwo_tone_group* SM* j?
	gComplex = seq(star(lit(catAs)), gMedial, gMainVowel,
		star(gPostVowel), star(gPwoTone), star(gSM), opt(gJ))
	// syllable_tail: (H (C|IV) VS?)* (H | complex_syllable_tail).
	// HarfBuzz also stacks Ra here (its c is C|Ra), and so marks the
	// second kinzi of "က္င်္ဂ" broken, which this grammar (as the regexp
	// it replaced) does not.
	gTail = seq(star(seq(lit(catH), lit(catC, catIV), opt(lit(catVS)))),
		alt(lit(catH), gComplex))
	// consonant_syllable: (K|CS)? (C|Ra|IV|GB|DOTTEDCIRCLE) VS? syllable_tail
	gConsonant = seq(opt(alt(gK, lit(catCS))),
		lit(catC, catRa, catIV, catGB, catDC), opt(lit(catVS)), gTail)
	// broken_cluster: K? VS? syllable_tail
	gBroken = seq(opt(gK), opt(lit(catVS)), gTail)
	// The non-Myanmar clusters the machine names: joiners and SMPst.
	gNonMyanmar = lit(catZWNJ, catZWJ, catSMPst)
)

// Kinds of syllable the machine recognizes, as bits of its accept flags.
const (
	kindConsonant = 1 << iota
	kindNonMyanmar
	kindBroken
)

// numCats is the size of the category alphabet: the letters 'a'..'z'.
const numCats = 26

// syllableMachine is the deterministic automaton of the three syllable
// kinds, run together: state 0 is dead, state 1 the start.
type syllableMachine struct {
	next   [256][32]uint8 // indexed by state and category (c-'a')
	accept [256]uint8     // kind bits of the syllables that end in each state
}

var machine = func() *syllableMachine { m := buildMachine(); return &m }()

// syllableAt returns the length of the syllable the shaper cuts at the
// start of cats (always at least one) and whether it is a broken cluster.
// As in HarfBuzz, the longest syllable wins, and on a tie a consonant
// syllable or a non-Myanmar cluster beats a broken cluster; a category
// that starts none is a syllable of its own.
func syllableAt(cats []byte) (n int, broken bool) {
	cons, join, brk := -1, -1, -1
	if machine.accept[1]&kindBroken != 0 {
		brk = 0
	}
	state := uint8(1)
	for i, c := range cats {
		if state = machine.next[state][(c-'a')&31]; state == 0 {
			break
		}
		a := machine.accept[state]
		if a&kindConsonant != 0 {
			cons = i + 1
		}
		if a&kindNonMyanmar != 0 {
			join = i + 1
		}
		if a&kindBroken != 0 {
			brk = i + 1
		}
	}
	n = max(1, cons, join)
	if brk > n {
		return brk, true
	}
	return n, brk == n && cons != n && join != n
}

// InvalidClusters returns the code point offsets in s where HarfBuzz's
// Myanmar shaper finds a broken cluster and inserts a dotted circle
// (U+25CC): a mark with no base, an e-vowel typed before its consonant, a
// medial after a vowel sign, and so on. Only runs of Myanmar text (with
// the characters the shaper treats alongside it) are checked.
func InvalidClusters(s string) []int {
	var out []int
	var runStack [256]runChar
	var catStack [256]byte
	run, cats := runStack[:0], catStack[:0]
	cp := 0 // code point offset of s[i:]
	for i := 0; i < len(s); {
		r, size := decodeRune(s, i)
		if !isMyanmar(r) {
			i += size
			cp++
			continue
		}
		// A run the shaper sees as one Myanmar item: Myanmar characters
		// and the neutral ones between them.
		start := cp
		run = run[:0]
		for i < len(s) {
			r, size = decodeRune(s, i)
			c := category(r)
			if c == catOther && !isMyanmar(r) {
				break
			}
			run = append(run, runChar{cat: c, ccc: combiningClass(r), cluster: int32(len(run))})
			i += size
			cp++
		}
		cats = canonicalOrder(run, cats[:0])
		for p := 0; p < len(cats); {
			n, broken := syllableAt(cats[p:])
			if o := start + int(run[p].cluster); broken && (len(out) == 0 || out[len(out)-1] != o) {
				out = append(out, o)
			}
			p += n
		}
	}
	return out
}

// decodeRune decodes the rune at s[i:] like utf8.DecodeRuneInString, with
// the three-byte sequences of the Myanmar blocks decoded inline.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		// Overlong forms and surrogates are invalid.
		if r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runChar is one character of a Myanmar run: its shaper category, its
// canonical combining class and the offset (in the run) of the cluster
// HarfBuzz reports for it.
type runChar struct {
	cat     byte
	ccc     uint8
	cluster int32
}

// canonicalOrder puts run in the order HarfBuzz's normalizer leaves it:
// runs of marks sorted (stably) by canonical combining class, a run whose
// order changed merged into one cluster starting at the run. It appends
// the categories of the reordered run to cats and returns the result.
func canonicalOrder(run []runChar, cats []byte) []byte {
	for i := 0; i < len(run); {
		if run[i].ccc == 0 {
			i++
			continue
		}
		j := i + 1
		sorted := true
		for ; j < len(run) && run[j].ccc != 0; j++ {
			sorted = sorted && run[j].ccc >= run[j-1].ccc
		}
		if !sorted {
			marks := run[i:j]
			slices.SortStableFunc(marks, func(a, b runChar) int { return int(a.ccc) - int(b.ccc) })
			for k := range marks {
				marks[k].cluster = int32(i)
			}
		}
		i = j
	}
	for _, rc := range run {
		cats = append(cats, rc.cat)
	}
	return cats
}

// A gram is an expression of the syllable grammar over categories.
type gram struct {
	op   byte
	cats uint32 // opLit: one bit per category (c-'a')
	subs []gram
}

const (
	opLit byte = iota
	opSeq
	opAlt
	opOpt
	opStar
)

// lit matches one character of any of the categories cs.
func lit(cs ...byte) gram {
	var m uint32
	for _, c := range cs {
		m |= 1 << (c - 'a')
	}
	return gram{op: opLit, cats: m}
}

// seq matches gs one after another.
func seq(gs ...gram) gram { return gram{op: opSeq, subs: gs} }

// alt matches any one of gs.
func alt(gs ...gram) gram { return gram{op: opAlt, subs: gs} }

// opt matches g or nothing.
func opt(g gram) gram { return gram{op: opOpt, subs: []gram{g}} }

// star matches g any number of times.
func star(g gram) gram { return gram{op: opStar, subs: []gram{g}} }

// posSet is a set of grammar positions (its literal occurrences).
type posSet [2]uint64

const maxPositions = 128

func (s *posSet) add(p int)          { s[p/64] |= 1 << (p % 64) }
func (s posSet) or(t posSet) posSet  { return posSet{s[0] | t[0], s[1] | t[1]} }
func (s posSet) and(t posSet) posSet { return posSet{s[0] & t[0], s[1] & t[1]} }
func (s posSet) empty() bool         { return s == posSet{} }

// positions returns the members of s in increasing order.
func (s posSet) positions() []int {
	var ps []int
	for w, word := range s {
		for ; word != 0; word &= word - 1 {
			ps = append(ps, w*64+bits.TrailingZeros64(word))
		}
	}
	return ps
}

// positionAutomaton is the position (Glushkov) automaton of a grammar:
// one state per literal occurrence, entered on that literal's categories.
type positionAutomaton struct {
	follow []posSet        // positions that may come next after each
	onCat  [numCats]posSet // positions entered on each category
}

// newPosition adds a position for a literal of categories cats.
func (a *positionAutomaton) newPosition(cats uint32) int {
	p := len(a.follow)
	if p >= maxPositions {
		panic("myanmar: syllable grammar has too many positions")
	}
	a.follow = append(a.follow, posSet{})
	for c := range numCats {
		if cats&(1<<c) != 0 {
			a.onCat[c].add(p)
		}
	}
	return p
}

// addFollow records that any position of to may follow those of from.
func (a *positionAutomaton) addFollow(from, to posSet) {
	for _, p := range from.positions() {
		a.follow[p] = a.follow[p].or(to)
	}
}

// build adds the positions of g and returns whether g matches the empty
// string and the sets of positions that can begin and end a match.
func (a *positionAutomaton) build(g gram) (nullable bool, first, last posSet) {
	switch g.op {
	case opLit:
		var s posSet
		s.add(a.newPosition(g.cats))
		return false, s, s
	case opSeq:
		nullable = true
		for _, sub := range g.subs {
			n, f, l := a.build(sub)
			a.addFollow(last, f)
			if nullable {
				first = first.or(f)
			}
			if n {
				last = last.or(l)
			} else {
				last = l
			}
			nullable = nullable && n
		}
		return nullable, first, last
	case opAlt:
		for _, sub := range g.subs {
			n, f, l := a.build(sub)
			nullable, first, last = nullable || n, first.or(f), last.or(l)
		}
		return nullable, first, last
	case opOpt:
		_, first, last = a.build(g.subs[0])
		return true, first, last
	case opStar:
		_, first, last = a.build(g.subs[0])
		a.addFollow(last, first)
		return true, first, last
	}
	panic("myanmar: bad grammar operator")
}

// buildMachine builds the syllable machine by the subset construction
// over the position automaton of the three syllable kinds.
func buildMachine() syllableMachine {
	var a positionAutomaton
	start := a.newPosition(0)
	kinds := []struct {
		g    gram
		kind uint8
	}{{gConsonant, kindConsonant}, {gNonMyanmar, kindNonMyanmar}, {gBroken, kindBroken}}
	lasts := make([]posSet, len(kinds))
	var startAccept uint8
	for i, k := range kinds {
		nullable, first, last := a.build(k.g)
		a.addFollow(single(start), first)
		lasts[i] = last
		if nullable {
			startAccept |= k.kind
		}
	}
	var m syllableMachine
	states := []posSet{{}, single(start)}
	ids := map[posSet]int{states[0]: 0, states[1]: 1}
	for id := 0; id < len(states); id++ {
		var follow posSet
		for _, p := range states[id].positions() {
			follow = follow.or(a.follow[p])
		}
		for c := range numCats {
			to := follow.and(a.onCat[c])
			n, ok := ids[to]
			if !ok {
				n = len(states)
				if n > 255 {
					panic("myanmar: syllable machine has too many states")
				}
				ids[to] = n
				states = append(states, to)
			}
			m.next[id][c] = uint8(n)
		}
		var acc uint8
		for i, k := range kinds {
			if !states[id].and(lasts[i]).empty() {
				acc |= k.kind
			}
		}
		if id == 1 {
			acc |= startAccept
		}
		m.accept[id] = acc
	}
	return m
}

// single returns the set holding only p.
func single(p int) posSet {
	var s posSet
	s.add(p)
	return s
}

// combiningClass returns the canonical combining class of r, with the
// Myanmar values built in.
func combiningClass(r rune) uint8 {
	switch {
	case r < 0x300:
		return 0
	case r == dotBelow:
		return 7
	case r == virama || r == asat:
		return 9
	case r == 0x108D:
		return 220
	case isMyanmar(r):
		return 0
	}
	var buf [utf8.UTFMax]byte
	return norm.NFD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).CCC()
}
