package gitrepo

import "io/fs"

// stashDataSize is the file's size on Windows: its stat tells no allocated blocks.
func stashDataSize(fi fs.FileInfo) int64 { return fi.Size() }
