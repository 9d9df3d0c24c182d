package dynamo_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// step is one request document (as a template renders it; @Table stands for
// the test's table of that name, @token for the last nextToken) and what
// Invoke must return: the result's JSON (with @token and @Table put back)
// and, for a failure, the errorType and message.
type step struct {
	req     string
	want    string // the result, also for failures (the error's data); "null" for nil
	errType string
	errMsg  string
	sorted  bool                                      // compare the items of a Scan sorted
	check   func(t *testing.T, tb *testBundle, r any) // instead of want
}

// testCase is one scenario: tables to create, the source's table (the first
// by default), and steps run in order.
type testCase struct {
	name  string
	table string
	// tables are created before the steps.
	tables []string
	// transactions marks cases that use TransactGetItems or
	// TransactWriteItems, which dynalite does not implement.
	transactions bool
	versioned    bool
	steps        []step
}

// Documents used by several cases.
const (
	putP1 = `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
		"attributeValues": {"title": {"S": "Old"}, "version": {"N": 8}}}`
	p1 = `{"id":"p1","title":"Old","version":8}`
	// comments: p1 has n = 2, 10, 1, -3, 1.5 (numeric sort order: -3, 1,
	// 1.5, 2, 10); p2 has n = 7.
	putComments = `{"version": "2018-05-29", "operation": "BatchPutItem", "tables": {"@Comments": [
		{"postId": {"S": "p1"}, "n": {"N": 2}, "author": {"S": "bob"}},
		{"postId": {"S": "p1"}, "n": {"N": "10"}, "author": {"S": "ann"}},
		{"postId": {"S": "p1"}, "n": {"N": 1}, "author": {"S": "ann"}},
		{"postId": {"S": "p1"}, "n": {"N": -3}, "author": {"S": "ann"}},
		{"postId": {"S": "p1"}, "n": {"N": 1.5}, "author": {"S": "bob"}},
		{"postId": {"S": "p2"}, "n": {"N": 7}, "author": {"S": "ann"}}]}}`
	putCommentsResult = `{"data":{"@Comments":[{"author":"bob","n":2,"postId":"p1"},{"author":"ann","n":10,"postId":"p1"},{"author":"ann","n":1,"postId":"p1"},{"author":"ann","n":-3,"postId":"p1"},{"author":"bob","n":1.5,"postId":"p1"},{"author":"ann","n":7,"postId":"p2"}]},"unprocessedItems":{"@Comments":[]}}`
	queryP1           = `{"version": "2018-05-29", "operation": "Query",
		"query": {"expression": "postId = :p", "expressionValues": {":p": {"S": "p1"}}}`
)

var cases = []testCase{
	{
		name:   "PutItem returns the item written, GetItem reads it, with its projection",
		tables: []string{"Posts"},
		steps: []step{
			{
				req: `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				"attributeValues": {
					"title": {"S": "Hello"}, "hits": {"N": 12}, "rating": {"N": "4.50"},
					"tags": {"SS": ["a", "b"]}, "scores": {"NS": [1, "2.5"]}, "draft": {"BOOL": false},
					"gone": {"NULL": null}, "none": {"NULL": true},
					"blob": {"B": "SGVs\nbG8="}, "blobs": {"BS": ["AQI="]},
					"meta": {"M": {"z": {"S": "last"}, "a": {"L": [{"N": "1"}, {"S": "x"}, {"M": {}}]}}}}}`,
				want: `{"blob":"SGVsbG8=","blobs":["AQI="],"draft":false,"gone":null,"hits":12,"id":"p1","meta":{"a":[1,"x",{}],"z":"last"},"none":null,"rating":4.5,"scores":[1,2.5],"tags":["a","b"],"title":"Hello"}`,
			},
			{
				req:  `{"version": "2017-02-28", "operation": "GetItem", "key": {"id": {"S": "p1"}}, "consistentRead": true}`,
				want: `{"blob":"SGVsbG8=","blobs":["AQI="],"draft":false,"gone":null,"hits":12,"id":"p1","meta":{"a":[1,"x",{}],"z":"last"},"none":null,"rating":4.5,"scores":[1,2.5],"tags":["a","b"],"title":"Hello"}`,
			},
			{
				// The attributes come in the projection's order.
				req: `{"version": "2018-05-29", "operation": "GetItem", "key": {"id": {"S": "p1"}},
				"projection": {"expression": "hits, #t, meta.z, id", "expressionNames": {"#t": "title"}}}`,
				want: `{"hits":12,"title":"Hello","meta":{"z":"last"},"id":"p1"}`,
			},
			{
				req:  `{"operation": "GetItem", "key": {"id": {"S": "nope"}}}`,
				want: `null`,
			},
		},
	},
	{
		name:   "a failed PutItem condition returns the current item as the error's data",
		tables: []string{"Posts"},
		steps: []step{
			{req: putP1, want: p1},
			{
				req: `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				"attributeValues": {"title": {"S": "New"}, "version": {"N": 2}},
				"condition": {"expression": "attribute_not_exists(id)"}}`,
				want:    p1,
				errType: "DynamoDB:ConditionalCheckFailedException",
				errMsg:  "The conditional request failed",
			},
			{
				// equalsIgnore does not help when another attribute differs.
				req: `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				"attributeValues": {"title": {"S": "New"}, "version": {"N": 9}},
				"condition": {"expression": "version = :expected", "expressionValues": {":expected": {"N": 7}},
					"equalsIgnore": ["version"], "consistentRead": false,
					"conditionalCheckFailedHandler": {"strategy": "Reject"}}}`,
				want:    p1,
				errType: "DynamoDB:ConditionalCheckFailedException",
				errMsg:  "The conditional request failed",
			},
			{
				req:  `{"operation": "GetItem", "key": {"id": {"S": "p1"}}}`,
				want: p1,
			},
		},
	},
	{
		name:   "a failed PutItem condition succeeds when the item is already the one written, but for equalsIgnore",
		tables: []string{"Posts"},
		steps: []step{
			{req: putP1, want: p1},
			{
				// The documentation's example: only the version differs.
				req: `{"version": "2017-02-28", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				"attributeValues": {"title": {"S": "Old"}, "version": {"N": 2}},
				"condition": {"expression": "version = :expectedVersion",
					"expressionValues": {":expectedVersion": {"N": 1}}, "equalsIgnore": ["version"]}}`,
				want: p1,
			},
			{
				// A retry of a create that went through.
				req: `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				"attributeValues": {"version": {"N": "8.0"}, "title": {"S": "Old"}},
				"condition": {"expression": "attribute_not_exists(#id)", "expressionNames": {"#id": "id"}}}`,
				want: p1,
			},
		},
	},
	{
		name:   "UpdateItem returns the new item; its failed condition always rejects",
		tables: []string{"Posts"},
		steps: []step{
			{
				req: `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				"attributeValues": {"ups": {"N": 1}, "version": {"N": 1}}}`,
				want: `{"id":"p1","ups":1,"version":1}`,
			},
			{
				req: `{"version": "2017-02-28", "operation": "UpdateItem", "key": {"id": {"S": "p1"}},
				"update": {"expression": "ADD #votefield :plusOne, version :plusOne",
					"expressionNames": {"#votefield": "ups"}, "expressionValues": {":plusOne": {"N": 1}}}}`,
				want: `{"id":"p1","ups":2,"version":2}`,
			},
			{
				req: `{"version": "2018-05-29", "operation": "UpdateItem", "key": {"id": {"S": "p1"}},
				"update": {"expression": "SET ups = :ups", "expressionValues": {":ups": {"N": 2}}},
				"condition": {"expression": "version = :v", "expressionValues": {":v": {"N": 1}}}}`,
				want:    `{"id":"p1","ups":2,"version":2}`,
				errType: "DynamoDB:ConditionalCheckFailedException",
				errMsg:  "The conditional request failed",
			},
			{
				req: `{"version": "2018-05-29", "operation": "UpdateItem", "key": {"id": {"S": "p9"}},
				"update": {"expression": "SET title = :t REMOVE gone", "expressionValues": {":t": {"S": "new"}}}}`,
				want: `{"id":"p9","title":"new"}`,
			},
		},
	},
	{
		name:   "DeleteItem returns the item deleted; a failed condition on no item succeeds",
		tables: []string{"Posts"},
		steps: []step{
			{req: putP1, want: p1},
			{req: `{"operation": "DeleteItem", "key": {"id": {"S": "p1"}}}`, want: p1},
			{req: `{"operation": "DeleteItem", "key": {"id": {"S": "p1"}}}`, want: `null`},
			{
				req: `{"version": "2018-05-29", "operation": "DeleteItem", "key": {"id": {"S": "p1"}},
				"condition": {"expression": "attribute_exists(id)"}}`,
				want: `null`,
			},
			{req: putP1, want: p1},
			{
				req: `{"version": "2018-05-29", "operation": "DeleteItem", "key": {"id": {"S": "p1"}},
				"condition": {"expression": "title = :t", "expressionValues": {":t": {"S": "nope"}}}}`,
				want:    p1,
				errType: "DynamoDB:ConditionalCheckFailedException",
				errMsg:  "The conditional request failed",
			},
		},
	},
	{
		name:   "Query orders numbers numerically, both ways, and pages with nextToken",
		tables: []string{"Comments"},
		steps: []step{
			{req: putComments, want: putCommentsResult},
			{
				req:  queryP1 + `}`,
				want: `{"items":[{"author":"ann","n":-3,"postId":"p1"},{"author":"ann","n":1,"postId":"p1"},{"author":"bob","n":1.5,"postId":"p1"},{"author":"bob","n":2,"postId":"p1"},{"author":"ann","n":10,"postId":"p1"}],"nextToken":null,"scannedCount":5}`,
			},
			{
				req:  queryP1 + `, "scanIndexForward": false, "consistentRead": true}`,
				want: `{"items":[{"author":"ann","n":10,"postId":"p1"},{"author":"bob","n":2,"postId":"p1"},{"author":"bob","n":1.5,"postId":"p1"},{"author":"ann","n":1,"postId":"p1"},{"author":"ann","n":-3,"postId":"p1"}],"nextToken":null,"scannedCount":5}`,
			},
			{
				req:  queryP1 + `, "limit": 2, "nextToken": null}`,
				want: `{"items":[{"author":"ann","n":-3,"postId":"p1"},{"author":"ann","n":1,"postId":"p1"}],"nextToken":"@token","scannedCount":2}`,
			},
			{
				req:  queryP1 + `, "limit": 2, "nextToken": "@token"}`,
				want: `{"items":[{"author":"bob","n":1.5,"postId":"p1"},{"author":"bob","n":2,"postId":"p1"}],"nextToken":"@token","scannedCount":2}`,
			},
			{
				req:  queryP1 + `, "limit": 2, "nextToken": "@token"}`,
				want: `{"items":[{"author":"ann","n":10,"postId":"p1"}],"nextToken":null,"scannedCount":1}`,
			},
			{
				req: `{"version": "2018-05-29", "operation": "Query",
				"query": {"expression": "postId = :p AND n BETWEEN :lo AND :hi",
					"expressionValues": {":p": {"S": "p1"}, ":lo": {"N": "1"}, ":hi": {"N": 2}}}}`,
				want: `{"items":[{"author":"ann","n":1,"postId":"p1"},{"author":"bob","n":1.5,"postId":"p1"},{"author":"bob","n":2,"postId":"p1"}],"nextToken":null,"scannedCount":3}`,
			},
		},
	},
	{
		name:   "Query on an index with a filter and a projection",
		tables: []string{"Comments"},
		steps: []step{
			{req: putComments, want: putCommentsResult},
			{
				// The filter and the projection share #p; the result has the
				// projection's attributes in its order; scannedCount counts
				// the items before the filter.
				req: `{"version": "2018-05-29", "operation": "Query", "index": "byAuthor",
				"query": {"expression": "author = :a", "expressionValues": {":a": {"S": "ann"}}},
				"filter": {"expression": "#p = :p", "expressionNames": {"#p": "postId"}, "expressionValues": {":p": {"S": "p1"}}},
				"projection": {"expression": "n, #p", "expressionNames": {"#p": "postId"}},
				"select": "SPECIFIC_ATTRIBUTES"}`,
				want: `{"items":[{"n":-3,"postId":"p1"},{"n":1,"postId":"p1"},{"n":10,"postId":"p1"}],"nextToken":null,"scannedCount":4}`,
			},
			{
				// The page is full, so DynamoDB returns a token, and the next
				// page is empty.
				req: `{"version": "2018-05-29", "operation": "Query", "index": "byAuthor",
				"query": {"expression": "author = :a", "expressionValues": {":a": {"S": "bob"}}},
				"scanIndexForward": false, "select": "ALL_ATTRIBUTES", "limit": 2}`,
				want: `{"items":[{"author":"bob","n":2,"postId":"p1"},{"author":"bob","n":1.5,"postId":"p1"}],"nextToken":"@token","scannedCount":2}`,
			},
			{
				// A token is good for the index it came from only.
				req:     queryP1 + `, "nextToken": "@token"}`,
				want:    `null`,
				errType: "DynamoDB:UserIllegalArgumentException",
				errMsg:  "com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.",
			},
			{
				req: `{"version": "2018-05-29", "operation": "Query", "index": "byAuthor",
				"query": {"expression": "author = :a", "expressionValues": {":a": {"S": "bob"}}},
				"scanIndexForward": false, "limit": 2, "nextToken": "@token"}`,
				want: `{"items":[],"nextToken":null,"scannedCount":0}`,
			},
			{
				req:     queryP1 + `, "nextToken": "not a token"}`,
				want:    `null`,
				errType: "DynamoDB:UserIllegalArgumentException",
				errMsg:  "com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.",
			},
		},
	},
	{
		name:   "Scan with a filter, pages and parallel segments",
		tables: []string{"Posts"},
		steps: []step{
			{
				req: `{"version": "2018-05-29", "operation": "BatchPutItem", "tables": {"@Posts": [
				{"id": {"S": "p1"}, "hits": {"N": 1}}, {"id": {"S": "p2"}, "hits": {"N": 20}},
				{"id": {"S": "p3"}, "hits": {"N": 3}}, {"id": {"S": "p4"}, "hits": {"N": 40}},
				{"id": {"S": "p5"}, "hits": {"N": 5}}, {"id": {"S": "p6"}, "hits": {"N": 60}}]}}`,
				want: `{"data":{"@Posts":[{"hits":1,"id":"p1"},{"hits":20,"id":"p2"},{"hits":3,"id":"p3"},{"hits":40,"id":"p4"},{"hits":5,"id":"p5"},{"hits":60,"id":"p6"}]},"unprocessedItems":{"@Posts":[]}}`,
			},
			{
				req: `{"version": "2018-05-29", "operation": "Scan",
				"filter": {"expression": "hits >= :v", "expressionValues": {":v": {"N": 10}}},
				"projection": {"expression": "hits"}}`,
				want:   `{"items":[{"hits":20},{"hits":40},{"hits":60}],"nextToken":null,"scannedCount":6}`,
				sorted: true,
			},
			{
				req:   `{"version": "2018-05-29", "operation": "Scan", "limit": 4}`,
				check: pageOf(4, true),
			},
			{
				req:   `{"version": "2018-05-29", "operation": "Scan", "limit": 4, "nextToken": "@token"}`,
				check: pageOf(2, false),
			},
			{
				req:   `{"version": "2018-05-29", "operation": "Scan", "totalSegments": 2, "segment": 0, "consistentRead": true}`,
				check: segment(0),
			},
			{
				req:   `{"version": "2018-05-29", "operation": "Scan", "totalSegments": 2, "segment": 1}`,
				check: segment(1),
			},
		},
	},
	{
		name:   "BatchGetItem returns null in place of missing keys, per table in request order",
		tables: []string{"Posts", "Authors"},
		steps: []step{
			{
				req: `{"version": "2018-05-29", "operation": "BatchPutItem", "tables": {
				"@Posts": [{"id": {"S": "p1"}, "title": {"S": "one"}, "author": {"S": "a1"}},
				           {"id": {"S": "p2"}, "title": {"S": "two"}, "author": {"S": "a1"}}],
				"@Authors": [{"id": {"S": "a1"}, "name": {"S": "Ann"}}]}}`,
				want: `{"data":{"@Posts":[{"author":"a1","id":"p1","title":"one"},{"author":"a1","id":"p2","title":"two"}],"@Authors":[{"id":"a1","name":"Ann"}]},"unprocessedItems":{"@Posts":[],"@Authors":[]}}`,
			},
			{
				// A projection without the key still matches items to keys.
				req: `{"version": "2018-05-29", "operation": "BatchGetItem", "tables": {
				"@Authors": {"keys": [{"id": {"S": "a1"}}, {"id": {"S": "a2"}}],
				             "projection": {"expression": "#n", "expressionNames": {"#n": "name"}}},
				"@Posts": {"keys": [{"id": {"S": "p2"}}, {"id": {"S": "p9"}}, {"id": {"S": "p1"}}], "consistentRead": true}}}`,
				want: `{"data":{"@Authors":[{"name":"Ann"},null],"@Posts":[{"author":"a1","id":"p2","title":"two"},null,{"author":"a1","id":"p1","title":"one"}]},"unprocessedKeys":{"@Authors":[],"@Posts":[]}}`,
			},
			{
				// The documentation's example lists a table's keys directly.
				req: `{"version": "2018-05-29", "operation": "BatchGetItem", "tables": {
				"@Posts": [{"id": {"S": "p1"}}]}}`,
				want: `{"data":{"@Posts":[{"author":"a1","id":"p1","title":"one"}]},"unprocessedKeys":{"@Posts":[]}}`,
			},
		},
	},
	{
		name:   "BatchDeleteItem returns the keys",
		tables: []string{"Posts"},
		steps: []step{
			{req: putP1, want: p1},
			{
				req:  `{"version": "2018-05-29", "operation": "BatchDeleteItem", "tables": {"@Posts": [{"id": {"S": "p1"}}, {"id": {"S": "p9"}}]}}`,
				want: `{"data":{"@Posts":[{"id":"p1"},{"id":"p9"}]},"unprocessedKeys":{"@Posts":[]}}`,
			},
			{req: `{"operation": "GetItem", "key": {"id": {"S": "p1"}}}`, want: `null`},
		},
	},
	{
		name:         "TransactWriteItems writes all and returns the keys; TransactGetItems reads in order",
		tables:       []string{"Posts", "Authors"},
		transactions: true,
		steps: []step{
			{
				req: `{"version": "2018-05-29", "operation": "TransactWriteItems", "transactItems": [
				{"table": "@Posts", "operation": "PutItem", "key": {"id": {"S": "p1"}},
				 "attributeValues": {"title": {"S": "Old"}, "version": {"N": 8}},
				 "condition": {"expression": "attribute_not_exists(id)"}},
				{"table": "@Authors", "operation": "UpdateItem", "key": {"id": {"S": "a1"}},
				 "update": {"expression": "SET posts = :one, #n = :name", "expressionNames": {"#n": "name"},
				            "expressionValues": {":one": {"N": 1}, ":name": {"S": "Ann"}}}}]}`,
				want: `{"keys":[{"id":"p1"},{"id":"a1"}],"cancellationReasons":null}`,
			},
			{
				req: `{"version": "2018-05-29", "operation": "TransactGetItems", "transactItems": [
				{"table": "@Authors", "key": {"id": {"S": "a1"}}, "projection": {"expression": "posts, #n", "expressionNames": {"#n": "name"}}},
				{"table": "@Posts", "key": {"id": {"S": "p9"}}},
				{"table": "@Posts", "key": {"id": {"S": "p1"}}}]}`,
				want: `{"items":[{"posts":1,"name":"Ann"},null,` + p1 + `],"cancellationReasons":null}`,
			},
			{
				req: `{"version": "2018-05-29", "operation": "TransactWriteItems", "transactItems": [
				{"table": "@Authors", "operation": "DeleteItem", "key": {"id": {"S": "a1"}}},
				{"table": "@Posts", "operation": "ConditionCheck", "key": {"id": {"S": "p1"}},
				 "condition": {"expression": "attribute_not_exists(id)"}}]}`,
				want:    `{"keys":null,"cancellationReasons":[{"type":"None","message":"None"},{"item":` + p1 + `,"type":"ConditionalCheckFailed","message":"The conditional request failed"}]}`,
				errType: "DynamoDB:TransactionCanceledException",
				errMsg:  "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
			},
			{
				req: `{"version": "2018-05-29", "operation": "TransactWriteItems", "transactItems": [
				{"table": "@Posts", "operation": "DeleteItem", "key": {"id": {"S": "p1"}},
				 "condition": {"expression": "version = :v", "expressionValues": {":v": {"N": 1}}, "returnValuesOnConditionCheckFailure": false}}]}`,
				want:    `{"keys":null,"cancellationReasons":[{"type":"ConditionalCheckFailed","message":"The conditional request failed"}]}`,
				errType: "DynamoDB:TransactionCanceledException",
				errMsg:  "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]",
			},
			{
				// Nothing was written by the cancelled transactions.
				req: `{"version": "2018-05-29", "operation": "TransactGetItems", "transactItems": [
				{"table": "@Authors", "key": {"id": {"S": "a1"}}}, {"table": "@Posts", "key": {"id": {"S": "p1"}}}]}`,
				want: `{"items":[{"id":"a1","name":"Ann","posts":1},` + p1 + `],"cancellationReasons":null}`,
			},
		},
	},
	{
		name:   "DynamoDB's errors are DynamoDB:<exception> with DynamoDB's message",
		tables: []string{"Posts"},
		steps: []step{
			{
				req:     `{"version": "2018-05-29", "operation": "GetItem", "key": {"nope": {"S": "p1"}}}`,
				want:    `null`,
				errType: "DynamoDB:ValidationException",
				errMsg:  "The provided key element does not match the schema",
			},
			{
				req:     `{"version": "2018-05-29", "operation": "BatchGetItem", "tables": {"@Missing": {"keys": [{"id": {"S": "p1"}}]}}}`,
				want:    `null`,
				errType: "DynamoDB:ResourceNotFoundException",
				errMsg:  "Requested resource not found",
			},
		},
	},
	{
		name:   "mistakes in the request document are MappingTemplate errors",
		tables: []string{"Posts"},
		steps: []step{
			mappingError(`{"version": "2018-05-29"}`, "Value for field '$[operation]' not found."),
			mappingError(`{"version": "2018-05-29", "operation": "GetItem"}`, "Value for field '$[key]' not found."),
			mappingError(`{"version": "2018-05-29", "operation": "GetItem", "key": null}`, "Value for field '$[key]' not found."),
			mappingError(`{"version": "2018-05-29", "operation": "Frobnicate"}`,
				"Unsupported operation 'Frobnicate'. DynamoDB data sources support GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, Sync, BatchGetItem, BatchPutItem, BatchDeleteItem, TransactGetItems and TransactWriteItems."),
			mappingError(`{"version": "2019-01-01", "operation": "GetItem", "key": {"id": {"S": "p1"}}}`,
				"Unsupported template version '2019-01-01': the DynamoDB data source supports 2017-02-28 and 2018-05-29."),
			mappingError(`{"version": "2017-02-28", "operation": "BatchGetItem", "tables": {}}`,
				"Operation BatchGetItem requires template version 2018-05-29, got 2017-02-28."),
			mappingError(`{"operation": "GetItem", "key": {"id": "p1"}}`,
				"Expected JSON object for attribute value '$[key][id]' but got 'STRING' instead."),
			mappingError(`{"operation": "GetItem", "key": {"id": {"S": "p1", "N": 1}}}`,
				`Invalid attribute value '$[key][id]': a typed value has exactly one member, its type (S, N, B, SS, NS, BS, BOOL, NULL, L or M), got {"S":"p1","N":1}.`),
			mappingError(`{"operation": "PutItem", "key": {"id": {"S": "p1"}}, "attributeValues": {"x": {"M": {"y": {"STR": "z"}}}}}`,
				"Invalid attribute value '$[attributeValues][x][M][y]': unknown DynamoDB type 'STR' (expected S, N, B, SS, NS, BS, BOOL, NULL, L or M)."),
			mappingError(`{"operation": "PutItem", "key": {"id": {"S": "p1"}}, "attributeValues": {"x": {"NS": [1, true]}}}`,
				"Expected NUMBER for '$[attributeValues][x][NS][1]' but got 'BOOLEAN' instead."),
			mappingError(`{"operation": "Scan", "scanIndexForward": true}`, "Unsupported element '$[scanIndexForward]'."),
			mappingError(`{"operation": "UpdateItem", "key": {"id": {"S": "p1"}}, "update": {"expression": "SET a = :a", "expressionValues": {":a": {"S": "x"}}},
				"condition": {"expression": "attribute_exists(id)", "returnValuesOnConditionCheckFailure": false}}`,
				"Unsupported element '$[condition][returnValuesOnConditionCheckFailure]'."),
			mappingError(`{"operation": "Query", "query": {"expression": "id = :id", "expressionValues": {":id": {"S": "p1"}}}, "limit": "10"}`,
				"Expected NUMBER for '$[limit]' but got 'STRING' instead."),
			mappingError(`{"version": "2018-05-29", "operation": "PutItem", "_version": 1, "key": {"id": {"S": "p1"}}}`,
				"'$[_version]' is only supported on versioned data sources (conflict detection); data source ds is not versioned."),
			mappingError(`{"version": "2018-05-29", "operation": "Sync", "limit": 100}`,
				"Sync is only supported on versioned data sources; data source ds is not versioned."),
			mappingError(`{"version": "2018-05-29", "operation": "TransactWriteItems", "transactItems": [{"table": "@Posts", "operation": "GetItem", "key": {"id": {"S": "p1"}}}]}`,
				"Unsupported operation 'GetItem' for '$[transactItems][0][operation]': a transaction item is a PutItem, UpdateItem, DeleteItem or ConditionCheck."),
			mappingError(`{"operation": "PutItem", "key": {"id": {"S": "p1"}}, "condition": {"expression": "attribute_not_exists(id)",
				"conditionalCheckFailedHandler": {"strategy": "Custom"}}}`,
				"Value for field '$[condition][conditionalCheckFailedHandler][lambdaArn]' not found: the Custom strategy needs the ARN of the Lambda function to call."),
			{req: putP1, want: p1},
			{
				// The Custom strategy (a Lambda function decides) is not supported.
				req: `{"operation": "PutItem", "key": {"id": {"S": "p1"}}, "condition": {"expression": "attribute_not_exists(id)",
				"conditionalCheckFailedHandler": {"strategy": "Custom", "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:resolve"}}}`,
				want:    p1,
				errType: "MappingTemplate",
				errMsg:  "The conditional request failed, and its conditionalCheckFailedHandler strategy Custom (Lambda arn:aws:lambda:us-east-1:123456789012:function:resolve) is not supported by appsync-local; use Reject.",
			},
		},
	},
}

func mappingError(req, msg string) step {
	return step{req: req, want: "null", errType: "MappingTemplate", errMsg: msg}
}

// pageOf checks that a Scan page has n items, and a nextToken or not.
func pageOf(n int, more bool) func(t *testing.T, tb *testBundle, r any) {
	return func(t *testing.T, _ *testBundle, r any) {
		t.Helper()
		page := r.(*value.Map)
		items, _ := page.Get("items")
		next, _ := page.Get("nextToken")
		if got := len(items.(*value.List).Items); got != n || (next != nil) != more {
			t.Errorf("got %d items and nextToken %v, want %d and a token: %v", got, next, n, more)
		}
	}
}

// segment records the ids a segment of the parallel scan returned; the
// second checks that the two segments split the table.
func segment(i int) func(t *testing.T, tb *testBundle, r any) {
	return func(t *testing.T, tb *testBundle, r any) {
		t.Helper()
		items, _ := r.(*value.Map).Get("items")
		var ids []string
		for _, it := range items.(*value.List).Items {
			id, _ := it.(*value.Map).Get("id")
			ids = append(ids, id.(string))
		}
		tb.seen = append(tb.seen, ids...)
		if i == 1 {
			all := slices.Sorted(slices.Values(tb.seen))
			if strings.Join(all, ",") != "p1,p2,p3,p4,p5,p6" {
				t.Errorf("the two segments returned %v, want each item once", all)
			}
		}
	}
}

func TestStore(t *testing.T) {
	t.Parallel()
	run(t, storeBackend())
}

func TestDynalite(t *testing.T) {
	t.Parallel()
	run(t, dynaliteBackend(t))
}

func run(t *testing.T, b backend) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.transactions && !b.transactions {
				// dynalite does not implement TransactGetItems and
				// TransactWriteItems; the store is checked against real
				// DynamoDB's transaction semantics by its own tests.
				t.Skipf("%s has no transactions", b.name)
			}
			tb := setup(t, b, tc.tables, tc.table, tc.versioned)
			for i, st := range tc.steps {
				res, typ, msg := tb.invoke(t, st.req)
				if typ != st.errType || msg != st.errMsg {
					t.Errorf("step %d: error %q %q, want %q %q\nrequest: %s", i, typ, msg, st.errType, st.errMsg, st.req)
				}
				if st.check != nil {
					st.check(t, tb, res)
					continue
				}
				if st.sorted {
					sortItems(res)
				}
				if got := tb.collapse(value.ToJSON(res)); got != st.want {
					t.Errorf("step %d: result\n got %s\nwant %s\nrequest: %s", i, got, st.want, st.req)
				}
			}
		})
	}
}
