package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

// TestHello serves the example exactly as `make run` does (on a free port)
// and uses it as a client would.
func TestHello(t *testing.T) {
	t.Parallel()
	fns := gohandler.NewRegistry()
	fns.MustRegister("greeter", Greet)
	fns.MustRegister("notes", (&Notes{now: func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) }}).Handle)
	var banner bytes.Buffer
	m := &app.Main{Functions: fns, Stdout: &banner, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "appsync.yml"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	key := m.API().APIKeys[0].Value
	for _, want := range []string{"GraphQL:    " + m.URL() + "/graphql", "Realtime:   ws", "Playground: " + m.URL() + "/", "API key:    " + key} {
		if !strings.Contains(banner.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, banner.String())
		}
	}

	post := func(query string, vars map[string]any) string {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest("POST", m.URL()+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("x-api-key", key)
		req.Header.Set("User-Agent", "hello-test")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return string(out)
	}

	cases := []struct{ name, query, want string }{
		{"hello", `{ hello(name: "Ada") }`, `{"data":{"hello":"Hello, Ada!"}}`},
		{"hello from headers", `{ hello }`, `{"data":{"hello":"Hello, hello-test!"}}`},
		{"create", `mutation { createNote(input: {text: "first", meta: "{\"pinned\":true}"}) { id text meta createdAt } }`,
			`{"data":{"createNote":{"id":"note-1","text":"first","meta":"{\"pinned\":true}","createdAt":"2026-11-21T12:00:00Z"}}}`},
		{"list", `{ notes { id text } }`, `{"data":{"notes":[{"id":"note-1","text":"first"}]}}`},
		{"typed error", `mutation { createNote(input: {text: ""}) { id } }`,
			`{"data":null,"errors":[{"path":["createNote"],"data":null,"errorType":"ValidationError","errorInfo":null,"locations":[{"line":1,"column":12,"sourceName":null}],"message":"text must not be empty"}]}`},
	}
	for _, c := range cases { // in order: list reads what create wrote
		if got := post(c.query, nil); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}
