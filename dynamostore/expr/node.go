package expr

import (
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// Node is an element of a parsed expression. Its String prints it back as
// expression source; logical operands that are themselves AND/OR
// expressions are parenthesised so that the tree's shape is visible.
type Node interface {
	// Position is the byte offset of the node in the expression.
	Position() int
	String() string
	node()
}

// PathElem is one step of a document path: a map key or a list index.
type PathElem struct {
	Name    string // attribute or map key name, resolved from #placeholders
	Index   int
	IsIndex bool
}

// Path is a resolved document path such as a.b[1].c.
type Path []PathElem

// String prints the path in DynamoDB's message form: [a, b, [1], c].
func (p Path) String() string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, e := range p {
		if i > 0 {
			sb.WriteString(", ")
		}
		if e.IsIndex {
			sb.WriteString("[" + strconv.Itoa(e.Index) + "]")
		} else {
			sb.WriteString(e.Name)
		}
	}
	sb.WriteByte(']')
	return sb.String()
}

// pathElem is a path step as written.
type pathElem struct {
	pos     int
	ref     string // "#n" when written as a placeholder
	name    string // identifier as written, or the resolved placeholder
	index   int
	isIndex bool
}

// PathNode is a document path operand.
type PathNode struct {
	pos   int
	elems []pathElem
	group Node // non-nil when the path continues a parenthesised path: (a.b).c
}

// ValueNode is an expression attribute value placeholder (:v).
type ValueNode struct {
	pos int
	ref string
	val attr.Value // resolved after checking
}

// FuncNode is a function call: a condition (attribute_exists(a)) or an
// operand (size(a), if_not_exists(a, :v)).
type FuncNode struct {
	pos  int
	name string
	args []Node
}

// ParenNode is a parenthesised condition or operand.
type ParenNode struct {
	pos int
	x   Node
}

// CompareNode is a comparison: =, <>, <, <=, >, >=.
type CompareNode struct {
	pos  int
	op   string
	l, r Node
}

// BetweenNode is x BETWEEN lo AND hi.
type BetweenNode struct {
	pos       int
	x, lo, hi Node
}

// InNode is x IN (a, b, ...).
type InNode struct {
	pos  int
	x    Node
	list []Node
}

// LogicNode is AND or OR.
type LogicNode struct {
	pos  int
	op   string // "AND" or "OR"
	l, r Node
}

// NotNode is NOT x.
type NotNode struct {
	pos int
	x   Node
}

// ArithNode is a + b or a - b in a SET action.
type ArithNode struct {
	pos  int
	op   string
	l, r Node
}

func (n *PathNode) Position() int    { return n.pos }
func (n *ValueNode) Position() int   { return n.pos }
func (n *FuncNode) Position() int    { return n.pos }
func (n *ParenNode) Position() int   { return n.pos }
func (n *CompareNode) Position() int { return n.pos }
func (n *BetweenNode) Position() int { return n.pos }
func (n *InNode) Position() int      { return n.pos }
func (n *LogicNode) Position() int   { return n.pos }
func (n *NotNode) Position() int     { return n.pos }
func (n *ArithNode) Position() int   { return n.pos }

func (*PathNode) node()    {}
func (*ValueNode) node()   {}
func (*FuncNode) node()    {}
func (*ParenNode) node()   {}
func (*CompareNode) node() {}
func (*BetweenNode) node() {}
func (*InNode) node()      {}
func (*LogicNode) node()   {}
func (*NotNode) node()     {}
func (*ArithNode) node()   {}

func (n *PathNode) String() string {
	var sb strings.Builder
	start := 0
	if n.group != nil {
		sb.WriteString(n.group.String())
		start = len(groupPath(n.group).elems)
	}
	for i, e := range n.elems[start:] {
		switch {
		case e.isIndex:
			sb.WriteString("[" + strconv.Itoa(e.index) + "]")
			continue
		case i+start > 0:
			sb.WriteByte('.')
		}
		if e.ref != "" {
			sb.WriteString(e.ref)
		} else {
			sb.WriteString(e.name)
		}
	}
	return sb.String()
}

func (n *ValueNode) String() string { return n.ref }

func (n *FuncNode) String() string {
	args := make([]string, len(n.args))
	for i, a := range n.args {
		args[i] = a.String()
	}
	return n.name + "(" + strings.Join(args, ", ") + ")"
}

func (n *ParenNode) String() string { return "(" + n.x.String() + ")" }

func (n *CompareNode) String() string { return n.l.String() + " " + n.op + " " + n.r.String() }

func (n *BetweenNode) String() string {
	return n.x.String() + " BETWEEN " + n.lo.String() + " AND " + n.hi.String()
}

func (n *InNode) String() string {
	list := make([]string, len(n.list))
	for i, a := range n.list {
		list[i] = a.String()
	}
	return n.x.String() + " IN (" + strings.Join(list, ", ") + ")"
}

func (n *LogicNode) String() string {
	return logicOperand(n.l) + " " + n.op + " " + logicOperand(n.r)
}

func (n *NotNode) String() string { return "NOT " + logicOperand(n.x) }

func (n *ArithNode) String() string { return n.l.String() + " " + n.op + " " + n.r.String() }

// logicOperand parenthesises nested AND, OR and NOT so the tree shows.
func logicOperand(n Node) string {
	switch n.(type) {
	case *LogicNode, *NotNode:
		return "(" + n.String() + ")"
	}
	return n.String()
}

// groupPath returns the path inside nested parentheses, or nil.
func groupPath(n Node) *PathNode {
	for {
		switch x := n.(type) {
		case *ParenNode:
			n = x.x
		case *PathNode:
			return x
		default:
			return nil
		}
	}
}

// unparen strips parentheses.
func unparen(n Node) Node {
	for {
		p, ok := n.(*ParenNode)
		if !ok {
			return n
		}
		n = p.x
	}
}

// resolved returns the resolved path (after checking).
func (n *PathNode) resolved() Path {
	p := make(Path, len(n.elems))
	for i, e := range n.elems {
		p[i] = PathElem{Name: e.name, Index: e.index, IsIndex: e.isIndex}
	}
	return p
}

// listNode groups the parts of an update or projection for walking.
type listNode struct{ items []Node }

func (n *listNode) Position() int { return 0 }
func (*listNode) node()           {}
func (n *listNode) String() string {
	parts := make([]string, len(n.items))
	for i, x := range n.items {
		parts[i] = x.String()
	}
	return strings.Join(parts, ", ")
}

// walk calls fn for n and its descendants in source order, parents first.
func walk(n Node, fn func(Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch x := n.(type) {
	case *PathNode:
		if x.group != nil {
			walk(x.group, fn)
		}
	case *FuncNode:
		for _, a := range x.args {
			walk(a, fn)
		}
	case *ParenNode:
		walk(x.x, fn)
	case *CompareNode:
		walk(x.l, fn)
		walk(x.r, fn)
	case *BetweenNode:
		walk(x.x, fn)
		walk(x.lo, fn)
		walk(x.hi, fn)
	case *InNode:
		walk(x.x, fn)
		for _, a := range x.list {
			walk(a, fn)
		}
	case *LogicNode:
		walk(x.l, fn)
		walk(x.r, fn)
	case *NotNode:
		walk(x.x, fn)
	case *ArithNode:
		walk(x.l, fn)
		walk(x.r, fn)
	case *listNode:
		for _, y := range x.items {
			walk(y, fn)
		}
	}
}
