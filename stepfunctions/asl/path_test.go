package asl

import (
	"errors"
	"strings"
	"testing"
)

const pathInput = `{
  "q\\\"\"Name\"": "Value\"\\", "x.[y": {"z": 5},
  "a": {"b": {"c": 1}, "with-dash": "d", "list": [10, 20, 30]},
  "nul": null, "zero": 0, "empty": "",
  "books": [{"title": "A", "price": 8}, {"title": "B", "price": 12, "isbn": "x"}, {"title": "C", "price": 20}]
}`

func TestPathSelect(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, pathInput)
	env := &Env{
		Context: mustDecode(t, `{"Execution":{"Id":"arn:x","Input":{"k":1}},"State":{"RetryCount":2},"Map":{"Item":{"Index":0,"Value":{"v":"x"}}}}`),
		Vars:    map[string]any{"count": int64(3), "obj": mustDecode(t, `{"x":{"y":[1,2]}}`), "nullvar": nil},
	}
	tests := []struct{ path, want string }{
		{"$", ""}, // whole input, checked below
		{"$.a.b", `{"c":1}`},
		{"$.a.b.c", `1`},
		{"$['a']['b']", `{"c":1}`},
		{`$["a"].list[1]`, `20`},
		{"$.a.with-dash", `"d"`},
		{"$.nul", `null`},
		{"$.zero", `0`},
		{"$.empty", `""`},
		{"$.a.list[-1]", `30`},
		{"$.a.list[*]", `[10,20,30]`},
		{"$.a.list[0:2]", `[10,20]`},
		{"$.a.list[0,2]", `[10,30]`},
		{"$.books[?(@.price < 10)].title", `["A"]`},
		{"$.books[?(@.price > 10 && @.price < 15)].title", `["B"]`},
		{"$.books[?(@.isbn)].title", `["B"]`},
		{"$.books[?(@.price > 100)]", `[]`},
		{"$..price", `[8,12,20]`},
		{"$.books[*].title", `["A","B","C"]`},
		{"$.books.length()", `3`},
		{"$.a.list.length()", `3`},
		{"$$", `{"Execution":{"Id":"arn:x","Input":{"k":1}},"Map":{"Item":{"Index":0,"Value":{"v":"x"}}},"State":{"RetryCount":2}}`},
		{"$$.Execution.Id", `"arn:x"`},
		{"$$.State.RetryCount", `2`},
		{"$$.Map.Item.Value.v", `"x"`},
		{"$$.Execution.Input.k", `1`},
		{"$count", `3`},
		{"$obj.x.y[1]", `2`},
		{"$obj.x.y[*]", `[1,2]`},
		{"$nullvar", `null`},
		// recorded on AWS
		{"$.books[?(@.price == 8)]", `[{"price":8,"title":"A"}]`},
		{"$.books.[?(@.price > 10)].title", `["B","C"]`}, // Jayway's ".[" spelling
		{"$.a.list.[2]", `30`},
		{"$['x.[y'].z", `5`}, // ".[" inside quotes is part of the name
		{`$.["x.[y"].['z']`, `5`},
		{`$['q\""Name"']`, `"Value\"\\"`},
		{"$.none[*]", `[]`},
		{"$.none[1:]", `[]`},
		{"$.none.deeper[1:5].x", `[]`},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePath(tc.path, "InputPath")
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tc.path {
				t.Errorf("String() = %q", p.String())
			}
			got, err := p.Select(input, env)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == "" {
				want = mustEncode(t, input)
			}
			if g := mustEncode(t, got); g != want {
				t.Errorf("got %s, want %s", g, want)
			}
		})
	}
}

func TestPathErrors(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, `{"a":{"b":1},"s":"x"}`)
	env := &Env{Context: mustDecode(t, `{"Execution":{"Name":"n"}}`), Vars: map[string]any{"v": int64(1)}}
	tests := []struct{ path, field, cause string }{
		{"$.x", "x.$", `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{"a":{"b":1},"s":"x"}'`},
		{"$.a.c", "x.$", `The JSONPath '$.a.c' specified for the field 'x.$' could not be found in the input '{"a":{"b":1},"s":"x"}'`},
		{"$.s.t", "OutputPath", `Invalid path '$.s.t' : No results for path: $['s']['t']`},
		{"$.x", "InputPath", `Invalid path '$.x' : No results for path: $['x']`},
		{"$['a'].b[-1]", "ItemsPath", `Invalid path '$['a'].b[-1]' : No results for path: $['a']['b'][-1]`},
		{"$.a[0]", "ItemsPath", `Invalid path '$.a[0]' : No results for path: $['a'][0]`},
		{"$$.Task.Token", "token.$", `The JSONPath '$$.Task.Token' specified for the field 'token.$' could not be found in the input '{"a":{"b":1},"s":"x"}'`},
		{"$.no.such.path", "OutputPath", `Invalid path '$.no.such.path' : Missing property in path $['no']`},
		{"$.a.c.d", "OutputPath", `Invalid path '$.a.c.d' : Missing property in path $['a']['c']`},
		{"$.a.b.c", "OutputPath", `Invalid path '$.a.b.c' : No results for path: $['a']['b']['c']`},
		{"$.ErrorX", "ErrorPath", `The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"a":{"b":1},"s":"x"}'`},
		{"$$.Execution.Input.x", "TimeoutSecondsPath", `Invalid path '$$.Execution.Input.x' : Missing property in path $['Execution']['Input']`},
		{"$w", "InputPath", `The JSONPath '$w' specified for the field 'InputPath' references the undefined variable 'w'`},
		{"$v.x", "v.$", `The JSONPath '$v.x' specified for the field 'v.$' could not be found in the input`},
		{"$v.x", "SecondsPath", `Invalid path '$v.x' : No results for path: $v['x']`},
		{"$.a.length()", "InputPath", ""}, // objects have a length; checked below
		{"$.a.b.length()", "x.$", `could not be found`},
	}
	for _, tc := range tests {
		p := MustParsePath(tc.path, tc.field)
		v, err := p.Select(input, env)
		if tc.cause == "" {
			if err != nil || v != int64(1) {
				t.Errorf("%s: %v %v", tc.path, v, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Name != ErrRuntime || !strings.Contains(e.Cause, tc.cause) {
			t.Errorf("%s: got %v, want States.Runtime containing %q", tc.path, err, tc.cause)
		}
		if _, found, err := p.Lookup(input, env); found || err != nil {
			t.Errorf("%s: Lookup found=%v err=%v", tc.path, found, err)
		}
	}
	// A null path selects {}.
	null := &Path{Null: true}
	if v, err := null.Select(input, env); err != nil || mustEncode(t, v) != "{}" {
		t.Errorf("null path: %v %v", v, err)
	}
	// A nil path is "$".
	var nilPath *Path
	if v, _ := nilPath.Select(input, env); mustEncode(t, v) != mustEncode(t, input) {
		t.Errorf("nil path: %v", v)
	}
}

func TestPathSyntax(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "a.b", "$.", "$..", "$[", "$.a[", "$x!", "$.a[?(@.b ==]", "$$$"} {
		if _, err := ParsePath(bad, "f"); err == nil {
			t.Errorf("ParsePath(%q) succeeded", bad)
		}
	}
	definite := map[string]bool{"$": true, "$.a.b": true, "$['a'][0]": true, "$$.Map.Item.Value": true, "$v.x": true, "$.a[-1]": true,
		"$.a[*]": false, "$..a": false, "$.a[0:1]": false, "$.a[0,1]": false, "$.a[?(@.x)]": false}
	for src, want := range definite {
		if got := MustParsePath(src, "f").Definite(); got != want {
			t.Errorf("%s: Definite() = %v", src, got)
		}
	}
}

func TestResultPathApply(t *testing.T) {
	t.Parallel()
	input := `{"a":{"b":1},"list":[{"x":1},{"x":2}],"s":"str","n":null}`
	tests := []struct{ path, result, want string }{
		{"$", `{"r":1}`, `{"r":1}`},
		{"$.r", `5`, `{"a":{"b":1},"list":[{"x":1},{"x":2}],"n":null,"r":5,"s":"str"}`},
		// existing value is replaced, not merged
		{"$.a", `{"c":2}`, `{"a":{"c":2},"list":[{"x":1},{"x":2}],"n":null,"s":"str"}`},
		// intermediate objects are created
		{"$.x.y.z", `true`, `{"a":{"b":1},"list":[{"x":1},{"x":2}],"n":null,"s":"str","x":{"y":{"z":true}}}`},
		{"$.a.c", `[1]`, `{"a":{"b":1,"c":[1]},"list":[{"x":1},{"x":2}],"n":null,"s":"str"}`},
		{"$.list[1].x", `9`, `{"a":{"b":1},"list":[{"x":1},{"x":9}],"n":null,"s":"str"}`},
		{"$['with space']", `1`, `{"a":{"b":1},"list":[{"x":1},{"x":2}],"n":null,"s":"str","with space":1}`},
		{"$.n.m", `1`, `{"a":{"b":1},"list":[{"x":1},{"x":2}],"n":{"m":1},"s":"str"}`},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			in := mustDecode(t, input)
			rp, err := ParseResultPath(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rp.Apply(in, mustDecode(t, tc.result))
			if err != nil {
				t.Fatal(err)
			}
			if g := mustEncode(t, got); g != tc.want {
				t.Errorf("got %s\nwant %s", g, tc.want)
			}
			if mustEncode(t, in) != mustEncode(t, mustDecode(t, input)) {
				t.Errorf("input was modified: %s", mustEncode(t, in))
			}
		})
	}
	// Discard keeps the input.
	in := mustDecode(t, input)
	if got, _ := (&ResultPath{Discard: true}).Apply(in, "r"); mustEncode(t, got) != mustEncode(t, in) {
		t.Errorf("discard: %v", got)
	}
	for _, tc := range []struct{ path, input string }{
		{"$.s.x", input},     // through a string
		{"$.list[5]", input}, // index outside the array
		{"$.a[0]", input},    // index into an object
		{"$.x", `"just a string"`},
		{"$.x", `[1,2]`},
	} {
		_, err := mustResultPath(t, tc.path).Apply(mustDecode(t, tc.input), int64(1))
		var e *Error
		if !errors.As(err, &e) || e.Name != ErrResultPathMatchFailure || !strings.Contains(e.Cause, "Unable to apply ReferencePath "+tc.path+" to input") {
			t.Errorf("%s on %s: %v", tc.path, tc.input, err)
		}
	}
	for _, bad := range []string{"", "x", "$$.a", "$.a[*]", "$..a", "$.a[?(@.b)]", "$.a[-1]", "$.", "$['a"} {
		if _, err := ParseResultPath(bad); err == nil {
			t.Errorf("ParseResultPath(%q) succeeded", bad)
		}
	}
}

func mustResultPath(t testing.TB, s string) *ResultPath {
	t.Helper()
	rp, err := ParseResultPath(s)
	if err != nil {
		t.Fatal(err)
	}
	return rp
}
