package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/appsync-local/appsync-local/internal/javatext"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Serialize converts a resolver's value for a leaf field of the scalar or enum
// type called name into the JSON value AppSync returns. s is needed for enums:
// with a nil s, or a name s does not define, v is treated as a scalar value.
//
// nil stays nil. Built-in scalars follow graphql-java's output rules, which
// AppSync inherits:
//
//   - Int: an integer in the 32-bit range, also a whole float, a json.Number or a
//     numeric string ("42", "42.0"); int64.
//   - Float: a number or numeric string; float64.
//   - String: a string, or anything else in Java's toString form: 42, true,
//     {a=1} for a map, [1, 2] for a list.
//   - Boolean: a bool, "true" or "false" in any case, or a number (non-zero is true).
//   - ID: a string, or a number or bool written as a string.
//
// AWS scalars follow AppSync:
//
//   - AWSTimestamp: an integer (64-bit), whole float, json.Number or integer string; int64.
//   - AWSJSON: the value as JSON text (a string). A string that already holds
//     JSON text is returned unchanged, so values stored as JSON strings are not
//     encoded twice; any other string is encoded as a JSON string.
//   - AWSDate, AWSTime, AWSDateTime, AWSEmail, AWSURL, AWSPhone, AWSIPAddress:
//     a string valid under the input rules, returned unchanged.
//
// An enum value must be a string naming one of the enum's values. Any other
// scalar is returned unchanged. The error is a *SerializeError.
func Serialize(s *ast.Schema, name string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	var def *ast.Definition
	if s != nil {
		def = s.Types[name]
	}
	if def != nil && def.Kind == ast.Enum {
		return serializeEnum(def, v)
	}
	if def != nil && def.Kind != ast.Scalar {
		return nil, &SerializeError{Type: name, Value: v, Message: fmt.Sprintf("Type '%s' is not a leaf type", name)}
	}
	out, err := serializeScalar(name, v)
	if err != nil {
		return nil, &SerializeError{Type: name, Value: v, Message: err.Error()}
	}
	return out, nil
}

// serializeEnum checks that v names a value of the enum def.
func serializeEnum(def *ast.Definition, v any) (any, error) {
	name, ok := v.(string)
	if !ok || def.EnumValues.ForName(name) == nil {
		return nil, &SerializeError{Type: def.Name, Value: v,
			Message: fmt.Sprintf("Invalid input for Enum '%s'. Unknown value '%s'", def.Name, javaString(v))}
	}
	return name, nil
}

func serializeScalar(name string, v any) (any, error) {
	mismatch := func() error { return fmt.Errorf("Expected type '%s' but was '%s'.", name, javaType(v)) }
	switch name {
	case "Int":
		if i, ok := smallInt(v); ok {
			return i, nil
		}
		r, ok := decimal(v)
		if !ok || !r.IsInt() || !r.Num().IsInt64() || r.Num().Int64() < math.MinInt32 || r.Num().Int64() > math.MaxInt32 {
			return nil, mismatch()
		}
		return r.Num().Int64(), nil
	case "Float":
		f, ok := outputFloat(v)
		if !ok {
			return nil, mismatch()
		}
		return f, nil
	case "String":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return javaString(v), nil
	case "Boolean":
		switch v := v.(type) {
		case bool:
			return v, nil
		case string:
			switch strings.ToLower(v) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
			return nil, mismatch()
		}
		f, ok := toFloat(v)
		if !ok {
			return nil, mismatch()
		}
		return f != 0, nil
	case "ID":
		switch v.(type) {
		case string:
			return v, nil
		case bool:
			return javaString(v), nil
		}
		if i, ok := integer(v); ok {
			return i.String(), nil
		}
		if f, ok := toFloat(v); ok {
			return javatext.Double(f), nil
		}
		return nil, mismatch()
	case AWSTimestamp:
		if s, ok := v.(string); ok && isIntegerText(s) {
			v = json.Number(s)
		}
		if i, ok := timestamp(v); ok {
			return i, nil
		}
		return nil, fmt.Errorf("Unable to serialize `%s` as a valid timestamp. Ensure that the value provided is an Integer that lies within the limits specified in this scalar's description.", javaString(v))
	case AWSJSON:
		if s, ok := v.(string); ok && json.Valid([]byte(s)) {
			return s, nil
		}
		text, err := marshalJSON(v)
		if err != nil {
			return nil, fmt.Errorf("Unable to serialize %s as valid JSON.", javaString(v))
		}
		return text, nil
	}
	if sc, ok := stringScalars[name]; ok {
		s, isString := v.(string)
		if !isString || !sc.valid(s) {
			return nil, fmt.Errorf("Unable to serialize `%s` as a valid %s.", javaString(v), sc.what)
		}
		return s, nil
	}
	return v, nil
}

// decimal returns a number, json.Number or numeric string (Java BigDecimal
// syntax) as an exact rational.
func decimal(v any) (*big.Rat, bool) {
	switch v := v.(type) {
	case string:
		return parseDecimal(v)
	case json.Number:
		return parseDecimal(string(v))
	case float64, float32:
		f, ok := toFloat(v)
		if !ok {
			return nil, false
		}
		return new(big.Rat).SetFloat64(f), true
	}
	if i, ok := integer(v); ok {
		return new(big.Rat).SetInt(i), true
	}
	return nil, false
}

// parseDecimal parses s in Java BigDecimal syntax: an optional sign, digits
// with an optional point (".5" and "5." included), an optional exponent.
// Exponents beyond ±1000 are refused rather than expanded.
func parseDecimal(s string) (*big.Rat, bool) {
	if !decimalSyntax(s) {
		return nil, false
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp, err := strconv.Atoi(s[i+1:])
		if err != nil || exp > 1000 || exp < -1000 {
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// decimalSyntax reports whether s is [+-]digits[.digits][(e|E)[+-]digits] with
// at least one digit in the mantissa.
func decimalSyntax(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// outputFloat returns a number, json.Number or numeric string as a finite float64.
func outputFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case string:
		if !decimalSyntax(v) {
			return 0, false
		}
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	case bool:
		return 0, false
	}
	return toFloat(v)
}

// marshalJSON encodes v as compact JSON text without HTML escaping, as Jackson
// writes it.
func marshalJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(out) == 0 {
		return "", errors.New("empty JSON")
	}
	return string(out), nil
}
