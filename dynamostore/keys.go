package dynamostore

import (
	"slices"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// checkUpdate rejects updates of key attributes, index key attributes set
// to a value of the wrong type, and nested paths into index key
// attributes, before anything is read.
func (t *table) checkUpdate(u *expr.Update) error {
	if u == nil {
		return nil
	}
	for _, name := range u.Attributes() {
		if t.isKey(name) {
			return validationf("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", name)
		}
	}
	typed := u.TypedAttrs()
	for _, ix := range t.indexesByName() {
		for _, k := range []keyAttr{ix.hash, ix.rng} {
			if k.name == "" || t.isKey(k.name) {
				continue
			}
			i := slices.IndexFunc(typed, func(a expr.TypedAttr) bool { return a.Name == k.name })
			if i >= 0 && typed[i].Kind != k.kind {
				return validationf("One or more parameter values were invalid: Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s",
					k.name, kindName(k.kind), kindName(typed[i].Kind), ix.name)
			}
		}
	}
	return t.checkKeyPaths(u.NestedAttributes())
}

// checkKeyPaths rejects document paths into key attributes (a.b, a[0]),
// given the attributes paths reach into: table keys first, then index keys,
// as DynamoDB reports them.
func (t *table) checkKeyPaths(nested []string) error {
	const msg = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "
	if len(nested) == 0 {
		return nil
	}
	for _, a := range []keyAttr{t.hash, t.rng} {
		if a.name != "" && slices.Contains(nested, a.name) {
			return validation(msg + "Key: " + a.name)
		}
	}
	for _, ix := range t.indexes {
		for _, a := range []keyAttr{ix.hash, ix.rng} {
			if a.name != "" && slices.Contains(nested, a.name) {
				return validation(msg + "IndexKey: " + a.name)
			}
		}
	}
	return nil
}

// updatedAttrs are the Attributes of UPDATED_OLD and UPDATED_NEW: the
// paths the update targeted, as they are in from (the item before or after).
func updatedAttrs(u *expr.Update, from attr.Item) attr.Item {
	if u == nil || from == nil {
		return nil
	}
	out := u.Projection().Apply(from)
	if len(out) == 0 {
		return nil
	}
	return out
}

// conditionAttrs are the top-level attribute names a condition refers to.
func conditionAttrs(c *expr.Condition) []string { return c.Attributes() }

// resolveKeyCondition matches a parsed KeyConditionExpression with the key
// schema of the table or index being queried, with DynamoDB's messages.
func resolveKeyCondition(kc *expr.KeyCondition, hash, rng keyAttr) (keyCond, error) {
	if err := kc.Bind(expr.KeySchema{Hash: hash.name, HashKind: hash.kind, Range: rng.name, RangeKind: rng.kind}); err != nil {
		return keyCond{}, asDynamo(err)
	}
	c := keyCond{hash: kc.HashValue, match: kc.MatchRange}
	switch kc.RangeOp {
	case expr.EQ:
		c.op = opEQ
	case expr.LT:
		c.op = opLT
	case expr.LE:
		c.op = opLE
	case expr.GT:
		c.op = opGT
	case expr.GE:
		c.op = opGE
	case expr.BETWEEN:
		c.op = opBetween
	case expr.BEGINS_WITH:
		c.op = opBeginsWith
	}
	if c.op != opNone {
		c.vals = kc.RangeValues
	}
	return c, nil
}

// keyOp is the operator of a sort key condition.
type keyOp uint8

const (
	opNone keyOp = iota // the sort key is not constrained
	opEQ
	opLT
	opLE
	opGT
	opGE
	opBetween
	opBeginsWith
)
