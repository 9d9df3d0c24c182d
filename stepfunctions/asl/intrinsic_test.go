package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// intrinsicInput is the state input the intrinsic tables read.
const intrinsicInput = `{
  "name": "World", "n": 3, "f": 1.5, "neg": -2.5, "t": true, "nul": null,
  "arr": [1, 2, 3, 2, 1], "strs": ["a", "b"], "objs": [{"a": 1}, {"a": 1}, {"b": [1, 2]}],
  "obj": {"Arg1": 1, "Arg2": [], "s": "x"}, "obj2": {"Arg2": "two", "c": {"d": 1}},
  "json": "{\"a\":[1,2],\"b\":null}", "csv": "a,b,,c;;d", "b64": "SGVsbG8gV29ybGQ=",
  "big": 9007199254740993
}`

func mustDecode(t testing.TB, s string) any {
	t.Helper()
	v, err := Decode([]byte(s))
	if err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func mustEncode(t testing.TB, v any) string {
	t.Helper()
	b, err := Encode(v)
	if err != nil {
		t.Fatalf("encode %#v: %v", v, err)
	}
	return string(b)
}

func TestIntrinsics(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, intrinsicInput)
	env := &Env{
		Context: mustDecode(t, `{"Execution":{"Name":"exec-1"},"Map":{"Item":{"Index":4}}}`),
		Vars:    map[string]any{"greeting": "Hi", "cfg": mustDecode(t, `{"size":2}`)},
	}
	tests := []struct {
		expr, want string // want is the JSON of the result
	}{
		// Format: placeholders, Java-style rendering, escapes
		{`States.Format('Hello, {}!', $.name)`, `"Hello, World!"`},
		{`States.Format('{} {} {} {} {}', $.n, $.f, $.t, $.nul, $.strs)`, `"3 1.5 true null [a, b]"`},
		{`States.Format('obj={}', $.obj)`, `"obj={Arg1=1, Arg2=[], s=x}"`},
		{`States.Format('nested={}', $.objs)`, `"nested=[{a=1}, {a=1}, {b=[1, 2]}]"`},
		{`States.Format('braces \{\} and {} and \'q\' and \\', 'x')`, `"braces {} and x and 'q' and \\"`},
		{`States.Format('{}-{}', $$.Execution.Name, $greeting)`, `"exec-1-Hi"`},
		{`States.Format('no placeholders')`, `"no placeholders"`},
		{`States.Format('{}', 1.0E7)`, `"1.0E7"`},
		{`States.Format('{}', $.big)`, `"9007199254740993"`},
		// StringToJson / JsonToString
		{`States.StringToJson($.json)`, `{"a":[1,2],"b":null}`},
		{`States.StringToJson('')`, `null`},
		{`States.StringToJson('  ')`, `null`},
		{`States.StringToJson('42')`, `42`},
		{`States.StringToJson('null')`, `null`},
		{`States.StringToJson('-0')`, `0`},
		{`States.StringToJson('1.1')`, `1.1`},
		{`States.StringToJson('"HelloWorld"')`, `"HelloWorld"`},
		{`States.JsonToString(States.StringToJson('[1, 2, "HelloWorld"]'))`, `"[1,2,\"HelloWorld\"]"`},
		{`States.Format('Formatting argument {}.', ' ')`, `"Formatting argument  ."`},
		{`States.Format('{}', '{"Arg1": 1, "Arg2": []}')`, `"{\"Arg1\": 1, \"Arg2\": []}"`},
		{`States.JsonToString($.obj)`, `"{\"Arg1\":1,\"Arg2\":[],\"s\":\"x\"}"`},
		{`States.JsonToString($.f)`, `"1.5"`},
		{`States.JsonToString('a"b')`, `"\"a\\\"b\""`},
		// Array family
		{`States.Array()`, `[]`},
		{`States.Array('a', 1, 2.5, true, null, $.obj2.c, States.Array(1))`, `["a",1,2.5,true,null,{"d":1},[1]]`},
		{`States.ArrayPartition($.arr, 2)`, `[[1,2],[3,2],[1]]`},
		{`States.ArrayPartition($.arr, 5)`, `[[1,2,3,2,1]]`},
		{`States.ArrayPartition($.arr, 9)`, `[[1,2,3,2,1]]`},
		{`States.ArrayPartition(States.Array(), 2)`, `[]`},
		{`States.ArrayContains($.arr, 3)`, `true`},
		{`States.ArrayContains($.arr, 3.0)`, `true`},
		{`States.ArrayContains($.arr, 4)`, `false`},
		{`States.ArrayContains($.objs, $.objs[2])`, `true`},
		{`States.ArrayRange(1, 9, 2)`, `[1,3,5,7,9]`},
		{`States.ArrayRange(1, 10, 2)`, `[1,3,5,7,9]`},
		{`States.ArrayRange(5, 1, -2)`, `[5,3,1]`},
		{`States.ArrayRange(5, 1, 1)`, `[]`},
		{`States.ArrayGetItem($.arr, 2)`, `3`},
		{`States.ArrayLength($.arr)`, `5`},
		{`States.ArrayLength(States.Array())`, `0`},
		{`States.ArrayUnique($.arr)`, `[1,2,3]`},
		{`States.ArrayUnique($.objs)`, `[{"a":1},{"b":[1,2]}]`},
		{`States.ArrayUnique(States.Array(1, 1.0, '1'))`, `[1,"1"]`},
		// Encoding and hashing
		{`States.Base64Encode('Hello World')`, `"SGVsbG8gV29ybGQ="`},
		{`States.Base64Decode($.b64)`, `"Hello World"`},
		{`States.Base64Encode('')`, `""`},
		{`States.Hash('input data', 'MD5')`, `"812f45842bc6d66ee14572ce20db8e86"`},
		{`States.Hash('input data', 'SHA-1')`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{`States.Hash('input data', 'SHA-256')`, `"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"`},
		{`States.Hash('input data', 'SHA-384')`, `"d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"`},
		{`States.Hash('input data', 'SHA-512')`, `"6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"`},
		// JsonMerge is shallow: obj2's Arg2 replaces obj's, nested objects are not merged
		{`States.JsonMerge($.obj, $.obj2, false)`, `{"Arg1":1,"Arg2":"two","c":{"d":1},"s":"x"}`},
		// Math
		{`States.MathAdd(1, 2)`, `3`},
		{`States.MathAdd($.n, -5)`, `-2`},
		{`States.MathAdd($.f, 0)`, `2`},    // 1.5 rounds half up
		{`States.MathAdd($.neg, 0)`, `-2`}, // -2.5 rounds half up to -2
		{`States.MathAdd(1.4, 1.6)`, `3`},
		// results recorded on AWS (Java Math.round on each argument)
		{`States.MathAdd(-9, 3)`, `-6`},
		{`States.MathAdd(1.49, 1.5)`, `3`},
		{`States.MathAdd(1.5, 1.51)`, `4`},
		{`States.MathAdd(-1.49, -1.5)`, `-2`},
		{`States.MathAdd(-1.5, -1.51)`, `-3`},
		{`States.MathRandom(12.5, 14.4, 1)`, `13`}, // non-integers are rounded (AWS accepts 12.5, 44.51): [13, 14)
		{`States.MathRandom(1, 2)`, `1`},
		// seeded MathRandom is java.util.Random(seed).nextInt(end-start)+start;
		// the expected numbers were printed by OpenJDK
		{`States.MathRandom(0, 100, 42)`, `30`},
		{`States.MathRandom(0, 64, -5)`, `17`}, // power-of-two bound takes Java's other branch
		{`States.MathRandom(0, 1000, 1234)`, `628`},
		{`States.MathRandom(10, 16, 7)`, `14`},
		// StringSplit: any delimiter character, empty tokens dropped
		{`States.StringSplit($.csv, ',;')`, `["a","b","c","d"]`},
		{`States.StringSplit('1,2,3,4,5', ',')`, `["1","2","3","4","5"]`},
		{`States.StringSplit('This.is+a,test=string', '.+,=')`, `["This","is","a","test","string"]`},
		{`States.StringSplit(',,,', ',')`, `[]`},
		{`States.StringSplit(', , ,', ',')`, `[" "," "]`},
		{`States.StringSplit(' , ', ',')`, `[" "," "]`},
		{"States.StringSplit('split on T and \nnew line', 'T\n')", `["split on "," and ","new line"]`},
		{"States.StringSplit('Hello\nWorld', '\n')", `["Hello","World"]`},
		{`States.StringSplit('abc', '')`, `["abc"]`},
		// nesting, variables and whitespace
		{`States.ArrayLength(States.StringSplit(States.Format('{},{}', 'a', $.name), ','))`, `2`},
		{`States.ArrayPartition( $.arr , $cfg.size )`, `[[1,2],[3,2],[1]]`},
		{`States.ArrayGetItem($.objs[?(@.a == 1)], 1)`, `{"a":1}`},
		{`States.Format('{}', $.arr[1:3])`, `"[2, 3]"`},
		{`States.ArrayLength($.arr[?(@ > 1)])`, `3`},
		{`States.Format('{}', $.strs.length())`, `"2"`},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			t.Parallel()
			got, err := EvalIntrinsic(tc.expr, input, env)
			if err != nil {
				t.Fatalf("EvalIntrinsic: %v", err)
			}
			if g := mustEncode(t, got); g != tc.want {
				t.Errorf("got %s, want %s", g, tc.want)
			}
		})
	}
	t.Run("ArrayRange limit", func(t *testing.T) {
		got, err := EvalIntrinsic(`States.ArrayRange(0, 999, 1)`, input, env)
		if err != nil {
			t.Fatal(err)
		}
		if a := got.([]any); len(a) != 1000 || a[999] != int64(999) {
			t.Errorf("got %d items", len(a))
		}
	})
}

func TestIntrinsicRandomness(t *testing.T) {
	t.Parallel()
	env := &Env{Rand: bytes.NewReader(bytes.Repeat([]byte{0xab}, 64))}
	got, err := EvalIntrinsic(`States.UUID()`, nil, env)
	if err != nil {
		t.Fatal(err)
	}
	if got != "abababab-abab-4bab-abab-abababababab" {
		t.Errorf("UUID from fixed bytes = %v", got)
	}
	// crypto/rand when no source is injected: a v4 UUID, different each call
	a, _ := EvalIntrinsic(`States.UUID()`, nil, nil)
	b, _ := EvalIntrinsic(`States.UUID()`, nil, nil)
	if a == b || len(a.(string)) != 36 || a.(string)[14] != '4' {
		t.Errorf("UUIDs %v %v", a, b)
	}
	for range 50 {
		v, err := EvalIntrinsic(`States.MathRandom(-3, 3)`, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := v.(int64); n < -3 || n >= 3 {
			t.Fatalf("MathRandom(-3, 3) = %d", n)
		}
	}
	_, err = EvalIntrinsic(`States.UUID()`, nil, &Env{Rand: bytes.NewReader(nil)})
	if !isErr(err, ErrIntrinsicFailure) {
		t.Errorf("UUID with an empty source: %v", err)
	}
}

func isErr(err error, name string) bool {
	var e *Error
	return errors.As(err, &e) && e.Name == name
}

func TestIntrinsicErrors(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, intrinsicInput)
	tests := []struct {
		expr, name, cause string // cause: a substring
	}{
		{`States.Format('{} {}', 'a')`, ErrIntrinsicFailure, "more placeholders"},
		{`States.Format('{}', 'a', 'b')`, ErrIntrinsicFailure, "1 placeholder(s) but 2 argument(s)"},
		{`States.Format('{', 'a')`, ErrIntrinsicFailure, "unmatched '{'"},
		{`States.Format($.n)`, ErrIntrinsicFailure, "argument 1 must be a string, got number"},
		{`States.StringToJson('{bad')`, ErrIntrinsicFailure, "not a valid JSON string"},
		{`States.StringToJson($.n)`, ErrIntrinsicFailure, "must be a string"},
		{`States.ArrayPartition($.arr, 0)`, ErrIntrinsicFailure, "positive integer"},
		{`States.ArrayPartition($.arr, 1.5)`, ErrIntrinsicFailure, "must be an integer"},
		{`States.ArrayPartition($.obj, 1)`, ErrIntrinsicFailure, "must be an array, got object"},
		{`States.ArrayRange(1, 5, 0)`, ErrIntrinsicFailure, "step cannot be 0"},
		{`States.ArrayRange(0, 1000, 1)`, ErrIntrinsicFailure, "1001 items"},
		{`States.ArrayGetItem($.arr, 5)`, ErrIntrinsicFailure, "out of bounds"},
		{`States.ArrayGetItem($.arr, -1)`, ErrIntrinsicFailure, "out of bounds"},
		{`States.ArrayLength('x')`, ErrIntrinsicFailure, "must be an array, got string"},
		{`States.Base64Decode('***')`, ErrIntrinsicFailure, "not valid base64"},
		{`States.Hash('x', 'SHA-3')`, ErrIntrinsicFailure, "'SHA-3' is not supported"},
		{`States.Hash($.nul, 'MD5')`, ErrIntrinsicFailure, "must not be null"},
		{`States.JsonMerge($.obj, $.obj2, true)`, ErrIntrinsicFailure, "must be false"},
		{`States.JsonMerge($.obj, $.arr, false)`, ErrIntrinsicFailure, "must be JSON objects"},
		{`States.MathAdd('1', 2)`, ErrIntrinsicFailure, "must be a number, got string"},
		{`States.MathAdd(2147483648, 0)`, ErrIntrinsicFailure, "between -2147483648 and 2147483647"},
		{`States.MathRandom(5, 5)`, ErrIntrinsicFailure, "must be greater than the start"},
		{`States.StringSplit($.arr, ',')`, ErrIntrinsicFailure, "must be a string"},
		// a missing path inside an intrinsic is a path failure
		{`States.Format('{}', $.missing)`, ErrRuntime, "The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input"},
		{`States.Format('{}', $nope)`, ErrRuntime, "undefined variable 'nope'"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			t.Parallel()
			tmpl, err := NewTemplate(map[string]any{"x.$": tc.expr})
			if err != nil {
				t.Fatal(err)
			}
			_, err = tmpl.Eval(input, &Env{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Name != tc.name || !strings.Contains(e.Cause, tc.cause) {
				t.Errorf("got %s: %s\nwant %s containing %q", e.Name, e.Cause, tc.name, tc.cause)
			}
		})
	}
	// Base64 input is limited to 10,000 characters.
	long := strings.Repeat("a", 10001)
	if _, err := EvalIntrinsic(`States.Base64Encode($.s)`, map[string]any{"s": long}, nil); !isErr(err, ErrIntrinsicFailure) {
		t.Errorf("long Base64Encode: %v", err)
	}
	if _, err := EvalIntrinsic(`States.Base64Encode($.s)`, map[string]any{"s": long[1:]}, nil); err != nil {
		t.Errorf("10,000 chars: %v", err)
	}
}

func TestIntrinsicSyntax(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr   string
		offset int
		msg    string
	}{
		{`States.Nope()`, 0, `unknown intrinsic function "States.Nope"`},
		{`States.Format`, 13, "expected '('"},
		{`States.Format('a'`, 17, "missing ')'"},
		{`States.Format('a)`, 14, "unterminated string"},
		{`States.Format('a' 'b')`, 18, "expected ',' or ')'"},
		{`States.UUID(1)`, 0, "States.UUID takes 0 argument(s), got 1"},
		{`States.ArrayRange(1, 2)`, 0, "States.ArrayRange takes 3 argument(s), got 2"},
		{`States.MathRandom(1)`, 0, "States.MathRandom takes 2 to 3 arguments, got 1"},
		{`States.Format()`, 0, "States.Format takes at least 1 argument(s), got 0"},
		{`States.Format('\n')`, 15, `invalid escape '\n'`},
		{`States.Format('a',)`, 18, "unexpected ')'"},
		{`States.Format('a', foo)`, 19, `unexpected "foo"`},
		{`States.Format('a', 1.2.3)`, 19, `invalid number "1.2.3"`},
		{`States.Format('a') x`, 19, `unexpected "x" after the function call`},
		{`States.Format('a', $.[)`, 19, `path "$.[)"`},
		{strings.Repeat("States.Array(", 11) + strings.Repeat(")", 11), 130, "nested at most 10 deep"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			t.Parallel()
			_, err := parseIntrinsic(tc.expr, "f")
			var se *IntrinsicSyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a syntax error", err)
			}
			if se.Offset != tc.offset || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("got offset %d %q, want offset %d %q", se.Offset, se.Msg, tc.offset, tc.msg)
			}
		})
	}
	// Ten levels of nesting are allowed.
	ok := strings.Repeat("States.Array(", 10) + strings.Repeat(")", 10)
	if _, err := parseIntrinsic(ok, "f"); err != nil {
		t.Errorf("10 levels: %v", err)
	}
}

// TestIntrinsicPrint checks that the parse tree prints back as source.
func TestIntrinsicPrint(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`States.Format('a {}',$.x)`, `States.Format('a {}', $.x)`},
		{`States.Array( 1 , -2.5 , true,null, $$.Map.Item.Value, $v.a[0])`, `States.Array(1, -2.5, true, null, $$.Map.Item.Value, $v.a[0])`},
		{`States.Format('it\'s \{\}',States.UUID())`, `States.Format('it\'s \{\}', States.UUID())`},
		{`States.ArrayLength($.a[?(@.b == 'x,y')])`, `States.ArrayLength($.a[?(@.b == 'x,y')])`},
	}
	for _, tc := range tests {
		n, err := parseIntrinsic(tc.in, "f")
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := n.String(); got != tc.want {
			t.Errorf("%s printed as %s, want %s", tc.in, got, tc.want)
		}
	}
}

func FuzzIntrinsic(f *testing.F) {
	for _, s := range []string{
		`States.Format('Hello, {}!', $.name)`,
		`States.Array(1, 'a', true, null, States.UUID())`,
		`States.ArrayRange(1, 9, 2)`,
		`States.StringSplit('a,b', ',')`,
		`States.Format('\{\} \\ \'', $.a[?(@.b == 'x')])`,
		`States.MathAdd(-1.5, 2e3)`,
	} {
		f.Add(s)
	}
	input := map[string]any{"name": "x", "a": []any{map[string]any{"b": "x"}}}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseIntrinsic(s, "f")
		if err != nil {
			return
		}
		// What parses prints back to something that parses to the same tree.
		again, err := parseIntrinsic(n.String(), "f")
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, n.String(), err)
		}
		if again.String() != n.String() {
			t.Fatalf("print not stable: %q vs %q", n.String(), again.String())
		}
		_, err = n.eval(input, &Env{Rand: bytes.NewReader(make([]byte, 64))})
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("%q: non-ASL error %v", s, err)
		}
	})
}

// A filter over a null root (a null input, or $$ with no context) selects
// nothing; the JSONPath library panics on it if asked, which FuzzIntrinsic
// found once.
func TestFilterOnNullRoot(t *testing.T) {
	for _, s := range []string{`States.Array($[?(@.b == 'x')])`, `States.Array($..[?(@ == $.a)])`, `States.Array($$[?(@.b == 'x')])`} {
		n, err := parseIntrinsic(s, "f")
		if err != nil {
			t.Fatal(err)
		}
		got, err := n.eval(nil, &Env{})
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if b, _ := json.Marshal(got); string(b) != `[[]]` {
			t.Errorf("%s = %s, want [[]]", s, b)
		}
	}
}
