package builtins

import (
	"strconv"
	"testing"
)

// booksResult is the Data API result of "select * from Books limit 2" shown in
// "Amazon RDS helpers in $util.rds"
// (https://docs.aws.amazon.com/appsync/latest/devguide/rds-helpers-in-util-rds.html).
const booksResult = `{
  "sqlStatementResults": [{
    "numberOfRecordsUpdated": 0,
    "records": [
      [{"stringValue": "Mark Twain"}, {"stringValue": "Adventures of Huckleberry Finn"}, {"stringValue": "978-1948132817"}],
      [{"stringValue": "Jack London"}, {"stringValue": "The Call of the Wild"}, {"stringValue": "978-1948132275"}]
    ],
    "columnMetadata": [
      {"isSigned": false, "isCurrency": false, "label": "author", "precision": 200, "typeName": "VARCHAR", "scale": 0, "isAutoIncrement": false, "isCaseSensitive": false, "schemaName": "", "tableName": "Books", "type": 12, "nullable": 0, "arrayBaseColumnType": 0, "name": "author"},
      {"isSigned": false, "isCurrency": false, "label": "title", "precision": 200, "typeName": "VARCHAR", "scale": 0, "isAutoIncrement": false, "isCaseSensitive": false, "schemaName": "", "tableName": "Books", "type": 12, "nullable": 0, "arrayBaseColumnType": 0, "name": "title"},
      {"isSigned": false, "isCurrency": false, "label": "ISBN-13", "precision": 15, "typeName": "VARCHAR", "scale": 0, "isAutoIncrement": false, "isCaseSensitive": false, "schemaName": "", "tableName": "Books", "type": 12, "nullable": 0, "arrayBaseColumnType": 0, "name": "ISBN-13"}
    ]
  }]
}`

// typedResult is the result localstack/appsync-utils sends AWS to record
// util.rds.toJsonObject (__tests__/resolvers.test.js, "toJsonObject").
const typedResult = `{
  "sqlStatementResults": [{
    "numberOfRecordsUpdated": 0,
    "records": [
      [{"longValue": 12345}, {"stringValue": "Mark Twain"}, {"isNull": true}, {"arrayValue": {"stringValues": ["a", "b"]}}, {"booleanValue": true}, {"blobValue": "aGVsbG8="}],
      [{"longValue": 67890}, {"stringValue": "Jack London"}, {"doubleValue": 12.34},
       {"arrayValue": {"arrayValues": [{"booleanValues": [true, false]}, {"doubleValues": [1.234]}, {"longValues": [1, 2]}, {"stringValues": ["a", "b"]}]}},
       {"booleanValue": false}, {"blobValue": "d29ybGQ="}]
    ],
    "columnMetadata": [
      {"type": 4, "typeName": "serial", "label": "id", "tableName": "Books", "isAutoIncrement": true},
      {"label": "author", "name": "author"},
      {"name": "optional_double"},
      {"name": "tags"},
      {"name": "is_active", "label": "IS ACTIVE"},
      {"name": "blob_value"}
    ]
  }]
}`

func TestRDS(t *testing.T) {
	t.Parallel()
	books := `[[{"author":"Mark Twain","title":"Adventures of Huckleberry Finn","ISBN-13":"978-1948132817"},` +
		`{"author":"Jack London","title":"The Call of the Wild","ISBN-13":"978-1948132275"}]]`
	runDSCases(t, []dsCase{
		// The page shows the one statement's rows; the result is a list per
		// statement, hence the outer brackets ($util.rds.toJsonObject($ctx.result)[0]
		// in AppSync's RDS tutorial).
		{name: "documented example toJsonString", path: "rds.toJsonString", args: []string{strconv.Quote(booksResult)}, wantText: true, want: books},
		{name: "documented example toJsonObject", path: "rds.toJsonObject", args: []string{strconv.Quote(booksResult)}, want: books},
		// AWS: label before name, isNull fields left out, arrays as lists.
		{name: "typed values", path: "rds.toJsonObject", args: []string{strconv.Quote(typedResult)},
			want: `[[{"id":12345,"author":"Mark Twain","tags":["a","b"],"IS ACTIVE":true,"blob_value":"aGVsbG8="},` +
				`{"id":67890,"author":"Jack London","optional_double":12.34,"tags":[[true,false],[1.234],[1,2],["a","b"]],"IS ACTIVE":false,"blob_value":"d29ybGQ="}]]`},
		// AWS answers [{}] for a statement without records.
		{name: "insert", path: "rds.toJsonString", wantText: true, want: `[[{}]]`,
			args: []string{strconv.Quote(`{"sqlStatementResults":[{"numberOfRecordsUpdated":1,"generatedFields":[]}]}`)}},
		{name: "update and select", path: "rds.toJsonString", wantText: true, want: `[[{}],[{"a":1}]]`,
			args: []string{strconv.Quote(`{"sqlStatementResults":[{"numberOfRecordsUpdated":1},{"records":[[{"longValue":1}]],"columnMetadata":[{"name":"a"}]}]}`)}},
		{name: "no rows", path: "rds.toJsonString", wantText: true, want: `[[]]`,
			args: []string{strconv.Quote(`{"sqlStatementResults":[{"records":[],"columnMetadata":[{"name":"a"}]}]}`)}},
		{name: "a double that is whole", path: "rds.toJsonString", wantText: true, want: `[[{"d":12.0,"ds":[1.0,2.5]}]]`,
			args: []string{strconv.Quote(`{"sqlStatementResults":[{"records":[[{"doubleValue":12},{"arrayValue":{"doubleValues":[1,2.5]}}]],"columnMetadata":[{"name":"d"},{"name":"ds"}]}]}`)}},
		{name: "already parsed", path: "rds.toJsonObject", args: []string{booksResult}, want: books},
		{name: "no statements", path: "rds.toJsonString", args: []string{`"{}"`}, wantText: true, want: `[]`},
		{name: "bad JSON", path: "rds.toJsonObject", args: []string{`"{"`}, wantErr: "$util.rds.toJsonObject: invalid JSON"},
		{name: "not an object", path: "rds.toJsonString", args: []string{`"[1]"`}, wantErr: "$util.rds.toJsonString: expected a Data API result object, got List"},
		{name: "too few columns", path: "rds.toJsonString", args: []string{strconv.Quote(`{"sqlStatementResults":[{"records":[[{"longValue":1}]]}]}`)},
			wantErr: "records[0]: 1 fields but 0 columns"},
		{name: "no arguments", path: "rds.toJsonObject", wantErr: "$util.rds.toJsonObject: expected 1 argument, got 0"},
	})
}
