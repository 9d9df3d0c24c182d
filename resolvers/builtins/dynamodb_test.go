package builtins

import (
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// dsCall calls $util.<path> (path like "dynamodb.toDynamoDB") through the
// public interface, as a template does.
func dsCall(tb testing.TB, env *Env, path string, args ...any) (any, error) {
	tb.Helper()
	var cur any = Util(env)
	for _, part := range strings.Split(path, ".") {
		obj, ok := cur.(value.Object)
		if !ok {
			tb.Fatalf("$util.%s: %q is not a namespace", path, part)
		}
		next, ok := obj.Member(part)
		if !ok {
			tb.Fatalf("$util.%s: no member %q", path, part)
		}
		cur = next
	}
	f, ok := cur.(value.Func)
	if !ok {
		tb.Fatalf("$util.%s is not a method", path)
	}
	return f(args)
}

// dsJSON parses JSON text into template values, failing the test on error.
func dsJSON(tb testing.TB, s string) any {
	tb.Helper()
	v, err := value.FromJSON([]byte(s))
	if err != nil {
		tb.Fatalf("bad JSON %s: %v", s, err)
	}
	return v
}

// dsCase is one call and its expected result: want is the JSON of the
// result (for a string result, the string itself when wantText), or wantErr
// a substring of the error.
type dsCase struct {
	name     string
	path     string
	args     []string // JSON of each argument
	want     string
	wantText bool
	wantErr  string
}

func runDSCases(t *testing.T, cases []dsCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := make([]any, len(c.args))
			for i, a := range c.args {
				args[i] = dsJSON(t, a)
			}
			got, err := dsCall(t, &Env{}, c.path, args...)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("$util.%s: got error %v, want one containing %q", c.path, err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("$util.%s: %v", c.path, err)
			}
			var s string
			if c.wantText {
				var ok bool
				if s, ok = got.(string); !ok && got != nil {
					t.Fatalf("$util.%s returned %T, want a string", c.path, got)
				} else if got == nil {
					s = "<nil>"
				}
			} else {
				s = value.ToJSON(got)
			}
			if s != c.want {
				t.Errorf("$util.%s(%s)\n got %s\nwant %s", c.path, strings.Join(c.args, ", "), s, c.want)
			}
		})
	}
}

// Examples from "DynamoDB helpers in $util.dynamodb"
// (https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb.html),
// written compactly.
func TestDynamoDBDocumentedExamples(t *testing.T) {
	t.Parallel()
	runDSCases(t, []dsCase{
		{name: "toDynamoDB string", path: "dynamodb.toDynamoDB", args: []string{`"foo"`}, want: `{"S":"foo"}`},
		{name: "toDynamoDB number", path: "dynamodb.toDynamoDB", args: []string{`12345`}, want: `{"N":12345}`},
		{name: "toDynamoDB boolean", path: "dynamodb.toDynamoDB", args: []string{`true`}, want: `{"BOOL":true}`},
		{name: "toDynamoDB list", path: "dynamodb.toDynamoDB", args: []string{`["foo",123,{"bar":"baz"}]`},
			want: `{"L":[{"S":"foo"},{"N":123},{"M":{"bar":{"S":"baz"}}}]}`},
		{name: "toDynamoDB map", path: "dynamodb.toDynamoDB", args: []string{`{"foo":"bar","baz":1234,"beep":["boop"]}`},
			want: `{"M":{"foo":{"S":"bar"},"baz":{"N":1234},"beep":{"L":[{"S":"boop"}]}}}`},
		{name: "toString", path: "dynamodb.toString", args: []string{`"foo"`}, want: `{"S":"foo"}`},
		{name: "toStringSet", path: "dynamodb.toStringSet", args: []string{`["foo","bar","baz"]`}, want: `{"SS":["foo","bar","baz"]}`},
		{name: "toNumber", path: "dynamodb.toNumber", args: []string{`12345`}, want: `{"N":12345}`},
		{name: "toNumberSet", path: "dynamodb.toNumberSet", args: []string{`[1,23,4.56]`}, want: `{"NS":[1,23,4.56]}`},
		{name: "toBinary", path: "dynamodb.toBinary", args: []string{`"foo"`}, want: `{"B":"foo"}`},
		{name: "toBinarySet", path: "dynamodb.toBinarySet", args: []string{`["foo","bar","baz"]`}, want: `{"BS":["foo","bar","baz"]}`},
		{name: "toBoolean", path: "dynamodb.toBoolean", args: []string{`true`}, want: `{"BOOL":true}`},
		{name: "toNull", path: "dynamodb.toNull", want: `{"NULL":null}`},
		{name: "toList", path: "dynamodb.toList", args: []string{`["foo",123,{"bar":"baz"}]`},
			want: `{"L":[{"S":"foo"},{"N":123},{"M":{"bar":{"S":"baz"}}}]}`},
		{name: "toMap", path: "dynamodb.toMap", args: []string{`{"foo":"bar","baz":1234,"beep":["boop"]}`},
			want: `{"M":{"foo":{"S":"bar"},"baz":{"N":1234},"beep":{"L":[{"S":"boop"}]}}}`},
		{name: "toMapValues", path: "dynamodb.toMapValues", args: []string{`{"foo":"bar","baz":1234,"beep":["boop"]}`},
			want: `{"foo":{"S":"bar"},"baz":{"N":1234},"beep":{"L":[{"S":"boop"}]}}`},
		// The page spaces the JSON out and writes "version" = "beep"; AWS
		// answers compact JSON (localstack/appsync-utils snapshots).
		{name: "toS3Object", path: "dynamodb.toS3Object", args: []string{`"foo"`, `"bar"`, `"baz"`},
			want: `{"S":"{\"s3\":{\"key\":\"foo\",\"bucket\":\"bar\",\"region\":\"baz\"}}"}`},
		{name: "toS3Object with version", path: "dynamodb.toS3Object", args: []string{`"foo"`, `"bar"`, `"baz"`, `"beep"`},
			want: `{"S":"{\"s3\":{\"key\":\"foo\",\"bucket\":\"bar\",\"region\":\"baz\",\"version\":\"beep\"}}"}`},
		{name: "fromS3ObjectJson of the attribute", path: "dynamodb.fromS3ObjectJson",
			args: []string{`{"S":"{ \"s3\" : { \"key\" : \"foo\", \"bucket\" : \"bar\", \"region\" : \"baz\", \"version\" : \"beep\" } }"}`},
			want: `{"key":"foo","bucket":"bar","region":"baz","version":"beep"}`},
	})
}

func TestDynamoDBJSONVariants(t *testing.T) {
	t.Parallel()
	runDSCases(t, []dsCase{
		{name: "toDynamoDBJson", path: "dynamodb.toDynamoDBJson", args: []string{`{"a":[1,"x",null,false]}`}, wantText: true,
			want: `{"M":{"a":{"L":[{"N":1},{"S":"x"},{"NULL":null},{"BOOL":false}]}}}`},
		{name: "toStringJson", path: "dynamodb.toStringJson", args: []string{`"Hello, World!"`}, wantText: true, want: `{"S":"Hello, World!"}`},
		{name: "toStringSetJson", path: "dynamodb.toStringSetJson", args: []string{`["a","b"]`}, wantText: true, want: `{"SS":["a","b"]}`},
		{name: "toNumberJson", path: "dynamodb.toNumberJson", args: []string{`1.5`}, wantText: true, want: `{"N":1.5}`},
		{name: "toNumberJson double", path: "dynamodb.toNumberJson", args: []string{`1.0`}, wantText: true, want: `{"N":1.0}`},
		{name: "toNumberSetJson", path: "dynamodb.toNumberSetJson", args: []string{`[1,2]`}, wantText: true, want: `{"NS":[1,2]}`},
		{name: "toBinaryJson", path: "dynamodb.toBinaryJson", args: []string{`"aGk="`}, wantText: true, want: `{"B":"aGk="}`},
		{name: "toBinarySetJson", path: "dynamodb.toBinarySetJson", args: []string{`["aGk="]`}, wantText: true, want: `{"BS":["aGk="]}`},
		{name: "toBooleanJson", path: "dynamodb.toBooleanJson", args: []string{`false`}, wantText: true, want: `{"BOOL":false}`},
		{name: "toNullJson", path: "dynamodb.toNullJson", wantText: true, want: `{"NULL":null}`},
		{name: "toListJson", path: "dynamodb.toListJson", args: []string{`[]`}, wantText: true, want: `{"L":[]}`},
		{name: "toMapJson", path: "dynamodb.toMapJson", args: []string{`{}`}, wantText: true, want: `{"M":{}}`},
		{name: "toMapValuesJson", path: "dynamodb.toMapValuesJson", args: []string{`{"id":"1","n":2}`}, wantText: true,
			want: `{"id":{"S":"1"},"n":{"N":2}}`},
		{name: "toS3ObjectJson", path: "dynamodb.toS3ObjectJson", args: []string{`"k"`, `"b"`, `"r"`}, wantText: true,
			want: `{"S":"{\"s3\":{\"key\":\"k\",\"bucket\":\"b\",\"region\":\"r\"}}"}`},
	})
}

func TestDynamoDBConversions(t *testing.T) {
	t.Parallel()
	runDSCases(t, []dsCase{
		{name: "null", path: "dynamodb.toDynamoDB", args: []string{`null`}, want: `{"NULL":null}`},
		{name: "negative and large numbers", path: "dynamodb.toDynamoDB", args: []string{`[-1,9007199254740993,1e300,0.001]`},
			want: `{"L":[{"N":-1},{"N":9007199254740993},{"N":1.0E300},{"N":0.001}]}`},
		{name: "nested maps keep their order", path: "dynamodb.toDynamoDB", args: []string{`{"z":{"y":1,"a":2}}`},
			want: `{"M":{"z":{"M":{"y":{"N":1},"a":{"N":2}}}}}`},
		{name: "a list of lists is never a set", path: "dynamodb.toList", args: []string{`[["a"],[1]]`},
			want: `{"L":[{"L":[{"S":"a"}]},{"L":[{"N":1}]}]}`},
		{name: "sets keep order and duplicates", path: "dynamodb.toStringSet", args: []string{`["b","a","b"]`}, want: `{"SS":["b","a","b"]}`},
		{name: "empty set", path: "dynamodb.toNumberSet", args: []string{`[]`}, want: `{"NS":[]}`},
		{name: "unicode string", path: "dynamodb.toString", args: []string{`"héllo \"q\""`}, want: `{"S":"héllo \"q\""}`},
		{name: "fromS3ObjectJson of the string", path: "dynamodb.fromS3ObjectJson",
			args: []string{`"{\"s3\":{\"key\":\"k\",\"bucket\":\"b\",\"region\":\"r\"}}"`}, want: `{"key":"k","bucket":"b","region":"r"}`},
		{name: "toMapValues of empty map", path: "dynamodb.toMapValues", args: []string{`{}`}, want: `{}`},
	})
}

func TestDynamoDBArgumentErrors(t *testing.T) {
	t.Parallel()
	runDSCases(t, []dsCase{
		{name: "toMapValues of a list", path: "dynamodb.toMapValues", args: []string{`[1]`},
			wantErr: "$util.dynamodb.toMapValues: expected a map, got List"},
		{name: "toMap of null", path: "dynamodb.toMap", args: []string{`null`}, wantErr: "$util.dynamodb.toMap: expected a map, got Null"},
		{name: "toString of a number", path: "dynamodb.toString", args: []string{`1`}, wantErr: "expected a string, got Number"},
		{name: "toNumber of a string", path: "dynamodb.toNumber", args: []string{`"1"`}, wantErr: "expected a number, got String"},
		{name: "toBoolean of a string", path: "dynamodb.toBoolean", args: []string{`"true"`}, wantErr: "expected a boolean, got String"},
		{name: "toList of a map", path: "dynamodb.toList", args: []string{`{}`}, wantErr: "expected a list, got Map"},
		{name: "toStringSet of numbers", path: "dynamodb.toStringSet", args: []string{`[1]`}, wantErr: "expected a list of strings, got List"},
		{name: "toNumberSet of strings", path: "dynamodb.toNumberSet", args: []string{`["1"]`}, wantErr: "expected a list of numbers, got List"},
		{name: "toBinarySet of a string", path: "dynamodb.toBinarySet", args: []string{`"a"`}, wantErr: "expected a list of strings, got String"},
		{name: "no argument", path: "dynamodb.toDynamoDB", wantErr: "$util.dynamodb.toDynamoDB: expected 1 argument, got 0"},
		{name: "two arguments", path: "dynamodb.toDynamoDBJson", args: []string{`1`, `2`}, wantErr: "expected 1 argument, got 2"},
		{name: "toNull with an argument", path: "dynamodb.toNull", args: []string{`1`}, wantErr: "$util.dynamodb.toNull: expected 0 arguments, got 1"},
		{name: "toS3Object with two arguments", path: "dynamodb.toS3Object", args: []string{`"k"`, `"b"`},
			wantErr: "$util.dynamodb.toS3Object: expected 3 or 4 arguments, got 2"},
		{name: "toS3Object with a number", path: "dynamodb.toS3Object", args: []string{`"k"`, `"b"`, `1`}, wantErr: "expected a string, got Number"},
		{name: "fromS3ObjectJson of bad JSON", path: "dynamodb.fromS3ObjectJson", args: []string{`"{"`}, wantErr: "invalid JSON"},
		{name: "fromS3ObjectJson of other JSON", path: "dynamodb.fromS3ObjectJson", args: []string{`"{\"a\":1}"`}, wantErr: "expected an S3 object"},
		{name: "fromS3ObjectJson of a number", path: "dynamodb.fromS3ObjectJson", args: []string{`1`}, wantErr: "expected a string, got Number"},
	})
}

func TestDynamoDBHostObjectsAreRefused(t *testing.T) {
	t.Parallel()
	_, err := dsCall(t, &Env{}, "dynamodb.toDynamoDB", value.NewList(Util(&Env{})))
	if err == nil || !strings.Contains(err.Error(), "cannot convert Object") {
		t.Fatalf("got %v, want a conversion error", err)
	}
}

func TestToAttributeValue(t *testing.T) {
	t.Parallel()
	av, err := ToAttributeValue(map[string]any{"b": 1, "a": []any{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := value.ToJSON(av), `{"M":{"a":{"L":[{"S":"x"}]},"b":{"N":1}}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
