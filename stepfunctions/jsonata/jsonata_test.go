package jsonata

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// evalTB compiles and evaluates expr, failing the test on a compile error.
func evalTB(tb testing.TB, ctx context.Context, expr string, input any, bindings map[string]any) (any, error) {
	tb.Helper()
	e, err := Compile(expr)
	if err != nil {
		tb.Fatalf("Compile(%q): %v", expr, err)
	}
	return e.Eval(ctx, input, bindings)
}

// wantError asserts err is an *Error with the code (and position, if not -1).
func wantError(tb testing.TB, err error, code string, pos int) *Error {
	tb.Helper()
	var e *Error
	if !errors.As(err, &e) {
		tb.Fatalf("got %v (%T), want *Error %s", err, err, code)
	}
	if e.Code != code || (pos >= 0 && e.Position != pos) {
		tb.Fatalf("got %s at %d (%q), want %s at %d", e.Code, e.Position, e.Message, code, pos)
	}
	return e
}

func hexSum(sum []byte) string { return hex.EncodeToString(sum) }

func TestStepFunctionsFunctions(t *testing.T) {
	requireBundle(t)
	md5sum := md5.Sum([]byte("input data"))
	sha1sum := sha1.Sum([]byte("input data"))
	sha256sum := sha256.Sum256([]byte("input data"))
	sha384sum := sha512.Sum384([]byte("héllo"))
	sha512sum := sha512.Sum512([]byte(""))
	tests := []struct {
		expr string
		want any
	}{
		// The examples of the AWS developer guide ("Step Functions JSONata functions").
		{"$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)", []any{[]any{int64(1), int64(2), int64(3)}, []any{int64(4), int64(5), int64(6)}, []any{int64(7), int64(8), int64(9)}}},
		{"$range(0, 10, 2)", []any{int64(0), int64(2), int64(4), int64(6), int64(8), int64(10)}},
		{"$range(1, 9, 9)", int64(1)}, // recorded on AWS: a singleton sequence collapses
		{"$range(5, 1, -2)", []any{int64(5), int64(3), int64(1)}},
		{"$range(0, 1, 0.5)", []any{int64(0), 0.5, int64(1)}},
		{"$range(3, 1, 1)", nil},
		{"$partition([1, 2, 3], 5)", []any{[]any{int64(1), int64(2), int64(3)}}},
		{"$hash('input data', 'MD5')", hexSum(md5sum[:])},
		{"$hash('input data', 'SHA-1')", hexSum(sha1sum[:])},
		{"$hash('input data', 'SHA-256')", hexSum(sha256sum[:])},
		{"$hash('héllo', 'SHA-384')", hexSum(sha384sum[:])},
		{"$hash('', 'SHA-512')", hexSum(sha512sum[:])},
		{"$random(42)", 0.7275636800328681}, // java.util.Random(42).nextDouble()
		{"$random(-7) = $random(-7)", true},
		{"$parse('{\"a\": [1, 2.5, null, true]}')", map[string]any{"a": []any{int64(1), 2.5, nil, true}}},
		{"$parse('\"s\"')", "s"},
		{"$parse($string({'k': [1]})).k", []any{int64(1)}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			got, err := evalTB(t, context.Background(), tt.expr, nil, nil)
			if tt.want == nil {
				if !errors.Is(err, ErrUndefined) {
					t.Fatalf("got %#v, %v; want undefined", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestStepFunctionsFunctionErrors(t *testing.T) {
	requireBundle(t)
	tests := []struct {
		expr string
		code string
		pos  int
	}{
		{"$hash('x', 'SHA-3')", "SFN0003", 6},
		{"$hash('x')", "T0411", 6}, // the context is not a string either
		{"$partition([1, 2], 0)", "SFN0001", 11},
		{"$partition([1, 2], 1.5)", "SFN0001", 11},
		{"$range(1, 5, 0)", "SFN0002", 7},
		{"$range(1, 100000000, 1)", "SFN0002", 7},
		{"$range('a', 2, 1)", "T0410", 7},
		{"$random(1.5)", "SFN0004", 8},
		{"$parse('{')", "SFN0005", 7},
		{"$uuid(1)", "T0410", 6},
		// Step Functions offers no $eval: calling it fails like calling a missing function.
		{"$eval('1 + 2')", "T1006", 6},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			_, err := evalTB(t, context.Background(), tt.expr, nil, nil)
			e := wantError(t, err, tt.code, tt.pos)
			if e.Message == "" {
				t.Fatal("empty message")
			}
		})
	}
}

// fixedReader yields its bytes again and again.
type fixedReader []byte

func (r fixedReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r[i%len(r)]
	}
	return len(p), nil
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }

func TestEntropyAndClock(t *testing.T) {
	requireBundle(t)
	t.Parallel()
	ctx := WithEntropy(context.Background(), fixedReader{0xff})
	got, err := evalTB(t, ctx, "[$uuid(), $random()]", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{"ffffffff-ffff-4fff-bfff-ffffffffffff", float64(1<<53-1) / (1 << 53)}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}

	_, err = evalTB(t, WithEntropy(context.Background(), failingReader{}), "$uuid()", nil, nil)
	if e := wantError(t, err, "SFN0006", -1); e.Message != "no randomness: entropy exhausted" {
		t.Fatalf("message %q", e.Message)
	}

	at := time.Date(2024, 11, 21, 10, 0, 1, 250e6, time.UTC)
	ctx = WithClock(context.Background(), func() time.Time { return at })
	got, err = evalTB(t, ctx, "[$now(), $millis(), $now('[H01]:[m01]', '+0100')]", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want = []any{"2024-11-21T10:00:01.250Z", at.UnixMilli(), "11:00"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestNumbersAndValues(t *testing.T) {
	requireBundle(t)
	tests := []struct {
		expr  string
		input any
		want  any
	}{
		{"2.5 * 2", nil, int64(5)},
		{"1 / 4", nil, 0.25},
		{"$", 9007199254740991, int64(9007199254740991)},
		{"$ * 10", 1e20, 1e21},
		{"$ + 1", 1e19, 1e19}, // beyond int64: stays float64
		{"-0", nil, int64(0)},
		{"x", map[string]any{"x": float32(1.5)}, 1.5},
		{"$.a[1]", struct {
			A []int `json:"a"`
		}{[]int{4, 5}}, int64(5)},
		{"$", json.RawMessage(`{"b":1,"a":[true,null]}`), map[string]any{"b": int64(1), "a": []any{true, nil}}},
		{"$", nil, nil},
		{"'é' & $", "✓", "é✓"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			got, err := evalTB(t, context.Background(), tt.expr, tt.input, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v (%T), want %#v (%T)", got, got, tt.want, tt.want)
			}
		})
	}
}

func TestBindings(t *testing.T) {
	requireBundle(t)
	t.Parallel()
	states := map[string]any{
		"input":   map[string]any{"n": 2},
		"context": map[string]any{"Execution": map[string]any{"Name": "e1"}},
	}
	got, err := evalTB(t, context.Background(), "$states.context.Execution.Name & ':' & ($states.input.n * $factor)", nil,
		map[string]any{"$states": states, "factor": 21})
	if err != nil {
		t.Fatal(err)
	}
	if got != "e1:42" {
		t.Fatalf("got %#v", got)
	}

	e := MustCompile("{ 'z': $states.input.z, 'a': $states.input.a, 'v': $v }")
	out, err := e.EvalJSON(context.Background(), nil, map[string]json.RawMessage{
		"states": json.RawMessage(`{"input":{"z":1,"a":{"y":2,"b":3}}}`),
		"v":      json.RawMessage(`[1.50]`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"z":1,"a":{"y":2,"b":3},"v":[1.5]}`; string(out) != want {
		t.Fatalf("EvalJSON kept order? got %s, want %s", out, want)
	}
}

func TestErrors(t *testing.T) {
	requireBundle(t)
	t.Parallel()
	t.Run("syntax errors come from Compile", func(t *testing.T) {
		for expr, want := range map[string]struct {
			code string
			pos  int
		}{
			"$states.input.(":  {"S0203", 15},
			"'unterminated":    {"S0101", 13},
			"$states.input[?]": {"S0211", 15},
			"a ~> | b":         {"S0203", 8},
			"":                 {"S0207", 0},
		} {
			_, err := Compile(expr)
			e := wantError(t, err, want.code, want.pos)
			if e.Error() == "" || e.Message == "" {
				t.Fatalf("%q: empty message", expr)
			}
		}
	})
	t.Run("undefined", func(t *testing.T) {
		_, err := evalTB(t, context.Background(), "$states.input.missing", nil, map[string]any{"states": map[string]any{"input": map[string]any{}}})
		e := wantError(t, err, CodeUndefined, 0)
		if !errors.Is(err, ErrUndefined) || e.Message != "returned nothing (undefined)" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("function result is undefined", func(t *testing.T) {
		_, err := evalTB(t, context.Background(), "$sum", nil, nil)
		if !errors.Is(err, ErrUndefined) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("evaluation error", func(t *testing.T) {
		_, err := evalTB(t, context.Background(), "$states.input.a + 'x'", nil, map[string]any{"states": map[string]any{"input": map[string]any{"a": 1}}})
		e := wantError(t, err, "T2002", 17)
		if want := `jsonata T2002 at 17: The right side of the "+" operator must evaluate to a number`; e.Error() != want {
			t.Fatalf("Error() = %q, want %q", e.Error(), want)
		}
	})
	t.Run("input not JSON", func(t *testing.T) {
		_, err := evalTB(t, context.Background(), "$", math.NaN(), nil)
		wantError(t, err, CodeInput, 0)
		_, err = evalTB(t, context.Background(), "$x", nil, map[string]any{"x": make(chan int)})
		wantError(t, err, CodeInput, 0)
		_, err = MustCompile("$").EvalJSON(context.Background(), json.RawMessage(`{`), nil)
		wantError(t, err, CodeInput, 0)
		_, err = MustCompile("$").EvalJSON(context.Background(), nil, map[string]json.RawMessage{"x": json.RawMessage(`nope`)})
		wantError(t, err, CodeInput, 0)
	})
	t.Run("runaway recursion", func(t *testing.T) {
		// jsonata-js recurses through promises, so the depth is bounded by the
		// context's deadline, not by a stack limit.
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := evalTB(t, ctx, "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))", nil, nil)
		wantError(t, err, CodeTimeout, 0)
		// The pool recovers: the next evaluation works.
		if got, err := evalTB(t, context.Background(), "1 + 1", nil, nil); err != nil || got != int64(2) {
			t.Fatalf("after overflow: %v, %v", got, err)
		}
	})
}

func TestTimeout(t *testing.T) {
	requireBundle(t)
	t.Parallel()
	// A tail-recursive loop never ends and never grows the stack.
	loop := MustCompile("($loop := function($n) { $loop($n + 1) }; $loop(0))")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := loop.Eval(ctx, nil, nil)
	wantError(t, err, CodeTimeout, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want it to wrap context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("stopped after %v", d)
	}

	// Cancellation stops it too, and a done context never starts.
	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := loop.Eval(ctx, nil, nil)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if _, err := MustCompile("1").Eval(ctx, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("done context: got %v", err)
	}
	// Runtimes are still usable afterwards.
	if got, err := MustCompile("$ * 2").Eval(context.Background(), 21, nil); err != nil || got != int64(42) {
		t.Fatalf("after timeout: %v, %v", got, err)
	}
}

// TestConcurrent evaluates shared expressions from many goroutines (run with
// -race): each gets its own answer.
func TestConcurrent(t *testing.T) {
	requireBundle(t)
	t.Parallel()
	sum := MustCompile("$sum($states.input.items.(qty * price)) + $extra")
	label := MustCompile("$states.context.Execution.Name & '#' & $string($states.input.i)")
	const workers, rounds = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				states := map[string]any{
					"input":   map[string]any{"i": i, "items": []any{map[string]any{"qty": w + 1, "price": i}}},
					"context": map[string]any{"Execution": map[string]any{"Name": fmt.Sprintf("w%d", w)}},
				}
				got, err := sum.Eval(context.Background(), nil, map[string]any{"states": states, "extra": w})
				if want := int64((w+1)*i + w); err != nil || got != want {
					errs <- fmt.Errorf("worker %d round %d: sum = %v, %v; want %d", w, i, got, err, want)
					return
				}
				got, err = label.Eval(context.Background(), nil, map[string]any{"states": states})
				if want := fmt.Sprintf("w%d#%d", w, i); err != nil || got != want {
					errs <- fmt.Errorf("worker %d round %d: label = %v, %v; want %s", w, i, got, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNoBundle(t *testing.T) {
	t.Parallel()
	_, err := loadPrograms(fstest.MapFS{"bundle/README.md": {Data: []byte("placeholder")}})
	if !errors.Is(err, ErrNoBundle) {
		t.Fatalf("got %v, want ErrNoBundle", err)
	}
	if !bytes.Contains([]byte(ErrNoBundle.Error()), []byte("make jsonata")) {
		t.Fatalf("ErrNoBundle does not say how to fix it: %v", ErrNoBundle)
	}
}

// typical is an expression of the kind a Step Functions Arguments field holds.
const typical = "{ 'orderId': $states.input.orderId, 'total': $sum($states.input.items.(qty * price)), 'vip': $states.input.customer.tier = 'gold', 'attempt': $counter + 1 }"

func benchBindings() map[string]any {
	return map[string]any{
		"states": map[string]any{"input": map[string]any{
			"orderId":  "A-17",
			"items":    []any{map[string]any{"sku": "x", "qty": 2, "price": 5}, map[string]any{"sku": "y", "qty": 1, "price": 12.5}},
			"customer": map[string]any{"name": "Ann", "tier": "gold"},
		}},
		"counter": 5,
	}
}

// BenchmarkEval measures one evaluation of a compiled (cached) expression.
func BenchmarkEval(b *testing.B) {
	requireBundle(b)
	e := MustCompile(typical)
	bindings := benchBindings()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Eval(ctx, nil, bindings); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalPath measures the commonest Step Functions expression, a
// plain path ($states.result.Payload), which Eval answers without JavaScript.
func BenchmarkEvalPath(b *testing.B) {
	requireBundle(b)
	e := MustCompile("$states.input.customer")
	if e.fast == nil {
		b.Fatal("no fast path")
	}
	bindings := benchBindings()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Eval(context.Background(), nil, bindings); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalParallel is BenchmarkEval from GOMAXPROCS goroutines.
func BenchmarkEvalParallel(b *testing.B) {
	requireBundle(b)
	e := MustCompile(typical)
	bindings := benchBindings()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Eval(context.Background(), nil, bindings); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkCompile measures parsing an expression not seen before.
func BenchmarkCompile(b *testing.B) {
	requireBundle(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := Compile(fmt.Sprintf("%s.total + %d", typical, i)); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCompile checks that no expression text panics or hangs Compile, and
// that every failure is an *Error.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"$states.input.a", "{ 'a': $x }", "$sum(a.(b * c))", "a[b > 1]^(>c)", "$range(1, 9, 9)",
		"($f := function($n) { $n }; $f(1))", "x ~> |y|{'z': 1}|", "/re/i", "'str", "(", "$", "**", "a@$b#$c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := Compile(expr)
		if errors.Is(err, ErrNoBundle) {
			t.Skip("jsonata-js bundle not embedded: run `make jsonata` first")
		}
		if err != nil {
			var je *Error
			if !errors.As(err, &je) || je.Code == "" {
				t.Fatalf("Compile(%q): %v is not an *Error with a code", expr, err)
			}
			return
		}
		if e.String() != expr {
			t.Fatalf("String() = %q", e.String())
		}
	})
}
