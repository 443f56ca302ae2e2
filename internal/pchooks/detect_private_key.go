package pchooks

import (
	"bytes"
	"context"
	"fmt"
)

func init() {
	register(Hook{ID: "detect-private-key", Parse: noArgs(detectPrivateKey), ReadOnly: true})
}

// privateKeyMarkers are the strings detect-private-key looks for anywhere in a file.
var privateKeyMarkers = [][]byte{
	[]byte("BEGIN RSA PRIVATE KEY"),
	[]byte("BEGIN DSA PRIVATE KEY"),
	[]byte("BEGIN EC PRIVATE KEY"),
	[]byte("BEGIN OPENSSH PRIVATE KEY"),
	[]byte("BEGIN PRIVATE KEY"),
	[]byte("PuTTY-User-Key-File-2"),
	[]byte("BEGIN SSH2 ENCRYPTED PRIVATE KEY"),
	[]byte("BEGIN PGP PRIVATE KEY BLOCK"),
	[]byte("BEGIN ENCRYPTED PRIVATE KEY"),
	[]byte("BEGIN OpenVPN Static key V1"),
}

// mayHoldPrivateKey is a quick look for what every marker holds ("BEGIN " but in
// PuTTY's), which most files lack: two scans in place of ten.
func mayHoldPrivateKey(data []byte) bool {
	return bytes.Contains(data, []byte("BEGIN ")) || bytes.Contains(data, []byte("PuTTY-User-Key-File-2"))
}

// detectPrivateKey fails for each file that holds one of the markers of a private key.
func detectPrivateKey(_ context.Context, env Env, files []string) (int, []byte) {
	var found []string
	for _, f := range files {
		data, err := env.readFile(env.path(f))
		if err != nil {
			return 1, crash(err)
		}
		if !mayHoldPrivateKey(data) {
			continue
		}
		for _, m := range privateKeyMarkers {
			if bytes.Contains(data, m) {
				found = append(found, f)
				break
			}
		}
	}
	var out bytes.Buffer
	for _, f := range found {
		fmt.Fprintf(&out, "Private key found: %s\n", f)
	}
	if len(found) > 0 {
		return 1, out.Bytes()
	}
	return 0, nil
}
