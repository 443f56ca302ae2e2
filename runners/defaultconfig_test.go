package runners

import (
	"testing"

	"github.com/hookrun/hookrun/config"
)

func TestDefaultConfigAddsChecksThatNeedNoTool(t *testing.T) {
	t.Parallel()
	f, err := config.Parse("hookrun.yaml", DefaultConfig(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hooks) == 0 || f.Hooks[0].ID != "merge-conflict" {
		t.Errorf("DefaultConfig(nil) has no merge-conflict check first:\n%s", DefaultConfig(nil))
	}
}
