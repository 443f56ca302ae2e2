// Package node declares the Node and TypeScript built-ins: prettier, eslint, tsc and
// biome. Command lines, exit codes and output formats follow ../shared/tools-catalog.md,
// checked against the versions pinned in testdata/tools/node/package-lock.json; each
// parser has captured-output tests.
package node

import (
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

var (
	scriptFiles = []string{"*.js", "*.jsx", "*.mjs", "*.cjs", "*.ts", "*.tsx", "*.mts", "*.cts"}
	tsFiles     = []string{"*.ts", "*.tsx", "*.mts", "*.cts"}
	// prettier's languages; --ignore-unknown skips anything else a user's files allow.
	prettierFiles = append([]string{
		"*.json", "*.jsonc", "*.json5", "*.css", "*.scss", "*.less", "*.html", "*.vue",
		"*.md", "*.mdx", "*.yaml", "*.yml", "*.graphql", "*.gql", "*.hbs", "*.handlebars",
	}, scriptFiles...)
	biomeFiles  = append([]string{"*.json", "*.jsonc", "*.css", "*.graphql", "*.gql"}, scriptFiles...)
	nodeExclude = []string{"node_modules", "vendor"}
	nodeFirst   = []tool.Source{tool.NodeBin, tool.Path}
)

// Tools returns the Node built-ins, in catalog order. Each call returns fresh values.
func Tools() []*tool.Tool {
	return []*tool.Tool{
		{
			Name: "prettier", Lang: "node", Files: prettierFiles, Exclude: nodeExclude, Unit: tool.PerFile,
			RootMarkers: []string{"package.json"},
			Bin:         "prettier", Find: nodeFirst, Install: "npm i -D prettier", Version: []string{"--version"},
			// -l lists unformatted files (check) or the files it rewrote (fix);
			// --ignore-unknown and --no-error-on-unmatched-pattern turn files it has no
			// parser for, and paths that vanished, into no-ops instead of exit 2.
			Check:   []string{"--list-different", "--ignore-unknown", "--no-error-on-unmatched-pattern"},
			Fix:     []string{"--write", "--list-different", "--ignore-unknown", "--no-error-on-unmatched-pattern"},
			Cache:   &tool.Cache{Ext: ".prettiercache", Args: prettierCache},
			Parse:   parsePrettier,
			Verdict: tool.Codes{Errors: map[int]string{2: "error (syntax error, bad config or no parser)"}}.Verdict,
		},
		{
			Name: "eslint", Lang: "node", Files: scriptFiles, Exclude: nodeExclude, Unit: tool.PerFile,
			RootMarkers: []string{"eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", "eslint.config.cts", "package.json"},
			Bin:         "eslint", Find: nodeFirst, Install: "npm i -D eslint @eslint/js", Version: []string{"--version"},
			// An unmatched (deleted) path aborts the whole run without these flags, and
			// files no config covers would warn.
			Check:   []string{"-f", "json", "--no-error-on-unmatched-pattern", "--no-warn-ignored"},
			Fix:     []string{"--fix", "-f", "json", "--no-error-on-unmatched-pattern", "--no-warn-ignored"},
			Cache:   &tool.Cache{Ext: ".eslintcache", Args: eslintCache},
			Parse:   parseESLint,
			Verdict: tool.Codes{Errors: map[int]string{2: "configuration error or crash"}}.Verdict,
		},
		{
			Name: "tsc", Lang: "node", Files: tsFiles, Exclude: nodeExclude, Unit: tool.WholeProject,
			// tsc refuses file arguments when a tsconfig.json is present (TS5112): it runs
			// once per project and reports the whole project, whose files depend on each
			// other; Invocation.Covers tells which findings are in changed files.
			RootMarkers: []string{"tsconfig.json"}, NeedMarker: true,
			Bin: "tsc", Find: nodeFirst, Install: "npm i -D typescript", Version: []string{"--version"},
			Check:   []string{"-p", "tsconfig.json", "--noEmit", "--pretty", "false"},
			Cache:   &tool.Cache{Ext: ".tsbuildinfo", Args: tscCache},
			Parse:   parseTsc,
			Verdict: verdictTsc,
		},
		{
			Name: "biome", Lang: "node", Files: biomeFiles, Exclude: nodeExclude, Unit: tool.PerFile,
			// biome reads biome.json from the working directory upward.
			RootMarkers: []string{"biome.json", "biome.jsonc", "package.json"},
			Bin:         "biome", Find: nodeFirst, Install: "npm i -D @biomejs/biome", Version: []string{"--version"},
			Check: []string{"check", "--reporter=json", "--max-diagnostics=none", "--no-errors-on-unmatched"},
			Fix:   []string{"check", "--write", "--reporter=json", "--max-diagnostics=none", "--no-errors-on-unmatched"},
			Parse: parseBiome,
			// Exit 1 is errors, a config error, or a missing file; warnings exit 0.
			Verdict: tool.Codes{Failure: "failed without a diagnostic (a config error?)"}.Verdict,
		},
	}
}

var nodeSeverity = map[string]hooks.Severity{
	"error": hooks.SevError, "fatal": hooks.SevError,
	"warning": hooks.SevWarning, "warn": hooks.SevWarning,
	"info": hooks.SevInfo, "information": hooks.SevInfo, "message": hooks.SevInfo, "hint": hooks.SevInfo,
}
