package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The kill tests run a hookrun-like run (Stash, a fixer, Restore) in a helper process,
// the test binary itself, and kill it with SIGKILL: at every numbered checkpoint of
// Stash, Restore and Recover (HOOKRUN_TEST_KILL_AT, see stashKiller), and at random
// moments. Every git child the helper started is killed too, as `kill -9` of the
// whole session would. Then Recover must bring back the state from before the run, byte
// for byte, or, when the run had already finished its restore, the finished state.

const (
	stHelperEnv   = "HOOKRUN_TEST_STASH_HELPER" // "run" or "recover"
	stHelperDir   = "HOOKRUN_TEST_STASH_DIR"
	stHelperSleep = "HOOKRUN_TEST_STASH_SLEEP_MS"
	stHelperMark  = "HOOKRUN_TEST_KILL_ID"  // inherited by the helper's git children
	stHelperT0    = "HOOKRUN_TEST_STASH_T0" // when the parent started the helper (Unix ns)
	stRandomKills = 50
)

var (
	stCountsRE   = regexp.MustCompile(`killpoints stash=(\d+) total=(\d+) recover=(\d+)`)
	stTimelineRE = regexp.MustCompile(`timeline stash=(\d+) restored=(\d+)`)
)

// TestStashKillHelper is the helper process; it does nothing in a normal test run.
func TestStashKillHelper(t *testing.T) {
	t.Parallel()
	mode := os.Getenv(stHelperEnv)
	if mode == "" {
		t.Skip("helper process for the kill tests")
	}
	ctx := context.Background()
	r, err := Open(ctx, os.Getenv(stHelperDir))
	if err != nil {
		t.Fatal(err)
	}
	if mode == "recover" {
		kill := newStashKiller()
		if _, err = r.recoverWith(ctx, kill); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("killpoints stash=0 total=0 recover=%d\n", kill.n)
		return
	}
	if _, err = r.Recover(ctx); err != nil { // as every hookrun start does
		t.Fatal(err)
	}
	t0, _ := strconv.ParseInt(os.Getenv(stHelperT0), 10, 64)
	stashAt := time.Since(time.Unix(0, t0))
	st, err := r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stashPoints := st.kill.n
	fixed := stFixStaged(t, r)
	ms, _ := strconv.Atoi(os.Getenv(stHelperSleep))
	time.Sleep(time.Duration(ms) * time.Millisecond) // a slow check beside the fixer
	if err := st.Restore(ctx, fixed); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("timeline stash=%d restored=%d\n", stashAt, time.Since(time.Unix(0, t0)))
	fmt.Printf("killpoints stash=%d total=%d recover=0\n", stashPoints, st.kill.n)
}

// stFixStaged is the fixer: it rewrites line 1 of every staged text file in place.
func stFixStaged(t *testing.T, r *Repo) []string {
	t.Helper()
	out, err := r.Git(context.Background(), "diff", "--cached", "--name-only", "-z", "--diff-filter=AM")
	if err != nil {
		t.Fatal(err)
	}
	var fixed []string
	for _, p := range splitZ(out) {
		abs := filepath.Join(r.Root, p)
		b, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.IndexByte(b, '\n')
		if bytes.IndexByte(b, 0) >= 0 || i < 0 {
			continue
		}
		if i > 0 && b[i-1] == '\r' {
			i--
		}
		if err := os.WriteFile(abs, append([]byte("FIXED"), b[i:]...), 0o644); err != nil {
			t.Fatal(err)
		}
		fixed = append(fixed, p)
	}
	return fixed
}

// stKillFixture is the repository of the field notes: partially staged LF, CRLF,
// no-final-newline, spaced-name and nested text files, a partially staged binary, a
// staged-only, an unstaged-only, an untracked, an ignored and an intent-to-add file,
// plus an executable-bit change, a retargeted symlink and an unstaged deletion.
func stKillFixture(t *testing.T) *stRepo {
	t.Helper()
	sr := stInit(t)
	crlf := strings.ReplaceAll(stLines10, "\n", "\r\n")
	nonl := strings.TrimSuffix(stLines10, "\n")
	text := map[string]string{
		"lf.txt": stLines10, "crlf.txt": crlf, "nonl.txt": nonl, "with space.txt": stLines10,
		"sub dir/deep.txt": stLines10,
	}
	for name, content := range text {
		sr.write(name, content)
	}
	sr.commit("bin.dat", "\x00\x01old\xff\n", "staged_only.txt", stLines10, "unstaged_only.txt", stLines10,
		"run.sh", "#!/bin/sh\n", "gone.txt", "gone\n", ".gitignore", "*.log\n")
	sr.symlink("lf.txt", "link")
	sr.commit()
	for name, content := range text {
		staged := strings.Replace(content, "5", "5 staged", 1)
		sr.stage(name, staged)
		sr.write(name, strings.Replace(staged, "10", "10 unstaged", 1))
	}
	sr.stage("bin.dat", "\x00\x01staged\xff\n")
	sr.write("bin.dat", "\x00\x01staged\xff\nunstaged\x00")
	sr.stage("staged_only.txt", strings.Replace(stLines10, "5", "5 staged", 1))
	sr.write("unstaged_only.txt", strings.Replace(stLines10, "10", "10 unstaged", 1))
	sr.write("untracked.txt", "untracked\n")
	sr.write("ignored.log", "ignored\n")
	sr.write("ita.txt", "intent to add\n")
	sr.git("add", "-N", "ita.txt")
	sr.chmod("run.sh", 0o755)
	sr.symlink("crlf.txt", "link")
	sr.remove("gone.txt")
	return sr
}

// stKillRig holds the fixture and what the helper does to it when left alone.
type stKillRig struct {
	template       string
	env            []string
	original, done stSnap
	stashPoints    int // checkpoints inside Stash
	totalPoints    int // checkpoints in Stash and Restore
	// When, after the helper's start, an uninterrupted run calls Stash and is done with
	// Restore.
	stashAt, restoredAt time.Duration
}

func stNewKillRig(t *testing.T, fixture func(*testing.T) *stRepo) *stKillRig {
	t.Helper()
	sr := fixture(t)
	rig := &stKillRig{template: sr.dir, env: sr.env, original: stSnapshot(t, sr)}
	c := rig.copy(t)
	killed, out := rig.helper(t, c, "run", 0, nil)
	m, tl := stCountsRE.FindStringSubmatch(out), stTimelineRE.FindStringSubmatch(out)
	if killed || m == nil || tl == nil {
		t.Fatalf("uninterrupted run failed:\n%s", out)
	}
	stashAt, _ := strconv.ParseInt(tl[1], 10, 64)
	restoredAt, _ := strconv.ParseInt(tl[2], 10, 64)
	rig.stashAt, rig.restoredAt = time.Duration(stashAt), time.Duration(restoredAt)
	rig.stashPoints, _ = strconv.Atoi(m[1])
	rig.totalPoints, _ = strconv.Atoi(m[2])
	rig.done = stSnapshot(t, c)
	if d := stDiffSnap(rig.done, rig.original, false); d == "" {
		t.Fatal("the fixer changed nothing")
	}
	stAssertNoBackup(t, c)
	t.Logf("uninterrupted run: Stash at %v, restored at %v; %d checkpoints in Stash, %d in all",
		rig.stashAt, rig.restoredAt, rig.stashPoints, rig.totalPoints)
	return rig
}

// copy makes a fresh copy of the fixture for one kill.
func (rig *stKillRig) copy(t *testing.T) *stRepo {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	stCopyTree(t, rig.template, dir)
	gitDir := filepath.Join(dir, ".git")
	return &stRepo{t: t, dir: dir, env: rig.env, r: &Repo{Root: dir, GitDir: gitDir, CommonDir: gitDir, Env: gitEnv(rig.env)}}
}

// helper runs the helper process on sr in its own process group. killAt > 0 kills it
// at that checkpoint; killWhen, polled while it runs, kills the group once it returns
// true. Either way every process it started is killed before helper returns. killed
// reports a death by signal.
func (rig *stKillRig) helper(t *testing.T, sr *stRepo, mode string, killAt int, killWhen func() bool) (killed bool, out string) {
	t.Helper()
	mark := fmt.Sprintf("%d-%d", os.Getpid(), rand.Int64())
	cmd := exec.Command(os.Args[0], "-test.run=^TestStashKillHelper$", "-test.count=1")
	cmd.Env = append(slices.Clone(rig.env), stHelperEnv+"="+mode, stHelperDir+"="+sr.dir,
		stHelperSleep+"=20", stHelperMark+"="+mark, stHelperT0+"="+strconv.FormatInt(time.Now().UnixNano(), 10),
		// Under -race, a process sleeps a second at exit by default: the kills would miss.
		"GORACE=atexit_sleep_ms=0 "+os.Getenv("GORACE"))
	if killAt > 0 {
		cmd.Env = append(cmd.Env, stashKillEnv+"="+strconv.Itoa(killAt))
	}
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	stOwnGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	if killWhen != nil {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if killWhen() {
					stKillGroup(cmd)
					return
				}
				time.Sleep(100 * time.Microsecond)
			}
		})
	}
	err := cmd.Wait()
	close(stop)
	wg.Wait()
	stKillMarked(t, mark)
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return true, buf.String()
	}
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, buf.String())
	}
	return false, buf.String()
}

// stKillMarked kills, and waits for, every process whose environment carries mark: the
// helper's git children live in process groups of their own.
func stKillMarked(t *testing.T, mark string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	needle := []byte(stHelperMark + "=" + mark + "\x00")
	for deadline := time.Now().Add(10 * time.Second); ; {
		var pids []int
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
			if err == nil && bytes.Contains(env, needle) {
				pids = append(pids, pid)
			}
		}
		if len(pids) == 0 {
			return
		}
		// Stop them all first: none may see another die and clean up (git removes its
		// index.lock when its filter dies), as none could under `kill -9` of them all.
		stStopAndKill(pids)
		if time.Now().After(deadline) {
			t.Fatalf("processes %v survive SIGKILL", pids)
		}
		time.Sleep(time.Millisecond)
	}
}

// verify runs Recover after a kill and checks the result: the state from before the
// run (or, once the run's restore had finished, the finished state), no backup, no
// lock in git's way, and a second Recover with nothing to do.
// The phase a kill landed in, as verify finds it.
const (
	stPhaseBeforeBackup = "before the backup was complete"
	stPhaseBackedUp     = "while the backup was live"
	stPhaseFinished     = "after the restore had finished"
)

func (rig *stKillRig) verify(t *testing.T, sr *stRepo) (RecoverReport, string) {
	t.Helper()
	ctx := context.Background()
	hadManifest := stashExists(filepath.Join(stashDirOf(sr.r), stashManifestName))
	rep, err := sr.r.Recover(ctx)
	if err != nil {
		t.Fatalf("Recover: %v", err)
	}
	got := stSnapshot(t, sr)
	dOrig := stDiffSnap(got, rig.original, true)
	phase := stPhaseBackedUp
	switch {
	case hadManifest:
		if dOrig != "" {
			t.Errorf("after Recover, the state before the run is not back:\n%s", dOrig)
		}
	case dOrig == "":
		phase = stPhaseBeforeBackup
	case stDiffSnap(got, rig.done, false) == "":
		phase = stPhaseFinished
	default:
		t.Errorf("after Recover, neither the state before the run nor the finished one:\n%s", dOrig)
	}
	if stashExists(stashDirOf(sr.r)) || stashExists(stashMirrorDir(stashDirOf(sr.r))) {
		t.Error("backup left after Recover")
	}
	if _, err := sr.r.Git(ctx, "update-index", "-q", "--refresh"); err != nil {
		t.Errorf("git cannot write the index after Recover: %v", err)
	}
	if rep2, err := sr.r.Recover(ctx); err != nil || !stEmptyReport(rep2) {
		t.Errorf("second Recover = %+v, %v; want nothing done", rep2, err)
	}
	return rep, phase
}

func TestStashKillAtEveryCheckpoint(t *testing.T) {
	t.Parallel()
	rig := stNewKillRig(t, stKillFixture)
	if rig.totalPoints < 20 {
		t.Fatalf("only %d checkpoints", rig.totalPoints)
	}
	for n := 1; n <= rig.totalPoints; n++ {
		t.Run(fmt.Sprintf("checkpoint %02d", n), func(t *testing.T) {
			t.Parallel()
			sr := rig.copy(t)
			if killed, out := rig.helper(t, sr, "run", n, nil); !killed {
				t.Fatalf("checkpoint %d not reached:\n%s", n, out)
			}
			rig.verify(t, sr)
		})
	}
	t.Run("past the last checkpoint", func(t *testing.T) {
		t.Parallel()
		sr := rig.copy(t)
		if killed, out := rig.helper(t, sr, "run", rig.totalPoints+1, nil); killed {
			t.Fatalf("killed past the last checkpoint:\n%s", out)
		}
		if d := stDiffSnap(stSnapshot(t, sr), rig.done, false); d != "" {
			t.Errorf("not the finished state:\n%s", d)
		}
	})
}

func TestStashKillAtRandomMoments(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("killing the helper's git children needs /proc")
	}
	rig := stNewKillRig(t, stKillFixture)
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("HOOKRUN_TEST_KILL_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("HOOKRUN_TEST_KILL_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	// The first measurement ran beside the other tests' setup: take the fastest of a few.
	for range 3 {
		c := rig.copy(t)
		_, out := rig.helper(t, c, "run", 0, nil)
		if tl := stTimelineRE.FindStringSubmatch(out); tl != nil {
			stashAt, _ := strconv.ParseInt(tl[1], 10, 64)
			restoredAt, _ := strconv.ParseInt(tl[2], 10, 64)
			rig.stashAt = min(rig.stashAt, time.Duration(stashAt))
			rig.restoredAt = min(rig.restoredAt, time.Duration(restoredAt))
		}
	}
	var mu sync.Mutex
	phases := map[string]int{}
	for i := range stRandomKills {
		// Uniform over the run from a little before Stash to a little after Restore.
		from, span := rig.stashAt*4/5, rig.restoredAt*6/5-rig.stashAt*4/5
		after := from + time.Duration(rng.Int64N(int64(span)))
		t.Run(fmt.Sprintf("kill %02d after %v", i, after.Round(time.Millisecond)), func(t *testing.T) {
			t.Parallel()
			sr := rig.copy(t)
			start := time.Now()
			killed, _ := rig.helper(t, sr, "run", 0, func() bool { return time.Since(start) >= after })
			rep, phase := rig.verify(t, sr)
			if !killed {
				phase = "not killed: the run finished"
			}
			mu.Lock()
			phases[phase]++
			if rep.RemovedLock != "" {
				phases["and a stale index.lock removed"]++
			}
			mu.Unlock()
		})
	}
	t.Cleanup(func() { t.Logf("kills by phase: %v", phases) })
}

func TestRecoverKillAtEveryCheckpoint(t *testing.T) {
	t.Parallel()
	rig := stNewKillRig(t, stKillFixture)
	// The run dies in Restore, after the fixer: Recover has everything to do.
	runKill := rig.stashPoints + 1
	sr := rig.copy(t)
	if killed, _ := rig.helper(t, sr, "run", runKill, nil); !killed {
		t.Fatal("run not killed")
	}
	killed, out := rig.helper(t, sr, "recover", 0, nil)
	m := stCountsRE.FindStringSubmatch(out)
	if killed || m == nil {
		t.Fatalf("uninterrupted Recover failed:\n%s", out)
	}
	points, _ := strconv.Atoi(m[3])
	if points < 10 {
		t.Fatalf("only %d checkpoints in Recover", points)
	}
	for n := 1; n <= points; n++ {
		t.Run(fmt.Sprintf("checkpoint %02d", n), func(t *testing.T) {
			t.Parallel()
			sr := rig.copy(t)
			if killed, _ := rig.helper(t, sr, "run", runKill, nil); !killed {
				t.Fatal("run not killed")
			}
			if killed, out := rig.helper(t, sr, "recover", n, nil); !killed {
				t.Fatalf("Recover checkpoint %d not reached:\n%s", n, out)
			}
			rig.verify(t, sr)
		})
	}
}

func TestRecoverKeepsEditsMadeAfterTheKill(t *testing.T) {
	t.Parallel()
	rig := stNewKillRig(t, stKillFixture)
	sr := rig.copy(t)
	// Killed right after Stash hid the last file, before the fixer ran.
	if killed, _ := rig.helper(t, sr, "run", rig.stashPoints, nil); !killed {
		t.Fatal("run not killed")
	}
	// The user, seeing the index versions, edits a hidden and a non-hidden file.
	hidden := sr.read("lf.txt") + "edited after the kill\n"
	other := sr.read("staged_only.txt") + "edited after the kill\n"
	sr.write("lf.txt", hidden)
	sr.write("staged_only.txt", other)
	rep, _ := rig.verify(t, sr)
	if want := []string{"lf.txt", "staged_only.txt"}; !slices.Equal(rep.Rescued, want) {
		t.Fatalf("Rescued = %q, want %q", rep.Rescued, want)
	}
	for name, want := range map[string]string{"lf.txt": hidden, "staged_only.txt": other} {
		got, err := os.ReadFile(filepath.Join(rep.RescueDir, name))
		if err != nil || string(got) != want {
			t.Errorf("rescued %s = %q, %v; want %q", name, got, err, want)
		}
	}
	if !strings.HasPrefix(rep.RescueDir, filepath.Join(sr.r.GitDir, "hookrun", "rescued")+string(filepath.Separator)) {
		t.Errorf("RescueDir = %s", rep.RescueDir)
	}
}

func TestRecoverAfterAKillWhileGitHoldsTheIndexLock(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("killing the helper's git children needs /proc")
	}
	// c.txt goes through a slow clean filter, so Restore's `git add` of the fixed files
	// holds index.lock for a while: long enough to kill git with it.
	rig := stNewKillRig(t, func(t *testing.T) *stRepo {
		t.Helper()
		sr := stPartial(t)
		sr.git("config", "filter.slow.clean", "touch .git/filtering; sleep 0.3; rm .git/filtering; cat")
		sr.write(".gitattributes", "c.txt filter=slow\n")
		sr.git("add", ".gitattributes")
		sr.git("commit", "-q", "-m", "attributes", "--", ".gitattributes") // c.txt stays partly staged
		return sr
	})
	sr := rig.copy(t)
	manifest := filepath.Join(stashDirOf(sr.r), stashManifestName)
	lock := sr.r.IndexFile() + ".lock"
	filtering := filepath.Join(sr.r.GitDir, "filtering")
	// Killed while git runs the filter: git has read its arguments and holds the lock.
	killed, out := rig.helper(t, sr, "run", 0, func() bool { return stashExists(manifest) && stashExists(filtering) })
	if !killed {
		t.Fatalf("run not killed:\n%s", out)
	}
	if !stashExists(lock) {
		t.Fatal("no index.lock left behind by the killed git")
	}
	rep, _ := rig.verify(t, sr)
	if rep.RemovedLock != lock {
		t.Errorf("RemovedLock = %q, want %q", rep.RemovedLock, lock)
	}
}

func TestRecoverRemovesTheLockOfAKilledChild(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	sr.write("n.txt", "intent\n")
	sr.git("add", "-N", "n.txt")
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// As if Restore's `git add -N` had been killed holding the lock.
	if err = st.j.appendOp("start add intent-to-add"); err != nil {
		t.Fatal(err)
	}
	lock := sr.r.IndexFile() + ".lock"
	if err = os.WriteFile(lock, []byte("half-written index"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err = st.j.close(); err != nil {
		t.Fatal(err)
	}
	rep, err := sr.r.Recover(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.RemovedLock != lock {
		t.Errorf("RemovedLock = %q, want %q", rep.RemovedLock, lock)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after Recover:\n%s", d)
	}
}

func TestRecoverLeavesSomebodyElsesLock(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	lock := sr.r.IndexFile() + ".lock"
	if err = os.WriteFile(lock, nil, 0o644); err != nil { // the user's git, running now
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err = os.Chtimes(lock, old, old); err != nil {
		t.Fatal(err)
	}
	if err = st.j.appendOp("start add intent-to-add"); err != nil {
		t.Fatal(err)
	}
	if err = st.j.close(); err != nil {
		t.Fatal(err)
	}
	// The index is ours (unchanged), so Recover does not need the lock.
	rep, err := sr.r.Recover(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.RemovedLock != "" || !stashExists(lock) {
		t.Errorf("Recover removed a lock it did not own: %+v", rep)
	}
}

// stCopyTree copies a directory tree with modes, symlinks and modification times.
func stCopyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm())
		case info.Mode()&fs.ModeSymlink != 0:
			link, lerr := os.Readlink(p)
			if lerr != nil {
				return lerr
			}
			return os.Symlink(link, target)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, info.Mode().Perm()); err != nil {
			return err
		}
		if err := os.Chmod(target, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}
