package vtl_test

import (
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// putItem is a typical DynamoDB PutItem request template.
const putItem = `#set($input = $ctx.args.input)
#set($id = $util.defaultIfNullOrBlank($input.id, $util.autoId()))
{
  "version": "2018-05-29",
  "operation": "PutItem",
  "key": {
    "id": $util.dynamodb.toDynamoDBJson($id)
  },
  #set($attrs = {})
  #foreach($entry in $input.entrySet())
    #if($entry.key != "id")
      $util.qr($attrs.put($entry.key, $entry.value))
    #end
  #end
  $util.qr($attrs.put("createdAt", $util.time.nowISO8601()))
  "attributeValues": $util.dynamodb.toMapValuesJson($attrs),
  "condition": {
    "expression": "attribute_not_exists(#id)",
    "expressionNames": { "#id": "id" }
  }
}
`

func BenchmarkExecute(b *testing.B) {
	tmpl := mustParse(b, putItem)
	ctx, err := value.FromJSON([]byte(`{"args": {"input": {"title": "Hello", "content": "First post", "views": 3, "tags": ["a", "b"]}}}`))
	if err != nil {
		b.Fatal(err)
	}
	vars := map[string]any{"ctx": ctx, "util": fakeUtil()}
	if _, err := tmpl.Execute(vars); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tmpl.Execute(vars); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecuteEngine is BenchmarkExecute's template without the host
// calls, to see the engine's own cost.
func BenchmarkExecuteEngine(b *testing.B) {
	tmpl := mustParse(b, `#set($input = $ctx.args.input)
{
  "version": "2018-05-29",
  "operation": "PutItem",
  "key": {"id": {"S": "$input.id"}},
  #set($n = 0)
  #foreach($entry in $input.entrySet())
    #if($entry.key != "id")
      #set($n = $n + 1)
    #end
  #end
  "count": $n,
  "title": "$input.title.toUpperCase()"
}
`)
	ctx, _ := value.FromJSON([]byte(`{"args": {"input": {"id": "1", "title": "Hello", "content": "First post", "views": 3}}}`))
	vars := map[string]any{"ctx": ctx}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tmpl.Execute(vars); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		mustParse(b, putItem)
	}
}
