package dynamostore

import (
	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// checkUpdate rejects updates of key attributes and nested paths into
// index key attributes, before anything is read.
func (t *table) checkUpdate(u *expr.Update) error {
	if u == nil {
		return nil
	}
	for _, name := range u.Attributes() {
		if t.isKey(name) {
			return validationf("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", name)
		}
	}
	for _, p := range u.Paths() {
		if len(p) < 2 {
			continue
		}
		for _, ix := range t.indexes {
			if p[0].Name == ix.hash.name || p[0].Name == ix.rng.name {
				return validation("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: " + p[0].Name)
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
