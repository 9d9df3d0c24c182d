package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/big"
	"slices"

	"github.com/vektah/gqlparser/v2/ast"
)

// CoerceInput checks and converts an argument value for a field argument or
// variable of GraphQL type t, returning the value resolvers receive.
//
// v is the value as gqlparser produces it (ast.Value.Value, or
// validator.VariableValues): string, int64, float64, bool, nil, []any,
// map[string]any, or json.Number; other Go integer, slice and map types are
// accepted too. CoerceInput walks non-null and list types (a single value where
// a list is expected becomes a one-element list, and each item of a list is
// coerced against the item type, as graphql-java does), input objects
// (recursively, applying field defaults and leaving out absent fields that have
// none) and enums (the value must name one of the enum's values), and coerces
// scalars:
//
//   - Int: an integer in the 32-bit range, also a whole float or json.Number; int64.
//   - Float: any finite number; float64.
//   - String: a string. Boolean: a bool.
//   - ID: a string, or an integer, which becomes its decimal string.
//   - AWSTimestamp: an integer (64-bit) number of seconds; int64.
//   - AWSJSON: a string holding JSON text, returned parsed (map[string]any,
//     []any, string, bool, nil, int64 for integers that fit, float64 otherwise).
//   - The other AWS scalars: a string in the scalar's format, unchanged.
//   - Any other scalar: unchanged.
//
// Maps and lists in the result are new; v is not modified. A value that does
// not fit, or a type s does not define, gives a *CoercionError; only a nil t
// gives another error.
func CoerceInput(s *ast.Schema, t *ast.Type, v any) (any, error) {
	if t == nil {
		return nil, errors.New("schema: CoerceInput needs a type")
	}
	c := coercer{schema: s}
	out, err := c.value(t, v, nil)
	if err != nil {
		return nil, err
	}
	return out, nil
}

type coercer struct {
	schema *ast.Schema
}

// fail returns a CoercionError at path.
func fail(kind coercionKind, path ast.Path, t string, v any, format string, args ...any) *CoercionError {
	return &CoercionError{
		Path:    slices.Clone(path),
		Type:    t,
		Value:   v,
		Message: fmt.Sprintf(format, args...),
		kind:    kind,
	}
}

func (c *coercer) value(t *ast.Type, v any, path ast.Path) (any, *CoercionError) {
	if v == nil {
		if t.NonNull {
			msg := fmt.Sprintf("Coerced Null value for NonNull type '%s'", t.String())
			if field := lastField(path); field != "" {
				msg = fmt.Sprintf("Field '%s' has coerced Null value for NonNull type '%s'", field, t.String())
			}
			return nil, fail(nullValue, path, t.String(), nil, "%s", msg)
		}
		return nil, nil
	}
	if t.Elem != nil {
		items, ok := asList(v)
		if !ok {
			item, err := c.value(t.Elem, v, append(path, ast.PathIndex(0)))
			if err != nil {
				return nil, err
			}
			return []any{item}, nil
		}
		out := make([]any, len(items))
		for i, item := range items {
			var err *CoercionError
			if out[i], err = c.value(t.Elem, item, append(path, ast.PathIndex(i))); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	var def *ast.Definition
	if c.schema != nil {
		def = c.schema.Types[t.NamedType]
	}
	if def == nil {
		return nil, fail(invalidValue, path, t.String(), v, "Unknown type '%s'", t.NamedType)
	}
	switch def.Kind {
	case ast.Scalar:
		return coerceScalar(def.Name, v, path)
	case ast.Enum:
		name, ok := v.(string)
		if !ok || def.EnumValues.ForName(name) == nil {
			return nil, fail(invalidValue, path, def.Name, v,
				"Invalid input for Enum '%s'. No value found for name '%s'", def.Name, javaString(v))
		}
		return name, nil
	case ast.InputObject:
		return c.object(def, v, path)
	}
	return nil, fail(invalidValue, path, def.Name, v, "Type '%s' is not an input type", def.Name)
}

// object coerces an input object value.
func (c *coercer) object(def *ast.Definition, v any, path ast.Path) (any, *CoercionError) {
	m, ok := asMap(v)
	if !ok {
		return nil, fail(notObject, path, def.Name, v,
			"Expected type 'Map' but was '%s'. Variables for input objects must be an instance of type 'Map'.", javaType(v))
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if def.Fields.ForName(name) == nil {
			return nil, fail(unknownField, append(path, ast.PathName(name)), def.Name, name,
				"The variables input contains a field name '%s' that is not defined for input object type '%s'", name, def.Name)
		}
	}
	out := make(map[string]any, len(def.Fields))
	for _, f := range def.Fields {
		fieldPath := append(path, ast.PathName(f.Name))
		raw, present := m[f.Name]
		if !present && f.DefaultValue != nil {
			d, err := f.DefaultValue.Value(nil)
			if err != nil {
				return nil, fail(invalidValue, fieldPath, f.Type.String(), f.DefaultValue.String(),
					"Invalid default value %s for field '%s': %v", f.DefaultValue.String(), f.Name, err)
			}
			raw, present = d, true
		}
		if !present {
			if f.Type.NonNull {
				return nil, fail(nullValue, fieldPath, f.Type.String(), nil,
					"Field '%s' has coerced Null value for NonNull type '%s'", f.Name, f.Type.String())
			}
			continue
		}
		val, err := c.value(f.Type, raw, fieldPath)
		if err != nil {
			return nil, err
		}
		out[f.Name] = val
	}
	return out, nil
}

// coerceScalar coerces a non-null value of the named scalar.
func coerceScalar(name string, v any, path ast.Path) (any, *CoercionError) {
	mismatch := func() *CoercionError {
		return fail(invalidValue, path, name, v, "Expected type '%s' but was '%s'.", name, javaType(v))
	}
	switch name {
	case "Int":
		if i, ok := smallInt(v); ok {
			return i, nil
		}
		if _, ok := v.(string); ok {
			return nil, mismatch()
		}
		i, ok := integer(v)
		if !ok || !i.IsInt64() || i.Int64() < math.MinInt32 || i.Int64() > math.MaxInt32 {
			return nil, mismatch()
		}
		return i.Int64(), nil
	case "Float":
		f, ok := toFloat(v)
		if !ok {
			return nil, mismatch()
		}
		return f, nil
	case "String":
		s, ok := v.(string)
		if !ok {
			return nil, mismatch()
		}
		return s, nil
	case "Boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, mismatch()
		}
		return b, nil
	case "ID":
		if s, ok := v.(string); ok {
			return s, nil
		}
		if i, ok := integer(v); ok {
			return i.String(), nil
		}
		return nil, mismatch()
	case AWSTimestamp:
		if i, ok := timestamp(v); ok {
			return i, nil
		}
		return nil, fail(invalidValue, path, name, v,
			"Unable to parse `%s` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description.",
			javaString(v))
	case AWSJSON:
		s, ok := v.(string)
		if ok {
			if parsed, err := parseJSON(s); err == nil {
				return parsed, nil
			}
		}
		return nil, fail(invalidValue, path, name, v, "Unable to parse %s as valid JSON.", javaString(v))
	}
	if sc, ok := stringScalars[name]; ok {
		s, isString := v.(string)
		if !isString || !sc.valid(s) {
			return nil, fail(invalidValue, path, name, v, "Unable to parse `%s` as a valid %s.", javaString(v), sc.what)
		}
		return s, nil
	}
	return v, nil // a scalar this package does not know: the caller's business
}

// smallInt returns v as an int64 when it is an int, int64 or whole float64
// within the 32-bit range, the common cases, without allocating.
func smallInt(v any) (int64, bool) {
	var i int64
	switch v := v.(type) {
	case int64:
		i = v
	case int:
		i = int64(v)
	case float64:
		if v != math.Trunc(v) || v < math.MinInt32 || v > math.MaxInt32 {
			return 0, false
		}
		i = int64(v)
	default:
		return 0, false
	}
	return i, i >= math.MinInt32 && i <= math.MaxInt32
}

// toFloat returns a finite number as a float64; strings and booleans are not numbers.
func toFloat(v any) (float64, bool) {
	var f float64
	switch v := v.(type) {
	case float64:
		f = v
	case float32:
		f = float64(v)
	case json.Number:
		var err error
		if f, err = v.Float64(); err != nil {
			return 0, false
		}
	default:
		i, ok := integer(v)
		if !ok {
			return 0, false
		}
		f, _ = new(big.Float).SetInt(i).Float64()
	}
	return f, !math.IsInf(f, 0) && !math.IsNaN(f)
}

// timestamp returns v as an AWSTimestamp: an integer in the 64-bit range. A
// json.Number must be written as an integer ("1.6841268E12" is a Double to
// Jackson, and AppSync rejects it).
func timestamp(v any) (int64, bool) {
	if n, ok := v.(json.Number); ok && !isIntegerText(string(n)) {
		return 0, false
	}
	if _, ok := v.(string); ok {
		return 0, false
	}
	i, ok := integer(v)
	if !ok || !i.IsInt64() {
		return 0, false
	}
	return i.Int64(), true
}

// parseJSON parses one RFC 8259 JSON text. Numbers become int64 when they are
// integers that fit and float64 otherwise.
func parseJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the value")
	}
	return numbers(v), nil
}

// numbers replaces the json.Numbers in a decoded JSON value.
func numbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		if f, err := v.Float64(); err == nil {
			return f
		}
		return v // beyond float64's range: keep the exact text
	case map[string]any:
		for k, e := range v {
			v[k] = numbers(e)
		}
	case []any:
		for i, e := range v {
			v[i] = numbers(e)
		}
	}
	return v
}
