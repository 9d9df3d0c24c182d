package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/resolvers/builtins"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// putItem is the request template AppSync's console generates for a
// DynamoDB PutItem resolver, with a condition.
const putItem = `#set($id = $util.autoId())
#set($now = $util.time.nowISO8601())
$util.qr($ctx.args.input.put("createdAt", $now))
$util.qr($ctx.args.input.put("updatedAt", $now))
{
  "version": "2018-05-29",
  "operation": "PutItem",
  "key": {
    "id": $util.dynamodb.toDynamoDBJson($id)
  },
  "attributeValues": $util.dynamodb.toMapValuesJson($ctx.args.input),
  "condition": {
    "expression": "attribute_not_exists(#id)",
    "expressionNames": { "#id": "id" }
  }
}`

// BenchmarkPutItemTemplate evaluates the template with the real $util, the
// way a resolver does per request: a fresh $context (the template mutates
// its arguments) and a fresh $util binding.
func BenchmarkPutItemTemplate(b *testing.B) {
	t, err := vtl.Parse("putItem.req.vtl", putItem)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		input := value.NewMap()
		input.Put("title", "Buy milk")
		input.Put("done", false)
		input.Put("priority", int64(2))
		args := value.NewMap()
		args.Put("input", input)
		ctx := value.NewMap()
		ctx.Put("args", args)
		ctx.Put("arguments", args)
		util := builtins.Util(&builtins.Env{Now: func() time.Time { return now }})
		res, err := t.Execute(map[string]any{"ctx": ctx, "context": ctx, "util": util})
		if err != nil {
			b.Fatal(err)
		}
		if !strings.Contains(res.Output, `"operation": "PutItem"`) {
			b.Fatal(res.Output)
		}
	}
}
