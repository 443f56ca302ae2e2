// Package config reads hookrun.yaml: strict YAML decoding into plain structs, with a
// position for every hook so that later errors can point into the file.
// It starts no processes and knows nothing of git.
//
// Parse walks the yaml.Node tree itself rather than decoding with KnownFields, so that it
// can report every problem at once (an unknown key with a suggestion, a wrong type, a bad
// glob), each with the file, line, column and key path. Load also merges the optional
// per-developer hookrun.local.yaml (see Merge).
package config
