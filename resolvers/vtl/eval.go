package vtl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Emulator safety limits, beyond AppSync's own: they stop templates that
// would otherwise run away with memory or time.
const (
	maxCallDepth  = 20        // nested macro calls and #define renders (Velocity's velocimacro.max.depth)
	maxWork       = 1 << 20   // loop iterations and macro calls per Execute
	maxCollection = 1 << 20   // elements of a list or map built by a template
	maxString     = MaxOutput // length of a string built by a template
	maxValueDepth = 100       // nesting of a value printed or compared
)

// flow says how a walk ended.
type flow uint8

const (
	flowNext   flow = iota
	flowBreak       // #break
	flowStop        // #stop
	flowReturn      // #return
)

// flowSignal carries #stop or #return out of places that cannot return a
// flow: an interpolated string or a #define block being rendered.
type flowSignal flow

// state is one execution of a template.
type state struct {
	t      *Template
	main   strings.Builder
	out    *strings.Builder
	slots  []any
	args   []any // argument stack for method calls
	depth  int
	work   int
	pos    Pos // node being walked, for errors
	ret    any
	hasRet bool
	num    [24]byte
}

var statePool = sync.Pool{New: func() any { return new(state) }}

// Execute renders the template. vars are the root references ("ctx",
// "context", "util", ...; the caller decides), holding values of package
// value; a nil value is the same as an absent one. It returns an *Error when
// evaluation fails: a host function returned an error (wrapped), a Java
// method failed, a #foreach went over 1000 iterations, or the output over
// 5 MB.
//
// Host functions receive their arguments in a slice that is reused after
// they return; they must not keep it.
func (t *Template) Execute(vars map[string]any) (*Result, error) {
	s := statePool.Get().(*state)
	s.t = t
	n := len(t.names)
	if cap(s.slots) < n {
		s.slots = make([]any, n)
	}
	s.slots = s.slots[:n]
	for i, name := range t.names {
		s.slots[i] = normalize(vars[name])
	}
	s.main = strings.Builder{}
	s.main.Grow(t.size + t.size/2)
	s.out = &s.main
	f, err := s.run()
	out := s.main.String()
	res := &Result{Output: out, Returned: f == flowReturn, Value: s.ret, HasValue: s.hasRet}
	clear(s.slots)
	clear(s.args[:cap(s.args)])
	*s = state{slots: s.slots[:0], args: s.args[:0]}
	statePool.Put(s)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// normalize converts plain Go numbers and collections to values.
func normalize(v any) any {
	switch v.(type) {
	case nil, string, int64, float64, bool, *value.Map, *value.List:
		return v
	}
	return value.From(v)
}

func (s *state) run() (f flow, err error) {
	defer func() {
		if e := recover(); e != nil {
			switch x := e.(type) {
			case *Error:
				err = x
			case flowSignal:
				f = flow(x)
			default:
				panic(e)
			}
		}
	}()
	return s.walkList(s.t.Root), nil
}

// fail ends evaluation with an error at pos.
func (s *state) fail(pos Pos, format string, args ...any) {
	panic(&Error{Name: s.t.name, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)})
}

func (s *state) failErr(pos Pos, err error) {
	panic(&Error{Name: s.t.name, Line: pos.Line, Col: pos.Col, Msg: err.Error(), Err: err})
}

func (s *state) spend(pos Pos) {
	s.work++
	if s.work > maxWork {
		s.fail(pos, "template does too much work (over %d loop iterations and macro calls in all)", maxWork)
	}
}

func (s *state) write(str string) {
	s.out.WriteString(str)
	if s.out.Len() > MaxOutput {
		s.overflow()
	}
}

func (s *state) overflow() {
	if s.out == &s.main {
		s.fail(s.pos, "output is over AppSync's limit of 5 MB")
	}
	s.fail(s.pos, "string is over %d bytes", maxString)
}

func (s *state) walkList(l *ListNode) flow {
	for _, n := range l.Nodes {
		if f := s.walk(n); f != flowNext {
			return f
		}
	}
	return flowNext
}

func (s *state) walk(n Node) flow {
	switch n := n.(type) {
	case *TextNode:
		s.write(n.Text)
	case *RefNode:
		s.pos = n.Pos
		s.renderRef(n)
	case *SetNode:
		s.pos = n.Pos
		s.set(n)
	case *IfNode:
		for _, br := range n.Branches {
			s.pos = br.Pos
			if s.truth(br.Cond) {
				return s.walkList(br.Body)
			}
		}
		if n.Else != nil {
			return s.walkList(n.Else)
		}
	case *ForeachNode:
		s.pos = n.Pos
		return s.foreach(n)
	case *CommentNode, *MacroNode:
	case *UnparsedNode:
		s.write(n.Text)
	case *EscapeNode:
		s.write(n.out)
	case *DefineNode:
		s.slots[n.Var.slot] = &block{body: n.Body, pos: n.Pos}
	case *MacroCallNode:
		s.pos = n.Pos
		return s.callMacro(n)
	case *BreakNode:
		return flowBreak
	case *StopNode:
		return flowStop
	case *ReturnNode:
		s.pos = n.Pos
		if n.Value != nil {
			s.ret, s.hasRet = s.eval(n.Value), true
			if b, isBlock := s.ret.(*block); isBlock {
				s.ret = s.toString(b)
			}
		}
		return flowReturn
	default:
		panic(fmt.Sprintf("vtl: unknown node %T", n))
	}
	return flowNext
}

// renderRef prints a reference: its value, or its source when null (nothing
// when quiet). Backslashes before it escape it as Velocity 1.7 does: an odd
// count prints the reference's source (with one more backslash if it is
// null), and each pair prints one backslash.
func (s *state) renderRef(n *RefNode) {
	r := n.Ref
	v := s.evalRef(r)
	if n.Esc > 0 {
		s.write(strings.Repeat(`\`, n.Esc/2))
		if n.Esc%2 == 1 {
			if v == nil {
				s.write(`\`)
			}
			s.write(r.Raw)
			return
		}
	}
	if v == nil {
		if n.Esc > 0 {
			s.write(strings.Repeat(`\`, n.Esc/2))
		}
		if !r.Quiet {
			s.write(r.Raw)
		}
		return
	}
	s.writeValue(v, 0)
	if s.out.Len() > MaxOutput {
		s.overflow()
	}
}

// writeValue prints v as Java's toString does.
func (s *state) writeValue(v any, depth int) {
	b := s.out
	switch x := v.(type) {
	case string:
		b.WriteString(x)
	case int64:
		b.Write(strconv.AppendInt(s.num[:0], x, 10))
	case float64:
		b.WriteString(value.FormatFloat(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case nil:
		b.WriteString("null")
	case *value.Map:
		s.checkDepth(depth)
		b.WriteByte('{')
		i := 0
		x.Range(func(k string, e any) bool {
			if i > 0 {
				b.WriteString(", ")
			}
			i++
			b.WriteString(k)
			b.WriteByte('=')
			if m, ok := e.(*value.Map); ok && m == x {
				b.WriteString("(this Map)")
			} else {
				s.writeValue(e, depth+1)
			}
			return b.Len() <= MaxOutput
		})
		b.WriteByte('}')
	case *value.List:
		s.checkDepth(depth)
		b.WriteByte('[')
		for i, e := range x.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if l, ok := e.(*value.List); ok && l == x {
				b.WriteString("(this Collection)")
			} else {
				s.writeValue(e, depth+1)
			}
			if b.Len() > MaxOutput {
				break
			}
		}
		b.WriteByte(']')
	case *block:
		s.renderBlock(x)
	case *entry:
		s.checkDepth(depth)
		b.WriteString(x.key)
		b.WriteByte('=')
		s.writeValue(x.val, depth+1)
	case fmt.Stringer:
		b.WriteString(x.String())
	default:
		b.WriteString(value.String(x))
	}
	if b.Len() > MaxOutput {
		s.overflow()
	}
}

func (s *state) checkDepth(depth int) {
	if depth > maxValueDepth {
		s.fail(s.pos, "value nested more than %d levels deep (a list or map containing itself?)", maxValueDepth)
	}
}

// toString returns v as Java's toString would.
func (s *state) toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	var b strings.Builder
	outer := s.out
	s.out = &b
	s.writeValue(v, 0)
	s.out = outer
	return b.String()
}

// block is the value of a #define reference: its body, rendered where used.
type block struct {
	body *ListNode
	pos  Pos
}

func (s *state) renderBlock(b *block) {
	s.enterCall(b.pos)
	pos := s.pos
	f := s.walkList(b.body)
	s.pos = pos
	s.depth--
	if f == flowStop || f == flowReturn {
		panic(flowSignal(f))
	}
}

func (s *state) enterCall(pos Pos) {
	s.depth++
	if s.depth > maxCallDepth {
		s.fail(pos, "macro or #define nested more than %d deep (recursion?)", maxCallDepth)
	}
	s.spend(pos)
}

func (s *state) callMacro(n *MacroCallNode) flow {
	m := n.macro
	if m == nil {
		// Not a macro: Velocity prints it as text.
		s.write(n.Src)
		return flowNext
	}
	s.enterCall(n.Pos)
	defer func() { s.depth-- }()
	// Arguments are evaluated once, in order (Velocity passes them by name).
	vals := make([]any, len(m.Params))
	for i, a := range n.Args {
		v := s.eval(a)
		if i < len(vals) {
			vals[i] = v
		}
	}
	saved := make([]any, len(m.Params))
	for i, p := range m.Params {
		saved[i] = s.slots[p.slot]
		s.slots[p.slot] = vals[i]
	}
	f := s.walkList(m.Body)
	for i := len(m.Params) - 1; i >= 0; i-- {
		s.slots[m.Params[i].slot] = saved[i]
	}
	if f == flowBreak {
		f = flowNext
	}
	return f
}

// set runs #set. As in Velocity 1.7 (directive.set.null.allowed=false), a
// null value leaves the target unchanged.
func (s *state) set(n *SetNode) {
	v := s.eval(n.Value)
	if v == nil {
		return
	}
	r := n.Target
	if len(r.Parts) == 0 {
		s.slots[r.slot] = v
		return
	}
	obj := s.slots[r.slot]
	for i := 0; i < len(r.Parts)-1 && obj != nil; i++ {
		obj = s.part(obj, &r.Parts[i])
	}
	if obj == nil {
		return
	}
	last := &r.Parts[len(r.Parts)-1]
	switch last.Kind {
	case partProp:
		if m, ok := obj.(*value.Map); ok {
			s.mapPut(m, last.Name, v, last.Pos)
		}
	case partIndex:
		idx := s.eval(last.Args[0])
		switch c := obj.(type) {
		case *value.Map:
			s.mapPut(c, keyString(s, idx), v, last.Pos)
		case *value.List:
			if _, ok := idx.(int64); ok {
				c.Items[s.listIndex(c, idx, last.Pos)] = v
			}
		}
	}
}

func (s *state) mapPut(m *value.Map, k string, v any, pos Pos) any {
	if m.Len() >= maxCollection && !m.Has(k) {
		s.fail(pos, "map is over %d entries", maxCollection)
	}
	return m.Put(k, v)
}

// listIndex converts an index argument, counting negative ones from the end,
// and checks it.
func (s *state) listIndex(l *value.List, idx any, pos Pos) int {
	i, ok := toInt(idx)
	if !ok {
		s.fail(pos, "list index must be an integer, not %s", typeName(idx))
	}
	if i < 0 {
		i += int64(len(l.Items))
	}
	if i < 0 || i >= int64(len(l.Items)) {
		s.fail(pos, "IndexOutOfBoundsException: Index: %d, Size: %d", i, len(l.Items))
	}
	return int(i)
}

// foreach runs #foreach over a list, a map's values or a range. Anything
// else (null, a string, a number) runs no iteration, as in Velocity.
func (s *state) foreach(n *ForeachNode) flow {
	t := s.t
	slot := n.Var.slot
	saved := s.slots[slot]
	var savedScope, savedCount, savedHasNext any
	var scope *loopScope
	if t.slotForeach >= 0 {
		savedScope = s.slots[t.slotForeach]
		scope = &loopScope{parent: savedScope}
		s.slots[t.slotForeach] = scope
	}
	if t.slotCount >= 0 {
		savedCount = s.slots[t.slotCount]
	}
	if t.slotHasNext >= 0 {
		savedHasNext = s.slots[t.slotHasNext]
	}
	defer func() {
		s.slots[slot] = saved
		if t.slotForeach >= 0 {
			s.slots[t.slotForeach] = savedScope
		}
		if t.slotCount >= 0 {
			s.slots[t.slotCount] = savedCount
		}
		if t.slotHasNext >= 0 {
			s.slots[t.slotHasNext] = savedHasNext
		}
	}()
	i := 0
	// step runs one iteration; it returns false to end the loop.
	var result flow
	step := func(v any, hasNext bool) bool {
		if i >= MaxIterations {
			s.fail(n.Pos, "#foreach went over %d iterations, AppSync's limit for one loop", MaxIterations)
		}
		s.spend(n.Pos)
		s.slots[slot] = v
		if scope != nil {
			scope.index, scope.hasNext = i, hasNext
		}
		i++
		if t.slotCount >= 0 {
			s.slots[t.slotCount] = int64(i)
		}
		if t.slotHasNext >= 0 {
			s.slots[t.slotHasNext] = hasNext
		}
		switch f := s.walkList(n.Body); f {
		case flowBreak:
			return false
		case flowStop, flowReturn:
			result = f
			return false
		}
		s.pos = n.Pos
		return true
	}
	if r, ok := n.Iter.(*RangeLit); ok {
		from, to, ok := s.rangeBounds(r)
		if !ok {
			return flowNext
		}
		d := int64(1)
		if to < from {
			d = -1
		}
		for k := from; ; k += d {
			if !step(k, k != to) || k == to {
				break
			}
		}
		return result
	}
	switch c := s.eval(n.Iter).(type) {
	case *value.List:
		for k := 0; k < len(c.Items); k++ {
			size := len(c.Items)
			if !step(c.Items[k], k+1 < size) {
				break
			}
			if len(c.Items) != size {
				if k+1 != len(c.Items) {
					s.fail(n.Pos, "ConcurrentModificationException: the list changed while #foreach iterated over it")
				}
				break
			}
		}
	case *value.Map:
		size, k := c.Len(), 0
		c.Range(func(_ string, v any) bool {
			k++
			if !step(v, k < size) {
				return false
			}
			if c.Len() != size {
				if k < size {
					s.fail(n.Pos, "ConcurrentModificationException: the map changed while #foreach iterated over it")
				}
				return false
			}
			return true
		})
	}
	return result
}

// loopScope is $foreach inside a loop.
type loopScope struct {
	index   int
	hasNext bool
	parent  any
}

func (l *loopScope) String() string { return "ForeachScope" }

// rangeBounds evaluates [a..b]; ok is false when a bound is not a number.
func (s *state) rangeBounds(r *RangeLit) (from, to int64, ok bool) {
	a, aok := toInt32(s.eval(r.From))
	b, bok := toInt32(s.eval(r.To))
	return a, b, aok && bok
}

func toInt32(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return int64(int32(x)), true
	case float64:
		return int64(javaD2I(x)), true
	}
	return 0, false
}

// truth evaluates a condition as Velocity 1.7 does: a reference is true
// unless it is null or false; true, comparisons, logic and parentheses
// are what they say; any other expression (a string or number literal, a
// list, arithmetic) is false.
func (s *state) truth(e Expr) bool {
	switch x := e.(type) {
	case *Reference:
		switch v := s.evalRef(x).(type) {
		case nil:
			return false
		case bool:
			return v
		}
		return true
	case *BoolLit:
		return x.Value
	case *NotExpr:
		return !s.truth(x.X)
	case *ParenExpr:
		return s.truth(x.X)
	case *BinaryExpr:
		switch x.Op {
		case opOr:
			return s.truth(x.L) || s.truth(x.R)
		case opAnd:
			return s.truth(x.L) && s.truth(x.R)
		case opEq, opNe, opLt, opGt, opLe, opGe:
			return s.compare(x)
		}
	}
	return false
}

// eval returns an expression's value.
func (s *state) eval(e Expr) any {
	switch x := e.(type) {
	case *Reference:
		return s.evalRef(x)
	case *StringLit:
		if x.Interp == nil {
			return x.boxed
		}
		return s.interpolate(x)
	case *NumberLit:
		return x.Value
	case *BoolLit:
		return x.Value
	case *NullLit:
		return nil
	case *ParenExpr:
		return s.eval(x.X)
	case *NotExpr:
		return !s.truth(x.X)
	case *BinaryExpr:
		switch x.Op {
		case opOr, opAnd, opEq, opNe, opLt, opGt, opLe, opGe:
			return s.truth(x)
		}
		return s.arith(x)
	case *ListLit:
		l := &value.List{Items: make([]any, len(x.Items))}
		for i, it := range x.Items {
			l.Items[i] = s.eval(it)
		}
		return l
	case *MapLit:
		m := value.NewMap()
		for i, k := range x.Keys {
			kv := s.eval(k)
			m.Put(keyString(s, kv), s.eval(x.Values[i]))
		}
		return m
	case *RangeLit:
		from, to, ok := s.rangeBounds(x)
		if !ok {
			return nil
		}
		n := to - from
		if n < 0 {
			n = -n
		}
		if n >= maxCollection {
			s.fail(x.Pos, "range [%d..%d] is over %d elements", from, to, maxCollection)
		}
		l := &value.List{Items: make([]any, 0, n+1)}
		d := int64(1)
		if to < from {
			d = -1
		}
		for k := from; ; k += d {
			l.Items = append(l.Items, k)
			if k == to {
				break
			}
		}
		return l
	}
	panic(fmt.Sprintf("vtl: unknown expression %T", e))
}

// keyString converts a map literal key or index to a string key.
func keyString(s *state, k any) string {
	if str, ok := k.(string); ok {
		return str
	}
	return s.toString(k)
}

// interpolate renders an interpolated string literal.
func (s *state) interpolate(x *StringLit) any {
	var b strings.Builder
	outer, pos := s.out, s.pos
	s.out = &b
	f := s.walkList(x.Interp)
	s.out, s.pos = outer, pos
	if f == flowStop || f == flowReturn {
		panic(flowSignal(f))
	}
	return b.String()
}

// evalRef returns a reference's value; null anywhere in the chain makes it
// null.
func (s *state) evalRef(r *Reference) any {
	v := s.slots[r.slot]
	for i := range r.Parts {
		if v == nil {
			return nil
		}
		v = s.part(v, &r.Parts[i])
	}
	return v
}

func (s *state) part(v any, p *Part) any {
	switch p.Kind {
	case partProp:
		return s.property(v, p.Name)
	case partIndex:
		return s.index(v, s.eval(p.Args[0]), p.Pos)
	}
	base := len(s.args)
	for _, a := range p.Args {
		s.args = append(s.args, s.eval(a))
	}
	args := s.args[base:len(s.args):len(s.args)]
	out := s.call(v, p.Name, args, p.Pos)
	clear(s.args[base:])
	s.args = s.args[:base]
	return out
}

// arith runs + - * / % as Velocity 1.7 does: + with a string on either side
// concatenates (a null side prints as its source); otherwise both sides must
// be numbers, or the result is null. Integers stay integers (7 / 2 is 3); a
// float makes a float; division or modulo by zero is null.
func (s *state) arith(x *BinaryExpr) any {
	l, r := s.eval(x.L), s.eval(x.R)
	if x.Op == opAdd {
		_, ls := l.(string)
		_, rs := r.(string)
		if ls || rs {
			var a, b string
			if l == nil {
				a = x.L.String()
			} else {
				a = s.toString(l)
			}
			if r == nil {
				b = x.R.String()
			} else {
				b = s.toString(r)
			}
			if len(a)+len(b) > maxString {
				s.fail(x.Pos, "string is over %d bytes", maxString)
			}
			return a + b
		}
	}
	li, lInt := l.(int64)
	ri, rInt := r.(int64)
	if lInt && rInt {
		switch x.Op {
		case opAdd:
			sum := li + ri
			if (sum^li) < 0 && (sum^ri) < 0 {
				return float64(li) + float64(ri)
			}
			return sum
		case opSub:
			d := li - ri
			if (d^li) < 0 && (d^^ri) < 0 {
				return float64(li) - float64(ri)
			}
			return d
		case opMul:
			p := li * ri
			if ri != 0 && (p/ri != li || li == math.MinInt64 && ri == -1) {
				return float64(li) * float64(ri)
			}
			return p
		case opDiv:
			if ri == 0 {
				return nil
			}
			if ri == -1 {
				return -li
			}
			return li / ri
		case opMod:
			if ri == 0 {
				return nil
			}
			if ri == -1 {
				return int64(0)
			}
			return li % ri
		}
	}
	lf, lok := toFloat(l)
	rf, rok := toFloat(r)
	if !lok || !rok {
		return nil
	}
	switch x.Op {
	case opAdd:
		return lf + rf
	case opSub:
		return lf - rf
	case opMul:
		return lf * rf
	case opDiv:
		if rf == 0 {
			return nil
		}
		return lf / rf
	case opMod:
		if rf == 0 {
			return nil
		}
		return math.Mod(lf, rf)
	}
	return nil
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func toInt(v any) (int64, bool) {
	i, ok := v.(int64)
	return i, ok
}

// compare evaluates == != < > <= >= as Velocity 1.7 does. Numbers compare by
// value whatever their type; == on other values of one class uses Java's
// equals, and on values of different classes compares their toString. The
// ordering operators need two numbers and are false otherwise.
func (s *state) compare(x *BinaryExpr) bool {
	l, r := s.eval(x.L), s.eval(x.R)
	switch x.Op {
	case opEq:
		return s.velocityEquals(l, r)
	case opNe:
		return !s.velocityEquals(l, r)
	}
	lf, lok := toFloat(l)
	rf, rok := toFloat(r)
	if !lok || !rok {
		return false
	}
	c := 0
	li, lInt := l.(int64)
	ri, rInt := r.(int64)
	switch {
	case lInt && rInt:
		c = cmpInt(li, ri)
	case lf < rf:
		c = -1
	case lf > rf:
		c = 1
	}
	switch x.Op {
	case opLt:
		return c < 0
	case opGt:
		return c > 0
	case opLe:
		return c <= 0
	}
	return c >= 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (s *state) velocityEquals(l, r any) bool {
	lf, lok := toFloat(l)
	rf, rok := toFloat(r)
	if lok && rok {
		li, lInt := l.(int64)
		ri, rInt := r.(int64)
		if lInt && rInt {
			return li == ri
		}
		return lf == rf
	}
	if l == nil || r == nil {
		return l == nil && r == nil
	}
	if sameClass(l, r) {
		budget := 1 << 20
		return s.javaEquals(l, r, 0, &budget)
	}
	return s.toString(l) == s.toString(r)
}

func sameClass(a, b any) bool {
	switch a.(type) {
	case string:
		_, ok := b.(string)
		return ok
	case bool:
		_, ok := b.(bool)
		return ok
	case *value.Map:
		_, ok := b.(*value.Map)
		return ok
	case *value.List:
		_, ok := b.(*value.List)
		return ok
	case *entry:
		_, ok := b.(*entry)
		return ok
	}
	return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b)
}

// javaEquals is Java's equals: maps equal when they have the same entries,
// lists the same elements in order, numbers when of one type and value.
func (s *state) javaEquals(a, b any, depth int, budget *int) bool {
	*budget--
	if *budget < 0 {
		s.fail(s.pos, "comparison of values too large")
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && (math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y))
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case *value.Map:
		y, ok := b.(*value.Map)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		s.checkDepth(depth)
		if x.Len() != y.Len() {
			return false
		}
		eq := true
		x.Range(func(k string, v any) bool {
			w, ok := y.Get(k)
			eq = ok && s.javaEquals(v, w, depth+1, budget)
			return eq
		})
		return eq
	case *value.List:
		y, ok := b.(*value.List)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		s.checkDepth(depth)
		if len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !s.javaEquals(x.Items[i], y.Items[i], depth+1, budget) {
				return false
			}
		}
		return true
	case *entry:
		y, ok := b.(*entry)
		return ok && x.key == y.key && s.javaEquals(x.val, y.val, depth+1, budget)
	}
	return a == b
}

// javaD2I converts a double to int as Java's (int) cast does.
func javaD2I(f float64) int32 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

// javaD2L converts a double to long as Java's (long) cast does.
func javaD2L(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}
