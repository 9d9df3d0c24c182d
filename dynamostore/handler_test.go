package dynamostore_test

import (
	"encoding/json"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// post sends a raw request to the Handler, as a client without an SDK
// would, and decodes the JSON answer.
func post(t *testing.T, url, target, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	if target != "" {
		req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+target)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if crc := res.Header.Get("x-amz-crc32"); crc != strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 10) {
		t.Errorf("x-amz-crc32 %s does not match the body", crc)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%d %s: %v", res.StatusCode, b, err)
	}
	return res.StatusCode, doc, res.Header
}

func TestHandler(t *testing.T) {
	t.Parallel()
	_, b := setup(t)

	for _, tc := range []struct {
		name, target, body string
		status             int
		want               map[string]any
	}{
		{"unknown operation", "Frobnicate", "{}", 400,
			map[string]any{"__type": "com.amazon.coral.service#UnknownOperationException"}},
		{"no target", "", "{}", 400,
			map[string]any{"__type": "com.amazon.coral.service#UnknownOperationException"}},
		{"bad json", "ListTables", "{", 400,
			map[string]any{"__type": "com.amazon.coral.service#SerializationException"}},
		{"wrong type", "DescribeTable", `{"TableName": 5}`, 400,
			map[string]any{"__type": "com.amazon.coral.service#SerializationException", "Message": "NUMBER_VALUE cannot be converted to String"}},
		{"validation", "DescribeTable", `{"TableName": "x"}`, 400,
			map[string]any{"__type": "com.amazon.coral.validate#ValidationException", "message": "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"}},
		{"not found", "DescribeTable", `{"TableName": "Nope"}`, 400,
			map[string]any{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "Requested resource not found: Table: Nope not found"}},
		{"bad attribute value", "GetItem", `{"TableName": "Nope", "Key": {"a": {"S": "x", "N": "1"}}}`, 400,
			map[string]any{"__type": "com.amazon.coral.validate#ValidationException", "message": "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"}},
		{"list tables", "ListTables", "{}", 200,
			map[string]any{"TableNames": []any{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, doc, h := post(t, b.url, tc.target, tc.body)
			if status != tc.status || !equalJSON(doc, tc.want) {
				t.Fatalf("got %d %v\nwant %d %v", status, doc, tc.status, tc.want)
			}
			if h.Get("Content-Type") != "application/x-amz-json-1.0" || len(h.Get("x-amzn-RequestId")) != 52 {
				t.Fatalf("headers %v", h)
			}
		})
	}

	t.Run("transaction cancelled", func(t *testing.T) {
		post(t, b.url, "CreateTable", `{"TableName": "Txn", "BillingMode": "PAY_PER_REQUEST",
			"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}`)
		post(t, b.url, "PutItem", `{"TableName": "Txn", "Item": {"id": {"S": "a"}, "v": {"N": "1"}}}`)
		status, doc, _ := post(t, b.url, "TransactWriteItems", `{"TransactItems": [
			{"Put": {"TableName": "Txn", "Item": {"id": {"S": "b"}}}},
			{"ConditionCheck": {"TableName": "Txn", "Key": {"id": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(id)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]}`)
		want := map[string]any{
			"__type":  "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
			"Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
			"CancellationReasons": []any{
				map[string]any{"Code": "None"},
				map[string]any{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed", "Item": map[string]any{"id": map[string]any{"S": "a"}, "v": map[string]any{"N": "1"}}},
			},
		}
		if status != 400 || !equalJSON(doc, want) {
			t.Fatalf("got %d %v", status, doc)
		}
	})

	t.Run("health", func(t *testing.T) {
		res, err := http.Get(b.url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("GET: %d", res.StatusCode)
		}
	})
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
