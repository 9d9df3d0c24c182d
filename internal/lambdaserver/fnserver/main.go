// Command fnserver serves test Lambda handlers through the Lambda Invoke API
// on 127.0.0.1 (a free port unless -addr says otherwise) and prints
// "listening on http://ADDR" once it accepts connections. See package
// lambdaserver.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/server/lambdaapi"
)

// Boom is fail's error; its type name is the errorType.
type Boom struct{}

func (Boom) Error() string { return "it broke" }

type state struct {
	mu      sync.Mutex
	calls   map[string]int
	batches []int
	events  chan struct{}
}

func (s *state) count(name string) {
	s.mu.Lock()
	s.calls[name]++
	s.mu.Unlock()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	s := &state{calls: map[string]int{}, events: make(chan struct{}, 100)}
	fns := gohandler.NewRegistry()
	fns.MustRegister("echo", func(e any) (any, error) {
		s.count("echo")
		return e, nil
	})
	fns.MustRegister("batch", func(items []struct{ X float64 }) ([]any, error) {
		s.count("batch")
		s.mu.Lock()
		s.batches = append(s.batches, len(items))
		s.mu.Unlock()
		out := make([]any, len(items))
		for i, it := range items {
			if it.X < 0 {
				out[i] = map[string]any{"errorMessage": "negative", "errorType": "Negative"}
				continue
			}
			out[i] = map[string]any{"data": it.X * 10}
		}
		return out, nil
	})
	fns.MustRegister("direct", func(events []struct {
		Source struct{ X float64 } `json:"source"`
	}) ([]any, error) {
		s.count("direct")
		s.mu.Lock()
		s.batches = append(s.batches, len(events))
		s.mu.Unlock()
		out := make([]any, len(events))
		for i, e := range events {
			if e.Source.X < 0 {
				out[i] = map[string]any{"errorMessage": "negative", "errorType": "Negative", "data": nil}
				continue
			}
			out[i] = e.Source.X * 10
		}
		return out, nil
	})
	fns.MustRegister("fail", func() error {
		s.count("fail")
		return Boom{}
	})
	fns.MustRegister("event", func(any) error {
		s.count("event")
		s.events <- struct{}{}
		return nil
	})
	fns.MustRegister("waitEvent", func(ctx context.Context) (int, error) {
		select {
		case <-s.events:
		case <-time.After(10 * time.Second):
			return 0, errors.New("no event invocation arrived in 10 s")
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.calls["event"], nil
	})
	fns.MustRegister("calls", func() (map[string]any, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		out := map[string]any{"batchSizes": append([]int{}, s.batches...)}
		for k, v := range s.calls {
			out[k] = v
		}
		return out, nil
	})
	mux := http.NewServeMux()
	mux.Handle(lambdaapi.Pattern, lambdaapi.New(lambdaapi.Params{Functions: fns}))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, mux))
}
