package value

import (
	"encoding/json"
	"unicode/utf8"
)

// parser is FromJSON's fast path: a single pass over the bytes that builds
// values directly. encoding/json's Token API, which the slow path uses,
// allocates for every token and dominated the cost of reading data source
// results ($util.rds.toJsonObject on a Postgres result, Lambda payloads).
// On anything it does not accept the parser gives up and FromJSON runs the
// slow path, so errors (and any corner it would get wrong) keep
// encoding/json's behaviour; FuzzFromJSON checks the two agree.
type parser struct {
	data  []byte
	pos   int
	depth int
}

// maxParseDepth matches encoding/json's nesting limit, past which the slow
// path reports the error.
const maxParseDepth = 10000

// parseFast parses one JSON document; ok is false when the slow path must
// decide.
func parseFast(data []byte) (v any, ok bool) {
	p := parser{data: data}
	p.space()
	v, ok = p.value()
	if !ok {
		return nil, false
	}
	p.space()
	return v, p.pos == len(p.data)
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() (any, bool) {
	if p.pos >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, ok := p.string()
		return s, ok
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return nil, false
}

func (p *parser) literal(word string) bool {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return false
	}
	p.pos += len(word)
	return true
}

func (p *parser) object() (any, bool) {
	if p.depth++; p.depth > maxParseDepth {
		return nil, false
	}
	p.pos++ // {
	m := NewMap()
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return m, true
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, false
		}
		key, ok := p.string()
		if !ok {
			return nil, false
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, false
		}
		p.pos++
		p.space()
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m.Put(key, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, false
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.depth--
			return m, true
		default:
			return nil, false
		}
	}
}

func (p *parser) array() (any, bool) {
	if p.depth++; p.depth > maxParseDepth {
		return nil, false
	}
	p.pos++ // [
	l := NewList()
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return l, true
	}
	for {
		p.space()
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		l.Items = append(l.Items, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, false
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return l, true
		default:
			return nil, false
		}
	}
}

// string reads a string token. Plain strings (valid UTF-8, no escapes) are
// converted directly; the rest go through encoding/json, which decodes
// escapes and replaces invalid UTF-8 exactly as the slow path does.
func (p *parser) string() (string, bool) {
	start := p.pos
	p.pos++ // opening quote
	plain := true
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			raw := p.data[start:p.pos]
			if plain {
				return string(raw[1 : len(raw)-1]), true
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			plain = false
			p.pos += 2
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				plain = false
			}
			p.pos += size
		default:
			p.pos++
		}
	}
	return "", false
}

// number reads a number by JSON's grammar and converts it as Number does.
func (p *parser) number() (any, bool) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	if p.pos >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.pos]; {
	case c == '0':
		p.pos++
	case c >= '1' && c <= '9':
		p.digits()
	default:
		return nil, false
	}
	integral := true
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		integral = false
		p.pos++
		if !p.digits() {
			return nil, false
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		integral = false
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return nil, false
		}
	}
	text := p.data[start:p.pos]
	if integral && len(text) <= 18 { // fits int64 without overflow checks
		var n int64
		neg := text[0] == '-'
		for _, c := range text {
			if c != '-' {
				n = n*10 + int64(c-'0')
			}
		}
		if neg {
			n = -n
		}
		return n, true
	}
	return Number(json.Number(text)), true
}

func (p *parser) digits() bool {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}
