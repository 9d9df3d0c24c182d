package expr

import (
	"bytes"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// Op is the operator of a key condition.
type Op uint8

// Key condition operators. OpNone marks the absence of a sort key
// condition.
const (
	OpNone Op = iota
	EQ
	LT
	LE
	GT
	GE
	BETWEEN
	BEGINS_WITH
)

var opNames = [...]string{"", "EQ", "LT", "LE", "GT", "GE", "BETWEEN", "BEGINS_WITH"}

// String returns the DynamoDB ComparisonOperator name ("EQ", "BEGINS_WITH").
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "Op(?)"
}

// KeyCond is one condition of a key condition expression, normalised so
// that the key attribute is on the left (:v < k becomes k > :v).
type KeyCond struct {
	Name   string
	Op     Op
	Values []attr.Value
}

// Match reports whether v satisfies the condition.
func (c KeyCond) Match(v attr.Value) bool {
	if v.IsZero() {
		return false
	}
	switch c.Op {
	case EQ:
		return attr.Equal(v, c.Values[0])
	case BEGINS_WITH:
		p := c.Values[0]
		switch {
		case v.Kind() != p.Kind():
			return false
		case v.Kind() == attr.KindS:
			return strings.HasPrefix(v.Str(), p.Str())
		case v.Kind() == attr.KindB:
			return bytes.HasPrefix(v.Bytes(), p.Bytes())
		}
		return false
	case BETWEEN:
		lo, err1 := attr.Compare(c.Values[0], v)
		hi, err2 := attr.Compare(v, c.Values[1])
		return err1 == nil && err2 == nil && lo <= 0 && hi <= 0
	}
	cmp, err := attr.Compare(v, c.Values[0])
	if err != nil {
		return false
	}
	switch c.Op {
	case LT:
		return cmp < 0
	case LE:
		return cmp <= 0
	case GT:
		return cmp > 0
	case GE:
		return cmp >= 0
	}
	return false
}

// KeyCondition is a parsed KeyConditionExpression. HashName/HashValue is
// the partition key equality; RangeName, RangeOp and RangeValues the
// optional sort key condition (RangeOp == OpNone without one).
//
// Without the table's key schema the parser guesses which condition is the
// partition key (the equality, or the first of two equalities); call Bind
// with the schema to settle it and to get DynamoDB's schema errors.
type KeyCondition struct {
	usage
	HashName    string
	HashValue   attr.Value
	RangeName   string
	RangeOp     Op
	RangeValues []attr.Value

	root  Node
	conds []KeyCond
}

// ParseKeyCondition parses a KeyConditionExpression. Errors are *Error:
// the condition expression errors ("Invalid KeyConditionExpression: ...")
// and the key condition ones, which DynamoDB words without that prefix
// ("Invalid operator used in KeyConditionExpression: OR",
// "KeyConditionExpressions must only contain one condition per key", ...).
func ParseKeyCondition(s string, names Names, values Values) (*KeyCondition, error) {
	root, err := parseConditionTree(KindKeyCondition, s, names, values)
	if err != nil {
		return nil, err
	}
	k := &KeyCondition{root: root}
	if msg := k.convert(root); msg != "" {
		return nil, plainError(msg)
	}
	k.guess()
	k.collect(root)
	return k, nil
}

// String prints the key condition tree back as source.
func (k *KeyCondition) String() string { return k.root.String() }

// Conditions returns the key conditions in source order.
func (k *KeyCondition) Conditions() []KeyCond { return append([]KeyCond(nil), k.conds...) }

var flipped = map[string]string{"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

var compareOps = map[string]Op{"=": EQ, "<": LT, "<=": LE, ">": GT, ">=": GE}

// convert turns the checked tree into key conditions, or returns
// DynamoDB's message for what a key condition may not contain.
func (k *KeyCondition) convert(n Node) string {
	const invalidOp = "Invalid operator used in KeyConditionExpression: "
	switch x := unparen(n).(type) {
	case *LogicNode:
		if x.op == "OR" {
			return invalidOp + "OR"
		}
		if msg := k.convert(x.l); msg != "" {
			return msg
		}
		return k.convert(x.r)
	case *NotNode:
		return invalidOp + "NOT"
	case *InNode:
		return invalidOp + "IN"
	case *CompareNode:
		if x.op == "<>" {
			return invalidOp + "<>"
		}
		return k.leaf(x.op, []Node{x.l, x.r})
	case *BetweenNode:
		if _, ok := unparen(x.x).(*PathNode); !ok {
			return "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"
		}
		return k.leaf("BETWEEN", []Node{x.x, x.lo, x.hi})
	case *FuncNode:
		switch x.name {
		case "size":
			return "KeyConditionExpressions cannot contain nested operations"
		case "begins_with":
			if _, ok := unparen(x.args[0]).(*PathNode); !ok {
				return "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"
			}
			return k.leaf("begins_with", x.args)
		}
		return invalidOp + x.name
	}
	return "Invalid condition in KeyConditionExpression: No key attribute specified"
}

func (k *KeyCondition) leaf(op string, args []Node) string {
	name, at := "", -1
	for i, a := range args {
		switch a := unparen(a).(type) {
		case *PathNode:
			if at >= 0 {
				return "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
			}
			if len(a.elems) > 1 {
				return "KeyConditionExpressions cannot have conditions on nested attributes"
			}
			name, at = a.elems[0].name, i
		case *FuncNode:
			if msg := k.convert(a); msg != "" {
				return msg
			}
		}
	}
	if at < 0 {
		return "Invalid condition in KeyConditionExpression: No key attribute specified"
	}
	for _, c := range k.conds {
		if c.Name == name {
			return "KeyConditionExpressions must only contain one condition per key"
		}
	}
	c := KeyCond{Name: name}
	switch op {
	case "BETWEEN":
		c.Op = BETWEEN
	case "begins_with":
		c.Op = BEGINS_WITH
	default:
		if at != 0 {
			op = flipped[op]
		}
		c.Op = compareOps[op]
	}
	for i, a := range args {
		if i != at {
			v, _ := unparen(a).(*ValueNode)
			if v == nil {
				return "Invalid condition in KeyConditionExpression: No key attribute specified"
			}
			c.Values = append(c.Values, v.val)
		}
	}
	k.conds = append(k.conds, c)
	return ""
}

// guess assigns hash and range without a schema.
func (k *KeyCondition) guess() {
	hash := 0
	if len(k.conds) == 2 && k.conds[0].Op != EQ && k.conds[1].Op == EQ {
		hash = 1
	}
	k.assign(hash, 1-hash)
}

func (k *KeyCondition) assign(hash, rng int) {
	k.HashName, k.HashValue = "", attr.Value{}
	k.RangeName, k.RangeOp, k.RangeValues = "", OpNone, nil
	if hash >= 0 && hash < len(k.conds) {
		k.HashName = k.conds[hash].Name
		if len(k.conds[hash].Values) > 0 {
			k.HashValue = k.conds[hash].Values[0]
		}
	}
	if rng >= 0 && rng < len(k.conds) {
		c := k.conds[rng]
		k.RangeName, k.RangeOp, k.RangeValues = c.Name, c.Op, c.Values
	}
}

// KeySchema is the key of the table or index a query reads. Kinds may be
// KindInvalid to skip the type check.
type KeySchema struct {
	Hash      string
	HashKind  attr.Kind
	Range     string // "" without a sort key
	RangeKind attr.Kind
}

// Bind matches the conditions to the key schema, setting the exported
// fields, and returns DynamoDB's errors (*Error): "Query condition missed
// key schema element: pk", "Query key condition not supported",
// "Conditions can be of length 1 or 2 only", "One or more parameter values
// were invalid: Condition parameter type does not match schema type".
func (k *KeyCondition) Bind(ks KeySchema) error {
	find := func(name string) int {
		for i, c := range k.conds {
			if c.Name == name {
				return i
			}
		}
		return -1
	}
	if ks.Range == "" && len(k.conds) > 1 {
		return plainError("Query key condition not supported")
	}
	h := find(ks.Hash)
	if h < 0 {
		return plainError("Query condition missed key schema element: " + ks.Hash)
	}
	typeMismatch := plainError("One or more parameter values were invalid: Condition parameter type does not match schema type")
	hc := k.conds[h]
	if ks.HashKind != attr.KindInvalid {
		for _, v := range hc.Values {
			if v.Kind() != ks.HashKind {
				return typeMismatch
			}
		}
	}
	if hc.Op != EQ {
		return plainError("Query key condition not supported")
	}
	r := -1
	if ks.Range != "" {
		r = find(ks.Range)
		if r < 0 && len(k.conds) > 1 {
			return plainError("Query condition missed key schema element: " + ks.Range)
		}
		if r >= 0 && ks.RangeKind != attr.KindInvalid {
			for _, v := range k.conds[r].Values {
				if v.Kind() != ks.RangeKind {
					return typeMismatch
				}
			}
		}
	}
	if len(k.conds) > 2 {
		return plainError("Conditions can be of length 1 or 2 only")
	}
	k.assign(h, r)
	return nil
}

// MatchRange reports whether a sort key value satisfies the sort key
// condition (true when there is none).
func (k *KeyCondition) MatchRange(v attr.Value) bool {
	if k.RangeOp == OpNone {
		return true
	}
	return KeyCond{Name: k.RangeName, Op: k.RangeOp, Values: k.RangeValues}.Match(v)
}

// Match reports whether an item satisfies the whole key condition.
func (k *KeyCondition) Match(item attr.Item) bool {
	if h, ok := item[k.HashName]; !ok || !attr.Equal(h, k.HashValue) {
		return false
	}
	if k.RangeOp == OpNone {
		return true
	}
	return k.MatchRange(item[k.RangeName])
}
