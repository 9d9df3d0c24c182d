package asl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ohler55/ojg/jp"
)

type rootKind uint8

const (
	rootInput   rootKind = iota // $
	rootContext                 // $$
	rootVar                     // $name
)

// Path is a JSONPath as used by InputPath, OutputPath, ItemsPath, the *Path
// fields, Choice Variable and ".$" template values. "$$..." reads the context
// object and "$name..." a workflow variable. A definite path (only names and
// indexes) selects one value and fails when it is missing; any other path
// (wildcards, filters, slices, unions, "..") selects a possibly empty array.
type Path struct {
	// Null is set for a JSON null in a field that allows it (InputPath,
	// OutputPath): the state then sees {} (InputPath) or outputs {}
	// (OutputPath).
	Null bool
	// Field names the field the path came from ("InputPath", "x.$"); it
	// appears in error causes.
	Field string

	src      string
	root     rootKind
	varName  string
	steps    []refStep // definite path, parsed by our own parser (accepts $.with-dash)
	expr     jp.Expr   // otherwise ojg
	length   bool      // Jayway ".length()" suffix
	definite bool
}

// ParsePath compiles a JSONPath. field is the name used in error causes.
// Errors are plain errors describing the syntax problem.
func ParsePath(src, field string) (*Path, error) {
	p := &Path{src: src, Field: field}
	if !strings.HasPrefix(src, "$") {
		return nil, fmt.Errorf("path %q must start with '$'", src)
	}
	rest := src[1:]
	switch {
	case strings.HasPrefix(rest, "$"):
		p.root = rootContext
		rest = rest[1:]
	case rest != "" && isIdentStart(rest[0]):
		p.root = rootVar
		i := 1
		for i < len(rest) && isIdentChar(rest[i]) {
			i++
		}
		p.varName, rest = rest[:i], rest[i:]
	}
	if strings.HasSuffix(rest, ".length()") {
		p.length = true
		rest = strings.TrimSuffix(rest, ".length()")
	}
	if rest != "" && rest[0] != '.' && rest[0] != '[' {
		return nil, fmt.Errorf("path %q: unexpected %q after the root", src, rest[0])
	}
	rest = dotBracket(rest)
	if strings.HasSuffix(rest, ".") {
		return nil, fmt.Errorf("path %q must not end with '.'", src)
	}
	if steps, err := parseRefSteps(rest); err == nil {
		p.steps, p.definite = steps, true
		return p, nil
	}
	x, err := jp.ParseString("$" + rest)
	if err != nil {
		return nil, fmt.Errorf("path %q: %v", src, err)
	}
	p.expr = x
	p.definite = true
	for _, f := range x {
		switch f.(type) {
		case jp.Root, jp.At, jp.Bracket, jp.Child, jp.Nth:
		default:
			p.definite = false
		}
	}
	return p, nil
}

// MustParsePath is ParsePath for paths known to be valid (tests, constants);
// it panics on error.
func MustParsePath(src, field string) *Path {
	p, err := ParsePath(src, field)
	if err != nil {
		panic(err)
	}
	return p
}

// dotBracket rewrites Jayway's "$.[...]" / ".a.[0]" spelling (accepted by
// AWS, recorded) to the "[...]" that ojg and our parser read; quoted
// names are left alone.
func dotBracket(s string) string {
	if !strings.Contains(s, ".[") {
		return s
	}
	var sb strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && i+1 < len(s) {
				sb.WriteByte(c)
				i++
				c = s[i]
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '.' && i+1 < len(s) && s[i+1] == '[' && (i == 0 || s[i-1] != '.'):
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// String returns the path's source text ("null" for a null path).
func (p *Path) String() string {
	if p == nil {
		return "$"
	}
	if p.Null {
		return "null"
	}
	return p.src
}

// Definite reports whether the path selects a single value rather than an
// array of matches.
func (p *Path) Definite() bool { return p.definite }

// Select evaluates the path. A null path selects {}. A definite path whose
// value is missing fails with States.Runtime and AWS's cause ("The JSONPath
// '$.x' specified for the field 'InputPath' could not be found in the input
// '{...}'"); an unknown variable fails the same way.
func (p *Path) Select(input any, env *Env) (any, error) {
	v, ok, err := p.lookup(input, env)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, p.notFound(input, env)
	}
	return v, nil
}

// Lookup is Select that reports a missing value as found=false instead of an
// error (Choice IsPresent needs the distinction).
func (p *Path) Lookup(input any, env *Env) (v any, found bool, err error) {
	return p.lookup(input, env)
}

func (p *Path) lookup(input any, env *Env) (any, bool, error) {
	if p == nil {
		return input, true, nil
	}
	if p.Null {
		return map[string]any{}, true, nil
	}
	var root any
	switch p.root {
	case rootInput:
		root = input
	case rootContext:
		if env != nil {
			root = env.Context
		}
	case rootVar:
		var ok bool
		if env != nil && env.Vars != nil {
			root, ok = env.Vars[p.varName]
		}
		if !ok {
			return nil, false, nil
		}
	}
	var v any
	if p.expr == nil {
		var ok bool
		v, ok = getSteps(root, p.steps)
		if !ok {
			return nil, false, nil
		}
	} else {
		res, err := p.get(root)
		if err != nil {
			return nil, false, err
		}
		if p.definite {
			if len(res) == 0 {
				return nil, false, nil
			}
			v = res[0]
		} else {
			if res == nil {
				res = []any{}
			}
			v = res
		}
	}
	if p.length {
		switch x := v.(type) {
		case []any:
			v = int64(len(x))
		case map[string]any:
			v = int64(len(x))
		case string:
			v = int64(len([]rune(x)))
		default:
			return nil, false, nil
		}
	}
	return v, true, nil
}

// notFound builds AWS's cause for a missing value (all recorded on AWS).
// Payload template values ("x.$" fields, intrinsic arguments) and Fail
// ErrorPath/CausePath read "The JSONPath '$.x' specified for the field 'x.$'
// could not be found in the input '{...}'" (the state input, also for $$
// paths). The path fields (InputPath, OutputPath, ItemsPath, *Path) give
// Jayway's messages: "Invalid path '$.x' : No results for path: $['x']"
// when the last step is missing, "Invalid path '$.a.b' : Missing property
// in path $['a']" when an earlier one is.
func (p *Path) notFound(input any, env *Env) *Error {
	if p.root == rootVar {
		if _, ok := env.varsHas(p.varName); !ok {
			return runtimeErr(fmt.Sprintf("The JSONPath '%s' specified for the field '%s' references the undefined variable '%s'", p.src, p.Field, p.varName))
		}
	}
	if strings.HasSuffix(p.Field, ".$") || p.Field == "ErrorPath" || p.Field == "CausePath" {
		return runtimeErr(fmt.Sprintf("The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'", p.src, p.Field, encodeString(input)))
	}
	full, missingAt, prefix := p.jaywayPath(input, env)
	if missingAt >= 0 {
		return runtimeErr(fmt.Sprintf("Invalid path '%s' : Missing property in path %s", p.src, prefix))
	}
	return runtimeErr(fmt.Sprintf("Invalid path '%s' : No results for path: %s", p.src, full))
}

// jaywayPath prints a definite path as Jayway does ($['a']['b'][0]) and,
// when an intermediate step is missing, its index and the printed prefix
// up to and including it.
func (p *Path) jaywayPath(input any, env *Env) (full string, missingAt int, prefix string) {
	steps := p.steps
	if p.expr != nil {
		steps = nil
		for _, f := range p.expr {
			switch x := f.(type) {
			case jp.Child:
				steps = append(steps, refStep{name: string(x)})
			case jp.Nth:
				steps = append(steps, refStep{index: int(x), isIdx: true})
			case jp.Root, jp.At, jp.Bracket:
			default:
				return p.src, -1, ""
			}
		}
	}
	var root any
	switch p.root {
	case rootInput:
		root = input
	case rootContext:
		if env != nil {
			root = env.Context
		}
	case rootVar:
		root, _ = env.varsHas(p.varName)
	}
	var sb strings.Builder
	sb.WriteString("$")
	if p.root == rootVar {
		sb.WriteString(p.varName)
	}
	missingAt = -1
	cur, ok := root, true
	for i, st := range steps {
		if st.isIdx {
			sb.WriteString("[" + strconv.Itoa(st.index) + "]")
		} else {
			sb.WriteString("['" + st.name + "']")
		}
		if !ok {
			continue
		}
		cur, ok = getSteps(cur, []refStep{st})
		if !ok && i < len(steps)-1 && !st.isIdx {
			missingAt, prefix = i, sb.String()
		}
	}
	return sb.String(), missingAt, prefix
}

func (e *Env) varsHas(name string) (any, bool) {
	if e == nil || e.Vars == nil {
		return nil, false
	}
	v, ok := e.Vars[name]
	return v, ok
}

// refStep is one step of a reference path: a field name or an array index.
type refStep struct {
	name  string
	index int
	isIdx bool
}

// parseRefSteps parses the part after "$" of a reference path: ".name",
// "['name']", "[\"name\"]", "[N]".
func parseRefSteps(s string) ([]refStep, error) {
	var steps []refStep
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			j := i + 1
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				if strings.ContainsRune("]'\"*?()@$ ,:", rune(s[j])) {
					return nil, fmt.Errorf("invalid character %q at %d", s[j], j)
				}
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("empty name at %d", i)
			}
			steps = append(steps, refStep{name: s[i+1 : j]})
			i = j
		case '[':
			if i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"') {
				q := s[i+1]
				j := i + 2
				var sb strings.Builder
				for j < len(s) && s[j] != q {
					// Only an escaped quote is an escape (Jayway): other
					// backslashes are part of the name, as AWS reads
					// $['Test\""Name"'] (recorded).
					if s[j] == '\\' && j+1 < len(s) && s[j+1] == q {
						j++
					}
					sb.WriteByte(s[j])
					j++
				}
				if j+1 >= len(s) || s[j+1] != ']' {
					return nil, fmt.Errorf("unterminated bracket at %d", i)
				}
				steps = append(steps, refStep{name: sb.String()})
				i = j + 2
				continue
			}
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i+1 || j >= len(s) || s[j] != ']' {
				return nil, fmt.Errorf("invalid index at %d", i)
			}
			n, err := strconv.Atoi(s[i+1 : j])
			if err != nil {
				return nil, err
			}
			steps = append(steps, refStep{index: n, isIdx: true})
			i = j + 1
		default:
			return nil, fmt.Errorf("unexpected %q at %d", s[i], i)
		}
	}
	return steps, nil
}

func getSteps(v any, steps []refStep) (any, bool) {
	for _, st := range steps {
		if st.isIdx {
			a, ok := v.([]any)
			if !ok || st.index >= len(a) {
				return nil, false
			}
			v = a[st.index]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[st.name]; !ok {
			return nil, false
		}
	}
	return v, true
}

// ResultPath is a reference path that says where a state's result goes in
// its raw input. Writing creates missing intermediate objects and replaces
// whatever was at the target.
type ResultPath struct {
	// Discard is set for "ResultPath": null: the result is dropped and the
	// input passes through.
	Discard bool
	src     string
	steps   []refStep
}

// ParseResultPath compiles a reference path ("$", "$.a.b", "$['a'][0]").
func ParseResultPath(src string) (*ResultPath, error) {
	if !strings.HasPrefix(src, "$") || strings.HasPrefix(src, "$$") {
		return nil, fmt.Errorf("reference path %q must start with '$'", src)
	}
	steps, err := parseRefSteps(src[1:])
	if err != nil {
		return nil, fmt.Errorf("reference path %q: %v", src, err)
	}
	return &ResultPath{src: src, steps: steps}, nil
}

// String returns the source text ("null" when discarding).
func (r *ResultPath) String() string {
	if r == nil {
		return "$"
	}
	if r.Discard {
		return "null"
	}
	return r.src
}

// Apply places result into input at the path and returns the new value;
// input is not modified (containers along the path are copied). A nil
// ResultPath returns result; Discard returns input. A step through a
// non-object value, or an index outside an array, fails with
// States.ResultPathMatchFailure.
func (r *ResultPath) Apply(input, result any) (any, error) {
	if r == nil {
		return result, nil
	}
	if r.Discard {
		return input, nil
	}
	if len(r.steps) == 0 {
		return result, nil
	}
	out, err := setSteps(input, r.steps, result)
	if err != nil {
		return nil, &Error{Name: ErrResultPathMatchFailure, Cause: fmt.Sprintf("Unable to apply ReferencePath %s to input '%s'", r.src, encodeString(input))}
	}
	return out, nil
}

func setSteps(v any, steps []refStep, result any) (any, error) {
	if len(steps) == 0 {
		return result, nil
	}
	st := steps[0]
	if st.isIdx {
		a, ok := v.([]any)
		if !ok || st.index >= len(a) {
			return nil, fmt.Errorf("no index")
		}
		nv, err := setSteps(a[st.index], steps[1:], result)
		if err != nil {
			return nil, err
		}
		c := append([]any(nil), a...)
		c[st.index] = nv
		return c, nil
	}
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case nil:
		// a missing (or null) intermediate becomes an object
	default:
		return nil, fmt.Errorf("not an object")
	}
	nv, err := setSteps(m[st.name], steps[1:], result)
	if err != nil {
		return nil, err
	}
	c := make(map[string]any, len(m)+1)
	for k, e := range m {
		c[k] = e
	}
	c[st.name] = nv
	return c, nil
}

// get runs the compiled JSONPath. ojg panics on a filter applied to a nil
// root (a null input or an absent context), so a nil root selects nothing,
// and any other panic inside the library becomes States.Runtime rather than
// taking the execution down with it.
func (p *Path) get(root any) (res []any, err error) {
	if root == nil {
		return nil, nil
	}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &Error{Name: ErrRuntime, Cause: fmt.Sprintf("The JSONPath %s could not be evaluated: %v", p.src, r)}
		}
	}()
	return p.expr.Get(root), nil
}
