package gohandler_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

type event struct {
	N int `json:"n"`
}

type BadInput struct{ Why string }

func (e *BadInput) Error() string { return e.Why }

func TestRegister(t *testing.T) {
	t.Parallel()
	r := gohandler.NewRegistry()
	for _, c := range []struct {
		name    string
		handler any
		err     string
	}{
		{"ok", func(ctx context.Context, e event) (int, error) { return e.N, nil }, ""},
		{"", func() error { return nil }, "empty function name"},
		{"ok", func() error { return nil }, "already registered"},
		{"notfunc", 42, "handler kind int is not func"},
		{"threeargs", func(context.Context, event, int) error { return nil }, "more than two arguments"},
		{"badreturn", func() int { return 1 }, "does not implement error"},
		{"nilhandler", nil, "handler is nil"},
	} {
		err := r.Register(c.name, c.handler)
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("Register(%q): got %v, want %q", c.name, err, c.err)
		}
	}
	if got := r.Names(); len(got) != 1 || got[0] != "ok" {
		t.Errorf("Names() = %v", got)
	}
}

func TestInvoke(t *testing.T) {
	t.Parallel()
	r := gohandler.NewRegistry()
	r.MustRegister("double", func(ctx context.Context, e event) (map[string]any, error) {
		return map[string]any{"n": e.N * 2, "s": "<&>"}, nil
	})
	r.MustRegister("typed", func(e event) (any, error) { return nil, &BadInput{Why: "bad n"} })
	r.MustRegister("plain", func() error { return errors.New("nope") })
	r.MustRegister("panics", func() error { panic(fmt.Errorf("boom")) })
	r.MustRegister("nothing", func() {})
	ctx := context.Background()

	out, err := r.Invoke(ctx, "double", []byte(`{"n":21}`))
	if err != nil || string(out) != `{"n":42,"s":"<&>"}` {
		t.Errorf("double: %s %v", out, err)
	}
	for name, want := range map[string]gohandler.FunctionError{
		"typed":  {Message: "bad n", Type: "BadInput"},
		"plain":  {Message: "nope", Type: "errorString"},
		"panics": {Message: "boom", Type: "errorString"},
	} {
		_, err := r.Invoke(ctx, name, []byte(`{}`))
		var fe *gohandler.FunctionError
		if !errors.As(err, &fe) || *fe != want {
			t.Errorf("%s: got %#v, want %#v", name, err, want)
		}
	}
	if out, err := r.Invoke(ctx, "nothing", nil); err != nil || string(out) != "null" {
		t.Errorf("nothing: %s %v", out, err)
	}
	if _, err := r.Invoke(ctx, "missing", nil); !errors.Is(err, gohandler.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := r.Invoke(ctx, "double", []byte(`{"n":"x"}`)); err == nil {
		t.Error("bad payload: want an error")
	}
}

// TestConcurrentInvoke guards against results of concurrent calls sharing a
// buffer (aws-lambda-go's Invoke does; run with -race).
func TestConcurrentInvoke(t *testing.T) {
	t.Parallel()
	r := gohandler.NewRegistry()
	r.MustRegister("echo", func(e event) (int, error) { return e.N, nil })
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := r.Invoke(context.Background(), "echo", fmt.Appendf(nil, `{"n":%d}`, i))
			if err != nil || string(out) != fmt.Sprint(i) {
				t.Errorf("call %d got %s %v", i, out, err)
			}
		}()
	}
	wg.Wait()
}
