package node

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/hookrun/hookrun/runners/tool"
)

func TestCacheArgs(t *testing.T) {
	t.Parallel()
	const file = "/cache/x"
	tsc := []string{"--incremental", "--tsBuildInfoFile", file}
	eslint := []string{"--cache", "--cache-location", file, "--cache-strategy", "content"}
	tests := []struct {
		name    string
		args    func(tool.CacheProject) []string
		version string
		dir     string
		files   map[string]string
		want    []string
	}{
		{
			name: "tsc gets hookrun's build info when the project sets none", args: tscCache, version: "7.0.2",
			files: map[string]string{"tsconfig.json": `{"compilerOptions": {"noEmit": true}}`}, want: tsc,
		},
		{
			name: "tsc before 4.0 cannot be incremental with noEmit", args: tscCache, version: "3.9.7",
			files: map[string]string{"tsconfig.json": `{}`},
		},
		{
			name: "tsc of an unknown version runs as it always did", args: tscCache, version: "",
			files: map[string]string{"tsconfig.json": `{}`},
		},
		{
			name: "a project's incremental setting is its own", args: tscCache, version: "5.4.0",
			files: map[string]string{"tsconfig.json": `{"compilerOptions": {"incremental": false}}`},
		},
		{
			name: "a composite project keeps its build info", args: tscCache, version: "5.4.0", dir: "web",
			files: map[string]string{"web/tsconfig.json": `{"compilerOptions": {"composite": true}}`},
		},
		{
			name: "a tsBuildInfoFile in an extended package config is the project's", args: tscCache, version: "5.4.0", dir: "web",
			files: map[string]string{
				"web/tsconfig.json":                     `{"extends": ["@acme/tsconfig/base"]}`,
				"node_modules/@acme/tsconfig/base.json": `{"compilerOptions": {"tsBuildInfoFile": "x"}}`,
			},
		},
		{
			name: "an extends chain that sets nothing gets hookrun's build info", args: tscCache, version: "5.4.0",
			files: map[string]string{
				"tsconfig.json": "{\n  // comment with \"incremental\": true\n  \"extends\": \"./base\", /* and */\n}",
				"base.json":     `{"compilerOptions": {"strict": true, "paths": {"a/*": ["b/*",],},}}`,
			},
			want: tsc,
		},
		{
			name: "comment markers inside strings are text", args: tscCache, version: "5.4.0",
			files: map[string]string{"tsconfig.json": `{"compilerOptions": {"outDir": "a//b", "rootDir": "q\"/*"}}`},
			want:  tsc,
		},
		{
			name: "an extends hookrun cannot follow counts as the project's", args: tscCache, version: "5.4.0",
			files: map[string]string{"tsconfig.json": `{"extends": "@missing/config"}`},
		},
		{
			name: "a tsconfig that does not parse counts as the project's", args: tscCache, version: "5.4.0",
			files: map[string]string{"tsconfig.json": `{"compilerOptions": `},
		},
		{
			name: "eslint without type information is cached", args: eslintCache, version: "9.1.0", dir: "web",
			files: map[string]string{"web/eslint.config.js": "export default [js.configs.recommended];"}, want: eslint,
		},
		{
			name: "eslint with projectService is not cached", args: eslintCache, version: "9.1.0", dir: "web",
			files: map[string]string{"eslint.config.mjs": "languageOptions: {parserOptions: {projectService: true}}"},
		},
		{
			name: "a legacy config naming a project is not cached", args: eslintCache, version: "8.13.0",
			files: map[string]string{".eslintrc.yml": "overrides:\n  - parserOptions:\n      project: ['./tsconfig.json']\n"},
		},
		{
			name: "a type-checked shared config is not cached", args: eslintCache, version: "9.1.0",
			files: map[string]string{"eslint.config.js": "export default tseslint.configs.recommendedTypeChecked;"},
		},
		{
			name: "eslint 7 is not cached", args: eslintCache, version: "7.32.0",
			files: map[string]string{"eslint.config.js": ""},
		},
		{name: "prettier 3 is cached", args: prettierCache, version: "3.10.1", want: eslint},
		{name: "prettier 2 is not", args: prettierCache, version: "2.8.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			dir := tt.dir
			if dir == "" {
				dir = "."
			}
			read := func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }
			got := tt.args(tool.CacheProject{File: file, Version: tt.version, Dir: dir, Read: read})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
