package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers/builtins"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// Mapping is a VTL request/response template pair; either may be nil
// (`request: false` in the config): no request template sends an empty
// request document, no response template passes the result through.
type Mapping struct {
	Request, Response *vtl.Template
}

// Runtime is what template evaluation needs from the process.
type Runtime struct {
	Now func() time.Time // nil: time.Now
	Log *slog.Logger     // $util.log output; nil discards
}

// authTypes maps the auth mode to $util.authType()'s text.
var authTypes = map[string]string{
	"API_KEY":                   "API Key Authorization",
	"AWS_IAM":                   "IAM Authorization",
	"AMAZON_COGNITO_USER_POOLS": "User Pool Authorization",
	"OPENID_CONNECT":            "Open ID Connect Authorization",
	"AWS_LAMBDA":                "Lambda Authorization",
}

func (r *Runtime) env(p *executor.ResolveParams) *builtins.Env {
	env := &builtins.Env{FieldName: p.Info.FieldName, ParentTypeName: p.Info.ParentTypeName, AuthType: authTypes[p.Request.AuthType]}
	if r != nil {
		env.Now, env.Log = r.Now, r.Log
	}
	return env
}

// vars are a template's root references.
func vars(c *Context, env *builtins.Env) map[string]any {
	util := builtins.Util(env)
	vs := map[string]any{"ctx": c.Map, "context": c.Map, "util": util, "utils": util}
	if c.Extensions != nil {
		vs["extensions"] = c.Extensions
	}
	return vs
}

// VTLUnit is a UNIT resolver with VTL templates on a data source.
type VTLUnit struct {
	Source       DataSource
	Mapping      Mapping
	Runtime      *Runtime
	MaxBatchSize int // for BatchInvoke; 0: the whole list in one call
}

// Resolve runs request template, data source and response template.
func (u *VTLUnit) Resolve(ctx context.Context, p *executor.ResolveParams) (any, error) {
	c := NewContext(p)
	env := u.Runtime.env(p)
	ctx = batch.With(ctx, p.Batch, u.MaxBatchSize)
	v, err := step(ctx, c, env, u.Source, u.Mapping)
	return finish(p, v, err, env)
}

// finish turns a resolution's outcome into what the executor expects:
// template errors become field errors, appended errors ride along.
func finish(p *executor.ResolveParams, v any, err error, env *builtins.Env) (any, error) {
	for name, vals := range env.ResponseHeaders() {
		p.Request.SetResponseHeader(name, vals[len(vals)-1])
	}
	if err != nil {
		return nil, err
	}
	appended := env.Errors()
	if len(appended) == 0 {
		return v, nil
	}
	r := &executor.Result{Value: v}
	for _, e := range appended {
		r.Errors = append(r.Errors, &executor.Error{Message: e.Message, Type: e.Type, Data: e.Data, Info: e.Info})
	}
	return r, nil
}

// step runs one request template → data source → response template, the
// unit of both UNIT resolvers and pipeline functions. #return in either
// template ends the step with its value.
func step(ctx context.Context, c *Context, env *builtins.Env, ds DataSource, m Mapping) (any, error) {
	vs := vars(c, env)
	req := value.NewMap()
	if m.Request != nil {
		res, err := m.Request.Execute(vs)
		if err != nil {
			return nil, templateError(err)
		}
		if res.Returned {
			return res.Value, nil
		}
		doc, err := parseOutput(m.Request.Name(), res.Output)
		if err != nil {
			return nil, err
		}
		d, ok := doc.(*value.Map)
		if !ok {
			return nil, &executor.Error{Type: "MappingTemplate", Message: fmt.Sprintf("%s: the request mapping template must render a JSON object, got %s", m.Request.Name(), value.TypeOf(doc))}
		}
		req = d
	}
	result, dsErr := ds.Invoke(ctx, req)
	result = value.From(result)
	if dsErr != nil {
		version, _ := req.Get("version")
		if m.Response == nil || version == "2017-02-28" {
			// With 2017-02-28, data source errors surface as they are; the
			// response template never sees them.
			return nil, dataSourceError(dsErr, result)
		}
		msg, typ := errorParts(dsErr)
		c.SetError(msg, typ, result)
	} else {
		c.SetResult(result)
	}
	if m.Response == nil {
		return result, nil
	}
	res, err := m.Response.Execute(vs)
	if err != nil {
		return nil, templateError(err)
	}
	if res.Returned {
		return res.Value, nil
	}
	return parseOutput(m.Response.Name(), res.Output)
}

func errorParts(err error) (msg, typ string) {
	var te typedError
	if errors.As(err, &te) {
		return err.Error(), te.ErrorType()
	}
	return err.Error(), ""
}

func dataSourceError(err error, result any) error {
	msg, typ := errorParts(err)
	return &executor.Error{Message: msg, Type: typ, Data: result}
}

// templateError converts an evaluation error: $util.error's own error keeps
// its members; anything else is a MappingTemplate error naming the place.
func templateError(err error) error {
	var ve *value.Error
	if errors.As(err, &ve) {
		return &executor.Error{Message: ve.Message, Type: ve.Type, Data: ve.Data, Info: ve.Info}
	}
	return &executor.Error{Message: err.Error(), Type: "MappingTemplate"}
}

// parseOutput parses a template's rendered text as JSON; blank output is
// null. A syntax error quotes the rendered text around the fault.
func parseOutput(name, out string) (any, error) {
	if strings.TrimSpace(out) == "" {
		return nil, nil
	}
	v, err := value.FromJSON([]byte(out))
	if err == nil {
		return v, nil
	}
	// AppSync's JSON reader accepts trailing commas ({"a": 1,}), which
	// templates that emit lists in loops rely on.
	if lenient, ok := dropTrailingCommas(out); ok {
		if v, lerr := value.FromJSON([]byte(lenient)); lerr == nil {
			return v, nil
		}
	}
	msg := fmt.Sprintf("%s: the rendered template is not valid JSON: %v", name, err)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		msg += "\n" + excerpt(out, int(se.Offset))
	}
	return nil, &executor.Error{Type: "MappingTemplate", Message: msg}
}

// dropTrailingCommas removes commas that precede a closing } or ] (outside
// strings). ok is false when there were none.
func dropTrailingCommas(s string) (string, bool) {
	var b strings.Builder
	inString, escaped, dropped := false, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			b.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
		}
		if c == ',' {
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t') {
				j++
			}
			if j < len(s) && (s[j] == '}' || s[j] == ']') {
				dropped = true
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String(), dropped
}

// excerpt shows the line of out around offset with a caret under it.
func excerpt(out string, offset int) string {
	if offset > len(out) {
		offset = len(out)
	}
	if offset > 0 {
		offset-- // SyntaxError.Offset counts the byte read
	}
	start := strings.LastIndexByte(out[:offset], '\n') + 1
	end := strings.IndexByte(out[offset:], '\n')
	if end < 0 {
		end = len(out)
	} else {
		end += offset
	}
	line := out[start:end]
	col := offset - start
	if len(line) > 120 {
		from := max(0, col-60)
		to := min(len(line), from+120)
		line, col = line[from:to], col-from
	}
	lineNo := strings.Count(out[:start], "\n") + 1
	return fmt.Sprintf("  rendered line %d: %s\n  %s^", lineNo, line, strings.Repeat(" ", len(fmt.Sprintf("rendered line %d: ", lineNo))+col))
}

// Function is one pipeline function: a data source and its templates.
type Function struct {
	Name    string
	Source  DataSource
	Mapping Mapping
}

// Pipeline is a PIPELINE resolver with VTL before and after templates.
type Pipeline struct {
	Before, After *vtl.Template // nil when omitted
	Functions     []*Function
	Runtime       *Runtime
}

// Resolve runs before template, functions in order, after template. The
// stash and prev.result carry data along; #return in the before or after
// template ends the resolver with its value, in a function it ends that
// function only; an error from any step ends the resolver.
func (pl *Pipeline) Resolve(ctx context.Context, p *executor.ResolveParams) (any, error) {
	c := NewContext(p)
	env := pl.Runtime.env(p)
	v, err := pl.run(ctx, c, env)
	return finish(p, v, err, env)
}

func (pl *Pipeline) run(ctx context.Context, c *Context, env *builtins.Env) (any, error) {
	if pl.Before != nil {
		res, err := pl.Before.Execute(vars(c, env))
		if err != nil {
			return nil, templateError(err)
		}
		if res.Returned {
			return res.Value, nil
		}
		v, err := parseOutput(pl.Before.Name(), res.Output)
		if err != nil {
			return nil, err
		}
		c.SetPrev(v)
	}
	for _, fn := range pl.Functions {
		c.SetResult(nil)
		v, err := step(ctx, c, env, fn.Source, fn.Mapping)
		if err != nil {
			return nil, err
		}
		c.SetPrev(v)
	}
	prev, _ := c.Prev.Get("result")
	c.SetResult(prev)
	if pl.After == nil {
		return prev, nil
	}
	res, err := pl.After.Execute(vars(c, env))
	if err != nil {
		return nil, templateError(err)
	}
	if res.Returned {
		return res.Value, nil
	}
	return parseOutput(pl.After.Name(), res.Output)
}
