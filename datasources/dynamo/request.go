package dynamo

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Reading the request document. Paths are written as AppSync writes them
// in its messages: $[condition][expression], $[transactItems][0][key].

func member(path, name string) string { return path + "[" + name + "]" }

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// object is one JSON object of the request document and its path.
type object struct {
	m    *value.Map
	path string
}

// only refuses members other than the allowed ones, as AppSync does.
func (o object) only(allowed ...string) error {
	for _, k := range o.m.Keys() {
		if !slices.Contains(allowed, k) {
			return mappingErrorf("Unsupported element '%s'.", member(o.path, k))
		}
	}
	return nil
}

// get returns a member; null counts as absent.
func (o object) get(name string) (any, bool) {
	v, ok := o.m.Get(name)
	return v, ok && v != nil
}

func (o object) required(name string) (any, error) {
	v, ok := o.get(name)
	if !ok {
		return nil, mappingErrorf("Value for field '%s' not found.", member(o.path, name))
	}
	return v, nil
}

// object returns a member that must be a JSON object; ok is false when it
// is absent.
func (o object) object(name string, required bool) (object, bool, error) {
	v, ok := o.get(name)
	if !ok {
		if required {
			return object{}, false, mappingErrorf("Value for field '%s' not found.", member(o.path, name))
		}
		return object{}, false, nil
	}
	m, isMap := v.(*value.Map)
	if !isMap {
		return object{}, false, typeError(member(o.path, name), "JSON object", v)
	}
	return object{m, member(o.path, name)}, true, nil
}

func (o object) list(name string, required bool) (*value.List, bool, error) {
	v, ok := o.get(name)
	if !ok {
		if required {
			return nil, false, mappingErrorf("Value for field '%s' not found.", member(o.path, name))
		}
		return nil, false, nil
	}
	l, isList := v.(*value.List)
	if !isList {
		return nil, false, typeError(member(o.path, name), "ARRAY", v)
	}
	return l, true, nil
}

func (o object) string(name string, required bool) (string, bool, error) {
	v, ok := o.get(name)
	if !ok {
		if required {
			return "", false, mappingErrorf("Value for field '%s' not found.", member(o.path, name))
		}
		return "", false, nil
	}
	s, isString := v.(string)
	if !isString {
		return "", false, typeError(member(o.path, name), "STRING", v)
	}
	return s, true, nil
}

// bool returns an optional boolean member, nil when absent.
func (o object) bool(name string) (*bool, error) {
	v, ok := o.get(name)
	if !ok {
		return nil, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return nil, typeError(member(o.path, name), "BOOLEAN", v)
	}
	return &b, nil
}

// int32 returns an optional integer member, nil when absent.
func (o object) int32(name string) (*int32, error) {
	v, ok := o.get(name)
	if !ok {
		return nil, nil
	}
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		if x != math.Trunc(x) {
			return nil, typeError(member(o.path, name), "an integer", v)
		}
		n = int64(x)
	default:
		return nil, typeError(member(o.path, name), "NUMBER", v)
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return nil, mappingErrorf("Value %d of '%s' is out of range.", n, member(o.path, name))
	}
	i := int32(n)
	return &i, nil
}

// item reads a member that is a map of typed values (key, attributeValues).
func (o object) item(name string, required bool) (map[string]types.AttributeValue, error) {
	v, ok := o.get(name)
	if !ok {
		if required {
			return nil, mappingErrorf("Value for field '%s' not found.", member(o.path, name))
		}
		return nil, nil
	}
	return typedItem(v, member(o.path, name))
}

// expression is an expression section of the request ({expression,
// expressionNames, expressionValues}) as DynamoDB parameters.
type expression struct {
	text   string
	names  map[string]string
	values map[string]types.AttributeValue
}

// expression reads an expression section; allowed lists its other members
// (equalsIgnore, consistentRead, ...), and withValues says whether
// expressionValues may appear (a projection has none).
func (o object) expression(withValues bool, allowed ...string) (expression, error) {
	allowed = append(allowed, "expression", "expressionNames")
	if withValues {
		allowed = append(allowed, "expressionValues")
	}
	if err := o.only(allowed...); err != nil {
		return expression{}, err
	}
	var e expression
	var err error
	if e.text, _, err = o.string("expression", true); err != nil {
		return expression{}, err
	}
	names, ok, err := o.object("expressionNames", false)
	if err != nil {
		return expression{}, err
	}
	if ok {
		e.names = make(map[string]string, names.m.Len())
		names.m.Range(func(k string, v any) bool {
			s, isString := v.(string)
			if !isString {
				err = typeError(member(names.path, k), "STRING", v)
				return false
			}
			e.names[k] = s
			return true
		})
		if err != nil {
			return expression{}, err
		}
	}
	if withValues {
		if e.values, err = o.item("expressionValues", false); err != nil {
			return expression{}, err
		}
	}
	return e, nil
}

// placeholders gathers the names and values of several expressions into
// DynamoDB's ExpressionAttributeNames and ExpressionAttributeValues.
type placeholders struct {
	names  map[string]string
	values map[string]types.AttributeValue
}

func (p *placeholders) add(e expression, path string) error {
	for k, v := range e.names {
		if old, ok := p.names[k]; ok && old != v {
			return mappingErrorf("Expression name placeholder '%s' of '%s' is also defined as '%s' by another expression of the request.", k, path, old)
		}
		if p.names == nil {
			p.names = map[string]string{}
		}
		p.names[k] = v
	}
	for k, v := range e.values {
		if old, ok := p.values[k]; ok && !equalAttr(old, v) {
			return mappingErrorf("Expression value placeholder '%s' of '%s' is also defined with another value by another expression of the request.", k, path)
		}
		if p.values == nil {
			p.values = map[string]types.AttributeValue{}
		}
		p.values[k] = v
	}
	return nil
}

// optional returns s's address, or nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func mappingErrorf(format string, args ...any) *Error {
	return &Error{Type: TypeMappingTemplate, Message: fmt.Sprintf(format, args...)}
}
