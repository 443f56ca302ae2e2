// Command go-hello fails for Go files containing "panic(", else reports a count.
package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	bad := 0
	for _, f := range os.Args[1:] {
		data, err := os.ReadFile(f)
		if err != nil || bytes.Contains(data, []byte("panic(")) {
			fmt.Printf("%s: calls panic\n", f)
			bad++
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
	fmt.Printf("go-hello checked %d file(s)\n", len(os.Args)-1)
}
