package builtins_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/internal/golden"
	"github.com/appsync-local/appsync-local/resolvers/builtins"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// goldenNow is the clock of every golden case unless its env.json says
// otherwise: the instant of AppSync's own $util.time examples.
var goldenNow = time.Date(2018, 2, 6, 19, 1, 35, 749_000_000, time.UTC)

// TestGolden runs the cases of testdata/*.txtar through the VTL engine with
// the real $util. A file holds any number of cases; for a case NAME the
// sections are:
//
//   - NAME.vtl: the template, without the newline that ends the section.
//   - NAME.vars.json (optional): a JSON object whose members become root
//     references. $util and $utils are always the library; when "ctx" is
//     given, $context is the same value (and the other way round).
//   - NAME.env.json (optional): the Env, as {"now": RFC 3339 time,
//     "authType", "fieldName", "parentTypeName"}; by default the clock
//     reads 2018-02-06T19:01:35.749Z, the caller uses an API key and the
//     field is Query.field.
//   - NAME.out: the output and a newline, then one line per side effect:
//     "#return: <JSON>" when #return was reached, "appendError: <JSON>" per
//     $util.appendError, "responseHeader: <name>: <value>" per header set,
//     and "log: <LEVEL> <message>" per $util.log line.
//   - or NAME.err: the error and a newline (a $util method's error without
//     the template position the engine adds); for an error raised with
//     $util.error (and friends) lines "errorType: …", "data: <JSON>" and
//     "errorInfo: <JSON>" follow when set, then the side-effect lines.
//
// go test -run TestGolden -update rewrites the .out and .err sections.
func TestGolden(t *testing.T) {
	golden.Run(t, "testdata/*.txtar", func(t *testing.T, c *golden.Case) {
		for _, name := range goldenCaseNames(t, c) {
			t.Run(name, func(t *testing.T) {
				if !updating() {
					t.Parallel()
				}
				runGoldenCase(t, c, name)
			})
		}
	})
}

func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	on, _ := g.Get().(bool)
	return on
}

var goldenSuffixes = []string{".vtl", ".vars.json", ".env.json", ".out", ".err"}

// goldenCaseNames lists a file's cases in order and fails on sections that
// belong to no case, so a misspelt section cannot pass silently.
func goldenCaseNames(t *testing.T, c *golden.Case) []string {
	t.Helper()
	var names []string
	cases := map[string]bool{}
	for _, s := range c.Sections() {
		if base, ok := strings.CutSuffix(s, ".vtl"); ok {
			if cases[base] {
				t.Fatalf("%s: duplicate case %q", c.Path, base)
			}
			cases[base] = true
			names = append(names, base)
		}
	}
	for _, s := range c.Sections() {
		ok := false
		for _, suf := range goldenSuffixes {
			if base, found := strings.CutSuffix(s, suf); found && cases[base] {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("%s: section %q belongs to no case (want NAME.vtl, NAME.vars.json, NAME.env.json, NAME.out or NAME.err)", c.Path, s)
		}
	}
	if len(names) == 0 {
		t.Fatalf("%s: no cases", c.Path)
	}
	return names
}

// goldenEnv is NAME.env.json.
type goldenEnv struct {
	Now            *time.Time `json:"now"`
	AuthType       *string    `json:"authType"`
	FieldName      *string    `json:"fieldName"`
	ParentTypeName *string    `json:"parentTypeName"`
}

func runGoldenCase(t *testing.T, c *golden.Case, name string) {
	t.Helper()
	logs := &logRecorder{}
	now := goldenNow
	env := &builtins.Env{
		Now:            func() time.Time { return now },
		Log:            slog.New(logs),
		AuthType:       "API Key Authorization",
		FieldName:      "field",
		ParentTypeName: "Query",
	}
	if js, ok := c.Section(name + ".env.json"); ok {
		var ge goldenEnv
		dec := json.NewDecoder(strings.NewReader(js))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ge); err != nil {
			t.Fatalf("%s: %s.env.json: %v", c.Path, name, err)
		}
		if ge.Now != nil {
			now = *ge.Now
		}
		if ge.AuthType != nil {
			env.AuthType = *ge.AuthType
		}
		if ge.FieldName != nil {
			env.FieldName = *ge.FieldName
		}
		if ge.ParentTypeName != nil {
			env.ParentTypeName = *ge.ParentTypeName
		}
	}
	util := builtins.Util(env)
	vars := map[string]any{}
	if js, ok := c.Section(name + ".vars.json"); ok {
		v, err := value.FromJSON([]byte(js))
		if err != nil {
			t.Fatalf("%s: %s.vars.json: %v", c.Path, name, err)
		}
		m, ok := v.(*value.Map)
		if !ok {
			t.Fatalf("%s: %s.vars.json is not a JSON object", c.Path, name)
		}
		m.Range(func(k string, v any) bool {
			vars[k] = v
			return true
		})
	}
	vars["util"], vars["utils"] = util, util
	if ctx, ok := vars["ctx"]; ok {
		vars["context"] = ctx
	} else if ctx, ok := vars["context"]; ok {
		vars["ctx"] = ctx
	}

	src, _ := c.Section(name + ".vtl")
	src = strings.TrimSuffix(src, "\n")
	var got string
	res, err := execute(name+".vtl", src, vars)
	if err == nil {
		got = res.Output + "\n"
		if res.Returned {
			got += "#return: " + value.ToJSON(res.Value) + "\n"
		}
	} else {
		// An error a $util method raised is shown as the method gave it,
		// without the engine's template position.
		got = err.Error() + "\n"
		var te *vtl.Error
		if errors.As(err, &te) && te.Err != nil {
			got = te.Err.Error() + "\n"
		}
		var ve *value.Error
		if errors.As(err, &ve) {
			if ve.Type != "" {
				got += "errorType: " + ve.Type + "\n"
			}
			if ve.Data != nil {
				got += "data: " + value.ToJSON(ve.Data) + "\n"
			}
			if ve.Info != nil {
				got += "errorInfo: " + value.ToJSON(ve.Info) + "\n"
			}
		}
	}
	got += sideEffects(env, logs)

	_, hasOut := c.Section(name + ".out")
	_, hasErr := c.Section(name + ".err")
	switch {
	case err != nil && hasOut:
		t.Fatalf("%s: %s: unexpected error (delete %s.out to record it):\n%s", c.Path, name, name, got)
	case err == nil && hasErr:
		t.Fatalf("%s: %s: want an error, got output (delete %s.err to record it):\n%s", c.Path, name, name, got)
	case err != nil:
		c.Check(t, name+".err", got)
	default:
		c.Check(t, name+".out", got)
	}
}

func execute(name, src string, vars map[string]any) (*vtl.Result, error) {
	tmpl, err := vtl.Parse(name, src)
	if err != nil {
		return nil, err
	}
	return tmpl.Execute(vars)
}

// sideEffects renders what the template did besides its output.
func sideEffects(env *builtins.Env, logs *logRecorder) string {
	var b strings.Builder
	for _, e := range env.Errors() {
		m := value.NewMap()
		m.Put("message", e.Message)
		m.Put("errorType", nilIfEmpty(e.Type))
		m.Put("data", e.Data)
		m.Put("errorInfo", e.Info)
		fmt.Fprintf(&b, "appendError: %s\n", value.ToJSON(m))
	}
	h := env.ResponseHeaders()
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(&b, "responseHeader: %s: %s\n", k, v)
		}
	}
	b.WriteString(logs.String())
	return b.String()
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// logRecorder is a slog.Handler keeping "log: LEVEL message" lines.
type logRecorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, "log: %s %s\n", r.Level, r.Message)
	return nil
}

func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

func (l *logRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestGoldenCount keeps the suite of $util cases from shrinking unnoticed:
// each namespace prefix must keep at least its count of cases.
func TestGoldenCount(t *testing.T) {
	t.Parallel()
	minimum := map[string]int{"core_": 40, "time_": 40, "str_": 8, "list_": 8, "map_": 4, "math_": 6, "log_": 3}
	counts := map[string]int{}
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, ".vtl --") {
				n++
			}
		}
		base := filepath.Base(p)
		for prefix := range minimum {
			if strings.HasPrefix(base, prefix) {
				counts[prefix] += n
				total += n
			}
		}
	}
	for prefix, min := range minimum {
		if counts[prefix] < min {
			t.Errorf("%d golden cases in testdata/%s*.txtar, want at least %d", counts[prefix], prefix, min)
		}
	}
	if total < 120 {
		t.Errorf("%d $util golden cases, want at least 120", total)
	}
}
