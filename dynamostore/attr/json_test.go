package attr

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`{"S":"x"}`, `{"S":"x"}`},
		{`{"S":""}`, `{"S":""}`},
		{`{"S":"quote \" back \\ nl \n tab \t ctl \u0001 é 😀"}`, `{"S":"quote \" back \\ nl \n tab \t ctl \u0001 é 😀"}`},
		{`{"N":"1.50"}`, `{"N":"1.5"}`},
		{`{"N":"0100"}`, `{"N":"100"}`},
		{`{"N":"1E+2"}`, `{"N":"100"}`},
		{`{"B":"AQID"}`, `{"B":"AQID"}`},
		{`{"B":""}`, `{"B":""}`},
		{`{"BOOL":true}`, `{"BOOL":true}`},
		{`{"BOOL":false}`, `{"BOOL":false}`},
		{`{"NULL":true}`, `{"NULL":true}`},
		{`{"M":{}}`, `{"M":{}}`},
		{`{"M":{"b":{"N":"2"},"a":{"S":"1"}}}`, `{"M":{"a":{"S":"1"},"b":{"N":"2"}}}`},
		{`{"L":[]}`, `{"L":[]}`},
		{`{"L":[{"S":"a"},{"L":[{"NULL":true}]}]}`, `{"L":[{"S":"a"},{"L":[{"NULL":true}]}]}`},
		{`{"SS":["b","a"]}`, `{"SS":["b","a"]}`},
		{`{"NS":["1.0","02"]}`, `{"NS":["1","2"]}`},
		{`{"BS":["AQ==","Ag=="]}`, `{"BS":["AQ==","Ag=="]}`},
		{`{"S":"x","Z":1}`, `{"S":"x"}`},
		{`{"S":"x","N":null}`, `{"S":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var v Value
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			got, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("round trip of %s = %s, want %s", tt.in, got, tt.want)
			}
			var again Value
			if err := json.Unmarshal(got, &again); err != nil || !Equal(v, again) {
				t.Errorf("re-decode of %s: %v, equal %v", got, err, Equal(v, again))
			}
		})
	}
}

func TestJSONErrors(t *testing.T) {
	t.Parallel()
	const invalid = "One or more parameter values were invalid: "
	tests := []struct {
		in, want string
		serial   bool
	}{
		{`{}`, MsgEmptyValue, false},
		{`{"Z":{"S":"x"}}`, MsgEmptyValue, false},
		{`{"S":null}`, MsgEmptyValue, false},
		{`{"S":"a","N":"1"}`, MsgMultipleTypes, false},
		{`{"S":"","N":""}`, MsgNotNumeric, false},
		{`{"S":"a","N":"b"}`, MsgNotNumeric + ": b", false},
		{`{"N":"123456789012345678901234567890123456789"}`, MsgTooManyDigits, false},
		{`{"N":"1e126"}`, MsgOverflow, false},
		{`{"N":"-1e-131"}`, MsgUnderflow, false},
		{`{"NULL":false}`, invalid + "Null attribute value types must have the value of true", false},
		{`{"SS":[]}`, invalid + "An string set  may not be empty", false},
		{`{"NS":[]}`, invalid + "An number set  may not be empty", false},
		{`{"BS":[]}`, invalid + "Binary sets should not be empty", false},
		{`{"SS":["a","a"]}`, invalid + "Input collection [a, a] contains duplicates.", false},
		{`{"NS":["1","1.0"]}`, "Input collection contains duplicates", false},
		{`{"NS":["1",""]}`, MsgNotNumeric, false},
		{`{"NS":["1","b"]}`, MsgNotNumeric + ": b", false},
		{`{"BS":["Yg==","Yg=="]}`, invalid + "Input collection [Yg==, Yg==]of type BS contains duplicates.", false},
		{`{"M":{"a":{"SS":[]}}}`, invalid + "An string set  may not be empty", false},
		{`{"L":[{"NULL":false}]}`, invalid + "Null attribute value types must have the value of true", false},
		{`{"L":[{}]}`, MsgEmptyValue, false},
		// Shape errors are SerializationExceptions.
		{`"x"`, "Unexpected value type in payload", true},
		{`[]`, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue", true},
		{`{"S":1}`, "NUMBER_VALUE cannot be converted to String", true},
		{`{"S":1.5}`, "DECIMAL_VALUE cannot be converted to String", true},
		{`{"S":true}`, "TRUE_VALUE cannot be converted to String", true},
		{`{"N":{}}`, "Start of structure or map found where not expected", true},
		{`{"S":["a"]}`, "Unrecognized collection type class java.lang.String", true},
		{`{"B":1}`, "only base-64-encoded strings are convertible to bytes", true},
		{`{"B":"abc"}`, "Base64 encoded length is expected a multiple of 4 bytes but found: 3", true},
		{`{"B":"a!c="}`, "Invalid last non-pad Base64 character dectected", true},
		{`{"BOOL":1}`, "NUMBER_VALUE cannot be converted to Boolean", true},
		{`{"BOOL":"maybe"}`, "Unexpected token received from parser", true},
		{`{"SS":"a"}`, "Unexpected field type", true},
		{`{"SS":{}}`, "Start of structure or map found where not expected", true},
		{`{"L":["a"]}`, "Unexpected value type in payload", true},
		{`{"M":[]}`, "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>", true},
		{`{"M":"x"}`, "Unexpected field type", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var v Value
			err := json.Unmarshal([]byte(tt.in), &v)
			if tt.serial {
				var se *SerializationError
				if !errors.As(err, &se) || se.Msg != tt.want {
					t.Errorf("Unmarshal(%s) error = %T %v, want SerializationException %q", tt.in, err, err, tt.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Msg != tt.want {
				t.Errorf("Unmarshal(%s) error = %T %v, want %q", tt.in, err, err, tt.want)
			}
		})
	}
}

func TestItemJSON(t *testing.T) {
	t.Parallel()
	var it Item
	if err := json.Unmarshal([]byte(`{"pk":{"S":"a"},"n":{"N":"007"},"m":{"M":{"x":{"BOOL":true}}}}`), &it); err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(it)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"m":{"M":{"x":{"BOOL":true}}},"n":{"N":"7"},"pk":{"S":"a"}}`; string(got) != want {
		t.Errorf("Item round trip = %s, want %s", got, want)
	}
	// Nested in a request struct.
	var req struct {
		Item Item
		Key  map[string]Value
	}
	if err := json.Unmarshal([]byte(`{"Item":{"a":{"SS":[]}}}`), &req); err == nil || err.Error() != MsgEmptySS {
		t.Errorf("nested Item error = %v", err)
	}
	if err := json.Unmarshal([]byte(`{"Key":{"a":{"N":"x"}}}`), &req); err == nil || err.Error() != MsgNotNumeric+": x" {
		t.Errorf("nested Key error = %v", err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Value
		want string
	}{
		{S(""), ""},
		{SS([]string{"a", "b"}), ""},
		{SS(nil), MsgEmptySS},
		{SS([]string{"a", "a"}), "One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
		{BS([][]byte{{1}, {1}}), "One or more parameter values were invalid: Input collection [AQ==, AQ==]of type BS contains duplicates."},
		{M(map[string]Value{"x": L([]Value{SS(nil)})}), MsgEmptySS},
		{Value{}, MsgEmptyValue},
	}
	for _, tt := range tests {
		err := tt.v.Validate()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Validate(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
