// Package chat_test serves examples/chat as `appsync-local serve` does (on a
// free port) and drives it as clients would: mutations over HTTP, and
// subscriptions over a WebSocket speaking AppSync's real-time protocol.
package chat_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/appsyncws"
)

const apiKey = "da2-chatkey"

type bundle struct {
	t    *testing.T
	main *app.Main
	url  string
}

func setup(t *testing.T) *bundle {
	t.Helper()
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "appsync.yml"}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return &bundle{t: t, main: m, url: m.URL()}
}

// post runs an operation over HTTP and returns the decoded response.
func (b *bundle) post(query string, vars map[string]any) map[string]any {
	b.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", b.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", apiKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		b.t.Fatalf("not JSON (%d): %s", res.StatusCode, raw)
	}
	return out
}

const send = `mutation($roomId: ID!, $author: String!, $text: String, $priority: Int) {
  sendMessage(roomId: $roomId, author: $author, text: $text, priority: $priority) { id roomId author text priority createdAt }
}`

// sendMessage posts a message selecting every field but tags.
func (b *bundle) send(room, author string, text any, priority any) {
	b.t.Helper()
	out := b.post(send, map[string]any{"roomId": room, "author": author, "text": text, "priority": priority})
	if out["errors"] != nil || out["data"].(map[string]any)["sendMessage"] == nil {
		b.t.Fatalf("sendMessage: %v", out)
	}
}

// dial connects to the real-time endpoint with the API key.
func (b *bundle) dial(key string) *appsyncws.Conn {
	b.t.Helper()
	return appsyncws.Dial(b.t, b.url, key)
}

// until reads the subscription's data frames up to and including the one
// whose message text is marker, and returns the payloads before it.
func until(s *appsyncws.Sub, marker string) []map[string]any {
	return s.Until(func(p map[string]any) bool {
		data, _ := p["data"].(map[string]any)
		for _, v := range data {
			if m, _ := v.(map[string]any); m != nil && m["text"] == marker {
				return true
			}
		}
		return false
	})
}

// texts lists the text field of each event's root field, or "null object"
// when the event's root field is null (a non-null field was missing).
func texts(events []map[string]any) []any {
	out := []any{}
	for _, e := range events {
		for _, v := range e["data"].(map[string]any) {
			m, _ := v.(map[string]any)
			if m == nil {
				out = append(out, "null object")
				continue
			}
			out = append(out, m["text"])
		}
	}
	return out
}

func jsonEq(t *testing.T, got any, want string) {
	t.Helper()
	if raw, ok := got.(json.RawMessage); ok {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("got is not JSON: %s", raw)
		}
		got = v
	}
	g, _ := json.Marshal(got)
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %s: %v", want, err)
	}
	wb, _ := json.Marshal(w)
	if !bytes.Equal(g, wb) {
		t.Errorf("got  %s\nwant %s", g, wb)
	}
}

const onMessage = `subscription($roomId: ID, $author: String, $text: String) {
  onMessage(roomId: $roomId, author: $author, text: $text) { id roomId author text }
}`

func TestArgumentFiltering(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	all := c.Subscribe(onMessage, nil, apiKey)
	room1 := c.Subscribe(onMessage, map[string]any{"roomId": "r1"}, apiKey)
	ada1 := c.Subscribe(`subscription { onMessage(roomId: "r1", author: "ada") { id text } }`, nil, apiKey)
	nullText := c.Subscribe(onMessage, map[string]any{"roomId": "r2", "text": nil}, apiKey)
	unsetVar := c.Subscribe(onMessage, map[string]any{"roomId": "r2"}, apiKey) // $author not provided: no filter

	b.send("r1", "ada", "1", nil)
	b.send("r1", "bob", "2", nil)
	b.send("r2", "ada", "3", nil)
	b.send("r2", "bob", nil, nil)
	// A mutation that does not select author: subscriptions filtering on
	// author never match it.
	b.post(`mutation { sendMessage(roomId: "r1", author: "ada", text: "4") { id roomId text } }`, nil)
	b.send("r1", "ada", "end", nil)
	b.send("r2", "ada", "end", nil)

	// all selects author, which "4"'s mutation did not: author is
	// non-null, so that event's onMessage is null (with an error).
	jsonEq(t, texts(until(all, "end")), `["1","2","3",null,"null object"]`)
	jsonEq(t, texts(until(room1, "end")), `["1","2","null object"]`)
	jsonEq(t, texts(until(ada1, "end")), `["1"]`)
	// explicit null: only the message whose text is null; the r2 marker
	// has a text, so it is read by the next subscription instead.
	if f := nullText.Next(); f.Type != "data" || !strings.Contains(string(f.Payload), `"text":null`) {
		t.Errorf("null text: got %s %s", f.Type, f.Payload)
	}
	jsonEq(t, texts(until(unsetVar, "end")), `["3",null]`)
}

func TestSelectionSetCutting(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	// The subscriber asks for priority and createdAt; the mutation selects
	// neither.
	nullable := c.Subscribe(`subscription { onMessage(roomId: "cut") { text priority __typename } }`, nil, apiKey)
	nonNull := c.Subscribe(`subscription { onMessage(roomId: "cut") { text createdAt } }`, nil, apiKey)
	b.post(`mutation { sendMessage(roomId: "cut", author: "ada", text: "hi", priority: 5, tags: ["x"]) { roomId text } }`, nil)
	b.post(`mutation { m: sendMessage(roomId: "cut", author: "ada", text: "end", priority: 1) { roomId text createdAt t: text } }`, nil)

	events := until(nullable, "end")
	if len(events) != 1 {
		t.Fatalf("got %v", events)
	}
	jsonEq(t, events[0], `{"data":{"onMessage":{"text":"hi","priority":null,"__typename":"Message"}}}`)
	f := nonNull.Next()
	jsonEq(t, json.RawMessage(f.Payload), `{"data":{"onMessage":null},"errors":[{"path":["onMessage","createdAt"],"locations":null,"message":"Cannot return null for non-nullable type: 'AWSDateTime' within parent 'Message' (/onMessage/createdAt)"}]}`)
	until(nonNull, "end")
}

func TestEnhancedFilter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	important := c.Subscribe(`subscription { onImportant(roomId: "r1", minPriority: 5) { text priority } }`, nil, apiKey)
	for i, p := range []any{1, 5, nil, 9, 4} {
		b.send("r1", "ada", fmt.Sprint(i), p)
	}
	b.send("r2", "ada", "other room", 10)
	b.send("r1", "ada", "end", 100)
	jsonEq(t, until(important, "end"), `[{"data":{"onImportant":{"text":"1","priority":5}}},{"data":{"onImportant":{"text":"3","priority":9}}}]`)
}

func TestSubscriptionResolverUnauthorized(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	_, f := c.Start(`subscription { onRoomMessage(roomId: "private-1") { text } }`, nil, apiKey)
	if f.Type != "error" {
		t.Fatalf("want error, got %s %s", f.Type, f.Payload)
	}
	jsonEq(t, json.RawMessage(f.Payload), `{"errors":[{"errorType":"Unauthorized","message":"Not Authorized to access onRoomMessage on type Subscription"}]}`)
	// The connection lives on.
	ok := c.Subscribe(`subscription { onRoomMessage(roomId: "public") { text } }`, nil, apiKey)
	b.send("public", "ada", "end", nil)
	until(ok, "end")
}

func TestAPIKeyChecks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	_, f := c.Start(onMessage, nil, "da2-wrong")
	if f.Type != "error" || !strings.Contains(string(f.Payload), "UnauthorizedException") {
		t.Errorf("wrong per-subscription key: got %s %s", f.Type, f.Payload)
	}
	_, f = c.Start(`subscription { onMessage { nope } }`, nil, apiKey)
	if f.Type != "error" || !strings.Contains(string(f.Payload), "FieldUndefined") {
		t.Errorf("invalid operation: got %s %s", f.Type, f.Payload)
	}
}

func TestInvalidation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	r1 := c.Subscribe(`subscription { onRoomMessage(roomId: "r1") { text } }`, nil, apiKey)
	r2 := c.Subscribe(`subscription { onRoomMessage(roomId: "r2") { text } }`, nil, apiKey)
	b.send("r1", "ada", "before", nil)
	out := b.post(`mutation { closeRoom(roomId: "r1") { id closed } }`, nil)
	jsonEq(t, out, `{"data":{"closeRoom":{"id":"r1","closed":true}}}`)
	b.send("r1", "ada", "after", nil)
	b.send("r2", "ada", "end", nil)

	if f := r1.Next(); f.Type != "data" || !strings.Contains(string(f.Payload), "before") {
		t.Fatalf("r1: got %s %s", f.Type, f.Payload)
	}
	if f := r1.Next(); f.Type != "complete" {
		t.Fatalf("r1: want complete after the invalidation, got %s %s", f.Type, f.Payload)
	}
	jsonEq(t, texts(until(r2, "end")), `[]`)
	select {
	case f := <-r1.Frames:
		t.Errorf("r1 got a frame after complete: %s %s", f.Type, f.Payload)
	default:
	}
}

// TestSlowSubscriberDoesNotDelayMutations keeps one connection from reading
// at all while mutations go on; they complete, and a reading subscriber gets
// every event.
func TestSlowSubscriberDoesNotDelayMutations(t *testing.T) {
	t.Parallel()
	b := setup(t)
	stalled := b.dial(apiKey)
	stalled.Subscribe(onMessage, nil, apiKey)
	stalled.Paused.Lock() // nothing more is read from its socket
	defer stalled.Paused.Unlock()
	c := b.dial(apiKey)
	reader := c.Subscribe(onMessage, nil, apiKey)
	const n = 200
	for i := range n {
		b.send("r1", "ada", fmt.Sprint(i), nil)
	}
	b.send("r1", "ada", "end", nil)
	if got := len(until(reader, "end")); got != n {
		t.Errorf("reader got %d events, want %d", got, n)
	}
}

func TestSchemaSwapKeepsSubscriptions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.dial(apiKey)
	keep := c.Subscribe(onMessage, map[string]any{"roomId": "r1"}, apiKey)
	gone := c.Subscribe(`subscription { onRoomMessage(roomId: "r1") { text } }`, nil, apiKey)
	sdl, err := os.ReadFile(filepath.Join(".", "schema.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	// Upload the schema without onRoomMessage, as `aws appsync
	// start-schema-creation` would.
	trimmed := regexpCut(string(sdl), "  \"A room's messages", "\n}")
	req, _ := http.NewRequest("POST", b.url+"/v1/apis/"+b.main.API().ID+"/schemacreation", strings.NewReader(`{"definition":"`+base64.StdEncoding.EncodeToString([]byte(trimmed))+`"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if f := gone.Next(); f.Type != "complete" {
		t.Fatalf("removed field: want complete, got %s %s (upload status %d)", f.Type, f.Payload, res.StatusCode)
	}
	b.send("r1", "ada", "end", nil)
	until(keep, "end")
}

// regexpCut removes the text from the first from up to (not including) the
// next to after it.
func regexpCut(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], to)
	return s[:i] + s[i+j:]
}
