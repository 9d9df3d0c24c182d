package executor

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/appsync-local/appsync-local/internal/javatext"
)

// object is a completed GraphQL object: fields in selection order, as the
// response must list them.
type object struct {
	keys []string
	vals []any
	// fields are the collected fields behind keys (nil for objects built
	// elsewhere), so a mutation's result can be published by field name.
	fields []graphql.CollectedField
}

// MarshalJSON writes the object with its fields in order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b jsonBuffer
	b.value(o)
	return b.bytes(), nil
}

// jsonBuffer writes completed values as JSON without reflection for the types
// completion produces.
type jsonBuffer struct{ buf []byte }

func (b *jsonBuffer) bytes() []byte { return b.buf }

func (b *jsonBuffer) null() { b.buf = append(b.buf, "null"...) }

func (b *jsonBuffer) value(v any) {
	switch v := v.(type) {
	case nil:
		b.null()
	case *object:
		if v == nil {
			b.null()
			return
		}
		b.buf = append(b.buf, '{')
		for i, k := range v.keys {
			if i > 0 {
				b.buf = append(b.buf, ',')
			}
			b.string(k)
			b.buf = append(b.buf, ':')
			b.value(v.vals[i])
		}
		b.buf = append(b.buf, '}')
	case []any:
		b.buf = append(b.buf, '[')
		for i, e := range v {
			if i > 0 {
				b.buf = append(b.buf, ',')
			}
			b.value(e)
		}
		b.buf = append(b.buf, ']')
	case string:
		b.string(v)
	case bool:
		b.buf = strconv.AppendBool(b.buf, v)
	case int:
		b.buf = strconv.AppendInt(b.buf, int64(v), 10)
	case int32:
		b.buf = strconv.AppendInt(b.buf, int64(v), 10)
	case int64:
		b.buf = strconv.AppendInt(b.buf, v, 10)
	case float64:
		b.float(v)
	case float32:
		b.float(float64(v))
	case json.Number:
		b.buf = append(b.buf, v...)
	default:
		out, err := json.Marshal(v)
		if err != nil {
			b.null()
			return
		}
		b.buf = append(b.buf, out...)
	}
}

// float writes f as Java's Double.toString does (graphql-java serializes
// Float through it): integral values keep a ".0". NaN and infinities, which
// JSON cannot carry, become null.
func (b *jsonBuffer) float(f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		b.null()
		return
	}
	b.buf = append(b.buf, javatext.Double(f)...)
}

func (b *jsonBuffer) string(s string) { b.buf = javatext.AppendQuoted(b.buf, s) }
