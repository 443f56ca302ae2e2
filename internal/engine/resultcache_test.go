package engine

import (
	"testing"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/cache"
)

func TestRemoteConfig(t *testing.T) {
	t.Parallel()
	cfg := &config.Cache{Remote: "http://cfg:8080", RemoteHeaderEnv: "CACHE_TOKEN"}
	tests := []struct {
		name   string
		cfg    *config.Cache
		env    []string
		want   cache.RemoteConfig
		ok     bool
		warned bool
	}{
		{name: "no config and no variable is no shared cache"},
		{name: "the config's URL is read-only by default", cfg: cfg, want: cache.RemoteConfig{URL: "http://cfg:8080"}, ok: true},
		{
			name: "the environment's URL and write switch override the config's",
			cfg:  &config.Cache{Remote: "http://cfg:8080", RemoteWrite: true},
			env:  []string{"HOOKRUN_REMOTE_CACHE=https://env/x", "HOOKRUN_REMOTE_CACHE_WRITE=0"},
			want: cache.RemoteConfig{URL: "https://env/x"}, ok: true,
		},
		{
			name: "HOOKRUN_REMOTE_CACHE_WRITE=1 writes",
			env:  []string{"HOOKRUN_REMOTE_CACHE=http://env", "HOOKRUN_REMOTE_CACHE_WRITE=1"},
			want: cache.RemoteConfig{URL: "http://env", Write: true}, ok: true,
		},
		{
			name: "a bare token in the header variable is a bearer token",
			cfg:  cfg, env: []string{"CACHE_TOKEN=s3cret"},
			want: cache.RemoteConfig{URL: "http://cfg:8080", Header: "Authorization: Bearer s3cret"}, ok: true,
		},
		{
			name: "a header line in the default variable is sent as written",
			env:  []string{"HOOKRUN_REMOTE_CACHE=http://env", "HOOKRUN_REMOTE_CACHE_HEADER=X-Token: abc"},
			want: cache.RemoteConfig{URL: "http://env", Header: "X-Token: abc"}, ok: true,
		},
		{
			name: "a bad URL in the environment warns and turns the shared cache off",
			cfg:  cfg, env: []string{"HOOKRUN_REMOTE_CACHE=cache:8080"}, warned: true,
			want: cache.RemoteConfig{URL: "http://cfg:8080"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			warned := false
			got, _, ok := remoteConfig(tt.cfg, tt.env, func(string, ...any) { warned = true })
			if ok != tt.ok || warned != tt.warned || (ok && got != tt.want) {
				t.Errorf("remoteConfig = %+v, %v (warned %v), want %+v, %v (warned %v)",
					got, ok, warned, tt.want, tt.ok, tt.warned)
			}
		})
	}
}
