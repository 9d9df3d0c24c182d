package vtl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxTemplateSize is AppSync's limit on a mapping template, in bytes.
const MaxTemplateSize = 64 << 10

// maxDepth caps the nesting of blocks, parentheses, literals and
// interpolated strings.
const maxDepth = 100

// Template is a parsed template. It is immutable and safe for concurrent use
// by any number of Execute calls.
type Template struct {
	name string
	// Root is the parsed tree.
	Root *ListNode

	names  []string // reference names by slot
	slots  map[string]int
	macros map[string]*MacroNode
	size   int // output size hint

	slotForeach, slotCount, slotHasNext int
}

// Name returns the name given to Parse.
func (t *Template) Name() string { return t.name }

// String prints the tree back as VTL source. Directive arguments are
// printed in a canonical form; everything else as written.
func (t *Template) String() string { return t.Root.String() }

// builtinDirectives are the names Velocity recognises when escaped.
var builtinDirectives = map[string]bool{
	"if": true, "elseif": true, "else": true, "end": true, "set": true, "stop": true,
	"foreach": true, "define": true, "macro": true, "break": true, "return": true,
	"include": true, "parse": true, "evaluate": true, "literal": true,
}

// Parse parses template text; name is used in errors ("Query.getPost.req.vtl").
// It returns an *Error with the line and column of the first syntax error,
// or when text is over AppSync's 64 KB limit.
func Parse(name, text string) (t *Template, err error) {
	if len(text) > MaxTemplateSize {
		return nil, &Error{Name: name, Line: 1, Col: 1,
			Msg: fmt.Sprintf("template is %d bytes, over AppSync's limit of %d (64 KB)", len(text), MaxTemplateSize)}
	}
	t = &Template{name: name, slots: map[string]int{}, macros: map[string]*MacroNode{}, size: len(text)}
	p := &parser{t: t}
	defer p.recover(&err)
	p.src = &source{text: text, lex: newLexer(text), line: 1, col: 1}
	root, end := p.parseList()
	if end.typ != itemEOF {
		p.unexpectedEnd(end)
	}
	t.Root = root
	for _, c := range p.calls {
		c.macro = t.macros[c.Name]
	}
	for _, e := range p.escapes {
		e.out = escapeOutput(e, builtinDirectives[e.Word] || t.macros[e.Word] != nil)
	}
	t.slotForeach, t.slotCount, t.slotHasNext = t.slot("foreach"), t.slot("velocityCount"), t.slot("velocityHasNext")
	return t, nil
}

// slot returns the slot of a name, or -1.
func (t *Template) slot(name string) int {
	if i, ok := t.slots[name]; ok {
		return i
	}
	return -1
}

func escapeOutput(e *EscapeNode, known bool) string {
	n := strings.Count(e.Raw, "\\")
	if !known {
		return e.Raw
	}
	out := strings.Repeat("\\", n/2)
	if e.Directive {
		out += e.Raw[n:]
	}
	return out
}

// source is one input being parsed: the template, or the content of an
// interpolated string literal, with the position where it starts.
type source struct {
	text      string
	lex       *lexer
	line, col int // position of text[0] in the template
	peeked    []item

	// Items come mostly in order: pos resumes counting columns from the
	// last position it computed.
	lastOff, lastLineStart, lastCol int
}

type parser struct {
	t       *Template
	src     *source
	depth   int
	calls   []*MacroCallNode
	escapes []*EscapeNode
	last    item // last item taken
}

// recover turns a parse error panic into *errp; other panics continue.
func (p *parser) recover(errp *error) {
	if e := recover(); e != nil {
		pe, ok := e.(*Error)
		if !ok {
			panic(e)
		}
		*errp = pe
	}
}

func (p *parser) next() item {
	s := p.src
	if n := len(s.peeked); n > 0 {
		it := s.peeked[n-1]
		s.peeked = s.peeked[:n-1]
		p.last = it
		return it
	}
	it := s.lex.nextItem()
	if it.typ == itemError {
		p.errorfAt(it, "%s", it.val)
	}
	p.last = it
	return it
}

func (p *parser) backup(it item) { p.src.peeked = append(p.src.peeked, it) }

func (p *parser) peek() item {
	it := p.next()
	p.backup(it)
	return it
}

// pos converts an item's offset to a template position.
func (p *parser) pos(it item) Pos { return p.src.pos(it.pos, it.line) }

func (s *source) pos(off, line int) Pos {
	if off > len(s.text) {
		off = len(s.text)
	}
	var col int
	if off >= s.lastOff && s.lastCol > 0 {
		seg := s.text[s.lastOff:off]
		if nl := strings.LastIndexByte(seg, '\n'); nl >= 0 {
			s.lastLineStart = s.lastOff + nl + 1
			col = utf8.RuneCountInString(s.text[s.lastLineStart:off]) + 1
		} else {
			col = s.lastCol + utf8.RuneCountInString(seg)
		}
	} else {
		s.lastLineStart = strings.LastIndexByte(s.text[:off], '\n') + 1
		col = utf8.RuneCountInString(s.text[s.lastLineStart:off]) + 1
	}
	s.lastOff, s.lastCol = off, col
	if line == 1 {
		col += s.col - 1
	}
	return Pos{Offset: off, Line: s.line + line - 1, Col: col}
}

func (p *parser) errorfAt(it item, format string, args ...any) {
	pos := p.pos(it)
	panic(&Error{Name: p.t.name, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	panic(&Error{Name: p.t.name, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) expect(t itemType, context string) item {
	it := p.next()
	if it.typ != t {
		p.errorfAt(it, "unexpected %s %s, expected %s", it, context, itemNames[t])
	}
	return it
}

func (p *parser) enter(it item) {
	p.depth++
	if p.depth > maxDepth {
		p.errorfAt(it, "nesting too deep (more than %d levels)", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

func (p *parser) slot(name string) int {
	if i, ok := p.t.slots[name]; ok {
		return i
	}
	i := len(p.t.names)
	p.t.names = append(p.t.names, name)
	p.t.slots[name] = i
	return i
}

// parseList parses nodes up to #end, #else, #elseif or the end of input,
// and returns that item.
func (p *parser) parseList() (*ListNode, item) {
	first := p.peek()
	list := &ListNode{Pos: p.pos(first)}
	for {
		it := p.next()
		switch it.typ {
		case itemEOF:
			return list, it
		case itemText:
			list.Nodes = append(list.Nodes, &TextNode{Pos: p.pos(it), Text: it.val})
		case itemComment:
			list.Nodes = append(list.Nodes, &CommentNode{Pos: p.pos(it), Text: it.val})
		case itemUnparsed:
			list.Nodes = append(list.Nodes, &UnparsedNode{Pos: p.pos(it), Text: it.val})
		case itemEscape, itemEscDirective:
			e := &EscapeNode{Pos: p.pos(it), Raw: it.val, Word: it.word, Directive: it.typ == itemEscDirective}
			p.escapes = append(p.escapes, e)
			list.Nodes = append(list.Nodes, e)
		case itemRef:
			r := p.parseReference(it)
			list.Nodes = append(list.Nodes, &RefNode{Pos: r.Pos, Esc: it.esc, Ref: r})
		case itemDirective:
			switch it.word {
			case "end", "else", "elseif":
				return list, it
			}
			list.Nodes = append(list.Nodes, p.parseDirective(it))
		default:
			p.errorfAt(it, "unexpected %s", it)
		}
	}
}

// unexpectedEnd reports #end, #else or #elseif outside a block.
func (p *parser) unexpectedEnd(it item) {
	switch it.word {
	case "end":
		p.errorfAt(it, "#end without a matching #if, #foreach, #define or #macro")
	case "else":
		p.errorfAt(it, "#else without #if")
	}
	p.errorfAt(it, "#elseif without #if")
}

func (p *parser) parseDirective(it item) Node {
	pos := p.pos(it)
	switch it.word {
	case "set":
		return p.parseSet(it)
	case "if":
		return p.parseIf(it)
	case "foreach":
		return p.parseForeach(it)
	case "define":
		return p.parseDefine(it)
	case "macro":
		return p.parseMacro(it)
	case "stop":
		return &StopNode{Pos: pos, Raw: it.val}
	case "break":
		n := &BreakNode{Pos: pos, Raw: it.val, Paren: it.paren}
		if it.paren {
			if p.peek().typ != itemRParen {
				n.Arg = p.parseDirectiveArg("#break")
			}
			n.Trail = p.expect(itemRParen, "in #break").trail
		}
		return n
	case "return":
		n := &ReturnNode{Pos: pos, Raw: it.val, Paren: it.paren}
		if it.paren {
			if p.peek().typ != itemRParen {
				n.Value = p.parseDirectiveArg("#return")
			}
			n.Trail = p.expect(itemRParen, "in #return(...)").trail
		}
		return n
	}
	return p.parseMacroCall(it)
}

// parseBody parses a block body up to its #end.
func (p *parser) parseBody(open item) (*ListNode, blockEnd) {
	p.enter(open)
	body, end := p.parseList()
	p.leave()
	switch {
	case end.typ == itemEOF:
		pos := p.pos(open)
		p.errorfAt(end, "#%s without #end (opened at %d:%d)", open.word, pos.Line, pos.Col)
	case end.word != "end":
		p.errorfAt(end, "#%s inside #%s (opened at %s); it belongs to #if", end.word, open.word, p.at(open))
	}
	return body, blockEnd{EndRaw: end.val, EndTrail: end.trail}
}

func (p *parser) at(it item) string {
	pos := p.pos(it)
	return fmt.Sprintf("%d:%d", pos.Line, pos.Col)
}

func (p *parser) parseSet(it item) Node {
	n := &SetNode{Pos: p.pos(it), Lead: it.lead, Raw: it.val}
	ref := p.next()
	if ref.typ != itemRef {
		p.errorfAt(ref, "#set needs a reference to assign to, found %s", ref)
	}
	n.Target = p.parseReference(ref)
	if k := len(n.Target.Parts); k > 0 && n.Target.Parts[k-1].Kind == partMethod {
		p.errorf(n.Target.Pos, "#set cannot assign to a method call (%s)", n.Target.Raw)
	}
	if eq := p.next(); eq.typ != itemOp || eq.val != "=" {
		p.errorfAt(eq, "unexpected %s in #set, expected =", eq)
	}
	n.Value = p.parseExpr()
	n.Trail = p.expect(itemRParen, "in #set").trail
	return n
}

func (p *parser) parseIf(it item) Node {
	n := &IfNode{Pos: p.pos(it)}
	p.enter(it)
	defer p.leave()
	open := it
	for {
		br := &IfBranch{Pos: p.pos(it), Raw: it.val}
		br.Cond = p.parseExpr()
		br.Trail = p.expect(itemRParen, "in #"+it.word+" condition").trail
		var end item
		br.Body, end = p.parseList()
		n.Branches = append(n.Branches, br)
		switch {
		case end.typ == itemEOF:
			p.errorfAt(end, "#if without #end (opened at %s)", p.at(open))
		case end.word == "elseif":
			if !end.paren {
				p.errorfAt(end, "#elseif needs a condition in parentheses")
			}
			it = end
			continue
		case end.word == "else":
			n.ElseRaw, n.ElseTrail = end.val, end.trail
			n.Else, end = p.parseList()
			switch {
			case end.typ == itemEOF:
				p.errorfAt(end, "#if without #end (opened at %s)", p.at(open))
			case end.word == "else":
				p.errorfAt(end, "second #else in #if (opened at %s)", p.at(open))
			case end.word == "elseif":
				p.errorfAt(end, "#elseif after #else in #if (opened at %s)", p.at(open))
			}
		}
		n.EndRaw, n.EndTrail = end.val, end.trail
		return n
	}
}

// parseSimpleRef parses a reference that must be a plain $name.
func (p *parser) parseSimpleRef(what string) *Reference {
	it := p.next()
	if it.typ != itemRef {
		p.errorfAt(it, "%s needs a reference like $name, found %s", what, it)
	}
	r := p.parseReference(it)
	if len(r.Parts) > 0 {
		p.errorf(r.Pos, "%s needs a plain reference like $name, not %s", what, r.Raw)
	}
	return r
}

func (p *parser) parseForeach(it item) Node {
	n := &ForeachNode{Pos: p.pos(it), Raw: it.val}
	n.Var = p.parseSimpleRef("#foreach")
	if in := p.next(); in.typ != itemWord || in.val != "in" {
		p.errorfAt(in, "unexpected %s in #foreach, expected in", in)
	}
	n.Iter = p.parseDirectiveArg("#foreach")
	n.Trail = p.expect(itemRParen, "in #foreach").trail
	n.Body, n.blockEnd = p.parseBody(it)
	return n
}

func (p *parser) parseDefine(it item) Node {
	n := &DefineNode{Pos: p.pos(it), Raw: it.val}
	n.Var = p.parseSimpleRef("#define")
	n.Trail = p.expect(itemRParen, "in #define").trail
	n.Body, n.blockEnd = p.parseBody(it)
	return n
}

func (p *parser) parseMacro(it item) Node {
	n := &MacroNode{Pos: p.pos(it), Raw: it.val}
	name := p.next()
	if name.typ != itemWord {
		p.errorfAt(name, "#macro needs a name first, found %s", name)
	}
	n.Name = name.val
	for {
		t := p.peek()
		if t.typ == itemRParen {
			break
		}
		if t.typ == itemComma {
			p.next()
		}
		n.Params = append(n.Params, p.parseSimpleRef("#macro parameter"))
	}
	n.Trail = p.expect(itemRParen, "in #macro").trail
	n.Body, n.blockEnd = p.parseBody(it)
	p.t.macros[n.Name] = n
	return n
}

func (p *parser) parseMacroCall(it item) Node {
	n := &MacroCallNode{Pos: p.pos(it), Raw: it.val, Name: it.word}
	for {
		t := p.peek()
		if t.typ == itemRParen {
			break
		}
		if t.typ == itemComma && len(n.Args) > 0 {
			p.next()
		}
		n.Args = append(n.Args, p.parseDirectiveArg("#"+it.word))
	}
	end := p.expect(itemRParen, "in #"+it.word)
	n.Trail = end.trail
	n.Src = p.src.text[it.pos : end.pos+1+len(end.trail)]
	p.calls = append(p.calls, n)
	return n
}

// parseReference parses the rest of a reference whose itemRef is it.
func (p *parser) parseReference(it item) *Reference {
	r := &Reference{Pos: p.pos(it), Quiet: strings.Contains(it.val, "!"), Formal: strings.HasSuffix(it.val, "{")}
	id := p.expect(itemIdent, "after $")
	r.Name = id.val
	r.slot = p.slot(id.val)
	end := id.pos + len(id.val)
	p.enter(it)
	defer p.leave()
parts:
	for {
		t := p.next()
		switch t.typ {
		case itemDot:
			name := p.expect(itemIdent, "after .")
			part := Part{Pos: p.pos(name), Kind: partProp, Name: name.val}
			end = name.pos + len(name.val)
			if p.peek().typ == itemCall {
				p.next()
				part.Kind = partMethod
				part.Args = p.parseArgs()
				end = p.last.pos + 1
			}
			r.Parts = append(r.Parts, part)
		case itemIndex:
			part := Part{Pos: p.pos(t), Kind: partIndex}
			part.Args = []Expr{p.parseIndexParam()}
			rb := p.expect(itemRBracket, "in index")
			end = rb.pos + 1
			r.Parts = append(r.Parts, part)
		case itemRCurly:
			if !r.Formal {
				p.backup(t)
			} else {
				end = t.pos + 1
			}
			break parts
		default:
			p.backup(t)
			break parts
		}
	}
	r.Raw = p.src.text[it.pos:end]
	return r
}

// parseArgs parses method arguments after "(", through ")".
func (p *parser) parseArgs() []Expr {
	if p.peek().typ == itemRParen {
		p.next()
		return nil
	}
	var args []Expr
	for {
		args = append(args, p.parseParam("in method arguments"))
		t := p.next()
		switch t.typ {
		case itemComma:
			continue
		case itemRParen:
			return args
		}
		p.errorfAt(t, "unexpected %s in method arguments, expected , or )", t)
	}
}

// parseIndexParam parses what Velocity allows in $a[...]: a string,
// integer, boolean or reference.
func (p *parser) parseIndexParam() Expr {
	t := p.peek()
	switch t.typ {
	case itemString, itemInt, itemRef:
		return p.parseParam("in index")
	case itemWord:
		if t.val == "true" || t.val == "false" || t.val == "null" {
			return p.parseParam("in index")
		}
	}
	p.next()
	p.errorfAt(t, "unexpected %s in index, expected a string, integer or reference", t)
	return nil
}

// parseDirectiveArg parses an argument of #foreach, #return, #break or a
// macro call: like a method argument.
func (p *parser) parseDirectiveArg(what string) Expr {
	return p.parseParam("in " + what + " arguments")
}

// parseParam parses a method argument or a list or map element: a literal
// or a reference, no operators (Velocity 1.7's Parameter).
func (p *parser) parseParam(context string) Expr {
	t := p.next()
	switch t.typ {
	case itemString:
		return p.parseString(t)
	case itemInt, itemFloat:
		return p.parseNumber(t)
	case itemRef:
		return p.parseReference(t)
	case itemLBracket:
		return p.parseListOrRange(t)
	case itemLBrace:
		return p.parseMap(t)
	case itemWord:
		switch t.val {
		case "true", "false":
			return &BoolLit{Pos: p.pos(t), Value: t.val == "true"}
		case "null":
			return &NullLit{Pos: p.pos(t)}
		}
	case itemLParen, itemOp:
		p.errorfAt(t, "unexpected %s %s: only literals and references are allowed there, not expressions", t, context)
	}
	p.errorfAt(t, "unexpected %s %s", t, context)
	return nil
}

func (p *parser) parseListOrRange(open item) Expr {
	p.enter(open)
	defer p.leave()
	pos := p.pos(open)
	if p.peek().typ == itemRBracket {
		p.next()
		return &ListLit{Pos: pos}
	}
	first := p.parseParam("in list")
	t := p.next()
	if t.typ == itemDotDot {
		switch first.(type) {
		case *Reference, *NumberLit:
		default:
			p.errorf(first.Position(), "range bounds must be integers or references, not %s", first)
		}
		last := p.parseParam("in range")
		switch last.(type) {
		case *Reference, *NumberLit:
		default:
			p.errorf(last.Position(), "range bounds must be integers or references, not %s", last)
		}
		p.expect(itemRBracket, "in range")
		return &RangeLit{Pos: pos, From: first, To: last}
	}
	list := &ListLit{Pos: pos, Items: []Expr{first}}
	for {
		switch t.typ {
		case itemRBracket:
			return list
		case itemComma:
			list.Items = append(list.Items, p.parseParam("in list"))
			t = p.next()
			continue
		}
		p.errorfAt(t, "unexpected %s in list, expected , or ]", t)
	}
}

func (p *parser) parseMap(open item) Expr {
	p.enter(open)
	defer p.leave()
	m := &MapLit{Pos: p.pos(open)}
	if p.peek().typ == itemRBrace {
		p.next()
		return m
	}
	for {
		m.Keys = append(m.Keys, p.parseParam("as map key"))
		p.expect(itemColon, "in map after key")
		m.Values = append(m.Values, p.parseParam("as map value"))
		t := p.next()
		switch t.typ {
		case itemComma:
			continue
		case itemRBrace:
			return m
		}
		p.errorfAt(t, "unexpected %s in map, expected , or }", t)
	}
}

func (p *parser) parseNumber(t item) Expr {
	n := &NumberLit{Pos: p.pos(t), Raw: t.val}
	if t.typ == itemInt {
		if i, err := strconv.ParseInt(t.val, 10, 64); err == nil {
			n.Value = i
			return n
		}
	}
	f, err := strconv.ParseFloat(t.val, 64)
	if err != nil && !math.IsInf(f, 0) {
		p.errorfAt(t, "bad number %s", t.val)
	}
	n.Value = f
	return n
}

// parseString unquotes a string literal as Velocity 1.7 does (\uXXXX
// escapes, doubled quotes; other backslashes stay) and parses a
// double-quoted one containing $ or # as a template.
func (p *parser) parseString(t item) Expr {
	n := &StringLit{Pos: p.pos(t), Raw: t.val}
	q := t.val[0]
	s := t.val[1 : len(t.val)-1]
	if q == '"' {
		s = unescapeUnicode(s)
		s = strings.ReplaceAll(s, `""`, `"`)
	} else {
		s = strings.ReplaceAll(s, `''`, `'`)
	}
	n.Value = s
	n.boxed = s
	if q == '"' && strings.ContainsAny(s, "$#") {
		p.enter(t)
		outer := p.src
		p.src = &source{text: s, lex: newLexer(s), line: n.Line, col: n.Col + 1}
		list, end := p.parseList()
		if end.typ != itemEOF {
			p.unexpectedEnd(end)
		}
		p.src = outer
		p.leave()
		n.Interp = list
	}
	return n
}

func unescapeUnicode(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	var b strings.Builder
	var units []uint16
	flush := func() {
		if len(units) > 0 {
			b.WriteString(string(utf16.Decode(units)))
			units = units[:0]
		}
	}
	for i := 0; i < len(s); {
		if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				units = append(units, uint16(v))
				i += 6
				continue
			}
		}
		flush()
		b.WriteByte(s[i])
		i++
	}
	flush()
	return b.String()
}

// Expressions, by Velocity 1.7's precedence: || && (== !=) (< > <= >=) (+ -)
// (* / %) ! primary.

func (p *parser) parseExpr() Expr { return p.parseOr() }

// binary parses a left-associative level.
func (p *parser) binary(next func() Expr, ops func(item) (opType, bool)) Expr {
	l := next()
	for {
		t := p.next()
		op, ok := ops(t)
		if !ok {
			p.backup(t)
			return l
		}
		r := next()
		l = &BinaryExpr{Pos: p.pos(t), Op: op, L: l, R: r}
	}
}

func opOf(t item, sym, word string, op opType) (opType, bool) {
	if t.typ == itemOp && t.val == sym || t.typ == itemWord && t.val == word {
		return op, true
	}
	return 0, false
}

func (p *parser) parseOr() Expr {
	return p.binary(p.parseAnd, func(t item) (opType, bool) { return opOf(t, "||", "or", opOr) })
}

func (p *parser) parseAnd() Expr {
	return p.binary(p.parseEq, func(t item) (opType, bool) { return opOf(t, "&&", "and", opAnd) })
}

func (p *parser) parseEq() Expr {
	return p.binary(p.parseRel, func(t item) (opType, bool) {
		if op, ok := opOf(t, "==", "eq", opEq); ok {
			return op, ok
		}
		return opOf(t, "!=", "ne", opNe)
	})
}

func (p *parser) parseRel() Expr {
	return p.binary(p.parseAdd, func(t item) (opType, bool) {
		for _, o := range [...]struct {
			sym, word string
			op        opType
		}{{"<", "lt", opLt}, {">", "gt", opGt}, {"<=", "le", opLe}, {">=", "ge", opGe}} {
			if op, ok := opOf(t, o.sym, o.word, o.op); ok {
				return op, ok
			}
		}
		return 0, false
	})
}

func (p *parser) parseAdd() Expr {
	return p.binary(p.parseMul, func(t item) (opType, bool) {
		if t.typ == itemOp && t.val == "+" {
			return opAdd, true
		}
		if t.typ == itemOp && t.val == "-" {
			return opSub, true
		}
		return 0, false
	})
}

func (p *parser) parseMul() Expr {
	return p.binary(p.parseUnary, func(t item) (opType, bool) {
		if t.typ == itemOp {
			switch t.val {
			case "*":
				return opMul, true
			case "/":
				return opDiv, true
			case "%":
				return opMod, true
			}
		}
		return 0, false
	})
}

func (p *parser) parseUnary() Expr {
	t := p.next()
	if t.typ == itemOp && t.val == "!" || t.typ == itemWord && t.val == "not" {
		p.enter(t)
		x := p.parseUnary()
		p.leave()
		return &NotExpr{Pos: p.pos(t), X: x}
	}
	p.backup(t)
	return p.parsePrimary()
}

func (p *parser) parsePrimary() Expr {
	t := p.peek()
	var x Expr
	switch t.typ {
	case itemLParen:
		p.next()
		p.enter(t)
		x = &ParenExpr{Pos: p.pos(t), X: p.parseExpr()}
		p.leave()
		p.expect(itemRParen, "after parenthesized expression")
	case itemString, itemInt, itemFloat, itemRef, itemLBracket, itemLBrace, itemWord:
		if t.typ == itemWord && t.val != "true" && t.val != "false" && t.val != "null" {
			p.next()
			p.errorfAt(t, "unexpected word %q in expression (references start with $, strings are quoted)", t.val)
		}
		x = p.parseParam("in expression")
	case itemRParen, itemEOF:
		p.next()
		p.errorfAt(t, "missing operand before %s", t)
	default:
		p.next()
		p.errorfAt(t, "unexpected %s in expression", t)
	}
	// Velocity lexes "-1" as a number, so "$a -1" is two operands.
	if n := p.peek(); n.typ == itemInt || n.typ == itemFloat {
		if strings.HasPrefix(n.val, "-") {
			p.next()
			p.errorfAt(n, "unexpected number %s: Velocity reads -%s as a negative number; write a space after - to subtract", n.val, n.val[1:])
		}
	}
	return x
}
