package newonly

import (
	"reflect"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

const diff = `diff --git a/a.py b/a.py
index 1111111..2222222 100644
--- a/a.py
+++ b/a.py
@@ -3 +3 @@ x
-old
+new
@@ -10,0 +11,2 @@ y
+one
+two
@@ -20,2 +21,0 @@ z
-gone
-gone
@@ -30,0 +30,2 @@
+++ b/not-a-header.py
+rename to not-a-rename.py
diff --git a/old.py b/new.py
similarity index 100%
rename from old.py
rename to new.py
diff --git a/gone.py b/gone.py
deleted file mode 100644
--- a/gone.py
+++ /dev/null
@@ -1 +0,0 @@
-x
diff --git "a/t\tab.py" "b/t\tab.py"
--- "a/t\tab.py"
+++ "b/t\tab.py"
@@ -0,0 +1 @@
+x
`

func TestParseIssue15(t *testing.T) {
	c, err := Parse([]byte(diff))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Span{"a.py": {{3, 3}, {11, 12}, {30, 31}}, "new.py": nil, "t\tab.py": {{1, 1}}}
	if !reflect.DeepEqual(c.Files, want) {
		t.Errorf("Parse = %v, want %v", c.Files, want)
	}
	if _, err := Parse([]byte("diff --git a/a b/a\n+++ b/a\n@@ -1 +x @@\n")); err == nil {
		t.Error("a bad hunk header: no error")
	}
}

// TestFilterIssue15: findings on touched lines stay, in order; a finding spanning lines
// is new when any of them is; a finding with no file stays; one with no line is new in
// an edited file only; Everything keeps all.
func TestFilterIssue15(t *testing.T) {
	c, err := Parse([]byte(diff))
	if err != nil {
		t.Fatal(err)
	}
	d := func(path string, line, end int) hooks.Diagnostic {
		return hooks.Diagnostic{Path: path, Line: line, EndLine: end}
	}
	in := []hooks.Diagnostic{
		d("a.py", 3, 0), d("a.py", 4, 0), d("a.py", 1, 10), d("a.py", 12, 0), d("a.py", 21, 0),
		d("new.py", 1, 0), d("new.py", 0, 0), d("a.py", 0, 0), d("", 0, 0), d("other.py", 3, 0),
	}
	fresh, old := c.Filter(in)
	want := []hooks.Diagnostic{d("a.py", 3, 0), d("a.py", 1, 10), d("a.py", 12, 0), d("a.py", 0, 0), d("", 0, 0)}
	if !reflect.DeepEqual(fresh, want) || old != 5 {
		t.Errorf("Filter = %v, %d old; want %v, 5 old", fresh, old, want)
	}
	all := &Change{Everything: true}
	if fresh, old := all.Filter(in); len(fresh) != len(in) || old != 0 {
		t.Errorf("Everything: Filter kept %d of %d, %d old", len(fresh), len(in), old)
	}
}
