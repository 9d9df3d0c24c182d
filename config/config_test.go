package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/config"
)

// now is the clock every test loads with.
var now = time.Date(2026, 1, 1, 10, 30, 0, 0, time.UTC)

func loader() config.Loader {
	return config.Loader{
		Now:       func() time.Time { return now },
		LookupEnv: func(k string) (string, bool) { v, ok := map[string]string{"TABLE": "env-table"}[k]; return v, ok },
	}
}

// mustLoad loads path and fails the test on any error.
func mustLoad(tb testing.TB, path string) *config.Config {
	tb.Helper()
	c, err := loader().Load(path)
	if err != nil {
		tb.Fatalf("Load(%s): %v", path, err)
	}
	return c
}

// writeFiles writes files (name → content) into a new temporary directory
// and returns it.
func writeFiles(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func abs(tb testing.TB, p string) string {
	tb.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func TestLoadFull(t *testing.T) {
	t.Parallel()
	dir := abs(t, "testdata/full")
	c := mustLoad(t, "testdata/full/appsync.yml")
	in := func(p string) string { return filepath.Join(dir, p) }

	t.Run("top level", func(t *testing.T) {
		t.Parallel()
		check(t, "File", c.File, in("appsync.yml"))
		check(t, "Dir", c.Dir, dir)
		check(t, "Name", c.Name, "blog")
		check(t, "NamePos", c.NamePos, config.Pos{File: "testdata/full/appsync.yml", Line: 2, Column: 7})
		check(t, "Schema", c.Schema, []string{in("schema/a.graphql"), in("schema/b.graphql"), in("extra.graphql")})
		check(t, "Substitutions", c.Substitutions, map[string]string{"table": "Posts", "limit": "20"})
		check(t, "Environment", c.Environment, map[string]string{"STAGE": "test"})
		check(t, "Introspection", c.Introspection, false)
		check(t, "QueryDepthLimit", c.QueryDepthLimit, 10)
		check(t, "ResolverCountLimit", c.ResolverCountLimit, 500)
	})
	t.Run("authentication", func(t *testing.T) {
		t.Parallel()
		check(t, "Type", c.Authentication.Type, config.AuthCognito)
		check(t, "Config", c.Authentication.Config, map[string]any{"userPoolId": "us-east-1_abc", "awsRegion": "us-east-1", "defaultAction": "ALLOW"})
		check(t, "AuthTypes", c.AuthTypes(), []string{config.AuthCognito, config.AuthAPIKey, config.AuthIAM, config.AuthOIDC, config.AuthLambda})
		check(t, "lambda FunctionName", c.AdditionalAuthentications[3].FunctionName, "authorizer")
		check[any](t, "lambda ttl", c.AdditionalAuthentications[3].Config["authorizerResultTtlInSeconds"], 60)
	})
	t.Run("api keys", func(t *testing.T) {
		t.Parallel()
		if len(c.APIKeys) != 3 {
			t.Fatalf("got %d keys, want 3", len(c.APIKeys))
		}
		reader, writer, fixed := c.APIKeys[0], c.APIKeys[1], c.APIKeys[2]
		check(t, "APIKey()", c.APIKey(), reader.Value)
		check(t, "reader.Value", reader.Value, config.APIKeyValue("blog", "reader"))
		check(t, "reader.Expires", reader.Expires, time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC))
		check(t, "writer.Description", writer.Description, "for the writer service")
		check(t, "writer.Expires", writer.Expires, time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC))
		check(t, "fixed.Value", fixed.Value, "da2-fixedfixedfixedfixedfixed")
		check(t, "fixed.Expires", fixed.Expires, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	})
	t.Run("data sources", func(t *testing.T) {
		t.Parallel()
		check(t, "names", keys(c.DataSources), []string{"Mutation_addPost_1", "getMe", "none", "posts", "users", "web"})
		posts := c.DataSources["posts"]
		check(t, "posts", *posts, config.DataSource{
			Name: "posts", Type: config.DataSourceDynamoDB, Description: "the posts table", TableName: "Posts",
			Config: map[string]any{"tableName": "Posts", "serviceRoleArn": map[string]any{"Fn::GetAtt": []any{"PostsRole", "Arn"}}},
			Pos:    config.Pos{File: "testdata/full/appsync.yml", Line: 44, Column: 3},
		})
		check(t, "users.FunctionName", c.DataSources["users"].FunctionName, "usersFn")
		check(t, "web.Endpoint", c.DataSources["web"].Endpoint, "https://api.example.com")
		check(t, "inline in resolver", c.DataSources["getMe"].Type, config.DataSourceNone)
		check(t, "inline in inline function", c.DataSources["Mutation_addPost_1"].Endpoint, "https://hooks.example.com")
	})
	t.Run("pipeline functions", func(t *testing.T) {
		t.Parallel()
		check(t, "names", keys(c.PipelineFunctions), []string{"Mutation_addPost_1", "audit", "callUsers", "getPost"})
		check(t, "getPost", *c.PipelineFunctions["getPost"], config.Function{
			Name: "getPost", DataSource: "posts", Runtime: config.RuntimeVTL,
			Request:       in("templates/getPost.request.vtl"),
			Response:      in("templates/getPost.response.vtl"),
			Substitutions: map[string]string{"table": "Posts", "limit": "20"},
			Pos:           config.Pos{File: "testdata/full/appsync.yml", Line: 61, Column: 3},
		})
		check(t, "audit substitutions", c.PipelineFunctions["audit"].Substitutions, map[string]string{"table": "Posts", "limit": "5"})
		check(t, "audit runtime", c.PipelineFunctions["audit"].Runtime, config.RuntimeJS)
		check(t, "callUsers", c.PipelineFunctions["callUsers"].DataSource, "users")
		check(t, "callUsers runtime", c.PipelineFunctions["callUsers"].Runtime, config.RuntimeDirectLambda)
	})
	t.Run("resolvers", func(t *testing.T) {
		t.Parallel()
		var got []string
		for _, r := range c.Resolvers {
			got = append(got, strings.Join([]string{r.Type + "." + r.Field, r.Kind, r.Runtime, r.DataSource, strings.Join(r.Functions, "+")}, " "))
		}
		check(t, "resolvers", got, []string{
			"Query.post UNIT VTL posts ",
			"Query.posts PIPELINE APPSYNC_JS  getPost+audit",
			"Query.user UNIT DIRECT_LAMBDA users ",
			"Query.me UNIT VTL getMe ",
			"Mutation.addPost PIPELINE APPSYNC_JS  getPost+Mutation_addPost_1",
			"Post.author UNIT DIRECT_LAMBDA users ",
		})
		post := c.Resolvers[0]
		check(t, "Request", post.Request, in("templates/getPost.request.vtl"))
		check(t, "Response (false)", post.Response, "")
		check(t, "Pos", post.Pos, config.Pos{File: "testdata/full/appsync.yml", Line: 72, Column: 3})
		check(t, "Code", c.Resolvers[1].Code, in("js/pipeline.js"))
		check(t, "default pipeline code", c.Resolvers[4].Code, "")
		check(t, "MaxBatchSize", c.Resolvers[2].MaxBatchSize, 10)
	})
	t.Run("local", func(t *testing.T) {
		t.Parallel()
		l := c.Local
		check(t, "Port", l.Port, 4000)
		check(t, "Host", l.Host, "0.0.0.0")
		check(t, "DataDir", l.DataDir, in("data"))
		check(t, "APIID", l.APIID, "blogapi")
		check(t, "Stage", l.Stage, "dev")
		check(t, "Region", l.Region, "us-east-1")
		check(t, "DynamoDB.Endpoint", l.DynamoDB.Endpoint, "http://127.0.0.1:8000")
		check(t, "DynamoDB.Tables", l.DynamoDB.Tables, map[string]map[string]any{"Posts": {"hashKey": "id"}})
		check(t, "Databases", l.Databases, map[string]string{"blog": "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"})
		check(t, "Lambda.Endpoint", l.Lambda.Endpoint, "http://127.0.0.1:3002")
		check(t, "StateMachines", l.StepFunctions.StateMachines, map[string]map[string]any{
			"orderFlow": {"definition": in("order.asl.json"), "type": "STANDARD"},
		})
	})
}

func TestLoadServerless(t *testing.T) {
	t.Parallel()
	dir := abs(t, "testdata/serverless")
	c := mustLoad(t, "testdata/serverless/serverless.yml")

	check(t, "Name (${self:service}-${sls:stage})", c.Name, "todo-staging")
	check(t, "Schema", c.Schema, []string{filepath.Join(dir, "schema.graphql")})
	check(t, "Stage (provider.stage fallback)", c.Local.Stage, "staging")
	check(t, "Region (provider.region)", c.Local.Region, "eu-west-1")
	check(t, "Port 0 kept", c.Local.Port, 0)
	check(t, "default api key", c.APIKeys, []config.APIKey{{
		Name: "default", Description: "Auto-generated api key", Value: config.APIKeyValue("todo-staging", "default"),
		Expires: time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC),
		Pos:     config.Pos{File: "testdata/serverless/serverless.yml", Line: 44, Column: 5},
	}})

	ds := map[string]string{}
	for name, d := range c.DataSources {
		ds[name] = d.Type + " " + d.TableName + d.FunctionName + d.Endpoint
	}
	check(t, "data sources", ds, map[string]string{
		"todos":  "AMAZON_DYNAMODB todo-todos-staging", // !Ref TodosTable → TableName ${self:custom...}
		"audit":  "AMAZON_DYNAMODB AuditTable",         // {Ref: X}, table from ${file(...)}, no TableName
		"users":  "AMAZON_DYNAMODB users-local",        // !ImportValue via local.importValues
		"list":   "AWS_LAMBDA listTodos",               // !GetAtt ListTodosLambdaFunction.Arn
		"add":    "AWS_LAMBDA add-todo",                // {"Fn::GetAtt": [add-todo, Arn]}
		"byRef":  "AWS_LAMBDA listTodos",               // !Ref listTodos
		"remote": "HTTP http://127.0.0.1:9000",         // ${ssm:...} via local.variables
	})
	check[any](t, "unresolved role kept", c.DataSources["todos"].Config["serviceRoleArn"], map[string]any{"Fn::GetAtt": []any{"AppSyncRole", "Arn"}})
	check(t, "substitutions", c.Substitutions, map[string]string{
		"todosArn": "arn:aws:dynamodb:eu-west-1:123456789012:table/todo-todos-staging",
		"region":   "eu-west-1",
		"joined":   "a:todo-todos-staging:c",
		"sub":      "todo-todos-staging-staging",
	})
	check(t, "tables from resources", keys(c.Local.DynamoDB.Tables), []string{"AuditTable", "todo-todos-staging"})
	check[any](t, "table properties", c.Local.DynamoDB.Tables["AuditTable"]["KeySchema"], []any{map[string]any{"AttributeName": "pk", "KeyType": "HASH"}})
	var resolvers []string
	for _, r := range c.Resolvers {
		resolvers = append(resolvers, r.Type+"."+r.Field+" "+r.DataSource)
	}
	check(t, "resolvers in file order", resolvers, []string{"Query.todos list", "Mutation.addTodo add", "Query.todo todos"})
}

// TestLoadValues covers intrinsic and variable forms one value at a time.
func TestLoadValues(t *testing.T) {
	t.Parallel()
	const head = `service: svc
provider: {name: aws, stage: prod, region: ap-south-1}
custom:
  deep: {x: {y: deep-value}}
  num: 42
  list: [a, b]
  appsync-local:
    refs: {Ext: ext-ref}
    getAtts: {Ext.Url: "https://ext"}
functions:
  hello_world: {handler: h.h}
resources:
  Resources:
    Plain: {Type: AWS::DynamoDB::Table, Properties: {TableName: plain}}
    Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: fn-name}}
appSync:
  name: api
  authentication: {type: AWS_IAM}
  substitutions:
    v: `
	tests := []struct{ in, want string }{
		{`${self:custom.deep.x.y}`, "deep-value"},
		{`${self:custom.list.1}`, "b"},
		{`"n=${self:custom.num}"`, "n=42"},
		{`${self:custom.missing, 'fallback'}`, "fallback"},
		{`${self:custom.${self:provider.stage}, 'nested'}`, "nested"},
		{`${opt:stage}`, "prod"},
		{`${opt:region, 'x'}`, "ap-south-1"},
		{`${sls:stage}-${aws:region}-${aws:accountId}`, "prod-ap-south-1-123456789012"},
		{`${env:TABLE}`, "env-table"},
		{`${env:UNSET, 'dflt'}`, "dflt"},
		{`!Ref Plain`, "plain"},
		{`!Ref Fn`, "fn-name"},
		{`!GetAtt Fn.Arn`, "arn:aws:lambda:ap-south-1:123456789012:function:fn-name"},
		{`!GetAtt HelloUnderscoreworldLambdaFunction.Arn`, "arn:aws:lambda:ap-south-1:123456789012:function:hello_world"},
		{`!Ref Ext`, "ext-ref"},
		{`!GetAtt Ext.Url`, "https://ext"},
		{`!Ref AWS::StackName`, "svc-prod"},
		{`!Sub "${AWS::Region}/${Plain}/${!Literal}/${Fn.Arn}"`, "ap-south-1/plain/${Literal}/arn:aws:lambda:ap-south-1:123456789012:function:fn-name"},
		{`!Sub ["${A}-${B}", {A: !Ref Plain, B: b}]`, "plain-b"},
		{`{"Fn::Sub": "${Plain}"}`, "plain"},
		{`!Join ["", [x, !Ref Plain, {Ref: Fn}]]`, "xplainfn-name"},
		{`!Select [1, [a, b, c]]`, "b"},
		{`!Select [0, !Split [",", "p,q"]]`, "p"},
		{`!Base64 hi`, "aGk="},
		{`${self:custom}`, "error: v: expected a string, got a mapping"},
		{`"${self:custom.list}"`, "error: v: expected a string, got a sequence"},
		{`"x-${self:custom.list}"`, "error: v: cannot resolve ${self:custom.list}: it is a sequence, which cannot be part of a string; use it as the whole value or point it at a string"},
		{`{"Fn::ImportValue": {"Fn::Sub": "${Ext}-x"}}`, `error: v: cannot resolve !ImportValue ext-ref-x locally; set custom.appsync-local.importValues["ext-ref-x"] or write the value as a literal`},
		{`!GetAtt Plain.StreamArn`, `error: v: cannot resolve !GetAtt Plain.StreamArn: attribute StreamArn of AWS::DynamoDB::Table Plain has no local value; set custom.appsync-local.getAtts["Plain.StreamArn"] or write the value as a literal`},
		{`!GetAtt Plain`, `error: v: malformed !GetAtt: expected Resource.Attribute`},
		{`!Join [":"]`, `error: v: malformed !Join: expected [delimiter, [values]]`},
		{`!Foo bar`, `error: v: unknown tag !Foo; remove it or use a CloudFormation intrinsic (!Ref, !GetAtt, !Sub, !Join, !ImportValue)`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			dir := writeFiles(t, map[string]string{"serverless.yml": head + tc.in + "\n", "schema.graphql": "type Query { a: String }"})
			c, err := loader().Load(filepath.Join(dir, "serverless.yml"))
			if msg, ok := strings.CutPrefix(tc.want, "error: "); ok {
				var errs config.Errors
				if !errors.As(err, &errs) || len(errs) != 1 {
					t.Fatalf("Load: got %v, want one error", err)
				}
				check(t, "error", errs[0].Message, msg)
				check(t, "line", errs[0].Line, 20)
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			check(t, "v", c.Substitutions["v"], tc.want)
		})
	}
}

// TestLoadIncludes covers ${file(...)} for the appSync block, positions
// in the included file, and YAML anchors and merge keys.
func TestLoadIncludes(t *testing.T) {
	t.Parallel()
	const api = `name: included
authentication: {type: AWS_IAM}
substitutions: &lambda
  type: AWS_LAMBDA
dataSources:
  a: {<<: *lambda, config: {functionName: fa}}
  b:
    <<: [*lambda, {description: merged, type: NONE}]
    config: {functionName: fb}
resolvers:
  Query.a: {kind: UNIT, dataSource: a}
  Query.b: {kind: UNIT, dataSource: %s}
`
	files := func(ds string) map[string]string {
		return map[string]string{
			"serverless.yml":  "service: svc\nappSync: ${file(api/appsync.yml)}\n",
			"api/appsync.yml": strings.Replace(api, "%s", ds, 1),
			"schema.graphql":  "type Query { a: String b: String }",
		}
	}
	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		dir := writeFiles(t, files("b"))
		c := mustLoad(t, filepath.Join(dir, "serverless.yml"))
		check(t, "a", *c.DataSources["a"], config.DataSource{
			Name: "a", Type: config.DataSourceLambda, FunctionName: "fa",
			Config: map[string]any{"functionName": "fa"},
			Pos:    config.Pos{File: filepath.Join(dir, "api/appsync.yml"), Line: 6, Column: 3},
		})
		b := c.DataSources["b"]
		check(t, "b", b.Type+" "+b.Description+" "+b.FunctionName, "AWS_LAMBDA merged fb")
	})
	t.Run("errors in the included file", func(t *testing.T) {
		t.Parallel()
		dir := writeFiles(t, files("c"))
		_, err := loader().Load(filepath.Join(dir, "serverless.yml"))
		var errs config.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("Load: got %v, want Errors", err)
		}
		check(t, "errors", strings.ReplaceAll(errs.Error(), dir+string(filepath.Separator), ""),
			`api/appsync.yml:12:37: resolver Query.b uses unknown data source "c"; defined data sources are: a, b`)
	})
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"appsync.yml":    "name: min\nauthentication: {type: API_KEY}\n",
		"schema.graphql": "type Query { a: String }",
	})
	c := mustLoad(t, filepath.Join(dir, "appsync.yml"))
	check(t, "Schema", c.Schema, []string{filepath.Join(dir, "schema.graphql")})
	check(t, "Introspection", c.Introspection, true)
	check(t, "Port", c.Local.Port, config.DefaultPort)
	check(t, "Host", c.Local.Host, config.DefaultHost)
	check(t, "DataDir", c.Local.DataDir, filepath.Join(dir, ".appsync-local"))
	check(t, "APIID", c.Local.APIID, "local")
	check(t, "Stage", c.Local.Stage, "dev")
	check(t, "APIKeys", len(c.APIKeys), 1)
	check(t, "APIKey", c.APIKey(), config.APIKeyValue("min", "default"))
	check(t, "Resolvers", len(c.Resolvers), 0)

	iam := writeFiles(t, map[string]string{
		"appsync.yml":    "name: min\nauthentication: {type: AWS_IAM}\napiKeys: [unused]\n",
		"schema.graphql": "type Query { a: String }",
	})
	c = mustLoad(t, filepath.Join(iam, "appsync.yml"))
	check(t, "no API_KEY mode, no keys", c.APIKey(), "")
}

func TestAPIKeyValue(t *testing.T) {
	t.Parallel()
	a := config.APIKeyValue("blog", "default")
	if a != config.APIKeyValue("blog", "default") {
		t.Fatal("not stable")
	}
	if a == config.APIKeyValue("blog", "other") || a == config.APIKeyValue("other", "default") {
		t.Fatal("not distinct")
	}
	if len(a) != 30 || !strings.HasPrefix(a, "da2-") || strings.Trim(a[4:], "abcdefghijklmnopqrstuvwxyz234567") != "" {
		t.Fatalf("got %q, want da2- and 26 lowercase base32 characters", a)
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		files []string
		want  string
	}{
		{[]string{"appsync.yml", "appsync.yaml", "serverless.yml"}, "appsync.yml"},
		{[]string{"appsync.yaml", "serverless.yml"}, "appsync.yaml"},
		{[]string{"serverless.yml", "serverless.yaml"}, "serverless.yml"},
		{[]string{"serverless.yaml"}, "serverless.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{}
			for _, f := range tc.files {
				files[f] = ""
			}
			dir := writeFiles(t, files)
			got, err := config.Find(dir)
			if err != nil {
				t.Fatal(err)
			}
			check(t, "Find", got, filepath.Join(dir, tc.want))
		})
	}
	t.Run("none", func(t *testing.T) {
		t.Parallel()
		dir := writeFiles(t, map[string]string{"appsync.yml/x": ""}) // a directory is not a config
		_, err := config.Find(dir)
		if !errors.Is(err, config.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
		want := "config file not found in " + dir + ": looked for appsync.yml, appsync.yaml, serverless.yml and serverless.yaml; create one or pass the config path"
		check(t, "message", err.Error(), want)
	})
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	_, err := config.Load(filepath.Join(t.TempDir(), "appsync.yml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want a wrapped ErrNotExist", err)
	}
}

func check[T any](tb testing.TB, what string, got, want T) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
