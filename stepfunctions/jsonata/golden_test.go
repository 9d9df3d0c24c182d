package jsonata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// golden is testdata/golden.json, written by js/gen.mjs from testdata/cases.json
// with jsonata-js on Node.
type golden struct {
	Generator string                     `json:"generator"`
	Inputs    map[string]json.RawMessage `json:"inputs"`
	Bindings  map[string]json.RawMessage `json:"bindings"`
	Cases     []goldenCase               `json:"cases"`
}

type goldenCase struct {
	Name      string          `json:"name"`
	Expr      string          `json:"expr"`
	Input     string          `json:"input"`
	Bindings  string          `json:"bindings"`
	Want      json.RawMessage `json:"want"`
	Undefined bool            `json:"undefined"`
	Error     *struct {
		Code     string `json:"code"`
		Position int    `json:"position"`
		Message  string `json:"message"`
	} `json:"error"`
}

// knownDeviations lists golden cases where this package knowingly differs
// from jsonata-js on Node, with the reason. Empty means full agreement.
var knownDeviations = map[string]string{}

// requireBundle skips the test when the binary has no jsonata-js bundle
// (`make jsonata` not run); everything else about the package needs it.
func requireBundle(tb testing.TB) {
	tb.Helper()
	if _, err := Compile("1"); errors.Is(err, ErrNoBundle) {
		tb.Skip("jsonata-js bundle not embedded: run `make jsonata` (scripts/jsonata-assets.sh) first")
	} else if err != nil {
		tb.Fatalf("Compile(1): %v", err)
	}
}

func loadGolden(tb testing.TB) *golden {
	tb.Helper()
	b, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		tb.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		tb.Fatalf("parse golden.json: %v", err)
	}
	return &g
}

// value decodes JSON the way Eval returns values (int64 or float64 numbers).
func value(tb testing.TB, raw json.RawMessage) any {
	tb.Helper()
	v, err := decode(string(raw))
	if err != nil {
		tb.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

// args returns the case's input and bindings as JSON text, so objects keep
// the key order the golden file gives them.
func (g *golden) args(t *testing.T, c goldenCase) (json.RawMessage, map[string]json.RawMessage) {
	t.Helper()
	input, ok := g.Inputs[c.Input]
	if !ok {
		t.Fatalf("unknown input %q", c.Input)
	}
	var bindings map[string]json.RawMessage
	if c.Bindings != "" {
		raw, ok := g.Bindings[c.Bindings]
		if !ok {
			t.Fatalf("unknown bindings %q", c.Bindings)
		}
		if err := json.Unmarshal(raw, &bindings); err != nil {
			t.Fatal(err)
		}
	}
	return input, bindings
}

// TestGolden runs every case of testdata/golden.json and requires the result,
// the undefined-ness or the error (code, position, message) jsonata-js gave.
func TestGolden(t *testing.T) {
	requireBundle(t)
	g := loadGolden(t)
	if len(g.Cases) < 150 {
		t.Fatalf("golden.json has %d cases, want at least 150", len(g.Cases))
	}
	t.Logf("golden data: %s, %d cases", g.Generator, len(g.Cases))
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			if reason, ok := knownDeviations[c.Name]; ok {
				t.Skipf("known deviation: %s", reason)
			}
			input, bindings := g.args(t, c)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			e, err := Compile(c.Expr)
			if c.Error != nil && strings.HasPrefix(c.Error.Code, "S0") && err == nil {
				t.Fatalf("%s: Compile accepted an expression with a syntax error (%s)", c.Expr, c.Error.Code)
			}
			var got any
			var text json.RawMessage
			var errJSON error
			if err == nil {
				anyBindings := make(map[string]any, len(bindings))
				for k, v := range bindings {
					anyBindings[k] = v
				}
				got, err = e.Eval(ctx, input, anyBindings)
				text, errJSON = e.EvalJSON(ctx, input, bindings)
				if (err == nil) != (errJSON == nil) {
					t.Fatalf("%s: Eval and EvalJSON disagree: %v vs %v", c.Expr, err, errJSON)
				}
				// Decoded Go values, as the engine passes them, take Eval's
				// fast path where there is one; the outcome must not change.
				decoded := make(map[string]any, len(bindings))
				for k, v := range bindings {
					decoded[k] = value(t, v)
				}
				got2, err2 := e.Eval(ctx, value(t, input), decoded)
				if fmt.Sprint(err2) != fmt.Sprint(err) || (err == nil && !sameUnordered(got, got2)) {
					t.Fatalf("%s: Eval of decoded values gave %#v, %v; of JSON %#v, %v", c.Expr, got2, err2, got, err)
				}
			}
			switch {
			case c.Error != nil:
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("%s: got %#v, %v; want error %s", c.Expr, got, err, c.Error.Code)
				}
				if e.Code != c.Error.Code || e.Position != c.Error.Position || e.Message != c.Error.Message {
					t.Fatalf("%s: got error %s at %d %q; want %s at %d %q", c.Expr,
						e.Code, e.Position, e.Message, c.Error.Code, c.Error.Position, c.Error.Message)
				}
			case c.Undefined:
				if !errors.Is(err, ErrUndefined) || !errors.Is(errJSON, ErrUndefined) {
					t.Fatalf("%s: got %#v, %v; want undefined", c.Expr, got, err)
				}
			default:
				if err != nil {
					t.Fatalf("%s: %v", c.Expr, err)
				}
				if want := value(t, c.Want); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s:\n got %#v\nwant %#v", c.Expr, got, want)
				}
				var want bytes.Buffer
				if err := json.Compact(&want, c.Want); err != nil {
					t.Fatal(err)
				}
				if string(text) != want.String() {
					t.Fatalf("%s: EvalJSON\n got %s\nwant %s", c.Expr, text, want.String())
				}
			}
		})
	}
}

// sameUnordered compares values up to object key order: decoded Go maps have
// none, so $keys and $string over them may order keys differently.
func sameUnordered(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	sa, oka := a.(string)
	sb, okb := b.(string)
	if !oka || !okb || len(sa) != len(sb) {
		if la, ok := a.([]any); ok {
			lb, ok := b.([]any)
			if !ok || len(la) != len(lb) {
				return false
			}
			seen := map[string]int{}
			for i := range la {
				seen[fmt.Sprint(la[i])]++
				seen[fmt.Sprint(lb[i])]--
			}
			for _, n := range seen {
				if n != 0 {
					return false
				}
			}
			return true
		}
		return false
	}
	var ja, jb any // JSON text from $string: compare parsed
	return json.Unmarshal([]byte(sa), &ja) == nil && json.Unmarshal([]byte(sb), &jb) == nil && reflect.DeepEqual(ja, jb)
}
