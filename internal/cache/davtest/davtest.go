// Package davtest runs nginx as a WebDAV server on a loopback port, the shared result
// cache's server in tests (internal/cache, the CLI scripts). Test-only: it starts a
// process itself (.golangci.yml lets it), and nothing outside tests imports it.
package davtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Server is one nginx serving Root over HTTP with PUT, as a Bazel HTTP cache.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	Root string // where the entries are: Root/ac/<key>, Root/cas/<hash>
	Dir  string // nginx's prefix: its config, error log and pid file
	cmd  *exec.Cmd
	done chan error
}

// Nginx returns the nginx executable: on PATH, else Debian's /usr/sbin/nginx; "" when
// there is none.
func Nginx() string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if fi, err := os.Stat("/usr/sbin/nginx"); err == nil && fi.Mode().IsRegular() {
		return "/usr/sbin/nginx"
	}
	return ""
}

// config is one process (master_process off: killing it kills the server), no daemon,
// everything it writes under the prefix. As root it would hand its work to "nobody",
// who cannot write into a test's directory: it stays root there.
const config = `%s
daemon off;
master_process off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[2]s/tmp/body;
	proxy_temp_path %[2]s/tmp/proxy;
	fastcgi_temp_path %[2]s/tmp/fastcgi;
	uwsgi_temp_path %[2]s/tmp/uwsgi;
	scgi_temp_path %[2]s/tmp/scgi;
	server {
		listen 127.0.0.1:%[3]d;
		root %[4]s;
		client_max_body_size 16m;
		location / {
			dav_methods PUT DELETE;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
		}
	}
}
`

// Start starts nginx with its files under dir, on a free loopback port, and waits until
// it accepts connections.
func Start(dir string) (*Server, error) {
	bin := Nginx()
	if bin == "" {
		return nil, errors.New("nginx not found (apt-get install nginx)")
	}
	s := &Server{Dir: dir, Root: filepath.Join(dir, "data")}
	for _, d := range []string{s.Root, filepath.Join(dir, "tmp"), filepath.Join(dir, "logs")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	var err error
	for range 5 { // another process may take the port between asking and listening
		if err = s.start(bin); err == nil {
			return s, nil
		}
	}
	return nil, err
}

func (s *Server) start(bin string) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close() // freed for nginx
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := filepath.Join(s.Dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, config, user, s.Dir, port, s.Root), 0o644); err != nil {
		return err
	}
	s.cmd = exec.Command(bin, "-p", s.Dir, "-c", conf, "-e", filepath.Join(s.Dir, "error.log"))
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	s.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-s.done:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "error.log"))
			return fmt.Errorf("nginx exited: %w: %s", err, strings.TrimSpace(string(log)))
		default:
		}
		if c, err := net.DialTimeout("tcp", s.URL[len("http://"):], 100*time.Millisecond); err == nil {
			_ = c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Kill()
	return errors.New("nginx did not start listening in 10s")
}

// Kill stops the server at once (SIGKILL), as a crash would, and waits for it to exit.
// Killing it again does nothing.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill() // gone already is fine
	err := <-s.done          // killed: its exit status says so
	s.done <- err            // for the next Kill
}

// Pid is the server's process id, for a script that kills it itself.
func (s *Server) Pid() int { return s.cmd.Process.Pid }
