package dynamo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// BatchGetItem, BatchPutItem and BatchDeleteItem. Results list one entry
// per requested key or item, in request order, per table in request order.

// batchGet is one table of a BatchGetItem.
type batchGet struct {
	table    string
	keys     []map[string]types.AttributeValue
	order    []string // attribute order of the results (the projection's)
	injected []string // key attributes added to the projection to match items to keys
}

func (s *Source) batchGetItem(ctx context.Context, req object) (any, error) {
	if err := req.only("version", "operation", "tables"); err != nil {
		return nil, err
	}
	tables, _, err := req.object("tables", true)
	if err != nil {
		return nil, err
	}
	var gets []*batchGet
	requests := make(map[string]types.KeysAndAttributes, tables.m.Len())
	for _, table := range tables.m.Keys() {
		v, _ := tables.m.Get(table)
		g := &batchGet{table: table}
		var ka types.KeysAndAttributes
		var keys *value.List
		var keysPath string
		switch t := v.(type) {
		case *value.List:
			// The documentation's example lists the keys directly.
			keys, keysPath = t, member(tables.path, table)
		case *value.Map:
			spec := object{t, member(tables.path, table)}
			if err := spec.only("keys", "consistentRead", "projection"); err != nil {
				return nil, err
			}
			if keys, _, err = spec.list("keys", true); err != nil {
				return nil, err
			}
			keysPath = member(spec.path, "keys")
			if ka.ConsistentRead, err = spec.bool("consistentRead"); err != nil {
				return nil, err
			}
			proj, err := readProjection(spec)
			if err != nil {
				return nil, err
			}
			if proj != nil {
				g.order = proj.order()
				ka.ProjectionExpression = &proj.text
				ka.ExpressionAttributeNames = maps.Clone(proj.names)
			}
		default:
			return nil, typeError(member(tables.path, table), "JSON object", v)
		}
		for i, k := range keys.Items {
			key, err := typedItem(k, index(keysPath, i))
			if err != nil {
				return nil, err
			}
			g.keys = append(g.keys, key)
		}
		ka.Keys = g.keys
		if ka.ProjectionExpression != nil {
			// Results come back in any order and are matched to keys by
			// their key attributes, so the projection must include them.
			var extra []string
			for _, name := range keyNames(g.keys) {
				if slices.Contains(g.order, name) {
					continue
				}
				placeholder := fmt.Sprintf("#appsyncLocalKey%d", len(g.injected))
				if ka.ExpressionAttributeNames == nil {
					ka.ExpressionAttributeNames = map[string]string{}
				}
				ka.ExpressionAttributeNames[placeholder] = name
				extra = append(extra, placeholder)
				g.injected = append(g.injected, name)
			}
			if len(extra) > 0 {
				text := *ka.ProjectionExpression + ", " + strings.Join(extra, ", ")
				ka.ProjectionExpression = &text
			}
		}
		requests[table] = ka
		gets = append(gets, g)
	}
	out, err := s.Client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: requests})
	if err != nil {
		return nil, apiError(err)
	}
	data, unprocessed := value.NewMap(), value.NewMap()
	for _, g := range gets {
		items := make([]any, len(g.keys))
		for _, item := range out.Responses[g.table] {
			found := match(g.keys, item)
			for _, name := range g.injected {
				delete(item, name)
			}
			for _, i := range found {
				items[i] = itemValue(item, g.order)
			}
		}
		left := value.NewList()
		for _, key := range out.UnprocessedKeys[g.table].Keys {
			for _, i := range match(g.keys, key) {
				items[i] = nil
			}
			left.Items = append(left.Items, itemValue(key, nil))
		}
		data.Put(g.table, value.NewList(items...))
		unprocessed.Put(g.table, left)
	}
	res := value.NewMap()
	res.Put("data", data)
	res.Put("unprocessedKeys", unprocessed)
	return res, nil
}

// keyNames returns the attribute names the keys use.
func keyNames(keys []map[string]types.AttributeValue) []string {
	var names []string
	for _, key := range keys {
		for name := range key {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// match returns the positions of the keys that item has.
func match(keys []map[string]types.AttributeValue, item map[string]types.AttributeValue) []int {
	var found []int
	for i, key := range keys {
		names := sortedNames(key)
		want, _ := keyString(names, key)
		if got, ok := keyString(names, item); ok && got == want {
			found = append(found, i)
		}
	}
	return found
}

// batchWrite is one table of a BatchPutItem or BatchDeleteItem: items to
// put or keys to delete.
type batchWrite struct {
	table   string
	entries []map[string]types.AttributeValue
}

func (s *Source) readBatchWrite(req object) ([]batchWrite, error) {
	if err := req.only("version", "operation", "tables"); err != nil {
		return nil, err
	}
	tables, _, err := req.object("tables", true)
	if err != nil {
		return nil, err
	}
	var writes []batchWrite
	for _, table := range tables.m.Keys() {
		l, _, err := tables.list(table, true)
		if err != nil {
			return nil, err
		}
		w := batchWrite{table: table}
		for i, e := range l.Items {
			item, err := typedItem(e, index(member(tables.path, table), i))
			if err != nil {
				return nil, err
			}
			w.entries = append(w.entries, item)
		}
		writes = append(writes, w)
	}
	return writes, nil
}

func (s *Source) batchPutItem(ctx context.Context, req object) (any, error) {
	return s.batchWrite(ctx, req, "unprocessedItems", func(item map[string]types.AttributeValue) types.WriteRequest {
		return types.WriteRequest{PutRequest: &types.PutRequest{Item: item}}
	}, func(w types.WriteRequest) map[string]types.AttributeValue {
		if w.PutRequest == nil {
			return nil
		}
		return w.PutRequest.Item
	})
}

func (s *Source) batchDeleteItem(ctx context.Context, req object) (any, error) {
	return s.batchWrite(ctx, req, "unprocessedKeys", func(key map[string]types.AttributeValue) types.WriteRequest {
		return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key}}
	}, func(w types.WriteRequest) map[string]types.AttributeValue {
		if w.DeleteRequest == nil {
			return nil
		}
		return w.DeleteRequest.Key
	})
}

// batchWrite runs a BatchWriteItem of the entries of each table (built by
// request) and returns {data, <leftName>}: the entries written, null for
// those DynamoDB left unprocessed, which are listed under leftName.
func (s *Source) batchWrite(ctx context.Context, req object, leftName string, request func(map[string]types.AttributeValue) types.WriteRequest, entry func(types.WriteRequest) map[string]types.AttributeValue) (any, error) {
	writes, err := s.readBatchWrite(req)
	if err != nil {
		return nil, err
	}
	items := make(map[string][]types.WriteRequest, len(writes))
	for _, w := range writes {
		reqs := make([]types.WriteRequest, len(w.entries))
		for i, e := range w.entries {
			reqs[i] = request(e)
		}
		items[w.table] = reqs
	}
	out, err := s.Client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: items})
	if err != nil {
		return nil, apiError(err)
	}
	data, left := value.NewMap(), value.NewMap()
	for _, w := range writes {
		results := make([]any, len(w.entries))
		for i, e := range w.entries {
			results[i] = itemValue(e, nil)
		}
		l := value.NewList()
		for _, u := range out.UnprocessedItems[w.table] {
			e := entry(u)
			for i, x := range w.entries {
				if equalItems(x, e, nil) {
					results[i] = nil
				}
			}
			l.Items = append(l.Items, itemValue(e, nil))
		}
		data.Put(w.table, value.NewList(results...))
		left.Put(w.table, l)
	}
	res := value.NewMap()
	res.Put("data", data)
	res.Put(leftName, left)
	return res, nil
}
