package todo_test

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/appsyncws"
)

// TestSubscriptions subscribes to the example's todos over AppSync's
// real-time protocol while mutations run over HTTP.
func TestSubscriptions(t *testing.T) {
	t.Parallel()
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), "appsync.yml"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	key := m.API().APIKeys[0].Value
	c := &client{t: t, url: m.URL(), key: key}
	ws := appsyncws.Dial(t, m.URL(), key)

	adas := ws.Subscribe(`subscription { onCreateTodo(owner: "ada") { id title owner } }`, nil, key)
	all := ws.Subscribe(`subscription { onCreateTodo { title description } }`, nil, key)
	create := func(title, owner string) string {
		d := c.data(`mutation($in: CreateTodoInput!) { createTodo(input: $in) { id title owner done createdAt } }`,
			map[string]any{"in": map[string]any{"title": title, "owner": owner, "description": "not selected"}})
		return d["createTodo"].(map[string]any)["id"].(string)
	}
	id := create("Buy milk", "ada")
	create("Walk dog", "bob")
	updates := ws.Subscribe(`subscription($id: ID) { onUpdateTodo(id: $id) { id title done } }`, map[string]any{"id": id}, key)
	c.data(`mutation($id: ID!) { updateTodo(input: {id: $id, title: "Buy oat milk"}) { id title done } }`, map[string]any{"id": id})
	c.data(`mutation($id: ID!) { completeTodo(id: $id) { id title done } }`, map[string]any{"id": id})
	c.data(`mutation($id: ID!) { updateTodo(input: {id: $id, title: "end"}) { id title done } }`, map[string]any{"id": id})
	create("end", "ada")

	titled := func(title string) func(map[string]any) bool {
		return func(p map[string]any) bool {
			for _, v := range p["data"].(map[string]any) {
				if m, _ := v.(map[string]any); m != nil && m["title"] == title {
					return true
				}
			}
			return false
		}
	}
	check := func(name string, got []map[string]any, want string) {
		t.Helper()
		b, _ := json.Marshal(got)
		if string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", name, b, want)
		}
	}
	check("ada's creations", adas.Until(titled("end")), `[{"data":{"onCreateTodo":{"id":"`+id+`","owner":"ada","title":"Buy milk"}}}]`)
	// description was not selected by the mutation: it arrives null.
	check("every creation", all.Until(titled("end")), `[{"data":{"onCreateTodo":{"description":null,"title":"Buy milk"}}},{"data":{"onCreateTodo":{"description":null,"title":"Walk dog"}}}]`)
	// updateTodo and completeTodo both trigger onUpdateTodo.
	check("updates", updates.Until(titled("end")), `[{"data":{"onUpdateTodo":{"done":false,"id":"`+id+`","title":"Buy oat milk"}}},{"data":{"onUpdateTodo":{"done":true,"id":"`+id+`","title":"Buy oat milk"}}}]`)
}
