// Package dynamostore is an embedded, DynamoDB-compatible database: the
// engine behind appsync-local's DynamoDB data sources when no DynamoDB
// endpoint is configured. It keeps its data in one SQLite file (pure Go,
// modernc.org/sqlite), so tables and items survive restarts and crashes,
// and it serves the DynamoDB JSON API, so the AWS CLI and SDKs work against
// it with --endpoint-url.
//
// # Use
//
//	s, err := dynamostore.Open(dynamostore.Options{Path: ".appsync-local/dynamodb.sqlite"})
//	...
//	defer s.Close()
//	http.Handle("/", s.Handler()) // POST with X-Amz-Target: DynamoDB_20120810.<Op>
//
// Each DynamoDB operation is also a method (GetItem, Query, TransactWriteItems,
// ...) taking and returning the request and response documents as Go
// structs with DynamoDB's field names. Transport serves the Handler
// in-process, so an AWS SDK client can use the store without a socket. Errors are *Error, whose Type is the
// DynamoDB exception name and whose Message is DynamoDB's wording; anything
// else is an internal failure, which the Handler logs and answers with a
// 500 that reveals nothing.
//
// # Semantics
//
// The store follows DynamoDB, not a relational reading of it: validation
// messages are DynamoDB's; numbers are decimals of up to 38 digits, and
// numeric sort keys order numerically; items are limited to 400 KB; Query
// and Scan stop after Limit items or 1 MB of data and return
// LastEvaluatedKey; global and local secondary indexes are sparse and
// follow their projection; UpdateTable creates and deletes global indexes,
// backfilling new ones before it returns. Tables are ACTIVE as soon as
// CreateTable returns. Reads are always strongly consistent, global
// indexes included. BatchGetItem and BatchWriteItem never leave unprocessed
// items. Expressions (condition, filter, key condition, update, projection)
// are parsed and evaluated by package expr, attribute values by package
// attr. Differential tests (difftest_test.go) run the same requests through
// the AWS SDK against the store and against dynalite, and record where
// dynalite departs from DynamoDB and why.
//
// Not supported: the legacy parameters (Expected, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter, ConditionalOperator) other than
// AttributesToGet, which are refused with a ValidationException saying so;
// PartiQL; streams; backups; TTL deletion (UpdateTimeToLive and
// DescribeTimeToLive record and report the setting only); tags; capacity
// limits and throttling (ConsumedCapacity is reported, never enforced).
//
// # Storage
//
// One SQLite database in WAL mode, written by one connection (writes are
// serialised; each is one SQLite transaction committed before the call
// returns, with synchronous=NORMAL unless Options.FullSync) and read by a
// pool of connections in parallel. Two tables:
//
//	tables(id, name, def)       def: the table description as JSON
//	items(tbl, idx, h, pk, sk, tk, size, item)
//	    PRIMARY KEY (tbl, idx, h, pk, sk, tk) WITHOUT ROWID
//
// Each item is one row with idx "" plus one row per secondary index that
// holds it (idx = the index name, item = the projected attributes, in a
// compact binary encoding, see codec.go). pk and
// sk are attr.KeyBytes of the partition and sort key values, an encoding
// whose byte order is DynamoDB's order (strings and binaries by bytes,
// numbers numerically). h is a 32-bit hash of pk: rows are clustered by
// partition, a Query is a range scan of one (h, pk) with sort key bounds
// (BETWEEN and begins_with become byte ranges), and Scan segments are
// ranges of h. tk holds the table key in index rows, so items with equal
// index keys stay distinct. Item counts and sizes are kept in memory,
// counted at Open and adjusted on every commit.
package dynamostore
