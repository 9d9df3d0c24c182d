package vtl_test

import (
	"fmt"
	"strings"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// object is a host object for tests: members are values or value.Func.
type object map[string]any

func (o object) Member(name string) (any, bool) {
	v, ok := o[name]
	return v, ok
}

func fn(f func(args []any) (any, error)) value.Func { return value.Func(f) }

func nArgs(name string, args []any, n int) error {
	if len(args) != n {
		return fmt.Errorf("%s takes %d arguments, got %d", name, n, len(args))
	}
	return nil
}

// fakeUtil stands in for $util, which resolvers/builtins provides: enough
// of it to test host calls (qr, toJson, error, a few defaults, a
// DynamoDB converter and a fixed clock).
func fakeUtil() object {
	quiet := fn(func([]any) (any, error) { return "", nil })
	return object{
		"qr":    quiet,
		"quiet": quiet,
		"toJson": fn(func(args []any) (any, error) {
			if err := nArgs("toJson", args, 1); err != nil {
				return nil, err
			}
			return value.ToJSON(args[0]), nil
		}),
		"isNull": fn(func(args []any) (any, error) { return len(args) == 1 && args[0] == nil, nil }),
		"isNullOrEmpty": fn(func(args []any) (any, error) {
			return len(args) == 1 && (args[0] == nil || args[0] == ""), nil
		}),
		"defaultIfNull": fn(func(args []any) (any, error) {
			if err := nArgs("defaultIfNull", args, 2); err != nil {
				return nil, err
			}
			if args[0] == nil {
				return args[1], nil
			}
			return args[0], nil
		}),
		"defaultIfNullOrBlank": fn(func(args []any) (any, error) {
			if err := nArgs("defaultIfNullOrBlank", args, 2); err != nil {
				return nil, err
			}
			if s, ok := args[0].(string); args[0] == nil || ok && strings.TrimSpace(s) == "" {
				return args[1], nil
			}
			return args[0], nil
		}),
		"autoId": fn(func([]any) (any, error) { return "00000000-0000-4000-8000-000000000000", nil }),
		"error": fn(func(args []any) (any, error) {
			e := &value.Error{}
			if len(args) > 0 {
				e.Message = value.String(args[0])
			}
			if len(args) > 1 {
				e.Type, _ = args[1].(string)
			}
			if len(args) > 2 {
				e.Data = args[2]
			}
			return nil, e
		}),
		// goValue returns plain Go data, which the engine converts.
		"goValue": fn(func([]any) (any, error) {
			return map[string]any{"n": 1, "l": []any{1, "x"}}, nil
		}),
		"time": object{
			"nowISO8601": fn(func([]any) (any, error) { return "2024-01-02T03:04:05.000Z", nil }),
		},
		"dynamodb": object{
			"toDynamoDBJson": fn(func(args []any) (any, error) {
				if err := nArgs("toDynamoDBJson", args, 1); err != nil {
					return nil, err
				}
				return value.ToJSON(toDynamo(args[0])), nil
			}),
			"toMapValuesJson": fn(func(args []any) (any, error) {
				m, ok := args[0].(*value.Map)
				if len(args) != 1 || !ok {
					return nil, fmt.Errorf("toMapValuesJson takes a map")
				}
				out := value.NewMap()
				m.Range(func(k string, v any) bool {
					out.Put(k, toDynamo(v))
					return true
				})
				return value.ToJSON(out), nil
			}),
		},
		"version": "fake",
	}
}

// toDynamo converts a value to a DynamoDB attribute value.
func toDynamo(v any) any {
	m := value.NewMap()
	switch x := v.(type) {
	case nil:
		m.Put("NULL", true)
	case string:
		m.Put("S", x)
	case int64, float64:
		m.Put("N", value.String(x))
	case bool:
		m.Put("BOOL", x)
	case *value.List:
		l := value.NewList()
		for _, e := range x.Items {
			l.Items = append(l.Items, toDynamo(e))
		}
		m.Put("L", l)
	case *value.Map:
		inner := value.NewMap()
		x.Range(func(k string, e any) bool {
			inner.Put(k, toDynamo(e))
			return true
		})
		m.Put("M", inner)
	default:
		m.Put("S", value.String(x))
	}
	return m
}
