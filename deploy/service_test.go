package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/docexport/docexport/render/testtool"
)

// binDir holds binaries built once per test run (see TestMain).
var binDir string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "docexport-deploy-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "deploy tests:", err)
		os.Exit(2)
	}
	binDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildErr  error
	buildOut  []byte
)

// docexportBinary builds ./cmd/docexport once and returns its path.
func docexportBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(binDir, "docexport")
	buildOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/docexport")
		cmd.Dir = testtool.RepoRoot(t)
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build ./cmd/docexport: %v\n%s", buildErr, buildOut)
	}
	return bin
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// syncBuffer collects a child's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// process is a child process the test started; it is stopped in t.Cleanup.
type process struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
}

// startProcess starts a program whose output is kept for failure messages,
// and stops it (SIGTERM, then SIGKILL after a bounded wait) at cleanup.
func startProcess(t testing.TB, name string, env []string, path string, args ...string) *process {
	t.Helper()
	p := &process{name: name, out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(path, args...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s output (tail):\n%s", name, tail(p.out.String(), 3000))
		}
	})
	return p
}

// exited reports whether the process has ended.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// waitHTTP polls url until it answers 200, the process ends, or the timeout.
func waitHTTP(t testing.TB, p *process, url string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		if p.exited() {
			t.Fatalf("%s exited before %s answered: %v\n%s", p.name, url, p.cmd.ProcessState, tail(p.out.String(), 3000))
		}
		code, body, err := get(url)
		if err == nil && code == http.StatusOK {
			return
		}
		last = fmt.Sprintf("%d %v %.200s", code, err, body)
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: %s did not answer 200 within %s (last: %s)", p.name, url, timeout, last)
}

var client = &http.Client{Timeout: 15 * time.Second}

func get(url string) (int, []byte, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("GET %s: read body: %w", url, err)
	}
	return resp.StatusCode, b, nil
}

// service is a running docexport.
type service struct {
	*process
	addr string // host:port
}

// URL returns the service URL of path.
func (s *service) URL(path string) string { return "http://" + s.addr + path }

// startService runs the real docexport binary on a free loopback port and
// waits until /healthz answers.
func startService(t testing.TB, env ...string) *service {
	t.Helper()
	bin := docexportBinary(t)
	addr := freeAddr(t)
	env = append([]string{"DOCEXPORT_ADDR=" + addr}, env...)
	p := startProcess(t, "docexport", env, bin)
	s := &service{process: p, addr: addr}
	waitHTTP(t, p, s.URL("/healthz"), 20*time.Second)
	return s
}

// render posts a statement to /v1/render/{format} and returns the status and
// the body.
func (s *service) render(format string, statement []byte) (int, []byte, error) {
	resp, err := client.Post(s.URL("/v1/render/"+format), "application/json", bytes.NewReader(statement))
	if err != nil {
		return 0, nil, fmt.Errorf("render %s: %w", format, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("render %s: read body: %w", format, err)
	}
	return resp.StatusCode, b, nil
}

// repoFile returns the path of a file in the repository.
func repoFile(t testing.TB, rel ...string) string {
	t.Helper()
	return filepath.Join(append([]string{testtool.RepoRoot(t)}, rel...)...)
}

// readFile reads a repository file.
func readFile(t testing.TB, rel ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(repoFile(t, rel...))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return b
}
