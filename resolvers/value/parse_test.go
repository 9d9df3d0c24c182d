package value

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// slowFromJSON is FromJSON without its fast path: encoding/json's tokens.
func slowFromJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

var parseSeeds = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5`, `-12e3`, `1E+2`, `123456789012345678`, `9223372036854775807`,
	`9223372036854775808`, `-9223372036854775808`, `1e400`, `true`, `false`, `null`,
	` {"a": [1, 2.0, "x\u00e9\n", {"b": null}], "a": false} `, `{"k":"\ud83d\ude00 \u0000"}`,
	"\"caf\xc3\xa9\"", "\"bad \xff byte\"", `{"a":1,}`, `[1 2]`, `01`, `1.`, `.5`, `-`, `"\x"`,
	"\"tab\tin\"", `{"a" 1}`, `[`, `{"a":1} x`, `nul`, `[1,]`, `{"":""}`, `"\/"`,
}

// FuzzFromJSON checks the fast path against encoding/json: the same values
// for every document both accept, and the fast path never accepts what
// encoding/json refuses.
func FuzzFromJSON(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, werr := slowFromJSON(data)
		got, ok := parseFast(data)
		if !ok {
			return // FromJSON takes the slow path: same result by construction
		}
		if werr != nil {
			t.Fatalf("fast path accepted %q, which encoding/json refuses: %v", data, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: fast %#v, slow %#v", data, got, want)
		}
	})
}

func TestFromJSONFastAndSlowAgree(t *testing.T) {
	for _, s := range parseSeeds {
		want, werr := slowFromJSON([]byte(s))
		got, gerr := FromJSON([]byte(s))
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%q: FromJSON error %v, encoding/json error %v", s, gerr, werr)
			continue
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%q: FromJSON %#v, encoding/json %#v", s, got, want)
		}
	}
	if _, ok := parseFast([]byte(strings.Repeat("[", maxParseDepth+1) + strings.Repeat("]", maxParseDepth+1))); ok {
		t.Error("the fast path accepted nesting past encoding/json's limit")
	}
}

// BenchmarkFromJSON parses a Data API result of 10 rows, what
// $util.rds.toJsonObject reads for a list query; "slow" is encoding/json's
// token path, the baseline.
func BenchmarkFromJSON(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"sqlStatementResults":[{"numberOfRecordsUpdated":0,"records":[`)
	for i := 0; i < 10; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`[{"stringValue":"3f1c2a4e-0d6b-4c9e-9d2a-5b7e8f9a0b1c"},{"stringValue":"A title with some words in it"},{"longValue":1234},{"doubleValue":1.5},{"isNull":true},{"booleanValue":true}]`)
	}
	sb.WriteString(`],"columnMetadata":[{"name":"id","label":"id","typeName":"uuid","type":1111},{"name":"title","label":"title","typeName":"text","type":12}]}]}`)
	data := []byte(sb.String())
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := FromJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("slow", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := slowFromJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
