package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Authentication types accepted in authentication and additionalAuthentications.
const (
	AuthAPIKey  = "API_KEY"
	AuthIAM     = "AWS_IAM"
	AuthCognito = "AMAZON_COGNITO_USER_POOLS"
	AuthOIDC    = "OPENID_CONNECT"
	AuthLambda  = "AWS_LAMBDA"
)

// Data source types accepted in dataSources.
const (
	DataSourceDynamoDB    = "AMAZON_DYNAMODB"
	DataSourceLambda      = "AWS_LAMBDA"
	DataSourceOpenSearch  = "AMAZON_OPENSEARCH_SERVICE"
	DataSourceHTTP        = "HTTP"
	DataSourceRDS         = "RELATIONAL_DATABASE"
	DataSourceEventBridge = "AMAZON_EVENTBRIDGE"
	DataSourceBedrock     = "AMAZON_BEDROCK_RUNTIME"
	DataSourceNone        = "NONE"
	// DataSourceStepFunctions is appsync-local's built-in Step Functions
	// data source (not an AWS type: AppSync reaches Step Functions through
	// an HTTP data source, which works here too).
	DataSourceStepFunctions = "AWS_STEP_FUNCTIONS"
)

// Resolver kinds.
const (
	KindUnit     = "UNIT"
	KindPipeline = "PIPELINE"
)

// Runtimes of resolvers and pipeline functions, chosen the way
// serverless-appsync-plugin chooses them (see Resolver.Runtime).
const (
	RuntimeVTL          = "VTL"
	RuntimeJS           = "APPSYNC_JS"
	RuntimeDirectLambda = "DIRECT_LAMBDA"
)

// DefaultPipelineCode is the APPSYNC_JS handler serverless-appsync-plugin
// deploys for a PIPELINE resolver that has neither code nor templates. A
// Resolver with Runtime APPSYNC_JS and an empty Code runs it.
const DefaultPipelineCode = `export function request() {
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
`

// Defaults for the local settings.
const (
	DefaultPort    = 20002
	DefaultHost    = "127.0.0.1"
	DefaultDataDir = ".appsync-local"
	DefaultAPIID   = "local"
	DefaultStage   = "dev"
	DefaultRegion  = "us-east-1"
	// AccountID is the AWS account used in ARNs and AWS::AccountId.
	AccountID = "123456789012"
)

// Config is a loaded and validated config file: the appSync block of
// serverless-appsync-plugin v2 plus the local settings. Every path in it is
// absolute, and every CloudFormation intrinsic the emulator needs is resolved.
type Config struct {
	File string // absolute path of the config file
	Dir  string // its directory; relative paths inside are resolved against it

	Name    string
	NamePos Pos

	// Schema lists the schema files, absolute, in the order written, globs
	// expanded (each glob's matches sorted). Default schema.graphql.
	Schema    []string
	SchemaPos Pos

	Authentication            Auth
	AdditionalAuthentications []Auth

	// APIKeys are the keys to accept when some auth mode is API_KEY; nil
	// otherwise. A key named "default" is added when that mode is used and
	// apiKeys is not given.
	APIKeys []APIKey

	DataSources       map[string]*DataSource // includes inline data sources under generated names
	Resolvers         []*Resolver            // in file order
	PipelineFunctions map[string]*Function   // includes inline functions under generated names

	Substitutions map[string]string
	Environment   map[string]string

	QueryDepthLimit    int  // 0 = unlimited; else 1..75
	ResolverCountLimit int  // 0 = unlimited; else 1..10000
	Introspection      bool // default true

	Local Local
}

// APIKey returns the value of the first API key, or "" when the API has none.
func (c *Config) APIKey() string {
	if len(c.APIKeys) == 0 {
		return ""
	}
	return c.APIKeys[0].Value
}

// AuthTypes returns the type of the default authentication followed by the
// additional ones.
func (c *Config) AuthTypes() []string {
	out := []string{c.Authentication.Type}
	for _, a := range c.AdditionalAuthentications {
		out = append(out, a.Type)
	}
	return out
}

// Auth is one authentication mode.
type Auth struct {
	Type string // AuthAPIKey, AuthIAM, AuthCognito, AuthOIDC or AuthLambda
	// Config is the mode's config block as written (keys as in the file,
	// for example userPoolId, issuer, clientId, functionName), with
	// intrinsics resolved where possible. Values are string, bool, int,
	// float64, nil, []any or map[string]any; an intrinsic that cannot be
	// resolved locally stays in its CloudFormation JSON form, such as
	// map[string]any{"Fn::ImportValue": "x"}.
	Config map[string]any
	// FunctionName is the authorizer function of an AWS_LAMBDA mode,
	// derived as for DataSource.FunctionName.
	FunctionName string
	Pos          Pos
}

// APIKey is one API key.
type APIKey struct {
	Name, Description string
	// Value is apiKeyId when given, else a stable key "da2-" followed by 26
	// lowercase base32 characters derived from the API and key names, the
	// same on every start.
	Value   string
	Expires time.Time
	Pos     Pos
}

// DataSource is one data source.
type DataSource struct {
	Name, Type, Description string
	// Config is the config block as written; see Auth.Config for the
	// value types.
	Config map[string]any
	Pos    Pos

	// FunctionName is, for AWS_LAMBDA, the function to invoke: functionName,
	// or the name part of functionArn, or the key of the serverless function
	// that functionArn references with !GetAtt Fn.Arn or !Ref Fn, or the data
	// source's own name for an inline function.
	FunctionName string
	// TableName is, for AMAZON_DYNAMODB, the table.
	TableName string
	// Endpoint is, for HTTP and AMAZON_OPENSEARCH_SERVICE, the endpoint URL.
	Endpoint string
}

// Resolver is one resolver.
type Resolver struct {
	Type, Field string
	Kind        string // KindUnit or KindPipeline (the plugin's default)
	DataSource  string // UNIT only
	Functions   []string
	// Request, Response and Code are absolute paths, "" when absent
	// (request and response may be written as false).
	Request, Response, Code string
	// Runtime is RuntimeJS when code is given; else RuntimeVTL when request
	// or response is given (even as false); else RuntimeJS with an empty Code
	// (DefaultPipelineCode) for a PIPELINE resolver and RuntimeDirectLambda for
	// a UNIT one.
	Runtime      string
	MaxBatchSize int
	// Substitutions are the global substitutions overridden by the
	// resolver's own.
	Substitutions map[string]string
	Pos           Pos // of the resolver's key, for schema checks
}

// Function is one pipeline function.
type Function struct {
	Name, Description       string
	DataSource              string
	Request, Response, Code string
	// Runtime is RuntimeJS when code is given, RuntimeVTL when request or
	// response is given, else RuntimeDirectLambda.
	Runtime       string
	MaxBatchSize  int
	Substitutions map[string]string // global overridden by the function's own
	Pos           Pos
}

// Local holds the settings that exist only for the emulator: local: in
// appsync.yml, custom.appsync-local: in serverless.yml.
type Local struct {
	Port    int    // default DefaultPort; 0 picks a free port
	Host    string // default DefaultHost
	DataDir string // absolute; default DefaultDataDir in the config's directory
	APIID   string // default DefaultAPIID
	Stage   string // ${sls:stage}, ${opt:stage}; default provider.stage, else DefaultStage
	Region  string // AWS::Region, ${opt:region}; default provider.region, else DefaultRegion

	DynamoDB struct {
		// Endpoint is empty for the embedded store, else a DynamoDB URL.
		Endpoint string
		// Tables maps a table name to its definition: as written under
		// local.dynamodb.tables (for example {hashKey: id}), or, for a table
		// declared as AWS::DynamoDB::Table under resources and not listed
		// there, the resource's CloudFormation Properties (KeySchema,
		// AttributeDefinitions, GlobalSecondaryIndexes, ...).
		Tables map[string]map[string]any
	}
	// Databases maps a RELATIONAL_DATABASE data source (or database) name
	// to a connection URL.
	Databases map[string]string
	Lambda    struct {
		// Endpoint serves the Lambda Invoke API for functions not
		// registered in-process.
		Endpoint string
	}
	StepFunctions struct {
		// StateMachines maps a name to its settings as written; a string
		// definition is made an absolute path.
		StateMachines map[string]map[string]any
		// ExecutionUpdates, when Field is set, publishes every Standard
		// execution's history events and status changes to that
		// subscription field ("Subscription.onExecutionUpdate").
		ExecutionUpdates ExecutionUpdates
		// Store is where machines, executions and tasks are kept: "" or
		// "sqlite" (stepfunctions.sqlite in the data dir), "sqlite:PATH",
		// "memory" (lost at exit), or a postgres:// URL (shared by every
		// process using it). SFN_STORE_URL overrides it.
		Store string
	}

	// Values for intrinsics the file cannot resolve by itself: !Ref X,
	// !GetAtt X.Attr, !ImportValue X, and serverless variables ${source}
	// keyed by their text inside ${}, such as "ssm:/my/param".
	Refs, GetAtts, ImportValues, Variables map[string]string

	Pos Pos
}

// ExecutionUpdates is local.stepFunctions.executionUpdates.
type ExecutionUpdates struct {
	// Type and Field name the subscription field, split from "Type.field".
	Type, Field string
	Pos         Pos // of the field value, for schema checks
}

// Names of config files, in the order Find tries them.
var configNames = []string{"appsync.yml", "appsync.yaml", "serverless.yml", "serverless.yaml"}

// Find returns the path of the config file in dir: appsync.yml, else
// appsync.yaml, else serverless.yml, else serverless.yaml. When there is none
// it returns an error wrapping ErrNotFound that names the files it looked for.
func Find(dir string) (string, error) {
	for _, name := range configNames {
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("find config in %s: %w", dir, err)
		}
	}
	return "", fmt.Errorf("%w in %s: looked for appsync.yml, appsync.yaml, serverless.yml and serverless.yaml; create one or pass the config path", ErrNotFound, dir)
}

// Loader loads config files. Its zero value uses the real clock and
// environment.
type Loader struct {
	// Now is the clock for API key expiry; default time.Now.
	Now func() time.Time
	// LookupEnv resolves ${env:NAME}; default os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// Load reads and strictly validates the config file at path with the zero
// Loader. See Loader.Load.
func Load(path string) (*Config, error) {
	return Loader{}.Load(path)
}

// Load reads and strictly validates the config file at path. A file named
// serverless.yml or serverless.yaml (or any file with a top-level appSync key)
// is read as a Serverless Framework service; any other file is the appSync
// block itself plus a top-level local key. Relative paths inside are resolved
// against the file's directory, and the schema, template and code files must
// exist.
//
// When the file cannot be read Load returns that error, wrapped. When the
// config is invalid it returns Errors, with every problem found, each with
// its position and a fix.
func (l Loader) Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", path, err)
	}
	return l.parse(path, abs, data)
}
