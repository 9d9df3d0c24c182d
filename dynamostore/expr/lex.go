package expr

import (
	"unicode/utf8"
)

// itemType identifies the type of a lexical item.
type itemType uint8

const (
	itemEOF      itemType = iota
	itemIdent             // attribute name, function name or keyword
	itemName              // #name placeholder
	itemValue             // :value placeholder
	itemNumber            // digits (list indexes)
	itemChar              // any other character: always a syntax error
	itemLParen            // (
	itemRParen            // )
	itemLBracket          // [
	itemRBracket          // ]
	itemDot               // .
	itemComma             // ,
	itemEQ                // =
	itemNE                // <>
	itemLT                // <
	itemLE                // <=
	itemGT                // >
	itemGE                // >=
	itemPlus              // +
	itemMinus             // -
)

// item is a token: its type, byte offset in the input and text.
type item struct {
	typ itemType
	pos int
	val string
}

func (i item) end() int { return i.pos + len(i.val) }

// text is how DynamoDB names the token in a syntax error.
func (i item) text() string {
	if i.typ == itemEOF {
		return "<EOF>"
	}
	return i.val
}

const eof = -1

// lexer holds the scanner's state. Expressions are at most 4 KB, so the
// whole input is tokenised up front and the parser indexes into items; it
// needs the tokens on both sides of an error for DynamoDB's "near" text.
type lexer struct {
	input string
	start int
	pos   int
	width int
	items []item
}

// stateFn is a state of the scanner, returning the next state.
type stateFn func(*lexer) stateFn

// lex tokenises input; the last item is always itemEOF.
func lex(input string) []item {
	l := &lexer{input: input, items: make([]item, 0, len(input)/3+2)}
	for state := lexAny; state != nil; {
		state = state(l)
	}
	return l.items
}

func (l *lexer) next() rune {
	if l.pos >= len(l.input) {
		l.width = 0
		return eof
	}
	r, w := utf8.DecodeRuneInString(l.input[l.pos:])
	l.width = w
	l.pos += w
	return r
}

func (l *lexer) peek() rune {
	r := l.next()
	l.backup()
	return r
}

func (l *lexer) backup() { l.pos -= l.width }

func (l *lexer) ignore() { l.start = l.pos }

func (l *lexer) emit(t itemType) {
	l.items = append(l.items, item{typ: t, pos: l.start, val: l.input[l.start:l.pos]})
	l.start = l.pos
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' }

// isIdentStart: DynamoDB names start with a letter ("_x" is a syntax error
// at "_"); placeholders may continue with any name character.
func isIdentStart(r rune) bool {
	return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

func isIdentPart(r rune) bool { return isIdentStart(r) || isDigit(r) || r == '_' }

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// lexAny scans between tokens.
func lexAny(l *lexer) stateFn {
	r := l.next()
	for isSpace(r) {
		l.ignore()
		r = l.next()
	}
	switch {
	case r == eof:
		l.emit(itemEOF)
		return nil
	case isIdentStart(r):
		return lexIdent
	case isDigit(r):
		return lexNumber
	case r == '#':
		return lexPlaceholder(itemName)
	case r == ':':
		return lexPlaceholder(itemValue)
	}
	switch r {
	case '(':
		l.emit(itemLParen)
	case ')':
		l.emit(itemRParen)
	case '[':
		l.emit(itemLBracket)
	case ']':
		l.emit(itemRBracket)
	case '.':
		l.emit(itemDot)
	case ',':
		l.emit(itemComma)
	case '=':
		l.emit(itemEQ)
	case '+':
		l.emit(itemPlus)
	case '-':
		l.emit(itemMinus)
	case '<':
		switch l.peek() {
		case '>':
			l.next()
			l.emit(itemNE)
		case '=':
			l.next()
			l.emit(itemLE)
		default:
			l.emit(itemLT)
		}
	case '>':
		if l.peek() == '=' {
			l.next()
			l.emit(itemGE)
		} else {
			l.emit(itemGT)
		}
	default:
		l.emit(itemChar)
	}
	return lexAny
}

// lexIdent scans an identifier; the first character is consumed.
func lexIdent(l *lexer) stateFn {
	for isIdentPart(l.peek()) {
		l.next()
	}
	l.emit(itemIdent)
	return lexAny
}

// lexNumber scans a run of digits; the first is consumed.
func lexNumber(l *lexer) stateFn {
	for isDigit(l.peek()) {
		l.next()
	}
	l.emit(itemNumber)
	return lexAny
}

// lexPlaceholder scans #name or :value; the sigil is consumed. A sigil
// without a name is a lone character token.
func lexPlaceholder(t itemType) stateFn {
	return func(l *lexer) stateFn {
		if !isIdentPart(l.peek()) {
			l.emit(itemChar)
			return lexAny
		}
		for isIdentPart(l.peek()) {
			l.next()
		}
		l.emit(t)
		return lexAny
	}
}
