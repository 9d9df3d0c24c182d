package postgres

import (
	"strings"
	"testing"
)

func TestRewrite(t *testing.T) {
	t.Parallel()
	cast := func(name string) string {
		if name == "typed" {
			return "uuid"
		}
		return ""
	}
	cases := []struct {
		in, want string
		names    []string
	}{
		{"select * from t where a = :a and b = :b or a = :a", "select * from t where a = $1 and b = $2 or a = $1", []string{"a", "b"}},
		{"select :typed", "select $1::uuid", []string{"typed"}},
		{"select ':a', 'it''s :a', :b", "select ':a', 'it''s :a', $1", []string{"b"}},
		{`select E'\':a', :b`, `select E'\':a', $1`, []string{"b"}},
		{`select ":a" from t where x = :x`, `select ":a" from t where x = $1`, []string{"x"}},
		{"select 1 -- :a\n, :b", "select 1 -- :a\n, $1", []string{"b"}},
		{"select /* :a /* :b */ :c */ :d", "select /* :a /* :b */ :c */ $1", []string{"d"}},
		{"select $$ :a $$, $tag$ :b $tag$, :c", "select $$ :a $$, $tag$ :b $tag$, $1", []string{"c"}},
		{"select x::int, :n::text, arr[1:2] from t", "select x::int, $1::text, arr[1:2] from t", []string{"n"}},
		{"select :élan, :a_1", "select $1, $2", []string{"élan", "a_1"}},
		{"select 'unterminated :a", "select 'unterminated :a", nil},
		{"select :", "select :", nil},
	}
	for _, c := range cases {
		st := rewrite(c.in, cast)
		if st.sql != c.want || strings.Join(st.names, ",") != strings.Join(c.names, ",") {
			t.Errorf("rewrite(%q) = %q %q, want %q %q", c.in, st.sql, st.names, c.want, c.names)
		}
	}
}

func TestPosition(t *testing.T) {
	t.Parallel()
	in := "select :long_name, ünï, :b::text, bad"
	st := rewrite(in, func(string) string { return "varchar" })
	// st.sql is "select $1::varchar, ünï, $2::varchar::text, bad".
	for _, c := range []struct {
		word string
	}{{"ünï"}, {"bad"}, {"select"}} {
		pos := len([]rune(st.sql[:strings.Index(st.sql, c.word)])) + 1
		want := len([]rune(in[:strings.Index(in, c.word)])) + 1
		if got := st.position(pos); got != want {
			t.Errorf("position of %q: %d maps to %d, want %d", c.word, pos, got, want)
		}
	}
	// Inside a parameter: its placeholder.
	pos := len([]rune(st.sql[:strings.Index(st.sql, "$2")])) + 3
	if got, want := st.position(pos), len([]rune(in[:strings.Index(in, ":b")]))+1; got != want {
		t.Errorf("position inside $2: %d, want %d", got, want)
	}
}

// FuzzRewrite checks that rewriting never panics, only replaces
// placeholders (text without a colon comes back unchanged) and maps every
// position into the original text.
func FuzzRewrite(f *testing.F) {
	for _, s := range []string{"select :a", "'x' :b \"c\" -- :d\n/* :e */ $$ :f $$ :g::int", "E'\\'", "$a$", ":", "/*", "--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		st := rewrite(in, func(string) string { return "int8" })
		if !strings.Contains(in, ":") && st.sql != in {
			t.Fatalf("rewrite(%q) = %q without placeholders", in, st.sql)
		}
		n := len([]rune(st.sql))
		for p := 1; p <= n+1; p++ {
			if got := st.position(p); got < 1 || got > len([]rune(in))+1 {
				t.Fatalf("position(%d) = %d outside %q", p, got, in)
			}
		}
	})
}
