// Package blog_test serves examples/blog-postgres as a user would (the
// migration applied to a fresh schema, the app on a free port) and uses it
// through /graphql.
package blog_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/pgtest"
)

type client struct {
	t   *testing.T
	url string
	key string
}

// do posts a query and returns the decoded response.
func (c *client) do(query string, vars map[string]any) map[string]any {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", c.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", c.key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		c.t.Fatalf("%v: %s", err, raw)
	}
	return out
}

// data is do for queries that must succeed.
func (c *client) data(query string, vars map[string]any) map[string]any {
	c.t.Helper()
	out := c.do(query, vars)
	if out["errors"] != nil {
		b, _ := json.Marshal(out)
		c.t.Fatalf("%s: %s", query, b)
	}
	return out["data"].(map[string]any)
}

// fails runs a query that must fail and returns its one error.
func (c *client) fails(query string, vars map[string]any) map[string]any {
	c.t.Helper()
	out := c.do(query, vars)
	errs, _ := out["errors"].([]any)
	if len(errs) != 1 {
		b, _ := json.Marshal(out)
		c.t.Fatalf("%s: want one error, got %s", query, b)
	}
	return errs[0].(map[string]any)
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// start applies the migration to a fresh schema and serves appsync.yml on
// it. (t.Setenv: the config reads BLOG_DATABASE_URL, so the test is not
// parallel.)
func start(t *testing.T) *client {
	s := pgtest.New(t)
	migration, err := os.ReadFile("migrations/001_blog.sql")
	if err != nil {
		t.Fatal(err)
	}
	s.Exec(t, string(migration))
	s.Exec(t, string(migration)) // migrations are idempotent
	t.Setenv("BLOG_DATABASE_URL", s.URL)
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "appsync.yml"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return &client{t: t, url: m.URL(), key: m.API().APIKeys[0].Value}
}

func TestBlog(t *testing.T) {
	c := start(t)

	ada := c.data(`mutation { createAuthor(input: {name: "Ada Lovelace", email: "ada@example.com"}) { id name email createdAt } }`, nil)["createAuthor"].(map[string]any)
	if ada["name"] != "Ada Lovelace" || ada["email"] != "ada@example.com" || len(ada["id"].(string)) != 36 || !strings.HasSuffix(ada["createdAt"].(string), "Z") {
		t.Fatalf("createAuthor: %v", ada)
	}
	bob := c.data(`mutation { createAuthor(input: {name: "Bob"}) { id email } }`, nil)["createAuthor"].(map[string]any)
	if bob["email"] != nil {
		t.Errorf("no email: %v", bob)
	}

	const postFields = `id title body tags rating commentCount publishedAt author { name }`
	create := func(author, title string, extra map[string]any) map[string]any {
		in := map[string]any{"authorId": author, "title": title}
		for k, v := range extra {
			in[k] = v
		}
		return c.data(`mutation($in: CreatePostInput!) { createPost(input: $in) { `+postFields+` } }`, map[string]any{"in": in})["createPost"].(map[string]any)
	}
	// Hostile and unicode text is stored as sent.
	hostile := `Robert'); DROP TABLE posts; -- :title 日本語 🎉 "quoted"`
	p1 := create(ada["id"].(string), "Notes on the Analytical Engine", map[string]any{"body": "The engine weaves algebraic patterns.", "tags": []string{"math", "history, old"}, "rating": 4.5, "commentLimit": 1})
	p2 := create(bob["id"].(string), hostile, nil)
	p3 := create(ada["id"].(string), "Third", map[string]any{"tags": []string{}})
	if got := jsonOf(map[string]any{"title": p1["title"], "tags": p1["tags"], "rating": p1["rating"], "commentCount": p1["commentCount"], "author": p1["author"]}); got != `{"author":{"name":"Ada Lovelace"},"commentCount":0,"rating":4.5,"tags":["math","history, old"],"title":"Notes on the Analytical Engine"}` {
		t.Errorf("createPost: %s", got)
	}
	if p2["title"] != hostile || p2["body"] != nil || jsonOf(p2["tags"]) != `[]` || p2["rating"] != nil {
		t.Errorf("hostile post: %v", p2)
	}

	got := c.data(`query($id: ID!) { getPost(id: $id) { title author { name posts(limit: 1) { items { title } nextToken } } } }`, map[string]any{"id": p2["id"]})
	if s := jsonOf(got); s != `{"getPost":{"author":{"name":"Bob","posts":{"items":[{"title":`+jsonOf(hostile)+`}],"nextToken":null}},"title":`+jsonOf(hostile)+`}}` {
		t.Errorf("getPost: %s", s)
	}
	if got := c.data(`{ getPost(id: "00000000-0000-0000-0000-000000000000") { id } }`, nil); got["getPost"] != nil {
		t.Errorf("missing post: %v", got)
	}

	// Pagination: pages of two, newest first, each post once.
	var titles []string
	var token any
	pages := 0
	for {
		conn := c.data(`query($n: String) { listPosts(limit: 2, nextToken: $n) { items { title } nextToken } }`, map[string]any{"n": token})["listPosts"].(map[string]any)
		for _, it := range conn["items"].([]any) {
			titles = append(titles, it.(map[string]any)["title"].(string))
		}
		pages++
		token = conn["nextToken"]
		if token == nil || pages > 5 {
			break
		}
	}
	if want := jsonOf([]string{"Third", hostile, "Notes on the Analytical Engine"}); pages != 2 || jsonOf(titles) != want {
		t.Errorf("%d pages: %s, want 2: %s", pages, jsonOf(titles), want)
	}
	if e := c.fails(`{ listPosts(limit: 0) { items { id } } }`, nil); e["errorType"] != "ValidationError" {
		t.Errorf("limit 0: %v", e)
	}

	// The two-statement mutation: comment and count together.
	const addComment = `mutation($p: ID!, $b: String!) { addComment(postId: $p, authorName: "Charles", body: $b) { id postId authorName body createdAt } }`
	cm := c.data(addComment, map[string]any{"p": p1["id"], "b": "Splendid; -- truly"})["addComment"].(map[string]any)
	if cm["postId"] != p1["id"] || cm["body"] != "Splendid; -- truly" || cm["authorName"] != "Charles" {
		t.Errorf("addComment: %v", cm)
	}
	// p1 allows one comment: the UPDATE fails its CHECK, and the INSERT
	// before it is rolled back.
	e := c.fails(addComment, map[string]any{"p": p1["id"], "b": "one too many"})
	if e["errorType"] != "400 Bad Request" || !strings.HasPrefix(e["message"].(string), `RDSHttp:{"message":"ERROR: new row for relation \"posts\" violates check constraint \"posts_check\"`) || !strings.HasSuffix(e["message"].(string), `; SQLState: 23514"}`) {
		t.Errorf("over the limit: %v", e)
	}
	// An unknown post fails the first statement (a foreign key).
	e = c.fails(addComment, map[string]any{"p": "00000000-0000-0000-0000-000000000000", "b": "x"})
	if !strings.Contains(e["message"].(string), `SQLState: 23503`) {
		t.Errorf("unknown post: %v", e)
	}
	post := c.data(`query($id: ID!) { getPost(id: $id) { commentCount comments { items { body } nextToken } } }`, map[string]any{"id": p1["id"]})
	if s := jsonOf(post); s != `{"getPost":{"commentCount":1,"comments":{"items":[{"body":"Splendid; -- truly"}],"nextToken":null}}}` {
		t.Errorf("after the rollback: %s", s)
	}

	// Bad input reaches Postgres as a parameter and fails there.
	e = c.fails(`{ getPost(id: "not-a-uuid") { id } }`, nil)
	if !strings.Contains(e["message"].(string), `invalid input syntax for type uuid: \"not-a-uuid\"`) || !strings.Contains(e["message"].(string), "SQLState: 22P02") {
		t.Errorf("bad id: %v", e)
	}

	del := c.data(`mutation($id: ID!) { deletePost(id: $id) { title } }`, map[string]any{"id": p3["id"]})
	if jsonOf(del) != `{"deletePost":{"title":"Third"}}` {
		t.Errorf("deletePost: %s", jsonOf(del))
	}
	if got := c.data(`mutation($id: ID!) { deletePost(id: $id) { title } }`, map[string]any{"id": p3["id"]}); got["deletePost"] != nil {
		t.Errorf("deleted twice: %v", got)
	}
	n := c.data(`{ listPosts { items { id } } }`, nil)["listPosts"].(map[string]any)["items"].([]any)
	if len(n) != 2 {
		t.Errorf("%d posts after the delete, want 2", len(n))
	}
}
