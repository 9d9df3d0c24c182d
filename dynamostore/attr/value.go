package attr

import (
	"fmt"
	"maps"
	"slices"

	"github.com/cockroachdb/apd/v3"
)

// Kind is the data type of a Value.
type Kind uint8

// The ten DynamoDB data types. The zero Kind marks the zero Value, which is
// not a valid attribute value.
const (
	KindInvalid Kind = iota
	KindS
	KindN
	KindB
	KindBOOL
	KindNULL
	KindM
	KindL
	KindSS
	KindNS
	KindBS
)

var kindNames = [...]string{"", "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}

// String returns the DynamoDB type descriptor ("S", "NS", "BOOL", ...), or
// "" for KindInvalid.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// ParseKind maps a type descriptor ("S", "NS", ...) to its Kind; ok is false
// for anything else.
func ParseKind(s string) (k Kind, ok bool) {
	for i, n := range kindNames {
		if i > 0 && n == s {
			return Kind(i), true
		}
	}
	return KindInvalid, false
}

// IsSet reports whether k is SS, NS or BS.
func (k Kind) IsSet() bool { return k == KindSS || k == KindNS || k == KindBS }

// IsScalarKey reports whether k may be a key attribute type (S, N or B).
func (k Kind) IsScalarKey() bool { return k == KindS || k == KindN || k == KindB }

// Value is one DynamoDB attribute value. Values are immutable: the slices and
// maps handed to constructors and returned by accessors must not be modified
// afterwards. The zero Value has KindInvalid.
type Value struct {
	kind Kind
	s    string       // S; canonical text of N
	num  *apd.Decimal // N, reduced
	b    []byte       // B
	bo   bool         // BOOL
	m    map[string]Value
	l    []Value // L; members of SS, NS, BS (each of kind S, N, B)
}

// Item is a DynamoDB item: attribute names to values.
type Item map[string]Value

// Clone returns a shallow copy of the item (values are immutable, so this is
// enough to modify the copy's attributes independently).
func (it Item) Clone() Item {
	if it == nil {
		return nil
	}
	return maps.Clone(it)
}

// S returns a String value. The empty string is allowed (DynamoDB rejects it
// only for key attributes, which is the caller's check).
func S(s string) Value { return Value{kind: KindS, s: s} }

// N parses number text and returns a Number value holding its normalised
// form. Errors are *Error with DynamoDB's messages ("The parameter cannot be
// converted to a numeric value: x", "Number overflow. ...", "Number
// underflow. ...", "Attempting to store more than 38 significant digits in a
// Number").
func N(s string) (Value, error) {
	n, err := parseNumber(s)
	if err != nil {
		return Value{}, err
	}
	return n.value(), nil
}

// MustN is N for constants in code and tests; it panics on invalid text.
func MustN(s string) Value {
	v, err := N(s)
	if err != nil {
		panic(err)
	}
	return v
}

// NFromDecimal returns a Number value equal to d, checked against DynamoDB's
// limits (38 significant digits, magnitude 1E-130 to 9.99...E+125); the
// errors are those of N.
func NFromDecimal(d *apd.Decimal) (Value, error) {
	n, err := numberFromDecimal(d)
	if err != nil {
		return Value{}, err
	}
	return n.value(), nil
}

// NFromInt returns the Number value of i.
func NFromInt(i int64) Value {
	v, _ := NFromDecimal(apd.New(i, 0))
	return v
}

// B returns a Binary value.
func B(b []byte) Value {
	if b == nil {
		b = []byte{}
	}
	return Value{kind: KindB, b: b}
}

// Bool returns a Boolean value.
func Bool(b bool) Value { return Value{kind: KindBOOL, bo: b} }

// Null returns the NULL value.
func Null() Value { return Value{kind: KindNULL} }

// M returns a Map value.
func M(m map[string]Value) Value {
	if m == nil {
		m = map[string]Value{}
	}
	return Value{kind: KindM, m: m}
}

// L returns a List value.
func L(l []Value) Value {
	if l == nil {
		l = []Value{}
	}
	return Value{kind: KindL, l: l}
}

// SS returns a String Set. It does not check for emptiness or duplicates;
// Validate does, with DynamoDB's messages.
func SS(ss []string) Value {
	l := make([]Value, len(ss))
	for i, s := range ss {
		l[i] = S(s)
	}
	return Value{kind: KindSS, l: l}
}

// NS returns a Number Set, parsing each member as N does. Emptiness and
// duplicates are checked by Validate.
func NS(ns []string) (Value, error) {
	l := make([]Value, len(ns))
	for i, s := range ns {
		v, err := N(s)
		if err != nil {
			return Value{}, err
		}
		l[i] = v
	}
	return Value{kind: KindNS, l: l}, nil
}

// BS returns a Binary Set. Emptiness and duplicates are checked by Validate.
func BS(bs [][]byte) Value {
	l := make([]Value, len(bs))
	for i, b := range bs {
		l[i] = B(b)
	}
	return Value{kind: KindBS, l: l}
}

// SetOf returns a set of the given kind (KindSS, KindNS or KindBS) whose
// members are the given S, N or B values; it panics on a mismatch, which is
// a programming error.
func SetOf(kind Kind, members []Value) Value {
	elem := ElemKind(kind)
	for _, m := range members {
		if m.kind != elem {
			panic(fmt.Sprintf("attr: %s member in %s", m.kind, kind))
		}
	}
	return Value{kind: kind, l: members}
}

// ElemKind returns the member kind of a set kind (S for SS, ...), or
// KindInvalid for other kinds.
func ElemKind(set Kind) Kind {
	switch set {
	case KindSS:
		return KindS
	case KindNS:
		return KindN
	case KindBS:
		return KindB
	}
	return KindInvalid
}

// Kind returns the value's data type.
func (v Value) Kind() Kind { return v.kind }

// IsZero reports whether v is the zero (invalid) Value.
func (v Value) IsZero() bool { return v.kind == KindInvalid }

// Str returns the string of an S value, the normalised text of an N value,
// and "" otherwise.
func (v Value) Str() string { return v.s }

// Num returns a copy of the decimal of an N value, or nil.
func (v Value) Num() *apd.Decimal {
	if v.kind != KindN {
		return nil
	}
	return new(apd.Decimal).Set(v.num)
}

// Bytes returns the bytes of a B value, or nil.
func (v Value) Bytes() []byte { return v.b }

// Bool returns the boolean of a BOOL value.
func (v Value) Bool() bool { return v.bo }

// Map returns the members of an M value, or nil. Do not modify it.
func (v Value) Map() map[string]Value {
	if v.kind != KindM {
		return nil
	}
	return v.m
}

// List returns the elements of an L value, or nil. Do not modify it.
func (v Value) List() []Value {
	if v.kind != KindL {
		return nil
	}
	return v.l
}

// Members returns the members of a set (S, N or B values), or nil.
func (v Value) Members() []Value {
	if !v.kind.IsSet() {
		return nil
	}
	return v.l
}

// StringSet returns the members of an SS value.
func (v Value) StringSet() []string {
	if v.kind != KindSS {
		return nil
	}
	return memberStrings(v.l)
}

// NumberSet returns the normalised members of an NS value.
func (v Value) NumberSet() []string {
	if v.kind != KindNS {
		return nil
	}
	return memberStrings(v.l)
}

// BinarySet returns the members of a BS value.
func (v Value) BinarySet() [][]byte {
	if v.kind != KindBS {
		return nil
	}
	out := make([][]byte, len(v.l))
	for i, m := range v.l {
		out[i] = m.b
	}
	return out
}

// Len returns the length of a string (bytes), binary, set, list or map, and
// 0 otherwise.
func (v Value) Len() int {
	switch v.kind {
	case KindS:
		return len(v.s)
	case KindB:
		return len(v.b)
	case KindM:
		return len(v.m)
	case KindL, KindSS, KindNS, KindBS:
		return len(v.l)
	}
	return 0
}

// String renders v for debugging and test output, in the compact form
// DynamoDB uses in messages: {S:x}, {N:1.5}, {L:[{S:a}]}, ...
func (v Value) String() string {
	switch v.kind {
	case KindS, KindN:
		return "{" + v.kind.String() + ":" + v.s + "}"
	case KindB:
		return "{B:" + b64(v.b) + "}"
	case KindBOOL:
		return fmt.Sprintf("{BOOL:%t}", v.bo)
	case KindNULL:
		return "{NULL:true}"
	case KindM:
		keys := slices.Sorted(maps.Keys(v.m))
		s := "{M:{"
		for i, k := range keys {
			if i > 0 {
				s += ","
			}
			s += k + ":" + v.m[k].String()
		}
		return s + "}}"
	case KindL:
		s := "{L:["
		for i, e := range v.l {
			if i > 0 {
				s += ","
			}
			s += e.String()
		}
		return s + "]}"
	case KindSS, KindNS, KindBS:
		s := "{" + v.kind.String() + ":["
		for i, e := range v.l {
			if i > 0 {
				s += ","
			}
			if e.kind == KindB {
				s += b64(e.b)
			} else {
				s += e.s
			}
		}
		return s + "]}"
	}
	return "{}"
}

func memberStrings(l []Value) []string {
	out := make([]string, len(l))
	for i, m := range l {
		out[i] = m.s
	}
	return out
}
