package builtins

import "testing"

func TestMap(t *testing.T) {
	t.Parallel()
	j := func(s string) any { return jsonValue(t, s) }
	runCalls(t, []callCase{
		{fn: "map.copyAndRetainAllKeys", args: []any{j(`{"c":3,"a":1,"b":2}`), j(`["b","c","z"]`)}, want: j(`{"c":3,"b":2}`)},
		{fn: "map.copyAndRetainAllKeys", args: []any{j(`{"1":1}`), j(`[1]`)}, want: j(`{}`)},
		{fn: "map.copyAndRemoveAllKeys", args: []any{j(`{"c":3,"a":1,"b":2}`), j(`["a"]`)}, want: j(`{"c":3,"b":2}`)},
		{fn: "map.copyAndRemoveAllKeys", args: []any{j(`{"a":1}`), j(`[]`)}, want: j(`{"a":1}`)},
		{fn: "map.copyAndRemoveAllKeys", args: []any{j(`[1]`), j(`[]`)}, err: "$util.map.copyAndRemoveAllKeys: argument 1 must be a map, got List"},
	})
	b := setup(t)
	in := jsonValue(t, `{"a":1,"b":2}`)
	mustInvoke(t, b.env, "map.copyAndRemoveAllKeys", in, jsonValue(t, `["a"]`))
	if got := jsonValue(t, `{"a":1,"b":2}`); !javaEquals(in, got) {
		t.Error("copyAndRemoveAllKeys changed its input")
	}
}
