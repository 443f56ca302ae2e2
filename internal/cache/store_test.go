package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStoreKeepsPassesAndReadsCorruptEntriesAsMisses(t *testing.T) {
	t.Parallel()
	common := t.TempDir()
	s, err := Open(common)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	in := baseInput()
	k := in.Key()
	if _, ok := s.Get(k); ok {
		t.Fatal("hit in an empty store")
	}
	if err := s.Put(k, Entry{Hook: "lint", Output: []byte("warned\n")}); err != nil {
		t.Fatal(err)
	}
	e, ok := s.Get(k)
	if !ok || string(e.Output) != "warned\n" {
		t.Fatalf("Get = %+v, %v; want the entry put", e, ok)
	}
	file := filepath.Join(common, filepath.FromSlash(Dir), k.String())
	for _, bad := range []string{"", "{", `{"key":"another"}`} {
		if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.Get(k); ok {
			t.Errorf("entry %q: a hit, want a miss", bad)
		}
	}
}

func TestPruneDropsTheLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	common := t.TempDir()
	s, err := Open(common)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	var keys []Key
	base := time.Now().Add(-time.Hour)
	for i := range 8 {
		in := baseInput()
		in.Hook = string(rune('a' + i))
		k := in.Key()
		keys = append(keys, k)
		if err := s.Put(k, Entry{}); err != nil {
			t.Fatal(err)
		}
		when := base.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(filepath.Join(common, filepath.FromSlash(Dir), k.String()), when, when); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Prune(4, 1<<30); err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		_, ok := s.Get(k)
		if want := i >= 5; ok != want { // down to 3/4 of 4: the three newest stay
			t.Errorf("entry %d kept = %v, want %v", i, ok, want)
		}
	}
}

func TestOpenRefusesALinkOutOfTheGitDir(t *testing.T) {
	t.Parallel()
	common, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(common, "hookrun")); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(common); err == nil {
		_ = s.Close()
		t.Fatal("Open followed a symlink out of the git dir")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote %v outside the git dir", entries)
	}
}
