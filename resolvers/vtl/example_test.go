package vtl_test

import (
	"fmt"

	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

func Example() {
	tmpl, err := vtl.Parse("Query.listPosts.res.vtl", `#set($titles = [])
#foreach($item in $ctx.result.items)
#if($item.published)$util.qr($titles.add($item.title.toUpperCase()))#end
#end
{"titles": $util.toJson($titles), "count": $titles.size(), "missing": "$ctx.nope"}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, _ := value.FromJSON([]byte(`{"result": {"items": [
		{"title": "a", "published": true},
		{"title": "b", "published": false}]}}`))
	util := object{"qr": fn(func([]any) (any, error) { return "", nil }),
		"toJson": fn(func(args []any) (any, error) { return value.ToJSON(args[0]), nil })}
	res, err := tmpl.Execute(map[string]any{"ctx": ctx, "util": util})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Output)
	// Output:
	// {"titles": ["A"], "count": 1, "missing": "$ctx.nope"}
}

func ExampleTemplate_Execute_return() {
	tmpl, _ := vtl.Parse("Mutation.f.req.vtl", `#if($ctx.stash.cached)#return($ctx.stash.cached)#end{"operation": "GetItem"}`)
	ctx, _ := value.FromJSON([]byte(`{"stash": {"cached": {"id": 1}}}`))
	res, _ := tmpl.Execute(map[string]any{"ctx": ctx})
	fmt.Println(res.Returned, value.ToJSON(res.Value))
	// Output:
	// true {"id":1}
}

func ExampleParse_error() {
	_, err := vtl.Parse("Query.getPost.req.vtl", "#if($ctx.args.id)\n{}\n")
	fmt.Println(err)
	// Output:
	// Query.getPost.req.vtl:3:1: #if without #end (opened at 1:1)
}
