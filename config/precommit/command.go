package precommit

import (
	"strings"
)

// shellCommand returns the command line that runs words with the files after them. A
// command of plain words stays plain, so hookrun's runner may start it directly with
// the files appended; otherwise each word is single-quoted for sh and "$@" is appended,
// so the files follow the words as pre-commit passes them, whatever the words contain
// (a quoted "$1" in an entry is text for the program, not a reference to the files).
func shellCommand(words []string) string {
	plain := true
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = shellQuote(w, i > 0)
		plain = plain && quoted[i] == w
	}
	line := strings.Join(quoted, " ")
	if plain {
		return line
	}
	return line + ` "$@"`
}

// shellQuote returns w as one sh word: unchanged when it has no character the shell
// treats specially, else in single quotes. An "=" is plain only after the first word,
// where it cannot make the word an assignment.
func shellQuote(w string, afterFirst bool) string {
	chars := plainChars
	if afterFirst {
		chars += "="
	}
	if w != "" && strings.Trim(w, chars) == "" {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// plainChars need no quoting anywhere in a word.
const plainChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,+@%"
