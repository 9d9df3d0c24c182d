package dynamo

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Single-item operations: GetItem, PutItem, UpdateItem, DeleteItem.

var writeMembers = []string{"version", "operation", "key", "condition", "_version", "customPartitionKey", "populateIndexFields"}

func (s *Source) getItem(ctx context.Context, req object) (any, error) {
	if err := req.only("version", "operation", "key", "consistentRead", "projection"); err != nil {
		return nil, err
	}
	key, err := req.item("key", true)
	if err != nil {
		return nil, err
	}
	consistent, err := req.bool("consistentRead")
	if err != nil {
		return nil, err
	}
	proj, err := readProjection(req)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.GetItemInput{TableName: &s.TableName, Key: key, ConsistentRead: consistent}
	if proj != nil {
		in.ProjectionExpression = &proj.text
		in.ExpressionAttributeNames = proj.names
	}
	out, err := s.Client.GetItem(ctx, in)
	if err != nil {
		return nil, apiError(err)
	}
	return itemOrNil(out.Item, proj.order()), nil
}

func (s *Source) putItem(ctx context.Context, req object) (any, error) {
	if err := req.only(slices.Concat(writeMembers, []string{"attributeValues"})...); err != nil {
		return nil, err
	}
	if err := s.noVersion(req); !s.Versioned && err != nil {
		return nil, err
	}
	key, err := req.item("key", true)
	if err != nil {
		return nil, err
	}
	attrs, err := req.item("attributeValues", false)
	if err != nil {
		return nil, err
	}
	item := make(map[string]types.AttributeValue, len(key)+len(attrs))
	maps.Copy(item, attrs)
	maps.Copy(item, key)
	cond, err := readCondition(req)
	if err != nil {
		return nil, err
	}
	if s.Versioned {
		return s.putVersioned(ctx, req, key, item, cond)
	}
	in := &dynamodb.PutItemInput{TableName: &s.TableName, Item: item}
	if cond != nil {
		in.ConditionExpression = &cond.text
		in.ExpressionAttributeNames = cond.names
		in.ExpressionAttributeValues = cond.values
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	if _, err := s.Client.PutItem(ctx, in); err != nil {
		// The item written is the result when it is already there.
		return s.conditionFailed(ctx, err, cond, key, func(current map[string]types.AttributeValue) bool {
			return current != nil && equalItems(current, item, cond.equalsIgnore)
		})
	}
	// The result is the item written, as AppSync returns it, not re-read.
	return itemValue(item, nil), nil
}

func (s *Source) updateItem(ctx context.Context, req object) (any, error) {
	if err := req.only(slices.Concat(writeMembers, []string{"update"})...); err != nil {
		return nil, err
	}
	if err := s.noVersion(req); !s.Versioned && err != nil {
		return nil, err
	}
	key, err := req.item("key", true)
	if err != nil {
		return nil, err
	}
	upd, _, err := req.object("update", true)
	if err != nil {
		return nil, err
	}
	update, err := upd.expression(true)
	if err != nil {
		return nil, err
	}
	cond, err := readCondition(req)
	if err != nil {
		return nil, err
	}
	if s.Versioned {
		return s.updateVersioned(ctx, req, key, update, upd.path, cond)
	}
	var ph placeholders
	if err := ph.add(update, upd.path); err != nil {
		return nil, err
	}
	in := &dynamodb.UpdateItemInput{TableName: &s.TableName, Key: key, UpdateExpression: &update.text, ReturnValues: types.ReturnValueAllNew}
	if cond != nil {
		if err := ph.add(cond.expression, member(req.path, "condition")); err != nil {
			return nil, err
		}
		in.ConditionExpression = &cond.text
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = ph.names, ph.values
	out, err := s.Client.UpdateItem(ctx, in)
	if err != nil {
		// AppSync cannot tell whether the item is already as the update
		// would leave it, so a failed condition always follows the strategy.
		return s.conditionFailed(ctx, err, cond, key, func(map[string]types.AttributeValue) bool { return false })
	}
	return itemOrNil(out.Attributes, nil), nil
}

func (s *Source) deleteItem(ctx context.Context, req object) (any, error) {
	if err := req.only(writeMembers...); err != nil {
		return nil, err
	}
	if err := s.noVersion(req); !s.Versioned && err != nil {
		return nil, err
	}
	key, err := req.item("key", true)
	if err != nil {
		return nil, err
	}
	cond, err := readCondition(req)
	if err != nil {
		return nil, err
	}
	if s.Versioned {
		return s.deleteVersioned(ctx, req, key, cond)
	}
	in := &dynamodb.DeleteItemInput{TableName: &s.TableName, Key: key, ReturnValues: types.ReturnValueAllOld}
	if cond != nil {
		in.ConditionExpression = &cond.text
		in.ExpressionAttributeNames = cond.names
		in.ExpressionAttributeValues = cond.values
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	out, err := s.Client.DeleteItem(ctx, in)
	if err != nil {
		// Deleting what is not there is done already.
		return s.conditionFailed(ctx, err, cond, key, func(current map[string]types.AttributeValue) bool { return current == nil })
	}
	return itemOrNil(out.Attributes, nil), nil
}

// condition is the condition section of a PutItem, UpdateItem or
// DeleteItem, with the members that say how to handle its failure.
type condition struct {
	expression
	equalsIgnore   []string
	consistentRead bool // of the read after a failure; default true
	strategy       string
	lambdaArn      string
}

func readCondition(req object) (*condition, error) {
	c, ok, err := req.object("condition", false)
	if err != nil || !ok {
		return nil, err
	}
	e, err := c.expression(true, "equalsIgnore", "consistentRead", "conditionalCheckFailedHandler")
	if err != nil {
		return nil, err
	}
	cond := &condition{expression: e, consistentRead: true, strategy: "Reject"}
	ignore, _, err := c.list("equalsIgnore", false)
	if err != nil {
		return nil, err
	}
	if ignore != nil {
		for i, v := range ignore.Items {
			name, ok := v.(string)
			if !ok {
				return nil, typeError(index(member(c.path, "equalsIgnore"), i), "STRING", v)
			}
			cond.equalsIgnore = append(cond.equalsIgnore, name)
		}
	}
	if b, err := c.bool("consistentRead"); err != nil {
		return nil, err
	} else if b != nil {
		cond.consistentRead = *b
	}
	h, ok, err := c.object("conditionalCheckFailedHandler", false)
	if err != nil {
		return nil, err
	}
	if ok {
		if err := h.only("strategy", "lambdaArn"); err != nil {
			return nil, err
		}
		if cond.strategy, _, err = h.string("strategy", true); err != nil {
			return nil, err
		}
		if cond.lambdaArn, _, err = h.string("lambdaArn", false); err != nil {
			return nil, err
		}
		switch cond.strategy {
		case "Reject":
		case "Custom":
			if cond.lambdaArn == "" {
				return nil, mappingErrorf("Value for field '%s' not found: the Custom strategy needs the ARN of the Lambda function to call.", member(h.path, "lambdaArn"))
			}
		default:
			return nil, mappingErrorf("Unsupported value '%s' for '%s': the strategy is Reject or Custom.", cond.strategy, member(h.path, "strategy"))
		}
	}
	return cond, nil
}

// conditionFailed handles the error of a conditional write as AppSync
// does: for a failed condition it gets the current item and, when done
// says the item is already the result the write wanted, succeeds with it;
// otherwise it follows the strategy, Reject: the error, with the current
// item as the result (the error's data).
func (s *Source) conditionFailed(ctx context.Context, err error, cond *condition, key map[string]types.AttributeValue, done func(current map[string]types.AttributeValue) bool) (any, error) {
	e := apiError(err)
	if cond == nil || e.Code() != "ConditionalCheckFailedException" {
		return nil, e
	}
	current, err := s.currentItem(ctx, err, key, cond.consistentRead)
	if err != nil {
		return nil, err
	}
	return cond.reject(e, current, done)
}

// currentItem returns the item a failed conditional write found: the one
// DynamoDB returned with the error or, when it returned none, a read.
func (s *Source) currentItem(ctx context.Context, err error, key map[string]types.AttributeValue, consistent bool) (map[string]types.AttributeValue, error) {
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) && ccf.Item != nil {
		return ccf.Item, nil
	}
	// The store did not return the item (there is none, or it ignores
	// ReturnValuesOnConditionCheckFailure): read it.
	out, err := s.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.TableName, Key: key, ConsistentRead: &consistent})
	if err != nil {
		return nil, apiError(err)
	}
	return out.Item, nil
}

// reject follows the condition's strategy for the failed write whose
// error is e, given the current item.
func (cond *condition) reject(e *Error, current map[string]types.AttributeValue, done func(current map[string]types.AttributeValue) bool) (any, error) {
	if done(current) {
		return itemOrNil(current, nil), nil
	}
	if cond.strategy == "Custom" {
		return itemOrNil(current, nil), &Error{
			Type:    TypeMappingTemplate,
			Message: "The conditional request failed, and its conditionalCheckFailedHandler strategy Custom (Lambda " + cond.lambdaArn + ") is not supported by appsync-local; use Reject.",
			Err:     e,
		}
	}
	return itemOrNil(current, nil), e
}

// projection is a projection section: the expression and the names it uses.
type projection struct {
	expression
}

func readProjection(req object) (*projection, error) {
	p, ok, err := req.object("projection", false)
	if err != nil || !ok {
		return nil, err
	}
	e, err := p.expression(false)
	if err != nil {
		return nil, err
	}
	return &projection{e}, nil
}

// order returns the top-level attributes the projection names, in order:
// the order of the attributes of the result.
func (p *projection) order() []string {
	if p == nil {
		return nil
	}
	var names []string
	for _, path := range strings.Split(p.text, ",") {
		path = strings.TrimSpace(path)
		if i := strings.IndexAny(path, ".["); i >= 0 {
			path = path[:i]
		}
		path = strings.TrimSpace(path)
		if strings.HasPrefix(path, "#") {
			if name, ok := p.names[path]; ok {
				path = name
			}
		}
		if path != "" {
			names = append(names, path)
		}
	}
	return names
}
