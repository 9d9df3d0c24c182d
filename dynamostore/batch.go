package dynamostore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// maxBatchResponseBytes is the data one BatchGetItem returns; keys past it
// come back in UnprocessedKeys.
const maxBatchResponseBytes = 16 << 20

const tableNameKeysConstraint = "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"

func checkTableNameKeys[V any](c *constraints, m map[string]V) {
	for _, name := range slices.Sorted(mapsKeys(m)) {
		if !validName(name) || len(name) < 3 || len(name) > 255 {
			c.add(requestItemsString(m), "requestItems", tableNameKeysConstraint)
			return
		}
	}
}

// requestItemsString renders RequestItems for constraint messages, roughly
// as DynamoDB's Java front end does.
func requestItemsString[V any](m map[string]V) string {
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(mapsKeys(m)) {
		parts = append(parts, k+"=...")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// keyString identifies a primary key for duplicate detection.
func keyString(t *table, key attr.Item) string {
	k := t.baseKey(key)
	return string(k.pk) + "\x00" + string(k.sk)
}

type batchGet struct {
	t    *table
	req  *KeysAndAttributes
	proj *expr.Projection
}

// BatchGetItem reads up to 100 items from one or more tables. Items come
// back in no particular order; missing ones are left out.
func (s *Store) BatchGetItem(ctx context.Context, in *BatchGetItemInput) (*BatchGetItemOutput, error) {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	if in.RequestItems == nil {
		c.notNull(false, "requestItems")
	} else if len(in.RequestItems) == 0 {
		c.add("{}", "requestItems", "Member must have length greater than or equal to 1")
	}
	checkTableNameKeys(&c, in.RequestItems)
	for _, name := range slices.Sorted(mapsKeys(in.RequestItems)) {
		r := in.RequestItems[name]
		p := "requestItems." + name + ".member.keys"
		switch {
		case r == nil || r.Keys == nil:
			c.notNull(false, p)
		case len(r.Keys) == 0:
			c.add("[]", p, "Member must have length greater than or equal to 1")
		case len(r.Keys) > 100:
			c.add("[...]", p, "Member must have length less than or equal to 100")
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	names := slices.Sorted(mapsKeys(in.RequestItems))
	gets := make([]*batchGet, 0, len(names))
	n := 0
	for _, name := range names {
		r := in.RequestItems[name]
		var legacy []string
		if r.AttributesToGet != nil {
			legacy = []string{"AttributesToGet"}
		}
		ex, err := newExprs(r.ExpressionAttributeNames, nil, exprParams{
			present:  present("ProjectionExpression", r.ProjectionExpression),
			accepted: []string{"ProjectionExpression"},
			legacy:   legacy,
		})
		if err != nil {
			return nil, err
		}
		if dup := firstDuplicate(r.AttributesToGet); dup != "" {
			return nil, validation("One or more parameter values were invalid: Duplicate value in attribute name: " + dup)
		}
		proj, err := ex.projection(r.ProjectionExpression)
		if err != nil {
			return nil, err
		}
		if err := ex.unused(); err != nil {
			return nil, err
		}
		if n += len(r.Keys); n > 100 {
			return nil, validation("Too many items requested for the BatchGetItem call")
		}
		gets = append(gets, &batchGet{req: r, proj: proj})
	}
	for i, name := range names {
		t, err := s.lookup(name)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, k := range gets[i].req.Keys {
			if err := t.checkKey(k); err != nil {
				return nil, err
			}
			ks := keyString(t, k)
			if seen[ks] {
				return nil, validation("Provided list of item keys contains duplicates")
			}
			seen[ks] = true
		}
		if err := t.checkKeyPaths(gets[i].proj.NestedAttributes()); err != nil {
			return nil, err
		}
		gets[i].t = t
	}

	out := &BatchGetItemOutput{Responses: map[string][]attr.Item{}, UnprocessedKeys: map[string]*KeysAndAttributes{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		total := 0
		for i, g := range gets {
			items := []attr.Item{}
			units := 0.0
			for j, k := range g.req.Keys {
				if total > maxBatchResponseBytes {
					left := *g.req
					left.Keys = g.req.Keys[j:]
					out.UnprocessedKeys[names[i]] = &left
					break
				}
				it, err := getInTx(ctx, tx, g.t, g.t.baseKey(k))
				if err != nil {
					return err
				}
				size := attr.ItemSize(it)
				units += readUnits(size, isTrue(g.req.ConsistentRead))
				if it == nil {
					continue
				}
				total += size
				switch {
				case g.proj != nil:
					it = g.proj.Apply(it)
				case g.req.AttributesToGet != nil:
					it = pick(it, g.req.AttributesToGet)
				}
				items = append(items, it)
			}
			out.Responses[names[i]] = items
			if cc := consumed(in.ReturnConsumedCapacity, names[i], units); cc != nil {
				out.ConsumedCapacity = append(out.ConsumedCapacity, cc)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readTx runs fn in one read transaction: one snapshot for all its reads.
func (s *Store) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

func firstDuplicate(names []string) string {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return n
		}
		seen[n] = true
	}
	return ""
}

// BatchWriteItem puts and deletes up to 25 items in one or more tables. The
// store applies them all in one transaction; UnprocessedItems is always
// empty.
func (s *Store) BatchWriteItem(ctx context.Context, in *BatchWriteItemInput) (*BatchWriteItemOutput, error) {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	c.enum(in.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", returnMetricsEnum...)
	if in.RequestItems == nil {
		c.notNull(false, "requestItems")
	} else if len(in.RequestItems) == 0 {
		c.add("{}", "requestItems", "Member must have length greater than or equal to 1")
	}
	checkTableNameKeys(&c, in.RequestItems)
	for _, name := range slices.Sorted(mapsKeys(in.RequestItems)) {
		if n := len(in.RequestItems[name]); n < 1 || n > 25 {
			c.add(requestItemsString(in.RequestItems), "requestItems", "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
			break
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	names := slices.Sorted(mapsKeys(in.RequestItems))
	total := 0
	for _, name := range names {
		for _, r := range in.RequestItems[name] {
			if r == nil || (r.PutRequest == nil) == (r.DeleteRequest == nil) {
				return nil, validation(attr.MsgMultipleTypes)
			}
			switch {
			case r.PutRequest != nil:
				if r.PutRequest.Item == nil {
					return nil, validation("1 validation error detected: Value null at 'requestItems." + name + ".member.putRequest.item' failed to satisfy constraint: Member must not be null")
				}
				if attr.ItemSize(r.PutRequest.Item) > attr.MaxItemSize {
					return nil, validation("Item size has exceeded the maximum allowed size")
				}
			case r.DeleteRequest.Key == nil:
				return nil, validation("1 validation error detected: Value null at 'requestItems." + name + ".member.deleteRequest.key' failed to satisfy constraint: Member must not be null")
			}
			total++
		}
	}
	if total > 25 {
		return nil, validation("Too many items requested for the BatchWriteItem call")
	}
	for _, name := range names {
		t, err := s.lookup(name)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, r := range in.RequestItems[name] {
			var key attr.Item
			if r.PutRequest != nil {
				if err := t.checkItem(r.PutRequest.Item); err != nil {
					if e := err.(*Error); strings.Contains(e.Message, "Missing the key") || strings.Contains(e.Message, "Type mismatch for key") {
						return nil, validation(msgKeyMismatch)
					}
					return nil, err
				}
				key = r.PutRequest.Item
			} else {
				if err := t.checkKey(r.DeleteRequest.Key); err != nil {
					return nil, err
				}
				key = r.DeleteRequest.Key
			}
			ks := keyString(t, key)
			if seen[ks] {
				return nil, validation("Provided list of item keys contains duplicates")
			}
			seen[ks] = true
		}
	}
	out := &BatchWriteItemOutput{UnprocessedItems: map[string][]*WriteRequest{}}
	units := make([]float64, len(names))
	err := s.write(ctx, func(w *wtx) error {
		for i, name := range names {
			t, err := s.lookup(name)
			if err != nil {
				return err
			}
			for _, r := range in.RequestItems[name] {
				if r.PutRequest != nil {
					old, err := w.get(t, t.baseKey(r.PutRequest.Item))
					if err != nil {
						return err
					}
					if err := w.put(t, old, r.PutRequest.Item); err != nil {
						return err
					}
					units[i] += writeUnits(max(attr.ItemSize(old), attr.ItemSize(r.PutRequest.Item)))
					continue
				}
				old, err := w.get(t, t.baseKey(r.DeleteRequest.Key))
				if err != nil {
					return err
				}
				units[i] += writeUnits(attr.ItemSize(old))
				if old != nil {
					if err := w.remove(t, old); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		if cc := consumed(in.ReturnConsumedCapacity, name, units[i]); cc != nil {
			out.ConsumedCapacity = append(out.ConsumedCapacity, cc)
		}
	}
	return out, nil
}
