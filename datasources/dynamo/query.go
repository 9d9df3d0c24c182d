package dynamo

import (
	"context"
	"encoding/base64"
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Query and Scan, and their pagination tokens.

// listing holds what Query and Scan share.
type listing struct {
	index      string
	limit      *int32
	consistent *bool
	start      map[string]types.AttributeValue
	selection  types.Select
	filter     *string
	projection *projection
	ph         placeholders
}

func (s *Source) readListing(req object, op string) (*listing, error) {
	var l listing
	var err error
	if l.index, _, err = req.string("index", false); err != nil {
		return nil, err
	}
	if l.limit, err = req.int32("limit"); err != nil {
		return nil, err
	}
	if l.consistent, err = req.bool("consistentRead"); err != nil {
		return nil, err
	}
	sel, _, err := req.string("select", false)
	if err != nil {
		return nil, err
	}
	l.selection = types.Select(sel)
	token, ok, err := req.string("nextToken", false)
	if err != nil {
		return nil, err
	}
	if ok && token != "" {
		if l.start, err = decodeToken(token, op, s.TableName, l.index); err != nil {
			return nil, err
		}
	}
	f, ok, err := req.object("filter", false)
	if err != nil {
		return nil, err
	}
	if ok {
		e, err := f.expression(true)
		if err != nil {
			return nil, err
		}
		if err := l.ph.add(e, f.path); err != nil {
			return nil, err
		}
		l.filter = &e.text
	}
	if l.projection, err = readProjection(req); err != nil {
		return nil, err
	}
	if l.projection != nil {
		if err := l.ph.add(l.projection.expression, member(req.path, "projection")); err != nil {
			return nil, err
		}
	}
	return &l, nil
}

func (l *listing) projectionExpression() *string {
	if l.projection == nil {
		return nil
	}
	return &l.projection.text
}

// page builds the result {items, nextToken, scannedCount}.
func (s *Source) page(op string, l *listing, items []map[string]types.AttributeValue, last map[string]types.AttributeValue, scanned int32) *value.Map {
	list := value.NewList()
	order := l.projection.order()
	for _, item := range items {
		list.Items = append(list.Items, itemValue(item, order))
	}
	out := value.NewMap()
	out.Put("items", list)
	var next any
	if len(last) > 0 {
		next = encodeToken(op, s.TableName, l.index, last)
	}
	out.Put("nextToken", next)
	out.Put("scannedCount", int64(scanned))
	return out
}

func (s *Source) query(ctx context.Context, req object) (any, error) {
	if err := req.only("version", "operation", "query", "index", "nextToken", "limit", "scanIndexForward", "consistentRead", "select", "filter", "projection"); err != nil {
		return nil, err
	}
	q, _, err := req.object("query", true)
	if err != nil {
		return nil, err
	}
	keyCond, err := q.expression(true)
	if err != nil {
		return nil, err
	}
	forward, err := req.bool("scanIndexForward")
	if err != nil {
		return nil, err
	}
	l, err := s.readListing(req, "Query")
	if err != nil {
		return nil, err
	}
	if err := l.ph.add(keyCond, q.path); err != nil {
		return nil, err
	}
	out, err := s.Client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 &s.TableName,
		IndexName:                 optional(l.index),
		KeyConditionExpression:    &keyCond.text,
		FilterExpression:          l.filter,
		ProjectionExpression:      l.projectionExpression(),
		ExpressionAttributeNames:  l.ph.names,
		ExpressionAttributeValues: l.ph.values,
		Limit:                     l.limit,
		ScanIndexForward:          forward,
		ConsistentRead:            l.consistent,
		Select:                    l.selection,
		ExclusiveStartKey:         l.start,
	})
	if err != nil {
		return nil, apiError(err)
	}
	return s.page("Query", l, out.Items, out.LastEvaluatedKey, out.ScannedCount), nil
}

func (s *Source) scan(ctx context.Context, req object) (any, error) {
	if err := req.only("version", "operation", "index", "limit", "consistentRead", "nextToken", "totalSegments", "segment", "select", "filter", "projection"); err != nil {
		return nil, err
	}
	total, err := req.int32("totalSegments")
	if err != nil {
		return nil, err
	}
	segment, err := req.int32("segment")
	if err != nil {
		return nil, err
	}
	l, err := s.readListing(req, "Scan")
	if err != nil {
		return nil, err
	}
	out, err := s.Client.Scan(ctx, &dynamodb.ScanInput{
		TableName:                 &s.TableName,
		IndexName:                 optional(l.index),
		FilterExpression:          l.filter,
		ProjectionExpression:      l.projectionExpression(),
		ExpressionAttributeNames:  l.ph.names,
		ExpressionAttributeValues: l.ph.values,
		Limit:                     l.limit,
		ConsistentRead:            l.consistent,
		Select:                    l.selection,
		ExclusiveStartKey:         l.start,
		TotalSegments:             total,
		Segment:                   segment,
	})
	if err != nil {
		return nil, apiError(err)
	}
	return s.page("Scan", l, out.Items, out.LastEvaluatedKey, out.ScannedCount), nil
}

// A nextToken is base64 of {"version":1,"token":T}, the outer shape of
// AppSync's tokens, where T is base64 of the JSON of cursor: a token is
// good for the same operation on the same table and index only.
type cursor struct {
	Op    string                     `json:"op"`
	Table string                     `json:"table"`
	Index string                     `json:"index,omitempty"`
	Key   map[string]json.RawMessage `json:"key"`
}

type envelope struct {
	Version int    `json:"version"`
	Token   string `json:"token"`
}

func encodeToken(op, table, index string, key map[string]types.AttributeValue) string {
	c := cursor{Op: op, Table: table, Index: index, Key: map[string]json.RawMessage{}}
	for name, av := range key {
		c.Key[name] = keyJSON(av)
	}
	inner, _ := json.Marshal(c)
	outer, _ := json.Marshal(envelope{Version: 1, Token: base64.StdEncoding.EncodeToString(inner)})
	return base64.StdEncoding.EncodeToString(outer)
}

// keyJSON writes a key attribute in DynamoDB's JSON.
func keyJSON(av types.AttributeValue) json.RawMessage {
	var v map[string]any
	switch a := av.(type) {
	case *types.AttributeValueMemberS:
		v = map[string]any{"S": a.Value}
	case *types.AttributeValueMemberN:
		v = map[string]any{"N": a.Value}
	case *types.AttributeValueMemberB:
		v = map[string]any{"B": a.Value} // base64 by encoding/json
	default:
		v = map[string]any{"NULL": true}
	}
	b, _ := json.Marshal(v)
	return b
}

// errToken is AppSync's error for a token it cannot use.
func errToken() error {
	return &Error{Type: TypeInvalidToken, Message: "com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given."}
}

func decodeToken(token, op, table, index string) (map[string]types.AttributeValue, error) {
	outer, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return nil, errToken()
	}
	var env envelope
	if err := json.Unmarshal(outer, &env); err != nil || env.Version != 1 {
		return nil, errToken()
	}
	inner, err := base64.StdEncoding.DecodeString(env.Token)
	if err != nil {
		return nil, errToken()
	}
	var c cursor
	if err := json.Unmarshal(inner, &c); err != nil || c.Op != op || c.Table != table || c.Index != index || len(c.Key) == 0 {
		return nil, errToken()
	}
	key := make(map[string]types.AttributeValue, len(c.Key))
	for name, raw := range c.Key {
		var v struct {
			S *string
			N *string
			B []byte
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, errToken()
		}
		switch {
		case v.S != nil:
			key[name] = &types.AttributeValueMemberS{Value: *v.S}
		case v.N != nil:
			key[name] = &types.AttributeValueMemberN{Value: *v.N}
		case v.B != nil:
			key[name] = &types.AttributeValueMemberB{Value: v.B}
		default:
			return nil, errToken()
		}
	}
	return key, nil
}
