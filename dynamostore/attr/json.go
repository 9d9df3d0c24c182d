package attr

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"github.com/appsync-local/appsync-local/internal/javatext"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// MarshalJSON encodes v in DynamoDB JSON: {"S":"x"}, {"N":"1.5"},
// {"B":"base64"}, {"BOOL":true}, {"NULL":true}, {"M":{...}}, {"L":[...]},
// {"SS":[...]}, {"NS":[...]}, {"BS":[...]}. Map keys are sorted.
func (v Value) MarshalJSON() ([]byte, error) {
	return v.appendJSON(nil), nil
}

// AppendJSON appends the DynamoDB JSON of v to dst.
func (v Value) AppendJSON(dst []byte) []byte { return v.appendJSON(dst) }

func (v Value) appendJSON(dst []byte) []byte {
	switch v.kind {
	case KindS:
		dst = append(dst, `{"S":`...)
		dst = appendString(dst, v.s)
	case KindN:
		dst = append(dst, `{"N":"`...)
		dst = append(dst, v.s...)
		dst = append(dst, '"')
	case KindB:
		dst = append(dst, `{"B":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, v.b)
		dst = append(dst, '"')
	case KindBOOL:
		if v.bo {
			dst = append(dst, `{"BOOL":true`...)
		} else {
			dst = append(dst, `{"BOOL":false`...)
		}
	case KindNULL:
		dst = append(dst, `{"NULL":true`...)
	case KindM:
		dst = append(dst, `{"M":`...)
		dst = appendMap(dst, v.m)
	case KindL:
		dst = append(dst, `{"L":[`...)
		for i, e := range v.l {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.appendJSON(dst)
		}
		dst = append(dst, ']')
	case KindSS, KindNS, KindBS:
		dst = append(dst, `{"`...)
		dst = append(dst, v.kind.String()...)
		dst = append(dst, `":[`...)
		for i, e := range v.l {
			if i > 0 {
				dst = append(dst, ',')
			}
			switch e.kind {
			case KindB:
				dst = append(dst, '"')
				dst = base64.StdEncoding.AppendEncode(dst, e.b)
				dst = append(dst, '"')
			default:
				dst = appendString(dst, e.s)
			}
		}
		dst = append(dst, ']')
	default:
		return append(dst, "{}"...)
	}
	return append(dst, '}')
}

func appendMap(dst []byte, m map[string]Value) []byte {
	dst = append(dst, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		dst = m[k].appendJSON(dst)
	}
	return append(dst, '}')
}

// appendString appends s as a JSON string, as DynamoDB's (Jackson) writer
// does; the whole project shares one quoting.
func appendString(dst []byte, s string) []byte { return javatext.AppendQuoted(dst, s) }

// UnmarshalJSON decodes and validates one attribute value in DynamoDB JSON.
// A malformed shape yields *SerializationError; an invalid value (bad
// number, empty or duplicate set, NULL false, no or several types) yields
// *Error with DynamoDB's message. JSON null leaves v unchanged.
func (v *Value) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	w, err := decodeWire(data)
	if err != nil {
		return err
	}
	val, err := w.build()
	if err != nil {
		return err
	}
	*v = val
	return nil
}

// MarshalJSON encodes the item as a JSON object of DynamoDB JSON values.
func (it Item) MarshalJSON() ([]byte, error) {
	if it == nil {
		return []byte("null"), nil
	}
	return appendMap(nil, it), nil
}

// UnmarshalJSON decodes and validates an item (a JSON object of attribute
// values), with the errors of Value.UnmarshalJSON.
func (it *Item) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	ws, err := decodeWireMap(data)
	if err != nil {
		return err
	}
	out := make(Item, len(ws))
	// Validate in name order so the reported error is deterministic.
	for _, k := range slices.Sorted(maps.Keys(ws)) {
		v, err := ws[k].build()
		if err != nil {
			return err
		}
		out[k] = v
	}
	*it = out
	return nil
}

// wire is an attribute value as sent, before validation.
type wire struct {
	types []Kind // present type fields, in canonical order
	s     string
	n     string
	b     []byte
	bo    bool
	null  bool
	m     map[string]*wire
	l     []*wire
	ss    []string
	ns    []string
	bs    [][]byte
	bsRaw []string
}

var wireOrder = []Kind{KindS, KindN, KindB, KindBOOL, KindNULL, KindM, KindL, KindSS, KindNS, KindBS}

func serr(msg string) error { return &SerializationError{Msg: msg} }

// jsonKind classifies a raw JSON value.
func jsonKind(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	switch c := raw[0]; c {
	case '{', '[', '"', 't', 'f', 'n':
		return c
	}
	return '0'
}

func decodeWire(data []byte) (*wire, error) {
	switch jsonKind(data) {
	case '{':
	case '[':
		return nil, serr("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue")
	case 0:
		return nil, serr("Unexpected end of input")
	default:
		return nil, serr("Unexpected value type in payload")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, serr(err.Error())
	}
	w := &wire{}
	for _, k := range wireOrder {
		raw, ok := fields[k.String()]
		if !ok || jsonKind(raw) == 'n' {
			continue // unknown members and nulls are ignored, as DynamoDB does
		}
		w.types = append(w.types, k)
		var err error
		switch k {
		case KindS:
			w.s, err = decodeString(raw)
		case KindN:
			w.n, err = decodeString(raw)
		case KindB:
			w.b, _, err = decodeBlob(raw)
		case KindBOOL:
			w.bo, err = decodeBool(raw)
		case KindNULL:
			w.null, err = decodeBool(raw)
		case KindM:
			w.m, err = decodeWireMap(raw)
		case KindL:
			w.l, err = decodeWireList(raw)
		case KindSS:
			w.ss, err = decodeStringList(raw)
		case KindNS:
			w.ns, err = decodeStringList(raw)
		case KindBS:
			w.bs, w.bsRaw, err = decodeBlobList(raw)
		}
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

func decodeWireMap(data []byte) (map[string]*wire, error) {
	switch jsonKind(data) {
	case '{':
	case '[':
		return nil, serr("Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>")
	default:
		return nil, serr("Unexpected field type")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, serr(err.Error())
	}
	out := make(map[string]*wire, len(fields))
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if jsonKind(fields[k]) == 'n' {
			continue
		}
		w, err := decodeWire(fields[k])
		if err != nil {
			return nil, err
		}
		out[k] = w
	}
	return out, nil
}

func decodeWireList(data []byte) ([]*wire, error) {
	elems, err := decodeList(data)
	if err != nil {
		return nil, err
	}
	out := make([]*wire, 0, len(elems))
	for _, e := range elems {
		if jsonKind(e) == 'n' {
			continue
		}
		w, err := decodeWire(e)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

func decodeList(data []byte) ([]json.RawMessage, error) {
	switch jsonKind(data) {
	case '[':
	case '{':
		return nil, serr("Start of structure or map found where not expected")
	default:
		return nil, serr("Unexpected field type")
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(data, &elems); err != nil {
		return nil, serr(err.Error())
	}
	return elems, nil
}

func scalarTypeError(raw json.RawMessage, target string) error {
	switch jsonKind(raw) {
	case 't':
		return serr("TRUE_VALUE cannot be converted to " + target)
	case 'f':
		return serr("FALSE_VALUE cannot be converted to " + target)
	case '{':
		return serr("Start of structure or map found where not expected")
	case '[':
		return serr("Unrecognized collection type class java.lang." + target)
	case '0':
		if bytes.ContainsAny(raw, ".eE") {
			return serr("DECIMAL_VALUE cannot be converted to " + target)
		}
		return serr("NUMBER_VALUE cannot be converted to " + target)
	}
	return serr("Unexpected token received from parser")
}

func decodeString(raw json.RawMessage) (string, error) {
	if jsonKind(raw) != '"' {
		return "", scalarTypeError(raw, "String")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", serr(err.Error())
	}
	return s, nil
}

func decodeBool(raw json.RawMessage) (bool, error) {
	switch jsonKind(raw) {
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case '"':
		s, err := decodeString(raw)
		if err != nil {
			return false, err
		}
		switch strings.ToUpper(s) {
		case "TRUE", "1", "YES":
			return true, nil
		case "FALSE", "0", "NO":
			return false, nil
		}
		return false, serr("Unexpected token received from parser")
	case '[':
		return false, serr("Unrecognized collection type class java.lang.Boolean")
	case '{':
		return false, serr("Start of structure or map found where not expected")
	}
	if bytes.ContainsAny(raw, ".eE") {
		return false, serr("DECIMAL_VALUE cannot be converted to Boolean")
	}
	return false, serr("NUMBER_VALUE cannot be converted to Boolean")
}

func decodeBlob(raw json.RawMessage) ([]byte, string, error) {
	switch jsonKind(raw) {
	case '"':
	case '{':
		return nil, "", serr("Start of structure or map found where not expected")
	case '[':
		return nil, "", serr("Unrecognized collection type class java.nio.ByteBuffer")
	default:
		return nil, "", serr("only base-64-encoded strings are convertible to bytes")
	}
	s, err := decodeString(raw)
	if err != nil {
		return nil, "", err
	}
	if len(s)%4 != 0 {
		return nil, "", serr("Base64 encoded length is expected a multiple of 4 bytes but found: " + strconv.Itoa(len(s)))
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, "", serr("Invalid last non-pad Base64 character dectected")
	}
	return b, s, nil
}

func decodeStringList(raw json.RawMessage) ([]string, error) {
	elems, err := decodeList(raw)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		if jsonKind(e) == 'n' {
			continue
		}
		s, err := decodeString(e)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func decodeBlobList(raw json.RawMessage) ([][]byte, []string, error) {
	elems, err := decodeList(raw)
	if err != nil {
		return nil, nil, err
	}
	out := make([][]byte, 0, len(elems))
	texts := make([]string, 0, len(elems))
	for _, e := range elems {
		if jsonKind(e) == 'n' {
			continue
		}
		b, s, err := decodeBlob(e)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, b)
		texts = append(texts, s)
	}
	return out, texts, nil
}

// build validates w in DynamoDB's order and returns the value.
func (w *wire) build() (Value, error) {
	if len(w.types) == 0 {
		return Value{}, validationError(MsgEmptyValue)
	}
	var out Value
	for _, k := range w.types {
		v, err := w.buildKind(k)
		if err != nil {
			return Value{}, err
		}
		out = v
	}
	if len(w.types) > 1 {
		return Value{}, validationError(MsgMultipleTypes)
	}
	return out, nil
}

func (w *wire) buildKind(k Kind) (Value, error) {
	switch k {
	case KindS:
		return S(w.s), nil
	case KindN:
		return N(w.n)
	case KindB:
		return B(w.b), nil
	case KindBOOL:
		return Bool(w.bo), nil
	case KindNULL:
		if !w.null {
			return Value{}, validationError(MsgNullNotTrue)
		}
		return Null(), nil
	case KindSS:
		if len(w.ss) == 0 {
			return Value{}, validationError(MsgEmptySS)
		}
		v := SS(w.ss)
		return v, v.checkDuplicates(func() string { return listStr(w.ss) })
	case KindNS:
		if len(w.ns) == 0 {
			return Value{}, validationError(MsgEmptyNS)
		}
		v, err := NS(w.ns)
		if err != nil {
			return Value{}, err
		}
		return v, v.checkDuplicates(nil)
	case KindBS:
		if len(w.bs) == 0 {
			return Value{}, validationError(MsgEmptyBS)
		}
		v := BS(w.bs)
		return v, v.checkDuplicates(func() string { return listStr(w.bsRaw) })
	case KindM:
		m := make(map[string]Value, len(w.m))
		for _, name := range slices.Sorted(maps.Keys(w.m)) {
			e, err := w.m[name].build()
			if err != nil {
				return Value{}, err
			}
			m[name] = e
		}
		return M(m), nil
	case KindL:
		l := make([]Value, len(w.l))
		for i, ew := range w.l {
			e, err := ew.build()
			if err != nil {
				return Value{}, err
			}
			l[i] = e
		}
		return L(l), nil
	}
	return Value{}, validationError(MsgEmptyValue)
}

func listStr(items []string) string { return "[" + strings.Join(items, ", ") + "]" }

// checkDuplicates reports a set with two equal members; shown renders the
// collection for the message.
func (v Value) checkDuplicates(shown func() string) error {
	seen := make(map[string]struct{}, len(v.l))
	for _, m := range v.l {
		key := m.s
		if m.kind == KindB {
			key = string(m.b)
		}
		if _, dup := seen[key]; dup {
			switch v.kind {
			case KindSS:
				return validationError("One or more parameter values were invalid: Input collection " + shown() + " contains duplicates.")
			case KindBS:
				return validationError("One or more parameter values were invalid: Input collection " + shown() + "of type BS contains duplicates.")
			default:
				return validationError(MsgNSDuplicates)
			}
		}
		seen[key] = struct{}{}
	}
	return nil
}

// Validate checks a value built in code against DynamoDB's rules (non-empty
// sets without duplicates, recursively), returning *Error with DynamoDB's
// messages. Values decoded by UnmarshalJSON are already valid.
func (v Value) Validate() error {
	switch v.kind {
	case KindInvalid:
		return validationError(MsgEmptyValue)
	case KindSS, KindNS, KindBS:
		if len(v.l) == 0 {
			return validationError(map[Kind]string{KindSS: MsgEmptySS, KindNS: MsgEmptyNS, KindBS: MsgEmptyBS}[v.kind])
		}
		return v.checkDuplicates(func() string {
			parts := make([]string, len(v.l))
			for i, m := range v.l {
				if m.kind == KindB {
					parts[i] = b64(m.b)
				} else {
					parts[i] = m.s
				}
			}
			return listStr(parts)
		})
	case KindM:
		for _, k := range slices.Sorted(maps.Keys(v.m)) {
			if err := v.m[k].Validate(); err != nil {
				return err
			}
		}
	case KindL:
		for _, e := range v.l {
			if err := e.Validate(); err != nil {
				return err
			}
		}
	}
	return nil
}

// ValidateItem validates every attribute of it (see Value.Validate).
func ValidateItem(it Item) error {
	for _, k := range slices.Sorted(maps.Keys(it)) {
		if err := it[k].Validate(); err != nil {
			return err
		}
	}
	return nil
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
