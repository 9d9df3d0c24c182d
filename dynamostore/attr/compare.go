package attr

import (
	"bytes"
	"fmt"
	"strings"
)

// Compare orders two values of the same scalar key kind as DynamoDB does:
// S by UTF-8 bytes, N numerically, B by unsigned bytes. It returns -1, 0 or
// +1, and an error when the kinds differ or are not S, N or B.
func Compare(a, b Value) (int, error) {
	if a.kind != b.kind {
		return 0, fmt.Errorf("attr: cannot compare %s with %s", a.kind, b.kind)
	}
	switch a.kind {
	case KindS:
		return strings.Compare(a.s, b.s), nil
	case KindN:
		return a.num.Cmp(b.num), nil
	case KindB:
		return bytes.Compare(a.b, b.b), nil
	}
	return 0, fmt.Errorf("attr: cannot order %s values", a.kind)
}

// Equal reports deep equality: same kind, numbers compared numerically, sets
// compared as unordered collections, lists in order, maps by key.
func Equal(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindInvalid, KindNULL:
		return true
	case KindS:
		return a.s == b.s
	case KindN:
		return a.num.Cmp(b.num) == 0
	case KindB:
		return bytes.Equal(a.b, b.b)
	case KindBOOL:
		return a.bo == b.bo
	case KindM:
		if len(a.m) != len(b.m) {
			return false
		}
		for k, av := range a.m {
			bv, ok := b.m[k]
			if !ok || !Equal(av, bv) {
				return false
			}
		}
		return true
	case KindL:
		if len(a.l) != len(b.l) {
			return false
		}
		for i := range a.l {
			if !Equal(a.l[i], b.l[i]) {
				return false
			}
		}
		return true
	case KindSS, KindNS, KindBS:
		if len(a.l) != len(b.l) {
			return false
		}
		seen := make(map[string]struct{}, len(a.l))
		for _, m := range a.l {
			seen[memberKey(m)] = struct{}{}
		}
		for _, m := range b.l {
			if _, ok := seen[memberKey(m)]; !ok {
				return false
			}
		}
		return true
	}
	return false
}

// memberKey is a map key for a set member; N uses the normalised text, so
// numerically equal members collide.
func memberKey(v Value) string {
	if v.kind == KindB {
		return string(v.b)
	}
	return v.s
}

// SetContains reports whether the set s has a member equal to m.
func SetContains(s, m Value) bool {
	if ElemKind(s.kind) != m.kind {
		return false
	}
	k := memberKey(m)
	for _, e := range s.l {
		if memberKey(e) == k {
			return true
		}
	}
	return false
}

// SetUnion returns the members of a followed by the members of b not in a.
// Both must be sets of the same kind.
func SetUnion(a, b Value) Value {
	seen := make(map[string]struct{}, len(a.l)+len(b.l))
	out := make([]Value, 0, len(a.l)+len(b.l))
	for _, src := range [][]Value{a.l, b.l} {
		for _, m := range src {
			k := memberKey(m)
			if _, dup := seen[k]; dup {
				continue
			}
			seen[k] = struct{}{}
			out = append(out, m)
		}
	}
	return Value{kind: a.kind, l: out}
}

// SetDifference returns the members of a that are not in b; ok is false
// when none remain (DynamoDB then removes the attribute).
func SetDifference(a, b Value) (v Value, ok bool) {
	drop := make(map[string]struct{}, len(b.l))
	for _, m := range b.l {
		drop[memberKey(m)] = struct{}{}
	}
	out := make([]Value, 0, len(a.l))
	for _, m := range a.l {
		if _, gone := drop[memberKey(m)]; !gone {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return Value{}, false
	}
	return Value{kind: a.kind, l: out}, true
}
