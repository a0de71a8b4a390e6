package myanmar

import (
	"fmt"
	"strconv"
	"strings"
)

// This file holds a small engine for the subset of ICU transliteration
// rule syntax the Zawgyi conversion rules use, so that the rules can be
// kept as data, close to their published form, and run with ICU's
// semantics: within a pass, at each position the first rule (in order)
// whose pattern matches is applied, and scanning resumes after its output
// (or at "|" in the output); quantifiers are greedy and never give back
// what they matched; "^" and "$" anchor at the start and end of the text;
// a negated set also matches the end of the text (ICU's "ether").

// runeSet is a set of code points given as inclusive ranges.
type runeSet struct {
	ranges  [][2]rune
	negated bool
}

func (s runeSet) has(r rune) bool {
	in := false
	for _, rg := range s.ranges {
		if r >= rg[0] && r <= rg[1] {
			in = true
			break
		}
	}
	return in != s.negated
}

// elem is one pattern element: a set repeated min..max times.
type elem struct {
	set      runeSet
	min, max int
	group    int // capture group number, 0 for none
}

// outPart is a piece of a rule's replacement: a literal or a group.
type outPart struct {
	lit   []rune
	group int
}

type rule struct {
	src        string
	atStart    bool
	atEnd      bool
	key        []elem
	out        []outPart
	cursorBack bool
	// first holds the code points a match can start with.
	first []runeSet
}

// pass is one ordered list of rules, with an index by first code point.
type pass struct {
	rules []rule
	// byRune[r-0x1000] lists the rules that may start at r (Myanmar block);
	// other lists those that may start at any other code point.
	byRune [0xA0][]int
	other  []int
}

const (
	indexLo = 0x1000
	indexHi = 0x10A0
)

func (p *pass) candidates(r rune) []int {
	if r >= indexLo && r < indexHi {
		return p.byRune[r-indexLo]
	}
	return p.other
}

// run applies the pass to one line of text.
//
// A rule whose first element is repeated ("x+", "x*") and fails at a
// position fails at every later position inside the run that element
// matched (quantifiers never give back, so the rest of the match starts
// at the same place): skip[ri] records where that run ends, which keeps
// long runs of one character linear instead of quadratic.
func (p *pass) run(src []rune) []rune {
	dst := make([]rune, 0, len(src)+len(src)/4)
	var groups [8][2]int
	skip := make([]int, len(p.rules))
	base := 0 // absolute position of src[0]
	for len(src) > 0 {
		applied := false
		for _, ri := range p.candidates(src[0]) {
			if base < skip[ri] {
				continue
			}
			ru := &p.rules[ri]
			end, firstEnd, ok := ru.match(src, len(dst) == 0, &groups)
			if !ok {
				if ru.key[0].max > 1 && !ru.atStart {
					skip[ri] = base + firstEnd
				}
				continue
			}
			if ru.cursorBack {
				// Scan the output again. No rule with a cursor can match
				// its own output, so this cannot loop.
				src = append(ru.expand(nil, src, &groups), src[end:]...)
				clear(skip)
				base = 0
			} else {
				dst = ru.expand(dst, src, &groups)
				src = src[end:]
				base += end
			}
			applied = true
			break
		}
		if !applied {
			dst = append(dst, src[0])
			src = src[1:]
			base++
		}
	}
	return dst
}

// expand appends the rule's replacement for the match in src to dst.
func (ru *rule) expand(dst, src []rune, groups *[8][2]int) []rune {
	for _, o := range ru.out {
		if o.group > 0 {
			g := groups[o.group]
			dst = append(dst, src[g[0]:g[1]]...)
		} else {
			dst = append(dst, o.lit...)
		}
	}
	return dst
}

// match tries the rule at the start of src; atStart reports whether that
// is the start of the text. It returns the length of the match and where
// the run of the first element ended.
func (ru *rule) match(src []rune, atStart bool, groups *[8][2]int) (end, firstEnd int, ok bool) {
	if ru.atStart && !atStart {
		return 0, 0, false
	}
	pos := 0
	for k, e := range ru.key {
		if k == 1 {
			firstEnd = pos
		}
		start, n := pos, 0
		for n < e.max && pos < len(src) && e.set.has(src[pos]) {
			pos++
			n++
		}
		if n < e.min {
			// A negated set matches the end of the text without consuming.
			if !(e.set.negated && pos == len(src) && n == e.min-1) {
				if k == 0 {
					firstEnd = pos
				}
				return 0, firstEnd, false
			}
		}
		if e.group > 0 {
			groups[e.group] = [2]int{start, pos}
		}
	}
	if len(ru.key) == 1 {
		firstEnd = pos
	}
	if ru.atEnd && pos != len(src) {
		return 0, firstEnd, false
	}
	return pos, firstEnd, true
}

// compileRules parses rules text: one statement per line, "#" comments,
// "$name = value;" variables, "::Null;" pass separators and rules
// "pattern → replacement;" (or ">"). It panics on a syntax error, as the
// rules are a fixed table checked by the tests.
func compileRules(text string) []*pass {
	vars := map[string]string{}
	cur := &pass{}
	passes := []*pass{cur}
	for n, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		line = strings.TrimSuffix(line, ";")
		switch {
		case line == "::Null":
			cur = &pass{}
			passes = append(passes, cur)
			continue
		case strings.HasPrefix(line, "$") && strings.Contains(line, "=") && !strings.ContainsAny(line, "→>"):
			name, val, _ := strings.Cut(line, "=")
			vars[strings.TrimSpace(name)[1:]] = strings.TrimSpace(val)
			continue
		}
		ru, err := parseRule(line, vars)
		if err != nil {
			panic(fmt.Sprintf("myanmar: rule line %d %q: %v", n+1, line, err))
		}
		cur.rules = append(cur.rules, ru)
	}
	for _, p := range passes {
		p.index()
	}
	return passes
}

func (p *pass) index() {
	for i, ru := range p.rules {
		for r := rune(indexLo); r < indexHi; r++ {
			for _, s := range ru.first {
				if s.has(r) {
					p.byRune[r-indexLo] = append(p.byRune[r-indexLo], i)
					break
				}
			}
		}
		outside := false
		for _, s := range ru.first {
			if s.negated {
				outside = true
			}
			for _, rg := range s.ranges {
				if rg[0] < indexLo || rg[1] >= indexHi {
					outside = true
				}
			}
		}
		if outside {
			p.other = append(p.other, i)
		}
	}
}

// expandVars replaces $name references (longest names first).
func expandVars(s string, vars map[string]string) string {
	for changed := true; changed; {
		changed = false
		best := ""
		for name := range vars {
			if strings.Contains(s, "$"+name) && len(name) > len(best) {
				best = name
			}
		}
		if best != "" {
			s = strings.ReplaceAll(s, "$"+best, vars[best])
			changed = true
		}
	}
	return s
}

func parseRule(line string, vars map[string]string) (rule, error) {
	ru := rule{src: line}
	arrow := "→"
	i := strings.Index(line, arrow)
	if i < 0 {
		arrow = ">"
		i = strings.Index(line, arrow)
	}
	if i < 0 {
		return ru, fmt.Errorf("no arrow")
	}
	lhs := []rune(expandVars(line[:i], vars))
	rhs := []rune(expandVars(line[i+len(arrow):], vars))
	group := 0
	var inGroup int
	for k := 0; k < len(lhs); {
		c := lhs[k]
		switch {
		case c == ' ' || c == '\t':
			k++
		case c == '^':
			ru.atStart = true
			k++
		case c == '$':
			ru.atEnd = true
			k++
		case c == '(':
			group++
			inGroup = group
			k++
		case c == ')':
			inGroup = 0
			k++
		case c == '+' || c == '*':
			if len(ru.key) == 0 {
				return ru, fmt.Errorf("quantifier without atom")
			}
			e := &ru.key[len(ru.key)-1]
			e.max = 1 << 30
			if c == '*' {
				e.min = 0
			}
			k++
		default:
			set, next, err := parseAtom(lhs, k)
			if err != nil {
				return ru, err
			}
			ru.key = append(ru.key, elem{set: set, min: 1, max: 1, group: inGroup})
			k = next
		}
	}
	if group >= 8 {
		return ru, fmt.Errorf("too many groups")
	}
	for _, e := range ru.key {
		ru.first = append(ru.first, e.set)
		if e.min > 0 {
			break
		}
	}
	for k := 0; k < len(rhs); {
		c := rhs[k]
		switch {
		case c == ' ' || c == '\t':
			k++
		case c == '|':
			if len(ru.out) > 0 {
				return ru, fmt.Errorf("cursor must lead the replacement")
			}
			ru.cursorBack = true
			k++
		case c == '$' && k+1 < len(rhs) && rhs[k+1] >= '1' && rhs[k+1] <= '9':
			ru.out = append(ru.out, outPart{group: int(rhs[k+1] - '0')})
			k += 2
		default:
			r, next, err := parseChar(rhs, k)
			if err != nil {
				return ru, err
			}
			ru.out = append(ru.out, outPart{lit: []rune{r}})
			k = next
		}
	}
	return ru, nil
}

// parseAtom parses a set "[...]" or a single character at lhs[k].
func parseAtom(lhs []rune, k int) (runeSet, int, error) {
	if lhs[k] != '[' {
		r, next, err := parseChar(lhs, k)
		return runeSet{ranges: [][2]rune{{r, r}}}, next, err
	}
	var s runeSet
	k++
	if k < len(lhs) && lhs[k] == '^' {
		s.negated = true
		k++
	}
	for k < len(lhs) && lhs[k] != ']' {
		if lhs[k] == '[' {
			// A nested set from a variable: merge its ranges.
			inner, next, err := parseAtom(lhs, k)
			if err != nil {
				return s, 0, err
			}
			if inner.negated {
				return s, 0, fmt.Errorf("nested negated set")
			}
			s.ranges = append(s.ranges, inner.ranges...)
			k = next
			continue
		}
		lo, next, err := parseChar(lhs, k)
		if err != nil {
			return s, 0, err
		}
		hi := lo
		k = next
		if k+1 < len(lhs) && lhs[k] == '-' && lhs[k+1] != ']' {
			hi, k, err = parseChar(lhs, k+1)
			if err != nil {
				return s, 0, err
			}
		}
		s.ranges = append(s.ranges, [2]rune{lo, hi})
	}
	if k >= len(lhs) {
		return s, 0, fmt.Errorf("unterminated set")
	}
	return s, k + 1, nil
}

// parseChar parses "\uXXXX" or one literal character.
func parseChar(s []rune, k int) (rune, int, error) {
	if s[k] == '\\' {
		if k+5 < len(s) && s[k+1] == 'u' {
			v, err := strconv.ParseUint(string(s[k+2:k+6]), 16, 32)
			if err != nil {
				return 0, 0, fmt.Errorf("bad escape: %w", err)
			}
			return rune(v), k + 6, nil
		}
		return 0, 0, fmt.Errorf("bad escape at %d", k)
	}
	return s[k], k + 1, nil
}
