package value

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

// Map is an insertion-ordered map with string keys: Java's LinkedHashMap,
// which is what AppSync's templates build and iterate. The zero value is empty
// and ready to use; use *Map.
type Map struct {
	keys []string
	m    map[string]any
}

// NewMap returns an empty map.
func NewMap() *Map { return &Map{} }

// Len returns the number of entries.
func (m *Map) Len() int { return len(m.keys) }

// Get returns the value for key and whether it is present.
func (m *Map) Get(key string) (any, bool) {
	v, ok := m.m[key]
	return v, ok
}

// Has reports whether key is present.
func (m *Map) Has(key string) bool {
	_, ok := m.m[key]
	return ok
}

// Put sets key to v, keeping key's position if it exists, and returns the
// previous value (nil when absent), as Java's put does.
func (m *Map) Put(key string, v any) any {
	if m.m == nil {
		m.m = map[string]any{}
	}
	prev, ok := m.m[key]
	if !ok {
		m.keys = append(m.keys, key)
	}
	m.m[key] = v
	return prev
}

// Remove deletes key and returns its value (nil when absent).
func (m *Map) Remove(key string) any {
	prev, ok := m.m[key]
	if !ok {
		return nil
	}
	delete(m.m, key)
	for i, k := range m.keys {
		if k == key {
			m.keys = append(m.keys[:i:i], m.keys[i+1:]...)
			break
		}
	}
	return prev
}

// Keys returns the keys in insertion order. The slice is a copy.
func (m *Map) Keys() []string { return append([]string(nil), m.keys...) }

// Range calls f for each entry in order until f returns false. f must not
// change m.
func (m *Map) Range(f func(key string, v any) bool) {
	for _, k := range m.keys {
		if !f(k, m.m[k]) {
			return
		}
	}
}

// Clear removes every entry.
func (m *Map) Clear() { m.keys, m.m = nil, nil }

// Clone returns a shallow copy.
func (m *Map) Clone() *Map {
	out := &Map{keys: append([]string(nil), m.keys...), m: make(map[string]any, len(m.m))}
	for k, v := range m.m {
		out.m[k] = v
	}
	return out
}

// String renders the map as Java's toString: {a=1, b=x}.
func (m *Map) String() string { return String(m) }

// MarshalJSON writes the map as a JSON object in order.
func (m *Map) MarshalJSON() ([]byte, error) { return AppendJSON(nil, m), nil }

// List is a mutable list: Java's ArrayList.
type List struct{ Items []any }

// NewList returns a list holding items.
func NewList(items ...any) *List { return &List{Items: items} }

// String renders the list as Java's toString: [1, x].
func (l *List) String() string { return String(l) }

// MarshalJSON writes the list as a JSON array.
func (l *List) MarshalJSON() ([]byte, error) { return AppendJSON(nil, l), nil }

// Object is a host object ($util, $util.time, $ctx.request) whose members
// templates reach with a dot. Member returns a value, or a Func for a method.
type Object interface {
	Member(name string) (any, bool)
}

// Func is a host method. It receives the evaluated arguments and returns a
// value, or an error that ends evaluation (an *Error is AppSync's own error,
// raised by $util.error, $util.unauthorized or $util.validate).
type Func func(args []any) (any, error)

// Error is an error a template raises on purpose, with AppSync's members.
type Error struct {
	Message string
	Type    string
	Data    any
	Info    any
}

func (e *Error) Error() string { return e.Message }

// ErrorType returns AppSync's errorType.
func (e *Error) ErrorType() string { return e.Type }

// FromJSON decodes JSON text into values: objects become *Map in document
// order, arrays *List, integral numbers that fit int64 become int64, other
// numbers float64.
func FromJSON(data []byte) (any, error) {
	if v, ok := parseFast(data); ok {
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	return v, nil
}

func decode(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := NewMap()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decode(dec)
				if err != nil {
					return nil, err
				}
				m.Put(kt.(string), v)
			}
			_, err := dec.Token()
			return m, err
		case '[':
			l := NewList()
			for dec.More() {
				v, err := decode(dec)
				if err != nil {
					return nil, err
				}
				l.Items = append(l.Items, v)
			}
			_, err := dec.Token()
			return l, err
		}
		return nil, fmt.Errorf("invalid JSON: unexpected %v", t)
	case json.Number:
		return Number(t), nil
	default:
		return t, nil
	}
}

// Number converts JSON number text to int64 when it is an integer that fits,
// else float64.
func Number(n json.Number) any {
	if i, err := n.Int64(); err == nil {
		return i
	}
	f, _ := n.Float64()
	return f
}

// From converts plain Go data (map[string]any, []any, json.Number, ints,
// floats, structs via JSON) into values. Keys of a plain map are sorted,
// since Go maps have no order. Values already in the model are returned as is.
func From(v any) any {
	switch t := v.(type) {
	case nil, bool, string, int64, float64, *Map, *List, Object, Func:
		return t
	case int:
		return int64(t)
	case int32:
		return int64(t)
	case float32:
		return float64(t)
	case json.Number:
		return Number(t)
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := &Map{keys: keys, m: make(map[string]any, len(t))}
		for _, k := range keys {
			m.m[k] = From(t[k])
		}
		return m
	case []any:
		l := &List{Items: make([]any, len(t))}
		for i, e := range t {
			l.Items[i] = From(e)
		}
		return l
	case []string:
		l := &List{Items: make([]any, len(t))}
		for i, e := range t {
			l.Items[i] = e
		}
		return l
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	out, err := FromJSON(b)
	if err != nil {
		return fmt.Sprint(v)
	}
	return out
}

// ToGo converts values back to plain Go data (map[string]any, []any).
func ToGo(v any) any {
	switch t := v.(type) {
	case *Map:
		out := make(map[string]any, t.Len())
		t.Range(func(k string, e any) bool {
			out[k] = ToGo(e)
			return true
		})
		return out
	case *List:
		out := make([]any, len(t.Items))
		for i, e := range t.Items {
			out[i] = ToGo(e)
		}
		return out
	}
	return v
}

// TypeOf returns AppSync's $util.typeOf name: Null, Number, String, Map,
// List, Boolean or Object.
func TypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "Null"
	case int64, float64, int, float32, int32:
		return "Number"
	case string:
		return "String"
	case *Map:
		return "Map"
	case *List:
		return "List"
	case bool:
		return "Boolean"
	}
	return "Object"
}

// ToJSON renders v as JSON text the way Jackson does in AppSync: members in
// order, doubles as Java prints them, no HTML escaping.
func ToJSON(v any) string { return string(AppendJSON(nil, v)) }

// AppendJSON appends v's JSON text to b.
func AppendJSON(b []byte, v any) []byte {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, t)
	case string:
		return AppendQuoted(b, t)
	case int64:
		return strconv.AppendInt(b, t, 10)
	case int:
		return strconv.AppendInt(b, int64(t), 10)
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return AppendQuoted(b, FormatFloat(t))
		}
		return append(b, FormatFloat(t)...)
	case *Map:
		b = append(b, '{')
		for i, k := range t.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendQuoted(b, k)
			b = append(b, ':')
			b = AppendJSON(b, t.m[k])
		}
		return append(b, '}')
	case *List:
		b = append(b, '[')
		for i, e := range t.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSON(b, e)
		}
		return append(b, ']')
	case map[string]any, []any, json.Number, int32, float32:
		return AppendJSON(b, From(t))
	}
	out, err := json.Marshal(v)
	if err != nil {
		return AppendQuoted(b, fmt.Sprint(v))
	}
	return append(b, out...)
}

// AppendQuoted appends s as a JSON string as Jackson writes it: quotes,
// backslashes and control characters escaped, everything else verbatim.
func AppendQuoted(b []byte, s string) []byte { return javatext.AppendQuoted(b, s) }

// FormatFloat formats f as Java's Double.toString: 1.0, 0.001, 1.0E7, 1.5E-4.
func FormatFloat(f float64) string { return javatext.Double(f) }

// String renders v as Java's toString does, which is what Velocity prints
// for a reference: maps as {a=1, b=x}, lists as [1, x], null as "null".
func String(v any) string {
	var b strings.Builder
	writeString(&b, v)
	return b.String()
}

func writeString(b *strings.Builder, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(t)
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case int:
		b.WriteString(strconv.Itoa(t))
	case float64:
		b.WriteString(FormatFloat(t))
	case *Map:
		b.WriteByte('{')
		for i, k := range t.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteByte('=')
			writeString(b, t.m[k])
		}
		b.WriteByte('}')
	case *List:
		b.WriteByte('[')
		for i, e := range t.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeString(b, e)
		}
		b.WriteByte(']')
	default:
		fmt.Fprint(b, t)
	}
}
