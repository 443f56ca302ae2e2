package pchooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hookrun/hookrun/internal/textdiff"
)

func init() {
	register(Hook{ID: "pretty-format-json", Parse: parsePrettyFormatJSON, RecordsWrites: true})
}

// prettyJSON holds pretty-format-json's options.
type prettyJSON struct {
	autofix  bool
	indent   string
	ascii    bool
	sortKeys bool
	topKeys  [][]rune
}

// pyIntArg is what Python's int() accepts in ASCII: blanks around, a sign, digits with
// single underscores between them.
var pyIntArg = lazyRegexp(`^[ \t\n\r\v\f]*([-+]?)([0-9](?:_?[0-9])*)[ \t\n\r\v\f]*$`)

// parsePrettyFormatJSON reads the hook's argparse options given in their full spelling
// (--opt value or --opt=value); abbreviations, other options and file names among the
// args are left to the real hook.
func parsePrettyFormatJSON(args []string) (Func, error) {
	o := prettyJSON{indent: "  ", ascii: true, sortKeys: true}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(args[i], "=")
		flag := func() error {
			if hasValue {
				return fmt.Errorf("%s: ignored explicit argument %q", name, value)
			}
			return nil
		}
		valued := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s: expected one argument: %w", name, ErrUnsupported)
			}
			i++
			return args[i], nil
		}
		var err error
		switch name {
		case "--autofix":
			o.autofix, err = true, flag()
		case "--no-ensure-ascii":
			o.ascii, err = false, flag()
		case "--no-sort-keys":
			o.sortKeys, err = false, flag()
		case "--indent":
			var v string
			if v, err = valued(); err == nil {
				o.indent, err = pyIndent(v)
			}
		case "--top-keys":
			var v string
			if v, err = valued(); err == nil {
				o.topKeys = nil
				for _, k := range strings.Split(v, ",") {
					o.topKeys = append(o.topKeys, []rune(k))
				}
			}
		default:
			return nil, fmt.Errorf("argument %q: %w", args[i], ErrUnsupported)
		}
		if err != nil {
			return nil, err
		}
	}
	return o.run, nil
}

// pyIndent is json.dumps' indent from the hook's parse_num_to_int: a number is that many
// spaces (none when negative), anything else the string itself.
func pyIndent(v string) (string, error) {
	m := pyIntArg().FindStringSubmatch(v)
	if m == nil {
		for _, r := range v {
			if r >= utf8.RuneSelf {
				// int() also reads non-ASCII digits and spaces.
				return "", fmt.Errorf("--indent %q: %w", v, ErrUnsupported)
			}
		}
		return v, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[2], "_", ""))
	if err != nil || n > 1000 {
		return "", fmt.Errorf("--indent %q: %w", v, ErrUnsupported)
	}
	if m[1] == "-" {
		n = 0
	}
	return strings.Repeat(" ", n), nil
}

// The nesting at which the pinned Python stops pretty-format-json with a RecursionError
// (in json.loads for arrays; in the object hook and json.dumps for objects). Measured on
// nested arrays and nested objects; where objects and arrays mix near these depths the
// Python limit moves by a level or two, which no real file comes near.
const (
	prettyJSONMaxArray     = 993
	prettyJSONMaxObject    = 990
	prettyJSONMaxObjectTop = 988
)

func (o prettyJSON) run(_ context.Context, env Env, files []string) (int, []byte) {
	var out bytes.Buffer
	code, invalid := 0, false
	for _, f := range files {
		path := env.path(f)
		data, err := env.readFile(path)
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		if !utf8.Valid(data) {
			return 1, append(out.Bytes(), crash(fmt.Errorf("%s: 'utf-8' codec can't decode the file", f))...)
		}
		// open(..., encoding='UTF-8') reads with universal newlines.
		contents := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		pretty, err := o.format([]rune(contents))
		var syntax *jsonSyntaxError
		switch {
		case errors.As(err, &syntax) || errors.Is(err, errIntDigits):
			fmt.Fprintf(&out, "Input File %s is not a valid JSON, consider using check-json\n", f)
			code, invalid = 1, true
			continue
		case err != nil:
			return 1, append(out.Bytes(), crash(fmt.Errorf("%s: %w", f, err))...)
		}
		if slices.Equal([]rune(contents), pretty) {
			continue
		}
		code = 1
		prettyBytes := wtf8(pretty)
		encodable := utf8.Valid(prettyBytes) // lone surrogates do not encode to UTF-8
		if o.autofix {
			fmt.Fprintf(&out, "Fixing file %s\n", f)
			if !encodable {
				// Python opens the file for writing (truncating it), then fails to encode.
				_ = env.writeFile(path, nil)
				return 1, append(out.Bytes(), crash(fmt.Errorf("%s: 'utf-8' codec can't encode surrogates", f))...)
			}
			if err := env.writeFile(path, prettyBytes); err != nil {
				return 1, append(out.Bytes(), crash(err)...)
			}
			continue
		}
		if !encodable {
			return 1, append(out.Bytes(), crash(fmt.Errorf("%s: 'utf-8' codec can't encode surrogates", f))...)
		}
		out.Write(pyDiffHeader(f, textdiff.Diff(f, []byte(contents), prettyBytes)))
	}
	if o.autofix && !invalid { // every file it found unformatted, it formatted
		return env.fixed(code), out.Bytes()
	}
	return code, out.Bytes()
}

// pyDiffHeader gives a diff difflib's header (the file name on both lines, no a/ b/).
func pyDiffHeader(f string, diff []byte) []byte {
	_, rest, _ := bytes.Cut(diff, []byte("\n"))
	_, rest, _ = bytes.Cut(rest, []byte("\n"))
	return append(fmt.Appendf(nil, "--- %s\n+++ %s\n", f, f), rest...)
}

// format is the hook's _get_pretty_format: json.loads with its pairs_first hook, then
// json.dumps with the indent and ensure_ascii, and a newline.
func (o prettyJSON) format(src []rune) ([]rune, error) {
	maxObject := prettyJSONMaxObject
	if len(o.topKeys) > 0 {
		maxObject = prettyJSONMaxObjectTop
	}
	p := &jsonParser{src: src, maxArray: prettyJSONMaxArray, maxObject: maxObject, object: o.pairsFirst}
	v, err := p.parseDocument()
	if err != nil {
		return nil, err
	}
	e := &jsonEncoder{indent: o.indent, ascii: o.ascii}
	e.encode(v, 0)
	return append(e.buf, '\n'), nil
}

// pairsFirst is the hook's object_pairs_hook: the top keys first in their order, then
// the others, sorted as Python sorts (key, value) tuples, then made a dict (a key twice
// keeps its first place and its last value).
func (o prettyJSON) pairsFirst(pairs []jsonPair, _ int) ([]jsonPair, error) {
	topIndex := func(k []rune) int {
		return slices.IndexFunc(o.topKeys, func(t []rune) bool { return slices.Equal(t, k) })
	}
	var before, after []jsonPair
	for _, kv := range pairs {
		if topIndex(kv.key) >= 0 {
			before = append(before, kv)
		} else {
			after = append(after, kv)
		}
	}
	sort.SliceStable(before, func(i, j int) bool { return topIndex(before[i].key) < topIndex(before[j].key) })
	if o.sortKeys {
		var cmpErr error
		sort.SliceStable(after, func(i, j int) bool {
			if c := slices.Compare(after[i].key, after[j].key); c != 0 {
				return c < 0
			}
			if pyEqual(after[i].val, after[j].val) {
				return false // equal tuples: Python asks no "<"
			}
			less, err := pyLess(after[i].val, after[j].val)
			if err != nil && cmpErr == nil {
				cmpErr = err
			}
			return less
		})
		if cmpErr != nil {
			return nil, cmpErr
		}
	}
	var dict []jsonPair
	at := map[string]int{}
	for _, kv := range append(before, after...) {
		k := string(wtf8(kv.key))
		if i, ok := at[k]; ok {
			dict[i].val = kv.val
			continue
		}
		at[k] = len(dict)
		dict = append(dict, kv)
	}
	return dict, nil
}

// errPyType is Python's TypeError from ordering values of types that have no order.
var errPyType = errors.New("'<' not supported between these types")

func isJSONNumber(v *jsonValue) bool {
	return v.kind == jsonBool || v.kind == jsonInt || v.kind == jsonFloat
}

// pyEqual is a == b between decoded values. NaN is equal to NaN: json hands out one NaN
// object, and Python compares an object with itself as equal before asking ==.
func pyEqual(a, b *jsonValue) bool {
	switch {
	case isJSONNumber(a) && isJSONNumber(b):
		return pyNumCompare(a, b) == 0
	case a.kind != b.kind:
		return false
	case a.kind == jsonNull:
		return true
	case a.kind == jsonString:
		return slices.Equal(a.s, b.s)
	case a.kind == jsonArray:
		return slices.EqualFunc(a.arr, b.arr, pyEqual)
	}
	// Objects: equal with the same keys mapping to equal values, in any order.
	if len(a.obj) != len(b.obj) {
		return false
	}
	for _, kv := range a.obj {
		i := slices.IndexFunc(b.obj, func(o jsonPair) bool { return slices.Equal(o.key, kv.key) })
		if i < 0 || !pyEqual(kv.val, b.obj[i].val) {
			return false
		}
	}
	return true
}

// pyLess is a < b, or errPyType where Python raises TypeError.
func pyLess(a, b *jsonValue) (bool, error) {
	switch {
	case isJSONNumber(a) && isJSONNumber(b):
		return pyNumCompare(a, b) < 0, nil
	case a.kind == jsonString && b.kind == jsonString:
		return slices.Compare(a.s, b.s) < 0, nil
	case a.kind == jsonArray && b.kind == jsonArray:
		for i := range min(len(a.arr), len(b.arr)) {
			if !pyEqual(a.arr[i], b.arr[i]) {
				return pyLess(a.arr[i], b.arr[i])
			}
		}
		return len(a.arr) < len(b.arr), nil
	}
	return false, errPyType
}

// pyNumCompare orders two numbers exactly (bools as 0 and 1); NaN equals NaN and is
// neither below nor above anything else (2 stands for "unordered").
func pyNumCompare(a, b *jsonValue) int {
	fa, fb := pyNumber(a), pyNumber(b)
	if fa == nil || fb == nil {
		if fa == nil && fb == nil {
			return 0
		}
		return 2
	}
	return fa.Cmp(fb)
}

// pyNumber is the number's exact value, nil for NaN.
func pyNumber(v *jsonValue) *big.Float {
	switch v.kind {
	case jsonBool:
		if v.b {
			return big.NewFloat(1)
		}
		return big.NewFloat(0)
	case jsonInt:
		return new(big.Float).SetPrec(uint(max(v.i.BitLen(), 64))).SetInt(v.i)
	}
	if math.IsNaN(v.f) {
		return nil
	}
	return big.NewFloat(v.f)
}
