package schema

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// todoSDL is a typical AppSync schema using every AWS scalar and directive.
const todoSDL = `
type Todo @aws_cognito_user_pools @aws_api_key {
  id: ID!
  name: String!
  due: AWSDateTime
  day: AWSDate
  at: AWSTime
  ts: AWSTimestamp
  owner: AWSEmail
  meta: AWSJSON
  link: AWSURL
  phone: AWSPhone
  ip: AWSIPAddress
  secret: String @aws_iam @aws_oidc @aws_lambda
  legacy: String @aws_auth(cognito_groups: ["Admins"])
}

input TodoInput { name: String! due: AWSDateTime }

type Query {
  getTodo(id: ID!): Todo
  listTodos: [Todo] @aws_cognito_user_pools(cognito_groups: ["Admins", "Users"])
}

type Mutation {
  createTodo(input: TodoInput!): Todo
  deleteTodo(id: ID!): Todo @aws_publish(subscriptions: ["onDeleteTodo"])
}

type Subscription {
  onCreateTodo: Todo @aws_subscribe(mutations: ["createTodo"])
  onChange: Todo @aws_subscribe(mutations: ["createTodo", "deleteTodo"])
  onDeleteTodo: Todo @aws_subscribe(mutations: "deleteTodo")
}
`

func TestLoad(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, todoSDL)
	if s.Query == nil || s.Query.Name != "Query" || s.Mutation == nil || s.Subscription == nil {
		t.Fatalf("roots: %v %v %v", s.Query, s.Mutation, s.Subscription)
	}
	for _, name := range awsScalars {
		def := s.Types[name]
		if def == nil || def.Kind != ast.Scalar || !def.BuiltIn {
			t.Errorf("AWS scalar %s: %+v", name, def)
		}
	}
	for name := range awsDirectives {
		if s.Directives[name] == nil {
			t.Errorf("directive @%s missing", name)
		}
	}
	if s.Directives["defer"] != nil {
		t.Error("@defer is still declared")
	}
	for _, name := range []string{"include", "skip", "deprecated"} {
		if s.Directives[name] == nil {
			t.Errorf("directive @%s missing", name)
		}
	}
	if got := SubscribeMutations(s.Subscription.Fields.ForName("onChange")); !reflect.DeepEqual(got, []string{"createTodo", "deleteTodo"}) {
		t.Errorf("SubscribeMutations(onChange) = %v", got)
	}
	if got := SubscribeMutations(s.Subscription.Fields.ForName("onDeleteTodo")); !reflect.DeepEqual(got, []string{"deleteTodo"}) {
		t.Errorf("SubscribeMutations(onDeleteTodo) = %v", got)
	}
	if got := SubscribeMutations(s.Query.Fields.ForName("getTodo")); got != nil {
		t.Errorf("SubscribeMutations(getTodo) = %v", got)
	}
}

// TestLoadDefer checks that queries using @defer fail validation, as on AppSync.
func TestLoadDefer(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, todoSDL)
	doc, err := parser.ParseQuery(&ast.Source{Input: `{ getTodo(id: "1") { ... on Todo @defer { name } } }`})
	if err != nil {
		t.Fatal(err)
	}
	errs := validator.Validate(s, doc)
	if len(errs) == 0 || !strings.Contains(errs.Error(), `Unknown directive "@defer"`) {
		t.Errorf("validation errors %v, want an unknown @defer", errs)
	}
}

func TestLoadUserDeclaresPrelude(t *testing.T) {
	t.Parallel()
	sdl := `
"""Declared here so that tools that do not know AppSync can read the file."""
scalar AWSDateTime
scalar AWSJSON
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
directive @aws_iam on OBJECT | FIELD_DEFINITION

type Query @aws_iam { a: AWSDateTime b: AWSJSON c: AWSURL }
type Mutation { m: Int }
type Subscription { s: Int @aws_subscribe(mutations: ["m"]) }
`
	s := mustLoad(t, sdl)
	if def := s.Types["AWSDateTime"]; def.BuiltIn || def.Position.Src.Name != "test.graphql" {
		t.Errorf("AWSDateTime comes from %s, want the user's file", def.Position.Src.Name)
	}
	if def := s.Types["AWSURL"]; !def.BuiltIn || def.Position.Src.Name != PreludeName {
		t.Errorf("AWSURL comes from %s, want the prelude", def.Position.Src.Name)
	}
	if d := s.Directives["aws_subscribe"]; d.Position.Src.Name != "test.graphql" {
		t.Errorf("@aws_subscribe comes from %s", d.Position.Src.Name)
	}
	if d := s.Directives["aws_api_key"]; d == nil || d.Position.Src.Name != PreludeName {
		t.Errorf("@aws_api_key: %+v", d)
	}
}

func TestLoadUserDeclaresDefer(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, "directive @defer(label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT\ntype Query { a: Int }")
	if s.Directives["defer"] == nil {
		t.Error("the user's own @defer was removed")
	}
}

func TestLoadMultipleFiles(t *testing.T) {
	t.Parallel()
	s, err := Load(
		Source{Name: "schema/base.graphql", Input: "type Query { a: Int }\ntype Todo { id: ID! }"},
		Source{Name: "schema/todo.graphql", Input: "extend type Query { todo: Todo }\nextend type Todo { due: AWSDateTime }\ntype Mutation { create: Todo }"},
		Source{Name: "schema/subs.graphql", Input: "type Subscription { onCreate: Todo @aws_subscribe(mutations: [\"create\"]) }"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if s.Query.Fields.ForName("todo") == nil || s.Types["Todo"].Fields.ForName("due") == nil {
		t.Error("extensions from another file were not merged")
	}
	if s.Subscription == nil || s.Mutation == nil {
		t.Error("roots from other files missing")
	}
}

func TestLoadSchemaBlock(t *testing.T) {
	t.Parallel()
	s := mustLoad(t, `
schema { query: Q mutation: M subscription: S }
type Q { a: Int }
type M { add: Int }
type S { added: Int @aws_subscribe(mutations: ["add"]) }
`)
	if s.Query.Name != "Q" || s.Mutation.Name != "M" || s.Subscription.Name != "S" {
		t.Errorf("roots %s %s %s", s.Query.Name, s.Mutation.Name, s.Subscription.Name)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		sources []Source
		want    []string // Error() of each error, in order
	}{
		{"syntax", []Source{{"a.graphql", "type Query {\n  a: Int\n  b:\n}"}},
			[]string{"a.graphql:4:1: Expected Name, found }"}},
		{"syntax in second file", []Source{{"a.graphql", "type Query { a: Int }"}, {"b.graphql", "\n\nextend type Query { b Int }"}},
			[]string{"b.graphql:3:23: Expected :, found Name"}},
		{"undefined type", []Source{{"a.graphql", "type Query { a: Int }"}, {"b.graphql", "extend type Query {\n  b: Strin\n}"}},
			[]string{"b.graphql:2:6: Undefined type Strin. Did you mean \"String\"?"}},
		{"redeclared type", []Source{{"a.graphql", "type Query { a: Int }"}, {"b.graphql", "type Query { b: Int }"}},
			[]string{"b.graphql:1:6: Cannot redeclare type Query. Merge the two definitions, or write the second one as `extend type Query`."}},
		{"unknown directive", []Source{{"a.graphql", "type Query {\n  a: Int @aws_nope\n}"}},
			[]string{"a.graphql:2:11: Undefined directive aws_nope. Declare it with `directive @aws_nope on ...` or remove it."}},
		{"directive location", []Source{{"a.graphql", "type Query @aws_subscribe(mutations: [\"x\"]) { a: Int }"}},
			[]string{"a.graphql:1:13: Directive aws_subscribe is not applicable on OBJECT."}},
		{"missing mutation", []Source{{"sub.graphql", `type Query { a: Int }
type Mutation { createTodo: Int deleteTodo: Int }
type Subscription {
  onCreate: Int @aws_subscribe(mutations: ["createTodos"])
  onAny: Int @aws_subscribe(mutations: ["createTodo", "nope"])
  onOne: Int @aws_subscribe(mutations: "updateTodo")
}`}}, []string{
			`sub.graphql:4:18: @aws_subscribe names mutation "createTodos", which is not a field of type Mutation. Did you mean "createTodo"?`,
			`sub.graphql:5:15: @aws_subscribe names mutation "nope", which is not a field of type Mutation (its fields: createTodo, deleteTodo)`,
			`sub.graphql:6:15: @aws_subscribe names mutation "updateTodo", which is not a field of type Mutation. Did you mean "createTodo"?`,
		}},
		{"no mutation type", []Source{{"a.graphql", "type Query { a: Int }\ntype Subscription { s: Int @aws_subscribe(mutations: [\"m\"]) }"}},
			[]string{`a.graphql:2:29: @aws_subscribe names mutation "m", but the schema has no Mutation type`}},
		{"mutations not strings", []Source{{"a.graphql", "type Query { a: Int }\ntype Mutation { m: Int }\ntype Subscription {\n  s: Int @aws_subscribe(mutations: 5)\n  t: Int @aws_subscribe(mutations: [\"m\", 1])\n}"}},
			[]string{
				"a.graphql:4:11: @aws_subscribe(mutations:) must be a string or a list of strings naming fields of the Mutation type",
				"a.graphql:5:11: @aws_subscribe(mutations:) must be a string or a list of strings naming fields of the Mutation type",
			}},
		{"mutations missing", []Source{{"a.graphql", "type Query { a: Int }\ntype Subscription { s: Int @aws_subscribe }"}},
			[]string{"a.graphql:2:29: Argument mutations for directive aws_subscribe cannot be null."}},
		{"no sources", nil, []string{"<input>: no schema sources"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Load(tc.sources...)
			if err == nil {
				t.Fatalf("Load succeeded: %v", s)
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %T, want Errors", err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("errors\n got %q\nwant %q", got, tc.want)
			}
			if err.Error() != strings.Join(tc.want, "\n") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.graphql", Line: 3, Column: 7, Message: "boom"}, "a.graphql:3:7: boom"},
		{&Error{File: "a.graphql", Message: "boom"}, "a.graphql: boom"},
		{&Error{Line: 1, Column: 2, Message: "boom"}, "<input>:1:2: boom"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	errs := Errors{tests[0].err, tests[1].err}
	if got := errs.Error(); got != "a.graphql:3:7: boom\na.graphql: boom" {
		t.Errorf("Errors.Error() = %q", got)
	}
	var e *Error
	if !errors.As(error(errs), &e) || e != tests[0].err {
		t.Error("errors.As does not find an *Error in Errors")
	}
}

func TestFromGQL(t *testing.T) {
	t.Parallel()
	list := gqlerror.List{
		{Message: "one", Locations: []gqlerror.Location{{Line: 1, Column: 2}}, Extensions: map[string]any{"file": "x.graphql"}},
		{Message: "two"},
	}
	got := fromGQL(list)
	want := Errors{{File: "x.graphql", Line: 1, Column: 2, Message: "one"}, {Message: "two"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fromGQL = %#v", got)
	}
	if got := fromGQL(errors.New("plain")); len(got) != 1 || got[0].Message != "plain" {
		t.Errorf("fromGQL(plain) = %#v", got)
	}
}

func TestFixHint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ sdl, want string }{
		{"type Query { a: AWSDateTim }", `schema.graphql:1:17: Undefined type AWSDateTim. Did you mean "AWSDateTime"?`},
		{"type Query { a: Post }\ntype Posts { id: ID }", `schema.graphql:1:17: Undefined type Post. Did you mean "Posts"?`},
		{"type Query { a: Zzzzzzzz }", "schema.graphql:1:17: Undefined type Zzzzzzzz. Declare it (type, input, enum, union, interface or scalar) or fix the name."},
		{"type Query { a: String }\ntype Query { b: String }", "Merge the two definitions, or write the second one as `extend type Query`."},
	} {
		_, err := Load(Source{Name: "schema.graphql", Input: tc.sdl})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.sdl, err, tc.want)
		}
	}
}
