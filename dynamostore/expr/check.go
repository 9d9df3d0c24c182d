package expr

import (
	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// checker runs DynamoDB's semantic checks on a parsed tree, in DynamoDB's
// order, and resolves placeholders. Failures panic with *Error like the
// parser's.
type checker struct {
	kind   string
	names  Names
	values Values
}

func (c *checker) fail(format string, args ...any) {
	panic(newError(c.kind, format, args...))
}

// conditionFuncs are the functions of condition expressions and their
// operand counts.
var conditionFuncs = map[string]int{
	"attribute_exists":     1,
	"attribute_not_exists": 1,
	"attribute_type":       2,
	"begins_with":          2,
	"contains":             2,
	"size":                 1,
}

// attributeTypes are the type names attribute_type accepts.
var attributeTypes = map[string]bool{
	"S": true, "N": true, "B": true, "NULL": true, "SS": true,
	"BOOL": true, "L": true, "BS": true, "NS": true, "M": true,
}

type role uint8

const (
	roleCondition role = iota
	roleOperand
)

// postorder visits n's subtree children first, telling each node whether
// it stands where a condition or an operand belongs.
func postorder(n Node, r role, fn func(Node, role)) {
	switch x := n.(type) {
	case *LogicNode:
		postorder(x.l, roleCondition, fn)
		postorder(x.r, roleCondition, fn)
	case *NotNode:
		postorder(x.x, roleCondition, fn)
	case *ParenNode:
		postorder(x.x, r, fn)
	case *CompareNode:
		postorder(x.l, roleOperand, fn)
		postorder(x.r, roleOperand, fn)
	case *BetweenNode:
		postorder(x.x, roleOperand, fn)
		postorder(x.lo, roleOperand, fn)
		postorder(x.hi, roleOperand, fn)
	case *InNode:
		postorder(x.x, roleOperand, fn)
		for _, a := range x.list {
			postorder(a, roleOperand, fn)
		}
	case *FuncNode:
		for _, a := range x.args {
			postorder(a, roleOperand, fn)
		}
	case *ArithNode:
		postorder(x.l, roleOperand, fn)
		postorder(x.r, roleOperand, fn)
	case *PathNode:
		if x.group != nil {
			postorder(x.group, roleOperand, fn)
		}
	case *listNode:
		for _, y := range x.items {
			postorder(y, roleOperand, fn)
		}
	}
	fn(n, r)
}

// checkRedundantParens rejects ((x)).
func (c *checker) checkRedundantParens(root Node) {
	walk(root, func(n Node) {
		if p, ok := n.(*ParenNode); ok {
			if _, ok := p.x.(*ParenNode); ok {
				c.fail("The expression has redundant parentheses;")
			}
		}
	})
}

// checkFunctionNames rejects unknown functions.
func (c *checker) checkFunctionNames(root Node, known map[string]int) {
	postorder(root, roleCondition, func(n Node, _ role) {
		if f, ok := n.(*FuncNode); ok {
			if _, ok := known[f.name]; !ok {
				c.fail("Invalid function name; function: %s", f.name)
			}
		}
	})
}

// checkReserved rejects unaliased reserved words in document paths.
func (c *checker) checkReserved(root Node) {
	walk(root, func(n Node) {
		if p, ok := n.(*PathNode); ok {
			for _, e := range p.elems {
				if e.ref == "" && !e.isIndex && IsReserved(e.name) {
					c.fail("Attribute name is a reserved keyword; reserved keyword: %s", e.name)
				}
			}
		}
	})
}

// firstUndefined returns the message for the first placeholder in n that
// names or values do not define, in source order, or "".
func (c *checker) firstUndefined(n Node, namesOnly, valuesOnly bool) string {
	msg := ""
	walk(n, func(x Node) {
		if msg != "" {
			return
		}
		switch x := x.(type) {
		case *PathNode:
			if valuesOnly {
				return
			}
			for _, e := range x.elems {
				if e.ref != "" {
					if _, ok := c.names[e.ref]; !ok {
						msg = "An expression attribute name used in the document path is not defined; attribute name: " + e.ref
						return
					}
				}
			}
		case *ValueNode:
			if namesOnly {
				return
			}
			if _, ok := c.values[x.ref]; !ok {
				msg = "An expression attribute value used in expression is not defined; attribute value: " + x.ref
			}
		}
	})
	return msg
}

// resolve fills in placeholder names and values (after checking).
func (c *checker) resolve(root Node) {
	walk(root, func(n Node) {
		switch x := n.(type) {
		case *PathNode:
			for i, e := range x.elems {
				if e.ref != "" {
					x.elems[i].name = c.names[e.ref]
				}
			}
		case *ValueNode:
			x.val = c.values[x.ref]
		}
	})
}

// pathOf returns the resolved path of an operand that is a document path.
func (c *checker) pathOf(n Node) (Path, bool) {
	p, ok := unparen(n).(*PathNode)
	if !ok {
		return nil, false
	}
	out := make(Path, len(p.elems))
	for i, e := range p.elems {
		name := e.name
		if e.ref != "" {
			name = c.names[e.ref]
		}
		out[i] = PathElem{Name: name, Index: e.index, IsIndex: e.isIndex}
	}
	return out, true
}

func pathsEqual(a, b Path) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// staticType is the type of an operand known before evaluation: a
// :value's type, or N for size(). ok is false for paths.
func (c *checker) staticType(n Node, withFuncs bool) (attr.Kind, bool) {
	switch x := unparen(n).(type) {
	case *ValueNode:
		v, ok := c.values[x.ref]
		return v.Kind(), ok
	case *FuncNode:
		if withFuncs && x.name == "size" {
			return attr.KindN, true
		}
	}
	return attr.KindInvalid, false
}

// checkCondition runs the checks of condition, filter and key condition
// expressions, in DynamoDB's order: redundant parentheses, function names,
// misused functions, reserved words, then per condition (in source order)
// undefined placeholders, operand counts, distinct operands and operand
// types.
func (c *checker) checkCondition(root Node) {
	c.checkRedundantParens(root)
	c.checkFunctionNames(root, conditionFuncs)
	postorder(root, roleCondition, func(n Node, r role) {
		f, ok := n.(*FuncNode)
		if !ok {
			return
		}
		if (r == roleOperand && f.name != "size") || (r == roleCondition && f.name == "size") {
			c.fail("The function is not allowed to be used this way in an expression; function: %s", f.name)
		}
	})
	c.checkReserved(root)
	postorder(root, roleCondition, func(n Node, r role) {
		if r != roleCondition {
			return
		}
		switch n.(type) {
		case *CompareNode, *BetweenNode, *InNode, *FuncNode:
			if msg := c.leafError(n); msg != "" {
				c.fail("%s", msg)
			}
		}
	})
	c.resolve(root)
}

// leafError returns the first error of one simple condition, by category:
// undefined placeholders, operand counts, distinct operands, operand types.
func (c *checker) leafError(leaf Node) string {
	if msg := c.firstUndefined(leaf, false, false); msg != "" {
		return msg
	}
	var count, distinct, types string
	postorder(leaf, roleCondition, func(n Node, _ role) {
		switch x := n.(type) {
		case *FuncNode:
			if count != "" {
				return
			}
			if want := conditionFuncs[x.name]; want != len(x.args) {
				count = sprintf("Incorrect number of operands for operator or function; operator or function: %s, number of operands: %d", x.name, len(x.args))
				return
			}
			if distinct == "" && len(x.args) == 2 {
				distinct = c.distinctError(x.name, x.args[0], x.args[1])
			}
			if types == "" {
				types = c.funcTypeError(x)
			}
		case *CompareNode:
			if distinct == "" {
				distinct = c.distinctError(x.op, x.l, x.r)
			}
			if types == "" && x.op != "=" && x.op != "<>" {
				types = c.orderError(x.op, x.l, x.r)
			}
		case *BetweenNode:
			if types == "" {
				types = c.orderError("BETWEEN", x.x, x.lo, x.hi)
			}
			if types == "" {
				types = c.betweenError(x)
			}
		case *InNode:
			if types == "" && len(x.list) > 100 {
				types = sprintf("The IN operator is provided with too many operands; number of operands: %d", len(x.list))
			}
		}
	})
	for _, msg := range []string{count, distinct, types} {
		if msg != "" {
			return msg
		}
	}
	return ""
}

func (c *checker) distinctError(op string, a, b Node) string {
	pa, ok1 := c.pathOf(a)
	pb, ok2 := c.pathOf(b)
	if ok1 && ok2 && pathsEqual(pa, pb) {
		return "The first operand must be distinct from the remaining operands for this operator or function; operator: " + op + ", first operand: " + pa.String()
	}
	return ""
}

func operandTypeError(fn, typ string) string {
	return "Incorrect operand type for operator or function; operator or function: " + fn + ", operand type: " + typ
}

func (c *checker) funcTypeError(f *FuncNode) string {
	switch f.name {
	case "attribute_exists", "attribute_not_exists":
		if _, ok := unparen(f.args[0]).(*PathNode); !ok {
			return "Operator or function requires a document path; operator or function: " + f.name
		}
	case "attribute_type":
		k, ok := c.staticType(f.args[1], true)
		if !ok {
			return operandTypeError(f.name, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
		}
		if k != attr.KindS {
			return operandTypeError(f.name, k.String())
		}
		v := c.values[unparen(f.args[1]).(*ValueNode).ref]
		if !attributeTypes[v.Str()] {
			return "Invalid attribute type name found; type: " + v.Str() + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
		}
	case "begins_with":
		for _, a := range f.args {
			if k, ok := c.staticType(a, true); ok && k != attr.KindS && k != attr.KindB {
				return operandTypeError(f.name, k.String())
			}
		}
	case "size":
		if k, ok := c.staticType(f.args[0], true); ok && (k == attr.KindN || k == attr.KindBOOL || k == attr.KindNULL) {
			return operandTypeError(f.name, k.String())
		}
	}
	return ""
}

// orderError rejects an ordering comparison (<, <=, >, >=, BETWEEN) with
// an operand whose type is known (a :value) and has no order: only S, N
// and B compare. (An attribute of such a type makes the comparison false
// instead; that is only known when evaluating.)
func (c *checker) orderError(op string, operands ...Node) string {
	for _, n := range operands {
		if k, ok := c.staticType(n, true); ok && k != attr.KindS && k != attr.KindN && k != attr.KindB {
			return operandTypeError(op, k.String())
		}
	}
	return ""
}

func (c *checker) betweenError(b *BetweenNode) string {
	lo, ok1 := c.staticType(b.lo, false)
	hi, ok2 := c.staticType(b.hi, false)
	if !ok1 || !ok2 {
		return ""
	}
	lv := c.values[unparen(b.lo).(*ValueNode).ref]
	hv := c.values[unparen(b.hi).(*ValueNode).ref]
	bounds := "lower bound operand: AttributeValue: " + lv.String() + ", upper bound operand: AttributeValue: " + hv.String()
	if lo != hi {
		return "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds
	}
	if cmp, err := attr.Compare(lv, hv); err == nil && cmp > 0 {
		return "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds
	}
	return ""
}
