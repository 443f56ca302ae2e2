package shell

import (
	"errors"
	"strings"
)

// Errors from Split, worded like Python's shlex.
var (
	ErrNoClosingQuote = errors.New("no closing quotation")
	ErrNoEscapedChar  = errors.New("no escaped character")
)

// Split splits s into words like Python's shlex.split(s) (POSIX mode, no comments):
// words are separated by spaces, tabs, carriage returns and newlines; single quotes keep
// everything literally; inside double quotes a backslash escapes only " and \; outside
// quotes a backslash escapes any character; adjacent quoted and unquoted parts join into
// one word, and a pair of empty quotes is an empty word. identify parses shebangs this
// way and pre-commit splits a hook's entry this way, so it is not a shell parser: $, `
// and globs mean nothing to it.
func Split(s string) ([]string, error) {
	var (
		words  []string
		word   strings.Builder
		inWord bool
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case strings.ContainsRune(" \t\r\n", c):
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 >= len(rs) {
				return nil, ErrNoEscapedChar
			}
			i++
			word.WriteRune(rs[i])
			inWord = true
		case c == '\'' || c == '"':
			end, err := quoted(rs, i, &word)
			if err != nil {
				return nil, err
			}
			i, inWord = end, true
		default:
			word.WriteRune(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// quoted appends the quoted text starting at rs[open] (a quote) to word and returns
// the index of the closing quote.
func quoted(rs []rune, open int, word *strings.Builder) (int, error) {
	q := rs[open]
	for i := open + 1; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == q:
			return i, nil
		case q == '"' && c == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\'):
			i++
			word.WriteRune(rs[i])
		default:
			word.WriteRune(c)
		}
	}
	return 0, ErrNoClosingQuote
}
