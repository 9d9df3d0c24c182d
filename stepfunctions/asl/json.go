package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/internal/javatext"
)

// Decode parses one JSON document into this package's value model: objects
// as map[string]any, arrays as []any, numbers as int64 when integral and in
// range (so large ids survive), else float64. Trailing data is an error.
func Decode(data []byte) (any, error) {
	v, err := decodeOrdered(data)
	if err != nil {
		return nil, err
	}
	return plain(v), nil
}

// Encode renders v as compact JSON the way Step Functions (Jackson) prints
// it: int64 exact, float64 as Java's Double.toString, object keys sorted.
func Encode(v any) ([]byte, error) {
	return appendJSON(nil, v)
}

// encodeString is Encode for error messages and Format: it never fails
// (unencodable values fall back to fmt).
func encodeString(v any) string {
	b, err := appendJSON(nil, v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func appendJSON(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case string:
		return javatext.AppendQuoted(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("encode: unsupported number %v", x)
		}
		return append(b, javatext.Double(x)...), nil
	case json.Number:
		return append(b, x...), nil
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = javatext.AppendQuoted(b, k)
			b = append(b, ':')
			var err error
			if b, err = appendJSON(b, x[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case *object:
		return appendJSON(b, plain(x))
	default:
		// Foreign Go values (structs, typed maps): round-trip through
		// encoding/json into the value model.
		raw, err := json.Marshal(x)
		if err != nil {
			return nil, fmt.Errorf("encode: %w", err)
		}
		pv, err := Decode(raw)
		if err != nil {
			return nil, err
		}
		return appendJSON(b, pv)
	}
}

// object is a JSON object that remembers its key order; Parse needs document
// order for state names and error locations.
type object struct {
	keys []string
	m    map[string]any
}

func (o *object) get(k string) (any, bool) { v, ok := o.m[k]; return v, ok }

// SyntaxError is a JSON syntax error with its 1-based line and column.
type SyntaxError struct {
	Msg          string
	Line, Column int
}

// Error renders "message at line L, column C".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at line %d, column %d", e.Msg, e.Line, e.Column)
}

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// decodeOrdered decodes with objects as *object (key order kept) and numbers
// converted as Decode documents.
func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			if terr == nil {
				terr = errors.New("unexpected data after the top-level value")
			}
			err = terr
		}
	}
	if err != nil {
		// The streaming decoder's offsets are relative to its buffer;
		// json.Unmarshal over the whole document gives absolute ones.
		var se *json.SyntaxError
		var sink any
		if uerr := json.Unmarshal(data, &sink); uerr != nil {
			err = uerr
		}
		off := dec.InputOffset()
		msg := err.Error()
		if errors.As(err, &se) {
			// Offset counts the offending byte; point at it.
			off = max(se.Offset-1, 0)
			msg = se.Error()
		}
		if strings.HasPrefix(msg, "unexpected end") {
			off = int64(len(data))
		} else if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of JSON input"
			off = int64(len(data))
		}
		line, col := lineCol(data, off)
		return nil, &SyntaxError{Msg: msg, Line: line, Column: col}
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{m: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := o.m[k]; !dup {
					o.keys = append(o.keys, k)
				}
				o.m[k] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return o, nil
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return a, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		return number(string(t)), nil
	default:
		return t, nil // string, bool, nil
	}
}

// number converts JSON number text to int64 when integral and in range,
// else float64.
func number(s string) any {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// plain converts *object trees to map[string]any.
func plain(v any) any {
	switch x := v.(type) {
	case *object:
		m := make(map[string]any, len(x.m))
		for k, e := range x.m {
			m[k] = plain(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// toFloat reports v as float64 when it is a number.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

func isNumber(v any) bool { _, ok := toFloat(v); return ok }

// numCompare compares two JSON numbers exactly (1 == 1.0; int64 values
// beyond 2^53 are compared as integers, not rounded through float64).
func numCompare(a, b any) int {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		switch {
		case ai < bi:
			return -1
		case ai > bi:
			return 1
		}
		return 0
	}
	af, _ := toFloat(a)
	bf, _ := toFloat(b)
	switch {
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}

// deepEqual compares JSON values, numbers by value.
func deepEqual(a, b any) bool {
	if isNumber(a) && isNumber(b) {
		return numCompare(a, b) == 0
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !deepEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !deepEqual(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

// javaString renders v as Java's toString of the Jackson-decoded value, which
// is what States.Format inserts: strings verbatim, objects {a=1, b=[x, y]}.
func javaString(v any) string {
	var sb strings.Builder
	writeJava(&sb, v, true)
	return sb.String()
}

func writeJava(sb *strings.Builder, v any, top bool) {
	switch x := v.(type) {
	case nil:
		sb.WriteString("null")
	case string:
		sb.WriteString(x)
	case bool:
		sb.WriteString(strconv.FormatBool(x))
	case int64:
		sb.WriteString(strconv.FormatInt(x, 10))
	case float64:
		sb.WriteString(javatext.Double(x))
	case []any:
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeJava(sb, e, false)
		}
		sb.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(k)
			sb.WriteByte('=')
			writeJava(sb, x[k], false)
		}
		sb.WriteByte('}')
	default:
		sb.WriteString(encodeString(v))
	}
}
