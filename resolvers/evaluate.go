package resolvers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/resolvers/builtins"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// Evaluation is the outcome of evaluating one template on its own, as
// AppSync's EvaluateMappingTemplate reports it.
type Evaluation struct {
	Result string   // the rendered output, or the JSON of #return's value
	Error  string   // set when evaluation failed; Result is then empty
	Logs   []string // $util.log output
}

// Evaluate renders a VTL template against a context given as JSON (the
// shape of $context: arguments, source, identity, stash, prev, result, ...),
// for unit tests of templates. now is the clock; nil means time.Now.
func Evaluate(name, template, contextJSON string, now func() time.Time) *Evaluation {
	ev := &Evaluation{}
	t, err := vtl.Parse(name, template)
	if err != nil {
		ev.Error = err.Error()
		return ev
	}
	c := value.NewMap()
	if strings.TrimSpace(contextJSON) != "" {
		v, err := value.FromJSON([]byte(contextJSON))
		if err != nil {
			ev.Error = "context is not valid JSON: " + err.Error()
			return ev
		}
		m, ok := v.(*value.Map)
		if !ok {
			ev.Error = "context must be a JSON object"
			return ev
		}
		c = m
	}
	// arguments and args are one object, and the usual members exist.
	if a, ok := c.Get("arguments"); ok {
		c.Put("args", a)
	} else if a, ok := c.Get("args"); ok {
		c.Put("arguments", a)
	} else {
		a := value.NewMap()
		c.Put("arguments", a)
		c.Put("args", a)
	}
	for _, k := range []string{"stash", "prev"} {
		if _, ok := c.Get(k); !ok {
			c.Put(k, value.NewMap())
		}
	}
	logs := &logCapture{}
	env := &builtins.Env{Now: now, Log: slog.New(logs)}
	if info, ok := c.Get("info"); ok {
		if m, ok := info.(*value.Map); ok {
			f, _ := m.Get("fieldName")
			p, _ := m.Get("parentTypeName")
			env.FieldName, env.ParentTypeName = fmt.Sprint(f), fmt.Sprint(p)
		}
	}
	util := builtins.Util(env)
	res, err := t.Execute(map[string]any{"ctx": c, "context": c, "util": util, "utils": util})
	ev.Logs = logs.lines()
	if err != nil {
		var ve *value.Error
		if errors.As(err, &ve) {
			ev.Error = ve.Message
		} else {
			ev.Error = err.Error()
		}
		return ev
	}
	if res.Returned {
		ev.Result = value.ToJSON(res.Value)
		return ev
	}
	ev.Result = res.Output
	return ev
}

// logCapture is a slog.Handler that keeps each record as a line.
type logCapture struct {
	mu  sync.Mutex
	out []string
}

func (l *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (l *logCapture) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.out = append(l.out, r.Level.String()+" - "+r.Message)
	l.mu.Unlock()
	return nil
}
func (l *logCapture) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCapture) WithGroup(string) slog.Handler      { return l }
func (l *logCapture) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.out...)
}
