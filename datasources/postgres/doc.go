// Package postgres is the RELATIONAL_DATABASE data source on Postgres: it
// runs AppSync's RDS request documents, which AppSync sends to the Aurora
// Data API, against a Postgres database through lib/pq, and returns what
// the Data API returns, so templates written for AppSync run unchanged.
//
// # Request
//
//	{"version": "2018-05-29",                  // optional (APPSYNC_JS sends none)
//	 "statements": ["INSERT ...", "SELECT ..."], // one or two
//	 "variableMap": {":id": "x", ":n": 2},
//	 "variableTypeHintMap": {":id": "UUID"}}     // DATE, DECIMAL, JSON, TIME, TIMESTAMP, UUID
//
// Every :name in a statement becomes a Postgres parameter ($1, $2, ...)
// bound to variableMap[":name"]; values are never pasted into the SQL, so
// quotes, semicolons and comment markers in them are data. Text that only
// looks like a placeholder is left alone: string literals ('...', E'...',
// $$...$$), quoted identifiers, comments, casts (::int) and slices (a[1:2];
// write a[lo : hi], with spaces, when the bound after the colon is a name).
// A placeholder missing from variableMap fails the request before anything
// runs.
// Values are typed as the Data API types them: strings as varchar,
// integers as int8, other numbers as float8, booleans as bool, null
// untyped. So, as on AppSync, comparing a uuid or timestamp column with an
// unhinted string fails ("operator does not exist: uuid = character
// varying"); a type hint casts the value to the hinted type instead (JSON to
// json, DECIMAL to numeric) and DATE, TIME and TIMESTAMP values must be in
// the Data API's formats (YYYY-MM-DD, HH:MM:SS[.FFF], YYYY-MM-DD
// HH:MM:SS[.FFF]). A hint key that differs from its variable in case only
// still applies (AppSync's own example pairs ":ID" with ":id"). Lists and
// objects cannot be bound: pass $util.toJson(...) with the JSON hint.
//
// Two statements run in one transaction: if either fails, neither has
// effect. One statement runs on its own (autocommit), as the Data API runs
// it.
//
// # Result
//
// ctx.result is the Data API's ExecuteStatement response as a JSON string,
// one entry per statement, which $util.rds.toJsonObject and toJsonString
// read:
//
//	{"sqlStatementResults": [{
//	  "numberOfRecordsUpdated": 0,
//	  "records": [[{"stringValue": "Ada"}, {"longValue": 1}, {"isNull": true}]],
//	  "columnMetadata": [{"name": "name", "label": "name", "typeName": "text", "type": 12, ...}]}]}
//
// Values are mapped as the Data API maps Postgres types: int2, int4, int8
// and oid to longValue; float4 and float8 to doubleValue (NaN and
// infinities, which JSON cannot hold, to stringValue, and a float array
// holding one to stringValues); bool to
// booleanValue; bytea to blobValue (base64); numeric, text, varchar, char,
// uuid, json, jsonb, interval, enums and all other types to stringValue in
// Postgres's text form; date, time and timestamp to stringValue as
// "2024-01-02", "03:04:05.123" and "2024-01-02 03:04:05.123" (fractions
// keep their significant digits, timestamptz is given in UTC); arrays to
// arrayValue with longValues, doubleValues, booleanValues or stringValues,
// and arrayValues for each dimension of a multi-dimensional array; NULL to
// isNull. numberOfRecordsUpdated is the count of rows an INSERT, UPDATE or
// DELETE without RETURNING changed; a statement that returns rows (a
// SELECT, an INSERT ... RETURNING) reports 0, as the Data API does. records
// and columnMetadata are absent for a statement that returns no rows.
//
// columnMetadata follows the PostgreSQL JDBC driver the Data API uses:
// typeName is Postgres's type name ("int4", "varchar", "_int4" for an
// array), type the java.sql.Types code (4, 12, 2003), precision and scale
// as the driver reports them. lib/pq does not tell which table a result
// column comes from, so tableName and schemaName are "", nullable is 1
// (columnNullable) and isAutoIncrement false; typeName is "unknown" for a
// type lib/pq has no name for (enums, domains, extension types).
//
// # Errors
//
// All errors are *Error. A Postgres error is reported as AppSync reports
// one from the Data API: errorType "400 Bad Request" and the message
// RDSHttp:{"message":"ERROR: <message>[\n  Detail: ...][\n  Hint: ...]
// [\n  Position: n]; SQLState: <code>"}, the position counted in the
// statement as written; Error.SQLState has the code for Go callers. A
// database that cannot be reached gives "503 Service Unavailable" and a
// message naming the data source and the cause. A malformed request
// document is "MappingTemplate". A pooled connection that the server
// closed (a restart, pg_terminate_backend) is replaced and the request
// retried when nothing had run on it, so a database that comes back is used
// again without restarting appsync-local.
//
// A Source is safe for concurrent use; its pool (Open) is shared by all
// requests.
package postgres
