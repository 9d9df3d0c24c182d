// Package dynamo is the AMAZON_DYNAMODB data source: it runs AppSync's
// DynamoDB request documents (what a request mapping template or an
// APPSYNC_JS request function evaluates to) against a DynamoDB API, and
// returns AppSync's invocation results ($ctx.result).
//
// The API is anything with the methods of Client: the aws-sdk-go-v2
// *dynamodb.Client, pointed at AWS, DynamoDB Local, dynalite or the embedded
// store (dynamostore.Store.Transport serves it in-process).
//
// # Operations
//
// Every operation of AppSync's "Resolver mapping template reference for
// DynamoDB" is supported, with its request fields and result shape (Sync
// and _version on versioned sources only, see Versioned data sources):
//
//	GetItem            {key, consistentRead, projection}                     → item | null
//	PutItem            {key, attributeValues, condition, _version}           → item written
//	UpdateItem         {key, update, condition, _version}                    → item after the update
//	DeleteItem         {key, condition, _version}                            → item deleted | null
//	Query              {query, index, nextToken, limit, scanIndexForward,
//	                    consistentRead, select, filter, projection}          → {items, nextToken, scannedCount}
//	Scan               {index, limit, consistentRead, nextToken,
//	                    totalSegments, segment, select, filter, projection} → {items, nextToken, scannedCount}
//	BatchGetItem       {tables: {T: {keys, consistentRead, projection}}}     → {data: {T: [item|null]}, unprocessedKeys: {T: [key]}}
//	BatchPutItem       {tables: {T: [item]}}                                 → {data: {T: [item|null]}, unprocessedItems: {T: [item]}}
//	BatchDeleteItem    {tables: {T: [key]}}                                  → {data: {T: [key|null]}, unprocessedKeys: {T: [key]}}
//	TransactGetItems   {transactItems: [{table, key, projection}]}           → {items: [item|null], cancellationReasons}
//	TransactWriteItems {transactItems: [{table, operation, key, ...}]}       → {keys: [key], cancellationReasons}
//	Sync               {limit, nextToken, lastSync, filter,
//	                    basePartitionKey, deltaIndexName}                    → {items, nextToken, scannedCount, startedAt}
//
// Values in the request are AppSync's typed values ({"S": "x"}, {"N": 1} or
// {"N": "1"}, {"B": base64}, {"SS": [...]}, {"NS": [...]}, {"BS": [...]},
// {"BOOL": true}, {"NULL": null} or {"NULL": true}, {"L": [...]},
// {"M": {...}}), as $util.dynamodb produces them. Results are plain values:
// numbers become int64 or float64, sets become lists, binaries base64
// strings; items are *value.Map with attributes in name order, or in the
// order of the request's projection when it has one.
//
// Unknown members are refused as AppSync refuses them ("Unsupported element
// '$[condition][foo]'."), so a template that works here does not fail on
// AppSync for that reason.
//
// # Conditions
//
// When the condition of a PutItem, UpdateItem or DeleteItem fails, the
// source reads the current item (the failed write asks DynamoDB for it with
// ReturnValuesOnConditionCheckFailure, falling back to a GetItem with the
// condition's consistentRead, default true) and, as AppSync does, treats
// the write as successful when the current item already is the requested
// result: for PutItem, equal to the item written except for the attributes
// in equalsIgnore; for DeleteItem, no item. Otherwise the Reject strategy
// returns a "DynamoDB:ConditionalCheckFailedException" error together with
// the current item as the result (the error's data). The Custom strategy,
// which calls a Lambda function, is not supported: it fails with a
// MappingTemplate error saying so, the current item as data.
//
// # Errors
//
// All errors are *Error, whose ErrorType is AppSync's errorType: a DynamoDB
// API error is "DynamoDB:<exception name>" with DynamoDB's message (AppSync
// appends its Java SDK's "(Service: ...; Request ID: ...)", which is left
// out); a malformed request document is "MappingTemplate" with AppSync's
// wording where it is known ("Value for field '$[key]' not found.",
// "Unsupported element '$[foo]'."); an unusable nextToken is
// "DynamoDB:UserIllegalArgumentException" with AppSync's message; a call
// that never reached DynamoDB is "DynamoDB:SdkClientException". Invoke
// returns a result together with some errors, which the resolver exposes as
// $ctx.result (and as the error's data): the current item of a failed
// condition, {keys: null, cancellationReasons} or {items: null,
// cancellationReasons} of a cancelled transaction.
//
// # Pagination
//
// nextToken is opaque: base64 of {"version":1,"token":...}, which holds the
// operation, table, index and DynamoDB's LastEvaluatedKey, and is accepted
// only by the same operation on the same table and index. Query and Scan
// without a limit let DynamoDB decide the page size (1 MB of data), as
// AppSync does.
//
// # Versioned data sources
//
// A versioned source (Source.Versioned) keeps AppSync's metadata on its
// items: _version (1 on create, incremented by every write),
// _lastChangedAt (epoch milliseconds of Source.Now) and, on deleted items,
// _deleted (true) and _ttl (epoch seconds, now + BaseTableTTL, 30 days by
// default). GetItem, Query and Scan return them as stored attributes.
//
// Writes use optimistic concurrency (OPTIMISTIC_CONCURRENCY, AppSync's
// default conflict handler). PutItem writes when the item is new or its
// _version is the request's, and sets _version to the request's + 1 (1
// without one). UpdateItem adds "_version = _version + 1, _lastChangedAt =
// now" to the update's SET clause (or adds one), conditional on the
// request's _version when it has one. DeleteItem does not remove the item:
// it sets _deleted, _ttl, _version and _lastChangedAt and returns the
// tombstone; deleting no item returns null. The request's own condition is
// ANDed with the version check and handled as above when it is the one
// that failed. A version that is not the stored one fails with errorType
// "ConflictUnhandled" (TypeConflictUnhandled) and AppSync's message
// "Conflict resolver rejects mutation.", the current item as the error's
// data. The AUTOMERGE and LAMBDA handlers are not implemented.
//
// Sync is a Scan of the base table (tombstones included) of limit items
// (default 100, at most 1000) with the request's filter and, when lastSync
// is given, only items whose _lastChangedAt is after it; startedAt is the
// time of the request in epoch milliseconds. There is no delta table:
// tombstones stay in the base table (nothing expires them here), so it has
// every change; basePartitionKey and deltaIndexName are accepted and
// ignored. As with Scan, limit counts the items evaluated, so a page may
// hold fewer items than the limit and still have a nextToken.
//
// On an unversioned source, _version and Sync fail as AppSync documents
// them: supported on versioned sources only.
//
// A Source holds no state of its own and is safe for concurrent use.
package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Client is the part of the DynamoDB API the data source calls. The
// aws-sdk-go-v2 *dynamodb.Client satisfies it.
type Client interface {
	GetItem(ctx context.Context, params *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, params *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, params *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(ctx context.Context, params *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	Query(ctx context.Context, params *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan(ctx context.Context, params *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
	BatchGetItem(ctx context.Context, params *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	BatchWriteItem(ctx context.Context, params *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	TransactGetItems(ctx context.Context, params *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error)
	TransactWriteItems(ctx context.Context, params *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}
