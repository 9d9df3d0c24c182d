package asl

import (
	"fmt"
	"strings"
)

// Template is a payload template (Parameters, ResultSelector, ItemSelector,
// Assign, Credentials, ItemBatcher.BatchInput): keys ending in ".$" take the
// value of a path, context path, variable or intrinsic function call (the
// ".$" is dropped from the output key); other values are literals; objects
// and arrays nest. A template may also be a single value (Fail ErrorPath and
// CausePath).
type Template struct {
	root tnode
}

type tnode interface {
	eval(input any, env *Env) (any, error)
}

type tlit struct{ v any }

type tobj struct {
	keys []string // output keys
	vals []tnode
}

type tarr struct{ elems []tnode }

// tdyn is a ".$" value: a path or an intrinsic call.
type tdyn struct {
	field string
	path  *Path
	call  *callNode
}

func (n tlit) eval(any, *Env) (any, error) { return copyValue(n.v), nil }

func (n *tobj) eval(input any, env *Env) (any, error) {
	out := make(map[string]any, len(n.keys))
	for i, k := range n.keys {
		v, err := n.vals[i].eval(input, env)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func (n *tarr) eval(input any, env *Env) (any, error) {
	out := make([]any, len(n.elems))
	for i, e := range n.elems {
		v, err := e.eval(input, env)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (n *tdyn) eval(input any, env *Env) (any, error) {
	if n.call != nil {
		return n.call.eval(input, env)
	}
	return n.path.Select(input, env)
}

// Eval builds the template's value from input. A missing path fails with
// States.Runtime; a failing intrinsic with States.IntrinsicFailure.
func (t *Template) Eval(input any, env *Env) (any, error) {
	if t == nil || t.root == nil {
		return input, nil
	}
	return t.root.eval(input, env)
}

// templateIssue is a problem found while compiling a template: a location
// relative to the template ("/a/b.$") and a message.
type templateIssue struct {
	loc, msg string
}

// NewTemplate compiles a payload template from a decoded JSON value.
// Invalid ".$" values are reported as one error listing every problem.
func NewTemplate(v any) (*Template, error) {
	t, issues := compileTemplate(v)
	if len(issues) > 0 {
		msgs := make([]string, len(issues))
		for i, is := range issues {
			msgs[i] = is.msg + " at " + is.loc
		}
		return nil, fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return t, nil
}

// NewValueTemplate compiles a single ".$"-style value: a path or an
// intrinsic function call (Fail ErrorPath/CausePath). field names it in
// errors.
func NewValueTemplate(expr, field string) (*Template, error) {
	d, err := compileDyn(expr, field)
	if err != nil {
		return nil, err
	}
	return &Template{root: d}, nil
}

func compileTemplate(v any) (*Template, []templateIssue) {
	var issues []templateIssue
	root := compileNode(v, "", &issues)
	return &Template{root: root}, issues
}

func compileNode(v any, loc string, issues *[]templateIssue) tnode {
	switch x := v.(type) {
	case *object:
		return compileObject(x.keys, x.m, loc, issues)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		return compileObject(keys, x, loc, issues)
	case []any:
		n := &tarr{elems: make([]tnode, len(x))}
		for i, e := range x {
			n.elems[i] = compileNode(e, fmt.Sprintf("%s[%d]", loc, i), issues)
		}
		return n
	}
	return tlit{v: v}
}

func compileObject(keys []string, m map[string]any, loc string, issues *[]templateIssue) tnode {
	n := &tobj{}
	for _, k := range keys {
		v := m[k]
		kloc := loc + "/" + k
		if strings.HasSuffix(k, ".$") {
			s, ok := v.(string)
			var d *tdyn
			var err error
			if ok {
				d, err = compileDyn(s, k)
			}
			if !ok || err != nil {
				*issues = append(*issues, templateIssue{loc: kloc, msg: fmt.Sprintf("The value for the field '%s' must be a valid JSONPath or a valid intrinsic function call", k)})
				continue
			}
			n.keys = append(n.keys, strings.TrimSuffix(k, ".$"))
			n.vals = append(n.vals, d)
			continue
		}
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, compileNode(v, kloc, issues))
	}
	return n
}

func compileDyn(s, field string) (*tdyn, error) {
	if isIntrinsic(s) {
		c, err := parseIntrinsic(s, field)
		if err != nil {
			return nil, err
		}
		return &tdyn{field: field, call: c}, nil
	}
	p, err := ParsePath(s, field)
	if err != nil {
		return nil, err
	}
	return &tdyn{field: field, path: p}, nil
}

// copyValue deep-copies a literal so callers may modify evaluated output.
func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyValue(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = copyValue(e)
		}
		return a
	case *object:
		return plain(x)
	}
	return v
}

// EvalIntrinsic parses and evaluates one intrinsic function call, e.g.
// "States.Format('{}', $.x)" (TestState and tools use it).
func EvalIntrinsic(expr string, input any, env *Env) (any, error) {
	c, err := parseIntrinsic(expr, expr)
	if err != nil {
		return nil, err
	}
	return c.eval(input, env)
}
