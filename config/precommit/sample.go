package precommit

// SampleConfig is the .pre-commit-config.yaml `hookrun sample-config` prints, as
// `pre-commit sample-config` does, but at a released pre-commit-hooks tag of today (the
// one the differential tests pin, testdata/tools/requirements.txt) rather than
// pre-commit's v3.2.0 of 2020.
const SampleConfig = `# See https://pre-commit.com for more information
# See https://pre-commit.com/hooks.html for more hooks
repos:
-   repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v6.0.0
    hooks:
    -   id: trailing-whitespace
    -   id: end-of-file-fixer
    -   id: check-yaml
    -   id: check-added-large-files
`
