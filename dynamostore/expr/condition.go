package expr

import (
	"bytes"
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// Names are ExpressionAttributeNames: "#n" → attribute name.
type Names map[string]string

// Values are ExpressionAttributeValues: ":v" → value.
type Values map[string]attr.Value

// Condition is a parsed ConditionExpression or FilterExpression.
type Condition struct {
	usage
	root Node
}

// ParseCondition parses a ConditionExpression (PutItem, UpdateItem,
// DeleteItem, TransactWriteItems). Errors are *Error with DynamoDB's
// messages, naming "Invalid ConditionExpression".
func ParseCondition(s string, names Names, values Values) (*Condition, error) {
	return parseCondition(KindCondition, s, names, values)
}

// ParseFilter parses a FilterExpression (Query, Scan); it is ParseCondition
// with messages naming "Invalid FilterExpression".
func ParseFilter(s string, names Names, values Values) (*Condition, error) {
	return parseCondition(KindFilter, s, names, values)
}

func parseCondition(kind, s string, names Names, values Values) (c *Condition, err error) {
	root, err := parseConditionTree(kind, s, names, values)
	if err != nil {
		return nil, err
	}
	c = &Condition{root: root}
	c.collect(root)
	return c, nil
}

// parseConditionTree parses and checks a condition of the given kind.
func parseConditionTree(kind, s string, names Names, values Values) (root Node, err error) {
	if err := checkLength(kind, s); err != nil {
		return nil, err
	}
	p := newParser(kind, s, langCondition)
	defer p.recover(&err)
	root = p.parseCondition()
	ck := &checker{kind: kind, names: names, values: values}
	ck.checkCondition(root)
	return root, nil
}

func checkLength(kind, s string) error {
	if s == "" {
		return newError(kind, "The expression can not be empty;")
	}
	if len(s) > maxLength {
		return newError(kind, "Expression size has exceeded the maximum allowed size; expression size: %d", len(s))
	}
	return nil
}

// String prints the condition tree back as source.
func (c *Condition) String() string { return c.root.String() }

// Attributes returns the top-level attribute names the condition refers
// to, resolved and sorted (for "Filter Expression can only contain
// non-primary key attributes").
func (c *Condition) Attributes() []string { return topNames(c.root) }

// NestedAttributes returns the top-level attributes the condition reaches
// into (a.b, a[0]), sorted: DynamoDB refuses that for key attributes. A nil
// condition reaches into none.
func (c *Condition) NestedAttributes() []string {
	if c == nil {
		return nil
	}
	return nestedNames(c.root)
}

// nestedNames collects the first element of every path under root that
// has more than one.
func nestedNames(root Node) []string {
	var out []string
	walk(root, func(n Node) {
		if p, ok := n.(*PathNode); ok && len(p.elems) > 1 {
			out = append(out, p.elems[0].name)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// topNames collects the first path element of every path under root.
func topNames(root Node) []string {
	var out []string
	walk(root, func(n Node) {
		if p, ok := n.(*PathNode); ok && len(p.elems) > 0 {
			out = append(out, p.elems[0].name)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// Eval evaluates the condition against an item (nil for a missing item).
// Comparisons between different types, and with missing attributes, are
// false (<> is true). The error is reserved for future runtime failures and
// is currently always nil.
func (c *Condition) Eval(item attr.Item) (bool, error) {
	return evalCond(c.root, item), nil
}

func evalCond(n Node, item attr.Item) bool {
	switch x := n.(type) {
	case *ParenNode:
		return evalCond(x.x, item)
	case *LogicNode:
		if x.op == "AND" {
			return evalCond(x.l, item) && evalCond(x.r, item)
		}
		return evalCond(x.l, item) || evalCond(x.r, item)
	case *NotNode:
		return !evalCond(x.x, item)
	case *CompareNode:
		a, aok := evalOperand(x.l, item)
		b, bok := evalOperand(x.r, item)
		if x.op == "<>" {
			return !aok || !bok || !attr.Equal(a, b)
		}
		if !aok || !bok {
			return false
		}
		if x.op == "=" {
			return attr.Equal(a, b)
		}
		cmp, err := attr.Compare(a, b)
		if err != nil {
			return false
		}
		switch x.op {
		case "<":
			return cmp < 0
		case "<=":
			return cmp <= 0
		case ">":
			return cmp > 0
		case ">=":
			return cmp >= 0
		}
	case *BetweenNode:
		v, ok1 := evalOperand(x.x, item)
		lo, ok2 := evalOperand(x.lo, item)
		hi, ok3 := evalOperand(x.hi, item)
		if !ok1 || !ok2 || !ok3 {
			return false
		}
		c1, err1 := attr.Compare(lo, v)
		c2, err2 := attr.Compare(v, hi)
		return err1 == nil && err2 == nil && c1 <= 0 && c2 <= 0
	case *InNode:
		v, ok := evalOperand(x.x, item)
		if !ok {
			return false
		}
		for _, e := range x.list {
			if w, ok := evalOperand(e, item); ok && attr.Equal(v, w) {
				return true
			}
		}
		return false
	case *FuncNode:
		return evalFunc(x, item)
	}
	return false
}

func evalFunc(f *FuncNode, item attr.Item) bool {
	switch f.name {
	case "attribute_exists":
		_, ok := evalOperand(f.args[0], item)
		return ok
	case "attribute_not_exists":
		_, ok := evalOperand(f.args[0], item)
		return !ok
	case "attribute_type":
		v, ok := evalOperand(f.args[0], item)
		t, tok := evalOperand(f.args[1], item)
		return ok && tok && t.Kind() == attr.KindS && v.Kind().String() == t.Str()
	case "begins_with":
		v, ok := evalOperand(f.args[0], item)
		prefix, pok := evalOperand(f.args[1], item)
		if !ok || !pok || v.Kind() != prefix.Kind() {
			return false
		}
		switch v.Kind() {
		case attr.KindS:
			return strings.HasPrefix(v.Str(), prefix.Str())
		case attr.KindB:
			return bytes.HasPrefix(v.Bytes(), prefix.Bytes())
		}
		return false
	case "contains":
		v, ok := evalOperand(f.args[0], item)
		e, eok := evalOperand(f.args[1], item)
		if !ok || !eok {
			return false
		}
		return contains(v, e)
	}
	return false
}

// contains is the contains() function: substring of a string or binary,
// member of a set, element of a list.
func contains(v, e attr.Value) bool {
	switch v.Kind() {
	case attr.KindS:
		return e.Kind() == attr.KindS && strings.Contains(v.Str(), e.Str())
	case attr.KindB:
		return e.Kind() == attr.KindB && bytes.Contains(v.Bytes(), e.Bytes())
	case attr.KindSS, attr.KindNS, attr.KindBS:
		return attr.SetContains(v, e)
	case attr.KindL:
		for _, x := range v.List() {
			if attr.Equal(x, e) {
				return true
			}
		}
	}
	return false
}

// evalOperand returns the value of an operand; ok is false when a path
// does not resolve (or size() has nothing to measure).
func evalOperand(n Node, item attr.Item) (attr.Value, bool) {
	switch x := n.(type) {
	case *ParenNode:
		return evalOperand(x.x, item)
	case *ValueNode:
		return x.val, true
	case *PathNode:
		return lookup(item, x.elems)
	case *FuncNode:
		if x.name != "size" {
			return attr.Value{}, false
		}
		v, ok := evalOperand(x.args[0], item)
		if !ok {
			return attr.Value{}, false
		}
		switch v.Kind() {
		case attr.KindS:
			return attr.NFromInt(int64(utf16Len(v.Str()))), true
		case attr.KindB, attr.KindSS, attr.KindNS, attr.KindBS, attr.KindL, attr.KindM:
			return attr.NFromInt(int64(v.Len())), true
		}
	}
	return attr.Value{}, false
}

// utf16Len is the length of s in UTF-16 code units, which is what
// DynamoDB's size() counts for strings ("é𝄞" has size 3).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// lookup resolves a document path in an item.
func lookup(item attr.Item, elems []pathElem) (attr.Value, bool) {
	if len(elems) == 0 || elems[0].isIndex {
		return attr.Value{}, false
	}
	v, ok := item[elems[0].name]
	if !ok {
		return attr.Value{}, false
	}
	for _, e := range elems[1:] {
		if e.isIndex {
			l := v.List()
			if v.Kind() != attr.KindL || e.index >= len(l) {
				return attr.Value{}, false
			}
			v = l[e.index]
			continue
		}
		if v.Kind() != attr.KindM {
			return attr.Value{}, false
		}
		if v, ok = v.Map()[e.name]; !ok {
			return attr.Value{}, false
		}
	}
	return v, true
}
