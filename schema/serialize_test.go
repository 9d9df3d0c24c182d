package schema

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestSerialize(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, testSDL)
	tests := []struct {
		name string
		typ  string
		in   any
		want any
	}{
		{"null", "Int", nil, nil},
		{"null enum", "Color", nil, nil},
		{"int", "Int", 42, int64(42)},
		{"int64", "Int", int64(-7), int64(-7)},
		{"int from whole float", "Int", float64(42), int64(42)},
		{"int from json", "Int", json.Number("42"), int64(42)},
		{"int from json float", "Int", json.Number("4.2e1"), int64(42)},
		{"int from string", "Int", "42", int64(42)}, // graphql-java coerces numeric strings on output
		{"int from decimal string", "Int", "42.0", int64(42)},
		{"int max", "Int", int64(math.MaxInt32), int64(math.MaxInt32)},
		{"float", "Float", 1.5, 1.5},
		{"float from int", "Float", int64(2), float64(2)},
		{"float from json", "Float", json.Number("1e3"), float64(1000)},
		{"float from string", "Float", "3.25", 3.25},
		{"float from point string", "Float", ".5", 0.5},
		{"string", "String", "x", "x"},
		{"string from int", "String", int64(42), "42"},
		{"string from whole float", "String", float64(42), "42"},
		{"string from float", "String", 1.5, "1.5"},
		{"string from whole large float", "String", 1.6841268e12, "1684126800000"}, // a JSON integer decoded without UseNumber
		{"string from json double", "String", json.Number("1.6841268E12"), "1.6841268E12"},
		{"string from tiny float", "String", 1.5e-7, "1.5E-7"},
		{"string from huge float", "String", 1e300, "1.0E300"},
		{"string from json number", "String", json.Number("4.20"), "4.2"},
		{"string from bool", "String", true, "true"},
		{"string from map", "String", map[string]any{"b": int64(2), "a": "x"}, "{a=x, b=2}"},
		{"string from list", "String", []any{int64(1), "two", nil}, "[1, two, null]"},
		{"boolean", "Boolean", false, false},
		{"boolean from string", "Boolean", "TRUE", true},
		{"boolean from false string", "Boolean", "false", false},
		{"boolean from number", "Boolean", int64(2), true},
		{"boolean from zero", "Boolean", 0.0, false},
		{"id", "ID", "abc", "abc"},
		{"id from int", "ID", int64(12), "12"},
		{"id from whole float", "ID", float64(12), "12"},
		{"id from float", "ID", 1.5, "1.5"},
		{"id from json", "ID", json.Number("12345678901234567890"), "12345678901234567890"},
		{"enum", "Color", "RED", "RED"},
		{"timestamp", "AWSTimestamp", int64(1592331111), int64(1592331111)},
		{"timestamp negative", "AWSTimestamp", -1, int64(-1)},
		{"timestamp whole float", "AWSTimestamp", float64(1592331111), int64(1592331111)},
		{"timestamp from string", "AWSTimestamp", "1592331111", int64(1592331111)},
		{"json map", "AWSJSON", map[string]any{"a": int64(1), "b": []any{"<x>", true}}, `{"a":1,"b":["<x>",true]}`},
		{"json list", "AWSJSON", []any{int64(1), 2.5}, `[1,2.5]`},
		{"json number", "AWSJSON", int64(1), `1`},
		{"json bool", "AWSJSON", true, `true`},
		{"json text stays", "AWSJSON", `{"a": 1}`, `{"a": 1}`},
		{"json string text stays", "AWSJSON", `"quoted"`, `"quoted"`},
		{"json plain string encoded", "AWSJSON", "hello", `"hello"`},
		{"date", "AWSDate", "1970-01-01-07:00", "1970-01-01-07:00"},
		{"time", "AWSTime", "12:30", "12:30"},
		{"datetime not moved to UTC", "AWSDateTime", "2020-01-01T10:00:00.5+05:30", "2020-01-01T10:00:00.5+05:30"},
		{"email", "AWSEmail", "a@b.c", "a@b.c"},
		{"url", "AWSURL", "mailto:a@b.c", "mailto:a@b.c"},
		{"phone", "AWSPhone", "555-123-4567", "555-123-4567"},
		{"ip", "AWSIPAddress", "10.0.0.0/8", "10.0.0.0/8"},
		{"custom", "Custom", []any{"as", "is"}, []any{"as", "is"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Serialize(s, tc.typ, tc.in)
			if err != nil {
				t.Fatalf("Serialize(%s, %#v): %v", tc.typ, tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Serialize(%s, %#v) = %#v, want %#v", tc.typ, tc.in, got, tc.want)
			}
		})
	}
}

func TestSerializeErrors(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, testSDL)
	tests := []struct {
		name string
		typ  string
		in   any
		msg  string
	}{
		{"int from fraction", "Int", 1.5, "Expected type 'Int' but was 'Double'."},
		{"int beyond 32 bits", "Int", int64(1) << 40, "Expected type 'Int' but was 'Long'."},
		{"int from word", "Int", "forty", "Expected type 'Int' but was 'String'."},
		{"int from spaced string", "Int", " 42", "Expected type 'Int' but was 'String'."},
		{"int from bool", "Int", true, "Expected type 'Int' but was 'Boolean'."},
		{"int from huge exponent", "Int", "1e999999999", "Expected type 'Int' but was 'String'."},
		{"float from bool", "Float", false, "Expected type 'Float' but was 'Boolean'."},
		{"float from word", "Float", "NaN", "Expected type 'Float' but was 'String'."},
		{"float from hex", "Float", "0x10", "Expected type 'Float' but was 'String'."},
		{"float infinite", "Float", math.Inf(1), "Expected type 'Float' but was 'Double'."},
		{"float from map", "Float", map[string]any{}, "Expected type 'Float' but was 'LinkedHashMap'."},
		{"boolean from word", "Boolean", "yes", "Expected type 'Boolean' but was 'String'."},
		{"boolean from list", "Boolean", []any{}, "Expected type 'Boolean' but was 'ArrayList'."},
		{"id from map", "ID", map[string]any{"a": int64(1)}, "Expected type 'ID' but was 'LinkedHashMap'."},
		{"enum unknown", "Color", "BLUE", "Invalid input for Enum 'Color'. Unknown value 'BLUE'"},
		{"enum from int", "Color", int64(0), "Invalid input for Enum 'Color'. Unknown value '0'"},
		{"not a leaf", "Shape", map[string]any{}, "Type 'Shape' is not a leaf type"},
		{"timestamp from date text", "AWSTimestamp", "2019-12-19 16:59:09.966", // as AppSync (amplify-category-api#354)
			"Unable to serialize `2019-12-19 16:59:09.966` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description."},
		{"timestamp from fraction", "AWSTimestamp", 1.25,
			"Unable to serialize `1.25` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description."},
		{"json unencodable", "AWSJSON", math.NaN(), "Unable to serialize NaN as valid JSON."},
		{"datetime", "AWSDateTime", "2020-05-23T06:4:37.000Z", // as AppSync (amplify-js#5963)
			"Unable to serialize `2020-05-23T06:4:37.000Z` as a valid DateTime Object."},
		{"datetime from number", "AWSDateTime", int64(0), "Unable to serialize `0` as a valid DateTime Object."},
		{"date", "AWSDate", "2021-09-09 00:00:00", "Unable to serialize `2021-09-09 00:00:00` as a valid date."},
		{"time", "AWSTime", "noon", "Unable to serialize `noon` as a valid time."},
		{"phone", "AWSPhone", "+614839", "Unable to serialize `+614839` as a valid phone number."}, // wording as AppSync (aws-appsync-community#289)
		{"email", "AWSEmail", "a", "Unable to serialize `a` as a valid email address."},
		{"url", "AWSURL", "a//b", "Unable to serialize `a//b` as a valid URL."},
		{"ip", "AWSIPAddress", "::ffff:1.2.3.4%x", "Unable to serialize `::ffff:1.2.3.4%x` as a valid IP address."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Serialize(s, tc.typ, tc.in)
			if err == nil {
				t.Fatalf("Serialize(%s, %#v) = %#v, want an error", tc.typ, tc.in, got)
			}
			var se *SerializeError
			if !errors.As(err, &se) {
				t.Fatalf("error %T, want *SerializeError", err)
			}
			if se.Error() != tc.msg {
				t.Errorf("Error()\n got %s\nwant %s", se.Error(), tc.msg)
			}
			if se.Type != tc.typ {
				t.Errorf("Type = %q, want %q", se.Type, tc.typ)
			}
		})
	}
}

// TestInputOutputAgree checks that the string AWS scalars accept the same
// values on input and output, returning them unchanged.
func TestInputOutputAgree(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, "type Query { x: Int }")
	for name, cases := range scalarRules {
		for _, tc := range cases {
			in, inErr := CoerceInput(s, typ(t, name), tc.in)
			out, outErr := Serialize(s, name, tc.in)
			if tc.valid && (inErr != nil || in != tc.in || outErr != nil || out != tc.in) {
				t.Errorf("%s %q: input %v, %v; output %v, %v; want it unchanged", name, tc.in, in, inErr, out, outErr)
			}
			if !tc.valid && (inErr == nil || outErr == nil) {
				t.Errorf("%s %q: input error %v, output error %v; want both", name, tc.in, inErr, outErr)
			}
		}
	}
}
