package schema

import (
	"encoding/json"
	"fmt"
	"github.com/appsync-local/appsync-local/internal/javatext"
	"maps"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// AppSync runs on the JVM: its messages print values with Java's toString and
// name types by their Java class, as Jackson would have decoded the JSON. The
// helpers here render Go values the same way so messages match.

// javaString renders v as Java's String.valueOf would render the value Jackson
// decodes from the same JSON: maps as {k=v, k2=v2} (keys sorted, since Go maps
// have no order), lists as [a, b], doubles as Double.toString.
func javaString(v any) string {
	var b strings.Builder
	writeJava(&b, v)
	return b.String()
}

func writeJava(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(v)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case json.Number:
		if isIntegerText(string(v)) {
			b.WriteString(string(v))
		} else if f, err := strconv.ParseFloat(string(v), 64); err == nil {
			b.WriteString(javatext.Double(f))
		} else {
			b.WriteString(string(v))
		}
	case float64:
		b.WriteString(javaFloat(v))
	case float32:
		b.WriteString(javaFloat(float64(v)))
	case map[string]any:
		b.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(v)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteByte('=')
			writeJava(b, v[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJava(b, e)
		}
		b.WriteByte(']')
	case fmt.Stringer: // template values (ordered maps, lists) print Java-style
		b.WriteString(v.String())
	default:
		if i, ok := integer(v); ok {
			b.WriteString(i.String())
			return
		}
		if l, ok := asList(v); ok {
			writeJava(b, l)
			return
		}
		if m, ok := asMap(v); ok {
			writeJava(b, m)
			return
		}
		fmt.Fprint(b, v)
	}
}

// javaFloat renders a float64 as the Java value Jackson would hold: a whole
// number below 2^53 as an integer (JSON decoders without UseNumber turn JSON
// integers into float64), anything else as a Double.
func javaFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return strconv.FormatInt(int64(f), 10)
	}
	return javatext.Double(f)
}

// javaType names the Java class Jackson would decode v's JSON into, as
// graphql-java prints it in "Expected type 'Int' but was 'Long'." An integral
// float64 counts as an integer, because a JSON decoder without UseNumber turns
// every JSON number into a float64 while Jackson keeps integers integral.
func javaType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "String"
	case bool:
		return "Boolean"
	case map[string]any:
		return "LinkedHashMap"
	case []any:
		return "ArrayList"
	case float64, float32, json.Number:
		if i, ok := integer(v); ok {
			return javaIntegerType(i)
		}
		return "Double"
	}
	if i, ok := integer(v); ok {
		return javaIntegerType(i)
	}
	if _, ok := asList(v); ok {
		return "ArrayList"
	}
	if _, ok := asMap(v); ok {
		return "LinkedHashMap"
	}
	return fmt.Sprintf("%T", v)
}

func javaIntegerType(i *big.Int) string {
	switch {
	case i.IsInt64() && i.Int64() >= math.MinInt32 && i.Int64() <= math.MaxInt32:
		return "Integer"
	case i.IsInt64():
		return "Long"
	}
	return "BigInteger"
}

// integer returns v as an integer when it is one: any Go integer type, a whole
// finite float, or a json.Number whose value is whole ("42", "42.0", "4.2e1").
func integer(v any) (*big.Int, bool) {
	switch v := v.(type) {
	case int:
		return big.NewInt(int64(v)), true
	case int8:
		return big.NewInt(int64(v)), true
	case int16:
		return big.NewInt(int64(v)), true
	case int32:
		return big.NewInt(int64(v)), true
	case int64:
		return big.NewInt(v), true
	case uint:
		return new(big.Int).SetUint64(uint64(v)), true
	case uint8:
		return big.NewInt(int64(v)), true
	case uint16:
		return big.NewInt(int64(v)), true
	case uint32:
		return big.NewInt(int64(v)), true
	case uint64:
		return new(big.Int).SetUint64(v), true
	case float32:
		return wholeFloat(float64(v))
	case float64:
		return wholeFloat(v)
	case json.Number:
		if isIntegerText(string(v)) {
			return new(big.Int).SetString(string(v), 10)
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil, false
		}
		return wholeFloat(f)
	}
	return nil, false
}

func wholeFloat(f float64) (*big.Int, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) {
		return nil, false
	}
	i, _ := big.NewFloat(f).Int(nil)
	return i, true
}

// isIntegerText reports whether s is an optionally signed run of decimal digits.
func isIntegerText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// asList returns v as []any when it is a slice or array other than []byte.
func asList(v any) ([]any, bool) {
	if l, ok := v.([]any); ok {
		return l, true
	}
	rv := reflect.ValueOf(v)
	if (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) || rv.Type().Elem().Kind() == reflect.Uint8 {
		return nil, false
	}
	if rv.Kind() == reflect.Slice && rv.IsNil() {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

// asMap returns v as map[string]any when it is a map with string keys.
func asMap(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String || rv.IsNil() {
		return nil, false
	}
	out := make(map[string]any, rv.Len())
	iter := rv.MapRange()
	for iter.Next() {
		out[iter.Key().String()] = iter.Value().Interface()
	}
	return out, true
}
