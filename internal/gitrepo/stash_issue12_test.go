package gitrepo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Issue 12, items 6, 7 and 9: a hook deleting the backup, recovery after HEAD moved,
// and the cost of rescue copies.

// A hook ran `rm -rf .git/hookrun`, then hookrun was killed: Recover restores from the
// mirror.
func TestRecoverAfterAHookDeletedHookrunsFolder(t *testing.T) {
	t.Parallel()
	rig := stNewKillRig(t, stKillFixture)
	sr := rig.copy(t)
	// Killed right after Stash hid the last file, while the hooks would run.
	if killed, _ := rig.helper(t, sr, "run", rig.stashPoints, nil); !killed {
		t.Fatal("run not killed")
	}
	if err := os.RemoveAll(filepath.Join(sr.r.GitDir, "hookrun")); err != nil {
		t.Fatal(err)
	}
	rig.verify(t, sr) // the state from before the run, byte for byte
}

// A hook deleted .git/hookrun while the run was alive: Restore repairs the backup from
// the mirror and puts everything back.
func TestStashRestoreAfterAHookDeletedHookrunsFolder(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err = os.RemoveAll(filepath.Join(sr.r.GitDir, "hookrun")); err != nil {
		t.Fatal(err)
	}
	if err = st.CheckBackup(); err != nil {
		t.Errorf("CheckBackup = %v, want nil: the mirror is whole", err)
	}
	if err = st.Restore(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after Restore:\n%s", d)
	}
	stAssertNoBackup(t, sr)
}

// A hook overwrote the backup of a.txt in place, so both names of it hold the wrong
// bytes: Restore puts back everything else and names a.txt as lost; CheckBackup says so
// before.
func TestStashRestoreNamesWhatADamagedBackupLost(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hidden := sr.read("a.txt")
	i := slices.IndexFunc(st.j.m.Entries, func(e stashEntry) bool { return e.Path == "a.txt" })
	if err = os.WriteFile(st.j.backupFile(i), []byte("garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var damaged *BackupError
	if err = st.CheckBackup(); !errors.As(err, &damaged) || !slices.Equal(damaged.Lost, []string{"a.txt"}) {
		t.Fatalf("CheckBackup = %v, want a.txt lost", err)
	}
	err = st.Restore(context.Background(), nil)
	if !errors.As(err, &damaged) || !slices.Equal(damaged.Lost, []string{"a.txt"}) || damaged.Index {
		t.Fatalf("Restore = %v, want a *BackupError losing a.txt only", err)
	}
	if got := sr.read("a.txt"); got != hidden {
		t.Errorf("a.txt = %q, want it left as it was (%q)", got, hidden)
	}
	if got, want := sr.read("b.txt"), strings.Replace(strings.Replace(stLines10, "5\n", "b.txt staged\n", 1),
		"10\n", "b.txt unstaged\n", 1); got != want {
		t.Errorf("b.txt = %q, want the user's version %q", got, want)
	}
	stAssertNoBackup(t, sr)
}

// Killed mid-run; then, before any hookrun command, the user commits and switches
// branches. Recover must not reinstate the index from before the commit (that would
// stage a revert of it), nor roll back the files the commit and the switch changed; it
// puts back the hidden unstaged changes only, and saves aside the one whose file the
// switch changed.
func TestRecoverAfterACommitAndABranchSwitch(t *testing.T) {
	t.Parallel()
	rig := stNewKillRig(t, stKillFixture)
	sr := rig.copy(t)
	if killed, _ := rig.helper(t, sr, "run", rig.stashPoints, nil); !killed {
		t.Fatal("run not killed")
	}
	sr.git("commit", "-q", "-m", "made after the kill")
	sr.git("checkout", "-q", "-b", "side")
	sr.write("with space.txt", "changed on side\n")
	sr.write("staged_only.txt", "changed on side\n")
	sr.git("commit", "-q", "-a", "-m", "on side")
	head := sr.git("rev-parse", "HEAD")

	rep, err := sr.r.Recover(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if out := sr.git("diff", "--cached", "--name-status"); out != "" {
		t.Errorf("Recover staged changes against the new HEAD:\n%s", out)
	}
	if got := sr.git("rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved: %s, want %s", got, head)
	}
	if len(rep.RolledBack) > 0 || rep.RescuedIndex != "" {
		t.Errorf("Recover rolled back %q and saved the index as %q; want neither", rep.RolledBack, rep.RescuedIndex)
	}
	if got := sr.read("staged_only.txt"); got != "changed on side\n" {
		t.Errorf("staged_only.txt = %q, want side's version", got)
	}
	// Every other hidden path has the user's unstaged version back.
	got := stSnapshot(t, sr)
	for _, p := range []string{"lf.txt", "crlf.txt", "nonl.txt", "sub dir/deep.txt", "bin.dat", "unstaged_only.txt", "run.sh", "link", "gone.txt"} {
		if got.Files[p] != rig.original.Files[p] {
			t.Errorf("%s = %s, want the user's version %s", p, stShort(got.Files[p]), stShort(rig.original.Files[p]))
		}
	}
	if got := sr.read("with space.txt"); got != "changed on side\n" {
		t.Errorf("with space.txt = %q, want side's version kept", got)
	}
	if !rep.HeadMoved || !slices.Equal(rep.SavedAside, []string{"with space.txt"}) {
		t.Errorf("HeadMoved = %v, SavedAside = %q; want true and with space.txt", rep.HeadMoved, rep.SavedAside)
	}
	want, err := os.ReadFile(filepath.Join(rig.template, "with space.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if saved, err := os.ReadFile(filepath.Join(rep.RescueDir, "with space.txt")); err != nil || string(saved) != string(want) {
		t.Errorf("saved with space.txt = %q, %v; want the user's unstaged version %q", saved, err, want)
	}
	stAssertNoStash(t, sr)
	if rep2, err := sr.r.Recover(context.Background()); err != nil || !rep2.Empty() {
		t.Errorf("second Recover = %+v, %v; want nothing done", rep2, err)
	}
}

// stRescueBig is the apparent size of the sparse file the rescue tests make.
const stRescueBig = 20 << 30

// stSparse makes name a sparse file of size bytes with a few bytes of data in the middle.
func stSparse(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err = f.Truncate(size); err == nil {
		_, err = f.WriteAt([]byte("a few bytes"), size/2)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
}

// stAllocated is how much disk path takes.
func stAllocated(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return stBlocks(fi)
}

// A hook turned a tracked file into a 20 GiB sparse file; the rollback saves it fast
// and with no more disk than it takes.
func TestStashRescueOfAHugeSparseFileIsCheap(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", stLines10, "big.bin", "small\n")
	sr.stage("a.txt", "staged\n")
	sr.write("a.txt", "staged\nunstaged\n")
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stSparse(t, sr.abs("big.bin"), stRescueBig)
	start := time.Now()
	err = st.Abort(context.Background(), errors.New("a hook changed the index"))
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "big.bin") {
		t.Fatalf("Abort = %v, want big.bin named as saved", err)
	}
	if took > 10*time.Second {
		t.Errorf("the rollback took %v", took)
	}
	dirs, _ := filepath.Glob(filepath.Join(sr.r.GitDir, "hookrun", "rescued", "*", "big.bin"))
	if len(dirs) != 1 {
		t.Fatalf("rescued big.bin: %q", dirs)
	}
	if fi, err := os.Stat(dirs[0]); err != nil || fi.Size() != stRescueBig {
		t.Errorf("rescued big.bin: %v, %v", fi, err)
	}
	if n := stAllocated(t, dirs[0]); n > 1<<20 {
		t.Errorf("rescued big.bin takes %d bytes of disk", n)
	}
	if got := sr.read("big.bin"); got != "small\n" {
		t.Errorf("big.bin = %q, want its index version back", got)
	}
}

// Where no hard link can be made, the copy keeps the holes.
func TestStashRescueCopyIsSparse(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	stSparse(t, sr.abs("big.bin"), stRescueBig)
	rs := newStashRescuer(sr.r)
	rs.noLink = true
	start := time.Now()
	if err := rs.save("big.bin"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the copy took %v", took)
	}
	dst := filepath.Join(rs.dir, "big.bin")
	if n := stAllocated(t, dst); n > 1<<20 {
		t.Errorf("the copy takes %d bytes of disk", n)
	}
	f, err := os.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	buf := make([]byte, 11)
	if _, err = f.ReadAt(buf, stRescueBig/2); err != nil || string(buf) != "a few bytes" {
		t.Errorf("the copy holds %q at the middle (%v)", buf, err)
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != stRescueBig {
		t.Errorf("the copy: %v, %v", fi, err)
	}
}

// A file with more data than a rescue copies is listed, with its size and why, and not
// copied.
func TestStashRescueCopyOverTheLimitIsListed(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	sr.write("big.bin", strings.Repeat("data", 512<<10)) // 2 MiB of data
	rs := newStashRescuer(sr.r)
	rs.noLink, rs.limit = true, 1<<20
	if err := rs.save("big.bin"); err != nil {
		t.Fatal(err)
	}
	if len(rs.saved) != 0 || stashExists(filepath.Join(rs.dir, "big.bin")) {
		t.Errorf("saved %q", rs.saved)
	}
	if want := []string{"big.bin (2.0 MiB of data: over the 1.0 MiB a rescue copies)"}; !slices.Equal(rs.notSaved, want) {
		t.Errorf("notSaved = %q, want %q", rs.notSaved, want)
	}
}

// rescued/ keeps the newest 20 rescues of the last 30 days, and nothing it did not make.
func TestStashPruneRescued(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var names []string
	for i := range 25 {
		stamp := now.Add(-time.Duration(i) * time.Hour).Format(stashStampLayout)
		names = append(names, stamp, stamp+"-2.index")
	}
	old := now.Add(-31 * 24 * time.Hour).Format(stashStampLayout)
	names = append(names, old, "notes")
	for _, n := range names {
		if err := os.Mkdir(filepath.Join(base, n), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	stashPruneRescued(base, now)
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	var want []string
	for i := range 10 { // each hour made two rescues: the newest 20 are the last 10 hours'
		stamp := now.Add(-time.Duration(i) * time.Hour).Format(stashStampLayout)
		want = append(want, stamp, stamp+"-2.index")
	}
	want = append(want, "notes")
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("left %q,\nwant %q", got, want)
	}
}
