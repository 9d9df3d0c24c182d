package jsonata

import (
	"encoding/json"
	"sort"
)

// Refs is what an expression reads from outside itself, for the checks
// Step Functions makes at CreateStateMachine.
type Refs struct {
	// TopLevel lists, in order and without repeats, the names the expression
	// reads from the context item, which Step Functions does not provide: AWS
	// refuses the definition with UNSUPPORTED_JSONATA_EXPRESSION "Reference to
	// 'phone' at the top level is not supported." "$" stands for the context
	// item itself and "$$" for $$ (AWS: "Reference to '$$' is not
	// supported."). Only the first step of a path reads the context; later
	// steps, predicates, sort and group terms read what the step before
	// produced, and are not listed. A lambda body keeps the context of the
	// expression defining it, so its first steps are listed.
	TopLevel []string
	// States lists, in order and without repeats, the fields read from
	// $states ("input", "result", "errorOutput", "context", or a misspelling),
	// anywhere in the expression, so the caller can refuse those a field
	// does not offer ($states.result outside Task/Parallel/Map, errorOutput
	// outside Catch).
	States []string
}

// References returns what the expression reads from outside itself.
func (e *Expr) References() Refs {
	return Refs{TopLevel: append([]string(nil), e.refs.TopLevel...), States: append([]string(nil), e.refs.States...)}
}

// references analyses jsonata-js's parse tree, as JSON.
func references(astJSON string) Refs {
	var tree any
	if json.Unmarshal([]byte(astJSON), &tree) != nil {
		return Refs{}
	}
	var r Refs
	top := map[string]bool{}
	addTop := func(name string) {
		if !top[name] {
			top[name] = true
			r.TopLevel = append(r.TopLevel, name)
		}
	}
	var collect func(n any)
	collect = func(n any) {
		node, _ := n.(map[string]any)
		if node == nil {
			return
		}
		switch node["type"] {
		case "path":
			if steps, _ := node["steps"].([]any); len(steps) > 0 {
				collect(steps[0])
			}
		case "name":
			if s, ok := node["value"].(string); ok {
				addTop(s)
			}
		case "variable":
			switch node["value"] {
			case "":
				addTop("$")
			case "$":
				addTop("$$")
			}
		case "unary":
			switch node["value"] {
			case "[":
				eachNode(node["expressions"], collect)
			case "{":
				pairs, _ := node["lhs"].([]any)
				for _, p := range pairs {
					eachNode(p, collect)
				}
			default:
				collect(node["expression"])
			}
		case "binary", "apply":
			collect(node["lhs"])
			collect(node["rhs"])
		case "function", "partial":
			collect(node["procedure"])
			eachNode(node["arguments"], collect)
		case "lambda":
			collect(node["body"])
		case "condition":
			collect(node["condition"])
			collect(node["then"])
			collect(node["else"])
		case "block":
			eachNode(node["expressions"], collect)
		case "bind":
			collect(node["rhs"])
		}
		// Literals, regexes, wildcards, descendants, transforms and the rest
		// do not read the context item by name.
	}
	collect(tree)

	type use struct {
		field string
		pos   float64
	}
	var uses []use
	var states func(n any)
	states = func(n any) {
		switch t := n.(type) {
		case map[string]any:
			if t["type"] == "path" {
				if steps, _ := t["steps"].([]any); len(steps) >= 2 {
					first, _ := steps[0].(map[string]any)
					second, _ := steps[1].(map[string]any)
					if first["type"] == "variable" && first["value"] == "states" && second["type"] == "name" {
						if f, ok := second["value"].(string); ok {
							pos, _ := second["position"].(float64)
							uses = append(uses, use{f, pos})
						}
					}
				}
			}
			for _, v := range t {
				states(v)
			}
		case []any:
			for _, x := range t {
				states(x)
			}
		}
	}
	states(tree)
	sort.SliceStable(uses, func(i, j int) bool { return uses[i].pos < uses[j].pos })
	seen := map[string]bool{}
	for _, u := range uses {
		if !seen[u.field] {
			seen[u.field] = true
			r.States = append(r.States, u.field)
		}
	}
	return r
}

func eachNode(list any, f func(any)) {
	items, _ := list.([]any)
	for _, x := range items {
		f(x)
	}
}
