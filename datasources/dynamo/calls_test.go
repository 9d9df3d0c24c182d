package dynamo_test

import (
	"context"
	"encoding/base64"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/datasources/dynamo"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// recorder is a Client that counts the calls it passes on and keeps the
// last input of each operation.
type recorder struct {
	dynamo.Client
	mu     sync.Mutex
	calls  []string
	inputs map[string]any
}

func (r *recorder) record(op string, in any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, op)
	if r.inputs == nil {
		r.inputs = map[string]any{}
	}
	r.inputs[op] = in
}

func (r *recorder) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	r.record("GetItem", in)
	return r.Client.GetItem(ctx, in, opts...)
}

func (r *recorder) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	r.record("PutItem", in)
	return r.Client.PutItem(ctx, in, opts...)
}

func (r *recorder) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	r.record("DeleteItem", in)
	return r.Client.DeleteItem(ctx, in, opts...)
}

func (r *recorder) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	r.record("Query", in)
	return r.Client.Query(ctx, in, opts...)
}

// recordedSource is a source over the embedded store whose calls are
// recorded.
func recordedSource(t *testing.T, tables ...string) (*testBundle, *recorder) {
	t.Helper()
	tb := setup(t, storeBackend(), tables, "", false)
	rec := &recorder{Client: tb.source.Client}
	tb.source.Client = rec
	return tb, rec
}

func TestCalls(t *testing.T) {
	t.Parallel()

	t.Run("PutItem does not read the item back", func(t *testing.T) {
		t.Parallel()
		tb, rec := recordedSource(t, "Posts")
		tb.invoke(t, putP1)
		if got := strings.Join(rec.calls, ","); got != "PutItem" {
			t.Errorf("calls %s, want PutItem only", got)
		}
	})

	t.Run("a failed condition gets the current item from the failed write", func(t *testing.T) {
		t.Parallel()
		tb, rec := recordedSource(t, "Posts")
		tb.invoke(t, putP1)
		res, typ, _ := tb.invoke(t, `{"operation": "PutItem", "key": {"id": {"S": "p1"}}, "condition": {"expression": "attribute_not_exists(id)"}}`)
		if got := strings.Join(rec.calls, ","); got != "PutItem,PutItem" || typ != "DynamoDB:ConditionalCheckFailedException" || value.ToJSON(res) != p1 {
			t.Errorf("calls %s, error %s, result %s; want PutItem,PutItem, a failed condition and %s", got, typ, value.ToJSON(res), p1)
		}
	})

	t.Run("a failed condition on no item reads it with the condition's consistentRead", func(t *testing.T) {
		t.Parallel()
		tb, rec := recordedSource(t, "Posts")
		res, typ, _ := tb.invoke(t, `{"operation": "DeleteItem", "key": {"id": {"S": "p1"}}, "condition": {"expression": "attribute_exists(id)", "consistentRead": false}}`)
		if got := strings.Join(rec.calls, ","); got != "DeleteItem,GetItem" || typ != "" || res != nil {
			t.Fatalf("calls %s, error %q, result %v; want DeleteItem,GetItem, success and null", got, typ, res)
		}
		if in := rec.inputs["GetItem"].(*dynamodb.GetItemInput); in.ConsistentRead == nil || *in.ConsistentRead {
			t.Errorf("GetItem ConsistentRead %v, want false", in.ConsistentRead)
		}
	})

	t.Run("typed values reach DynamoDB as DynamoDB values", func(t *testing.T) {
		t.Parallel()
		tb, rec := recordedSource(t, "Posts")
		tb.invoke(t, `{"operation": "PutItem", "key": {"id": {"S": "p1"}}, "attributeValues": {
			"big": {"N": 1e21}, "small": {"N": 0.0000001}, "exact": {"N": "12345678901234567890.5"},
			"neg": {"N": -2.5}, "null": {"NULL": true}, "bin": {"B": "AQ"}}}`)
		item := rec.inputs["PutItem"].(*dynamodb.PutItemInput).Item
		for name, want := range map[string]string{"big": "1E+21", "small": "1E-07", "exact": "12345678901234567890.5", "neg": "-2.5"} {
			if got := item[name].(*types.AttributeValueMemberN).Value; got != want {
				t.Errorf("%s: N %q, want %q", name, got, want)
			}
		}
		if b := item["bin"].(*types.AttributeValueMemberB).Value; string(b) != "\x01" {
			t.Errorf("bin: %q, want 0x01 (base64 without padding)", b)
		}
	})

	t.Run("Query sends the sections of the request as one set of placeholders", func(t *testing.T) {
		t.Parallel()
		tb, rec := recordedSource(t, "Comments")
		_, typ, msg := tb.invoke(t, `{"operation": "Query", "query": {"expression": "#p = :p", "expressionNames": {"#p": "postId"}, "expressionValues": {":p": {"S": "p1"}}},
			"filter": {"expression": "#a = :a", "expressionNames": {"#a": "author"}, "expressionValues": {":a": {"S": "ann"}}},
			"projection": {"expression": "#a, #p", "expressionNames": {"#a": "author"}}}`)
		if typ != "" {
			t.Fatalf("error %s: %s", typ, msg)
		}
		in := rec.inputs["Query"].(*dynamodb.QueryInput)
		if len(in.ExpressionAttributeNames) != 2 || len(in.ExpressionAttributeValues) != 2 || in.Limit != nil || in.ScanIndexForward != nil {
			t.Errorf("names %v, values %v, limit %v, scanIndexForward %v; want 2 names, 2 values, no limit", in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.Limit, in.ScanIndexForward)
		}
	})

	t.Run("placeholders defined twice differently are refused", func(t *testing.T) {
		t.Parallel()
		tb, _ := recordedSource(t, "Comments")
		_, typ, msg := tb.invoke(t, `{"operation": "Query", "query": {"expression": "#p = :p", "expressionNames": {"#p": "postId"}, "expressionValues": {":p": {"S": "p1"}}},
			"filter": {"expression": "#p = :a", "expressionNames": {"#p": "author"}, "expressionValues": {":a": {"S": "ann"}}}}`)
		want := "Expression name placeholder '#p' of '$[query]' is also defined as 'author' by another expression of the request."
		if typ != "MappingTemplate" || msg != want {
			t.Errorf("error %s %q, want MappingTemplate %q", typ, msg, want)
		}
	})

	t.Run("nextToken looks like AppSync's", func(t *testing.T) {
		t.Parallel()
		tb, _ := recordedSource(t, "Comments")
		tb.invoke(t, putComments)
		tb.invoke(t, queryP1+`, "limit": 1}`)
		// {"version":1,"token":"..."}
		if !strings.HasPrefix(tb.token, "eyJ2ZXJzaW9uIjoxLCJ0b2tlbiI6") {
			t.Errorf("token %s does not start as AppSync's do", tb.token)
		}
		if _, err := base64.StdEncoding.DecodeString(tb.token); err != nil {
			t.Errorf("token %s is not base64: %v", tb.token, err)
		}
	})

	t.Run("a source with no table name says so", func(t *testing.T) {
		t.Parallel()
		tb, _ := recordedSource(t)
		tb.source.TableName = ""
		_, typ, msg := tb.invoke(t, `{"operation": "GetItem", "key": {"id": {"S": "p1"}}}`)
		if typ != "DynamoDB:ValidationException" || msg != "Data source ds has no table name (config.tableName)." {
			t.Errorf("error %s %q", typ, msg)
		}
	})
}
