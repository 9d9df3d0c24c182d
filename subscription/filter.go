package subscription

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// Filter is an enhanced subscription filter, as
// $extensions.setSubscriptionFilter takes it:
//
//	{"filterGroup": [{"filters": [{"fieldName": "a.b", "operator": "eq", "value": 1}, ...]}, ...]}
//
// The groups are ORed and the filters of a group ANDed. A Filter is immutable
// and safe for concurrent use.
type Filter struct {
	groups [][]rule
}

// rule is one {fieldName, operator, value}.
type rule struct {
	path  []string
	op    string
	value any   // normalized scalar (eq, ne, le, ..., beginsWith)
	list  []any // normalized values (in, notIn, between, containsAny)
}

// Operators are the operators of enhanced filters, in AppSync's documentation order.
var Operators = []string{"eq", "ne", "le", "lt", "ge", "gt", "contains", "notContains", "beginsWith", "in", "notIn", "between", "containsAny"}

var listOperators = map[string]bool{"in": true, "notIn": true, "between": true, "containsAny": true}

// ParseFilter compiles a filter given as plain JSON-like Go data
// (map[string]any, []any, string, numbers, bool). It checks the structure
// only: AppSync's limits (groups, fields, values, string lengths) are checked
// where the filter is set (builtins.ValidateSubscriptionFilter), with AWS's
// messages. The error names what is wrong.
func ParseFilter(v any) (*Filter, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("subscription filter must be an object with a filterGroup list, got %s", kind(v))
	}
	groups, ok := m["filterGroup"].([]any)
	if !ok {
		return nil, fmt.Errorf("subscription filter must be an object with a filterGroup list")
	}
	f := &Filter{groups: make([][]rule, 0, len(groups))}
	for i, g := range groups {
		gm, ok := g.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("subscription filter group %d must be an object with a filters list", i)
		}
		filters, ok := gm["filters"].([]any)
		if !ok {
			return nil, fmt.Errorf("subscription filter group %d must be an object with a filters list", i)
		}
		rules := make([]rule, 0, len(filters))
		for j, fv := range filters {
			r, err := parseRule(fv)
			if err != nil {
				return nil, fmt.Errorf("subscription filter group %d, filter %d: %w", i, j, err)
			}
			rules = append(rules, r)
		}
		f.groups = append(f.groups, rules)
	}
	return f, nil
}

func parseRule(v any) (rule, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return rule{}, fmt.Errorf("want an object with fieldName, operator and value, got %s", kind(v))
	}
	name, _ := m["fieldName"].(string)
	if name == "" {
		return rule{}, fmt.Errorf("fieldName must be a non-empty string")
	}
	op, _ := m["operator"].(string)
	known := false
	for _, o := range Operators {
		known = known || o == op
	}
	if !known {
		return rule{}, fmt.Errorf("unknown operator %v (want one of %s)", m["operator"], strings.Join(Operators, ", "))
	}
	r := rule{path: strings.Split(name, "."), op: op}
	if listOperators[op] {
		l, ok := m["value"].([]any)
		if !ok {
			return rule{}, fmt.Errorf("operator %s needs a list value, got %s", op, kind(m["value"]))
		}
		if op == "between" && len(l) != 2 {
			return rule{}, fmt.Errorf("operator between needs two values, got %d", len(l))
		}
		for _, e := range l {
			r.list = append(r.list, normalize(e))
		}
		return r, nil
	}
	r.value = normalize(m["value"])
	return r, nil
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	if _, ok := number(v); ok {
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// Match reports whether data, an event's value keyed by field name, passes
// the filter: some group whose every filter holds. A filter on a field that
// is absent or null holds for no operator.
func (f *Filter) Match(data any) bool {
	for _, g := range f.groups {
		if matchGroup(g, data) {
			return true
		}
	}
	return false
}

func matchGroup(g []rule, data any) bool {
	for i := range g {
		if !g[i].match(data) {
			return false
		}
	}
	return true
}

// lookup follows a dotted path through nested objects.
func lookup(data any, path []string) (any, bool) {
	cur := data
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

func (r *rule) match(data any) bool {
	v, ok := lookup(data, r.path)
	if !ok {
		return false
	}
	v = normalize(v)
	switch r.op {
	case "eq":
		return equalScalar(v, r.value)
	case "ne":
		return !equalScalar(v, r.value)
	case "le", "lt", "ge", "gt":
		c, ok := compare(v, r.value)
		if !ok {
			return false
		}
		switch r.op {
		case "le":
			return c <= 0
		case "lt":
			return c < 0
		case "ge":
			return c >= 0
		}
		return c > 0
	case "contains":
		return contains(v, r.value)
	case "notContains":
		if _, isList := v.([]any); !isList {
			if _, isString := v.(string); !isString {
				return false
			}
		}
		return !contains(v, r.value)
	case "beginsWith":
		s, ok1 := v.(string)
		p, ok2 := r.value.(string)
		return ok1 && ok2 && strings.HasPrefix(s, p)
	case "in":
		for _, e := range r.list {
			if equalScalar(v, e) {
				return true
			}
		}
		return false
	case "notIn":
		if _, isList := v.([]any); isList {
			return false
		}
		for _, e := range r.list {
			if equalScalar(v, e) {
				return false
			}
		}
		return true
	case "between":
		lo, ok1 := compare(v, r.list[0])
		hi, ok2 := compare(v, r.list[1])
		return ok1 && ok2 && lo >= 0 && hi <= 0
	case "containsAny":
		for _, e := range r.list {
			if contains(v, e) {
				return true
			}
		}
		return false
	}
	return false
}

// contains is a substring test on strings and a membership test on lists.
func contains(v, want any) bool {
	switch t := v.(type) {
	case string:
		w, ok := want.(string)
		return ok && strings.Contains(t, w)
	case []any:
		for _, e := range t {
			if equalScalar(normalize(e), want) {
				return true
			}
		}
	}
	return false
}

// equalScalar compares two normalized scalars: numbers by value, strings and
// booleans exactly; values of different kinds, lists and objects never equal.
func equalScalar(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	return false
}

// compare orders two numbers or two strings (by code point, case-sensitive).
func compare(a, b any) (int, bool) {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		if !ok {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case string:
		y, ok := b.(string)
		if !ok {
			return 0, false
		}
		return strings.Compare(x, y), true
	}
	return 0, false
}

// normalize turns every number into a float64 so that 1, int64(1), 1.0 and
// json.Number("1") compare equal; other values are returned as they are.
func normalize(v any) any {
	if f, ok := number(v); ok {
		return f
	}
	return v
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) {
			return 0, false
		}
		return f, true
	}
	return 0, false
}

// Equal reports whether an argument value equals a field value of an event,
// as argument filtering compares them: numbers by value whatever their Go
// type, strings and booleans exactly, lists and objects member by member,
// null only to null.
func Equal(a, b any) bool {
	a, b = normalize(a), normalize(b)
	switch x := a.(type) {
	case nil:
		return b == nil
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !Equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return equalScalar(a, b)
}

// MatchArgs reports whether an event's data passes argument filtering: every
// argument must equal the same-named field of data; a field data does not
// have (the mutation did not select it) never matches, even a null argument.
// Data that is not an object (a list or scalar result) matches only when
// there are no arguments.
func MatchArgs(args map[string]any, data any) bool {
	if len(args) == 0 {
		return true
	}
	obj, _ := data.(map[string]any)
	for name, want := range args {
		got, ok := obj[name]
		if !ok || !Equal(want, got) {
			return false
		}
	}
	return true
}
