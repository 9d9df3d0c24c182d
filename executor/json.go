package executor

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// object is a completed GraphQL object: fields in selection order, as the
// response must list them.
type object struct {
	keys []string
	vals []any
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
	b.buf = append(b.buf, value.FormatFloat(f)...)
}

const hexDigits = "0123456789abcdef"

func (b *jsonBuffer) string(s string) {
	b.buf = append(b.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b.buf = append(b.buf, s[start:i]...)
			switch c {
			case '"', '\\':
				b.buf = append(b.buf, '\\', c)
			case '\n':
				b.buf = append(b.buf, '\\', 'n')
			case '\r':
				b.buf = append(b.buf, '\\', 'r')
			case '\t':
				b.buf = append(b.buf, '\\', 't')
			default:
				b.buf = append(b.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.buf = append(b.buf, s[start:i]...)
			b.buf = append(b.buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.buf = append(b.buf, s[start:i]...)
			b.buf = append(b.buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.buf = append(b.buf, s[start:]...)
	b.buf = append(b.buf, '"')
}
