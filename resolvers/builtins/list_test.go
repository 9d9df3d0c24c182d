package builtins

import (
	"fmt"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

func TestList(t *testing.T) {
	t.Parallel()
	j := func(s string) any { return jsonValue(t, s) }
	long := value.NewList()
	for i := range 1001 {
		long.Items = append(long.Items, int64(1001-i))
	}
	runCalls(t, []callCase{
		{fn: "list.copyAndRetainAll", args: []any{j(`[1,2,3,"a",{"k":1}]`), j(`[3,1,"a",{"k":1},9]`)}, want: j(`[1,3,"a",{"k":1}]`)},
		{fn: "list.copyAndRetainAll", args: []any{j(`[1,2.0,1.0]`), j(`[1.0]`)}, want: j(`[1.0]`)},
		{fn: "list.copyAndRemoveAll", args: []any{j(`["a","b","a","c"]`), j(`["a"]`)}, want: j(`["b","c"]`)},
		{fn: "list.copyAndRemoveAll", args: []any{j(`[{"a":1,"b":2},{"a":2}]`), j(`[{"b":2,"a":1}]`)}, want: j(`[{"a":2}]`)},
		{fn: "list.copyAndRemoveAll", args: []any{j(`[1]`), "1"}, err: "argument 2 must be a list, got String"},
		// The documented example.
		{fn: "list.sortList", args: []any{j(`[{"description":"youngest","age":5},{"description":"middle","age":45},{"description":"oldest","age":85}]`), false, "description"},
			want: j(`[{"description":"middle","age":45},{"description":"oldest","age":85},{"description":"youngest","age":5}]`)},
		{fn: "list.sortList", args: []any{j(`[{"n":"a","age":5},{"n":"b","age":45},{"n":"c","age":5}]`), true, "age"},
			want: j(`[{"n":"b","age":45},{"n":"a","age":5},{"n":"c","age":5}]`)},
		{fn: "list.sortList", args: []any{j(`[{"n":"a"},{"n":"b","age":4},{"n":"c","age":1}]`), false, "age"},
			want: j(`[{"n":"a"},{"n":"c","age":1},{"n":"b","age":4}]`)},
		{fn: "list.sortList", args: []any{j(`["b","a","C","é","😀","\uffff"]`), false, "any"}, want: j(`["C","a","b","é","😀","\uffff"]`)},
		{fn: "list.sortList", args: []any{j(`[3,1,2]`), true, "x"}, want: j(`[3,2,1]`)},
		{fn: "list.sortList", args: []any{j(`[2.5,-1.0,0.0]`), false, nil}, want: j(`[-1.0,0.0,2.5]`)},
		{fn: "list.sortList", args: []any{j(`[true,false,true]`), false, ""}, want: j(`[false,true,true]`)},
		// Mixed classes (even Integer with Double) come back as they were.
		{fn: "list.sortList", args: []any{j(`[3,"a",1]`), false, ""}, want: j(`[3,"a",1]`)},
		{fn: "list.sortList", args: []any{j(`[3,1.5,1]`), false, ""}, want: j(`[3,1.5,1]`)},
		{fn: "list.sortList", args: []any{j(`[{"a":"x"},{"a":1}]`), false, "a"}, want: j(`[{"a":"x"},{"a":1}]`)},
		{fn: "list.sortList", args: []any{j(`[[2],[1]]`), false, ""}, want: j(`[[2],[1]]`)},
		{fn: "list.sortList", args: []any{j(`[]`), false, ""}, want: j(`[]`)},
		{fn: "list.sortList", args: []any{long, false, ""}, want: long},
		{fn: "list.sortList", args: []any{j(`[1]`), "true", ""}, err: "argument 2 must be a boolean"},
	})
}

func TestSortListCopies(t *testing.T) {
	t.Parallel()
	b := setup(t)
	in := jsonValue(t, `[3,1,2]`).(*value.List)
	out := mustInvoke(t, b.env, "list.sortList", in, false, "")
	if got := fmt.Sprint(value.String(in), value.String(out)); got != "[3, 1, 2][1, 2, 3]" {
		t.Errorf("input and output = %s", got)
	}
}
