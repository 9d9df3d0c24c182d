package vtl

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// itemType identifies the kind of a lexical item.
type itemType uint8

const (
	itemError        itemType = iota // val is the message
	itemEOF                          // end of input
	itemText                         // schmoo: text copied to the output
	itemComment                      // ## ... newline, or #* ... *#; val is the source
	itemUnparsed                     // #[[ ... ]]#; val is the content
	itemEscape                       // an even run of backslashes before a directive; val is the run, word the directive
	itemEscDirective                 // an odd run of backslashes and #word; val is the source, word the directive
	itemRef                          // start of a reference: val is "$", "$!", "${" or "$!{"; esc counts backslashes before it
	itemIdent                        // identifier inside a reference
	itemDot                          // "." between identifiers of a reference
	itemCall                         // "(" right after a method name
	itemIndex                        // "[" right after a reference part
	itemRCurly                       // "}" closing ${...}
	itemDirective                    // #word or #{word}: word is the name, val the source; paren says "(" followed
	itemLParen                       // "(" inside an expression
	itemRParen                       // ")"; closing a directive it carries the whitespace it ate in trail
	itemLBracket                     // "[" starting a list or range
	itemRBracket                     // "]"
	itemLBrace                       // "{" starting a map
	itemRBrace                       // "}" ending a map
	itemComma                        // ","
	itemColon                        // ":"
	itemDotDot                       // ".." in a range
	itemString                       // string literal, val with its quotes
	itemInt                          // integer literal
	itemFloat                        // floating point literal
	itemWord                         // bare word: true, false, null, in, and, or, not, eq, ...
	itemOp                           // operator: + - * / % == != < > <= >= && || ! =
)

var itemNames = [...]string{
	itemError: "error", itemEOF: "end of template", itemText: "text", itemComment: "comment",
	itemUnparsed: "#[[...]]#", itemEscape: "escape", itemEscDirective: "escaped directive",
	itemRef: "reference", itemIdent: "identifier", itemDot: "'.'", itemCall: "'('", itemIndex: "'['",
	itemRCurly: "'}'", itemDirective: "directive", itemLParen: "'('", itemRParen: "')'",
	itemLBracket: "'['", itemRBracket: "']'", itemLBrace: "'{'", itemRBrace: "'}'", itemComma: "','",
	itemColon: "':'", itemDotDot: "'..'", itemString: "string", itemInt: "number", itemFloat: "number",
	itemWord: "word", itemOp: "operator",
}

// item is a token with its byte offset and line in the lexer's input.
type item struct {
	typ   itemType
	paren bool // itemDirective: "(" followed and the lexer is now inside its arguments
	esc   int  // itemRef: backslashes before the "$"
	pos   int
	line  int
	val   string
	word  string // directive name for itemDirective, itemEscape, itemEscDirective
	lead  string // itemDirective #set: the spaces and tabs before it, which #set eats
	trail string // whitespace and newline eaten after #else, #end and a directive's ")"
}

func (i item) String() string {
	switch i.typ {
	case itemEOF:
		return "end of template"
	case itemError:
		return i.val
	case itemDirective:
		return i.val
	case itemRef:
		return "reference"
	case itemText:
		return "text"
	case itemString, itemInt, itemFloat, itemWord, itemOp, itemIdent:
		return fmt.Sprintf("%q", i.val)
	}
	return itemNames[i.typ]
}

// ctxKind is what the lexer is inside of.
type ctxKind uint8

const (
	ctxDirective ctxKind = iota // #if( ... ): expression tokens up to the matching ")"
	ctxArgs                     // $a.m( ... ): method arguments
	ctxIndex                    // $a[ ... ]
	ctxFormal                   // ${ ... }
)

type lexCtx struct {
	kind ctxKind
	nest int // open ( [ { inside this context
}

type stateFn func(*lexer) stateFn

// lexer turns template text into items. It is pulled by the parser: nextItem
// runs state functions until one emits. Text, references and directive
// arguments are lexed in different modes; a stack of contexts says where a
// reference or an argument list returns to.
type lexer struct {
	input string
	state stateFn
	pos   int // current offset
	start int // start of the pending item
	line  int // line of pos
	sline int // line of start
	items []item
	head  int
	stack []lexCtx
	done  bool
}

func newLexer(input string) *lexer {
	return &lexer{input: input, state: lexText, line: 1, sline: 1}
}

func (l *lexer) nextItem() item {
	for l.head == len(l.items) {
		l.items, l.head = l.items[:0], 0
		if l.done {
			return item{typ: itemEOF, pos: len(l.input), line: l.line}
		}
		l.state = l.state(l)
	}
	it := l.items[l.head]
	l.head++
	return it
}

func (l *lexer) emitItem(it item) { l.items = append(l.items, it) }

// emit emits input[start:pos] as an item of type t.
func (l *lexer) emit(t itemType) {
	l.items = append(l.items, item{typ: t, pos: l.start, line: l.sline, val: l.input[l.start:l.pos]})
	l.ignore()
}

// ignore drops the pending input.
func (l *lexer) ignore() { l.start, l.sline = l.pos, l.line }

// advance moves pos to p, counting newlines.
func (l *lexer) advance(p int) {
	l.line += strings.Count(l.input[l.pos:p], "\n")
	l.pos = p
}

// errorf emits an error item and stops the lexer.
func (l *lexer) errorf(format string, args ...any) stateFn {
	l.items = append(l.items, item{typ: itemError, pos: l.pos, line: l.line, val: fmt.Sprintf(format, args...)})
	l.done = true
	return lexStop
}

// lexStop is the state after an error.
func lexStop(l *lexer) stateFn {
	l.done = true
	return lexStop
}

func (l *lexer) at(i int) byte {
	if i < len(l.input) {
		return l.input[i]
	}
	return 0
}

func (l *lexer) push(k ctxKind) { l.stack = append(l.stack, lexCtx{kind: k}) }

func (l *lexer) pop() { l.stack = l.stack[:len(l.stack)-1] }

func (l *lexer) top() *lexCtx {
	if len(l.stack) == 0 {
		return nil
	}
	return &l.stack[len(l.stack)-1]
}

// resume returns the state for the context on top of the stack.
func (l *lexer) resume() stateFn {
	if len(l.stack) == 0 {
		return lexText
	}
	return lexExpr
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool {
	return isAlpha(c) || c == '_'
}

// isIdentChar reports whether c may continue an identifier. As in Velocity
// 1.7 a hyphen is an identifier character: $a-b is one reference.
func isIdentChar(c byte) bool { return isAlpha(c) || isDigit(c) || c == '-' || c == '_' }
func isWordChar(c byte) bool  { return isAlpha(c) || isDigit(c) || c == '_' || c == '@' }

// refStart reports whether a reference starts at i (input[i] == '$') and
// returns the length of its prefix ("$", "$!", "${" or "$!{").
func (l *lexer) refStart(i int) int {
	j := i + 1
	if l.at(j) == '!' {
		j++
	}
	if l.at(j) == '{' {
		j++
	}
	if isIdentStart(l.at(j)) {
		return j - i
	}
	return 0
}

// directiveWord returns the directive name after the '#' at i, the length
// of "#name" or "#{name}", or "" if none.
func (l *lexer) directiveWord(i int) (string, int) {
	j := i + 1
	if l.at(j) == '{' {
		k := j + 1
		if !isIdentStart(l.at(k)) {
			return "", 0
		}
		for isWordChar(l.at(k)) {
			k++
		}
		if l.at(k) != '}' {
			return "", 0
		}
		return l.input[j+1 : k], k + 1 - i
	}
	c := l.at(j)
	if !isIdentStart(c) && c != '@' {
		return "", 0
	}
	k := j + 1
	for isWordChar(l.at(k)) {
		k++
	}
	return l.input[j:k], k - i
}

// lexText scans schmoo up to the next reference, directive or comment.
func lexText(l *lexer) stateFn {
	for {
		i := strings.IndexAny(l.input[l.pos:], "$#\\")
		if i < 0 {
			l.advance(len(l.input))
			if l.pos > l.start {
				l.emit(itemText)
			}
			l.done = true
			return lexStop
		}
		l.advance(l.pos + i)
		switch l.input[l.pos] {
		case '$':
			if n := l.refStart(l.pos); n > 0 {
				l.emitText(l.pos)
				return l.lexRefAt(l.pos, 0, n)
			}
			l.advance(l.pos + 1)
		case '\\':
			j := l.pos
			for l.at(j) == '\\' {
				j++
			}
			n := j - l.pos
			switch {
			case l.at(j) == '$' && l.refStart(j) > 0:
				l.emitText(l.pos)
				return l.lexRefAt(j, n, l.refStart(j))
			case l.at(j) == '#':
				word, wl := l.directiveWord(j)
				if word == "" {
					l.advance(j)
					continue
				}
				l.emitText(l.pos)
				if n%2 == 1 {
					l.advance(j + wl)
					l.items = append(l.items, item{typ: itemEscDirective, pos: l.start, line: l.sline, val: l.input[l.start:l.pos], word: word})
					l.ignore()
					return lexText
				}
				l.advance(j)
				l.items = append(l.items, item{typ: itemEscape, pos: l.start, line: l.sline, val: l.input[l.start:l.pos], word: word})
				l.ignore()
				return lexHash
			default:
				l.advance(j)
			}
		case '#':
			if next := lexHashAt(l); next != nil {
				return next
			}
		}
	}
}

// emitText emits input[start:end] as text if it is not empty.
func (l *lexer) emitText(end int) {
	if end > l.start {
		l.items = append(l.items, item{typ: itemText, pos: l.start, line: l.sline, val: l.input[l.start:end]})
	}
	l.start, l.sline = end, l.line
}

// lexHash lexes the '#' at pos, which must start a directive.
func lexHash(l *lexer) stateFn {
	if next := lexHashAt(l); next != nil {
		return next
	}
	return lexText
}

// lexHashAt handles the '#' at pos. It returns nil when the '#' is plain text
// (pos is then past it).
func lexHashAt(l *lexer) stateFn {
	i := l.pos
	switch l.at(i + 1) {
	case '#':
		l.emitText(i)
		end := strings.IndexByte(l.input[i:], '\n')
		if end < 0 {
			end = len(l.input)
		} else {
			end += i + 1
		}
		l.advance(end)
		l.emit(itemComment)
		return lexText
	case '*':
		l.emitText(i)
		end := strings.Index(l.input[i+2:], "*#")
		if end < 0 {
			return l.errorf("unterminated #* comment (no *# follows)")
		}
		l.advance(i + 2 + end + 2)
		l.emit(itemComment)
		return lexText
	case '[':
		if l.at(i+2) != '[' {
			break
		}
		l.emitText(i)
		end := strings.Index(l.input[i+3:], "]]#")
		if end < 0 {
			return l.errorf("unterminated #[[ block (no ]]# follows)")
		}
		l.advance(i + 3 + end + 3)
		l.items = append(l.items, item{typ: itemUnparsed, pos: l.start, line: l.sline, val: l.input[l.start+3 : l.pos-3]})
		l.ignore()
		return lexText
	}
	word, wl := l.directiveWord(i)
	if word == "" {
		l.advance(i + 1)
		return nil
	}
	end := i + wl
	src := l.input[i:end]
	// paren finds "(" after whitespace; spacesOnly is #set's rule.
	paren := func(spacesOnly bool) int {
		j := end
		for j < len(l.input) {
			c := l.input[j]
			if c == ' ' || !spacesOnly && (c == '\t' || c == '\n' || c == '\r') {
				j++
				continue
			}
			break
		}
		if l.at(j) == '(' {
			return j + 1
		}
		return -1
	}
	directive := func(p int, lead string) stateFn {
		it := item{typ: itemDirective, pos: i, line: l.line, val: src, word: word, lead: lead, paren: p >= 0}
		if p >= 0 {
			l.advance(p)
			l.push(ctxDirective)
		} else {
			l.advance(end)
		}
		l.items = append(l.items, it)
		l.ignore()
		if p >= 0 {
			return lexExpr
		}
		return lexText
	}
	switch word {
	case "set":
		p := paren(true)
		if p < 0 {
			break // not a #set: Velocity prints it
		}
		// #set eats the spaces and tabs before it.
		j := i
		for j > l.start && (l.input[j-1] == ' ' || l.input[j-1] == '\t') {
			j--
		}
		l.emitText(j)
		return directive(p, l.input[j:i])
	case "if", "elseif", "foreach", "define", "macro":
		l.emitText(i)
		p := paren(false)
		if p < 0 {
			return l.errorf("#%s needs its arguments in parentheses", word)
		}
		return directive(p, "")
	case "else", "end":
		l.emitText(i)
		l.advance(end)
		it := item{typ: itemDirective, pos: i, line: l.line, val: src, word: word}
		j := end
		for l.at(j) == ' ' || l.at(j) == '\t' {
			j++
		}
		switch {
		case l.at(j) == '\n':
			j++
		case l.at(j) == '\r' && l.at(j+1) == '\n':
			j += 2
		case l.at(j) == '\r':
			j++
		default:
			j = end
		}
		it.trail = l.input[end:j]
		l.advance(j)
		l.items = append(l.items, it)
		l.ignore()
		return lexText
	case "stop":
		l.emitText(i)
		return directive(-1, "")
	case "break", "return":
		l.emitText(i)
		return directive(paren(false), "")
	case "include", "parse", "evaluate", "literal":
		if paren(false) >= 0 {
			return l.errorf("#%s is not supported", word)
		}
	default:
		if word[0] == '@' {
			if paren(false) >= 0 {
				return l.errorf("block macro calls (#%s) are not supported", word)
			}
			break
		}
		if p := paren(false); p >= 0 {
			l.emitText(i)
			return directive(p, "")
		}
	}
	// Not a directive: the text goes on.
	l.advance(end)
	return nil
}

// lexRefAt lexes a reference whose "$" is at i, after esc backslashes; n is
// the length of its prefix.
func (l *lexer) lexRefAt(i, esc, n int) stateFn {
	l.advance(i + n)
	prefix := l.input[i:l.pos]
	l.items = append(l.items, item{typ: itemRef, pos: i, line: l.line, val: prefix, esc: esc})
	l.ignore()
	if prefix[len(prefix)-1] == '{' {
		l.push(ctxFormal)
	}
	l.lexIdent()
	return lexRefParts
}

func (l *lexer) lexIdent() {
	j := l.pos
	for j < len(l.input) && isIdentChar(l.input[j]) {
		j++
	}
	l.advance(j)
	l.emit(itemIdent)
}

// lexRefParts lexes .name, .name( and [ after a reference, or its end.
func lexRefParts(l *lexer) stateFn {
	switch c := l.at(l.pos); {
	case c == '.' && isAlpha(l.at(l.pos+1)):
		l.advance(l.pos + 1)
		l.emit(itemDot)
		l.lexIdent()
		if l.at(l.pos) == '(' {
			l.advance(l.pos + 1)
			l.emit(itemCall)
			l.push(ctxArgs)
			return lexExpr
		}
		return lexRefParts
	case c == '[':
		l.advance(l.pos + 1)
		l.emit(itemIndex)
		l.push(ctxIndex)
		return lexExpr
	}
	if t := l.top(); t != nil && t.kind == ctxFormal {
		if l.at(l.pos) != '}' {
			return l.errorf("missing } to close ${")
		}
		l.advance(l.pos + 1)
		l.emit(itemRCurly)
		l.pop()
	}
	return l.resume()
}

// lexExpr lexes one token of directive or method arguments.
func lexExpr(l *lexer) stateFn {
	j := l.pos
	for j < len(l.input) {
		c := l.input[j]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		j++
	}
	l.advance(j)
	l.ignore()
	t := l.top()
	if l.pos >= len(l.input) {
		switch t.kind {
		case ctxArgs:
			return l.errorf("unclosed method call: missing )")
		case ctxIndex:
			return l.errorf("unclosed index: missing ]")
		}
		return l.errorf("unclosed directive: missing )")
	}
	c := l.input[l.pos]
	next := l.at(l.pos + 1)
	op := func(n int, typ itemType) stateFn {
		l.advance(l.pos + n)
		l.emit(typ)
		return lexExpr
	}
	switch {
	case c == '$':
		if n := l.refStart(l.pos); n > 0 {
			return l.lexRefAt(l.pos, 0, n)
		}
		return l.errorf("unexpected $ (a reference is $name)")
	case c == '"' || c == '\'':
		return lexString
	case isDigit(c), c == '-' && (isDigit(next) || next == '.' && isDigit(l.at(l.pos+2))), c == '.' && isDigit(next):
		return lexNumber
	case isIdentStart(c):
		j := l.pos + 1
		for isWordChar(l.at(j)) {
			j++
		}
		l.advance(j)
		l.emit(itemWord)
		return lexExpr
	case c == '(':
		t.nest++
		return op(1, itemLParen)
	case c == ')':
		if t.nest > 0 {
			t.nest--
			return op(1, itemRParen)
		}
		switch t.kind {
		case ctxIndex:
			return l.errorf("unexpected ) in index")
		case ctxArgs:
			l.advance(l.pos + 1)
			l.emit(itemRParen)
			l.pop()
			return lexRefParts
		}
		// A directive's ")" eats the spaces, tabs and newline after it.
		p := l.pos + 1
		j := p
		for l.at(j) == ' ' || l.at(j) == '\t' {
			j++
		}
		switch {
		case l.at(j) == '\n':
			j++
		case l.at(j) == '\r' && l.at(j+1) == '\n':
			j += 2
		case l.at(j) == '\r':
			j++
		default:
			j = p
		}
		it := item{typ: itemRParen, pos: l.pos, line: l.line, val: ")", trail: l.input[p:j]}
		l.advance(j)
		l.items = append(l.items, it)
		l.ignore()
		l.pop()
		return l.resume()
	case c == '[':
		t.nest++
		return op(1, itemLBracket)
	case c == ']':
		if t.nest > 0 {
			t.nest--
			return op(1, itemRBracket)
		}
		if t.kind == ctxIndex {
			l.advance(l.pos + 1)
			l.emit(itemRBracket)
			l.pop()
			return lexRefParts
		}
		return l.errorf("unexpected ]")
	case c == '{':
		t.nest++
		return op(1, itemLBrace)
	case c == '}':
		if t.nest == 0 {
			return l.errorf("unexpected }")
		}
		t.nest--
		return op(1, itemRBrace)
	case c == ',':
		return op(1, itemComma)
	case c == ':':
		return op(1, itemColon)
	case c == '.' && next == '.':
		return op(2, itemDotDot)
	case c == '=' && next == '=', c == '!' && next == '=', c == '<' && next == '=', c == '>' && next == '=',
		c == '&' && next == '&', c == '|' && next == '|':
		return op(2, itemOp)
	case strings.IndexByte("+-*/%<>!=", c) >= 0:
		return op(1, itemOp)
	case c == '#':
		return l.errorf("unexpected # inside directive arguments")
	}
	r, _ := utf8.DecodeRuneInString(l.input[l.pos:])
	return l.errorf("unexpected %q inside directive arguments", r)
}

// lexString lexes a string literal. As in Velocity 1.7 a quote is doubled
// to include it ("say ""hi"""); backslashes are ordinary characters.
func lexString(l *lexer) stateFn {
	q := l.input[l.pos]
	j := l.pos + 1
	for {
		k := strings.IndexByte(l.input[j:], q)
		if k < 0 {
			return l.errorf("unterminated string literal")
		}
		j += k + 1
		if l.at(j) == q {
			j++
			continue
		}
		break
	}
	l.advance(j)
	l.emit(itemString)
	return lexExpr
}

// lexNumber lexes an integer or floating point literal. A '-' directly before
// digits belongs to the number, as in Velocity: "$a -1" is two operands.
func lexNumber(l *lexer) stateFn {
	j := l.pos
	if l.at(j) == '-' {
		j++
	}
	for isDigit(l.at(j)) {
		j++
	}
	typ := itemInt
	switch {
	case l.at(j) == '.' && l.at(j+1) == '.':
		// 1..3 is a range
	case l.at(j) == '.':
		typ = itemFloat
		j++
		for isDigit(l.at(j)) {
			j++
		}
		j = l.exponent(j)
	default:
		if e := l.exponent(j); e > j {
			typ, j = itemFloat, e
		}
	}
	l.advance(j)
	l.emit(typ)
	return lexExpr
}

func (l *lexer) exponent(j int) int {
	if c := l.at(j); c != 'e' && c != 'E' {
		return j
	}
	k := j + 1
	if c := l.at(k); c == '+' || c == '-' {
		k++
	}
	if !isDigit(l.at(k)) {
		return j
	}
	for isDigit(l.at(k)) {
		k++
	}
	return k
}
