package builtins

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// $util.xml, as documented in "XML helpers in $util.xml".
var xmlTable = &table{methods: map[string]method{
	"toMap":        xmlMethod("toMap", 1, func(m *value.Map) any { return nilIfEmpty(m) }),
	"toJsonString": xmlMethod("toJsonString", 2, func(m *value.Map) any { return value.ToJSON(nilIfEmpty(m)) }),
}}

func nilIfEmpty(m *value.Map) any {
	if m == nil {
		return nil
	}
	return m
}

func xmlMethod(name string, maxArgs int, out func(*value.Map) any) method {
	fn := "$util.xml." + name
	return func(_ *Env, args []any) (any, error) {
		a := dsArgs{fn, args}
		if err := a.count(1, maxArgs); err != nil {
			return nil, err
		}
		s, ok := args[0].(string)
		if !ok {
			return nil, a.wrong("a string", args[0])
		}
		keepStrings := false
		if len(args) > 1 && args[1] != nil {
			b, ok := args[1].(bool)
			if !ok {
				return nil, a.wrong("a boolean", args[1])
			}
			keepStrings = b
		}
		m, err := XMLToMap(s, keepStrings)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fn, err)
		}
		return out(m), nil
	}
}

// XMLToMap converts an XML document the way AppSync does, which is the way
// of org.json's XML.toJSONObject (the documented examples match it):
//
//   - an element becomes an entry named after it (prefix:name as written);
//     a repeated element becomes a list of its values, in order;
//   - an element with only text is that text, trimmed; an empty element is "";
//   - attributes are entries of the element's map, beside its children, and
//     its text is then the entry "content" (several runs of text, a list);
//   - text and attribute values that read as numbers, true, false or null
//     become those, unless keepStrings: an integer when it fits 64 bits and
//     prints back the same, a double when Java prints it back the same (so
//     "007" and "1.50" stay strings);
//   - the XML declaration, comments, processing instructions and DOCTYPE are
//     skipped.
//
// It returns nil for a document with no element and an error for one that is
// not well formed. The map keeps document order (org.json's does not).
func XMLToMap(doc string, keepStrings bool) (*value.Map, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false // unknown entities stay as written, as in org.json
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	type frame struct {
		name string
		obj  *value.Map
		text strings.Builder
	}
	root := &frame{obj: value.NewMap()}
	stack := []*frame{root}
	coerce := func(s string) any {
		if keepStrings {
			return s
		}
		return xmlValue(s)
	}
	flush := func(f *frame) {
		if t := strings.TrimSpace(f.text.String()); t != "" && f != root {
			xmlAccumulate(f.obj, "content", coerce(t))
		}
		f.text.Reset()
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("invalid XML: %v", err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			flush(top)
			f := &frame{name: xmlName(t.Name), obj: value.NewMap()}
			for _, at := range t.Attr {
				xmlAccumulate(f.obj, xmlName(at.Name), coerce(at.Value))
			}
			stack = append(stack, f)
		case xml.EndElement:
			if top == root || xmlName(t.Name) != top.name {
				want := "no open element"
				if top != root {
					want = "</" + top.name + ">"
				}
				return nil, fmt.Errorf("invalid XML: line %d: </%s> where %s was expected", xmlLine(d), xmlName(t.Name), want)
			}
			flush(top)
			stack = stack[:len(stack)-1]
			var v any = top.obj
			switch top.obj.Len() {
			case 0:
				v = ""
			case 1:
				if c, ok := top.obj.Get("content"); ok {
					v = c
				}
			}
			xmlAccumulate(stack[len(stack)-1].obj, top.name, v)
		case xml.CharData:
			top.text.Write(t)
		default: // comments, processing instructions, directives
			flush(top)
		}
	}
	if len(stack) > 1 {
		return nil, fmt.Errorf("invalid XML: <%s> is not closed", stack[len(stack)-1].name)
	}
	if root.obj.Len() == 0 {
		return nil, nil
	}
	return root.obj, nil
}

func xmlLine(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}

func xmlName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// xmlAccumulate adds v under k, turning a repeated key into a list.
func xmlAccumulate(m *value.Map, k string, v any) {
	prev, ok := m.Get(k)
	if !ok {
		m.Put(k, v)
		return
	}
	if l, ok := prev.(*value.List); ok {
		l.Items = append(l.Items, v)
		return
	}
	m.Put(k, value.NewList(prev, v))
}

// xmlValue reads text as org.json does: true, false and null in any case,
// and numbers that print back unchanged.
func xmlValue(s string) any {
	switch strings.ToLower(s) {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		return s
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if strconv.FormatInt(n, 10) == s {
			return n
		}
		return s
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && value.FormatFloat(f) == s {
		return f
	}
	return s
}
