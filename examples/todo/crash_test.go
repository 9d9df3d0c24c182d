package todo_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/app"
)

// TestMain lets this test binary also run as the server a crash test kills:
// with APPSYNC_LOCAL_SERVE set, it serves (arguments in the variable) until
// signalled, and never runs the tests.
func TestMain(m *testing.M) {
	if args := os.Getenv("APPSYNC_LOCAL_SERVE"); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
		defer stop()
		srv := &app.Main{Stdout: os.Stdout, Stderr: os.Stderr}
		if err := srv.Run(ctx, strings.Fields(args)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveChild starts this binary as a server on dataDir and returns its
// base URL, API key and process.
func serveChild(t *testing.T, dataDir string) (url, key string, cmd *exec.Cmd) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "APPSYNC_LOCAL_SERVE=serve --port 0 --no-watch --log-level error --data-dir "+dataDir+" appsync.yml")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for (url == "" || key == "") && sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "GraphQL:"); ok {
			url = strings.TrimSuffix(strings.TrimSpace(v), "/graphql")
		}
		if v, ok := strings.CutPrefix(line, "API key:"); ok {
			key = strings.TrimSpace(v)
		}
	}
	go io.Copy(io.Discard, out)
	if url == "" || key == "" {
		cmd.Process.Kill()
		t.Fatal("the server did not print its URL and key")
	}
	return url, key, cmd
}

// TestCrashLosesNoAcknowledgedWrite SIGKILLs the server while clients are
// creating todos, restarts it on the same data dir, and reads back every
// todo whose creation was acknowledged.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	url, key, cmd := serveChild(t, dataDir)
	c := &client{t: t, url: url, key: key}

	var mu sync.Mutex
	var acked []string
	enough := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				out, err := c.tryDo(`mutation($in: CreateTodoInput!) { createTodo(input: $in) { id } }`,
					map[string]any{"in": map[string]any{"title": fmt.Sprintf("w%d-%d", w, i), "owner": "crash"}})
				if err != nil || out["errors"] != nil {
					return // the server is gone
				}
				id, _ := out["data"].(map[string]any)["createTodo"].(map[string]any)["id"].(string)
				mu.Lock()
				acked = append(acked, id)
				if len(acked) >= 150 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not acknowledge 150 writes in 60s")
	}
	cmd.Process.Signal(syscall.SIGKILL) // mid-write: four clients are still sending
	cmd.Wait()
	wg.Wait()

	url, key, cmd = serveChild(t, dataDir)
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	c = &client{t: t, url: url, key: key}
	mu.Lock()
	defer mu.Unlock()
	for _, id := range acked {
		got := c.data(`query($id: ID!) { getTodo(id: $id) { id owner } }`, map[string]any{"id": id})
		if got["getTodo"] == nil {
			t.Fatalf("acknowledged todo %s lost in the crash (%d acknowledged)", id, len(acked))
		}
	}
	// Nothing is corrupt: a full scan reads every item back.
	n := 0
	var token any
	for {
		d := c.data(`query($n: String) { listTodos(limit: 100, nextToken: $n) { items { id } nextToken } }`, map[string]any{"n": token})
		conn := d["listTodos"].(map[string]any)
		n += len(conn["items"].([]any))
		if token = conn["nextToken"]; token == nil {
			break
		}
	}
	if n < len(acked) {
		t.Errorf("scan found %d todos, %d were acknowledged", n, len(acked))
	}
}
