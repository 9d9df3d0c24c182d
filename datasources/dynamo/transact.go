package dynamo

import (
	"context"
	"errors"
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// TransactGetItems and TransactWriteItems.

// transactItems returns the request items, each an object.
func transactItems(req object) ([]object, error) {
	if err := req.only("version", "operation", "transactItems"); err != nil {
		return nil, err
	}
	l, _, err := req.list("transactItems", true)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(l.Items))
	for i, e := range l.Items {
		m, ok := e.(*value.Map)
		if !ok {
			return nil, typeError(index(member(req.path, "transactItems"), i), "JSON object", e)
		}
		items[i] = object{m, index(member(req.path, "transactItems"), i)}
	}
	return items, nil
}

func (s *Source) transactGetItems(ctx context.Context, req object) (any, error) {
	items, err := transactItems(req)
	if err != nil {
		return nil, err
	}
	gets := make([]types.TransactGetItem, len(items))
	orders := make([][]string, len(items))
	for i, it := range items {
		if err := it.only("table", "key", "projection"); err != nil {
			return nil, err
		}
		table, _, err := it.string("table", true)
		if err != nil {
			return nil, err
		}
		key, err := it.item("key", true)
		if err != nil {
			return nil, err
		}
		proj, err := readProjection(it)
		if err != nil {
			return nil, err
		}
		get := &types.Get{TableName: &table, Key: key}
		if proj != nil {
			get.ProjectionExpression = &proj.text
			get.ExpressionAttributeNames = proj.names
			orders[i] = proj.order()
		}
		gets[i] = types.TransactGetItem{Get: get}
	}
	out, err := s.Client.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: gets})
	res := value.NewMap()
	if err != nil {
		return cancelled(res, "items", err)
	}
	list := value.NewList()
	for i, r := range out.Responses {
		list.Items = append(list.Items, itemOrNil(r.Item, orders[i]))
	}
	res.Put("items", list)
	res.Put("cancellationReasons", nil)
	return res, nil
}

// cancelled builds the result of a failed transaction: {<name>: null,
// cancellationReasons} for a TransactionCanceledException, nothing for
// other errors.
func cancelled(res *value.Map, name string, err error) (any, error) {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		return nil, apiError(err)
	}
	reasons := value.NewList()
	for _, r := range tce.CancellationReasons {
		reason := value.NewMap()
		if r.Item != nil {
			reason.Put("item", itemValue(r.Item, nil))
		}
		typ := "None"
		if r.Code != nil && *r.Code != "" {
			typ = *r.Code
		}
		msg := typ
		if r.Message != nil && *r.Message != "" {
			msg = *r.Message
		}
		reason.Put("type", typ)
		reason.Put("message", msg)
		reasons.Items = append(reasons.Items, reason)
	}
	res.Put(name, nil)
	res.Put("cancellationReasons", reasons)
	return res, apiError(err)
}

func (s *Source) transactWriteItems(ctx context.Context, req object) (any, error) {
	items, err := transactItems(req)
	if err != nil {
		return nil, err
	}
	writes := make([]types.TransactWriteItem, len(items))
	keys := make([]map[string]types.AttributeValue, len(items))
	for i, it := range items {
		op, _, err := it.string("operation", true)
		if err != nil {
			return nil, err
		}
		allowed := []string{"table", "operation", "key", "condition"}
		switch op {
		case "PutItem":
			allowed = append(allowed, "attributeValues")
		case "UpdateItem":
			allowed = append(allowed, "update")
		case "DeleteItem", "ConditionCheck":
		default:
			return nil, mappingErrorf("Unsupported operation '%s' for '%s': a transaction item is a PutItem, UpdateItem, DeleteItem or ConditionCheck.", op, member(it.path, "operation"))
		}
		if err := it.only(allowed...); err != nil {
			return nil, err
		}
		table, _, err := it.string("table", true)
		if err != nil {
			return nil, err
		}
		key, err := it.item("key", true)
		if err != nil {
			return nil, err
		}
		keys[i] = key
		var ph placeholders
		cond, onFailure, err := transactCondition(it, op == "ConditionCheck", &ph)
		if err != nil {
			return nil, err
		}
		switch op {
		case "PutItem":
			attrs, err := it.item("attributeValues", false)
			if err != nil {
				return nil, err
			}
			item := make(map[string]types.AttributeValue, len(key)+len(attrs))
			maps.Copy(item, attrs)
			maps.Copy(item, key)
			writes[i].Put = &types.Put{TableName: &table, Item: item, ConditionExpression: cond,
				ExpressionAttributeNames: ph.names, ExpressionAttributeValues: ph.values, ReturnValuesOnConditionCheckFailure: onFailure}
		case "UpdateItem":
			upd, _, err := it.object("update", true)
			if err != nil {
				return nil, err
			}
			update, err := upd.expression(true)
			if err != nil {
				return nil, err
			}
			if err := ph.add(update, upd.path); err != nil {
				return nil, err
			}
			writes[i].Update = &types.Update{TableName: &table, Key: key, UpdateExpression: &update.text, ConditionExpression: cond,
				ExpressionAttributeNames: ph.names, ExpressionAttributeValues: ph.values, ReturnValuesOnConditionCheckFailure: onFailure}
		case "DeleteItem":
			writes[i].Delete = &types.Delete{TableName: &table, Key: key, ConditionExpression: cond,
				ExpressionAttributeNames: ph.names, ExpressionAttributeValues: ph.values, ReturnValuesOnConditionCheckFailure: onFailure}
		case "ConditionCheck":
			writes[i].ConditionCheck = &types.ConditionCheck{TableName: &table, Key: key, ConditionExpression: cond,
				ExpressionAttributeNames: ph.names, ExpressionAttributeValues: ph.values, ReturnValuesOnConditionCheckFailure: onFailure}
		}
	}
	_, err = s.Client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: writes})
	res := value.NewMap()
	if err != nil {
		return cancelled(res, "keys", err)
	}
	list := value.NewList()
	for _, key := range keys {
		list.Items = append(list.Items, itemValue(key, nil))
	}
	res.Put("keys", list)
	res.Put("cancellationReasons", nil)
	return res, nil
}

// transactCondition reads the condition of a transaction item ({expression,
// expressionNames, expressionValues, returnValuesOnConditionCheckFailure})
// into ph; the current item comes back in cancellationReasons unless
// returnValuesOnConditionCheckFailure is false.
func transactCondition(it object, required bool, ph *placeholders) (*string, types.ReturnValuesOnConditionCheckFailure, error) {
	c, ok, err := it.object("condition", required)
	if err != nil || !ok {
		return nil, "", err
	}
	e, err := c.expression(true, "returnValuesOnConditionCheckFailure")
	if err != nil {
		return nil, "", err
	}
	if err := ph.add(e, c.path); err != nil {
		return nil, "", err
	}
	onFailure := types.ReturnValuesOnConditionCheckFailureAllOld
	if b, err := c.bool("returnValuesOnConditionCheckFailure"); err != nil {
		return nil, "", err
	} else if b != nil && !*b {
		onFailure = types.ReturnValuesOnConditionCheckFailureNone
	}
	return &e.text, onFailure, nil
}
