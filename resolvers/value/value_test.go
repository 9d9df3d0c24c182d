package value

import (
	"fmt"
	"testing"
)

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"b":1,"a":[1.5,2.0,"x<&>",null,true],"c":{"z":1e21}}`: `{"b":1,"a":[1.5,2.0,"x<&>",null,true],"c":{"z":1.0E21}}`,
		`"a\"b\\c\n\u0001é"`:   `"a\"b\\c\n\u0001é"`,
		`12345678901234567890`: `1.2345678901234567E19`,
		`-0.0001`:              `-1.0E-4`,
		`[]`:                   `[]`,
	} {
		v, err := FromJSON([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := ToJSON(v); got != want {
			t.Errorf("%s: got %s want %s", in, got, want)
		}
	}
	if _, err := FromJSON([]byte(`{} x`)); err == nil {
		t.Error("trailing data accepted")
	}
}

func TestMapOrderAndString(t *testing.T) {
	t.Parallel()
	m := NewMap()
	m.Put("b", int64(1))
	m.Put("a", NewList("x", 2.5))
	m.Put("b", int64(3))
	if got := String(m); got != "{b=3, a=[x, 2.5]}" {
		t.Errorf("String = %s", got)
	}
	m.Remove("b")
	if got := ToJSON(m); got != `{"a":["x",2.5]}` {
		t.Errorf("after remove: %s", got)
	}
	if TypeOf(m) != "Map" || TypeOf(int64(1)) != "Number" || TypeOf(nil) != "Null" || TypeOf(NewList()) != "List" {
		t.Error("TypeOf")
	}
}

func TestStringer(t *testing.T) {
	t.Parallel()
	m := NewMap()
	m.Put("z", NewList(int64(1), 2.0))
	m.Put("a", "x")
	if got := fmt.Sprint(m); got != "{z=[1, 2.0], a=x}" {
		t.Errorf("Sprint = %s", got)
	}
}
