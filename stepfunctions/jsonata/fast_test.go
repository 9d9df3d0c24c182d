package jsonata

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// TestFastPath checks which expressions take the fast path, and that it
// answers exactly as jsonata-js does on the same values (differential).
func TestFastPath(t *testing.T) {
	requireBundle(t)
	bindings := map[string]any{
		"states": map[string]any{
			"input": map[string]any{
				"a": []any{7}, "b": []any{[]any{1, 2}}, "c": []any{}, "n": nil, "num": 2.0, "i": 3,
				"o": map[string]any{"g": []any{map[string]any{"h": 1}}, "s": "x"}, "arr": []any{map[string]any{"k": 1}, map[string]any{"k": 2}},
			},
		},
		"$dollar": "kept",
		"list":    []any{1, 2},
	}
	tests := []struct {
		expr string
		fast bool
	}{
		{"$states", true},
		{"$states.input", true},
		{"$states.input.a", true},
		{"$states.input.b", true},
		{"$states.input.c", true},
		{"$states.input.n", true},
		{"$states.input.n.deeper", true}, // null on the way: deferred
		{"$states.input.num", true},
		{"$states.input.i", true},
		{"$states.input.o.g", true},
		{"$states.input.o.s.length", true}, // a string on the way: deferred
		{"$states.input.arr.k", true},      // an array on the way: deferred (mapping)
		{"$states.input.missing", true},
		{"$states.missing.deeper", true},
		{"$dollar", true},
		{"$list", true},
		{"$unbound", true},
		{"$sum", true}, // unbound here: a function, decided by jsonata-js
		{" $states . input . o ", true},
		{"$", true},
		{"$.x", true},
		{"$states.input.a[0]", false},
		{"$states.input.a[]", false},
		{"$states.input.`a`", false},
		{"$states.input.o.*", false},
		{"$states.input.num + 1", false},
		{"states.input", false},
	}
	for _, input := range []any{nil, map[string]any{"x": 1}, []any{map[string]any{"x": 1}}} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%v", tt.expr, input), func(t *testing.T) {
				t.Parallel()
				e := MustCompile(tt.expr)
				if (e.fast != nil) != tt.fast {
					t.Fatalf("fast path planned: %v, want %v", e.fast != nil, tt.fast)
				}
				slow := &Expr{src: e.src}
				got, err := e.Eval(context.Background(), input, bindings)
				want, wantErr := slow.Eval(context.Background(), input, bindings)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
					t.Fatalf("fast: %#v, %v\njsonata-js: %#v, %v", got, err, want, wantErr)
				}
			})
		}
	}
}

// TestFastPathCopies checks that a fast result does not alias the caller's
// bindings and carries numbers as Eval always does.
func TestFastPathCopies(t *testing.T) {
	requireBundle(t)
	t.Parallel()
	obj := map[string]any{"n": 2.0, "m": 1.5, "i": 7}
	e := MustCompile("$v")
	if e.fast == nil {
		t.Fatal("no fast path")
	}
	got, err := e.Eval(context.Background(), nil, map[string]any{"v": obj})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"n": int64(2), "m": 1.5, "i": int64(7)}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
	got.(map[string]any)["n"] = "changed"
	if obj["n"] != 2.0 {
		t.Fatal("the result aliases the bindings")
	}
	_, err = e.Eval(context.Background(), nil, map[string]any{"v": make(chan int)})
	var je *Error
	if !errors.As(err, &je) || je.Code != CodeInput {
		t.Fatalf("got %v, want %s", err, CodeInput)
	}
}
