package dynamostore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// Key size limits, in bytes.
const (
	maxHashKeySize  = 2048
	maxRangeKeySize = 1024
)

const msgKeyMismatch = "The provided key element does not match the schema"

// lookup returns a table for a data operation.
func (s *Store) lookup(name string) (*table, error) {
	if t := s.table(name); t != nil {
		return t, nil
	}
	return nil, tableNotFound()
}

func emptyKeyMessage(name string, k attr.Kind) string {
	return "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty " +
		emptyWhat(k) + " value. Key: " + name
}

func emptyWhat(k attr.Kind) string {
	if k == attr.KindB {
		return "binary"
	}
	return "string"
}

func checkKeyValue(a keyAttr, v attr.Value, isHash bool) error {
	if (v.Kind() == attr.KindS || v.Kind() == attr.KindB) && v.Len() == 0 {
		return validation(emptyKeyMessage(a.name, v.Kind()))
	}
	if v.Kind() != attr.KindN {
		if isHash && v.Len() > maxHashKeySize {
			return validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
		}
		if !isHash && v.Len() > maxRangeKeySize {
			return validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
		}
	}
	return nil
}

// checkKey validates a Key parameter against the table's key schema.
func (t *table) checkKey(key attr.Item) error {
	n := 1
	if t.rng.name != "" {
		n = 2
	}
	if len(key) != n {
		return validation(msgKeyMismatch)
	}
	for i, a := range []keyAttr{t.hash, t.rng}[:n] {
		v, ok := key[a.name]
		if !ok || v.Kind() != a.kind {
			return validation(msgKeyMismatch)
		}
		if err := checkKeyValue(a, v, i == 0); err != nil {
			return err
		}
	}
	return nil
}

// checkItem validates the key attributes of an item to write, and the
// index key attributes it has.
func (t *table) checkItem(it attr.Item) error {
	for i, a := range []keyAttr{t.hash, t.rng} {
		if a.name == "" {
			continue
		}
		v, ok := it[a.name]
		if !ok {
			return validationf("One or more parameter values were invalid: Missing the key %s in the item", a.name)
		}
		if v.Kind() != a.kind {
			return validationf("One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", a.name, kindName(a.kind), kindName(v.Kind()))
		}
		if err := checkKeyValue(a, v, i == 0); err != nil {
			return err
		}
	}
	return t.checkIndexKeys(it, false)
}

func (t *table) checkIndexKeys(it attr.Item, update bool) error {
	// DynamoDB names the index in name order when an attribute keys
	// several.
	for _, ix := range t.indexesByName() {
		for _, a := range []keyAttr{ix.hash, ix.rng} {
			if a.name == "" || t.isKey(a.name) {
				continue
			}
			v, ok := it[a.name]
			if !ok {
				continue
			}
			if v.Kind() != a.kind {
				return validationf("One or more parameter values were invalid: Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s", a.name, kindName(a.kind), kindName(v.Kind()), ix.name)
			}
			if (v.Kind() == attr.KindS || v.Kind() == attr.KindB) && v.Len() == 0 {
				if update {
					return validation("One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty " + emptyWhat(v.Kind()) + " value.")
				}
				return validationf("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty %s value. IndexName: %s, IndexKey: %s", emptyWhat(v.Kind()), ix.name, a.name)
			}
		}
	}
	return nil
}

// indexesByName returns the table's indexes sorted by name.
func (t *table) indexesByName() []*index {
	return slices.SortedFunc(slices.Values(t.indexes), func(a, b *index) int { return strings.Compare(a.name, b.name) })
}

// keyOf returns the key attributes of an item.
func (t *table) keyOf(it attr.Item) attr.Item {
	k := attr.Item{t.hash.name: it[t.hash.name]}
	if t.rng.name != "" {
		k[t.rng.name] = it[t.rng.name]
	}
	return k
}

// pick keeps the named top-level attributes (AttributesToGet).
func pick(it attr.Item, names []string) attr.Item {
	out := attr.Item{}
	for _, n := range names {
		if v, ok := it[n]; ok {
			out[n] = v
		}
	}
	return out
}

// consumed builds ConsumedCapacity for ReturnConsumedCapacity TOTAL or
// INDEXES; nil otherwise.
func consumed(mode, table string, units float64) *ConsumedCapacity {
	if mode != "TOTAL" && mode != "INDEXES" {
		return nil
	}
	c := &ConsumedCapacity{TableName: table, CapacityUnits: units}
	if mode == "INDEXES" {
		c.Table = &Capacity{CapacityUnits: units}
	}
	return c
}

// readUnits are the read capacity units of reading size bytes.
func readUnits(size int, consistent bool) float64 {
	u := math.Max(1, math.Ceil(float64(size)/4096))
	if !consistent {
		u /= 2
	}
	return u
}

// writeUnits are the write capacity units of writing an item of size bytes.
func writeUnits(size int) float64 { return math.Max(1, math.Ceil(float64(size)/1024)) }

func isTrue(b *bool) bool { return b != nil && *b }

func checkLegacy(names ...any) error {
	for i := 0; i < len(names); i += 2 {
		if present, _ := names[i+1].(bool); present {
			return validationf("%s is not supported by this local DynamoDB; use expressions instead", names[i])
		}
	}
	return nil
}

// GetItem reads one item by its full primary key. A missing item is not an
// error: Item is nil.
func (s *Store) GetItem(ctx context.Context, in *GetItemInput) (*GetItemOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	c.notNull(in.Key != nil, "key")
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	if err := c.err(); err != nil {
		return nil, err
	}
	var legacy []string
	if in.AttributesToGet != nil {
		legacy = append(legacy, "AttributesToGet")
	}
	ex, err := newExprs(in.ExpressionAttributeNames, nil, exprParams{
		present:  present("ProjectionExpression", in.ProjectionExpression),
		accepted: []string{"ProjectionExpression"},
		legacy:   legacy,
	})
	if err != nil {
		return nil, err
	}
	proj, err := ex.projection(in.ProjectionExpression)
	if err != nil {
		return nil, err
	}
	if err := ex.unused(); err != nil {
		return nil, err
	}
	t, err := s.lookup(in.TableName)
	if err != nil {
		return nil, err
	}
	if err := t.checkKey(in.Key); err != nil {
		return nil, err
	}
	if proj != nil {
		if err := t.checkKeyPaths(proj.NestedAttributes()); err != nil {
			return nil, err
		}
	}
	it, err := s.getItem(ctx, t, t.baseKey(in.Key))
	if err != nil {
		return nil, err
	}
	out := &GetItemOutput{}
	size := 0
	if it != nil {
		size = attr.ItemSize(it)
		switch {
		case proj != nil:
			it = proj.Apply(it)
		case in.AttributesToGet != nil:
			it = pick(it, in.AttributesToGet)
		}
		out.Item = it
	}
	out.ConsumedCapacity = consumed(in.ReturnConsumedCapacity, t.name, readUnits(size, isTrue(in.ConsistentRead)))
	return out, nil
}

// getItem reads an item on the readers.
func (s *Store) getItem(ctx context.Context, t *table, key rowKey) (attr.Item, error) {
	st, err := s.stmt(ctx, sqlGetRow)
	if err != nil {
		return nil, fmt.Errorf("prepare get: %w", err)
	}
	var b []byte
	err = st.QueryRowContext(ctx, t.id, key.h, key.pk, key.sk).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read item of %s: %w", t.name, err)
	}
	return decodeItem(b)
}

// evalCondition evaluates a condition against the current item (nil when
// there is none) and returns ConditionalCheckFailedException when it fails,
// with the old item if onFailure is ALL_OLD.
func evalCondition(cond *expr.Condition, old attr.Item, onFailure string) error {
	if cond == nil {
		return nil
	}
	subject := old
	if subject == nil {
		subject = attr.Item{}
	}
	ok, err := cond.Eval(subject)
	if err != nil {
		return asDynamo(err)
	}
	if ok {
		return nil
	}
	e := conditionFailed(nil)
	if onFailure == "ALL_OLD" && old != nil {
		e.Item = old
	}
	return e
}

// PutItem creates or replaces an item, if ConditionExpression holds for the
// current one. ReturnValues may be NONE or ALL_OLD.
func (s *Store) PutItem(ctx context.Context, in *PutItemInput) (*PutItemOutput, error) {
	ex, err := checkSingleWrite(singleWrite{
		table: in.TableName, subject: "item", hasSubject: in.Item != nil,
		returnValues: in.ReturnValues, returnCapacity: in.ReturnConsumedCapacity, returnMetrics: in.ReturnItemCollectionMetrics,
		returnOnFailure: in.ReturnValuesOnConditionCheckFailure, conditionalOperator: in.ConditionalOperator,
		expected: in.Expected != nil, condition: in.ConditionExpression,
		names: in.ExpressionAttributeNames, values: in.ExpressionAttributeValues,
	})
	if err != nil {
		return nil, err
	}
	if attr.ItemSize(in.Item) > attr.MaxItemSize {
		return nil, validation("Item size has exceeded the maximum allowed size")
	}
	cond, err := ex.condition(in.ConditionExpression)
	if err != nil {
		return nil, prefixed(err)
	}
	if err := ex.unused(); err != nil {
		return nil, prefixed(err)
	}
	if err := checkLegacy("Expected", in.Expected != nil); err != nil {
		return nil, err
	}
	t, err := s.lookup(in.TableName)
	if err != nil {
		return nil, err
	}
	if err := t.checkItem(in.Item); err != nil {
		return nil, err
	}
	out := &PutItemOutput{}
	var oldSize int
	err = s.write(ctx, func(w *wtx) error {
		if t, err = s.lookup(in.TableName); err != nil {
			return err
		}
		old, err := w.get(t, t.baseKey(in.Item))
		if err != nil {
			return err
		}
		if err := evalCondition(cond, old, in.ReturnValuesOnConditionCheckFailure); err != nil {
			return err
		}
		if err := w.put(t, old, in.Item); err != nil {
			return err
		}
		if old != nil {
			oldSize = attr.ItemSize(old)
			if in.ReturnValues == "ALL_OLD" {
				out.Attributes = old
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.ConsumedCapacity = consumed(in.ReturnConsumedCapacity, t.name, writeUnits(max(oldSize, attr.ItemSize(in.Item))))
	return out, nil
}

// singleWrite is the part of a PutItem or DeleteItem request that both
// validate the same way.
type singleWrite struct {
	table, subject                              string // subject: "item" or "key"
	hasSubject, expected                        bool
	returnValues, returnCapacity, returnMetrics string
	returnOnFailure, conditionalOperator        string
	condition                                   *string
	names                                       map[string]string
	values                                      ExprValues
}

// checkSingleWrite validates the parameters PutItem and DeleteItem share, in
// DynamoDB's order, and prepares their expressions.
func checkSingleWrite(w singleWrite) (*exprs, error) {
	var c constraints
	checkTableName(&c, w.table)
	c.notNull(w.hasSubject, w.subject)
	c.enum(w.returnValues, "returnValues", returnValuesEnum...)
	c.enum(w.returnCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	c.enum(w.returnMetrics, "returnItemCollectionMetrics", returnMetricsEnum...)
	c.enum(w.returnOnFailure, "returnValuesOnConditionCheckFailure", returnOnFailureEnum...)
	c.enum(w.conditionalOperator, "conditionalOperator", conditionalOperatorEnum...)
	if err := c.err(); err != nil {
		return nil, err
	}
	var legacy []string
	if w.expected {
		legacy = append(legacy, "Expected")
	}
	if w.conditionalOperator != "" {
		legacy = append(legacy, "ConditionalOperator")
	}
	ex, err := newExprs(w.names, w.values, exprParams{
		present:  present("ConditionExpression", w.condition),
		accepted: []string{"ConditionExpression"},
		legacy:   legacy,
	})
	if err != nil {
		return nil, prefixed(err)
	}
	if w.returnValues != "" && w.returnValues != "NONE" && w.returnValues != "ALL_OLD" {
		return nil, validation("Return values set to invalid value")
	}
	return ex, nil
}

// prefixed adds the "1 validation error detected: " DynamoDB puts before
// expression errors of the single-item writes.
func prefixed(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Type == ErrValidation {
		return &Error{Type: e.Type, Message: "1 validation error detected: " + e.Message}
	}
	return err
}

// DeleteItem deletes an item, if ConditionExpression holds for it. Deleting
// a missing item succeeds. ReturnValues may be NONE or ALL_OLD.
func (s *Store) DeleteItem(ctx context.Context, in *DeleteItemInput) (*DeleteItemOutput, error) {
	ex, err := checkSingleWrite(singleWrite{
		table: in.TableName, subject: "key", hasSubject: in.Key != nil,
		returnValues: in.ReturnValues, returnCapacity: in.ReturnConsumedCapacity, returnMetrics: in.ReturnItemCollectionMetrics,
		returnOnFailure: in.ReturnValuesOnConditionCheckFailure, conditionalOperator: in.ConditionalOperator,
		expected: in.Expected != nil, condition: in.ConditionExpression,
		names: in.ExpressionAttributeNames, values: in.ExpressionAttributeValues,
	})
	if err != nil {
		return nil, err
	}
	cond, err := ex.condition(in.ConditionExpression)
	if err != nil {
		return nil, prefixed(err)
	}
	if err := ex.unused(); err != nil {
		return nil, prefixed(err)
	}
	if err := checkLegacy("Expected", in.Expected != nil); err != nil {
		return nil, err
	}
	t, err := s.lookup(in.TableName)
	if err != nil {
		return nil, err
	}
	if err := t.checkKey(in.Key); err != nil {
		return nil, err
	}
	out := &DeleteItemOutput{}
	var oldSize int
	err = s.write(ctx, func(w *wtx) error {
		if t, err = s.lookup(in.TableName); err != nil {
			return err
		}
		old, err := w.get(t, t.baseKey(in.Key))
		if err != nil {
			return err
		}
		if err := evalCondition(cond, old, in.ReturnValuesOnConditionCheckFailure); err != nil {
			return err
		}
		if old == nil {
			return nil
		}
		oldSize = attr.ItemSize(old)
		if in.ReturnValues == "ALL_OLD" {
			out.Attributes = old
		}
		return w.remove(t, old)
	})
	if err != nil {
		return nil, err
	}
	out.ConsumedCapacity = consumed(in.ReturnConsumedCapacity, t.name, writeUnits(oldSize))
	return out, nil
}

// UpdateItem edits an item with UpdateExpression, creating it from its key
// if missing, if ConditionExpression holds for the current one.
func (s *Store) UpdateItem(ctx context.Context, in *UpdateItemInput) (*UpdateItemOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	c.notNull(in.Key != nil, "key")
	c.enum(in.ReturnValues, "returnValues", returnValuesEnum...)
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	c.enum(in.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", returnMetricsEnum...)
	c.enum(in.ReturnValuesOnConditionCheckFailure, "returnValuesOnConditionCheckFailure", returnOnFailureEnum...)
	c.enum(in.ConditionalOperator, "conditionalOperator", conditionalOperatorEnum...)
	if err := c.err(); err != nil {
		return nil, err
	}
	var legacy []string
	if in.AttributeUpdates != nil {
		legacy = append(legacy, "AttributeUpdates")
	}
	if in.Expected != nil {
		legacy = append(legacy, "Expected")
	}
	if in.ConditionalOperator != "" {
		legacy = append(legacy, "ConditionalOperator")
	}
	ex, err := newExprs(in.ExpressionAttributeNames, in.ExpressionAttributeValues, exprParams{
		present:  present("UpdateExpression", in.UpdateExpression, "ConditionExpression", in.ConditionExpression),
		accepted: []string{"UpdateExpression", "ConditionExpression"},
		legacy:   legacy,
	})
	if err != nil {
		return nil, prefixed(err)
	}
	upd, err := ex.update(in.UpdateExpression)
	if err != nil {
		return nil, prefixed(err)
	}
	cond, err := ex.condition(in.ConditionExpression)
	if err != nil {
		return nil, prefixed(err)
	}
	if err := ex.unused(); err != nil {
		return nil, prefixed(err)
	}
	if err := checkLegacy("AttributeUpdates", in.AttributeUpdates != nil, "Expected", in.Expected != nil); err != nil {
		return nil, err
	}
	t, err := s.lookup(in.TableName)
	if err != nil {
		return nil, err
	}
	if err := t.checkKey(in.Key); err != nil {
		return nil, err
	}
	if err := t.checkUpdate(upd); err != nil {
		return nil, err
	}
	out := &UpdateItemOutput{}
	var size int
	err = s.write(ctx, func(w *wtx) error {
		if t, err = s.lookup(in.TableName); err != nil {
			return err
		}
		old, item, err := w.update(t, in.Key, upd, cond, in.ReturnValuesOnConditionCheckFailure)
		if err != nil {
			return err
		}
		size = max(attr.ItemSize(old), attr.ItemSize(item))
		out.Attributes = returnValues(in.ReturnValues, upd, old, item)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.ConsumedCapacity = consumed(in.ReturnConsumedCapacity, t.name, writeUnits(size))
	return out, nil
}

// update applies an update to the item with key, within a transaction, and
// returns the item before and after (nil if it did not or does not exist:
// an update of only REMOVE and DELETE actions does not create an item).
func (w *wtx) update(t *table, key attr.Item, upd *expr.Update, cond *expr.Condition, onFailure string) (old, item attr.Item, err error) {
	old, err = w.get(t, t.baseKey(key))
	if err != nil {
		return nil, nil, err
	}
	if err := evalCondition(cond, old, onFailure); err != nil {
		return nil, nil, err
	}
	item = old
	if item == nil {
		item = key.Clone()
	}
	if upd != nil {
		if item, err = upd.ApplyWith(item.Clone(), t.checkIndexSet); err != nil {
			return nil, nil, asDynamo(err)
		}
	}
	if err := t.checkUpdated(old, item); err != nil {
		return nil, nil, err
	}
	if attr.ItemSize(item) > attr.MaxItemSize {
		return nil, nil, validation("Item size to update has exceeded the maximum allowed size")
	}
	if old == nil && upd != nil && upd.RemovesOnly() {
		// Removing from a missing item leaves it missing.
		return nil, nil, nil
	}
	if err := w.put(t, old, item); err != nil {
		return nil, nil, err
	}
	return old, item, nil
}

// checkIndexSet refuses a SET that gives an index key attribute a value of
// another type (one from a document path: the types of :values are checked
// before, by checkUpdate).
func (t *table) checkIndexSet(name string, v attr.Value) error {
	if t.isKey(name) {
		return nil
	}
	for _, ix := range t.indexesByName() {
		for _, a := range []keyAttr{ix.hash, ix.rng} {
			if a.name == name && v.Kind() != a.kind {
				return validation("The update expression attempted to update the secondary index key to unsupported type")
			}
		}
	}
	return nil
}

// checkUpdated validates an item after an update: the key must be
// unchanged and index keys well typed.
func (t *table) checkUpdated(old, item attr.Item) error {
	for _, a := range []keyAttr{t.hash, t.rng} {
		if a.name == "" {
			continue
		}
		v, ok := item[a.name]
		if !ok || old != nil && !attr.Equal(v, old[a.name]) {
			return validationf("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", a.name)
		}
	}
	return t.checkIndexKeys(item, true)
}

// returnValues picks the Attributes of an UpdateItem response.
func returnValues(mode string, upd *expr.Update, old, item attr.Item) attr.Item {
	switch mode {
	case "ALL_OLD":
		return old
	case "ALL_NEW":
		return item
	case "UPDATED_OLD":
		return updatedAttrs(upd, old)
	case "UPDATED_NEW":
		return updatedAttrs(upd, item)
	}
	return nil
}
