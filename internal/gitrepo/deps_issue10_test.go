package gitrepo

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoGitTransport: hookrun's binary uses go-git only through its storage
// and format packages. go-git's root package links every transport (HTTP, SSH, the git
// protocol) and plumbing/object links OpenPGP; their initialisation cost every
// start-up 1.5 ms, and git clones hook repositories instead (Clone). net/http comes in
// only for the shared result cache (internal/cache's Remote).
func TestBinaryLinksNoGitTransport(t *testing.T) {
	t.Parallel()
	cmd := exec.CommandContext(t.Context(), "go", "list", "-deps",
		"-f", "{{.ImportPath}} {{.Standard}} {{join .Imports \" \"}}", "../../cmd/hookrun")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	denied := []string{
		"github.com/go-git/go-git/v5/plumbing/transport", "github.com/go-git/go-git/v5/plumbing/object",
		"golang.org/x/crypto/ssh", "github.com/ProtonMail/go-crypto/openpgp",
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, std, imports := fields[0], fields[1] == "true", fields[2:]
		if pkg == "github.com/go-git/go-git/v5" {
			t.Errorf("cmd/hookrun links go-git's root package")
		}
		for _, d := range denied {
			if pkg == d || strings.HasPrefix(pkg, d+"/") {
				t.Errorf("cmd/hookrun links %s", pkg)
			}
		}
		for _, imp := range imports {
			if imp == "net/http" && !std && pkg != "github.com/hookrun/hookrun/internal/cache" {
				t.Errorf("%s imports net/http; only the shared cache (internal/cache) may", pkg)
			}
		}
	}
}
