// Package recipes has no code, only a test: the CI recipes in the top-level README (section
// "## In CI") are checked by the validators their CI services' users rely on. GitHub Actions
// workflows go through actionlint, used as a library (shellcheck and pyflakes off, so the
// test runs no external program); GitLab CI and CircleCI configs through the JSON schemas
// SchemaStore lists for them, vendored in testdata/schemas (see its README for the source
// and licence). Every recipe must also pin hookrun by a HOOKRUN_VERSION variable set to a
// release, never @latest; and every version of hookrun the README names is the newest
// release in CHANGELOG.md (pins_test.go).
//
// actionlint is pinned at v1.7.7, its last release on gopkg.in/yaml.v3: v1.7.8 to v1.7.12 are
// built against go.yaml.in/yaml/v4 rc.2/rc.3, and the golangci-lint tool in go.mod (through
// gosec) raises that module to rc.6, whose changed API those releases do not compile against.
//
// A recipe is the fenced YAML block right after a marker line `<!-- recipe: KIND -->`, KIND
// one of github, gitlab, circleci; a KIND may appear more than once. Every YAML block in the
// section must carry a marker, so that a recipe added later is checked too.
package recipes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

const (
	readmePath = "../../README.md"
	schemaDir  = "../../testdata/schemas"
	ciSection  = "## In CI"
)

// recipe is one fenced YAML block of the README.
type recipe struct {
	kind string // github, gitlab or circleci
	line int    // README line of the block's first YAML line
	text string
}

func (r recipe) String() string { return fmt.Sprintf("README.md:%d (%s)", r.line, r.kind) }

// validators maps a recipe kind to the check for it; each returns the problems found, each
// naming where.
var validators = map[string]func(t *testing.T, r recipe) []string{
	"github":   actionlintProblems,
	"gitlab":   schemaProblems("gitlab-ci.json"),
	"circleci": schemaProblems("circleciconfig.json"),
}

var markerRE = regexp.MustCompile(`^<!--\s*recipe:\s*([a-z]+)\s*-->\s*$`)

// extractRecipes returns the marked YAML blocks of README's CI section, and an error for an
// unmarked YAML block there, a marker of an unknown kind, or a marker not followed by one.
func extractRecipes(readme string) ([]recipe, error) {
	var (
		out      []recipe
		inCI     bool
		kind     string // the marker just seen, waiting for its block
		cur      *recipe
		body     strings.Builder
		lineNo   int
		sawCI    bool
		scanner  = bufio.NewScanner(strings.NewReader(readme))
		fenceYML = regexp.MustCompile("^```ya?ml\\s*$")
	)
	for scanner.Scan() {
		lineNo++
		line := scanner.Text()
		if cur != nil {
			if strings.HasPrefix(line, "```") {
				cur.text = body.String()
				out = append(out, *cur)
				cur = nil
				body.Reset()
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
			continue
		}
		if strings.HasPrefix(line, "## ") {
			inCI = line == ciSection
			sawCI = sawCI || inCI
		}
		if !inCI {
			continue
		}
		if m := markerRE.FindStringSubmatch(line); m != nil {
			if validators[m[1]] == nil {
				return nil, fmt.Errorf("README.md:%d: unknown recipe kind %q (known: github, gitlab, circleci)", lineNo, m[1])
			}
			kind = m[1]
			continue
		}
		if fenceYML.MatchString(line) {
			if kind == "" {
				return nil, fmt.Errorf("README.md:%d: YAML block in %q has no <!-- recipe: KIND --> marker on the line before", lineNo, ciSection)
			}
			cur = &recipe{kind: kind, line: lineNo + 1}
			kind = ""
			continue
		}
		if kind != "" {
			return nil, fmt.Errorf("README.md:%d: the recipe marker on the line before is not followed by a ```yaml block", lineNo)
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("README.md:%d: YAML block not closed", cur.line-1)
	}
	if !sawCI {
		return nil, fmt.Errorf("README.md has no %q section", ciSection)
	}
	return out, scanner.Err()
}

func readRecipes(t *testing.T) []recipe {
	t.Helper()
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	recipes, err := extractRecipes(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return recipes
}

func TestRecipesFound(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for _, r := range readRecipes(t) {
		seen[r.kind]++
	}
	for kind := range validators {
		if seen[kind] == 0 {
			t.Errorf("no %q recipe marked in README.md's %q section", kind, ciSection)
		}
	}
}

func TestExtractRecipesRejectsUnmarkedBlock(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"unmarked":     "## In CI\n\n```yaml\njobs: {}\n```\n",
		"unknown kind": "## In CI\n<!-- recipe: jenkins -->\n```yaml\njobs: {}\n```\n",
		"stray marker": "## In CI\n<!-- recipe: github -->\ntext\n```yaml\njobs: {}\n```\n",
		"unclosed":     "## In CI\n<!-- recipe: github -->\n```yaml\njobs: {}\n",
		"no section":   "## Other\n",
	}
	for name, readme := range cases {
		if _, err := extractRecipes(readme); err == nil {
			t.Errorf("%s: extractRecipes accepted\n%s", name, readme)
		}
	}
	got, err := extractRecipes("```yaml\nout: of section\n```\n## In CI\n<!-- recipe: gitlab -->\n```yaml\na: 1\n```\n## Next\n```yaml\nb: 2\n```\n")
	if err != nil || len(got) != 1 || got[0].kind != "gitlab" || got[0].line != 7 || got[0].text != "a: 1\n" {
		t.Errorf("extractRecipes = %+v, %v; want the one gitlab recipe at line 7", got, err)
	}
}

// TestRecipesValid runs each recipe through its validator.
func TestRecipesValid(t *testing.T) {
	t.Parallel()
	for _, r := range readRecipes(t) {
		t.Run(fmt.Sprintf("%s_line%d", r.kind, r.line), func(t *testing.T) {
			t.Parallel()
			for _, p := range validators[r.kind](t, r) {
				t.Errorf("%s: %s", r, p)
			}
		})
	}
}

// TestValidatorsRejectBrokenRecipes shows that each validator can fail: a copy of each
// recipe with an unknown key in its first job is rejected, naming the key.
func TestValidatorsRejectBrokenRecipes(t *testing.T) {
	t.Parallel()
	const key = "no_such_key"
	for _, r := range readRecipes(t) {
		t.Run(fmt.Sprintf("%s_line%d", r.kind, r.line), func(t *testing.T) {
			t.Parallel()
			broken := r
			broken.text = withKeyInFirstJob(t, r, key)
			problems := validators[r.kind](t, broken)
			if len(problems) == 0 {
				t.Fatalf("%s with %q added to its first job passed validation:\n%s", r, key, broken.text)
			}
			all := strings.Join(problems, "\n")
			if !strings.Contains(all, key) {
				t.Errorf("%s: the problems do not name %q:\n%s", r, key, all)
			}
			t.Logf("rejected, as it should be:\n%s", all)
		})
	}
}

// withKeyInFirstJob returns r's YAML with `key: true` added to its first job.
func withKeyInFirstJob(t *testing.T, r recipe, key string) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(r.text), &doc); err != nil {
		t.Fatalf("%s: %v", r, err)
	}
	root := doc.Content[0]
	jobs := root
	if r.kind != "gitlab" { // GitLab jobs are top-level keys; the others' are under jobs:
		jobs = mappingValue(root, "jobs")
	}
	var job *yaml.Node
	for i := 0; jobs != nil && i+1 < len(jobs.Content); i += 2 {
		if v := jobs.Content[i+1]; v.Kind == yaml.MappingNode && !gitlabReserved[jobs.Content[i].Value] {
			job = v
			break
		}
	}
	if job == nil {
		t.Fatalf("%s: no job found", r)
	}
	job.Content = append(job.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// gitlabReserved are GitLab CI's top-level keys that are not jobs.
var gitlabReserved = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
	"spec": true,
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; m.Kind == yaml.MappingNode && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// actionlintProblems lints a GitHub Actions workflow; positions are README lines.
func actionlintProblems(t *testing.T, r recipe) []string {
	t.Helper()
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{
		WorkingDir: t.TempDir(), // no project, so no actionlint config is read
	})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.Lint(".github/workflows/hookrun.yml", []byte(r.text), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("README.md:%d:%d: actionlint: %s [%s]", r.line+e.Line-1, e.Column, e.Message, e.Kind))
	}
	return out
}

// schemaProblems returns a check of a recipe against the vendored JSON schema file.
func schemaProblems(file string) func(t *testing.T, r recipe) []string {
	return func(t *testing.T, r recipe) []string {
		t.Helper()
		schema := compileSchema(t, filepath.Join(schemaDir, file))
		inst, err := yamlToInstance(r.text)
		if err != nil {
			return []string{err.Error()}
		}
		if err := schema.Validate(inst); err != nil {
			return []string{fmt.Sprintf("%s: %#v", file, err)}
		}
		return nil
	}
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	url := "file:///" + filepath.Base(path)
	if err = c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return schema
}

// yamlToInstance decodes YAML into the JSON values a schema validates.
func yamlToInstance(text string) (any, error) {
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return nil, fmt.Errorf("YAML: %w", err)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("YAML is not JSON-shaped: %w", err)
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

// TestRecipesPinVersion: every recipe installs hookrun at $HOOKRUN_VERSION, set to a release.
func TestRecipesPinVersion(t *testing.T) {
	t.Parallel()
	for _, r := range readRecipes(t) {
		if err := checkPinned(r.text); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
}

func TestCheckPinnedRejects(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"latest":      "env: {HOOKRUN_VERSION: v1.2.3}\nrun: go install github.com/hookrun/hookrun/cmd/hookrun@latest\n",
		"no variable": "run: go install github.com/hookrun/hookrun/cmd/hookrun@$HOOKRUN_VERSION\n",
		"not a tag":   "env: {HOOKRUN_VERSION: main}\nrun: go install github.com/hookrun/hookrun/cmd/hookrun@$HOOKRUN_VERSION\n",
		"literal":     "env: {HOOKRUN_VERSION: v1.2.3}\nrun: go install github.com/hookrun/hookrun/cmd/hookrun@v1.2.2\n",
		"no install":  "env: {HOOKRUN_VERSION: v1.2.3}\nrun: hookrun run --all\n",
	}
	for name, text := range cases {
		if err := checkPinned(text); err == nil {
			t.Errorf("%s: checkPinned accepted\n%s", name, text)
		}
	}
	ok := "env: {HOOKRUN_VERSION: v1.2.3}\nrun: go install \"github.com/hookrun/hookrun/cmd/hookrun@${HOOKRUN_VERSION}\"\n"
	if err := checkPinned(ok); err != nil {
		t.Errorf("checkPinned(%q) = %v", ok, err)
	}
}

var (
	versionSetRE = regexp.MustCompile(`\bHOOKRUN_VERSION:\s*v\d+\.\d+\.\d+\b`)
	pinnedRE     = regexp.MustCompile(`github\.com/hookrun/hookrun/cmd/hookrun@(\$HOOKRUN_VERSION|\$\{HOOKRUN_VERSION\})`)
)

// checkPinned says why a recipe does not install hookrun at a pinned release.
func checkPinned(text string) error {
	if strings.Contains(text, "@latest") {
		return fmt.Errorf("says @latest; install @$HOOKRUN_VERSION instead")
	}
	if !versionSetRE.MatchString(text) {
		return fmt.Errorf("sets no HOOKRUN_VERSION to a release (vX.Y.Z)")
	}
	installs := 0
	for i, line := range strings.Split(text, "\n") {
		if !strings.Contains(line, "github.com/hookrun/hookrun") {
			continue
		}
		installs++
		if !pinnedRE.MatchString(line) {
			return fmt.Errorf("line %d installs hookrun other than @$HOOKRUN_VERSION: %s", i+1, strings.TrimSpace(line))
		}
	}
	if installs == 0 {
		return fmt.Errorf("never installs github.com/hookrun/hookrun/cmd/hookrun@$HOOKRUN_VERSION")
	}
	return nil
}
