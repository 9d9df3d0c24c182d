package dynamo

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// typedItem converts a map of typed values ({"id": {"S": "1"}}) at path into
// DynamoDB attribute values.
func typedItem(v any, path string) (map[string]types.AttributeValue, error) {
	m, ok := v.(*value.Map)
	if !ok {
		return nil, mappingErrorf("Expected JSON object for '%s' but got '%s' instead.", path, jsonType(v))
	}
	out := make(map[string]types.AttributeValue, m.Len())
	var err error
	m.Range(func(name string, e any) bool {
		var av types.AttributeValue
		av, err = typedValue(e, member(path, name))
		out[name] = av
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// typedValue converts one AppSync typed value, a JSON object with exactly
// one member named after its DynamoDB type, into an attribute value.
func typedValue(v any, path string) (types.AttributeValue, error) {
	m, ok := v.(*value.Map)
	if !ok {
		return nil, mappingErrorf("Expected JSON object for attribute value '%s' but got '%s' instead.", path, jsonType(v))
	}
	if m.Len() != 1 {
		return nil, mappingErrorf("Invalid attribute value '%s': a typed value has exactly one member, its type (S, N, B, SS, NS, BS, BOOL, NULL, L or M), got %s.", path, value.ToJSON(m))
	}
	typ := m.Keys()[0]
	e, _ := m.Get(typ)
	at := member(path, typ)
	switch typ {
	case "S":
		s, ok := e.(string)
		if !ok {
			return nil, typeError(at, "STRING", e)
		}
		return &types.AttributeValueMemberS{Value: s}, nil
	case "N":
		n, err := numberText(e, at)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberN{Value: n}, nil
	case "B":
		b, err := binary(e, at)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberB{Value: b}, nil
	case "BOOL":
		b, ok := e.(bool)
		if !ok {
			return nil, typeError(at, "BOOLEAN", e)
		}
		return &types.AttributeValueMemberBOOL{Value: b}, nil
	case "NULL":
		// {"NULL": null} is what the documentation shows; {"NULL": true} is
		// what $util.dynamodb.toNull produces. DynamoDB itself refuses false.
		switch e {
		case nil, true:
			return &types.AttributeValueMemberNULL{Value: true}, nil
		case false:
			return &types.AttributeValueMemberNULL{Value: false}, nil
		}
		return nil, typeError(at, "BOOLEAN", e)
	case "SS", "NS", "BS", "L":
		l, ok := e.(*value.List)
		if !ok {
			return nil, typeError(at, "ARRAY", e)
		}
		switch typ {
		case "SS":
			ss := make([]string, len(l.Items))
			for i, x := range l.Items {
				s, ok := x.(string)
				if !ok {
					return nil, typeError(index(at, i), "STRING", x)
				}
				ss[i] = s
			}
			return &types.AttributeValueMemberSS{Value: ss}, nil
		case "NS":
			ns := make([]string, len(l.Items))
			for i, x := range l.Items {
				n, err := numberText(x, index(at, i))
				if err != nil {
					return nil, err
				}
				ns[i] = n
			}
			return &types.AttributeValueMemberNS{Value: ns}, nil
		case "BS":
			bs := make([][]byte, len(l.Items))
			for i, x := range l.Items {
				b, err := binary(x, index(at, i))
				if err != nil {
					return nil, err
				}
				bs[i] = b
			}
			return &types.AttributeValueMemberBS{Value: bs}, nil
		}
		list := make([]types.AttributeValue, len(l.Items))
		for i, x := range l.Items {
			av, err := typedValue(x, index(at, i))
			if err != nil {
				return nil, err
			}
			list[i] = av
		}
		return &types.AttributeValueMemberL{Value: list}, nil
	case "M":
		item, err := typedItem(e, at)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: item}, nil
	}
	return nil, mappingErrorf("Invalid attribute value '%s': unknown DynamoDB type '%s' (expected S, N, B, SS, NS, BS, BOOL, NULL, L or M).", path, typ)
}

func typeError(path, want string, got any) error {
	return mappingErrorf("Expected %s for '%s' but got '%s' instead.", want, path, jsonType(got))
}

// numberText is the DynamoDB text of a number given as a JSON number or as
// a string ({"N": 12} and {"N": "12"} are both valid).
func numberText(v any, path string) (string, error) {
	switch n := v.(type) {
	case string:
		return n, nil
	case int64:
		return strconv.FormatInt(n, 10), nil
	case int:
		return strconv.Itoa(n), nil
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return "", mappingErrorf("Invalid number '%s': %v is not a DynamoDB number.", path, n)
		}
		if a := math.Abs(n); a == 0 || (a >= 1e-6 && a < 1e21) {
			return strconv.FormatFloat(n, 'f', -1, 64), nil
		}
		return strconv.FormatFloat(n, 'E', -1, 64), nil
	}
	return "", typeError(path, "NUMBER", v)
}

// binary decodes base64 as AppSync does, by RFC 2045: characters outside
// the base64 alphabet are ignored.
func binary(v any, path string) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, typeError(path, "STRING", v)
	}
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' {
			clean = append(clean, c)
		}
	}
	b, err := base64.RawStdEncoding.DecodeString(string(clean))
	if err != nil {
		return nil, mappingErrorf("Invalid binary value '%s': %q is not base64.", path, s)
	}
	return b, nil
}

// jsonType names v's JSON type as AppSync's messages do (Jackson's node types).
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case string:
		return "STRING"
	case bool:
		return "BOOLEAN"
	case int64, float64, int:
		return "NUMBER"
	case *value.List:
		return "ARRAY"
	case *value.Map:
		return "OBJECT"
	}
	return "POJO"
}

// itemValue converts an item into a plain value: attributes named in order
// first (the projection's), then the others by name.
func itemValue(item map[string]types.AttributeValue, order []string) *value.Map {
	m := value.NewMap()
	for _, name := range order {
		if av, ok := item[name]; ok && !m.Has(name) {
			m.Put(name, attrValue(av))
		}
	}
	names := make([]string, 0, len(item))
	for name := range item {
		if !m.Has(name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		m.Put(name, attrValue(item[name]))
	}
	return m
}

// itemOrNil is itemValue, or nil (JSON null) for no item.
func itemOrNil(item map[string]types.AttributeValue, order []string) any {
	if item == nil {
		return nil
	}
	return itemValue(item, order)
}

// attrValue converts an attribute value as AppSync's type system (response
// mapping) does: sets become lists, binaries base64 strings, numbers int64
// or float64.
func attrValue(av types.AttributeValue) any {
	switch a := av.(type) {
	case *types.AttributeValueMemberS:
		return a.Value
	case *types.AttributeValueMemberN:
		return numberValue(a.Value)
	case *types.AttributeValueMemberB:
		return base64.StdEncoding.EncodeToString(a.Value)
	case *types.AttributeValueMemberBOOL:
		return a.Value
	case *types.AttributeValueMemberNULL:
		return nil
	case *types.AttributeValueMemberSS:
		l := value.NewList()
		for _, s := range a.Value {
			l.Items = append(l.Items, s)
		}
		return l
	case *types.AttributeValueMemberNS:
		l := value.NewList()
		for _, n := range a.Value {
			l.Items = append(l.Items, numberValue(n))
		}
		return l
	case *types.AttributeValueMemberBS:
		l := value.NewList()
		for _, b := range a.Value {
			l.Items = append(l.Items, base64.StdEncoding.EncodeToString(b))
		}
		return l
	case *types.AttributeValueMemberL:
		l := value.NewList()
		for _, e := range a.Value {
			l.Items = append(l.Items, attrValue(e))
		}
		return l
	case *types.AttributeValueMemberM:
		return itemValue(a.Value, nil)
	}
	return nil
}

// numberValue converts DynamoDB number text: an integer that fits int64
// stays exact, anything else becomes float64.
func numberValue(s string) any {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return f
}

// equalItems reports whether two items hold the same attributes, ignoring
// the named ones: the comparison AppSync makes after a failed PutItem
// condition (numbers by value, sets in any order).
func equalItems(a, b map[string]types.AttributeValue, ignore []string) bool {
	count := func(m map[string]types.AttributeValue) int {
		n := 0
		for name := range m {
			if !slices.Contains(ignore, name) {
				n++
			}
		}
		return n
	}
	if count(a) != count(b) {
		return false
	}
	for name, av := range a {
		if slices.Contains(ignore, name) {
			continue
		}
		bv, ok := b[name]
		if !ok || !equalAttr(av, bv) {
			return false
		}
	}
	return true
}

func equalAttr(a, b types.AttributeValue) bool {
	switch x := a.(type) {
	case *types.AttributeValueMemberS:
		y, ok := b.(*types.AttributeValueMemberS)
		return ok && x.Value == y.Value
	case *types.AttributeValueMemberN:
		y, ok := b.(*types.AttributeValueMemberN)
		return ok && canonicalNumber(x.Value) == canonicalNumber(y.Value)
	case *types.AttributeValueMemberB:
		y, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.Equal(x.Value, y.Value)
	case *types.AttributeValueMemberBOOL:
		y, ok := b.(*types.AttributeValueMemberBOOL)
		return ok && x.Value == y.Value
	case *types.AttributeValueMemberNULL:
		_, ok := b.(*types.AttributeValueMemberNULL)
		return ok
	case *types.AttributeValueMemberSS:
		y, ok := b.(*types.AttributeValueMemberSS)
		return ok && sameSet(x.Value, y.Value, func(s string) string { return s })
	case *types.AttributeValueMemberNS:
		y, ok := b.(*types.AttributeValueMemberNS)
		return ok && sameSet(x.Value, y.Value, canonicalNumber)
	case *types.AttributeValueMemberBS:
		y, ok := b.(*types.AttributeValueMemberBS)
		return ok && sameSet(x.Value, y.Value, func(b []byte) string { return string(b) })
	case *types.AttributeValueMemberL:
		y, ok := b.(*types.AttributeValueMemberL)
		return ok && slices.EqualFunc(x.Value, y.Value, equalAttr)
	case *types.AttributeValueMemberM:
		y, ok := b.(*types.AttributeValueMemberM)
		return ok && equalItems(x.Value, y.Value, nil)
	}
	return false
}

func sameSet[T any](a, b []T, key func(T) string) bool {
	set := make(map[string]bool, len(a))
	for _, x := range a {
		set[key(x)] = true
	}
	other := make(map[string]bool, len(b))
	for _, y := range b {
		if !set[key(y)] {
			return false
		}
		other[key(y)] = true
	}
	return len(set) == len(other)
}

// canonicalNumber normalises number text so that equal numbers ("1.50",
// "1.5", "15E-1") compare equal.
func canonicalNumber(s string) string {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return s
	}
	return r.RatString()
}

// keyString identifies a primary key: the named attributes of item, whose
// values must be strings, numbers or binaries. ok is false when one is
// missing.
func keyString(names []string, item map[string]types.AttributeValue) (string, bool) {
	var b strings.Builder
	for _, name := range names {
		b.WriteString(strconv.Quote(name))
		switch v := item[name].(type) {
		case *types.AttributeValueMemberS:
			b.WriteString("S" + strconv.Quote(v.Value))
		case *types.AttributeValueMemberN:
			b.WriteString("N" + canonicalNumber(v.Value))
		case *types.AttributeValueMemberB:
			b.WriteString("B" + base64.StdEncoding.EncodeToString(v.Value))
		case nil:
			return "", false
		default:
			fmt.Fprintf(&b, "%T", v)
		}
	}
	return b.String(), true
}

// sortedNames returns the attribute names of m in order.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
