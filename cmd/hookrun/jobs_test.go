package main

import (
	"runtime"
	"testing"

	"github.com/hookrun/hookrun/config"
)

// --jobs N wins over the config's jobs; --jobs 0 asks for one per CPU, as jobs: 0 does,
// whatever the config says; without the flag the config decides, else the CPUs.
func TestJobsLimit(t *testing.T) {
	t.Parallel()
	cpus := runtime.GOMAXPROCS(0)
	tests := []struct {
		flag, cfg, want int
	}{
		{-1, 0, cpus},
		{-1, 3, 3},
		{5, 3, 5},
		{0, 3, cpus},
		{0, 0, cpus},
	}
	for _, tt := range tests {
		if got := jobsLimit(runFlags{jobs: tt.flag}, &config.File{Jobs: tt.cfg}); got != tt.want {
			t.Errorf("--jobs %d with jobs: %d: %d jobs, want %d", tt.flag, tt.cfg, got, tt.want)
		}
	}
}
