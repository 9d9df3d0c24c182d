package expr

import (
	"slices"
	"testing"
)

// Parse tables expect the printed tree: nested AND/OR/NOT operands are
// parenthesised, so precedence shows.
func TestParseCondition(t *testing.T) {
	t.Parallel()
	names := Names{"#n": "name", "#s": "status", "#d": "[3]"}
	values := mustValues(t, `{":v":{"S":"x"},":w":{"N":"2"},":x":{"N":"3"},":t":{"S":"SS"},":l":{"L":[]}}`)
	tests := []struct{ src, want string }{
		{"a = :v", "a = :v"},
		{"a=:v", "a = :v"},
		{"a <> :v", "a <> :v"},
		{"a < :w AND b <= :w", "a < :w AND b <= :w"},
		{"a > :w or b >= :w", "a > :w OR b >= :w"},
		{"a = :v OR b = :v AND c = :v", "a = :v OR (b = :v AND c = :v)"},
		{"a = :v AND b = :v OR c = :v", "(a = :v AND b = :v) OR c = :v"},
		{"NOT a = :v AND b = :v", "(NOT a = :v) AND b = :v"},
		{"NOT (a = :v AND b = :v)", "NOT (a = :v AND b = :v)"},
		{"not not a = :v", "NOT (NOT a = :v)"},
		{"(a = :v OR b = :v) AND c = :v", "(a = :v OR b = :v) AND c = :v"},
		{"a BETWEEN :w AND :x", "a BETWEEN :w AND :x"},
		{"a between :w and :x and b = :v", "a BETWEEN :w AND :x AND b = :v"},
		{"a IN (:v, :w, :x)", "a IN (:v, :w, :x)"},
		{"a.b[1].#n = :v", "a.b[1].#n = :v"},
		{"a . b [ 1 ] = :v", "a.b[1] = :v"},
		{"#d[3] = :v", "#d[3] = :v"},
		{"attribute_exists(a)", "attribute_exists(a)"},
		{"attribute_not_exists(#s) AND attribute_exists(b.c)", "attribute_not_exists(#s) AND attribute_exists(b.c)"},
		{"attribute_type(a, :t)", "attribute_type(a, :t)"},
		{"begins_with(a, :v)", "begins_with(a, :v)"},
		{"contains(a, :v)", "contains(a, :v)"},
		{"size(a) > :w", "size(a) > :w"},
		{":w < size(a.b)", ":w < size(a.b)"},
		{"size(a) BETWEEN :w AND :x", "size(a) BETWEEN :w AND :x"},
		{"(a) = :v", "(a) = :v"},
		{"(a)between(:w)and(:x)", "(a) BETWEEN (:w) AND (:x)"},
		{"(a.b).c = :v", "(a.b).c = :v"},
		{"(attribute_exists(a))", "(attribute_exists(a))"},
		{"(attribute_not_exists(pk)) AND (attribute_not_exists(#s))", "(attribute_not_exists(pk)) AND (attribute_not_exists(#s))"},
		{"(attribute_not_exists(pk) AND (attribute_not_exists(#s)))", "(attribute_not_exists(pk) AND (attribute_not_exists(#s)))"},
		{"a = b", "a = b"},
		{"x_9 = :v", "x_9 = :v"},
		{"a = :v\n\tAND\r\nb = :v", "a = :v AND b = :v"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCondition(tt.src, names, values)
			if err != nil {
				t.Fatalf("ParseCondition(%q): %v", tt.src, err)
			}
			if got := c.String(); got != tt.want {
				t.Errorf("ParseCondition(%q) = %q, want %q", tt.src, got, tt.want)
			}
			// The printed tree is itself a valid expression with the same tree.
			again, err := ParseCondition(c.String(), names, values)
			if err != nil {
				t.Fatalf("reparse %q: %v", c.String(), err)
			}
			if again.String() != c.String() {
				t.Errorf("reparse %q = %q", c.String(), again.String())
			}
		})
	}
}

func TestParseUpdate(t *testing.T) {
	t.Parallel()
	names := Names{"#n": "name"}
	values := mustValues(t, `{":v":{"S":"x"},":n":{"N":"1"},":l":{"L":[{"S":"a"}]},":s":{"SS":["a"]}}`)
	tests := []struct{ src, want string }{
		{"SET a = :v", "SET a = :v"},
		{"set a=:v,b=:n", "SET a = :v, b = :n"},
		{"SET a = a + :n", "SET a = a + :n"},
		{"SET a = :n - a", "SET a = :n - a"},
		{"SET a = (b + :n)", "SET a = (b + :n)"},
		{"SET a = (b) - :n", "SET a = (b) - :n"},
		{"SET a = list_append(a, :l)", "SET a = list_append(a, :l)"},
		{"SET a = list_append(:l, if_not_exists(a, :l))", "SET a = list_append(:l, if_not_exists(a, :l))"},
		{"SET a = if_not_exists(a, :n) + :n", "SET a = if_not_exists(a, :n) + :n"},
		{"SET a.b[2].#n = :v", "SET a.b[2].#n = :v"},
		{"REMOVE a, b[1], c.d", "REMOVE a, b[1], c.d"},
		{"ADD n :n, s :s", "ADD n :n, s :s"},
		{"DELETE s :s", "DELETE s :s"},
		{"SET a = :v REMOVE b ADD n :n DELETE s :s", "SET a = :v REMOVE b ADD n :n DELETE s :s"},
		{"delete s :s remove b", "DELETE s :s REMOVE b"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			u, err := ParseUpdate(tt.src, names, values)
			if err != nil {
				t.Fatalf("ParseUpdate(%q): %v", tt.src, err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("ParseUpdate(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseProjection(t *testing.T) {
	t.Parallel()
	names := Names{"#n": "name", "#d": "a.b"}
	tests := []struct {
		src, want string
		paths     []string
	}{
		{"a", "a", []string{"[a]"}},
		{"a, b.c, d[1]", "a, b.c, d[1]", []string{"[a]", "[b, c]", "[d, [1]]"}},
		{"#n, #d", "#n, #d", []string{"[name]", "[a.b]"}},
		{" x [ 0 ] [ 2 ] . y ", "x[0][2].y", []string{"[x, [0], [2], y]"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			p, err := ParseProjection(tt.src, names)
			if err != nil {
				t.Fatalf("ParseProjection(%q): %v", tt.src, err)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
			var got []string
			for _, path := range p.Paths() {
				got = append(got, path.String())
			}
			if !slices.Equal(got, tt.paths) {
				t.Errorf("Paths = %v, want %v", got, tt.paths)
			}
		})
	}
}

func TestParseKeyCondition(t *testing.T) {
	t.Parallel()
	values := mustValues(t, `{":h":{"S":"p"},":a":{"N":"1"},":b":{"N":"5"},":s":{"S":"x"}}`)
	tests := []struct {
		src  string
		want string // hash=value range op values
	}{
		{"pk = :h", "pk={S:p}"},
		{"pk = :h AND sk = :a", "pk={S:p} sk EQ [{N:1}]"},
		{"pk = :h AND sk < :a", "pk={S:p} sk LT [{N:1}]"},
		{"sk <= :a AND pk = :h", "pk={S:p} sk LE [{N:1}]"},
		{"pk = :h AND :a < sk", "pk={S:p} sk GT [{N:1}]"},
		{"pk = :h AND :a >= sk", "pk={S:p} sk LE [{N:1}]"},
		{"pk = :h AND sk BETWEEN :a AND :b", "pk={S:p} sk BETWEEN [{N:1} {N:5}]"},
		{"pk = :h AND begins_with(sk, :s)", "pk={S:p} sk BEGINS_WITH [{S:x}]"},
		{"(pk = :h) AND (begins_with(sk, :s))", "pk={S:p} sk BEGINS_WITH [{S:x}]"},
		{"#p = :h", "pk={S:p}"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKeyCondition(tt.src, Names{"#p": "pk"}, values)
			if err != nil {
				t.Fatalf("ParseKeyCondition(%q): %v", tt.src, err)
			}
			got := k.HashName + "=" + k.HashValue.String()
			if k.RangeOp != OpNone {
				got += " " + k.RangeName + " " + k.RangeOp.String() + " " + valuesString(k.RangeValues)
			}
			if got != tt.want {
				t.Errorf("ParseKeyCondition(%q) = %s, want %s", tt.src, got, tt.want)
			}
		})
	}
}
