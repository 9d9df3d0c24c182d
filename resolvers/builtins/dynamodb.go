package builtins

import (
	"errors"
	"fmt"
	"io"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// $util.dynamodb: converters from template values to DynamoDB attribute
// values ({"S": "foo"}, {"N": 1}, {"L": [...]}, ...), as documented in
// "DynamoDB helpers in $util.dynamodb". Each helper has a …Json twin that
// returns value.ToJSON of the same result, exactly as wrapping the plain one
// in $util.toJson does.
//
// Numbers stay numbers: AppSync writes {"N": 12345}, not {"N": "12345"} (the
// documented examples, and what AWS answers for util.dynamodb.toDynamoDB(12345)
// and for the expression values of util.transform, recorded in
// localstack/appsync-utils __tests__/__snapshots__). A Java Double keeps its
// Java spelling, so 1.0 is written {"N": 1.0}. Null is {"NULL": null}, as
// documented for toNull and as AWS writes it for a null operand.
var dynamodbTable = &table{methods: map[string]method{
	"toDynamoDB":       ddbConvert("toDynamoDB", dsAny, toAttributeValue),
	"toDynamoDBJson":   ddbJSON(ddbConvert("toDynamoDBJson", dsAny, toAttributeValue)),
	"toString":         ddbConvert("toString", dsString, toAttributeValue),
	"toStringJson":     ddbJSON(ddbConvert("toStringJson", dsString, toAttributeValue)),
	"toStringSet":      ddbConvert("toStringSet", dsStrings, avSet("SS")),
	"toStringSetJson":  ddbJSON(ddbConvert("toStringSetJson", dsStrings, avSet("SS"))),
	"toNumber":         ddbConvert("toNumber", dsNumber, toAttributeValue),
	"toNumberJson":     ddbJSON(ddbConvert("toNumberJson", dsNumber, toAttributeValue)),
	"toNumberSet":      ddbConvert("toNumberSet", dsNumbers, avSet("NS")),
	"toNumberSetJson":  ddbJSON(ddbConvert("toNumberSetJson", dsNumbers, avSet("NS"))),
	"toBinary":         ddbConvert("toBinary", dsString, avTyped("B")),
	"toBinaryJson":     ddbJSON(ddbConvert("toBinaryJson", dsString, avTyped("B"))),
	"toBinarySet":      ddbConvert("toBinarySet", dsStrings, avSet("BS")),
	"toBinarySetJson":  ddbJSON(ddbConvert("toBinarySetJson", dsStrings, avSet("BS"))),
	"toBoolean":        ddbConvert("toBoolean", dsBool, toAttributeValue),
	"toBooleanJson":    ddbJSON(ddbConvert("toBooleanJson", dsBool, toAttributeValue)),
	"toNull":           ddbNull("toNull"),
	"toNullJson":       ddbJSON(ddbNull("toNullJson")),
	"toList":           ddbConvert("toList", dsList, toAttributeValue),
	"toListJson":       ddbJSON(ddbConvert("toListJson", dsList, toAttributeValue)),
	"toMap":            ddbConvert("toMap", dsMap, toAttributeValue),
	"toMapJson":        ddbJSON(ddbConvert("toMapJson", dsMap, toAttributeValue)),
	"toMapValues":      ddbConvert("toMapValues", dsMap, toMapValues),
	"toMapValuesJson":  ddbJSON(ddbConvert("toMapValuesJson", dsMap, toMapValues)),
	"toS3Object":       ddbS3("toS3Object"),
	"toS3ObjectJson":   ddbJSON(ddbS3("toS3ObjectJson")),
	"fromS3ObjectJson": fromS3ObjectJSON,
}}

// ToAttributeValue converts a template value to a DynamoDB attribute value
// the way $util.dynamodb.toDynamoDB does: strings are S, numbers N (kept as
// numbers), booleans BOOL, null NULL, lists L (never a set) and maps M, each
// member converted in turn. It fails for values JSON cannot hold (host
// objects and functions).
func ToAttributeValue(v any) (*value.Map, error) {
	av, err := toAttributeValue(v)
	if err != nil {
		return nil, err
	}
	return av.(*value.Map), nil
}

func toAttributeValue(v any) (any, error) {
	switch t := value.From(v).(type) {
	case nil:
		return avOf("NULL", nil), nil
	case string:
		return avOf("S", t), nil
	case int64, float64:
		return avOf("N", t), nil
	case bool:
		return avOf("BOOL", t), nil
	case *value.List:
		items := make([]any, len(t.Items))
		for i, e := range t.Items {
			av, err := toAttributeValue(e)
			if err != nil {
				return nil, err
			}
			items[i] = av
		}
		return avOf("L", value.NewList(items...)), nil
	case *value.Map:
		m, err := toMapValues(t)
		if err != nil {
			return nil, err
		}
		return avOf("M", m), nil
	default:
		return nil, fmt.Errorf("cannot convert %s to a DynamoDB attribute value", value.TypeOf(t))
	}
}

// toMapValues converts each value of a map; the map itself is not wrapped.
func toMapValues(v any) (any, error) {
	m := v.(*value.Map)
	out := value.NewMap()
	var err error
	m.Range(func(k string, e any) bool {
		var av any
		if av, err = toAttributeValue(e); err != nil {
			return false
		}
		out.Put(k, av)
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// attr returns the one-member map {typ: v}.
func avOf(typ string, v any) *value.Map {
	m := value.NewMap()
	m.Put(typ, v)
	return m
}

// typed wraps the argument as it is: toBinary takes data already in base64.
func avTyped(typ string) func(any) (any, error) {
	return func(v any) (any, error) { return avOf(typ, v), nil }
}

// setOf wraps a list's members, unconverted, as a DynamoDB set: {"SS": [...]}.
func avSet(typ string) func(any) (any, error) {
	return func(v any) (any, error) {
		l := v.(*value.List)
		return avOf(typ, value.NewList(append([]any(nil), l.Items...)...)), nil
	}
}

// dsKind checks one argument and says what was expected.
type dsKind struct {
	want string
	ok   func(any) bool
}

var (
	dsAny     = dsKind{"any value", func(any) bool { return true }}
	dsString  = dsKind{"a string", func(v any) bool { _, ok := v.(string); return ok }}
	dsBool    = dsKind{"a boolean", func(v any) bool { _, ok := v.(bool); return ok }}
	dsNumber  = dsKind{"a number", dsIsNumber}
	dsList    = dsKind{"a list", func(v any) bool { _, ok := v.(*value.List); return ok }}
	dsMap     = dsKind{"a map", func(v any) bool { _, ok := v.(*value.Map); return ok }}
	dsStrings = dsKind{"a list of strings", dsListOf(func(v any) bool { _, ok := v.(string); return ok })}
	dsNumbers = dsKind{"a list of numbers", dsListOf(dsIsNumber)}
)

func dsIsNumber(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

func dsListOf(ok func(any) bool) func(any) bool {
	return func(v any) bool {
		l, isList := v.(*value.List)
		if !isList {
			return false
		}
		for _, e := range l.Items {
			if !ok(e) {
				return false
			}
		}
		return true
	}
}

// ddbConvert is a one-argument helper: check the argument, then convert it.
func ddbConvert(name string, kind dsKind, conv func(any) (any, error)) method {
	fn := "$util.dynamodb." + name
	return func(_ *Env, args []any) (any, error) {
		a := dsArgs{fn, args}
		if err := a.count(1, 1); err != nil {
			return nil, err
		}
		v := value.From(args[0])
		if !kind.ok(v) {
			return nil, a.wrong(kind.want, v)
		}
		out, err := conv(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fn, err)
		}
		return out, nil
	}
}

// ddbJSON turns a helper into its …Json twin.
func ddbJSON(m method) method {
	return func(env *Env, args []any) (any, error) {
		v, err := m(env, args)
		if err != nil {
			return nil, err
		}
		return value.ToJSON(v), nil
	}
}

func ddbNull(name string) method {
	fn := "$util.dynamodb." + name
	return func(_ *Env, args []any) (any, error) {
		if err := (dsArgs{fn, args}).count(0, 0); err != nil {
			return nil, err
		}
		return avOf("NULL", nil), nil
	}
}

// ddbS3 is toS3Object(key, bucket, region[, version]): an S attribute holding
// {"s3":{"key":…,"bucket":…,"region":…[,"version":…]}} as compact JSON, the
// form AWS answers (the documentation's example spaces it out and has a typo).
func ddbS3(name string) method {
	fn := "$util.dynamodb." + name
	return func(_ *Env, args []any) (any, error) {
		a := dsArgs{fn, args}
		if err := a.count(3, 4); err != nil {
			return nil, err
		}
		obj := value.NewMap()
		for i, k := range []string{"key", "bucket", "region", "version"}[:len(args)] {
			s, err := a.str(i)
			if err != nil {
				return nil, err
			}
			obj.Put(k, s)
		}
		return avOf("S", value.ToJSON(avS3(obj))), nil
	}
}

func avS3(obj *value.Map) *value.Map {
	m := value.NewMap()
	m.Put("s3", obj)
	return m
}

// fromS3ObjectJson takes the string an S3 object attribute holds,
// {"s3":{"key":…}}, and returns the inner map. The documentation's example
// passes the attribute value itself ({"S": "…"}); that is accepted too.
func fromS3ObjectJSON(_ *Env, args []any) (any, error) {
	a := dsArgs{"$util.dynamodb.fromS3ObjectJson", args}
	if err := a.count(1, 1); err != nil {
		return nil, err
	}
	v := value.From(args[0])
	if m, ok := v.(*value.Map); ok {
		if s, ok := m.Get("S"); ok {
			v = s
		}
	}
	s, ok := v.(string)
	if !ok {
		return nil, a.wrong("a string", v)
	}
	parsed, err := dsParseJSON(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.fn, err)
	}
	if m, ok := parsed.(*value.Map); ok {
		if obj, ok := m.Get("s3"); ok {
			if obj, ok := obj.(*value.Map); ok {
				return obj.Clone(), nil
			}
		}
	}
	return nil, fmt.Errorf(`%s: expected an S3 object {"s3": {"key": …, "bucket": …, "region": …}}, got %s`, a.fn, s)
}

// dsParseJSON parses JSON text given to a helper.
func dsParseJSON(s string) (any, error) {
	v, err := value.FromJSON([]byte(s))
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.New("invalid JSON: unexpected end of input")
	}
	if err != nil {
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	return v, nil
}

// dsArgs checks the arguments of one call of the dynamodb, transform, rds,
// http and xml helpers; fn is the helper's full name for messages.
type dsArgs struct {
	fn   string
	args []any
}

func (a dsArgs) count(lo, hi int) error {
	n := len(a.args)
	if n >= lo && n <= hi {
		return nil
	}
	want := fmt.Sprint(lo)
	switch {
	case hi > lo+1:
		want = fmt.Sprintf("%d to %d", lo, hi)
	case hi == lo+1:
		want = fmt.Sprintf("%d or %d", lo, hi)
	}
	noun := "arguments"
	if lo == hi && lo == 1 {
		noun = "argument"
	}
	return fmt.Errorf("%s: expected %s %s, got %d", a.fn, want, noun, n)
}

// wrong reports an argument of the wrong type.
func (a dsArgs) wrong(want string, got any) error {
	return fmt.Errorf("%s: expected %s, got %s", a.fn, want, value.TypeOf(got))
}

func (a dsArgs) str(i int) (string, error) {
	s, ok := a.args[i].(string)
	if !ok {
		return "", a.wrong("a string", a.args[i])
	}
	return s, nil
}
