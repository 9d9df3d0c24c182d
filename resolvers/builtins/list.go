package builtins

import (
	"math"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// listTable is $util.list.
var listTable = &table{methods: methods("$util.list.", map[string]spec{
	"copyAndRetainAll": {2, 2, func(c *call) (any, error) { return filterList(c, true) }},
	"copyAndRemoveAll": {2, 2, func(c *call) (any, error) { return filterList(c, false) }},
	"sortList":         {3, 3, sortList},
})}

// maxSortList is the longest list sortList sorts; longer lists come back
// as they are.
const maxSortList = 1000

// filterList copies the first list keeping (retain) or dropping the items
// that equal, in Java's sense, an item of the second.
func filterList(c *call, retain bool) (any, error) {
	l, err := c.list(0)
	if err != nil {
		return nil, err
	}
	other, err := c.list(1)
	if err != nil {
		return nil, err
	}
	out := value.NewList()
	for _, it := range l.Items {
		if containsEqual(other.Items, it) == retain {
			out.Items = append(out.Items, it)
		}
	}
	return out, nil
}

func containsEqual(items []any, v any) bool {
	for _, it := range items {
		if javaEquals(it, v) {
			return true
		}
	}
	return false
}

// javaEquals is Object.equals on values: numbers equal only within their
// class (1 is not 1.0), doubles by bits (NaN equals NaN, 0.0 is not -0.0),
// lists element by element, maps entry by entry regardless of order.
func javaEquals(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y) || ok && math.IsNaN(x) && math.IsNaN(y)
	case *value.List:
		y, ok := b.(*value.List)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !javaEquals(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *value.Map:
		y, ok := b.(*value.Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		eq := true
		x.Range(func(k string, v any) bool {
			w, ok := y.Get(k)
			eq = ok && javaEquals(v, w)
			return eq
		})
		return eq
	}
	return false
}

// javaClass names the Java class of a value, for sortList's rule that a
// list of mixed classes is returned unsorted.
func javaClass(v any) string {
	switch v.(type) {
	case int64:
		return "Integer"
	case float64:
		return "Double"
	}
	return value.TypeOf(v)
}

// sortList sorts a copy of a list of strings, numbers or booleans, or of
// maps by the property named in the third argument. Lists of mixed classes,
// of anything else, or longer than 1000 items are returned as they are.
func sortList(c *call) (any, error) {
	l, err := c.list(0)
	if err != nil {
		return nil, err
	}
	desc, err := c.boolean(1)
	if err != nil {
		return nil, err
	}
	prop := ""
	if c.args[2] != nil {
		if prop, err = c.str(2); err != nil {
			return nil, err
		}
	}
	if len(l.Items) == 0 || len(l.Items) > maxSortList || !sameClass(l.Items) {
		return l, nil
	}
	keys := l.Items
	if _, isMap := l.Items[0].(*value.Map); isMap {
		keys = make([]any, len(l.Items))
		for i, it := range l.Items {
			keys[i], _ = it.(*value.Map).Get(prop)
		}
		var nonNull []any
		for _, k := range keys {
			if k != nil {
				nonNull = append(nonNull, k)
			}
		}
		if len(nonNull) > 0 && !sameClass(nonNull) {
			return l, nil
		}
	}
	switch keyClass(keys) {
	case "String", "Integer", "Double", "Boolean", "Null":
	default:
		return l, nil
	}
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := keys[idx[i]], keys[idx[j]]
		if desc {
			a, b = b, a
		}
		return compareValues(a, b) < 0
	})
	out := value.NewList()
	out.Items = make([]any, len(idx))
	for i, k := range idx {
		out.Items[i] = l.Items[k]
	}
	return out, nil
}

func sameClass(items []any) bool {
	first := javaClass(items[0])
	for _, it := range items[1:] {
		if javaClass(it) != first {
			return false
		}
	}
	return true
}

// keyClass is the class of the non-null keys, or "Null" when all are null.
func keyClass(keys []any) string {
	for _, k := range keys {
		if k != nil {
			return javaClass(k)
		}
	}
	return "Null"
}

// compareValues is compareTo for keys of one class; null sorts first.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case string:
		return compareUTF16(x, b.(string))
	case int64:
		y := b.(int64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case float64:
		return compareDoubles(x, b.(float64))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	return 0
}

// compareDoubles is Double.compare: -0.0 before 0.0, NaN after everything.
func compareDoubles(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	xb, yb := int64(math.Float64bits(x)), int64(math.Float64bits(y))
	if math.IsNaN(x) {
		xb = 0x7ff8000000000000
	}
	if math.IsNaN(y) {
		yb = 0x7ff8000000000000
	}
	switch {
	case xb < yb:
		return -1
	case xb > yb:
		return 1
	}
	return 0
}

// compareUTF16 is String.compareTo: it orders by UTF-16 code units, which
// differs from byte order for characters above U+FFFF against U+E000–U+FFFF.
func compareUTF16(a, b string) int {
	if isASCII(a) && isASCII(b) {
		return strings.Compare(a, b)
	}
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return int(ua[i]) - int(ub[i])
		}
	}
	return len(ua) - len(ub)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
