package pchooks

import "errors"

func isUnsupported(err error) bool { return errors.Is(err, ErrUnsupported) }
