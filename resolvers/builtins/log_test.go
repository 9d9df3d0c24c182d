package builtins

import (
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

func TestLog(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, c := range []struct {
		fn   string
		args []any
	}{
		{"log.info", []any{"plain"}},
		{"log.debug", []any{"user {} has {} items", "ann", int64(3)}},
		{"log.error", []any{jsonValue(t, `{"a":[1,2.5]}`)}},
		{"log.info", []any{`literal \{} then {} and {}`, "x"}},
		{"log.info", []any{`\\{}`, "y"}},
		{"log.info", []any{"{}{}", nil, value.NewList("a")}},
	} {
		if got := mustInvoke(t, b.env, c.fn, c.args...); got != "" {
			t.Errorf("%s returned %v", c.fn, got)
		}
	}
	want := `level=INFO msg=plain
level=DEBUG msg="user ann has 3 items"
level=ERROR msg="{a=[1, 2.5]}"
level=INFO msg="literal {} then x and {}"
level=INFO msg=\y
level=INFO msg=null[a]
`
	if got := b.logs.String(); got != want {
		t.Errorf("logs:\n%s\nwant:\n%s", got, want)
	}
	// Without a logger nothing happens.
	b.env.Log = nil
	if got := mustInvoke(t, b.env, "log.info", "x {}", int64(1)); got != "" {
		t.Errorf("no logger: %v", got)
	}
}
