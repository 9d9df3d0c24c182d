package asl

import (
	"errors"
	"math"
	"testing"
)

func TestDecodeNumbers(t *testing.T) {
	t.Parallel()
	v := mustDecode(t, `{"i":42,"neg":-7,"big":9223372036854775807,"over":9223372036854775808,"f":1.5,"e":1e3,"one":1.0,"z":-0}`)
	m := v.(map[string]any)
	want := map[string]any{"i": int64(42), "neg": int64(-7), "big": int64(math.MaxInt64), "over": 9223372036854775808.0, "f": 1.5, "e": 1000.0, "one": 1.0, "z": int64(0)}
	for k, w := range want {
		if m[k] != w {
			t.Errorf("%s = %#v, want %#v", k, m[k], w)
		}
	}
	if got := mustEncode(t, v); got != `{"big":9223372036854775807,"e":1000.0,"f":1.5,"i":42,"neg":-7,"one":1.0,"over":9.223372036854776E18,"z":0}` {
		t.Errorf("Encode = %s", got)
	}
}

func TestEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{nil, `null`},
		{"a\"b\\c\n\u0001é", `"a\"b\\c\n\u0001é"`},
		{[]any{int64(1), 2.5, true, nil}, `[1,2.5,true,null]`},
		{map[string]any{"b": 1, "a": []any{}}, `{"a":[],"b":1}`},
		{1e-5, `1.0E-5`},
		{struct {
			X int `json:"x"`
		}{3}, `{"x":3}`},
	}
	for _, tc := range tests {
		if got := mustEncode(t, tc.v); got != tc.want {
			t.Errorf("Encode(%#v) = %s, want %s", tc.v, got, tc.want)
		}
	}
	if _, err := Encode(math.NaN()); err == nil {
		t.Error("NaN encoded")
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		line, col int
	}{
		{`{"a":}`, 1, 6},
		{"{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 11},
		{`{"a":1} x`, 1, 9},
		{`[1,2`, 1, 5},
		{``, 1, 1},
	}
	for _, tc := range tests {
		_, err := Decode([]byte(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: err = %v", tc.in, err)
			continue
		}
		if se.Line != tc.line || se.Column != tc.col {
			t.Errorf("%q: at %d:%d, want %d:%d (%v)", tc.in, se.Line, se.Column, tc.line, tc.col, se)
		}
	}
}

func TestJavaString(t *testing.T) {
	t.Parallel()
	v := mustDecode(t, `{"Arg1":1,"Arg2":[],"n":{"x":null,"y":[1.5,"s",true]}}`)
	if got := javaString(v); got != `{Arg1=1, Arg2=[], n={x=null, y=[1.5, s, true]}}` {
		t.Errorf("javaString = %s", got)
	}
}

func TestErrorStrings(t *testing.T) {
	t.Parallel()
	if got := (&Error{Name: "States.Runtime", Cause: "boom"}).Error(); got != "States.Runtime: boom" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Name: "Custom"}).Error(); got != "Custom" {
		t.Errorf("Error() = %q", got)
	}
	_, err := EvalIntrinsic(`States.Nope()`, nil, nil)
	if err == nil || err.Error() != `intrinsic "States.Nope()": offset 0: unknown intrinsic function "States.Nope"` {
		t.Errorf("syntax error = %v", err)
	}
}
