package vtl

import (
	"strconv"
	"strings"
)

// Pos is a position in a template: byte offset, 1-based line and column
// (in characters).
type Pos struct {
	Offset, Line, Col int
}

// Position returns p; nodes embed Pos to implement Node.
func (p Pos) Position() Pos { return p }

// Node is an element of a parsed template. The set of nodes is closed: they
// are the types of this file. String prints a node back as VTL source that
// parses to the same tree.
type Node interface {
	Position() Pos
	String() string
	writeTo(b *strings.Builder)
}

// Expr is a node that has a value: a reference, a literal or an operation.
type Expr interface {
	Node
	exprNode()
}

func nodeString(n Node) string {
	var b strings.Builder
	n.writeTo(&b)
	return b.String()
}

// ListNode is a sequence of nodes: a template or a block body.
type ListNode struct {
	Pos
	Nodes []Node
}

func (n *ListNode) String() string { return nodeString(n) }
func (n *ListNode) writeTo(b *strings.Builder) {
	for _, c := range n.Nodes {
		c.writeTo(b)
	}
}

// TextNode is text copied to the output.
type TextNode struct {
	Pos
	Text string
}

func (n *TextNode) String() string             { return n.Text }
func (n *TextNode) writeTo(b *strings.Builder) { b.WriteString(n.Text) }

// CommentNode is a ## line comment (with the newline it eats) or a #* *#
// block comment.
type CommentNode struct {
	Pos
	Text string
}

func (n *CommentNode) String() string             { return n.Text }
func (n *CommentNode) writeTo(b *strings.Builder) { b.WriteString(n.Text) }

// UnparsedNode is #[[ Text ]]#, copied to the output as is.
type UnparsedNode struct {
	Pos
	Text string
}

func (n *UnparsedNode) String() string { return nodeString(n) }
func (n *UnparsedNode) writeTo(b *strings.Builder) {
	b.WriteString("#[[")
	b.WriteString(n.Text)
	b.WriteString("]]#")
}

// EscapeNode is a run of backslashes before a directive. With an odd count
// (Directive true) the directive itself is escaped: \#if prints #if. Output
// halves the backslashes when Word is a directive or macro Velocity knows and
// keeps the source otherwise.
type EscapeNode struct {
	Pos
	Raw       string // the source
	Word      string // the directive name
	Directive bool   // the source includes the escaped #word
	out       string
}

func (n *EscapeNode) String() string             { return n.Raw }
func (n *EscapeNode) writeTo(b *strings.Builder) { b.WriteString(n.Raw) }

// RefNode is a reference in text, rendered as its value or, when null, as
// its source (nothing if quiet). Esc counts the backslashes before it.
type RefNode struct {
	Pos
	Esc int
	Ref *Reference
}

func (n *RefNode) String() string { return nodeString(n) }
func (n *RefNode) writeTo(b *strings.Builder) {
	for i := 0; i < n.Esc; i++ {
		b.WriteByte('\\')
	}
	b.WriteString(n.Ref.Raw)
}

// partKind is the kind of a reference part.
type partKind uint8

const (
	partProp   partKind = iota // .name
	partMethod                 // .name(args)
	partIndex                  // [arg]
)

// Part is one step of a reference after its root: a property, a method call
// or an index.
type Part struct {
	Pos
	Kind partKind
	Name string // property or method name
	Args []Expr // method arguments, or the index
}

// Reference is $name followed by parts: $ctx.args.id, $list[0], $m.put("k", 1).
type Reference struct {
	Pos
	Raw    string // source text, printed when the value is null
	Name   string
	Quiet  bool // $!name
	Formal bool // ${name}
	Parts  []Part
	slot   int
}

func (r *Reference) String() string             { return r.Raw }
func (r *Reference) writeTo(b *strings.Builder) { b.WriteString(r.Raw) }
func (r *Reference) exprNode()                  {}

// SetNode is #set($target = value).
type SetNode struct {
	Pos
	Lead   string // spaces and tabs before #set, which it eats
	Raw    string // "#set" or "#{set}"
	Target *Reference
	Value  Expr
	Trail  string
}

func (n *SetNode) String() string { return nodeString(n) }
func (n *SetNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Lead)
	b.WriteString(n.Raw)
	b.WriteByte('(')
	n.Target.writeTo(b)
	b.WriteString(" = ")
	n.Value.writeTo(b)
	b.WriteByte(')')
	b.WriteString(n.Trail)
}

// IfBranch is #if(cond) or #elseif(cond) with its body.
type IfBranch struct {
	Pos
	Raw   string // "#if", "#{elseif}", ...
	Cond  Expr
	Trail string
	Body  *ListNode
}

// IfNode is #if ... #elseif ... #else ... #end.
type IfNode struct {
	Pos
	Branches  []*IfBranch
	ElseRaw   string // "" when there is no #else
	ElseTrail string
	Else      *ListNode
	EndRaw    string
	EndTrail  string
}

func (n *IfNode) String() string { return nodeString(n) }
func (n *IfNode) writeTo(b *strings.Builder) {
	for _, br := range n.Branches {
		b.WriteString(br.Raw)
		b.WriteByte('(')
		br.Cond.writeTo(b)
		b.WriteByte(')')
		b.WriteString(br.Trail)
		br.Body.writeTo(b)
	}
	if n.Else != nil {
		b.WriteString(n.ElseRaw)
		b.WriteString(n.ElseTrail)
		n.Else.writeTo(b)
	}
	b.WriteString(n.EndRaw)
	b.WriteString(n.EndTrail)
}

// blockEnd is the #end of a block directive.
type blockEnd struct {
	EndRaw   string
	EndTrail string
}

func (e blockEnd) write(b *strings.Builder) {
	b.WriteString(e.EndRaw)
	b.WriteString(e.EndTrail)
}

// ForeachNode is #foreach($var in iterable) body #end.
type ForeachNode struct {
	Pos
	Raw   string
	Var   *Reference
	Iter  Expr
	Trail string
	Body  *ListNode
	blockEnd
}

func (n *ForeachNode) String() string { return nodeString(n) }
func (n *ForeachNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Raw)
	b.WriteByte('(')
	n.Var.writeTo(b)
	b.WriteString(" in ")
	n.Iter.writeTo(b)
	b.WriteByte(')')
	b.WriteString(n.Trail)
	n.Body.writeTo(b)
	n.blockEnd.write(b)
}

// DefineNode is #define($var) body #end: $var then renders body.
type DefineNode struct {
	Pos
	Raw   string
	Var   *Reference
	Trail string
	Body  *ListNode
	blockEnd
}

func (n *DefineNode) String() string { return nodeString(n) }
func (n *DefineNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Raw)
	b.WriteByte('(')
	n.Var.writeTo(b)
	b.WriteByte(')')
	b.WriteString(n.Trail)
	n.Body.writeTo(b)
	n.blockEnd.write(b)
}

// MacroNode is #macro(name $param ...) body #end.
type MacroNode struct {
	Pos
	Raw    string
	Name   string
	Params []*Reference
	Trail  string
	Body   *ListNode
	blockEnd
}

func (n *MacroNode) String() string { return nodeString(n) }
func (n *MacroNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Raw)
	b.WriteByte('(')
	b.WriteString(n.Name)
	for _, p := range n.Params {
		b.WriteByte(' ')
		p.writeTo(b)
	}
	b.WriteByte(')')
	b.WriteString(n.Trail)
	n.Body.writeTo(b)
	n.blockEnd.write(b)
}

// MacroCallNode is #name(args): a call of a macro, or, when no macro has that
// name, text printed as written.
type MacroCallNode struct {
	Pos
	Raw   string
	Name  string
	Args  []Expr
	Trail string
	Src   string // source, printed when no macro has this name
	macro *MacroNode
}

func (n *MacroCallNode) String() string { return nodeString(n) }
func (n *MacroCallNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Raw)
	b.WriteByte('(')
	writeList(b, n.Args, ", ")
	b.WriteByte(')')
	b.WriteString(n.Trail)
}

// BreakNode is #break: it leaves the innermost #foreach (or, outside one,
// stops the template).
type BreakNode struct {
	Pos
	Raw   string
	Arg   Expr // #break($foreach); may be nil
	Paren bool
	Trail string
}

func (n *BreakNode) String() string { return nodeString(n) }
func (n *BreakNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Raw)
	if n.Paren {
		b.WriteByte('(')
		if n.Arg != nil {
			n.Arg.writeTo(b)
		}
		b.WriteByte(')')
		b.WriteString(n.Trail)
	}
}

// StopNode is #stop: rendering ends there.
type StopNode struct {
	Pos
	Raw string
}

func (n *StopNode) String() string             { return n.Raw }
func (n *StopNode) writeTo(b *strings.Builder) { b.WriteString(n.Raw) }

// ReturnNode is AppSync's #return or #return(value).
type ReturnNode struct {
	Pos
	Raw   string
	Value Expr // nil for #return and #return()
	Paren bool
	Trail string
}

func (n *ReturnNode) String() string { return nodeString(n) }
func (n *ReturnNode) writeTo(b *strings.Builder) {
	b.WriteString(n.Raw)
	if n.Paren {
		b.WriteByte('(')
		if n.Value != nil {
			n.Value.writeTo(b)
		}
		b.WriteByte(')')
		b.WriteString(n.Trail)
	}
}

// StringLit is a string literal. A double-quoted one containing $ or # is
// a template (Interp) rendered each time it is evaluated.
type StringLit struct {
	Pos
	Raw    string // with its quotes
	Value  string // unquoted
	Interp *ListNode
	boxed  any
}

func (n *StringLit) String() string             { return n.Raw }
func (n *StringLit) writeTo(b *strings.Builder) { b.WriteString(n.Raw) }
func (n *StringLit) exprNode()                  {}

// NumberLit is an integer (int64) or floating point (float64) literal.
type NumberLit struct {
	Pos
	Raw   string
	Value any
}

func (n *NumberLit) String() string             { return n.Raw }
func (n *NumberLit) writeTo(b *strings.Builder) { b.WriteString(n.Raw) }
func (n *NumberLit) exprNode()                  {}

// BoolLit is true or false.
type BoolLit struct {
	Pos
	Value bool
}

func (n *BoolLit) String() string             { return strconv.FormatBool(n.Value) }
func (n *BoolLit) writeTo(b *strings.Builder) { b.WriteString(n.String()) }
func (n *BoolLit) exprNode()                  {}

// NullLit is null (an extension: Velocity 1.7 has no null literal).
type NullLit struct {
	Pos
}

func (n *NullLit) String() string             { return "null" }
func (n *NullLit) writeTo(b *strings.Builder) { b.WriteString("null") }
func (n *NullLit) exprNode()                  {}

// ListLit is [a, b, ...], a new list each time it is evaluated.
type ListLit struct {
	Pos
	Items []Expr
}

func (n *ListLit) String() string { return nodeString(n) }
func (n *ListLit) writeTo(b *strings.Builder) {
	b.WriteByte('[')
	writeList(b, n.Items, ", ")
	b.WriteByte(']')
}
func (n *ListLit) exprNode() {}

// MapLit is {k: v, ...}, a new ordered map each time it is evaluated.
type MapLit struct {
	Pos
	Keys, Values []Expr
}

func (n *MapLit) String() string { return nodeString(n) }
func (n *MapLit) writeTo(b *strings.Builder) {
	b.WriteByte('{')
	for i := range n.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		n.Keys[i].writeTo(b)
		b.WriteString(": ")
		n.Values[i].writeTo(b)
	}
	b.WriteByte('}')
}
func (n *MapLit) exprNode() {}

// RangeLit is [from..to], a list of the integers between, either way.
type RangeLit struct {
	Pos
	From, To Expr
}

func (n *RangeLit) String() string { return nodeString(n) }
func (n *RangeLit) writeTo(b *strings.Builder) {
	b.WriteByte('[')
	n.From.writeTo(b)
	b.WriteString("..")
	n.To.writeTo(b)
	b.WriteByte(']')
}
func (n *RangeLit) exprNode() {}

// opType is a binary operator.
type opType uint8

const (
	opOr opType = iota
	opAnd
	opEq
	opNe
	opLt
	opGt
	opLe
	opGe
	opAdd
	opSub
	opMul
	opDiv
	opMod
)

var opNames = [...]string{opOr: "||", opAnd: "&&", opEq: "==", opNe: "!=", opLt: "<", opGt: ">",
	opLe: "<=", opGe: ">=", opAdd: "+", opSub: "-", opMul: "*", opDiv: "/", opMod: "%"}

// BinaryExpr is L op R.
type BinaryExpr struct {
	Pos
	Op   opType
	L, R Expr
}

func (n *BinaryExpr) String() string { return nodeString(n) }
func (n *BinaryExpr) writeTo(b *strings.Builder) {
	n.L.writeTo(b)
	b.WriteByte(' ')
	b.WriteString(opNames[n.Op])
	b.WriteByte(' ')
	n.R.writeTo(b)
}
func (n *BinaryExpr) exprNode() {}

// NotExpr is !X.
type NotExpr struct {
	Pos
	X Expr
}

func (n *NotExpr) String() string { return nodeString(n) }
func (n *NotExpr) writeTo(b *strings.Builder) {
	b.WriteByte('!')
	n.X.writeTo(b)
}
func (n *NotExpr) exprNode() {}

// ParenExpr is (X).
type ParenExpr struct {
	Pos
	X Expr
}

func (n *ParenExpr) String() string { return nodeString(n) }
func (n *ParenExpr) writeTo(b *strings.Builder) {
	b.WriteByte('(')
	n.X.writeTo(b)
	b.WriteByte(')')
}
func (n *ParenExpr) exprNode() {}

func writeList(b *strings.Builder, list []Expr, sep string) {
	for i, e := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		e.writeTo(b)
	}
}
