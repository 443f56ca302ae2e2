# evilmartians/lefthook: a Go module. Hooks: gofmt, go vet and golangci-lint (hookrun's
# go.mod tool line, v2) with the project's .golangci.yml. Package-level tools run on the
# packages of the files (what hookrun's built-ins do); the others are told the same
# packages by a one-line sh wrapper. The project's own .lefthook.yml is removed in the bench
# commit so that lefthook reads the bench's lefthook.yml.
src=/work/.mirror/evilmartians+lefthook/repo
commit=8d9cfec5f52367af6374a5430b4e9568844856e5
edit=internal/git/repo.go
caches=()
remove=(.lefthook.yml)
setup() { go mod download; }
