package precommit

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file converts pre-commit's files and exclude regexes to hookrun's globs, where
// an exact equivalent exists.

// globs converts a pre-commit regex into hookrun globs that select the same files;
// otherwise it drops the regex (where says where it was written) and returns false.
// isExclude makes "^$" mean nothing.
func (m *migration) globs(re string, where Loss, isExclude bool) ([]string, bool) {
	if re == "" || isExclude && re == "^$" {
		return nil, true
	}
	if g, ok := regexToGlobs(re); ok {
		return g, true
	}
	where.Why = fmt.Sprintf("%s %s: this regex has no exact glob equivalent; write globs for it", where.Why, pyRepr(re))
	m.drop(where)
	return nil, false
}

// regexToGlobs converts a regex to globs that select exactly the paths re.search would:
// literals, ".*", "^", "$" (or \Z), "x?" and alternation, case-sensitive. Anything else
// (classes, other repeats, flags, look-arounds) has no exact glob and is refused.
func regexToGlobs(re string) ([]string, bool) {
	p := &globParser{src: []rune(re)}
	alts, ok := p.alternatives()
	if !ok || p.i < len(p.src) {
		return nil, false
	}
	var out []string
	for _, seq := range alts {
		gs, ok := seqGlobs(seq)
		if !ok {
			return nil, false
		}
		for _, g := range gs {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out, true
}

// reTok is one piece of a regex without alternation: kind 'l' is the literal text,
// 'w' is ".*", '^' and '$' are the anchors.
type reTok struct {
	kind byte
	text string
}

type globParser struct {
	src []rune
	i   int
}

// maxGlobs bounds the expansion of alternations and optional parts.
const maxGlobs = 16

// alternatives reads up to an unmatched ")" and returns every sequence it can match.
func (p *globParser) alternatives() ([][]reTok, bool) {
	var out [][]reTok
	cur := [][]reTok{nil}
	for p.i < len(p.src) && p.src[p.i] != ')' {
		if p.src[p.i] == '|' {
			out = append(out, cur...)
			cur = [][]reTok{nil}
			p.i++
			continue
		}
		atom, ok := p.atom()
		if !ok {
			return nil, false
		}
		if p.i < len(p.src) && p.src[p.i] == '?' {
			atom = append([][]reTok{nil}, atom...)
			p.i++
		}
		if p.i < len(p.src) && strings.ContainsRune("*+?{", p.src[p.i]) {
			return nil, false
		}
		var next [][]reTok
		for _, c := range cur {
			for _, a := range atom {
				next = append(next, append(slices.Clone(c), a...))
			}
		}
		if cur = next; len(cur) > maxGlobs {
			return nil, false
		}
	}
	return append(out, cur...), true
}

// atom reads one literal, anchor, ".*" or group.
func (p *globParser) atom() ([][]reTok, bool) {
	c := p.src[p.i]
	p.i++
	next := rune(0)
	if p.i < len(p.src) {
		next = p.src[p.i]
	}
	switch {
	case c == '(':
		return p.group(next)
	case c == '^' || c == '$':
		return [][]reTok{{{kind: byte(c)}}}, true
	case c == '.' && next == '*':
		p.i++
		return [][]reTok{{{kind: 'w'}}}, true
	case c == '\\' && next == 'Z':
		p.i++
		return [][]reTok{{{kind: '$'}}}, true
	case c == '\\' && globLiteral(next, true):
		p.i++ // an escaped punctuation mark that means itself in a glob too
		return [][]reTok{{{kind: 'l', text: string(next)}}}, true
	case globLiteral(c, false):
		return [][]reTok{{{kind: 'l', text: string(c)}}}, true
	}
	return nil, false
}

// group reads a group after its "(": a plain or (?:...) one; flags and look-arounds
// have no glob.
func (p *globParser) group(next rune) ([][]reTok, bool) {
	if next == '?' {
		if p.i+1 >= len(p.src) || p.src[p.i+1] != ':' {
			return nil, false
		}
		p.i += 2
	}
	alts, ok := p.alternatives()
	if !ok || p.i >= len(p.src) {
		return nil, false
	}
	p.i++ // the )
	return alts, true
}

// globLiteral reports whether c means itself in a regex (escaped: after a backslash)
// and in a glob alike.
func globLiteral(c rune, escaped bool) bool {
	if escaped {
		return c < utf8.RuneSelf && (unicode.IsPunct(c) || unicode.IsSymbol(c)) && !strings.ContainsRune(`*?[]{}\`, c)
	}
	return unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("_-/@,~%=:", c)
}

// seqGlobs converts one sequence. Without "^" or "$" the sequence is searched for, as if
// it began or ended with ".*". A ".*" after a "/" (or at the start) is "**/*"; elsewhere it
// may stay in the name ("*") or cross directories ("*/**/*").
func seqGlobs(seq []reTok) ([]string, bool) {
	seq = searched(seq)
	globs := []string{""}
	for i, t := range seq {
		switch {
		case t.kind == '^' || t.kind == '$':
			return nil, false // an anchor inside the pattern
		case t.kind == 'l':
			for j := range globs {
				globs[j] += t.text
			}
		case i > 0 && seq[i-1].kind == 'w':
			// .*.* is .*
		case i == 0 || strings.HasSuffix(globs[0], "/"):
			for j := range globs {
				globs[j] += "**/*"
			}
		default:
			var next []string
			for _, g := range globs {
				next = append(next, g+"*", g+"*/**/*")
			}
			globs = next
		}
	}
	for j, g := range globs {
		if !strings.Contains(g, "/") {
			// A glob without "/" matches a name at any depth; the braces add a "/"
			// alternative that matches nothing and anchor the glob at the root.
			globs[j] = "{,/}" + g
		}
	}
	return globs, len(globs) <= maxGlobs
}

// searched makes search semantics explicit: an end without "^" or "$" gets a ".*", and
// the anchors go.
func searched(seq []reTok) []reTok {
	if len(seq) == 0 || seq[0].kind != '^' {
		seq = append([]reTok{{kind: 'w'}}, seq...)
	} else {
		seq = seq[1:]
	}
	if len(seq) == 0 || seq[len(seq)-1].kind != '$' {
		return append(seq, reTok{kind: 'w'})
	}
	return seq[:len(seq)-1]
}
