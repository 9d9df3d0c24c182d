package expr

import (
	"strconv"
	"strings"
)

// maxLength is DynamoDB's limit on the length of one expression.
const maxLength = 4096

// maxDepth caps parser recursion (parentheses, NOT, function calls). A 4 KB
// expression cannot legitimately come close.
const maxDepth = 1000

// language selects the keywords of one expression language.
type language uint8

const (
	langCondition language = iota
	langUpdate
	langProjection
)

// parser is a recursive-descent parser over the token slice. Errors panic
// with *Error through errorf and are recovered at the entry point.
type parser struct {
	kind  string // "ConditionExpression", ... for messages
	input string
	lang  language
	items []item
	pos   int // index of the current token in items
	depth int
	paren int // depth of condition parentheses being parsed
}

func newParser(kind, input string, lang language) *parser {
	return &parser{kind: kind, input: input, lang: lang, items: lex(input)}
}

// errorf aborts parsing with "Invalid <kind>: <message>".
func (p *parser) errorf(format string, args ...any) {
	panic(newError(p.kind, format, args...))
}

// recover turns a parse panic into an error; other panics propagate.
func (p *parser) recover(errp *error) {
	if e := recover(); e != nil {
		if pe, ok := e.(*Error); ok {
			*errp = pe
			return
		}
		panic(e)
	}
}

func (p *parser) peek() item { return p.items[p.pos] }

func (p *parser) peekAt(n int) item {
	if p.pos+n < len(p.items) {
		return p.items[p.pos+n]
	}
	return p.items[len(p.items)-1]
}

func (p *parser) next() item {
	it := p.items[p.pos]
	if it.typ != itemEOF {
		p.pos++
	}
	return it
}

// unexpected aborts with DynamoDB's syntax error for the current token: the
// token, and the source from the previous token to the next one.
func (p *parser) unexpected() {
	p.syntaxErrorAt(p.pos)
}

func (p *parser) syntaxErrorAt(i int) {
	tok := p.items[i]
	start, end := tok.pos, tok.end()
	if i > 0 {
		start = p.items[i-1].pos
	}
	if tok.typ == itemEOF {
		end = len(p.input)
		if i > 0 {
			end = p.items[i-1].end()
		}
	} else if nx := p.items[i+1]; nx.typ != itemEOF {
		end = nx.end()
	}
	p.errorf("Syntax error; token: %q, near: %q", tok.text(), p.input[start:end])
}

func (p *parser) expect(t itemType) item {
	if p.peek().typ != t {
		p.unexpected()
	}
	return p.next()
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.unexpected()
	}
}

func (p *parser) leave() { p.depth-- }

// isKeyword reports whether it is the keyword kw (case-insensitive).
func isKeyword(it item, kw string) bool {
	return it.typ == itemIdent && strings.EqualFold(it.val, kw)
}

// reservedToken reports whether an identifier is a keyword of the language
// and therefore cannot name an attribute.
func (p *parser) reservedToken(it item) bool {
	if it.typ != itemIdent {
		return false
	}
	switch p.lang {
	case langCondition:
		for _, kw := range [...]string{"AND", "OR", "NOT", "BETWEEN", "IN"} {
			if strings.EqualFold(it.val, kw) {
				return true
			}
		}
	case langUpdate:
		for _, kw := range [...]string{"SET", "REMOVE", "ADD", "DELETE"} {
			if strings.EqualFold(it.val, kw) {
				return true
			}
		}
	}
	return false
}

// startsName reports whether the current token can start a path step.
func (p *parser) startsName() bool {
	it := p.peek()
	return it.typ == itemName || (it.typ == itemIdent && !p.reservedToken(it))
}

// parsePath parses a document path: name ('.' name | '[' n ']')*.
func (p *parser) parsePath() *PathNode {
	if !p.startsName() {
		p.unexpected()
	}
	n := &PathNode{pos: p.peek().pos}
	n.elems = append(n.elems, p.parseName())
	p.parsePathTail(n)
	return n
}

func (p *parser) parseName() pathElem {
	it := p.next()
	if it.typ == itemName {
		return pathElem{pos: it.pos, ref: it.val}
	}
	return pathElem{pos: it.pos, name: it.val}
}

func (p *parser) parsePathTail(n *PathNode) {
	for {
		switch p.peek().typ {
		case itemDot:
			p.next()
			if !p.startsName() {
				p.unexpected()
			}
			n.elems = append(n.elems, p.parseName())
		case itemLBracket:
			p.next()
			it := p.peek()
			if it.typ != itemNumber {
				p.unexpected()
			}
			idx, err := strconv.Atoi(it.val)
			if err != nil {
				p.unexpected()
			}
			p.next()
			p.expect(itemRBracket)
			n.elems = append(n.elems, pathElem{pos: it.pos, index: idx, isIndex: true})
		default:
			return
		}
	}
}

// parseOperand parses an operand: a path, a :value, a function call, or a
// parenthesised operand (which, around a path, may continue the path).
func (p *parser) parseOperand() Node {
	it := p.peek()
	switch it.typ {
	case itemLParen:
		p.enter()
		defer p.leave()
		p.next()
		x := p.parseOperand()
		p.expect(itemRParen)
		return p.continuePath(&ParenNode{pos: it.pos, x: x})
	case itemValue:
		p.next()
		return &ValueNode{pos: it.pos, ref: it.val}
	case itemIdent:
		if !p.reservedToken(it) && p.peekAt(1).typ == itemLParen {
			return p.parseCall(p.parseOperand)
		}
	}
	return p.parsePath()
}

// continuePath extends a parenthesised path with a following .name or [n].
func (p *parser) continuePath(n *ParenNode) Node {
	inner := groupPath(n)
	if inner == nil || (p.peek().typ != itemDot && p.peek().typ != itemLBracket) {
		return n
	}
	path := &PathNode{pos: n.pos, group: n, elems: append([]pathElem(nil), inner.elems...)}
	p.parsePathTail(path)
	return path
}

// parseCall parses name '(' operand (',' operand)* ')'.
func (p *parser) parseCall(operand func() Node) *FuncNode {
	p.enter()
	defer p.leave()
	name := p.next()
	p.expect(itemLParen)
	f := &FuncNode{pos: name.pos, name: name.val}
	f.args = append(f.args, operand())
	for p.peek().typ == itemComma {
		p.next()
		f.args = append(f.args, operand())
	}
	p.expect(itemRParen)
	return f
}

// --- Conditions ---

// isCondition reports whether n is a condition rather than an operand.
// Function calls are both; the checker sorts out misuse.
func isCondition(n Node) bool {
	switch x := n.(type) {
	case *CompareNode, *BetweenNode, *InNode, *LogicNode, *NotNode:
		return true
	case *ParenNode:
		return isCondition(x.x)
	}
	return false
}

func isOperand(n Node) bool {
	if _, ok := unparen(n).(*FuncNode); ok {
		return false
	}
	return !isCondition(n)
}

// parseCondition parses a whole condition expression.
func (p *parser) parseCondition() Node {
	n := p.parseOr()
	if p.peek().typ != itemEOF {
		p.unexpected()
	}
	return n
}

func (p *parser) parseOr() Node {
	left := p.parseAnd()
	for isKeyword(p.peek(), "OR") {
		op := p.next()
		right := p.parseAnd()
		left = &LogicNode{pos: op.pos, op: "OR", l: left, r: right}
	}
	return left
}

func (p *parser) parseAnd() Node {
	left := p.parseNot()
	for isKeyword(p.peek(), "AND") {
		if isOperand(left) {
			p.unexpected()
		}
		op := p.next()
		right := p.parseNot()
		if isOperand(right) {
			p.unexpected()
		}
		left = &LogicNode{pos: op.pos, op: "AND", l: left, r: right}
	}
	if isKeyword(p.peek(), "OR") && isOperand(left) {
		p.unexpected()
	}
	return left
}

func (p *parser) parseNot() Node {
	if isKeyword(p.peek(), "NOT") {
		p.enter()
		defer p.leave()
		op := p.next()
		x := p.parseNot()
		if isOperand(x) {
			p.unexpected()
		}
		return &NotNode{pos: op.pos, x: x}
	}
	return p.parseSimple()
}

func isComparator(t itemType) bool {
	switch t {
	case itemEQ, itemNE, itemLT, itemLE, itemGT, itemGE:
		return true
	}
	return false
}

// parseSimple parses a comparison, BETWEEN, IN, a function call or a
// parenthesised condition. Inside parentheses a bare operand is allowed
// when the parenthesis closes right after it: (a) = b.
func (p *parser) parseSimple() Node {
	left := p.parsePrimary()
	tok := p.peek()
	switch {
	case isComparator(tok.typ):
		if isCondition(left) {
			p.unexpected()
		}
		p.next()
		right := p.parseOperand()
		return &CompareNode{pos: tok.pos, op: tok.val, l: left, r: right}
	case isKeyword(tok, "BETWEEN"):
		if isCondition(left) {
			p.unexpected()
		}
		p.next()
		lo := p.parseOperand()
		if !isKeyword(p.peek(), "AND") {
			p.unexpected()
		}
		p.next()
		hi := p.parseOperand()
		return &BetweenNode{pos: tok.pos, x: left, lo: lo, hi: hi}
	case isKeyword(tok, "IN"):
		if isCondition(left) {
			p.unexpected()
		}
		p.next()
		p.expect(itemLParen)
		in := &InNode{pos: tok.pos, x: left}
		in.list = append(in.list, p.parseOperand())
		for p.peek().typ == itemComma {
			p.next()
			in.list = append(in.list, p.parseOperand())
		}
		p.expect(itemRParen)
		return in
	}
	if !isOperand(left) {
		return left
	}
	if p.paren > 0 && tok.typ == itemRParen {
		return left
	}
	p.unexpected()
	return nil
}

// parsePrimary parses the left side of a simple condition.
func (p *parser) parsePrimary() Node {
	it := p.peek()
	if it.typ != itemLParen {
		return p.parseOperand()
	}
	p.enter()
	p.paren++
	p.next()
	x := p.parseOr()
	p.expect(itemRParen)
	p.paren--
	p.leave()
	return p.continuePath(&ParenNode{pos: it.pos, x: x})
}
