package asl

import (
	"fmt"
	"strconv"
	"strings"
)

// maxIntrinsicDepth is AWS's nesting limit for intrinsic function calls.
const maxIntrinsicDepth = 10

// intrinsicNames lists the 18 intrinsic functions with their argument
// counts (max -1 = variadic).
var intrinsicArity = map[string][2]int{
	"States.Format":         {1, -1},
	"States.StringToJson":   {1, 1},
	"States.JsonToString":   {1, 1},
	"States.Array":          {0, -1},
	"States.ArrayPartition": {2, 2},
	"States.ArrayContains":  {2, 2},
	"States.ArrayRange":     {3, 3},
	"States.ArrayGetItem":   {2, 2},
	"States.ArrayLength":    {1, 1},
	"States.ArrayUnique":    {1, 1},
	"States.Base64Encode":   {1, 1},
	"States.Base64Decode":   {1, 1},
	"States.Hash":           {2, 2},
	"States.JsonMerge":      {3, 3},
	"States.MathRandom":     {2, 3},
	"States.MathAdd":        {2, 2},
	"States.StringSplit":    {2, 2},
	"States.UUID":           {0, 0},
}

// intrinsic nodes: a sealed tree printed back as source by String.
type inode interface {
	String() string
	eval(input any, env *Env) (any, error)
}

type callNode struct {
	pos  int
	name string
	args []inode
}

type literalNode struct {
	pos int
	val any    // string, int64, float64, bool, nil
	src string // source text
}

type pathNode struct {
	pos  int
	path *Path
}

// String prints the call back as source, arguments separated by ", ".
func (n *callNode) String() string {
	parts := make([]string, len(n.args))
	for i, a := range n.args {
		parts[i] = a.String()
	}
	return n.name + "(" + strings.Join(parts, ", ") + ")"
}
func (n *literalNode) String() string { return n.src }
func (n *pathNode) String() string    { return n.path.String() }

func (n *literalNode) eval(any, *Env) (any, error) { return n.val, nil }
func (n *pathNode) eval(input any, env *Env) (any, error) {
	return n.path.Select(input, env)
}

// IntrinsicSyntaxError reports a malformed intrinsic function call with the
// byte offset of the problem.
type IntrinsicSyntaxError struct {
	Src    string
	Offset int
	Msg    string
}

// Error renders the problem with the expression and offset.
func (e *IntrinsicSyntaxError) Error() string {
	return fmt.Sprintf("intrinsic %q: offset %d: %s", e.Src, e.Offset, e.Msg)
}

// isIntrinsic reports whether a ".$" value is an intrinsic function call
// rather than a path.
func isIntrinsic(s string) bool { return strings.HasPrefix(s, "States.") }

type iparser struct {
	src   string
	pos   int
	field string
	depth int
}

// parseIntrinsic parses one intrinsic function call; field names the template
// key, used in path error causes.
func parseIntrinsic(src, field string) (n *callNode, err error) {
	p := &iparser{src: src, field: field}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*IntrinsicSyntaxError)
			if !ok {
				panic(r)
			}
			n, err = nil, se
		}
	}()
	n = p.call()
	p.space()
	if p.pos != len(p.src) {
		p.errorf("unexpected %q after the function call", p.src[p.pos:])
	}
	return n, nil
}

func (p *iparser) errorf(format string, args ...any) {
	panic(&IntrinsicSyntaxError{Src: p.src, Offset: p.pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *iparser) space() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
}

func (p *iparser) call() *callNode {
	start := p.pos
	p.depth++
	if p.depth > maxIntrinsicDepth {
		p.errorf("intrinsic functions can be nested at most %d deep", maxIntrinsicDepth)
	}
	for p.pos < len(p.src) && (isIdentChar(p.src[p.pos]) || p.src[p.pos] == '.') {
		p.pos++
	}
	name := p.src[start:p.pos]
	ar, ok := intrinsicArity[name]
	if !ok {
		p.pos = start
		p.errorf("unknown intrinsic function %q", name)
	}
	p.space()
	if p.pos >= len(p.src) || p.src[p.pos] != '(' {
		p.errorf("expected '(' after %s", name)
	}
	p.pos++
	n := &callNode{pos: start, name: name}
	p.space()
	if p.pos < len(p.src) && p.src[p.pos] == ')' {
		p.pos++
	} else {
		for {
			p.space()
			n.args = append(n.args, p.arg())
			p.space()
			if p.pos >= len(p.src) {
				p.errorf("missing ')'")
			}
			if p.src[p.pos] == ')' {
				p.pos++
				break
			}
			if p.src[p.pos] != ',' {
				p.errorf("expected ',' or ')', found %q", p.src[p.pos])
			}
			p.pos++
		}
	}
	if len(n.args) < ar[0] || ar[1] >= 0 && len(n.args) > ar[1] {
		p.pos = start
		switch {
		case ar[1] < 0:
			p.errorf("%s takes at least %d argument(s), got %d", name, ar[0], len(n.args))
		case ar[0] == ar[1]:
			p.errorf("%s takes %d argument(s), got %d", name, ar[0], len(n.args))
		default:
			p.errorf("%s takes %d to %d arguments, got %d", name, ar[0], ar[1], len(n.args))
		}
	}
	p.depth--
	return n
}

func (p *iparser) arg() inode {
	if p.pos >= len(p.src) {
		p.errorf("missing argument")
	}
	start := p.pos
	c := p.src[p.pos]
	switch {
	case c == '\'':
		return p.str()
	case c == '$':
		return p.path()
	case c == '-' || c >= '0' && c <= '9':
		return p.num()
	case strings.HasPrefix(p.src[p.pos:], "States."):
		return p.call()
	case isIdentStart(c):
		for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
			p.pos++
		}
		switch w := p.src[start:p.pos]; w {
		case "true":
			return &literalNode{pos: start, val: true, src: w}
		case "false":
			return &literalNode{pos: start, val: false, src: w}
		case "null":
			return &literalNode{pos: start, val: nil, src: w}
		default:
			p.pos = start
			p.errorf("unexpected %q", w)
		}
	}
	p.errorf("unexpected %q", c)
	return nil
}

// str reads a single-quoted string; \' \{ \} \\ are escapes. \{ and \} are
// kept escaped in the value so States.Format can tell them from
// placeholders; formatArg unescapes them for other functions.
func (p *iparser) str() inode {
	start := p.pos
	p.pos++
	var sb strings.Builder
	for {
		if p.pos >= len(p.src) {
			p.pos = start
			p.errorf("unterminated string")
		}
		c := p.src[p.pos]
		if c == '\'' {
			p.pos++
			break
		}
		if c == '\\' {
			if p.pos+1 >= len(p.src) {
				p.errorf("dangling '\\'")
			}
			switch e := p.src[p.pos+1]; e {
			case '\'', '\\':
				sb.WriteByte(e)
			case '{', '}':
				sb.WriteByte('\\')
				sb.WriteByte(e)
			default:
				p.errorf("invalid escape '\\%c'", e)
			}
			p.pos += 2
			continue
		}
		sb.WriteByte(c)
		p.pos++
	}
	return &strNode{literalNode{pos: start, val: unescapeBraces(sb.String()), src: p.src[start:p.pos]}, sb.String()}
}

// strNode is a string literal; raw keeps \{ \} escapes for States.Format.
type strNode struct {
	literalNode
	raw string
}

func unescapeBraces(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	return strings.NewReplacer(`\{`, "{", `\}`, "}").Replace(s)
}

func (p *iparser) num() inode {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	for p.pos < len(p.src) && strings.IndexByte("0123456789.eE+-", p.src[p.pos]) >= 0 {
		p.pos++
	}
	txt := p.src[start:p.pos]
	if _, err := strconv.ParseFloat(txt, 64); err != nil {
		p.pos = start
		p.errorf("invalid number %q", txt)
	}
	return &literalNode{pos: start, val: number(txt), src: txt}
}

// path reads a JSONPath argument: it ends at a ',' or ')' (or space) outside
// brackets, parentheses and quotes.
func (p *iparser) path() inode {
	start := p.pos
	depth := 0
	var quote byte
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if quote != 0 {
			if c == '\\' {
				p.pos = min(p.pos+2, len(p.src))
				continue
			}
			if c == quote {
				quote = 0
			}
			p.pos++
			continue
		}
		if c == '\'' || c == '"' {
			quote = c
		} else if c == '[' || c == '(' {
			depth++
		} else if c == ']' || c == ')' {
			if depth == 0 {
				break
			}
			depth--
		} else if depth == 0 && (c == ',' || c == ' ') {
			break
		}
		p.pos++
	}
	txt := p.src[start:p.pos]
	path, err := ParsePath(txt, p.field)
	if err != nil {
		p.pos = start
		p.errorf("%v", err)
	}
	return &pathNode{pos: start, path: path}
}
