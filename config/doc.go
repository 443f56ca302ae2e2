// Package config reads hookrun.yaml: strict YAML decoding into plain structs, with a
// position for every hook so that later errors can point into the file.
// It starts no processes and knows nothing of git.
package config
