package proc

import (
	"os"
	"os/signal"
	"syscall"
)

func ignoreTerm(ch chan os.Signal) {
	signal.Notify(ch, syscall.SIGTERM)
}
