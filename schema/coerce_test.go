package schema

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// testSDL is a schema touching every input kind.
const testSDL = `
enum Color { RED GREEN }

input Point { x: Int! y: Int = 7 label: String }

input Shape {
  name: String!
  color: Color = RED
  points: [Point!]
  meta: AWSJSON
  created: AWSDateTime
  nested: Shape
}

type Query {
  shape(s: Shape): String
}
`

// mustLoad loads sdl as one file named "test.graphql", failing tb on error.
func mustLoad(tb testing.TB, sdl string) *ast.Schema {
	tb.Helper()
	s, err := Load(Source{Name: "test.graphql", Input: sdl})
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return s
}

// typ parses a GraphQL type reference such as "[Int!]!".
func typ(tb testing.TB, ref string) *ast.Type {
	tb.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: "query($v: " + ref + ") { x }"})
	if err != nil {
		tb.Fatalf("parse type %q: %v", ref, err)
	}
	return doc.Operations[0].VariableDefinitions[0].Type
}

func TestCoerceInput(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, testSDL)
	tests := []struct {
		name string
		typ  string
		in   any
		want any
	}{
		{"null", "Int", nil, nil},
		{"int64", "Int", int64(42), int64(42)},
		{"int", "Int", 42, int64(42)},
		{"negative", "Int", int64(-2147483648), int64(-2147483648)},
		{"whole float", "Int", float64(42), int64(42)},
		{"json int", "Int", json.Number("42"), int64(42)},
		{"json whole float", "Int", json.Number("42.0"), int64(42)},
		{"float", "Float", 1.5, 1.5},
		{"float from int", "Float", int64(3), float64(3)},
		{"float from json", "Float", json.Number("2.5e3"), float64(2500)},
		{"string", "String", "hé", "hé"},
		{"boolean", "Boolean", true, true},
		{"id string", "ID", "abc", "abc"},
		{"id int", "ID", int64(4), "4"},
		{"id whole float", "ID", float64(4), "4"},
		{"id json", "ID", json.Number("12345678901234567890"), "12345678901234567890"},
		{"enum", "Color", "GREEN", "GREEN"},
		{"list", "[Int]", []any{int64(1), nil, int64(3)}, []any{int64(1), nil, int64(3)}},
		{"single value to list", "[Int]", int64(1), []any{int64(1)}},
		{"single value to nested list", "[[Int]]", int64(1), []any{[]any{int64(1)}}},
		{"flat list to nested list", "[[Int]]", []any{int64(1), int64(2)}, []any{[]any{int64(1)}, []any{int64(2)}}},
		{"typed slice", "[String]", []string{"a", "b"}, []any{"a", "b"}},
		{"empty list", "[Int!]!", []any{}, []any{}},
		{"timestamp", "AWSTimestamp", int64(1592331111), int64(1592331111)},
		{"negative timestamp", "AWSTimestamp", int64(-86400), int64(-86400)},
		{"timestamp beyond int32", "AWSTimestamp", json.Number("99999999999"), int64(99999999999)},
		{"timestamp whole float", "AWSTimestamp", float64(1592331111), int64(1592331111)},
		{"json object", "AWSJSON", `{"upvotes": 10, "tags": ["a"], "r": 1.5}`,
			map[string]any{"upvotes": int64(10), "tags": []any{"a"}, "r": 1.5}},
		{"json list", "AWSJSON", `[1,2,3]`, []any{int64(1), int64(2), int64(3)}},
		{"json string", "AWSJSON", `"AWSJSON example string"`, "AWSJSON example string"},
		{"json number", "AWSJSON", `1`, int64(1)},
		{"json true", "AWSJSON", ` true `, true},
		{"json null", "AWSJSON", `null`, nil},
		{"date", "AWSDate", "1970-01-01+05:30", "1970-01-01+05:30"},
		{"datetime unchanged", "AWSDateTime", "2020-01-01T00:00+02:00", "2020-01-01T00:00+02:00"},
		{"custom scalar unchanged", "Custom", map[string]any{"a": int64(1)}, map[string]any{"a": int64(1)}},
		{"input object with defaults", "Shape", map[string]any{
			"name":    "tri",
			"points":  []any{map[string]any{"x": int64(1)}, map[string]any{"x": json.Number("2"), "y": nil}},
			"meta":    `{"k":"v"}`,
			"created": "2020-01-01T00:00Z",
			"nested":  map[string]any{"name": "inner"},
		}, map[string]any{
			"name":    "tri",
			"color":   "RED",
			"points":  []any{map[string]any{"x": int64(1), "y": int64(7)}, map[string]any{"x": int64(2), "y": nil}},
			"meta":    map[string]any{"k": "v"},
			"created": "2020-01-01T00:00Z",
			"nested":  map[string]any{"name": "inner", "color": "RED"},
		}},
		{"single object to list", "[Point]", map[string]any{"x": int64(1)}, []any{map[string]any{"x": int64(1), "y": int64(7)}}},
	}
	s.Types["Custom"] = &ast.Definition{Kind: ast.Scalar, Name: "Custom"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := CoerceInput(s, typ(t, tc.typ), tc.in)
			if err != nil {
				t.Fatalf("CoerceInput(%s, %#v): %v", tc.typ, tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CoerceInput(%s, %#v) = %#v, want %#v", tc.typ, tc.in, got, tc.want)
			}
		})
	}
}

func TestCoerceInputDoesNotModify(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, testSDL)
	in := map[string]any{"name": "x", "points": []any{map[string]any{"x": json.Number("1")}}}
	if _, err := CoerceInput(s, typ(t, "Shape"), in); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"name": "x", "points": []any{map[string]any{"x": json.Number("1")}}}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("input changed to %#v", in)
	}
}

func TestCoerceInputErrors(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, testSDL)
	tests := []struct {
		name     string
		typ      string
		in       any
		msg      string   // Error()
		variable string   // VariableMessage("v")
		path     ast.Path // CoercionError.Path
		errType  string   // CoercionError.Type
	}{
		{"null for non-null", "ID!", nil,
			"Coerced Null value for NonNull type 'ID!'",
			"Variable 'v' has coerced Null value for NonNull type 'ID!'", nil, "ID!"},
		{"int from string", "Int", "42",
			"Expected type 'Int' but was 'String'.",
			"Variable 'v' has an invalid value. Expected type 'Int' but was 'String'.", nil, "Int"},
		{"int beyond 32 bits", "Int", int64(3000000000),
			"Expected type 'Int' but was 'Long'.", // as AppSync says (amplify-cli#4572)
			"Variable 'v' has an invalid value. Expected type 'Int' but was 'Long'.", nil, "Int"},
		{"int from fraction", "Int", 1.5,
			"Expected type 'Int' but was 'Double'.", "", nil, "Int"},
		{"int from bool", "Int", true,
			"Expected type 'Int' but was 'Boolean'.", "", nil, "Int"},
		{"float from string", "Float", "1.5",
			"Expected type 'Float' but was 'String'.", "", nil, "Float"},
		{"string from int", "String", int64(5),
			"Expected type 'String' but was 'Integer'.", "", nil, "String"},
		{"string from map", "String", map[string]any{"a": int64(1)},
			"Expected type 'String' but was 'LinkedHashMap'.", "", nil, "String"},
		{"boolean from string", "Boolean", "true",
			"Expected type 'Boolean' but was 'String'.", "", nil, "Boolean"},
		{"id from fraction", "ID", 1.5,
			"Expected type 'ID' but was 'Double'.", "", nil, "ID"},
		{"id from list", "ID", []any{"a"},
			"Expected type 'ID' but was 'ArrayList'.", "", nil, "ID"},
		{"enum unknown", "Color", "PURPLE",
			"Invalid input for Enum 'Color'. No value found for name 'PURPLE'",
			"Variable 'v' has an invalid value. Invalid input for Enum 'Color'. No value found for name 'PURPLE'", nil, "Color"},
		{"enum wrong case", "Color", "red",
			"Invalid input for Enum 'Color'. No value found for name 'red'", "", nil, "Color"},
		{"enum from int", "Color", int64(1),
			"Invalid input for Enum 'Color'. No value found for name '1'", "", nil, "Color"},
		{"null list item", "[Int!]", []any{int64(1), nil},
			"Coerced Null value for NonNull type 'Int!'", "", ast.Path{ast.PathIndex(1)}, "Int!"},
		{"bad list item", "[Int]", []any{int64(1), "b", true},
			"Expected type 'Int' but was 'String'.", "", ast.Path{ast.PathIndex(1)}, "Int"},
		{"object from string", "Point", "1,2",
			"Expected type 'Map' but was 'String'. Variables for input objects must be an instance of type 'Map'.", "", nil, "Point"},
		{"missing field", "Shape", map[string]any{},
			"Field 'name' has coerced Null value for NonNull type 'String!'",
			"Field 'name' of variable 'v' has coerced Null value for NonNull type 'String!'",
			ast.Path{ast.PathName("name")}, "String!"},
		{"null field", "Point", map[string]any{"x": nil},
			"Field 'x' has coerced Null value for NonNull type 'Int!'",
			"Field 'x' of variable 'v' has coerced Null value for NonNull type 'Int!'",
			ast.Path{ast.PathName("x")}, "Int!"},
		{"unknown field", "Point", map[string]any{"x": int64(1), "z": int64(2)},
			"The variables input contains a field name 'z' that is not defined for input object type 'Point'",
			"The variables input contains a field name 'z' that is not defined for input object type 'Point'",
			ast.Path{ast.PathName("z")}, "Point"},
		{"nested bad scalar", "Shape", map[string]any{"name": "a", "nested": map[string]any{"name": "b", "created": "2020-01-01"}},
			"Unable to parse `2020-01-01` as a valid DateTime Object.",
			"Variable 'created' has an invalid value. Unable to parse `2020-01-01` as a valid DateTime Object.", // innermost field, as AppSync
			ast.Path{ast.PathName("nested"), ast.PathName("created")}, "AWSDateTime"},
		{"nested list path", "Shape", map[string]any{"name": "a", "points": []any{map[string]any{"x": int64(1)}, map[string]any{"x": "2"}}},
			"Expected type 'Int' but was 'String'.",
			"Variable 'x' has an invalid value. Expected type 'Int' but was 'String'.",
			ast.Path{ast.PathName("points"), ast.PathIndex(1), ast.PathName("x")}, "Int"},

		// AWS scalars.
		{"datetime without offset", "AWSDateTime", "2026-05-06T00:00:00.000",
			"Unable to parse `2026-05-06T00:00:00.000` as a valid DateTime Object.",
			"Variable 'v' has an invalid value. Unable to parse `2026-05-06T00:00:00.000` as a valid DateTime Object.", nil, "AWSDateTime"},
		{"datetime from map", "AWSDateTime", map[string]any{"offsetDateTime": map[string]any{"offset": int64(0)}},
			"Unable to parse `{offsetDateTime={offset=0}}` as a valid DateTime Object.", "", nil, "AWSDateTime"},
		{"date", "AWSDate", "2019-12-24T04:15:57.798Z",
			"Unable to parse `2019-12-24T04:15:57.798Z` as a valid date.", "", nil, "AWSDate"},
		{"date from int", "AWSDate", int64(20200101),
			"Unable to parse `20200101` as a valid date.", "", nil, "AWSDate"},
		{"time", "AWSTime", "25:00",
			"Unable to parse `25:00` as a valid time.", "", nil, "AWSTime"},
		{"phone", "AWSPhone", "+12312",
			"Unable to parse `+12312` as a valid phone number.",
			"Variable 'v' has an invalid value. Unable to parse `+12312` as a valid phone number.", nil, "AWSPhone"},
		{"email", "AWSEmail", "not-an-email",
			"Unable to parse `not-an-email` as a valid email address.", "", nil, "AWSEmail"},
		{"url", "AWSURL", "www.amazon.com",
			"Unable to parse `www.amazon.com` as a valid URL.", "", nil, "AWSURL"},
		{"ip", "AWSIPAddress", "1.2.3.4/33",
			"Unable to parse `1.2.3.4/33` as a valid IP address.", "", nil, "AWSIPAddress"},
		{"timestamp from double", "AWSTimestamp", json.Number("1.6841268E12"), // rejected by AppSync (amplify-android#2453)
			"Unable to parse `1.6841268E12` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description.", "", nil, "AWSTimestamp"},
		{"timestamp from fraction", "AWSTimestamp", 1.5,
			"Unable to parse `1.5` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description.", "", nil, "AWSTimestamp"},
		{"timestamp from string", "AWSTimestamp", "1592331111",
			"Unable to parse `1592331111` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description.", "", nil, "AWSTimestamp"},
		{"timestamp beyond 64 bits", "AWSTimestamp", json.Number("9223372036854775808"),
			"Unable to parse `9223372036854775808` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description.", "", nil, "AWSTimestamp"},
		{"json unquoted", "AWSJSON", "Unquoted string",
			"Unable to parse Unquoted string as valid JSON.", "", nil, "AWSJSON"},
		{"json single quotes", "AWSJSON", "{'a': 1}",
			"Unable to parse {'a': 1} as valid JSON.", "", nil, "AWSJSON"},
		{"json unquoted key", "AWSJSON", "{a: 1}",
			"Unable to parse {a: 1} as valid JSON.", "", nil, "AWSJSON"},
		{"json trailing data", "AWSJSON", `{"a":1} {}`,
			"Unable to parse {\"a\":1} {} as valid JSON.", "", nil, "AWSJSON"},
		{"json empty", "AWSJSON", "",
			"Unable to parse  as valid JSON.", "", nil, "AWSJSON"},
		{"json object not string", "AWSJSON", map[string]any{"upvotes": int64(10)},
			"Unable to parse {upvotes=10} as valid JSON.", "", nil, "AWSJSON"},
		{"unknown type", "Nope", "x", "Unknown type 'Nope'", "", nil, "Nope"},
		{"output type", "Query", map[string]any{}, "Type 'Query' is not an input type", "", nil, "Query"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := CoerceInput(s, typ(t, tc.typ), tc.in)
			if err == nil {
				t.Fatalf("CoerceInput(%s, %#v) = %#v, want an error", tc.typ, tc.in, got)
			}
			var ce *CoercionError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T, want *CoercionError", err)
			}
			if ce.Error() != tc.msg {
				t.Errorf("Error()\n got %s\nwant %s", ce.Error(), tc.msg)
			}
			if tc.variable != "" && ce.VariableMessage("v") != tc.variable {
				t.Errorf("VariableMessage\n got %s\nwant %s", ce.VariableMessage("v"), tc.variable)
			}
			if len(ce.Path) != 0 || len(tc.path) != 0 {
				if !reflect.DeepEqual(ce.Path, tc.path) {
					t.Errorf("Path = %v, want %v", ce.Path, tc.path)
				}
			}
			if ce.Type != tc.errType {
				t.Errorf("Type = %q, want %q", ce.Type, tc.errType)
			}
		})
	}
}

// TestCoerceInputLiterals drives coercion from query literals, as the executor
// does with ast.Value.Value.
func TestCoerceInputLiterals(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, testSDL)
	doc, err := parser.ParseQuery(&ast.Source{Input: `{ shape(s: {name: "n", color: GREEN, meta: """{"a": [1, 2.5]}""", points: {x: 3}}) }`})
	if err != nil {
		t.Fatal(err)
	}
	arg := doc.Operations[0].SelectionSet[0].(*ast.Field).Arguments[0]
	raw, err := arg.Value.Value(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CoerceInput(s, typ(t, "Shape"), raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"name":   "n",
		"color":  "GREEN",
		"meta":   map[string]any{"a": []any{int64(1), 2.5}},
		"points": []any{map[string]any{"x": int64(3), "y": int64(7)}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestCoerceInputNeedsType(t *testing.T) {
	t.Parallel()
	if _, err := CoerceInput(nil, nil, "x"); err == nil {
		t.Error("CoerceInput with a nil type succeeded")
	}
	if _, err := CoerceInput(nil, typ(t, "String"), "x"); err == nil {
		t.Error("CoerceInput with a nil schema succeeded")
	}
}
