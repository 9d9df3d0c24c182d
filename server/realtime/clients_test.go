package realtime_test

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/app"
)

// The npm clients live in testdata/node; install them with
//
//	bash scripts/npm-ci.sh server/realtime/testdata/node
const nodeDir = "testdata/node"

const chatKey = "da2-chatkey"

// chatServer serves examples/chat over TLS (Amplify v6 only speaks wss://) on a free port.
func chatServer(t *testing.T) *app.Main {
	t.Helper()
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--tls", "--data-dir", t.TempDir(), "../../examples/chat/appsync.yml"}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func requireNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node is required for the client tests: %v", err)
	}
	if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", "aws-amplify")); err != nil {
		t.Fatalf("npm packages missing in server/realtime/%s: run `bash scripts/npm-ci.sh server/realtime/%s` (or make test-deps)", nodeDir, nodeDir)
	}
}

// mutate runs one GraphQL operation over https and fails on errors.
func mutate(t *testing.T, m *app.Main, query string) {
	t.Helper()
	pem, err := os.ReadFile(m.CertFile())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest("POST", m.URL()+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", chatKey)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("mutation: %v", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || bytes.Contains(out, []byte(`"errors"`)) {
		t.Fatalf("mutation %s: %d %s", query, resp.StatusCode, out)
	}
}

type clientResult struct {
	Events    map[string][]json.RawMessage `json:"events"`
	Completed []string                     `json:"completed"`
	Errors    map[string]string            `json:"errors"`
}

// runClient starts script and returns its stdout lines; the process is killed at cleanup.
func runClient(t *testing.T, script string, env ...string) <-chan string {
	t.Helper()
	cmd := exec.Command("node", script)
	cmd.Dir = nodeDir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start node %s: %v", script, err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s stderr:\n%s", script, stderr.String())
		}
	})
	return lines
}

// await reads lines until one has key, failing after the timeout or on exit.
func await(t *testing.T, lines <-chan string, key string) json.RawMessage {
	t.Helper()
	timeout := time.After(90 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("client exited before %q", key)
			}
			var m map[string]json.RawMessage
			if json.Unmarshal([]byte(line), &m) == nil && m[key] != nil {
				return m[key]
			}
			t.Logf("client: %s", line)
		case <-timeout:
			t.Fatalf("no %q from the client", key)
		}
	}
}

// TestNodeClients drives real, unmodified npm clients against the running app: each opens
// the subscriptions of testdata/node/scenario.mjs, the test runs mutations, and each
// client must have received exactly AppSync's events.
func TestNodeClients(t *testing.T) {
	t.Parallel()
	requireNode(t)
	m := chatServer(t)
	for _, client := range []string{"amplify", "apollo", "graphqlws"} {
		t.Run(client, func(t *testing.T) {
			t.Parallel()
			p := client + "-"
			lines := runClient(t, client+".mjs",
				"GRAPHQL_URL="+m.URL()+"/graphql", "API_KEY="+chatKey, "ROOM_PREFIX="+p,
				"NODE_EXTRA_CA_CERTS="+m.CertFile())
			await(t, lines, "ready")

			send := func(room, author, text string, priority int, selection string) {
				pr := "null"
				if priority != 0 {
					pr = itoa(priority)
				}
				mutate(t, m, `mutation { sendMessage(roomId: "`+p+room+`", author: "`+author+`", text: "`+text+`", priority: `+pr+`) { `+selection+` } }`)
			}
			const all = "id roomId author text priority tags createdAt"
			send("r1", "alice", "hello", 1, all)                                    // A
			send("r2", "bob", "other room", 9, all)                                 // D
			send("r1", "bob", "urgent", 7, "id roomId author text priority")        // A B C
			send("r1", "carol", "secret", 9, "id roomId author")                    // A, text cut; C: priority not selected
			mutate(t, m, `mutation { closeRoom(roomId: "`+p+`r2") { id closed } }`) // D invalidated
			send("r2", "bob", "after close", 9, all)                                // nobody
			send("r1", "bob", "end", 9, all)                                        // A B C: the sentinel

			var got clientResult
			if err := json.Unmarshal(await(t, lines, "result"), &got); err != nil {
				t.Fatal(err)
			}
			r1, r2 := `"`+p+`r1"`, `"`+p+`r2"`
			want := map[string][]string{
				"A": {
					`{"onMessage":{"roomId":` + r1 + `,"author":"alice","text":"hello"}}`,
					`{"onMessage":{"roomId":` + r1 + `,"author":"bob","text":"urgent"}}`,
					`{"onMessage":{"roomId":` + r1 + `,"author":"carol","text":null}}`,
					`{"onMessage":{"roomId":` + r1 + `,"author":"bob","text":"end"}}`,
				},
				"B": {
					`{"onMessage":{"roomId":` + r1 + `,"author":"bob","text":"urgent","priority":7}}`,
					`{"onMessage":{"roomId":` + r1 + `,"author":"bob","text":"end","priority":9}}`,
				},
				"C": {
					`{"onImportant":{"roomId":` + r1 + `,"text":"urgent","priority":7}}`,
					`{"onImportant":{"roomId":` + r1 + `,"text":"end","priority":9}}`,
				},
				"D": {`{"onRoomMessage":{"roomId":` + r2 + `,"text":"other room"}}`},
			}
			if client != "amplify" {
				want["P"] = nil
			}
			for name, events := range want {
				gotEvents := got.Events[name]
				if len(gotEvents) != len(events) {
					t.Errorf("%s: got %d events %s, want %d %v", name, len(gotEvents), gotEvents, len(events), events)
					continue
				}
				for i := range events {
					if !jsonEqual(string(gotEvents[i]), events[i]) {
						t.Errorf("%s event %d:\n got %s\nwant %s", name, i, gotEvents[i], events[i])
					}
				}
			}
			if client != "amplify" { // Amplify ignores complete and drops P (see amplify.mjs)
				// Only graphql-ws passes the server's complete (invalidation) on; the
				// AppSync clients ignore it, and Apollo completes P after its error.
				if client == "graphqlws" && strings.Join(got.Completed, ",") != "D" {
					t.Errorf("completed %v, want [D]", got.Completed)
				}
				if e := got.Errors["P"]; !strings.Contains(e, "Unauthorized") && !strings.Contains(e, "Not Authorized") {
					t.Errorf("P error %q, want an authorization error", e)
				}
				if len(got.Errors) != 1 {
					t.Errorf("errors %v, want only P's", got.Errors)
				}
			} else if len(got.Errors) != 0 {
				t.Errorf("errors %v", got.Errors)
			}
		})
	}
}
