package app

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/dynamo"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/datasources/lambda"
	"github.com/appsync-local/appsync-local/datasources/none"
	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
	"github.com/appsync-local/appsync-local/schema"
	"github.com/appsync-local/appsync-local/server"
)

// Problems is every problem found while building an API, each one
// "file:line:col: message", in the order found.
type Problems []error

func (p Problems) Error() string {
	lines := make([]string, len(p))
	for i, e := range p {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// readSchema reads the config's schema files.
func readSchema(cfg *config.Config) ([]schema.Source, error) {
	var out []schema.Source
	for _, path := range cfg.Schema {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, &config.Error{Pos: cfg.SchemaPos, Message: fmt.Sprintf("read schema %s: %v", path, err)}
		}
		out = append(out, schema.Source{Name: displayPath(path), Input: string(b)})
	}
	return out, nil
}

// displayPath shortens an absolute path to one relative to the working
// directory when it lies below it, so messages read like the config's own.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}

// builder turns a config and a schema into a server.API.
type builder struct {
	cfg       *config.Config
	functions *gohandler.Registry
	log       *slog.Logger
	runtime   *resolvers.Runtime
	sources   map[string]resolvers.DataSource
	dynamo    *dynamodb.Client // nil when the config uses no DynamoDB, and at validate
	// httpTimeout bounds each HTTP data source call; 0: httpsource.DefaultTimeout.
	httpTimeout time.Duration
	// lambdaRemote calls the Invoke API at local.lambda.endpoint; built on first use.
	lambdaRemote lambda.Client
	// postgres holds the process's Postgres pools; nil at validate.
	postgres *pgPools
	// sfnAPI serves the Step Functions API (app/build_sfn.go); nil at validate.
	sfnAPI http.Handler
}

// build builds the API. strict makes a resolver for a field missing from the
// schema an error (config files); uploads pass false, and such resolvers are
// left detached, as AppSync leaves them.
func (b *builder) build(sources []schema.Source, strict bool) (*server.API, error) {
	s, err := schema.Load(sources...)
	if err != nil {
		return nil, err
	}
	var problems Problems
	res := map[string]executor.Resolver{}
	for _, r := range b.cfg.Resolvers {
		if msg := fieldMissing(s, r.Type, r.Field); msg != "" {
			if strict {
				problems = append(problems, &config.Error{Pos: r.Pos, Message: msg})
			} else {
				b.log.Warn("resolver left detached: its field is not in the uploaded schema", "resolver", r.Type+"."+r.Field)
			}
			continue
		}
		rv, err := b.resolver(r)
		if err != nil {
			var ve *vtl.Error
			if errors.As(err, &ve) {
				problems = append(problems, err) // already file:line:col
			} else {
				problems = append(problems, &config.Error{Pos: r.Pos, Message: err.Error()})
			}
			continue
		}
		res[r.Type+"."+r.Field] = rv
	}
	problems = append(problems, b.checkExecutionUpdates(s)...)
	if len(problems) > 0 {
		return nil, problems
	}
	ex, err := executor.New(executor.Params{
		Schema:             s,
		Resolvers:          res,
		QueryDepthLimit:    b.cfg.QueryDepthLimit,
		ResolverCountLimit: b.cfg.ResolverCountLimit,
		Logger:             b.log,
	})
	if err != nil {
		return nil, err
	}
	api := &server.API{
		ID:            b.cfg.Local.APIID,
		Name:          b.cfg.Name,
		Schema:        ex,
		AuthModes:     b.cfg.AuthTypes(),
		Introspection: b.cfg.Introspection,
	}
	for _, k := range b.cfg.APIKeys {
		api.APIKeys = append(api.APIKeys, server.APIKey{Value: k.Value, Expires: k.Expires})
	}
	for _, src := range sources {
		api.SDL += src.Input + "\n"
	}
	return api, nil
}

func fieldMissing(s *ast.Schema, typ, field string) string {
	def := s.Types[typ]
	if def == nil {
		return fmt.Sprintf("resolver %s.%s: the schema has no type %s; fix the resolver key or add the type to the schema", typ, field, typ)
	}
	if def.Fields.ForName(field) == nil {
		return fmt.Sprintf("resolver %s.%s: type %s has no field %s; fix the resolver key or add the field to the schema", typ, field, typ, field)
	}
	return ""
}

// errUnsupported marks resolver kinds this version cannot run yet.
var errUnsupported = errors.New("not supported yet")

// resolver builds the executor.Resolver for one configured resolver.
func (b *builder) resolver(r *config.Resolver) (executor.Resolver, error) {
	name := r.Type + "." + r.Field
	switch {
	case r.Kind == config.KindUnit && r.Runtime == config.RuntimeDirectLambda:
		ds := b.cfg.DataSources[r.DataSource]
		if ds == nil {
			return nil, fmt.Errorf("resolver %s: unknown data source %q", name, r.DataSource)
		}
		if ds.Type != config.DataSourceLambda {
			return nil, fmt.Errorf("resolver %s: a UNIT resolver without request/response templates or code is a direct Lambda resolver, but data source %q is %s; give it templates or code, or use an AWS_LAMBDA data source", name, ds.Name, ds.Type)
		}
		return &resolvers.DirectLambda{Source: b.lambda(ds), MaxBatchSize: r.MaxBatchSize}, nil
	case r.Kind == config.KindUnit && r.Runtime == config.RuntimeVTL:
		src, err := b.dataSource(r.DataSource)
		if err != nil {
			return nil, fmt.Errorf("resolver %s: %w", name, err)
		}
		m, err := b.mapping(r.Request, r.Response, r.Substitutions)
		if err != nil {
			return nil, err
		}
		return &resolvers.VTLUnit{Source: src, Mapping: m, Runtime: b.runtime, MaxBatchSize: r.MaxBatchSize}, nil
	case r.Kind == config.KindPipeline && r.Runtime == config.RuntimeVTL:
		m, err := b.mapping(r.Request, r.Response, r.Substitutions)
		if err != nil {
			return nil, err
		}
		pl := &resolvers.Pipeline{Before: m.Request, After: m.Response, Runtime: b.runtime}
		for _, fname := range r.Functions {
			fn, err := b.function(fname)
			if err != nil {
				return nil, fmt.Errorf("resolver %s: %w", name, err)
			}
			pl.Functions = append(pl.Functions, fn)
		}
		return pl, nil
	default:
		return nil, fmt.Errorf("resolver %s: %s resolvers with the %s runtime are %w in this version of appsync-local; use VTL templates or a direct Lambda resolver", name, r.Kind, r.Runtime, errUnsupported)
	}
}

// function builds one pipeline function.
func (b *builder) function(name string) (*resolvers.Function, error) {
	f := b.cfg.PipelineFunctions[name]
	if f == nil {
		return nil, fmt.Errorf("unknown pipeline function %q", name)
	}
	if f.Runtime != config.RuntimeVTL {
		return nil, fmt.Errorf("pipeline function %s: the %s runtime is %w in this version of appsync-local; give it request/response templates", name, f.Runtime, errUnsupported)
	}
	src, err := b.dataSource(f.DataSource)
	if err != nil {
		return nil, fmt.Errorf("pipeline function %s: %w", name, err)
	}
	m, err := b.mapping(f.Request, f.Response, f.Substitutions)
	if err != nil {
		return nil, err
	}
	return &resolvers.Function{Name: name, Source: src, Mapping: m}, nil
}

// dataSource returns the data source named name, built once per API.
func (b *builder) dataSource(name string) (resolvers.DataSource, error) {
	if src, ok := b.sources[name]; ok {
		return src, nil
	}
	ds := b.cfg.DataSources[name]
	if ds == nil {
		return nil, fmt.Errorf("unknown data source %q", name)
	}
	var src resolvers.DataSource
	switch ds.Type {
	case config.DataSourceLambda:
		src = b.lambda(ds)
	case config.DataSourceNone:
		src = none.Source{}
	case config.DataSourceDynamoDB:
		versioned, _ := ds.Config["versioned"].(bool)
		var client dynamo.Client
		if b.dynamo != nil { // nil at validate, which invokes nothing
			client = b.dynamo
		}
		d := &dynamo.Source{Name: name, TableName: ds.TableName, Client: client, Versioned: versioned}
		if sync, ok := ds.Config["deltaSyncConfig"].(map[string]any); ok {
			switch ttl := sync["baseTableTTL"].(type) { // minutes
			case int:
				d.BaseTableTTL = time.Duration(ttl) * time.Minute
			case float64:
				d.BaseTableTTL = time.Duration(ttl * float64(time.Minute))
			}
		}
		src = d
	case config.DataSourceRDS:
		p, err := b.postgresSource(name, ds)
		if err != nil {
			return nil, err
		}
		src = p
	case config.DataSourceHTTP:
		h, err := b.httpSource(ds)
		if err != nil {
			return nil, err
		}
		src = h
	case config.DataSourceStepFunctions:
		f, err := b.sfnSource(ds)
		if err != nil {
			return nil, err
		}
		src = f
	default:
		return nil, fmt.Errorf("data source %s: type %s is %w in this version of appsync-local (AMAZON_DYNAMODB, AWS_LAMBDA, HTTP, RELATIONAL_DATABASE, AWS_STEP_FUNCTIONS and NONE are)", name, ds.Type, errUnsupported)
	}
	if b.sources == nil {
		b.sources = map[string]resolvers.DataSource{}
	}
	b.sources[name] = src
	return src, nil
}

// mapping parses a request/response template pair ("" = omitted), with
// the substitutions applied as the plugin does at deploy time.
func (b *builder) mapping(request, response string, subs map[string]string) (resolvers.Mapping, error) {
	var m resolvers.Mapping
	var err error
	if m.Request, err = b.template(request, subs); err != nil {
		return m, err
	}
	m.Response, err = b.template(response, subs)
	return m, err
}

func (b *builder) template(path string, subs map[string]string) (*vtl.Template, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template %s: %w", displayPath(path), err)
	}
	return vtl.Parse(displayPath(path), substitute(string(data), subs))
}

// substitute replaces ${name} with the substitution's value.
func substitute(text string, subs map[string]string) string {
	if len(subs) == 0 || !strings.Contains(text, "${") {
		return text
	}
	pairs := make([]string, 0, 2*len(subs))
	for k, v := range subs {
		pairs = append(pairs, "${"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

func (b *builder) lambda(ds *config.DataSource) *lambda.Source {
	return &lambda.Source{Name: ds.Name, FunctionName: ds.FunctionName, Functions: b.functions,
		Remote: b.lambdaClient(), Endpoint: b.cfg.Local.Lambda.Endpoint}
}
