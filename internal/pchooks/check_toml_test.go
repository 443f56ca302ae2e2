package pchooks

import (
	"fmt"
	"strings"
	"testing"
)

// tomlCases are TOML 1.0 corners, the TOML 1.1 additions tomllib rejects, and values
// go-toml alone would refuse (big integers, float overflow).
var tomlCases = []string{
	"x = 23:59:60", "x = 1979-05-27T23:59:60Z", "x = 2021-02-30", "x = 2020-02-29", "x = 0000-01-01",
	"x = 1979-05-27T07:32:00.999999999Z", "x = 1979-05-27 07:32:00", "x = 1979-05-27t07:32:00z",
	"x = 1979-05-27T07:32:00+24:00", "x = 1979-05-27T24:00:00", "x = 1979-05-27T07:32:00.",
	"x = 1979-5-27", "x = 00:00:00.1234567891234", "x = 1979-05-27T00:32:00-07:00",
	"x = 1979-05-27T00:32:00-00:00", "x = 1979-05-27T07:32:00Z\ny = 07:32:00\nz = [07:32:00, 1979-05-27]",
	"x = 0x_1", "x = 1__0", "x = 01", "x = +0x1", "x = 1e1_0", "x = 1.e1", "x = .5", "x = inf\ny = -nan\nz = +inf",
	"x = 9223372036854775808", "x = -9223372036854775808", "x = -9223372036854775809", "x = 0o777\ny = 0b101",
	"x = 0x7FFFFFFFFFFFFFFF", "x = 0xffffffffffffffff", "x = [0xffff_ffff_ffff_ffff_ff, 1]", "x = -0x1",
	"x = 1e400", "x = -1e400", "x = 1e-400", "x = 99999999999999999999999 # big\ny = 1", "99999999999999999999 = 1",
	"x = {a = 99999999999999999999, b = 1}", "x = 99999999999999999999\nx = 1",
	`x = "\u0000"`, `x = "\uD800"`, `x = "\U00110000"`, `x = "a\tb"`, `x = "a\u007fb"`, "x = \"a\x7fb\"", "x = 'a\x7fb'",
	"x = \"\"\"\n\"\"\"", "x = \"\"\"a\\   \n  b\"\"\"", "x = '''''''", `x = """"""""`, `x = """"""""""`,
	"[a]\n[a]", "[a.b]\n[a]", "[a]\nb.c=1\n[a.b]", "a = {b=1}\n[a]", "a = [1]\n[[a]]", "[[a]]\n[a]",
	"a.b = 1\na.b.c = 2", "a = {b.c = 1, b.d = 2}", "a = {b = 1, b.c = 2}", "\"a\" = 1\na = 2",
	"a = 1 # c\x01", "# \x7f", "a = \"\r\"", "a = 1\r\n", "a = 1\rb=2", "= 1", `"" = 1`, "'' = 1", "a..b = 1", "a . b = 1",
	`x = [1, "a"]`, "x = [ , ]", "x = [1,,2]", "x = [1,]", "x = {}", "x = [\n  1, # one\n  {a = [\n 2]},\n]",
	"x = {a=1,}", "x = {a=1 , }", "x = {\na=1}", "x = {a = \"\"\"\n\"\"\"}", `x = "\e"`, `x = "\xff"`, `x = 'C:\xff\e'`,
	`x = """\e"""`, "x = 13:37", "x = 1979-05-27T07:32Z", "x = 1979-05-27T07:32", "x = \"13:37\"", "x = 13:37:00 # 13:37",
	"x = true\nx = false", "x = True", "\ufeffa = 1", "a = 1 \u00a0", "ä = 1", "x = 1_000.000_1", "x = 1e+05", "x = -0.0",
	"a = 1 b = 2", "[ a . b ]", "[a]]", "[[a]\n", "a = \"\"\"\\u00e9\"\"\"", "[a.b.c]\n[a]\n[a.b]", "[[x]]\n[x.y]\n[[x]]",
	"x = [[[[[[[[[[1]]]]]]]]]]", "x = " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000),
	"[tool.poetry]\nname = \"x\"\nversion = \"0.1.0\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\n",
	"x = " + strings.Repeat("[", 496) + strings.Repeat("]", 496), "x = " + strings.Repeat("[", 497) + strings.Repeat("]", 497),
	"x = " + strings.Repeat("[", 495) + "1" + strings.Repeat("]", 495), "x = " + strings.Repeat("[", 496) + "1" + strings.Repeat("]", 496),
	"x = " + strings.Repeat("{a=", 330) + "1" + strings.Repeat("}", 330), "x = " + strings.Repeat("{a=", 331) + "1" + strings.Repeat("}", 331),
	"x = " + strings.Repeat("[{a=", 198) + "1" + strings.Repeat("}]", 198), "x = " + strings.Repeat("[{a=", 199) + "1" + strings.Repeat("}]", 199),
	"[[a]]\n[[a]]\nb = [[[1]]]", "[ [a] ]", "[a]\nx = [\n[1]]",
	"s = 'it''s'", `s = "a" "b"`, "k = \"v\" # \"quoted\" {\n",
	// Values a decode into no fields skips: each must still be judged as tomllib does.
	"[[a]]\nb = {c = 1979-02-30}", "x = [{a = 1__0}]", "x = [{a = \"\\uD800\"}]", "x = {a = 0b2}", "x = [1_]",
	"x = {a = +inf_}", "x = [1.5e]", "x = {a = 'a\nb'}", "[t]\nx = 1979-05-27T25:00:00", "[t]\nx = 24:00:00",
	"[t]\nx = 2020-02-30", "[t]\nx = -0x1", "[t]\nx = 0o8", "[t]\nx = 1e", "[t]\nx = 07", "[t]\nx = 1e1000",
	"[t]\nx = 99999999999999999999999999", "[t]\nx = \"\\U0010FFFF\\u00e9\"", "[t]\nx = \"\\q\"", "[t]\nx = [1, [2, {a = nan}]]",
}

func TestCheckTOMLMatchesPython(t *testing.T) {
	t.Parallel()
	var cases []diffCase
	for i, c := range tomlCases {
		cases = append(cases, diffCase{Name: fmt.Sprintf("%03d %q", i, clip(c)), Files: map[string]string{"a.toml": c}})
	}
	for p, c := range edgeFiles() {
		cases = append(cases, diffCase{Name: "edge " + p, Files: map[string]string{p: c}})
	}
	cases = append(cases,
		diffCase{Name: "long line", Files: map[string]string{"a.toml": "x = \"" + strings.Repeat("y", 200000) + "\"\n"}},
		diffCase{Name: "several files, one bad", Files: map[string]string{"a.toml": "a = 1\n", "b.toml": "a = \n", "c.toml": "c = 2\n"}},
		diffCase{Name: "not UTF-8 stops the run", Files: map[string]string{"a.toml": "a = 'caf\xe9'\n", "b.toml": "a = \n"}},
		diffCase{Name: "symlink", Files: map[string]string{"a.toml": "a = 1\n"}, Links: map[string]string{"l.toml": "a.toml"}},
	)
	diffTest(t, "check-toml", "check-toml", cases)
}
