package app

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/datasources/lambda"
	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers"
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
			problems = append(problems, &config.Error{Pos: r.Pos, Message: err.Error()})
			continue
		}
		res[r.Type+"."+r.Field] = rv
	}
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
	switch {
	case r.Kind == config.KindUnit && r.Runtime == config.RuntimeDirectLambda:
		ds := b.cfg.DataSources[r.DataSource]
		if ds == nil {
			return nil, fmt.Errorf("resolver %s.%s: unknown data source %q", r.Type, r.Field, r.DataSource)
		}
		if ds.Type != config.DataSourceLambda {
			return nil, fmt.Errorf("resolver %s.%s: a UNIT resolver without request/response templates or code is a direct Lambda resolver, but data source %q is %s; give it templates or code, or use an AWS_LAMBDA data source", r.Type, r.Field, ds.Name, ds.Type)
		}
		return &resolvers.DirectLambda{Source: b.lambda(ds)}, nil
	case r.Runtime == config.RuntimeVTL:
		return nil, fmt.Errorf("resolver %s.%s: VTL resolvers are %w in this version of appsync-local (direct Lambda resolvers are)", r.Type, r.Field, errUnsupported)
	default:
		return nil, fmt.Errorf("resolver %s.%s: %s %s resolvers are %w in this version of appsync-local; use kind: UNIT with an AWS_LAMBDA data source and no templates (a direct Lambda resolver)", r.Type, r.Field, r.Kind, r.Runtime, errUnsupported)
	}
}

func (b *builder) lambda(ds *config.DataSource) resolvers.DataSource {
	return &lambda.Source{Name: ds.Name, FunctionName: ds.FunctionName, Functions: b.functions}
}
