// Package todo_test serves examples/todo exactly as `make run` does (on a
// free port, with its embedded store in a temporary data dir) and uses it
// as a client would.
package todo_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/dynalite"
)

type client struct {
	t   *testing.T
	url string
	key string
}

func (c *client) do(query string, vars map[string]any) map[string]any {
	c.t.Helper()
	out, err := c.tryDo(query, vars)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// tryDo is do for callers that expect the server may go away.
func (c *client) tryDo(query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", c.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", c.key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%w: %s", err, raw)
	}
	return out, nil
}

func (c *client) data(query string, vars map[string]any) map[string]any {
	c.t.Helper()
	out := c.do(query, vars)
	if out["errors"] != nil {
		b, _ := json.Marshal(out)
		c.t.Fatalf("%s: %s", query, b)
	}
	return out["data"].(map[string]any)
}

// TestTodo runs the example on the embedded store and, unchanged, on
// dynalite (through --dynamodb-endpoint).
func TestTodo(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"embedded", "dynalite"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			args := []string{"--port", "0", "--no-watch", "--data-dir", t.TempDir()}
			if backend == "dynalite" {
				args = append(args, "--dynamodb-endpoint", dynalite.Start(t))
			}
			m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
			if err := m.Start(append(args, "appsync.yml")); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { m.Close() })
			testTodo(t, &client{t: t, url: m.URL(), key: m.API().APIKeys[0].Value})
		})
	}
}

func testTodo(t *testing.T, c *client) {

	const fields = `id title description done owner priority createdAt updatedAt`
	var ids []string
	for i, title := range []string{"Buy milk", "Walk dog", "Write tests"} {
		owner := "ada"
		if i == 1 {
			owner = "bob"
		}
		d := c.data(`mutation($in: CreateTodoInput!) { createTodo(input: $in) { `+fields+` } }`,
			map[string]any{"in": map[string]any{"title": title, "owner": owner, "priority": i + 1}})
		todo := d["createTodo"].(map[string]any)
		if todo["title"] != title || todo["done"] != false || todo["owner"] != owner || len(todo["id"].(string)) != 36 {
			t.Fatalf("created %v", todo)
		}
		ids = append(ids, todo["id"].(string))
	}

	got := c.data(`query($id: ID!) { getTodo(id: $id) { title priority } }`, map[string]any{"id": ids[2]})
	if b, _ := json.Marshal(got); string(b) != `{"getTodo":{"priority":3,"title":"Write tests"}}` {
		t.Errorf("getTodo: %s", b)
	}
	if got := c.data(`{ getTodo(id: "nope") { id } }`, nil); got["getTodo"] != nil {
		t.Errorf("missing todo: %v", got)
	}

	// Pagination: two pages of two then one, every todo exactly once.
	seen := map[string]bool{}
	var token any
	pages := 0
	for {
		d := c.data(`query($n: String) { listTodos(limit: 2, nextToken: $n) { items { id } nextToken } }`, map[string]any{"n": token})
		conn := d["listTodos"].(map[string]any)
		for _, it := range conn["items"].([]any) {
			seen[it.(map[string]any)["id"].(string)] = true
		}
		pages++
		if token = conn["nextToken"]; token == nil || pages > 5 {
			break
		}
	}
	if len(seen) != 3 || pages < 2 {
		t.Errorf("listTodos saw %d todos in %d pages", len(seen), pages)
	}

	// GSI query: ada's todos, newest first.
	d := c.data(`{ todosByOwner(owner: "ada") { items { title } } }`, nil)
	if b, _ := json.Marshal(d); string(b) != `{"todosByOwner":{"items":[{"title":"Write tests"},{"title":"Buy milk"}]}}` {
		t.Errorf("todosByOwner: %s", b)
	}

	d = c.data(`mutation($in: UpdateTodoInput!) { updateTodo(input: $in) { title priority done } }`,
		map[string]any{"in": map[string]any{"id": ids[0], "title": "Buy oat milk", "priority": 9}})
	if b, _ := json.Marshal(d); string(b) != `{"updateTodo":{"done":false,"priority":9,"title":"Buy oat milk"}}` {
		t.Errorf("updateTodo: %s", b)
	}
	out := c.do(`mutation { updateTodo(input: {id: "nope", title: "x"}) { id } }`, nil)
	if errs, _ := out["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["errorType"] != "DynamoDB:ConditionalCheckFailedException" {
		t.Errorf("update of a missing todo: %v", out)
	}

	// The pipeline: complete once, then refuse.
	d = c.data(`mutation($id: ID!) { completeTodo(id: $id) { id done } }`, map[string]any{"id": ids[1]})
	if d["completeTodo"].(map[string]any)["done"] != true {
		t.Errorf("completeTodo: %v", d)
	}
	out = c.do(`mutation($id: ID!) { completeTodo(id: $id) { id done } }`, map[string]any{"id": ids[1]})
	errs, _ := out["errors"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["errorType"] != "AlreadyDone" || !strings.Contains(errs[0].(map[string]any)["message"].(string), "already done") {
		t.Errorf("second completeTodo: %v", out)
	}

	d = c.data(`mutation($id: ID!) { deleteTodo(id: $id) { title } }`, map[string]any{"id": ids[2]})
	if d["deleteTodo"].(map[string]any)["title"] != "Write tests" {
		t.Errorf("deleteTodo: %v", d)
	}
	if got := c.data(`query($id: ID!) { getTodo(id: $id) { id } }`, map[string]any{"id": ids[2]}); got["getTodo"] != nil {
		t.Errorf("deleted todo still there: %v", got)
	}
}
