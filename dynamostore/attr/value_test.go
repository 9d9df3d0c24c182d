package attr

import (
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b Value
		want int
	}{
		{S("a"), S("b"), -1},
		{S("b"), S("a"), 1},
		{S("a"), S("a"), 0},
		{S("Z"), S("a"), -1},
		{S("é"), S("z"), 1}, // UTF-8 bytes, not code units
		{S(""), S("a"), -1},
		{MustN("2"), MustN("10"), -1},
		{MustN("-2"), MustN("-10"), 1},
		{MustN("1.5"), MustN("1.50"), 0},
		{MustN("1E-130"), MustN("0"), 1},
		{B([]byte{0x01}), B([]byte{0xff}), -1},
		{B([]byte{0x01, 0x00}), B([]byte{0x01}), 1},
	}
	for _, tt := range tests {
		got, err := Compare(tt.a, tt.b)
		if err != nil || got != tt.want {
			t.Errorf("Compare(%v, %v) = %d, %v; want %d", tt.a, tt.b, got, err, tt.want)
		}
	}
	for _, pair := range [][2]Value{{S("1"), MustN("1")}, {Bool(true), Bool(true)}, {SS([]string{"a"}), SS([]string{"a"})}} {
		if _, err := Compare(pair[0], pair[1]); err == nil {
			t.Errorf("Compare(%v, %v) succeeded", pair[0], pair[1])
		}
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	ns := func(s ...string) Value {
		v, err := NS(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		a, b Value
		want bool
	}{
		{S("a"), S("a"), true},
		{S("a"), S("b"), false},
		{S("1"), MustN("1"), false},
		{MustN("1.0"), MustN("1"), true},
		{B([]byte("x")), B([]byte("x")), true},
		{Bool(true), Bool(false), false},
		{Null(), Null(), true},
		{SS([]string{"a", "b"}), SS([]string{"b", "a"}), true},
		{SS([]string{"a", "b"}), SS([]string{"a", "c"}), false},
		{SS([]string{"a"}), SS([]string{"a", "b"}), false},
		{ns("1", "2"), ns("2.0", "1"), true},
		{BS([][]byte{{1}, {2}}), BS([][]byte{{2}, {1}}), true},
		{L([]Value{S("a"), MustN("1")}), L([]Value{S("a"), MustN("1.0")}), true},
		{L([]Value{S("a"), MustN("1")}), L([]Value{MustN("1"), S("a")}), false},
		{M(map[string]Value{"a": S("x")}), M(map[string]Value{"a": S("x")}), true},
		{M(map[string]Value{"a": S("x")}), M(map[string]Value{"b": S("x")}), false},
		{M(nil), M(map[string]Value{}), true},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSetOps(t *testing.T) {
	t.Parallel()
	a, b := SS([]string{"a", "b"}), SS([]string{"b", "c"})
	if got := SetUnion(a, b).StringSet(); strings.Join(got, ",") != "a,b,c" {
		t.Errorf("SetUnion = %v", got)
	}
	if got, ok := SetDifference(a, b); !ok || strings.Join(got.StringSet(), ",") != "a" {
		t.Errorf("SetDifference = %v, %v", got, ok)
	}
	if _, ok := SetDifference(a, a); ok {
		t.Error("SetDifference(a, a) not empty")
	}
	if !SetContains(a, S("a")) || SetContains(a, S("c")) || SetContains(a, MustN("1")) {
		t.Error("SetContains wrong")
	}
}

// Sizes follow DynamoDB's rules: names and strings by UTF-8 length, numbers
// by base-100 digit pairs plus one (and one more when negative), lists and
// maps 3 bytes plus one per element.
func TestSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Value
		want int
	}{
		{S("abc"), 3},
		{S("é"), 2},
		{S(""), 0},
		{B([]byte{1, 2, 3}), 3},
		{Bool(true), 1},
		{Null(), 1},
		{MustN("0"), 1},
		{MustN("1"), 2},
		{MustN("10"), 2},
		{MustN("12"), 2},
		{MustN("123"), 3},
		{MustN("1.2"), 3},
		{MustN("12.3"), 3},
		{MustN("-1"), 3},
		{MustN("12345678901234567890123456789012345678"), 20},
		{SS([]string{"ab", "c"}), 3},
		{L(nil), 3},
		{L([]Value{S("ab"), Null()}), 3 + 1 + 2 + 1 + 1},
		{M(map[string]Value{"key": S("ab")}), 3 + 1 + 3 + 2},
	}
	for _, tt := range tests {
		if got := Size(tt.v); got != tt.want {
			t.Errorf("Size(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
	it := Item{"pk": S("user"), "n": MustN("1")}
	if got := ItemSize(it); got != 2+4+1+2 {
		t.Errorf("ItemSize = %d", got)
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	if k, ok := ParseKind("NS"); !ok || k != KindNS || k.String() != "NS" {
		t.Errorf("ParseKind(NS) = %v, %v", k, ok)
	}
	if _, ok := ParseKind("X"); ok {
		t.Error("ParseKind(X) ok")
	}
	n := MustN("1.50")
	d := n.Num()
	d.Negative = true // a copy: the value is unchanged
	if n.Str() != "1.5" || n.Num().Negative {
		t.Error("Num() is not a copy")
	}
	if S("x").Num() != nil || S("x").List() != nil || L(nil).Map() != nil {
		t.Error("accessors of the wrong kind are not nil")
	}
	if got := BS([][]byte{{1}}).BinarySet(); len(got) != 1 || got[0][0] != 1 {
		t.Errorf("BinarySet = %v", got)
	}
	if got := SetOf(KindNS, []Value{MustN("1")}).NumberSet(); len(got) != 1 || got[0] != "1" {
		t.Errorf("SetOf NumberSet = %v", got)
	}
}
