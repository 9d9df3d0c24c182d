package lambda_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/datasources/lambda"
	"github.com/appsync-local/appsync-local/internal/lambdaserver"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

var _ resolvers.DataSource = (*lambda.Source)(nil)

func doc(t *testing.T, text string) *value.Map {
	t.Helper()
	v, err := value.FromJSON([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return v.(*value.Map)
}

func typeOf(err error) string {
	var le *lambda.Error
	if errors.As(err, &le) {
		return le.Type
	}
	return fmt.Sprintf("%T", err)
}

// TestRemote drives the data source against a separate process speaking the
// Lambda Invoke API (fnserver through server/lambdaapi).
func TestRemote(t *testing.T) {
	p := lambdaserver.Start(t)
	// In-process handlers win over the endpoint for the names they have.
	local := gohandler.NewRegistry()
	local.MustRegister("echo", func(any) (string, error) { return "in-process", nil })
	src := func(fn string) *lambda.Source {
		return &lambda.Source{Name: "ds", FunctionName: fn, Functions: local, Remote: p.Client, Endpoint: p.URL}
	}

	t.Run("Invoke", func(t *testing.T) {
		got, err := src("echo").Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{"a":[1,"x",null]}}`))
		if err != nil || got != "in-process" {
			t.Fatalf("registered in-process: got %v, %v", got, err)
		}
		fresh := &lambda.Source{Name: "ds", FunctionName: "echo", Remote: p.Client, Endpoint: p.URL}
		got, err = fresh.Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{"a":[1,"x",null]}}`))
		if err != nil {
			t.Fatal(err)
		}
		if s := value.ToJSON(got); s != `{"a":[1,"x",null]}` {
			t.Errorf("remote echo: got %s", s)
		}
	})
	t.Run("function error", func(t *testing.T) {
		_, err := src("fail").Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{}}`))
		if err == nil || err.Error() != "it broke" || typeOf(err) != "Boom" {
			t.Fatalf("got %v (%s), want it broke (Boom)", err, typeOf(err))
		}
	})
	t.Run("unknown function", func(t *testing.T) {
		_, err := src("nope").Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{}}`))
		if typeOf(err) != "Lambda:ResourceNotFoundException" || err.Error() != "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope" {
			t.Fatalf("got %v (%s)", err, typeOf(err))
		}
	})
	t.Run("Event returns at once and the function runs", func(t *testing.T) {
		got, err := src("event").Invoke(context.Background(), doc(t, `{"operation":"Invoke","invocationType":"Event","payload":{}}`))
		if err != nil || got != nil {
			t.Fatalf("got %v, %v; want null", got, err)
		}
		if n := p.Invoke(t, "waitEvent", nil); n != 1.0 {
			t.Errorf("event calls: %v", n)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		// waitEvent blocks (no event is pending now) past the 100 ms limit.
		s := src("waitEvent")
		s.Timeout = 100 * time.Millisecond
		_, err := s.Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{}}`))
		if typeOf(err) != "Lambda:ExecutionTimeoutException" || err.Error() != "Execution timed out." {
			t.Fatalf("got %v (%s)", err, typeOf(err))
		}
	})
	t.Run("BatchInvoke", func(t *testing.T) {
		// Five items, maxBatchSize 2: calls of 2, 2 and 1, results by position.
		before := len(p.Calls(t)["batchSizes"].([]any))
		g := batch.NewGroup(5)
		xs := []int{1, -2, 3, 4, 5}
		got := make([]string, len(xs))
		var wg sync.WaitGroup
		for i, x := range xs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := batch.With(context.Background(), g.Slot(i), 2)
				v, err := src("batch").Invoke(ctx, doc(t, fmt.Sprintf(`{"operation":"BatchInvoke","payload":{"x":%d}}`, x)))
				if err != nil {
					got[i] = "error: " + err.Error()
					return
				}
				got[i] = value.ToJSON(v)
			}()
		}
		wg.Wait()
		want := []string{`{"data":10}`, `{"errorMessage":"negative","errorType":"Negative"}`, `{"data":30}`, `{"data":40}`, `{"data":50}`}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("results\n got %v\nwant %v", got, want)
		}
		sizes := p.Calls(t)["batchSizes"].([]any)[before:]
		if len(sizes) != 3 {
			t.Fatalf("want 3 calls, got sizes %v", sizes)
		}
		total := 0.0
		for _, s := range sizes {
			if s.(float64) > 2 {
				t.Errorf("a call of %v exceeds maxBatchSize 2", s)
			}
			total += s.(float64)
		}
		if total != 5 {
			t.Errorf("sizes %v do not add up to 5", sizes)
		}
	})
}

func TestUnreachableEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	s := &lambda.Source{Name: "ds", FunctionName: "f", Remote: lambdaserver.NewClient(url), Endpoint: url}
	_, err = s.Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{}}`))
	if err == nil || typeOf(err) != "Lambda:ServiceException" {
		t.Fatalf("got %v (%s)", err, typeOf(err))
	}
	for _, want := range []string{"local.lambda.endpoint " + url, "function f", "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %q", err, want)
		}
	}
}

func TestRequestErrors(t *testing.T) {
	fns := gohandler.NewRegistry()
	fns.MustRegister("f", func() error { return nil })
	for _, tc := range []struct{ name, doc, typ string }{
		{"bad operation", `{"operation":"Call","payload":{}}`, "MappingTemplate"},
		{"bad invocationType", `{"operation":"Invoke","invocationType":"Later","payload":{}}`, "MappingTemplate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &lambda.Source{Name: "ds", FunctionName: "f", Functions: fns}
			if _, err := s.Invoke(context.Background(), doc(t, tc.doc)); typeOf(err) != tc.typ {
				t.Errorf("got %v (%s), want %s", err, typeOf(err), tc.typ)
			}
		})
	}
	t.Run("no handler and no endpoint", func(t *testing.T) {
		s := &lambda.Source{Name: "ds", FunctionName: "g", Functions: fns}
		_, err := s.Invoke(context.Background(), doc(t, `{"operation":"Invoke","payload":{}}`))
		if typeOf(err) != "Lambda:ResourceNotFoundException" || !strings.Contains(err.Error(), "local.lambda.endpoint") {
			t.Errorf("got %v (%s)", err, typeOf(err))
		}
	})
}
