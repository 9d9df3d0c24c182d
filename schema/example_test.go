package schema_test

import (
	"errors"
	"fmt"

	"github.com/appsync-local/appsync-local/schema"
)

func ExampleLoad() {
	s, err := schema.Load(
		schema.Source{Name: "schema.graphql", Input: `
type Todo { id: ID! due: AWSDateTime meta: AWSJSON }
type Query { getTodo(id: ID!): Todo }
type Mutation { createTodo(due: AWSDateTime, meta: AWSJSON): Todo }
`},
		schema.Source{Name: "subscriptions.graphql", Input: `
type Subscription {
  onCreateTodo: Todo @aws_subscribe(mutations: ["createTodo"])
  onUpdateTodo: Todo @aws_subscribe(mutations: "updateTodo")
}
`},
	)
	fmt.Println(s == nil)
	var errs schema.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Println(e)
		}
	}
	// Output:
	// true
	// subscriptions.graphql:4:23: @aws_subscribe names mutation "updateTodo", which is not a field of type Mutation. Did you mean "createTodo"?
}

func ExampleCoerceInput() {
	s, err := schema.Load(schema.Source{Name: "schema.graphql", Input: `type Query { todos(since: AWSDateTime, filter: AWSJSON): [String] }`})
	if err != nil {
		panic(err)
	}
	args := s.Query.Fields.ForName("todos").Arguments

	v, err := schema.CoerceInput(s, args.ForName("filter").Type, `{"done": false, "tags": ["a"]}`)
	fmt.Printf("%v %v\n", v, err)

	_, err = schema.CoerceInput(s, args.ForName("since").Type, "2020-01-01T10:00")
	fmt.Println(err)
	var ce *schema.CoercionError
	if errors.As(err, &ce) {
		fmt.Println(ce.VariableMessage("since"))
	}
	// Output:
	// map[done:false tags:[a]] <nil>
	// Unable to parse `2020-01-01T10:00` as a valid DateTime Object.
	// Variable 'since' has an invalid value. Unable to parse `2020-01-01T10:00` as a valid DateTime Object.
}

func ExampleSerialize() {
	s, err := schema.Load(schema.Source{Name: "schema.graphql", Input: `type Query { a: Int }`})
	if err != nil {
		panic(err)
	}
	for _, c := range []struct {
		typ string
		v   any
	}{
		{"AWSJSON", map[string]any{"a": 1}},
		{"AWSDateTime", "2020-01-01T10:00+05:30"},
		{"Int", "42"},
		{"String", 42},
		{"AWSDateTime", "2020-01-01"},
	} {
		out, err := schema.Serialize(s, c.typ, c.v)
		fmt.Printf("%s %#v %v\n", c.typ, out, err)
	}
	// Output:
	// AWSJSON "{\"a\":1}" <nil>
	// AWSDateTime "2020-01-01T10:00+05:30" <nil>
	// Int 42 <nil>
	// String "42" <nil>
	// AWSDateTime <nil> Unable to serialize `2020-01-01` as a valid DateTime Object.
}
