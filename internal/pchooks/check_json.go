package pchooks

import (
	"context"
	"errors"
	"fmt"
)

func init() {
	register(Hook{ID: "check-json", Parse: noArgs(checkJSON), ReadOnly: true})
}

// checkJSONMaxArray and checkJSONMaxObject are the deepest nesting check-json decodes
// under the pinned Python 3.11 before its RecursionError (measured: 994 nested arrays
// fail, 993 nested objects fail, the object hook being one frame more).
const (
	checkJSONMaxArray  = 993
	checkJSONMaxObject = 992
)

// checkJSON is check-json: each file must be one JSON value as json.load reads bytes
// (UTF-8, UTF-16 or UTF-32 by BOM or zero bytes), with no key twice in an object.
func checkJSON(_ context.Context, env Env, files []string) (int, []byte) {
	return checkFiles(env, files, func(f string, data []byte) (string, error) {
		err := checkJSONBytes(data)
		if errors.Is(err, errJSONRecursion) {
			return "", fmt.Errorf("%s: %w", f, err)
		}
		if err != nil {
			return fmt.Sprintf("%s: Failed to json decode (%v)", f, err), nil
		}
		return "", nil
	})
}

func checkJSONBytes(data []byte) error {
	if jsonQuickOK(data) {
		return nil
	}
	src, err := decodePythonBytes(data)
	if err != nil {
		return err
	}
	p := &jsonParser{src: src, maxArray: checkJSONMaxArray, maxObject: checkJSONMaxObject, object: rejectDuplicateKeys}
	p.skipSpace()
	if _, err := p.value(0); err != nil {
		return err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return p.fail("Extra data")
	}
	return nil
}

func rejectDuplicateKeys(pairs []jsonPair, _ int) ([]jsonPair, error) {
	seen := make(map[string]bool, len(pairs))
	for _, kv := range pairs {
		k := string(wtf8(kv.key))
		if seen[k] {
			return nil, duplicateKeyError(k)
		}
		seen[k] = true
	}
	return pairs, nil
}

// duplicateKeyError is the ValueError of the hook's raise_duplicate_keys.
type duplicateKeyError string

func (e duplicateKeyError) Error() string { return "Duplicate key: " + string(e) }
