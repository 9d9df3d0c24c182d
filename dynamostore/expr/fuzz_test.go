package expr

import (
	"errors"
	"testing"
)

var fuzzNames = Names{"#a": "a", "#b": "b", "#n": "name", "#d": "[3]"}

func fuzzValues(tb testing.TB) Values {
	return mustValues(tb, `{":a":{"S":"a"},":b":{"N":"1"},":l":{"L":[{"S":"x"}]},":s":{"SS":["x"]},":t":{"S":"S"},":m":{"M":{}}}`)
}

const fuzzItem = `{"a":{"S":"a"},"b":{"N":"1"},"l":{"L":[{"S":"x"},{"M":{"a":{"N":"2"}}}]},"s":{"SS":["x","y"]},"m":{"M":{"a":{"S":"z"}}}}`

// FuzzParseCondition checks that parsing never panics, that failures are
// *Error, and that an accepted condition prints to source that parses to
// the same tree and evaluates without panicking.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{
		"a = :a", "a <> :b AND NOT (b < :b OR size(l) >= :b)", "a BETWEEN :a AND :a",
		"a IN (:a, :b)", "attribute_exists(#a.b[1])", "begins_with(a, :a)", "contains(s, :a)",
		"attribute_type(a, :t)", "(a) = :a", "((a = :a))", "a = = b", "(a.b).c = :a",
		"NOT NOT attribute_not_exists(m.a)", "#d[3] > :b", "size(a) = :b", "a >= b",
	} {
		f.Add(s)
	}
	values := fuzzValues(f)
	item := mustItem(f, fuzzItem)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCondition(s, fuzzNames, values)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseCondition(%q) error %T %v", s, err, err)
			}
			return
		}
		if _, err := c.Eval(item); err != nil {
			t.Fatalf("Eval(%q): %v", s, err)
		}
		again, err := ParseCondition(c.String(), fuzzNames, values)
		if err != nil {
			t.Fatalf("reparse of %q as %q: %v", s, c.String(), err)
		}
		if again.String() != c.String() {
			t.Fatalf("reparse of %q: %q != %q", s, again.String(), c.String())
		}
		if _, err := ParseKeyCondition(s, fuzzNames, values); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseKeyCondition(%q) error %T %v", s, err, err)
			}
		}
	})
}

// FuzzParseUpdate checks that parsing and applying never panic and fail
// only with *Error.
func FuzzParseUpdate(f *testing.F) {
	for _, s := range []string{
		"SET a = :a", "SET b = b + :b, l = list_append(l, :l)", "SET c = if_not_exists(c, :b) - :b",
		"REMOVE l[0], m.a", "ADD b :b, s :s", "DELETE s :s", "SET l[5] = :a REMOVE l[1]",
		"SET a = (b + :b)", "set m.a = :m", "SET", "ADD hits : incr",
	} {
		f.Add(s)
	}
	values := fuzzValues(f)
	item := mustItem(f, fuzzItem)
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUpdate(s, fuzzNames, values)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseUpdate(%q) error %T %v", s, err, err)
			}
			return
		}
		_ = u.String()
		if _, err := u.Apply(item); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Apply(%q) error %T %v", s, err, err)
			}
		}
		if _, err := u.Apply(nil); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Apply(%q, nil) error %T %v", s, err, err)
			}
		}
	})
}

// FuzzParseProjection checks that parsing and applying never panic.
func FuzzParseProjection(f *testing.F) {
	for _, s := range []string{"a", "a, b.c, l[1]", "#a, #d", "a, a.b", "!!!"} {
		f.Add(s)
	}
	item := mustItem(f, fuzzItem)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProjection(s, fuzzNames)
		if err != nil {
			return
		}
		_ = p.Apply(item)
	})
}
