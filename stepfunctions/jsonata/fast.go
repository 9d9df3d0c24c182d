package jsonata

import (
	"encoding/json"
	"strings"
)

// fastPath evaluates, without JavaScript, the expressions Step Functions
// definitions use most: a variable followed by plain field names
// ($states.input, $states.result.Payload.body, $myVar.id). jsonata-js takes
// about 150 µs for these, most of it in promise machinery; this takes a few.
// It answers only where the result is certain to be jsonata-js's — every
// value on the way is an object, so no sequence mapping or flattening
// happens — and defers to the runtime otherwise.
type fastPath struct {
	root  string   // variable name without "$"; "" is the input ($)
	names []string // field names after it
}

// simpleChars is a cheap filter before asking the parser for the tree.
func simpleChars(src string) bool {
	for _, r := range src {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '$', r == '_', r == '.', r == ' ', r == '\t', r == '\n', r == '\r':
		default:
			return false
		}
	}
	return strings.HasPrefix(strings.TrimSpace(src), "$")
}

// astNode is the part of jsonata-js's parse tree the fast path reads; any
// other key in a node means the expression is not a plain path.
type astNode map[string]json.RawMessage

// planFast returns the fast path for the parse tree astJSON, or nil.
func planFast(astJSON string) *fastPath {
	var root astNode
	if json.Unmarshal([]byte(astJSON), &root) != nil {
		return nil
	}
	steps := []astNode{root}
	if typeOf(root) == "path" {
		if !onlyKeys(root, "type", "steps", "position") {
			return nil
		}
		steps = nil
		if json.Unmarshal(root["steps"], &steps) != nil || len(steps) == 0 {
			return nil
		}
	}
	p := &fastPath{}
	for i, s := range steps {
		if !onlyKeys(s, "type", "value", "position") {
			return nil
		}
		var name string
		if json.Unmarshal(s["value"], &name) != nil {
			return nil
		}
		switch {
		case i == 0 && typeOf(s) == "variable":
			p.root = name
		case i > 0 && typeOf(s) == "name":
			p.names = append(p.names, name)
		default:
			return nil
		}
	}
	return p
}

func typeOf(n astNode) string {
	var t string
	_ = json.Unmarshal(n["type"], &t)
	return t
}

func onlyKeys(n astNode, keys ...string) bool {
	for k := range n {
		found := false
		for _, want := range keys {
			found = found || k == want
		}
		if !found {
			return false
		}
	}
	return true
}

// eval walks the path; defined is false if the path leads nowhere
// (undefined), as opposed to a JSON null. ok is false when the runtime must
// decide instead: the variable is not bound here (it may be a function), or a
// value on the way is not an object.
func (p *fastPath) eval(input any, bindings map[string]any) (v any, defined, ok bool) {
	if p.root == "" {
		if _, isArray := input.([]any); isArray {
			return nil, false, false // jsonata-js wraps an array input in a sequence
		}
		v = input
	} else {
		var bound bool
		if v, bound = bindings[p.root]; !bound {
			if v, bound = bindings["$"+p.root]; !bound {
				return nil, false, false
			}
		}
	}
	for _, name := range p.names {
		m, isMap := v.(map[string]any)
		if !isMap {
			return nil, false, false
		}
		if v, defined = m[name]; !defined {
			return nil, false, true
		}
	}
	if _, raw := v.(json.RawMessage); raw {
		return nil, false, false
	}
	return v, true, true
}
