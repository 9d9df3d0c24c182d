package subscription_test

import (
	"encoding/json"
	"testing"

	"github.com/appsync-local/appsync-local/subscription"
)

// item is the event the operator table filters.
var item = map[string]any{
	"id":       "t1",
	"title":    "Buy milk",
	"priority": int64(3),
	"score":    2.5,
	"done":     false,
	"tags":     []any{"home", "urgent", int64(7)},
	"owner":    map[string]any{"name": "ada", "address": map[string]any{"city": "Paris"}},
	"nothing":  nil,
	"count":    json.Number("10"),
}

func filterOf(t *testing.T, rules ...map[string]any) *subscription.Filter {
	t.Helper()
	fs := make([]any, len(rules))
	for i, r := range rules {
		fs[i] = r
	}
	f, err := subscription.ParseFilter(map[string]any{"filterGroup": []any{map[string]any{"filters": fs}}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func rule(field, op string, v any) map[string]any {
	return map[string]any{"fieldName": field, "operator": op, "value": v}
}

func TestFilterOperators(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		field string
		op    string
		value any
		want  bool
	}{
		{"eq string", "title", "eq", "Buy milk", true},
		{"eq string case-sensitive", "title", "eq", "buy milk", false},
		{"eq int vs float", "priority", "eq", 3.0, true},
		{"eq json.Number field", "count", "eq", int64(10), true},
		{"eq number vs string", "priority", "eq", "3", false},
		{"eq string vs number", "id", "eq", 1, false},
		{"eq bool", "done", "eq", false, true},
		{"eq bool mismatch", "done", "eq", true, false},
		{"eq absent field", "missing", "eq", "x", false},
		{"eq null field", "nothing", "eq", "x", false},
		{"ne", "priority", "ne", 4, true},
		{"ne equal", "priority", "ne", 3, false},
		{"ne different kinds", "priority", "ne", "3", true},
		{"ne absent field", "missing", "ne", "x", false},
		{"le equal", "priority", "le", 3, true},
		{"le less", "score", "le", 3, true},
		{"le more", "priority", "le", 2, false},
		{"lt", "priority", "lt", 4, true},
		{"lt equal", "priority", "lt", 3, false},
		{"ge", "priority", "ge", 3, true},
		{"ge less", "priority", "ge", 4, false},
		{"gt", "score", "gt", 2, true},
		{"gt equal", "score", "gt", 2.5, false},
		{"gt strings", "title", "gt", "A", true},
		{"gt mixed kinds", "title", "gt", 1, false},
		{"lt bool never", "done", "lt", true, false},
		{"contains substring", "title", "contains", "milk", true},
		{"contains substring missing", "title", "contains", "bread", false},
		{"contains list member", "tags", "contains", "urgent", true},
		{"contains list number", "tags", "contains", 7, true},
		{"contains list non-member", "tags", "contains", "work", false},
		{"contains on number", "priority", "contains", 3, false},
		{"notContains substring", "title", "notContains", "bread", true},
		{"notContains substring present", "title", "notContains", "milk", false},
		{"notContains list", "tags", "notContains", "work", true},
		{"notContains list member", "tags", "notContains", "home", false},
		{"notContains absent", "missing", "notContains", "x", false},
		{"beginsWith", "title", "beginsWith", "Buy", true},
		{"beginsWith no", "title", "beginsWith", "milk", false},
		{"beginsWith on number", "priority", "beginsWith", "3", false},
		{"in", "priority", "in", []any{1, 2, 3}, true},
		{"in no", "priority", "in", []any{1, 2}, false},
		{"in strings", "id", "in", []any{"t0", "t1"}, true},
		{"notIn", "priority", "notIn", []any{1, 2}, true},
		{"notIn no", "priority", "notIn", []any{3}, false},
		{"notIn absent", "missing", "notIn", []any{3}, false},
		{"between", "priority", "between", []any{1, 3}, true},
		{"between lower bound", "priority", "between", []any{3, 5}, true},
		{"between outside", "priority", "between", []any{4, 5}, false},
		{"between strings", "title", "between", []any{"A", "C"}, true},
		{"containsAny", "tags", "containsAny", []any{"work", "home"}, true},
		{"containsAny none", "tags", "containsAny", []any{"work", "play"}, false},
		{"containsAny on string", "title", "containsAny", []any{"milk"}, true},
		{"nested", "owner.name", "eq", "ada", true},
		{"nested deep", "owner.address.city", "beginsWith", "Par", true},
		{"nested through scalar", "title.x", "eq", "x", false},
		{"nested missing", "owner.age", "eq", 3, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := filterOf(t, rule(c.field, c.op, c.value))
			if got := f.Match(item); got != c.want {
				t.Errorf("%s %s %v on %v = %v, want %v", c.field, c.op, c.value, item[c.field], got, c.want)
			}
		})
	}
}

func TestFilterGroups(t *testing.T) {
	t.Parallel()
	f, err := subscription.ParseFilter(map[string]any{"filterGroup": []any{
		map[string]any{"filters": []any{rule("priority", "gt", 5), rule("done", "eq", false)}},
		map[string]any{"filters": []any{rule("owner.name", "eq", "ada"), rule("title", "contains", "milk")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !f.Match(item) {
		t.Error("second group holds; want match")
	}
	if f.Match(map[string]any{"priority": 9, "done": true, "owner": map[string]any{"name": "bob"}}) {
		t.Error("no group holds; want no match")
	}
	if !f.Match(map[string]any{"priority": 9, "done": false}) {
		t.Error("first group holds; want match")
	}
	empty, _ := subscription.ParseFilter(map[string]any{"filterGroup": []any{}})
	if empty.Match(item) {
		t.Error("a filter without groups matched")
	}
}

func TestParseFilterErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]any{
		"not an object":      "x",
		"no filterGroup":     map[string]any{},
		"group not object":   map[string]any{"filterGroup": []any{1}},
		"filters missing":    map[string]any{"filterGroup": []any{map[string]any{}}},
		"rule not object":    map[string]any{"filterGroup": []any{map[string]any{"filters": []any{"x"}}}},
		"empty fieldName":    map[string]any{"filterGroup": []any{map[string]any{"filters": []any{rule("", "eq", 1)}}}},
		"unknown operator":   map[string]any{"filterGroup": []any{map[string]any{"filters": []any{rule("a", "like", 1)}}}},
		"in without list":    map[string]any{"filterGroup": []any{map[string]any{"filters": []any{rule("a", "in", 1)}}}},
		"between with three": map[string]any{"filterGroup": []any{map[string]any{"filters": []any{rule("a", "between", []any{1, 2, 3})}}}},
	}
	for name, in := range cases {
		if _, err := subscription.ParseFilter(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestMatchArgs(t *testing.T) {
	t.Parallel()
	data := map[string]any{"id": "1", "priority": int64(2), "owner": nil}
	cases := []struct {
		name string
		args map[string]any
		want bool
	}{
		{"no arguments match everything", map[string]any{}, true},
		{"equal", map[string]any{"id": "1"}, true},
		{"different", map[string]any{"id": "2"}, false},
		{"numbers of different Go types", map[string]any{"priority": 2.0}, true},
		{"explicit null matches null", map[string]any{"owner": nil}, true},
		{"explicit null does not match a value", map[string]any{"id": nil}, false},
		{"unselected field never matches", map[string]any{"title": "x"}, false},
		{"unselected field never matches null", map[string]any{"title": nil}, false},
		{"all must hold", map[string]any{"id": "1", "priority": 3}, false},
	}
	for _, c := range cases {
		if got := subscription.MatchArgs(c.args, data); got != c.want {
			t.Errorf("%s: MatchArgs(%v) = %v, want %v", c.name, c.args, got, c.want)
		}
	}
}
