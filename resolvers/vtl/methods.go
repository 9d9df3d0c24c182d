package vtl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// void is what Velocity returns for a Java method declared void: an empty
// string, so the reference prints nothing.
const void = ""

// typeName names a value's Java class in errors.
func typeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "String"
	case int64:
		if x == int64(int32(x)) {
			return "Integer"
		}
		return "Long"
	case float64:
		return "Double"
	case bool:
		return "Boolean"
	case *value.Map:
		return "Map"
	case *value.List:
		return "List"
	case *entry:
		return "Map.Entry"
	case *loopScope:
		return "ForeachScope"
	case *block:
		return "Block"
	case *javaClass:
		return "Class"
	case value.Func:
		return "Function"
	case value.Object:
		return "Object"
	}
	return fmt.Sprintf("%T", v)
}

func argTypes(args []any) string {
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = typeName(a)
	}
	return strings.Join(names, ", ")
}

func (s *state) noMethod(recv any, name string, args []any, pos Pos) {
	s.fail(pos, "%s has no method %s(%s)", typeName(recv), name, argTypes(args))
}

// entry is a Map.Entry from entrySet(): key, value, setValue writes through.
type entry struct {
	m   *value.Map
	key string
	val any
}

func (e *entry) String() string { return e.key + "=" + value.String(e.val) }

// MarshalJSON writes the entry as Jackson does: {"key": value}.
func (e *entry) MarshalJSON() ([]byte, error) {
	b := value.AppendQuoted([]byte{'{'}, e.key)
	b = append(b, ':')
	b = value.AppendJSON(b, e.val)
	return append(b, '}'), nil
}

// javaClass is what getClass() returns.
type javaClass struct{ name string }

func (c *javaClass) String() string { return "class " + c.name }

func classOf(v any) *javaClass {
	switch x := v.(type) {
	case string:
		return &javaClass{"java.lang.String"}
	case int64:
		if x == int64(int32(x)) {
			return &javaClass{"java.lang.Integer"}
		}
		return &javaClass{"java.lang.Long"}
	case float64:
		return &javaClass{"java.lang.Double"}
	case bool:
		return &javaClass{"java.lang.Boolean"}
	case *value.Map:
		return &javaClass{"java.util.LinkedHashMap"}
	case *value.List:
		return &javaClass{"java.util.ArrayList"}
	case *entry:
		return &javaClass{"java.util.LinkedHashMap$Entry"}
	}
	return &javaClass{"java.lang.Object"}
}

// property returns $v.name: a map's entry, a host object's member, or a
// Java bean property Velocity would find (getName(), isName()).
func (s *state) property(v any, name string) any {
	switch x := v.(type) {
	case *value.Map:
		if name == "class" { // getClass() comes before get("class")
			return classOf(x)
		}
		e, _ := x.Get(name)
		return e
	case value.Object:
		m, ok := x.Member(name)
		if !ok {
			return nil
		}
		if _, isFunc := m.(value.Func); isFunc {
			return nil
		}
		return normalize(m)
	case *entry:
		switch name {
		case "key":
			return x.key
		case "value":
			return x.val
		}
	case *loopScope:
		switch name {
		case "index":
			return int64(x.index)
		case "count":
			return int64(x.index + 1)
		case "hasNext":
			return x.hasNext
		case "first":
			return x.index == 0
		case "last":
			return !x.hasNext
		case "parent":
			return x.parent
		}
	case *javaClass:
		switch name {
		case "name":
			return x.name
		case "simpleName":
			return x.name[strings.LastIndexAny(x.name, ".$")+1:]
		}
	case string:
		if name == "empty" {
			return x == ""
		}
	case *value.List:
		if name == "empty" {
			return len(x.Items) == 0
		}
	}
	if name == "class" {
		return classOf(v)
	}
	return nil
}

// index returns $v[idx]: Velocity calls get(idx).
func (s *state) index(v, idx any, pos Pos) any {
	switch x := v.(type) {
	case *value.List:
		if _, ok := idx.(int64); !ok {
			return nil // no get(String) on a list: Velocity yields null
		}
		return x.Items[s.listIndex(x, idx, pos)]
	case *value.Map:
		if idx == nil {
			return nil
		}
		e, _ := x.Get(keyString(s, idx))
		return e
	case value.Object:
		if k, ok := idx.(string); ok {
			if m, ok := x.Member(k); ok {
				if _, isFunc := m.(value.Func); !isFunc {
					return normalize(m)
				}
			}
		}
	}
	return nil
}

// call runs $v.name(args).
func (s *state) call(v any, name string, args []any, pos Pos) any {
	var out any
	ok := false
	switch x := v.(type) {
	case value.Object:
		return s.callObject(x, name, args, pos)
	case string:
		out, ok = s.stringMethod(x, name, args, pos)
	case *value.Map:
		out, ok = s.mapMethod(x, name, args, pos)
	case *value.List:
		out, ok = s.listMethod(x, name, args, pos)
	case int64, float64:
		out, ok = s.numberMethod(x, name, args, pos)
	case bool:
		out, ok = boolMethod(x, name, args)
	case *entry:
		switch {
		case name == "getKey" && len(args) == 0:
			return x.key
		case name == "getValue" && len(args) == 0:
			return x.val
		case name == "setValue" && len(args) == 1:
			old := x.val
			x.val = args[0]
			if x.m != nil {
				x.m.Put(x.key, args[0])
			}
			return old
		}
	case *loopScope:
		if len(args) == 0 {
			prop := ""
			switch name {
			case "getIndex", "getCount", "getParent", "getFirst", "getLast", "getHasNext":
				prop = strings.ToLower(name[3:4]) + name[4:]
			case "hasNext":
				prop = name
			case "isFirst", "isLast":
				prop = strings.ToLower(name[2:3]) + name[3:]
			}
			if prop != "" {
				return s.property(x, prop)
			}
		}
	case *javaClass:
		switch {
		case name == "getName" && len(args) == 0:
			return s.property(x, "name")
		case name == "getSimpleName" && len(args) == 0:
			return s.property(x, "simpleName")
		}
	}
	if ok {
		return out
	}
	// Methods of every Java object.
	switch {
	case name == "toString" && len(args) == 0:
		return s.toString(v)
	case name == "equals" && len(args) == 1:
		budget := 1 << 20
		return s.javaEquals(v, args[0], 0, &budget)
	case name == "getClass" && len(args) == 0:
		return classOf(v)
	case name == "hashCode" && len(args) == 0:
		if _, isBlock := v.(*block); !isBlock {
			budget := 1 << 20
			return int64(s.hashCode(v, 0, &budget))
		}
	}
	s.noMethod(v, name, args, pos)
	return nil
}

// callObject calls a host object's method: a member that is a value.Func.
// getName() finds the member name, as Velocity finds a Java getter.
func (s *state) callObject(o value.Object, name string, args []any, pos Pos) any {
	m, ok := o.Member(name)
	if ok {
		f, isFunc := m.(value.Func)
		if !isFunc {
			s.fail(pos, "%s is a property, not a method: write .%s without parentheses", name, name)
		}
		for i, a := range args {
			if b, isBlock := a.(*block); isBlock {
				args[i] = s.toString(b) // a #define block goes out as its text
			}
		}
		res, err := f(args)
		if err != nil {
			s.failErr(pos, err)
		}
		return normalize(res)
	}
	if len(args) == 0 && len(name) > 3 && strings.HasPrefix(name, "get") {
		prop := strings.ToLower(name[3:4]) + name[4:]
		if m, ok := o.Member(prop); ok {
			if _, isFunc := m.(value.Func); !isFunc {
				return normalize(m)
			}
		}
	}
	switch {
	case name == "toString" && len(args) == 0:
		return s.toString(o)
	case name == "equals" && len(args) == 1:
		return o == args[0]
	}
	s.noMethod(o, name, args, pos)
	return nil
}

// Argument helpers. Velocity picks a Java overload by the argument classes;
// these check what the overloads we model accept.

// arg returns args[i], or nil when there are fewer arguments.
func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

func argString(args []any, i int) (string, bool) {
	str, ok := arg(args, i).(string)
	return str, ok
}

// argInt accepts an Integer: an int64 in int32 range.
func argInt(args []any, i int) (int, bool) {
	n, ok := arg(args, i).(int64)
	if !ok || n != int64(int32(n)) {
		return 0, false
	}
	return int(n), true
}

// Java strings are UTF-16: lengths and indexes count UTF-16 units.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func toU16(s string) []uint16 { return utf16.Encode([]rune(s)) }

func fromU16(u []uint16) string { return string(utf16.Decode(u)) }

func jlen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// jslice returns s[b:e] in UTF-16 units.
func jslice(s string, b, e int) string {
	if isASCII(s) {
		return s[b:e]
	}
	return fromU16(toU16(s)[b:e])
}

// jindex converts a byte offset in s to a UTF-16 index.
func jindex(s string, byteOff int) int {
	if byteOff < 0 {
		return byteOff
	}
	return jlen(s[:byteOff])
}

// jbyte converts a UTF-16 index in s to a byte offset (0 <= i <= jlen(s)).
func jbyte(s string, i int) int {
	if isASCII(s) {
		return i
	}
	n := 0
	for off, r := range s {
		if n >= i {
			return off
		}
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return len(s)
}

func (s *state) strIndexError(pos Pos, i int) {
	s.fail(pos, "StringIndexOutOfBoundsException: String index out of range: %d", i)
}

func (s *state) checkString(pos Pos, n int) {
	if n > maxString {
		s.fail(pos, "string is over %d bytes", maxString)
	}
}

func (s *state) stringMethod(str, name string, args []any, pos Pos) (any, bool) {
	n := len(args)
	switch name {
	case "length":
		if n == 0 {
			return int64(jlen(str)), true
		}
	case "isEmpty":
		if n == 0 {
			return str == "", true
		}
	case "toString", "intern":
		if n == 0 {
			return str, true
		}
	case "charAt":
		if i, ok := argInt(args, 0); n == 1 && ok {
			if i < 0 || i >= jlen(str) {
				s.strIndexError(pos, i)
			}
			return jslice(str, i, i+1), true
		}
	case "substring":
		l := jlen(str)
		switch n {
		case 1:
			b, ok := argInt(args, 0)
			if !ok {
				break
			}
			if b < 0 || b > l {
				s.strIndexError(pos, l-b)
			}
			return jslice(str, b, l), true
		case 2:
			b, ok1 := argInt(args, 0)
			e, ok2 := argInt(args, 1)
			if !ok1 || !ok2 {
				break
			}
			switch {
			case b < 0:
				s.strIndexError(pos, b)
			case e > l:
				s.strIndexError(pos, e)
			case b > e:
				s.strIndexError(pos, e-b)
			}
			return jslice(str, b, e), true
		}
	case "indexOf", "lastIndexOf":
		if n < 1 || n > 2 {
			break
		}
		sub, ok := argString(args, 0)
		if !ok {
			c, isInt := args[0].(int64)
			if !isInt || c < 0 || c > unicode.MaxRune {
				break
			}
			sub = string(rune(c))
		}
		from := -1
		if n == 2 {
			f, ok := argInt(args, 1)
			if !ok {
				break
			}
			from = f
		}
		if name == "indexOf" {
			return int64(jIndexOf(str, sub, from)), true
		}
		return int64(jLastIndexOf(str, sub, from, n == 2)), true
	case "contains":
		if sub, ok := argString(args, 0); n == 1 && ok {
			return strings.Contains(str, sub), true
		}
	case "startsWith":
		p, ok := argString(args, 0)
		if !ok {
			break
		}
		switch n {
		case 1:
			return strings.HasPrefix(str, p), true
		case 2:
			off, ok := argInt(args, 1)
			if !ok {
				break
			}
			if off < 0 || off > jlen(str) {
				return false, true
			}
			return strings.HasPrefix(str[jbyte(str, off):], p), true
		}
	case "endsWith":
		if suf, ok := argString(args, 0); n == 1 && ok {
			return strings.HasSuffix(str, suf), true
		}
	case "equals":
		if n == 1 {
			o, ok := args[0].(string)
			return ok && o == str, true
		}
	case "equalsIgnoreCase":
		if n == 1 {
			o, ok := args[0].(string)
			return ok && jlen(o) == jlen(str) && strings.EqualFold(o, str), true
		}
	case "compareTo", "compareToIgnoreCase":
		if o, ok := argString(args, 0); n == 1 && ok {
			a, b := str, o
			if name == "compareToIgnoreCase" {
				a, b = foldCase(a), foldCase(b)
			}
			return int64(jCompare(a, b)), true
		}
	case "concat":
		if o, ok := argString(args, 0); n == 1 && ok {
			s.checkString(pos, len(str)+len(o))
			return str + o, true
		}
	case "trim":
		if n == 0 {
			return strings.TrimFunc(str, func(r rune) bool { return r <= ' ' }), true
		}
	case "toUpperCase":
		if n == 0 {
			return strings.ToUpper(str), true
		}
	case "toLowerCase":
		if n == 0 {
			return strings.ToLower(str), true
		}
	case "replace":
		if n != 2 {
			break
		}
		a, ok1 := argString(args, 0)
		b, ok2 := argString(args, 1)
		if !ok1 || !ok2 {
			break
		}
		if a != "" && b != "" {
			s.checkString(pos, len(str)/len(a)*len(b)+len(str))
		} else if a == "" {
			s.checkString(pos, (len(str)+1)*len(b)+len(str))
		}
		return strings.ReplaceAll(str, a, b), true
	case "replaceAll", "replaceFirst":
		if n != 2 {
			break
		}
		re, ok1 := argString(args, 0)
		repl, ok2 := argString(args, 1)
		if !ok1 || !ok2 {
			break
		}
		return s.regexReplace(str, re, repl, name == "replaceAll", pos), true
	case "matches":
		if re, ok := argString(args, 0); n == 1 && ok {
			return s.compileRegex(re, true, pos).MatchString(str), true
		}
	case "split":
		re, ok := argString(args, 0)
		if !ok || n > 2 {
			break
		}
		limit := 0
		if n == 2 {
			l, ok := argInt(args, 1)
			if !ok {
				break
			}
			limit = l
		}
		return s.split(str, re, limit, pos), true
	case "hashCode":
		if n == 0 {
			return int64(stringHash(str)), true
		}
	case "toCharArray":
		if n == 0 {
			u := toU16(str)
			if len(u) > maxCollection {
				s.fail(pos, "list is over %d elements", maxCollection)
			}
			l := &value.List{Items: make([]any, len(u))}
			for i := range u {
				l.Items[i] = fromU16(u[i : i+1])
			}
			return l, true
		}
	case "valueOf":
		if n == 1 {
			return s.toString(args[0]), true
		}
	case "join":
		if n < 1 {
			break
		}
		sep, ok := argString(args, 0)
		if !ok {
			break
		}
		parts := args[1:]
		if n == 2 {
			if l, ok := args[1].(*value.List); ok {
				parts = l.Items
			}
		}
		strs := make([]string, len(parts))
		size := 0
		for i, p := range parts {
			strs[i] = s.toString(p)
			size += len(strs[i]) + len(sep)
		}
		s.checkString(pos, size)
		return strings.Join(strs, sep), true
	case "format":
		if n < 1 {
			break
		}
		f, ok := argString(args, 0)
		if !ok {
			break
		}
		rest := args[1:]
		if n == 2 {
			if l, ok := args[1].(*value.List); ok {
				rest = l.Items
			}
		}
		return s.javaFormat(f, rest, pos), true
	}
	return nil, false
}

func foldCase(s string) string {
	return strings.Map(func(r rune) rune { return unicode.ToLower(unicode.ToUpper(r)) }, s)
}

// jIndexOf is Java's indexOf(str, from); from < 0 means from 0.
func jIndexOf(s, sub string, from int) int {
	if from < 0 {
		from = 0
	}
	l := jlen(s)
	if from >= l {
		if sub == "" {
			return l
		}
		return -1
	}
	off := jbyte(s, from)
	i := strings.Index(s[off:], sub)
	if i < 0 {
		return -1
	}
	return jindex(s, off+i)
}

// jLastIndexOf is Java's lastIndexOf(str[, from]).
func jLastIndexOf(s, sub string, from int, hasFrom bool) int {
	l := jlen(s)
	if !hasFrom {
		return jindex(s, strings.LastIndex(s, sub))
	}
	if from < 0 {
		return -1
	}
	// The match must start at or before from.
	if max := l - jlen(sub); from > max {
		from = max
	}
	if from < 0 {
		return -1
	}
	end := jbyte(s, from) + len(sub)
	if end > len(s) {
		end = len(s)
	}
	return jindex(s, strings.LastIndex(s[:end], sub))
}

// jCompare is Java's compareTo: by UTF-16 unit, then by length.
func jCompare(a, b string) int {
	if isASCII(a) && isASCII(b) {
		n := min(len(a), len(b))
		for i := 0; i < n; i++ {
			if a[i] != b[i] {
				return int(a[i]) - int(b[i])
			}
		}
		return len(a) - len(b)
	}
	x, y := toU16(a), toU16(b)
	n := min(len(x), len(y))
	for i := 0; i < n; i++ {
		if x[i] != y[i] {
			return int(x[i]) - int(y[i])
		}
	}
	return len(x) - len(y)
}

func stringHash(s string) int32 {
	var h int32
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			h = 31*h + int32(s[i])
		}
		return h
	}
	for _, u := range toU16(s) {
		h = 31*h + int32(u)
	}
	return h
}

// hashCode is Java's hashCode for the value types.
func (s *state) hashCode(v any, depth int, budget *int) int32 {
	s.checkDepth(depth)
	if *budget--; *budget < 0 {
		s.fail(s.pos, "hashCode of a value too large")
	}
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		return stringHash(x)
	case int64:
		if x == int64(int32(x)) {
			return int32(x)
		}
		return int32(x ^ int64(uint64(x)>>32))
	case float64:
		if x == 0 && !math.Signbit(x) {
			return 0
		}
		b := math.Float64bits(x)
		if math.IsNaN(x) {
			b = 0x7ff8000000000000
		}
		return int32(b ^ b>>32)
	case bool:
		if x {
			return 1231
		}
		return 1237
	case *value.Map:
		var h int32
		x.Range(func(k string, e any) bool {
			h += stringHash(k) ^ s.hashCode(e, depth+1, budget)
			return true
		})
		return h
	case *value.List:
		h := int32(1)
		for _, e := range x.Items {
			h = 31*h + s.hashCode(e, depth+1, budget)
		}
		return h
	case *entry:
		return stringHash(x.key) ^ s.hashCode(x.val, depth+1, budget)
	}
	return 0
}

func (s *state) checkSize(pos Pos, n int) {
	if n > maxCollection {
		s.fail(pos, "collection is over %d elements", maxCollection)
	}
}

func (s *state) mapMethod(m *value.Map, name string, args []any, pos Pos) (any, bool) {
	n := len(args)
	key := func() string { return keyString(s, args[0]) }
	switch name {
	case "get":
		if n == 1 {
			v, _ := m.Get(key())
			return v, true
		}
	case "getOrDefault":
		if n == 2 {
			if v, ok := m.Get(key()); ok {
				return v, true
			}
			return args[1], true
		}
	case "put":
		if n == 2 {
			return s.mapPut(m, key(), args[1], pos), true
		}
	case "putIfAbsent":
		if n == 2 {
			if v, _ := m.Get(key()); v != nil {
				return v, true
			}
			return s.mapPut(m, key(), args[1], pos), true
		}
	case "putAll":
		if o, ok := arg(args, 0).(*value.Map); n == 1 && ok {
			o.Clone().Range(func(k string, v any) bool {
				s.mapPut(m, k, v, pos)
				return true
			})
			return void, true
		}
	case "containsKey":
		if n == 1 {
			return m.Has(key()), true
		}
	case "containsValue":
		if n == 1 {
			found := false
			budget := 1 << 20
			m.Range(func(_ string, v any) bool {
				found = s.javaEquals(args[0], v, 0, &budget)
				return !found
			})
			return found, true
		}
	case "keySet":
		if n == 0 {
			keys := m.Keys()
			l := &value.List{Items: make([]any, len(keys))}
			for i, k := range keys {
				l.Items[i] = k
			}
			return l, true
		}
	case "values":
		if n == 0 {
			l := &value.List{Items: make([]any, 0, m.Len())}
			m.Range(func(_ string, v any) bool {
				l.Items = append(l.Items, v)
				return true
			})
			return l, true
		}
	case "entrySet":
		if n == 0 {
			l := &value.List{Items: make([]any, 0, m.Len())}
			m.Range(func(k string, v any) bool {
				l.Items = append(l.Items, &entry{m: m, key: k, val: v})
				return true
			})
			return l, true
		}
	case "remove":
		if n == 1 {
			return m.Remove(key()), true
		}
	case "size":
		if n == 0 {
			return int64(m.Len()), true
		}
	case "isEmpty":
		if n == 0 {
			return m.Len() == 0, true
		}
	case "clear":
		if n == 0 {
			m.Clear()
			return void, true
		}
	}
	return nil, false
}

func (s *state) listMethod(l *value.List, name string, args []any, pos Pos) (any, bool) {
	n := len(args)
	// at checks an index in [0, size) (or [0, size] when end is true).
	at := func(i int, end bool) int {
		size := len(l.Items)
		if i < 0 || i > size || i == size && !end {
			s.fail(pos, "IndexOutOfBoundsException: Index: %d, Size: %d", i, size)
		}
		return i
	}
	budget := 1 << 20
	indexOf := func(v any) int {
		for i, e := range l.Items {
			if s.javaEquals(v, e, 0, &budget) {
				return i
			}
		}
		return -1
	}
	switch name {
	case "size":
		if n == 0 {
			return int64(len(l.Items)), true
		}
	case "isEmpty":
		if n == 0 {
			return len(l.Items) == 0, true
		}
	case "get":
		if i, ok := argInt(args, 0); n == 1 && ok {
			return l.Items[at(i, false)], true
		}
	case "add":
		switch n {
		case 1:
			s.checkSize(pos, len(l.Items)+1)
			l.Items = append(l.Items, args[0])
			return true, true
		case 2:
			i, ok := argInt(args, 0)
			if !ok {
				break
			}
			at(i, true)
			s.checkSize(pos, len(l.Items)+1)
			l.Items = append(l.Items, nil)
			copy(l.Items[i+1:], l.Items[i:])
			l.Items[i] = args[1]
			return void, true
		}
	case "addAll":
		switch n {
		case 1:
			o, ok := args[0].(*value.List)
			if !ok {
				break
			}
			s.checkSize(pos, len(l.Items)+len(o.Items))
			l.Items = append(l.Items, o.Items...)
			return len(o.Items) > 0, true
		case 2:
			i, ok1 := argInt(args, 0)
			o, ok2 := args[1].(*value.List)
			if !ok1 || !ok2 {
				break
			}
			at(i, true)
			s.checkSize(pos, len(l.Items)+len(o.Items))
			items := append([]any(nil), o.Items...)
			l.Items = append(l.Items[:i], append(items, l.Items[i:]...)...)
			return len(items) > 0, true
		}
	case "set":
		if i, ok := argInt(args, 0); n == 2 && ok {
			at(i, false)
			old := l.Items[i]
			l.Items[i] = args[1]
			return old, true
		}
	case "remove":
		if n != 1 {
			break
		}
		if i, ok := args[0].(int64); ok {
			// remove(int): Velocity picks it for an Integer argument.
			if i != int64(int32(i)) {
				s.fail(pos, "IndexOutOfBoundsException: Index: %d, Size: %d", i, len(l.Items))
			}
			at(int(i), false)
			old := l.Items[i]
			l.Items = append(l.Items[:i], l.Items[i+1:]...)
			return old, true
		}
		if i := indexOf(args[0]); i >= 0 {
			l.Items = append(l.Items[:i], l.Items[i+1:]...)
			return true, true
		}
		return false, true
	case "contains":
		if n == 1 {
			return indexOf(args[0]) >= 0, true
		}
	case "containsAll":
		if o, ok := arg(args, 0).(*value.List); n == 1 && ok {
			for _, e := range o.Items {
				if indexOf(e) < 0 {
					return false, true
				}
			}
			return true, true
		}
	case "removeAll", "retainAll":
		if o, ok := arg(args, 0).(*value.List); n == 1 && ok {
			keep := name == "retainAll"
			out := l.Items[:0:0]
			for _, e := range l.Items {
				in := false
				for _, f := range o.Items {
					if s.javaEquals(e, f, 0, &budget) {
						in = true
						break
					}
				}
				if in == keep {
					out = append(out, e)
				}
			}
			changed := len(out) != len(l.Items)
			l.Items = out
			return changed, true
		}
	case "indexOf":
		if n == 1 {
			return int64(indexOf(args[0])), true
		}
	case "lastIndexOf":
		if n == 1 {
			for i := len(l.Items) - 1; i >= 0; i-- {
				if s.javaEquals(args[0], l.Items[i], 0, &budget) {
					return int64(i), true
				}
			}
			return int64(-1), true
		}
	case "subList":
		if n != 2 {
			break
		}
		a, ok1 := argInt(args, 0)
		b, ok2 := argInt(args, 1)
		if !ok1 || !ok2 {
			break
		}
		switch {
		case a < 0:
			s.fail(pos, "IndexOutOfBoundsException: fromIndex = %d", a)
		case b > len(l.Items):
			s.fail(pos, "IndexOutOfBoundsException: toIndex = %d", b)
		case a > b:
			s.fail(pos, "IllegalArgumentException: fromIndex(%d) > toIndex(%d)", a, b)
		}
		return &value.List{Items: append([]any(nil), l.Items[a:b]...)}, true
	case "clear":
		if n == 0 {
			l.Items = l.Items[:0]
			return void, true
		}
	}
	return nil, false
}

func (s *state) numberMethod(v any, name string, args []any, pos Pos) (any, bool) {
	if len(args) == 0 {
		switch x := v.(type) {
		case int64:
			switch name {
			case "intValue":
				return int64(int32(x)), true
			case "longValue":
				return x, true
			case "shortValue":
				return int64(int16(x)), true
			case "byteValue":
				return int64(int8(x)), true
			case "doubleValue":
				return float64(x), true
			case "floatValue":
				return toFloat32(float64(x)), true
			}
		case float64:
			switch name {
			case "intValue":
				return int64(javaD2I(x)), true
			case "longValue":
				return javaD2L(x), true
			case "shortValue":
				return int64(int16(javaD2I(x))), true
			case "byteValue":
				return int64(int8(javaD2I(x))), true
			case "doubleValue":
				return x, true
			case "floatValue":
				return toFloat32(x), true
			case "isNaN":
				return math.IsNaN(x), true
			case "isInfinite":
				return math.IsInf(x, 0), true
			}
		}
	}
	if name == "compareTo" && len(args) == 1 {
		a, _ := toFloat(v)
		b, ok := toFloat(args[0])
		if !ok {
			return nil, false
		}
		ai, aInt := v.(int64)
		bi, bInt := args[0].(int64)
		switch {
		case aInt && bInt:
			return int64(cmpInt(ai, bi)), true
		case a < b:
			return int64(-1), true
		case a > b:
			return int64(1), true
		}
		return int64(0), true
	}
	return nil, false
}

// toFloat32 rounds f to a Java float and returns the double that prints as
// that float does (1.1f prints 1.1, not 1.100000023841858).
func toFloat32(f float64) float64 {
	f32 := float32(f)
	if math.IsInf(float64(f32), 0) || math.IsNaN(float64(f32)) {
		return float64(f32)
	}
	d, _ := strconv.ParseFloat(strconv.FormatFloat(float64(f32), 'g', -1, 32), 64)
	return d
}

func boolMethod(b bool, name string, args []any) (any, bool) {
	switch {
	case name == "booleanValue" && len(args) == 0:
		return b, true
	case name == "compareTo" && len(args) == 1:
		o, ok := args[0].(bool)
		if !ok {
			return nil, false
		}
		switch {
		case b == o:
			return int64(0), true
		case b:
			return int64(1), true
		}
		return int64(-1), true
	}
	return nil, false
}
