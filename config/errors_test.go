package config_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/config"
)

// base is the start of a valid appsync.yml that error cases extend.
const base = `name: api
authentication: {type: API_KEY}
pipelineFunctions:
  getPost: {dataSource: posts, request: req.vtl, response: res.vtl}
dataSources:
  posts: {type: AMAZON_DYNAMODB, config: {tableName: Posts}}
  fn: {type: AWS_LAMBDA, config: {functionName: fn}}
  none: {type: NONE}
`

// serverlessBase is the start of a valid serverless.yml.
const serverlessBase = `service: svc
provider: {name: aws}
resources:
  Resources:
    Role: {Type: AWS::IAM::Role}
appSync:
  name: api
  authentication: {type: API_KEY}
  dataSources:
`

// TestLoadErrors checks the exact "file:line:col: message" of each kind of
// mistake. Lines count from the top of the whole file (base is 8 lines,
// serverlessBase 9).
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		file  string // default appsync.yml
		files map[string]string
		in    string
		want  []string
	}{
		{
			name: "unknown key with suggestion",
			in:   base + "resolvers:\n  Query.post:\n    kind: UNIT\n    dataSorce: posts\n",
			want: []string{
				`appsync.yml:10:3: UNIT resolver Query.post has no dataSource; add dataSource: <data source name>`,
				`appsync.yml:12:5: unknown key "dataSorce" in resolver; did you mean "dataSource"?`,
			},
		},
		{
			name: "unknown top-level key without a close one",
			in:   base + "frobnicate: true\n",
			want: []string{`appsync.yml:9:1: unknown key "frobnicate" in appsync.yml; valid keys are: additionalAuthentications, apiId, apiKeys, authentication, caching, dataSources, domain, enhancedMetrics, environment, esbuild, introspection, local, logging, name, pipelineFunctions, queryDepthLimit, resolverCountLimit, resolvers, schema, substitutions, tags, visibility, waf, xrayEnabled`},
		},
		{
			name: "appSync key in appsync.yml",
			in:   "appSync:\n  name: api\n",
			want: []string{
				`appsync.yml:1:1: unknown key "appSync" in appsync.yml; in appsync.yml the whole file is the appSync block; move its keys to the top level, or name the file serverless.yml`,
				`appsync.yml:1:1: missing "name" in appsync.yml; add name: <API name>`,
				`appsync.yml:1:1: missing "authentication" in appsync.yml; add authentication: {type: API_KEY} (or AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_LAMBDA)`,
			},
		},
		{
			name: "wrong type",
			in:   strings.Replace(base, "name: api", "name: {first: api}", 1),
			want: []string{`appsync.yml:1:7: name: expected a string, got a mapping`},
		},
		{
			name: "wrong scalar type",
			in:   base + "queryDepthLimit: deep\nintrospection: 1\n",
			want: []string{
				`appsync.yml:9:18: queryDepthLimit: expected an integer, got a string`,
				`appsync.yml:10:16: introspection: expected a boolean (true or false), got a number`,
			},
		},
		{
			name: "out of range",
			in:   base + "queryDepthLimit: 100\n",
			want: []string{`appsync.yml:9:18: queryDepthLimit 100 is out of range; use 1..75`},
		},
		{
			name: "bad enum",
			in:   base + "resolvers:\n  Query.post: {kind: UNT, dataSource: posts}\n",
			want: []string{`appsync.yml:10:22: invalid kind "UNT" (did you mean UNIT?); use one of UNIT, PIPELINE`},
		},
		{
			name: "bad auth type",
			in:   strings.Replace(base, "type: API_KEY", "type: APIKEY", 1),
			want: []string{`appsync.yml:2:24: invalid authentication type "APIKEY" (did you mean API_KEY?); use one of API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_LAMBDA`},
		},
		{
			name: "missing required keys",
			in:   "schema: schema.graphql\ndataSources:\n  posts: {config: {}}\n  t: {type: AMAZON_DYNAMODB, config: {region: x}}\n  h: {type: HTTP}\n",
			want: []string{
				`appsync.yml:1:1: missing "name" in appsync.yml; add name: <API name>`,
				`appsync.yml:1:1: missing "authentication" in appsync.yml; add authentication: {type: API_KEY} (or AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_LAMBDA)`,
				`appsync.yml:3:3: missing "type" in data source posts; add type: one of AMAZON_DYNAMODB, AWS_LAMBDA, AMAZON_OPENSEARCH_SERVICE, HTTP, RELATIONAL_DATABASE, AMAZON_EVENTBRIDGE, AMAZON_BEDROCK_RUNTIME, NONE, AWS_STEP_FUNCTIONS`,
				`appsync.yml:4:38: missing "tableName" in AMAZON_DYNAMODB data source config; add tableName: <table name>`,
				`appsync.yml:5:3: missing "config" in HTTP data source h; add config: {endpoint: <https://host>}`,
			},
		},
		{
			name: "missing auth config",
			in:   strings.Replace(base, "{type: API_KEY}", "{type: AMAZON_COGNITO_USER_POOLS}", 1),
			want: []string{`appsync.yml:2:17: missing "config" in AMAZON_COGNITO_USER_POOLS authentication; add config: {userPoolId: <pool id>}`},
		},
		{
			name: "lambda target",
			in: base + "  f1: {type: AWS_LAMBDA, config: {functionName: a, functionArn: b}}\n" +
				"  f2: {type: AWS_LAMBDA, config: {functionAlias: live}}\n",
			want: []string{
				`appsync.yml:9:52: functionName and functionArn are exclusive in AWS_LAMBDA data source config; keep one`,
				`appsync.yml:10:34: missing "functionName" in AWS_LAMBDA data source config; add one of functionName, functionArn or function`,
			},
		},
		{
			name: "missing template and code files",
			in: base + "resolvers:\n  Query.post:\n    kind: UNIT\n    dataSource: posts\n    request: ./x.vtl\n    response: res.vtl\n" +
				"  Query.all:\n    functions: [getPost]\n    code: missing.js\n",
			want: []string{
				`appsync.yml:13:14: request template ./x.vtl not found`,
				`appsync.yml:17:11: code file missing.js not found`,
			},
		},
		{
			name: "request true",
			in:   base + "resolvers:\n  Query.post: {kind: UNIT, dataSource: posts, request: true}\n",
			want: []string{`appsync.yml:10:56: request: expected a file path or false, got true`},
		},
		{
			name:  "missing schema file",
			files: map[string]string{"schema.graphql": ""},
			in:    base + "schema: [schema.graphql, other.graphql, 'types/*.graphql']\n",
			want: []string{
				`appsync.yml:9:26: schema file other.graphql not found`,
				`appsync.yml:9:41: schema glob types/*.graphql matches no files`,
			},
		},
		{
			name:  "default schema missing",
			files: map[string]string{"schema.graphql": "-"}, // replaced below: no schema.graphql
			in:    base,
			want:  []string{`appsync.yml:1:1: schema file schema.graphql not found; create it or set schema: to your schema file(s)`},
		},
		{
			name: "unknown data source",
			in:   base + "resolvers:\n  Query.post: {kind: UNIT, dataSource: post}\n  Query.x: {kind: UNIT, dataSource: zzz}\n",
			want: []string{
				`appsync.yml:10:40: resolver Query.post uses unknown data source "post"; did you mean "posts"?`,
				`appsync.yml:11:37: resolver Query.x uses unknown data source "zzz"; defined data sources are: fn, none, posts`,
			},
		},
		{
			name: "unknown pipeline function",
			in:   base + "resolvers:\n  Query.post:\n    functions: [getPosts, nope]\n",
			want: []string{
				`appsync.yml:11:17: resolver Query.post uses unknown pipeline function "getPosts"; did you mean "getPost"?`,
				`appsync.yml:11:27: resolver Query.post uses unknown pipeline function "nope"; defined pipeline functions are: getPost`,
			},
		},
		{
			name: "UNIT without dataSource",
			in:   base + "resolvers:\n  Query.post: {kind: UNIT, functions: [getPost]}\n",
			want: []string{
				`appsync.yml:10:3: UNIT resolver Query.post has no dataSource; add dataSource: <data source name>`,
				`appsync.yml:10:28: functions is only for PIPELINE resolvers; remove it or set kind: PIPELINE`,
			},
		},
		{
			name: "PIPELINE without functions",
			in:   base + "resolvers:\n  Query.a: {dataSource: posts}\n  Query.b: {kind: PIPELINE}\n",
			want: []string{
				`appsync.yml:10:3: resolver Query.a is a PIPELINE resolver (the default kind) but has no functions; set kind: UNIT to use its dataSource`,
				`appsync.yml:11:3: PIPELINE resolver Query.b has no functions; add functions: [<function name>, ...], or set kind: UNIT with a dataSource`,
			},
		},
		{
			name: "resolver key not Type.field",
			in: base + "resolvers:\n  getPost: {kind: UNIT, dataSource: posts}\n  Query.post.x: posts\n" +
				"  named: {type: Query, field: named, kind: UNIT, dataSource: fn}\n",
			want: []string{
				`appsync.yml:10:3: resolver key "getPost" is not Type.field; name it Type.field or set type and field inside`,
				`appsync.yml:11:3: resolver key "Query.post.x" is not Type.field; name it Type.field, or give a mapping with type and field`,
			},
		},
		{
			name: "duplicate resolver and key",
			in: base + "resolvers:\n  - Query.post: {kind: UNIT, dataSource: fn}\n  - Query.post: {kind: UNIT, dataSource: fn}\n" +
				"    Query.x: {kind: UNIT, dataSource: fn, kind: UNIT}\n",
			want: []string{
				`appsync.yml:11:5: a resolver for Query.post is already defined at line 10; keep one`,
				`appsync.yml:12:43: duplicate key "kind" (first at line 12); remove one`,
			},
		},
		{
			name: "direct lambda needs a Lambda data source",
			in:   base + "resolvers:\n  Query.post: {kind: UNIT, dataSource: posts}\n  Query.fn: {kind: UNIT, dataSource: fn}\n",
			want: []string{`appsync.yml:10:3: resolver Query.post has no request, response or code, which only an AWS_LAMBDA data source allows (direct Lambda); posts is AMAZON_DYNAMODB: add code: or request:/response:`},
		},
		{
			name: "code and templates",
			in:   base + "resolvers:\n  Query.post: {functions: [getPost], code: req.vtl, request: req.vtl}\n",
			want: []string{`appsync.yml:10:53: code (APPSYNC_JS) and request (VTL) are exclusive; keep one runtime`},
		},
		{
			name: "api keys",
			in: base + "apiKeys:\n  - name: short\n    expiresAfter: 2h\n  - name: long\n    expiresAfter: 2y\n" +
				"  - name: bad\n    expiresAfter: soon\n  - {description: nameless}\n  - name: past\n    expiresAt: 2020-01-01T00:00:00Z\n  - short\n",
			want: []string{
				`appsync.yml:11:19: api key "short" must expire 1 to 365 days from now, not 2026-01-01T12:00:00Z; use expiresAfter between 1d and 365d`,
				`appsync.yml:13:19: api key "long" must expire 1 to 365 days from now, not 2028-01-01T10:00:00Z; use expiresAfter between 1d and 365d`,
				`appsync.yml:15:19: expiresAfter "soon" is not a duration; write a number and a unit such as 24h, 30d, 3M or 1y`,
				`appsync.yml:16:5: missing "name" in api key; add name: <key name>`,
				`appsync.yml:18:16: api key "past" must expire 1 to 365 days from now, not 2020-01-01T00:00:00Z; set expiresAt between 1 and 365 days from now, or use expiresAfter`,
				`appsync.yml:19:5: api key "short" is already defined at line 10; rename one`,
			},
		},
		{
			name: "invalid names",
			in:   base + "  my-ds: {type: NONE}\nresolvers:\n  Query.a: {type: Que-ry, kind: UNIT, dataSource: fn}\n",
			want: []string{
				`appsync.yml:9:3: data source name "my-ds" is not valid; use letters, digits and _ (not starting with a digit)`,
				`appsync.yml:11:19: type "Que-ry" is not a GraphQL name; use letters, digits and _`,
			},
		},
		{
			name: "invalid YAML",
			in:   "name: api\nauthentication: [\n",
			want: []string{`appsync.yml:2: invalid YAML: did not find expected node content`},
		},
		{
			name: "empty file",
			in:   "",
			want: []string{`appsync.yml:1:1: appsync.yml is empty; write the appSync block: name, authentication, dataSources, resolvers`},
		},
		{
			name: "unresolvable intrinsics in appsync.yml",
			in: base + "  t1: {type: AMAZON_DYNAMODB, config: {tableName: !ImportValue shared-table}}\n" +
				"  t2: {type: AMAZON_DYNAMODB, config: {tableName: !Ref Missing}}\n" +
				"  h: {type: HTTP, config: {endpoint: \"${ssm:/api/url}\"}}\n" +
				"  h2: {type: HTTP, config: {endpoint: !If [c, a, b]}}\n" +
				"substitutions:\n  who: ${self:custom.who}\n  env: ${env:NOPE}\n",
			want: []string{
				`appsync.yml:9:51: tableName: cannot resolve !ImportValue shared-table locally; set local.importValues["shared-table"] or write the value as a literal`,
				`appsync.yml:10:51: tableName: cannot resolve !Ref Missing: no resource or function named Missing in this file; set local.refs.Missing or write the value as a literal`,
				`appsync.yml:11:38: endpoint: cannot resolve ${ssm:/api/url}: ssm variables are not resolved locally; set local.variables["ssm:/api/url"] or write the value as a literal`,
				`appsync.yml:12:39: endpoint: cannot resolve !If: this intrinsic is not evaluated locally; write the value as a literal`,
				`appsync.yml:14:8: who: cannot resolve ${self:custom.who}: custom.who is not defined in appsync.yml; set local.variables["self:custom.who"] or write the value as a literal`,
				`appsync.yml:15:8: env: cannot resolve ${env:NOPE}: environment variable NOPE is not set; set local.variables["env:NOPE"] or write the value as a literal`,
			},
		},
		{
			name: "unresolvable intrinsics in serverless.yml",
			file: "serverless.yml",
			in: serverlessBase + "    t: {type: AMAZON_DYNAMODB, config: {tableName: !GetAtt Role.Arn}}\n" +
				"    f: {type: AWS_LAMBDA, config: {functionArn: !GetAtt nope.Arn}}\n",
			want: []string{
				`serverless.yml:10:52: tableName: cannot resolve !GetAtt Role.Arn: attribute Arn of AWS::IAM::Role Role has no local value; set custom.appsync-local.getAtts["Role.Arn"] or write the value as a literal`,
				`serverless.yml:11:49: functionArn: cannot resolve !GetAtt nope.Arn: no resource or function named nope in this file; set custom.appsync-local.getAtts["nope.Arn"] or write the value as a literal`,
			},
		},
		{
			name: "serverless.yml without appSync",
			file: "serverless.yml",
			in:   "service: svc\ncustom:\n  appSync:\n    name: api\n",
			want: []string{`serverless.yml:3:3: custom.appSync is the serverless-appsync-plugin v1 layout; move the block to a top-level appSync: key (v2)`},
		},
		{
			name: "local settings misplaced in serverless.yml",
			file: "serverless.yml",
			in:   serverlessBase + "    none: {type: NONE}\n  local: {port: 1}\ncustom:\n  appsync-local: {prot: 1}\n",
			want: []string{
				`serverless.yml:11:3: unknown key "local" in appSync; local settings go under custom.appsync-local in serverless.yml; move them there`,
				`serverless.yml:13:19: unknown key "prot" in custom.appsync-local; did you mean "port"?`,
			},
		},
		{
			name: "local settings",
			in:   base + "local:\n  port: 70000\n  dynamodb: {endpont: x}\n  refs: {A: !Ref B}\n  stepFunctions: {stateMachines: {m: {definition: nope.json}}}\n",
			want: []string{
				`appsync.yml:10:9: port 70000 is out of range; use 0..65535`,
				`appsync.yml:11:14: unknown key "endpont" in local.dynamodb; did you mean "endpoint"?`,
				`appsync.yml:12:13: A: expected a plain string (no variables or intrinsics), got !Ref (an intrinsic function)`,
				`appsync.yml:13:51: state machine definition nope.json not found`,
			},
		},
		{
			name: "alias loop",
			in:   base + "substitutions: &a\n  x: *a\n",
			want: []string{`appsync.yml:10:6: x: expected a string, got a mapping`},
		},
		{
			name: "variable loop",
			in:   base + "substitutions:\n  x: ${self:substitutions.x}\n",
			want: []string{`appsync.yml:10:6: x: variables nested more than 64 deep; remove the variable loop`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			file := tc.file
			if file == "" {
				file = "appsync.yml"
			}
			files := map[string]string{
				file:             tc.in,
				"schema.graphql": "type Query { a: String }",
				"req.vtl":        "{}",
				"res.vtl":        "$util.toJson($ctx.result)",
			}
			for k, v := range tc.files {
				files[k] = v
				if v == "-" {
					delete(files, k)
				}
			}
			dir := writeFiles(t, files)
			_, err := loader().Load(filepath.Join(dir, file))
			var errs config.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load: got %v, want config.Errors", err)
			}
			got := strings.Split(strings.ReplaceAll(errs.Error(), dir+string(filepath.Separator), ""), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.want, "\n     "))
			}
		})
	}
}
