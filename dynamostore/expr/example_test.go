package expr_test

import (
	"fmt"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

func Example() {
	names := expr.Names{"#s": "status"}
	values := expr.Values{":active": attr.S("active"), ":one": attr.MustN("1")}
	item := attr.Item{"pk": attr.S("user#1"), "status": attr.S("active"), "hits": attr.MustN("41")}

	cond, err := expr.ParseCondition("attribute_exists(pk) AND #s = :active", names, values)
	if err != nil {
		panic(err)
	}
	upd, err := expr.ParseUpdate("SET hits = hits + :one", names, values)
	if err != nil {
		panic(err)
	}
	fmt.Println(expr.CheckUnused(names, values, cond, upd))
	ok, _ := cond.Eval(item)
	fmt.Println(ok)
	item, _ = upd.Apply(item)
	fmt.Println(item["hits"].Str())

	_, err = expr.ParseUpdate("SET views = :one", nil, values)
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// 42
	// Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: views
}
