package expr

import (
	"cmp"
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/cockroachdb/apd/v3"
)

// Update is a parsed UpdateExpression.
type Update struct {
	usage
	sections []*section
}

// section is one SET, REMOVE, ADD or DELETE clause.
type section struct {
	pos     int
	keyword string // upper case
	actions []*action
}

// action is one comma-separated action of a section.
type action struct {
	keyword string
	path    *PathNode
	value   Node // SET: the new value; ADD, DELETE: the :value
}

func (a *action) String() string {
	switch a.keyword {
	case "SET":
		return a.path.String() + " = " + a.value.String()
	case "REMOVE":
		return a.path.String()
	}
	return a.path.String() + " " + a.value.String()
}

// updateFuncs are the functions of update expressions, with operand counts.
var updateFuncs = map[string]int{"if_not_exists": 2, "list_append": 2}

// ParseUpdate parses an UpdateExpression. Errors are *Error with DynamoDB's
// messages ("Invalid UpdateExpression: ..."), including overlapping or
// conflicting document paths and operand types known before evaluation.
func ParseUpdate(s string, names Names, values Values) (u *Update, err error) {
	if err := checkLength(KindUpdate, s); err != nil {
		return nil, err
	}
	p := newParser(KindUpdate, s, langUpdate)
	defer p.recover(&err)
	u = &Update{sections: p.parseUpdate()}
	ck := &checker{kind: KindUpdate, names: names, values: values}
	u.check(ck)
	root := u.tree()
	ck.resolve(root)
	u.collect(root)
	return u, nil
}

// tree returns the nodes of all actions under one node, for walking.
func (u *Update) tree() Node {
	l := &listNode{}
	for _, s := range u.sections {
		for _, a := range s.actions {
			l.items = append(l.items, a.path)
			if a.value != nil {
				l.items = append(l.items, a.value)
			}
		}
	}
	return l
}

// String prints the update back as source.
func (u *Update) String() string {
	parts := make([]string, len(u.sections))
	for i, s := range u.sections {
		acts := make([]string, len(s.actions))
		for j, a := range s.actions {
			acts[j] = a.String()
		}
		parts[i] = s.keyword + " " + strings.Join(acts, ", ")
	}
	return strings.Join(parts, " ")
}

func (p *parser) parseUpdate() []*section {
	var sections []*section
	for {
		tok := p.peek()
		if tok.typ == itemEOF && len(sections) > 0 {
			return sections
		}
		kw := strings.ToUpper(tok.val)
		if tok.typ != itemIdent || !p.reservedToken(tok) {
			p.unexpected()
		}
		p.next()
		sec := &section{pos: tok.pos, keyword: kw}
		for {
			sec.actions = append(sec.actions, p.parseAction(kw))
			if p.peek().typ != itemComma {
				break
			}
			p.next()
		}
		sections = append(sections, sec)
	}
}

func (p *parser) parseAction(kw string) *action {
	a := &action{keyword: kw, path: p.parsePath()}
	switch kw {
	case "SET":
		p.expect(itemEQ)
		a.value = p.parseSetValue()
	case "ADD", "DELETE":
		it := p.expect(itemValue)
		a.value = &ValueNode{pos: it.pos, ref: it.val}
	}
	return a
}

// parseSetValue parses operand, operand + operand, operand - operand, each
// optionally parenthesised as a whole.
func (p *parser) parseSetValue() Node {
	if p.peek().typ != itemLParen {
		return p.parseArith()
	}
	open := p.next()
	p.enter()
	x := p.parseArith()
	p.expect(itemRParen)
	p.leave()
	var v Node = &ParenNode{pos: open.pos, x: x}
	if _, arith := x.(*ArithNode); !arith {
		if t := p.peek().typ; t == itemPlus || t == itemMinus {
			op := p.next()
			v = &ArithNode{pos: op.pos, op: op.val, l: v, r: p.parseUpdateOperand()}
		}
	}
	return v
}

func (p *parser) parseArith() Node {
	l := p.parseUpdateOperand()
	if t := p.peek().typ; t == itemPlus || t == itemMinus {
		op := p.next()
		return &ArithNode{pos: op.pos, op: op.val, l: l, r: p.parseUpdateOperand()}
	}
	return l
}

// parseUpdateOperand parses a path, :value, function call or a
// parenthesised operand (without path continuation).
func (p *parser) parseUpdateOperand() Node {
	it := p.peek()
	switch it.typ {
	case itemLParen:
		p.enter()
		defer p.leave()
		p.next()
		x := p.parseUpdateOperand()
		p.expect(itemRParen)
		return &ParenNode{pos: it.pos, x: x}
	case itemValue:
		p.next()
		return &ValueNode{pos: it.pos, ref: it.val}
	case itemIdent:
		if !p.reservedToken(it) && p.peekAt(1).typ == itemLParen {
			return p.parseCall(p.parseUpdateOperand)
		}
	}
	return p.parsePath()
}

var updateTypeNames = map[attr.Kind]string{
	attr.KindS: "STRING", attr.KindN: "NUMBER", attr.KindB: "BINARY",
	attr.KindNULL: "NULL", attr.KindBOOL: "BOOLEAN", attr.KindL: "LIST", attr.KindM: "MAP",
}

// check runs DynamoDB's update checks in its order: reserved words,
// function names, repeated sections, undefined names, undefined values,
// overlapping paths, conflicting paths, ADD/DELETE operand types, then
// function operand counts and types.
func (u *Update) check(c *checker) {
	root := u.tree()
	c.checkReserved(root)
	c.checkFunctionNames(root, updateFuncs)
	seen := map[string]bool{}
	for _, s := range u.sections {
		if seen[s.keyword] {
			c.fail("The \"%s\" section can only be used once in an update expression;", s.keyword)
		}
		seen[s.keyword] = true
	}
	if msg := c.firstUndefined(root, true, false); msg != "" {
		c.fail("%s", msg)
	}
	if msg := c.firstUndefined(root, false, true); msg != "" {
		c.fail("%s", msg)
	}
	var paths []Path
	for _, s := range u.sections {
		for _, a := range s.actions {
			p, _ := c.pathOf(a.path)
			paths = append(paths, p)
		}
	}
	checkPathSet(c, paths)
	for _, s := range u.sections {
		for _, a := range s.actions {
			if a.keyword != "ADD" && a.keyword != "DELETE" {
				continue
			}
			k, _ := c.staticType(a.value, false)
			if name, bad := updateTypeNames[k]; bad && !(a.keyword == "ADD" && k == attr.KindN) {
				c.fail("Incorrect operand type for operator or function; operator: %s, operand type: %s", a.keyword, name)
			}
		}
	}
	postorder(root, roleOperand, func(n Node, _ role) {
		switch x := n.(type) {
		case *FuncNode:
			if want := updateFuncs[x.name]; want != len(x.args) {
				c.fail("Incorrect number of operands for operator or function; operator or function: %s, number of operands: %d", x.name, len(x.args))
			}
			switch x.name {
			case "if_not_exists":
				if _, ok := unparen(x.args[0]).(*PathNode); !ok {
					c.fail("Operator or function requires a document path; operator or function: %s", x.name)
				}
			case "list_append":
				for _, a := range x.args {
					if k, ok := c.staticType(a, false); ok && k != attr.KindL {
						c.fail("%s", operandTypeError(x.name, k.String()))
					}
				}
			}
		case *ArithNode:
			for _, a := range []Node{x.l, x.r} {
				if k, ok := c.staticType(a, false); ok && k != attr.KindN {
					c.fail("%s", operandTypeError(x.op, k.String()))
				}
			}
		}
	})
}

// checkPathSet rejects document paths that overlap (one is a prefix of, or
// equal to, another) or conflict (one indexes a list where the other names
// a map key), reporting overlaps first.
func checkPathSet(c *checker, paths []Path) {
	conflict := ""
	for j, p2 := range paths {
		for _, p1 := range paths[:j] {
			switch pathRelation(p1, p2) {
			case pathsOverlap:
				c.fail("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: %s, path two: %s", p1, p2)
			case pathsConflict:
				if conflict == "" {
					conflict = "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " + p1.String() + ", path two: " + p2.String()
				}
			}
		}
	}
	if conflict != "" {
		c.fail("%s", conflict)
	}
}

const (
	pathsDisjoint = iota
	pathsOverlap
	pathsConflict
)

func pathRelation(a, b Path) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].IsIndex != b[i].IsIndex {
			return pathsConflict
		}
		if a[i] != b[i] {
			return pathsDisjoint
		}
	}
	return pathsOverlap
}

// Paths returns the document paths the update's actions target, in order.
func (u *Update) Paths() []Path {
	var out []Path
	for _, s := range u.sections {
		for _, a := range s.actions {
			out = append(out, a.path.resolved())
		}
	}
	return out
}

// Attributes returns the top-level attribute names the update targets,
// sorted and without duplicates (for DynamoDB's "Cannot update attribute
// pk. This attribute is part of the key" check).
func (u *Update) Attributes() []string {
	var out []string
	for _, p := range u.Paths() {
		out = append(out, p[0].Name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TypedAttr is a top-level attribute an update sets, with the type of the
// value it gets, known before evaluation.
type TypedAttr struct {
	Name string
	Kind attr.Kind
}

// TypedAttrs returns the top-level attributes whose new type the update
// fixes before evaluation, in order: SET a = :v (the value's type), SET a =
// x + y or x - y (N), SET a = list_append(...) (L), SET a =
// if_not_exists(p, v) (v's type, if known), and ADD or DELETE a :v (:v's
// type). DynamoDB checks these against the index key types first.
func (u *Update) TypedAttrs() []TypedAttr {
	var out []TypedAttr
	for _, s := range u.sections {
		for _, a := range s.actions {
			p := a.path.resolved()
			if len(p) != 1 || a.value == nil {
				continue
			}
			if k, ok := staticKind(a.value); ok {
				out = append(out, TypedAttr{Name: p[0].Name, Kind: k})
			}
		}
	}
	return out
}

// staticKind is the type an update value has whatever the item holds.
func staticKind(n Node) (attr.Kind, bool) {
	switch x := n.(type) {
	case *ParenNode:
		return staticKind(x.x)
	case *ValueNode:
		return x.val.Kind(), true
	case *ArithNode:
		return attr.KindN, true
	case *FuncNode:
		switch x.name {
		case "list_append":
			return attr.KindL, true
		case "if_not_exists":
			if len(x.args) == 2 {
				return staticKind(x.args[1])
			}
		}
	}
	return attr.KindInvalid, false
}

// NestedAttributes returns the top-level attributes the update reaches
// into (a.b, a[0]) anywhere, as a target or an operand, sorted.
func (u *Update) NestedAttributes() []string { return nestedNames(u.tree()) }

// RemovesOnly tells whether the update has only REMOVE and DELETE actions:
// such an update of a missing item does not create it.
func (u *Update) RemovesOnly() bool {
	for _, s := range u.sections {
		if s.keyword != "REMOVE" && s.keyword != "DELETE" {
			return false
		}
	}
	return true
}

// Projection returns a projection of the targeted paths, for ReturnValues
// UPDATED_OLD and UPDATED_NEW.
func (u *Update) Projection() *Projection {
	return &Projection{paths: u.Paths()}
}

// arith is the decimal context of + and -: DynamoDB's 38 digits.
var arith = func() *apd.Context {
	c := apd.BaseContext.WithPrecision(attr.MaxDigits)
	c.Rounding = apd.RoundHalfEven
	return c
}()

// Apply returns the item the update produces from item (nil when the item
// does not exist yet); item itself is not modified. All SET values are
// evaluated against the original item, then actions apply: SET,
// REMOVE (list elements from the highest index down, so indexes refer to
// the original list), ADD, DELETE. SETs of list elements beyond the end
// append in index order. Errors are *Error with DynamoDB's
// messages: "The provided expression refers to an attribute that does not
// exist in the item", "An operand in the update expression has an incorrect
// data type", "The document path provided in the update expression is
// invalid for update", and the number range errors of attr.
func (u *Update) Apply(item attr.Item) (attr.Item, error) { return u.ApplyWith(item, nil) }

// ApplyWith is Apply with a check of every value a SET gives a top-level
// attribute, made when the SET applies: an error it returns stops the
// update (DynamoDB checks index key types so).
func (u *Update) ApplyWith(item attr.Item, onSet func(name string, v attr.Value) error) (attr.Item, error) {
	type pending struct {
		act  *action
		path Path
		val  attr.Value
	}
	var sets, removes, adds, deletes []pending
	for _, s := range u.sections {
		for _, a := range s.actions {
			pd := pending{act: a, path: a.path.resolved()}
			switch a.keyword {
			case "SET":
				v, err := evalSetValue(a.value, item)
				if err != nil {
					return nil, err
				}
				pd.val = v
				sets = append(sets, pd)
			case "REMOVE":
				removes = append(removes, pd)
			case "ADD":
				pd.val = a.value.(*ValueNode).val
				adds = append(adds, pd)
			case "DELETE":
				pd.val = a.value.(*ValueNode).val
				deletes = append(deletes, pd)
			}
		}
	}
	// Indexes refer to the original lists: SETs beyond the end append in
	// index order, and REMOVEs go from the highest index down.
	slices.SortStableFunc(sets, func(a, b pending) int { return -listOrder(a.path, b.path) })
	slices.SortStableFunc(removes, func(a, b pending) int { return listOrder(a.path, b.path) })

	out := item.Clone()
	if out == nil {
		out = attr.Item{}
	}
	for _, pd := range sets {
		v := pd.val
		if onSet != nil && len(pd.path) == 1 {
			if err := onSet(pd.path[0].Name, v); err != nil {
				return nil, err
			}
		}
		if err := modify(out, pd.path, func(attr.Value, bool) (attr.Value, bool, error) { return v, true, nil }); err != nil {
			return nil, err
		}
	}
	for _, pd := range removes {
		err := modify(out, pd.path, func(attr.Value, bool) (attr.Value, bool, error) { return attr.Value{}, false, nil })
		if err != nil && item != nil { // DynamoDB ignores REMOVE x.y on a missing item
			return nil, err
		}
	}
	for _, pd := range adds {
		add := pd.val
		err := modify(out, pd.path, func(old attr.Value, exists bool) (attr.Value, bool, error) {
			if !exists {
				return add, true, nil
			}
			if old.Kind() != add.Kind() {
				return old, true, plainError(msgIncorrectType)
			}
			if add.Kind() == attr.KindN {
				v, err := arithmetic("+", old, add)
				return v, true, err
			}
			return attr.SetUnion(old, add), true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, pd := range deletes {
		del := pd.val
		err := modify(out, pd.path, func(old attr.Value, exists bool) (attr.Value, bool, error) {
			if !exists {
				return old, false, nil
			}
			if old.Kind() != del.Kind() {
				return old, true, plainError(msgIncorrectType)
			}
			v, ok := attr.SetDifference(old, del)
			return v, ok, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// listOrder orders paths so that, within one list, higher indexes come
// first; other paths keep their relative order as far as possible.
func listOrder(a, b Path) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		switch {
		case a[i].IsIndex && b[i].IsIndex:
			if a[i].Index != b[i].Index {
				return cmp.Compare(b[i].Index, a[i].Index)
			}
		case a[i].IsIndex != b[i].IsIndex:
			return 0
		default:
			if a[i].Name != b[i].Name {
				return strings.Compare(a[i].Name, b[i].Name)
			}
		}
	}
	return cmp.Compare(len(a), len(b))
}

func evalSetValue(n Node, item attr.Item) (attr.Value, error) {
	switch x := n.(type) {
	case *ParenNode:
		return evalSetValue(x.x, item)
	case *ValueNode:
		return x.val, nil
	case *PathNode:
		v, ok := lookup(item, x.elems)
		if !ok {
			return attr.Value{}, plainError(msgMissingAttribute)
		}
		return v, nil
	case *ArithNode:
		a, err := evalSetValue(x.l, item)
		if err != nil {
			return attr.Value{}, err
		}
		b, err := evalSetValue(x.r, item)
		if err != nil {
			return attr.Value{}, err
		}
		return arithmetic(x.op, a, b)
	case *FuncNode:
		switch x.name {
		case "if_not_exists":
			if v, ok := lookup(item, unparen(x.args[0]).(*PathNode).elems); ok {
				return v, nil
			}
			return evalSetValue(x.args[1], item)
		case "list_append":
			a, err := evalSetValue(x.args[0], item)
			if err != nil {
				return attr.Value{}, err
			}
			b, err := evalSetValue(x.args[1], item)
			if err != nil {
				return attr.Value{}, err
			}
			if a.Kind() != attr.KindL || b.Kind() != attr.KindL {
				return attr.Value{}, plainError(msgIncorrectType)
			}
			return attr.L(slices.Concat(a.List(), b.List())), nil
		}
	}
	return attr.Value{}, plainError(msgIncorrectType)
}

func arithmetic(op string, a, b attr.Value) (attr.Value, error) {
	if a.Kind() != attr.KindN || b.Kind() != attr.KindN {
		return attr.Value{}, plainError(msgIncorrectType)
	}
	d := new(apd.Decimal)
	var cond apd.Condition
	var err error
	if op == "+" {
		cond, err = arith.Add(d, a.Num(), b.Num())
	} else {
		cond, err = arith.Sub(d, a.Num(), b.Num())
	}
	// DynamoDB does not round: a result that needs more than 38 digits
	// (1E50 + 1) fails, with the overflow message.
	if err != nil || cond.Inexact() {
		return attr.Value{}, plainError(attr.MsgOverflow)
	}
	v, err := attr.NFromDecimal(d)
	if err != nil {
		return attr.Value{}, plainError(err.Error())
	}
	return v, nil
}

// modifyFn computes a path's new value from its old one; keep false removes
// it.
type modifyFn func(old attr.Value, exists bool) (v attr.Value, keep bool, err error)

// modify applies fn at path in item, copying the containers on the way so
// that values shared with other items are never changed.
func modify(item attr.Item, path Path, fn modifyFn) error {
	name := path[0].Name
	old, exists := item[name]
	if len(path) == 1 {
		v, keep, err := fn(old, exists)
		if err != nil {
			return err
		}
		if keep {
			item[name] = v
		} else {
			delete(item, name)
		}
		return nil
	}
	if !exists {
		return plainError(msgInvalidPath)
	}
	v, err := modifyIn(old, path[1:], fn)
	if err != nil {
		return err
	}
	item[name] = v
	return nil
}

func modifyIn(cur attr.Value, path Path, fn modifyFn) (attr.Value, error) {
	e := path[0]
	if e.IsIndex {
		if cur.Kind() != attr.KindL {
			return attr.Value{}, plainError(msgInvalidPath)
		}
		l := cur.List()
		exists := e.Index < len(l)
		if len(path) > 1 {
			if !exists {
				return attr.Value{}, plainError(msgInvalidPath)
			}
			child, err := modifyIn(l[e.Index], path[1:], fn)
			if err != nil {
				return attr.Value{}, err
			}
			nl := slices.Clone(l)
			nl[e.Index] = child
			return attr.L(nl), nil
		}
		var old attr.Value
		if exists {
			old = l[e.Index]
		}
		v, keep, err := fn(old, exists)
		if err != nil {
			return attr.Value{}, err
		}
		switch {
		case keep && exists:
			nl := slices.Clone(l)
			nl[e.Index] = v
			return attr.L(nl), nil
		case keep:
			return attr.L(append(slices.Clone(l), v)), nil
		case exists:
			return attr.L(slices.Delete(slices.Clone(l), e.Index, e.Index+1)), nil
		}
		return cur, nil
	}
	if cur.Kind() != attr.KindM {
		return attr.Value{}, plainError(msgInvalidPath)
	}
	m := cur.Map()
	old, exists := m[e.Name]
	if len(path) > 1 {
		if !exists {
			return attr.Value{}, plainError(msgInvalidPath)
		}
		child, err := modifyIn(old, path[1:], fn)
		if err != nil {
			return attr.Value{}, err
		}
		nm := cloneMap(m)
		nm[e.Name] = child
		return attr.M(nm), nil
	}
	v, keep, err := fn(old, exists)
	if err != nil {
		return attr.Value{}, err
	}
	if !keep && !exists {
		return cur, nil
	}
	nm := cloneMap(m)
	if keep {
		nm[e.Name] = v
	} else {
		delete(nm, e.Name)
	}
	return attr.M(nm), nil
}

func cloneMap(m map[string]attr.Value) map[string]attr.Value {
	out := make(map[string]attr.Value, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}
