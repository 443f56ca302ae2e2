package pchooks

// ManifestYAML is what pre-commit-hooks' .pre-commit-hooks.yaml says of the hooks this
// package has a native version of, at the release Version, so that a config naming
// https://github.com/pre-commit/pre-commit-hooks runs them without cloning it. The
// assumption: these entries (types, files, stages, pass_filenames, always_run) are the
// same at the rev a config pins. They have been for years but for the stage names, which
// pre-commit maps from the old ones anyway; a hook of another repository, or of this one
// that is not native, is read from its clone as before. Entries are written here for
// every hook of the list; only the registered ones are used.
const ManifestYAML = `
- id: check-added-large-files
  name: check for added large files
  entry: check-added-large-files
  language: python
  stages: [pre-commit, pre-push, manual]
- id: check-case-conflict
  name: check for case conflicts
  entry: check-case-conflict
  language: python
- id: check-executables-have-shebangs
  name: check that executables have shebangs
  entry: check-executables-have-shebangs
  language: python
  types: [text, executable]
  stages: [pre-commit, pre-push, manual]
- id: check-json
  name: check json
  entry: check-json
  language: python
  types: [json]
- id: check-shebang-scripts-are-executable
  name: check that scripts with shebangs are executable
  entry: check-shebang-scripts-are-executable
  language: python
  types: [text]
  stages: [pre-commit, pre-push, manual]
- id: pretty-format-json
  name: pretty format json
  entry: pretty-format-json
  language: python
  types: [json]
- id: check-merge-conflict
  name: check for merge conflicts
  entry: check-merge-conflict
  language: python
  types: [text]
- id: check-symlinks
  name: check for broken symlinks
  entry: check-symlinks
  language: python
  types: [symlink]
- id: check-toml
  name: check toml
  entry: check-toml
  language: python
  types: [toml]
- id: check-vcs-permalinks
  name: check vcs permalinks
  entry: check-vcs-permalinks
  language: python
  types: [text]
- id: check-xml
  name: check xml
  entry: check-xml
  language: python
  types: [xml]
- id: check-yaml
  name: check yaml
  entry: check-yaml
  language: python
  types: [yaml]
- id: destroyed-symlinks
  name: detect destroyed symlinks
  entry: destroyed-symlinks
  language: python
  types: [file]
  stages: [pre-commit, pre-push, manual]
- id: detect-private-key
  name: detect private key
  entry: detect-private-key
  language: python
  types: [text]
- id: end-of-file-fixer
  name: fix end of files
  entry: end-of-file-fixer
  language: python
  types: [text]
  stages: [pre-commit, pre-push, manual]
- id: file-contents-sorter
  name: file contents sorter
  entry: file-contents-sorter
  language: python
  files: '^$'
- id: fix-byte-order-marker
  name: fix utf-8 byte order marker
  entry: fix-byte-order-marker
  language: python
  types: [text]
- id: forbid-new-submodules
  name: forbid new submodules
  entry: forbid-new-submodules
  language: python
  types: [directory]
- id: mixed-line-ending
  name: mixed line ending
  entry: mixed-line-ending
  language: python
  types: [text]
- id: no-commit-to-branch
  name: "don't commit to branch"
  entry: no-commit-to-branch
  language: python
  pass_filenames: false
  always_run: true
- id: requirements-txt-fixer
  name: fix requirements.txt
  entry: requirements-txt-fixer
  language: python
  files: (requirements|constraints).*\.txt$
- id: trailing-whitespace
  name: trim trailing whitespace
  entry: trailing-whitespace-fixer
  language: python
  types: [text]
  stages: [pre-commit, pre-push, manual]
`
