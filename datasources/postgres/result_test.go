package postgres

import (
	"encoding/json"
	"testing"
)

func TestParseArray(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		k    kind
		want string
	}{
		{`{1,2,NULL}`, kindLong, `{"longValues":[1,2,null]}`},
		{`{}`, kindLong, `{}`},
		{`{{1,2},{3,4}}`, kindLong, `{"arrayValues":[{"longValues":[1,2]},{"longValues":[3,4]}]}`},
		{`[0:1]={5,6}`, kindLong, `{"longValues":[5,6]}`},
		{`{"a b","c\"d","e\\f",NULL,"NULL"}`, kindString, `{"stringValues":["a b","c\"d","e\\f",null,"NULL"]}`},
		{`{t,f}`, kindBool, `{"booleanValues":[true,false]}`},
		{`{1.5,NaN,NULL}`, kindDouble, `{"stringValues":["1.5","NaN",null]}`},
		{`{"2024-01-02 03:04:05.5+01"}`, kindTimestampTZ, `{"stringValues":["2024-01-02 02:04:05.5"]}`},
	}
	for _, c := range cases {
		a, err := parseArray(c.in, c.k)
		if err != nil {
			t.Errorf("parseArray(%q): %v", c.in, err)
			continue
		}
		b, _ := json.Marshal(a)
		if string(b) != c.want {
			t.Errorf("parseArray(%q) = %s, want %s", c.in, b, c.want)
		}
	}
	for _, bad := range []string{``, `{`, `{1,`, `{"x`, `{1}x`, `{x}`} {
		if _, err := parseArray(bad, kindLong); err == nil {
			t.Errorf("parseArray(%q): no error", bad)
		}
	}
}

// FuzzParseArray checks that any text gives a value or an error, never a
// panic.
func FuzzParseArray(f *testing.F) {
	for _, s := range []string{`{1,2}`, `{{"a"},{NULL}}`, `[1:2]={x,y}`, `{"\\"}`, `{`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []kind{kindLong, kindDouble, kindBool, kindString, kindTimestampTZ} {
			parseArray(s, k) //nolint:errcheck // only panics matter
		}
	})
}
