package schema

import (
	"encoding/json"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// FuzzAWSScalars feeds strings and numbers to CoerceInput and Serialize for
// every AWS scalar. Neither may panic; a string accepted as input must come
// back unchanged and serialize unchanged; a parsed AWSJSON value must
// serialize to valid JSON text.
func FuzzAWSScalars(f *testing.F) {
	for _, cases := range scalarRules {
		for _, tc := range cases {
			f.Add(tc.in, int64(0), 0.0)
		}
	}
	for _, seed := range []string{`{"a":[1,2.5,"x",null,true]}`, `1e400`, `"\u00e9"`, `[]`, "1592331111", "-1", "1.6841268E12"} {
		f.Add(seed, int64(-1), 1.5)
	}
	f.Add("", int64(9223372036854775807), 1e300)
	s, err := Load(Source{Name: "fuzz.graphql", Input: "type Query { x: Int }"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, str string, i int64, fl float64) {
		for _, name := range awsScalars {
			typ := ast.NamedType(name, nil)
			for _, v := range []any{str, i, fl, json.Number(str), []any{str, i}, map[string]any{str: fl}} {
				_, _ = CoerceInput(s, typ, v)
				_, _ = Serialize(s, name, v)
			}
			in, err := CoerceInput(s, typ, str)
			if err != nil {
				continue
			}
			out, err := Serialize(s, name, in)
			switch {
			case name == AWSJSON:
				text, ok := out.(string)
				if err != nil || !ok || !json.Valid([]byte(text)) {
					t.Errorf("AWSJSON %q parsed to %#v serializes to %#v, %v", str, in, out, err)
				}
			case stringScalars[name].valid != nil:
				if in != str || err != nil || out != str {
					t.Errorf("%s %q: input %#v, output %#v, %v", name, str, in, out, err)
				}
			}
		}
	})
}
