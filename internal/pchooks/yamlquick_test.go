package pchooks

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// TestYAMLQuickOnlyAccepts holds check-yaml's fast path to the full check: on the cases
// and many mutations of plain documents, wherever the fast path says yes (one document,
// or several with --allow-multiple-documents), the full check finds nothing wrong.
func TestYAMLQuickOnlyAccepts(t *testing.T) {
	t.Parallel()
	for _, multi := range []bool{false, true} {
		fullAccepts(t, fmt.Sprintf("multi=%v: ", multi), yamlQuickAccepted(multi), 500, checkYAML{multi: multi}.full)
	}
}

// TestYAMLQuickMatchesPython holds the fast path to ruamel.yaml as the pinned
// pre-commit-hooks' check-yaml loads a file: every document it accepts, ruamel loads.
func TestYAMLQuickMatchesPython(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		multi bool
		load  string
	}{{false, "yaml.load(f.read().decode())"}, {true, "_load_all(f.read().decode())"}} {
		pythonAccepts(t, fmt.Sprintf("multi=%v ", c.multi), "ruamel", yamlQuickAccepted(c.multi),
			"from pre_commit_hooks.check_yaml import yaml, _load_all\nimport ruamel.yaml",
			c.load, "(ruamel.yaml.YAMLError, ValueError, TypeError, RecursionError)")
	}
}

// yamlQuickSeeds are plain, valid documents the fast path must accept.
var yamlQuickSeeds = []string{
	"name: CI\non:\n  push:\n    branches: [main, 'release/*']\n  pull_request:\n\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n" +
		"    strategy:\n      matrix:\n        python-version: [\"3.9\", \"3.10\", 3.11]\n    steps:\n      - uses: actions/checkout@v4\n" +
		"      - name: Run tests # a comment\n        run: |\n          pip install -e .\n          pytest -x \"tests/\"\n\n" +
		"        env:\n          A: 1\n          B: true\n          C: ~\n      - run: >-\n          folded\n          text\n",
	"version: '3.8'\nservices:\n  web:\n    image: \"nginx:1.25\"\n    ports:\n    - \"80:80\"\n    - 443:443\n    environment:\n" +
		"      - KEY=value\n      - 'QUOTED=it''s'\n    depends_on: []\n    labels: {}\n  db:\n    image: postgres\nvolumes:\n  data:\n",
	"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  key: value\n  n: 0x1F\n  f: 1.5e3\n  d: 2024-02-29\n" +
		"---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        -\n          name: app\n",
	"site_name: Docs\nnav:\n  - Home: index.md\n  - API:\n    - api/a.md\n    - \"api/b.md\"\nmarkdown_extensions:\n  - toc:\n      permalink: true\n" +
		"  - admonition\nextra:\n  \"quoted key\": 'single'\n  caf\u00e9: \u00e9t\u00e9\n  url: http://example.com/#x\n  esc: \"a\\\\b\\\"c\\/d\\n\"\n",
	"a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |+\r\n  keep\r\n\r\nd: .inf\r\n",
	// Values on more lines, as prettier writes them.
	"name: Bug report\nbody:\n  - type: textarea\n    attributes:\n      description:\n        What is the bug about? Please give the code, and\n" +
		"        configurations used if required\n\n        a second paragraph\n      placeholder: |\n        # a comment in a block\n        code\n" +
		"jobs:\n  analyze:\n    if:\n      ${{ github.owner == 'x' || github.event_name != 'schedule' }}\n    steps:\n      - plain item\n" +
		"        continued # and a comment\n      - key: a long value\n          that goes on\n    with:\n      key:\n" +
		"        ${{ runner.os }}-${{ steps.python.outputs.version }}-${{\n        env.KEY_PREFIX }}-${{ hashFiles('a.toml',\n        'b.txt') }}\n" +
		"      labels:\n        \"Waiting on author,Cannot reproduce \U0001F937,Won't fix/not\n        planned\"\n      single: 'it''s\n        two lines'\n",
}

// yamlQuickAccepted is what the fast path accepts, with multi, of the cases, the seeds
// and many mutations of them, which also put in line breaks, indentation, keys and
// dashes.
func yamlQuickAccepted(multi bool) []string {
	return quickAccepted(yamlCases, yamlQuickSeeds, 2000, "-:#'\"[]{},|>&*!? \n\\1.~",
		[]string{"\n  ", "\n", "  ", "- ", "a: ", ": ", "\n---\n", "\n- "},
		func(d string) bool { return utf8.ValidString(d) && yamlQuickOK([]byte(d), multi) })
}

func TestYAMLQuickTakesPlainFiles(t *testing.T) {
	t.Parallel()
	for _, seed := range yamlQuickSeeds {
		if !yamlQuickOK([]byte(seed), true) {
			t.Errorf("the fast path does not take %q", clip(seed))
		}
	}
}

// workflowYAML is a GitHub workflow of n jobs, a plain document as most YAML files are.
func workflowYAML(n int) []byte {
	b := []byte("name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n")
	for i := range n {
		b = fmt.Appendf(b, "  job%d:\n    runs-on: ubuntu-latest\n    timeout-minutes: %d\n    strategy:\n      matrix:\n"+
			"        python: [\"3.10\", \"3.11\"]\n    steps:\n      - uses: actions/checkout@v4\n      - name: Test %d # step\n"+
			"        run: |\n          pip install -e .\n          pytest -x tests/\n        env:\n          CI: true\n", i, 10+i, i)
	}
	return b
}

func TestCheckYAMLPlainDocumentSkipsTheParser(t *testing.T) { //nolint:paralleltest // AllocsPerRun counts the whole process's allocations
	data := workflowYAML(50)
	allocs := testing.AllocsPerRun(3, func() {
		if err := (checkYAML{multi: true}).check(data); err != nil {
			t.Fatal(err)
		}
	})
	// 50 jobs of 13 keys each: a string per key is the fast path's; a node per scalar
	// and more are the parser's.
	if allocs > 1500 {
		t.Errorf("checking a 50-job workflow made %v allocations: it went through the parser", allocs)
	}
}

func BenchmarkCheckYAMLWorkflow(b *testing.B) {
	data := workflowYAML(100)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := (checkYAML{multi: true}).check(data); err != nil {
			b.Fatal(err)
		}
	}
}
