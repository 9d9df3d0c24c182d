// Command hello is the appsync-local example: a program that embeds the
// server and registers two Lambda-style Go handlers, greeter and notes, which
// the direct Lambda resolvers in appsync.yml call in-process.
//
//	go run ./examples/hello serve examples/hello/appsync.yml
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

// Event is the part of AppSync's direct Lambda resolver event the handlers read.
type Event struct {
	Arguments map[string]any `json:"arguments"`
	Request   struct {
		Headers map[string]any `json:"headers"`
	} `json:"request"`
	Info struct {
		FieldName string `json:"fieldName"`
	} `json:"info"`
}

// Greet answers Query.hello.
func Greet(ctx context.Context, e Event) (string, error) {
	name, _ := e.Arguments["name"].(string)
	if name == "" {
		name, _ = e.Request.Headers["user-agent"].(string)
	}
	if name == "" {
		name = "world"
	}
	return fmt.Sprintf("Hello, %s!", name), nil
}

// Note is what the notes handler stores and returns.
type Note struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Meta      any    `json:"meta"`
	CreatedAt string `json:"createdAt"`
}

// ValidationError is returned for bad input; AppSync reports its type name as
// the errorType.
type ValidationError struct{ Reason string }

func (e *ValidationError) Error() string { return e.Reason }

// Notes keeps notes in memory and answers Query.notes and Mutation.createNote.
type Notes struct {
	mu    sync.Mutex
	notes []Note
	now   func() time.Time
}

// Handle dispatches on the field being resolved.
func (n *Notes) Handle(ctx context.Context, e Event) (any, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch e.Info.FieldName {
	case "notes":
		out := make([]Note, len(n.notes))
		for i, note := range n.notes {
			out[len(n.notes)-1-i] = note
		}
		return out, nil
	case "createNote":
		input, _ := e.Arguments["input"].(map[string]any)
		text, _ := input["text"].(string)
		if text == "" {
			return nil, &ValidationError{Reason: "text must not be empty"}
		}
		note := Note{
			ID:        fmt.Sprintf("note-%d", len(n.notes)+1),
			Text:      text,
			Meta:      input["meta"],
			CreatedAt: n.now().UTC().Format(time.RFC3339),
		}
		n.notes = append(n.notes, note)
		return note, nil
	}
	return nil, errors.New("notes cannot resolve " + e.Info.FieldName)
}

func main() {
	fns := gohandler.NewRegistry()
	fns.MustRegister("greeter", Greet)
	notes := &Notes{now: time.Now}
	fns.MustRegister("notes", notes.Handle)
	os.Exit(app.Execute(fns))
}
