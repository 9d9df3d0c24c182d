package dynamostore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

const maxTransactItems = 100

const msgTooManyTransactItems = "1 validation error detected at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100."

// TransactGetItems reads up to 100 items in one snapshot. Responses follow
// the request order; a missing item has an empty response.
func (s *Store) TransactGetItems(ctx context.Context, in *TransactGetItemsInput) (*TransactGetItemsOutput, error) {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	if in.TransactItems == nil {
		c.notNull(false, "transactItems")
	} else if len(in.TransactItems) == 0 {
		c.add("[]", "transactItems", "Member must have length greater than or equal to 1")
	}
	for i, ti := range in.TransactItems {
		p := fmt.Sprintf("transactItems.%d.member.get", i+1)
		if ti == nil || ti.Get == nil {
			c.notNull(false, p)
			continue
		}
		checkTableNameAt(&c, ti.Get.TableName, p+".tableName")
		c.notNull(ti.Get.Key != nil, p+".key")
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	if len(in.TransactItems) > maxTransactItems {
		return nil, validation(msgTooManyTransactItems)
	}
	type get struct {
		t    *table
		key  rowKey
		proj *expr.Projection
	}
	gets := make([]get, len(in.TransactItems))
	for i, ti := range in.TransactItems {
		g := ti.Get
		ex, err := newExprs(g.ExpressionAttributeNames, nil, exprParams{
			present:  present("ProjectionExpression", g.ProjectionExpression),
			accepted: []string{"ProjectionExpression"},
		})
		if err != nil {
			return nil, err
		}
		if gets[i].proj, err = ex.projection(g.ProjectionExpression); err != nil {
			return nil, err
		}
		if err := ex.unused(); err != nil {
			return nil, err
		}
		if gets[i].t, err = s.lookup(g.TableName); err != nil {
			return nil, err
		}
		if err := gets[i].t.checkKey(g.Key); err != nil {
			return nil, err
		}
		if err := gets[i].t.checkKeyPaths(gets[i].proj.NestedAttributes()); err != nil {
			return nil, err
		}
		gets[i].key = gets[i].t.baseKey(g.Key)
	}
	out := &TransactGetItemsOutput{Responses: make([]ItemResponse, len(gets))}
	units := map[string]float64{}
	var order []string
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		for i, g := range gets {
			it, err := getInTx(ctx, tx, g.t, g.key)
			if err != nil {
				return err
			}
			if _, ok := units[g.t.name]; !ok {
				order = append(order, g.t.name)
			}
			units[g.t.name] += 2 * readUnits(attr.ItemSize(it), true)
			if it != nil && g.proj != nil {
				it = g.proj.Apply(it)
			}
			out.Responses[i].Item = it
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, name := range order {
		if cc := consumed(in.ReturnConsumedCapacity, name, units[name]); cc != nil {
			out.ConsumedCapacity = append(out.ConsumedCapacity, cc)
		}
	}
	return out, nil
}

// action is one validated action of TransactWriteItems.
type action struct {
	tableName string
	key       attr.Item // the key (or, for Put, the item)
	put       attr.Item
	upd       *expr.Update
	del       bool
	cond      *expr.Condition
	onFailure string
}

// TransactWriteItems applies up to 100 puts, updates, deletes and condition
// checks, on distinct items, all or nothing, in one SQLite transaction. If
// any condition fails it returns TransactionCanceledException with one
// CancellationReason per action: "ConditionalCheckFailed" for those that
// failed (with the item when ReturnValuesOnConditionCheckFailure is
// ALL_OLD), "None" for the others.
func (s *Store) TransactWriteItems(ctx context.Context, in *TransactWriteItemsInput) (*TransactWriteItemsOutput, error) {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	c.enum(in.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", returnMetricsEnum...)
	if in.TransactItems == nil {
		c.notNull(false, "transactItems")
	} else if len(in.TransactItems) == 0 {
		c.add("[]", "transactItems", "Member must have length greater than or equal to 1")
	}
	for i, ti := range in.TransactItems {
		if ti == nil {
			continue
		}
		p := fmt.Sprintf("transactItems.%d.member.", i+1)
		switch {
		case ti.ConditionCheck != nil:
			a := ti.ConditionCheck
			checkTableNameAt(&c, a.TableName, p+"conditionCheck.tableName")
			c.notNull(a.Key != nil, p+"conditionCheck.key")
			c.notNull(a.ConditionExpression != nil, p+"conditionCheck.conditionExpression")
			c.enum(a.ReturnValuesOnConditionCheckFailure, p+"conditionCheck.returnValuesOnConditionCheckFailure", returnOnFailureEnum...)
		case ti.Put != nil:
			a := ti.Put
			checkTableNameAt(&c, a.TableName, p+"put.tableName")
			c.notNull(a.Item != nil, p+"put.item")
			c.enum(a.ReturnValuesOnConditionCheckFailure, p+"put.returnValuesOnConditionCheckFailure", returnOnFailureEnum...)
		case ti.Update != nil:
			a := ti.Update
			checkTableNameAt(&c, a.TableName, p+"update.tableName")
			c.notNull(a.Key != nil, p+"update.key")
			c.notNull(a.UpdateExpression != nil, p+"update.updateExpression")
			c.enum(a.ReturnValuesOnConditionCheckFailure, p+"update.returnValuesOnConditionCheckFailure", returnOnFailureEnum...)
		case ti.Delete != nil:
			a := ti.Delete
			checkTableNameAt(&c, a.TableName, p+"delete.tableName")
			c.notNull(a.Key != nil, p+"delete.key")
			c.enum(a.ReturnValuesOnConditionCheckFailure, p+"delete.returnValuesOnConditionCheckFailure", returnOnFailureEnum...)
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	if len(in.TransactItems) > maxTransactItems {
		return nil, validation(msgTooManyTransactItems)
	}
	actions := make([]*action, len(in.TransactItems))
	for i, ti := range in.TransactItems {
		a, err := s.transactAction(ti)
		if err != nil {
			return nil, err
		}
		actions[i] = a
	}
	// Every table must exist and every key be valid before anything runs.
	seen := map[string]bool{}
	for _, a := range actions {
		t, err := s.lookup(a.tableName)
		if err != nil {
			return nil, err
		}
		if a.put != nil {
			err = t.checkItem(a.put)
		} else {
			err = t.checkKey(a.key)
		}
		if err != nil {
			return nil, err
		}
		if err := t.checkUpdate(a.upd); err != nil {
			return nil, err
		}
		id := t.name + "\x00" + keyString(t, a.key)
		if seen[id] {
			return nil, validation("Transaction request cannot include multiple operations on one item")
		}
		seen[id] = true
	}

	units := map[string]float64{}
	var order []string
	err := s.write(ctx, func(w *wtx) error {
		// First check every condition against the state before the
		// transaction, then write; the items are distinct, so the order of
		// the writes does not matter.
		reasons := make([]CancellationReason, len(actions))
		olds := make([]attr.Item, len(actions))
		tables := make([]*table, len(actions))
		failed := false
		for i, a := range actions {
			t, err := s.lookup(a.tableName)
			if err != nil {
				return err
			}
			tables[i] = t
			old, err := w.get(t, t.baseKey(a.key))
			if err != nil {
				return err
			}
			olds[i] = old
			reasons[i].Code = "None"
			if err := evalCondition(a.cond, old, a.onFailure); err != nil {
				var e *Error
				if !errors.As(err, &e) {
					return err
				}
				failed = true
				if e.Type == ErrConditionalCheck {
					reasons[i] = CancellationReason{Code: "ConditionalCheckFailed", Message: e.Message, Item: e.Item}
				} else {
					reasons[i] = CancellationReason{Code: "ValidationError", Message: e.Message}
				}
			}
		}
		if !failed {
			for i, a := range actions {
				t, old := tables[i], olds[i]
				var err error
				var size int
				switch {
				case a.put != nil:
					err = w.put(t, old, a.put)
					size = max(attr.ItemSize(old), attr.ItemSize(a.put))
				case a.upd != nil:
					var item attr.Item
					_, item, err = w.update(t, a.key, a.upd, nil, "")
					size = max(attr.ItemSize(old), attr.ItemSize(item))
				case a.del && old != nil:
					err = w.remove(t, old)
					size = attr.ItemSize(old)
				}
				var e *Error
				if errors.As(err, &e) {
					failed = true
					reasons[i] = CancellationReason{Code: "ValidationError", Message: e.Message}
					continue
				}
				if err != nil {
					return err
				}
				if _, ok := units[t.name]; !ok {
					order = append(order, t.name)
				}
				units[t.name] += 2 * writeUnits(size)
			}
		}
		if failed {
			return transactionCanceled(reasons)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := &TransactWriteItemsOutput{}
	for _, name := range order {
		if cc := consumed(in.ReturnConsumedCapacity, name, units[name]); cc != nil {
			out.ConsumedCapacity = append(out.ConsumedCapacity, cc)
		}
	}
	return out, nil
}

// transactAction validates one TransactWriteItem and parses its
// expressions.
func (s *Store) transactAction(ti *TransactWriteItem) (*action, error) {
	n := 0
	for _, set := range []bool{ti != nil && ti.ConditionCheck != nil, ti != nil && ti.Put != nil, ti != nil && ti.Update != nil, ti != nil && ti.Delete != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, validation("TransactItems can only contain one of Check, Put, Update or Delete")
	}
	var (
		a      = &action{}
		names  map[string]string
		values ExprValues
		cond   *string
		upd    *string
	)
	switch {
	case ti.ConditionCheck != nil:
		x := ti.ConditionCheck
		a.tableName, a.key, a.onFailure = x.TableName, x.Key, x.ReturnValuesOnConditionCheckFailure
		names, values, cond = x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.ConditionExpression
	case ti.Put != nil:
		x := ti.Put
		a.tableName, a.key, a.put, a.onFailure = x.TableName, x.Item, x.Item, x.ReturnValuesOnConditionCheckFailure
		names, values, cond = x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.ConditionExpression
		if attr.ItemSize(x.Item) > attr.MaxItemSize {
			return nil, validation("Item size has exceeded the maximum allowed size")
		}
	case ti.Update != nil:
		x := ti.Update
		a.tableName, a.key, a.onFailure = x.TableName, x.Key, x.ReturnValuesOnConditionCheckFailure
		names, values, cond, upd = x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.ConditionExpression, x.UpdateExpression
	case ti.Delete != nil:
		x := ti.Delete
		a.tableName, a.key, a.del, a.onFailure = x.TableName, x.Key, true, x.ReturnValuesOnConditionCheckFailure
		names, values, cond = x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.ConditionExpression
	}
	accepted := []string{"ConditionExpression"}
	if ti.Update != nil {
		accepted = []string{"UpdateExpression", "ConditionExpression"}
	}
	ex, err := newExprs(names, values, exprParams{
		present:  present("UpdateExpression", upd, "ConditionExpression", cond),
		accepted: accepted,
	})
	if err != nil {
		return nil, err
	}
	if a.upd, err = ex.update(upd); err != nil {
		return nil, err
	}
	if a.cond, err = ex.condition(cond); err != nil {
		return nil, err
	}
	if err := ex.unused(); err != nil {
		return nil, err
	}
	return a, nil
}
