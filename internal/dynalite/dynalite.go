// Package dynalite starts dynalite, an independent DynamoDB implementation
// from npm, on a loopback port for tests: the second opinion the embedded
// store and the DynamoDB data source are checked against. `make test`
// installs it (internal/dynalite/node); a test that needs it fails with the
// command to run when it is missing, rather than skipping.
package dynalite

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Start runs an in-memory dynalite for the test and returns its endpoint URL
// (http://127.0.0.1:PORT). It is stopped when the test ends.
func Start(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	cli := filepath.Join(filepath.Dir(file), "node", "node_modules", "dynalite", "cli.js")
	if _, err := os.Stat(cli); err != nil {
		tb.Fatalf("dynalite is not installed (%v); run: make test-deps", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		tb.Fatalf("node is needed to run dynalite: %v", err)
	}
	// Listen on port 0 so the kernel picks a free port, and print it once
	// listening: the test waits on that line, not on a timer. (dynalite's
	// own cli.js turns --port 0 into its default 4567, so it is not used.)
	script := fmt.Sprintf(`const server = require(%q)({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});
server.listen(0, "127.0.0.1", () => console.log("Dynalite listening at: http://127.0.0.1:" + server.address().port));`,
		filepath.Join(filepath.Dir(cli), "index.js"))
	cmd := exec.Command(node, "-e", script)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start dynalite: %v", err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, port, ok := strings.Cut(sc.Text(), "Dynalite listening at: http://127.0.0.1:"); ok {
				found <- strings.TrimSpace(port)
				break
			}
		}
		close(found)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case port, ok := <-found:
		if !ok {
			tb.Fatalf("dynalite exited before listening: %s", stderr.String())
		}
		return "http://127.0.0.1:" + port
	case <-time.After(30 * time.Second):
		tb.Fatalf("dynalite did not report listening within 30s: %s", stderr.String())
	}
	return ""
}
