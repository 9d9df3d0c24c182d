// Package config loads the configuration of an appsync-local API: the
// appSync block of serverless-appsync-plugin v2, which AppSync users already
// write, plus the settings that exist only for the emulator.
//
// # Files
//
// Find looks in a directory for appsync.yml, appsync.yaml, serverless.yml and
// serverless.yaml, in that order. In appsync.yml the whole file is the appSync
// block, and local settings sit under a top-level local key:
//
//	name: blog
//	authentication: {type: API_KEY}
//	dataSources:
//	  posts: {type: AMAZON_DYNAMODB, config: {tableName: Posts}}
//	resolvers:
//	  Query.post: {kind: UNIT, dataSource: posts, request: get.vtl, response: out.vtl}
//	local:
//	  port: 20002
//	  dynamodb: {tables: {Posts: {hashKey: id}}}
//
// The local keys are port, host, dataDir, apiId, stage, region, dynamodb
// {endpoint, tables}, databases, lambda {endpoint}, stepFunctions
// {stateMachines, executionUpdates {field}, store}, refs, getAtts, importValues and
// variables; see Local.
//
// In serverless.yml the block is the top-level appSync key and the local
// settings live under custom.appsync-local; every other Serverless key
// (service, provider, functions, resources, plugins, custom...) is allowed
// and read only to resolve values.
//
// # What Load checks
//
// Load decodes strictly and reports every problem it finds, not only the
// first, as Errors: each Error carries the file, line and column of the
// offending node and a message that ends with the fix when there is one. It checks unknown keys
// (suggesting the closest known one), value types, enumerations, required
// keys, that schema, template and code files exist, that resolvers name
// defined data sources and pipeline functions, that UNIT resolvers have a
// data source and PIPELINE ones functions, and resolver keys of the form
// Type.field. Whether Type.field exists in the schema is left to the schema
// package, which can point at Resolver.Pos.
//
// Deploy-only keys (caching, logging, xrayEnabled, visibility, domain, waf,
// enhancedMetrics, tags, esbuild, apiId; per resolver caching, sync and
// metricsConfig) are accepted and ignored.
//
// # Values that only exist after deploy
//
// Values may be CloudFormation intrinsics in short (!Ref X, !GetAtt A.B,
// !Sub, !Join, !ImportValue, !Select, !Split, !Base64) or long ({Ref: X},
// {"Fn::GetAtt": [A, B]}) form, and strings may hold Serverless variables
// (${self:path}, ${sls:stage}, ${opt:stage}, ${opt:region}, ${aws:region},
// ${aws:accountId}, ${env:NAME}, ${file(path):key}, with fallbacks such as
// ${opt:stage, 'dev'}). They are resolved where the file itself defines the
// target:
//
//   - !Ref Fn and !GetAtt Fn.Arn, where Fn is a key under functions (or its
//     logical id FnLambdaFunction), give the function name Fn and its ARN;
//   - !Ref T and !GetAtt T.Arn, where T is an AWS::DynamoDB::Table under
//     resources.Resources, give its TableName and
//     arn:aws:dynamodb:<region>:123456789012:table/<name>;
//   - pseudo parameters give the local region, account 123456789012 and
//     stack <service>-<stage>; the stage is local stage, else provider.stage,
//     else dev.
//
// The local settings refs, getAtts, importValues and variables supply any
// other value, keyed X, "A.B", the export name, and the text inside ${} (such
// as "ssm:/my/param"); they win over what the file defines. They, stage and
// region must be plain strings. Where a value the emulator needs (a table name, a Lambda
// function, an HTTP endpoint, a path, a substitution) cannot be resolved,
// the error names the key and the setting that would supply it. Values the
// emulator does not use (role ARNs, IAM statements) stay in CloudFormation
// JSON form in the Config maps.
//
// Inline data sources (a mapping as a resolver's or function's dataSource) and
// inline pipeline functions (a mapping in a resolver's functions) are
// registered under generated names as the plugin does: Query_user for the
// resolver Query.user, Query_user_0 for its first inline function, the
// function's name for a function's inline data source; a suffix _2, _3...
// avoids clashes.
//
// # Lifecycle
//
// Load is a pure function of the file system, the clock (API key expiry) and
// the environment (${env:...}); Loader injects the last two. The returned
// Config is not changed afterwards and may be shared.
package config
