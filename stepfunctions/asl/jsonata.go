package asl

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/stepfunctions/jsonata"
)

// Query languages.
const (
	JSONPath = "JSONPath"
	JSONata  = "JSONata"
)

// Diagnostic codes for JSONata expressions, as CreateStateMachine reports
// them.
const (
	CodeInvalidJSONataExpression     = "INVALID_JSONATA_EXPRESSION"
	CodeUnsupportedJSONataExpression = "UNSUPPORTED_JSONATA_EXPRESSION"
)

// QueryFields holds the JSONata fields of a JSONata state, Choice rule or
// Catcher; a nil field is absent. A field with a plain number (Seconds: 10)
// is parsed as in JSONPath (State.Seconds) and left nil here.
type QueryFields struct {
	Arguments, Output, Assign, Condition, Items, ItemSelector                    *Query
	Seconds, Timestamp, TimeoutSeconds, HeartbeatSeconds, MaxConcurrency         *Query
	ToleratedFailureCount, ToleratedFailurePercentage, Error, Cause, Credentials *Query
}

// Query is a JSONata field's value: a JSON value in which every string
// "{% expr %}" is an expression, compiled at Parse, and every other value a
// literal; objects and arrays nest.
type Query struct {
	field string // "Output", "Arguments", ...
	root  qnode
}

type qnode interface {
	eval(ctx context.Context, loc string, b map[string]any) (any, error)
}

type qlit struct{ v any }

type qexpr struct {
	src string
	e   *jsonata.Expr
}

type qobj struct {
	keys []string
	vals []qnode
}

type qarr struct{ elems []qnode }

// QueryError is a failed evaluation: Location is the field, with the keys
// down to the expression ("Arguments/Input/id"), Cause AWS's text without
// the state prefix ("The JSONata expression '...' specified for the field
// '...' returned nothing (undefined).").
type QueryError struct {
	Location, Cause string
	// Err is the *jsonata.Error, when there is one.
	Err error
}

func (e *QueryError) Error() string { return ErrQueryEvaluationError + ": " + e.Cause }

func (n qlit) eval(context.Context, string, map[string]any) (any, error) { return copyValue(n.v), nil }

func (n *qexpr) eval(ctx context.Context, loc string, b map[string]any) (any, error) {
	v, err := n.e.Eval(ctx, nil, b)
	if err == nil {
		return v, nil
	}
	cause := fmt.Sprintf("The JSONata expression '%s' specified for the field '%s' ", n.src, loc)
	var je *jsonata.Error
	switch {
	case errors.Is(err, jsonata.ErrUndefined):
		cause += "returned nothing (undefined)."
	case errors.As(err, &je):
		cause += fmt.Sprintf("threw an error: %s: %s", je.Code, je.Message)
	default:
		cause += "threw an error: " + err.Error()
	}
	return nil, &QueryError{Location: loc, Cause: cause, Err: err}
}

func (n *qobj) eval(ctx context.Context, loc string, b map[string]any) (any, error) {
	out := make(map[string]any, len(n.keys))
	for i, k := range n.keys {
		v, err := n.vals[i].eval(ctx, loc+"/"+k, b)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func (n *qarr) eval(ctx context.Context, loc string, b map[string]any) (any, error) {
	out := make([]any, len(n.elems))
	for i, e := range n.elems {
		v, err := e.eval(ctx, fmt.Sprintf("%s[%d]", loc, i), b)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// Eval evaluates the field with bindings: "states" is $states (input,
// context, result, errorOutput), other keys are workflow variables. A
// failure is a *QueryError.
func (q *Query) Eval(ctx context.Context, bindings map[string]any) (any, error) {
	return q.root.eval(ctx, q.field, bindings)
}

// Field returns the field's name ("Output", "Items", ...).
func (q *Query) Field() string { return q.field }

// String returns the expression's text when the field is one expression,
// else the field's JSON.
func (q *Query) String() string {
	if e, ok := q.root.(*qexpr); ok {
		return e.src
	}
	b, _ := Encode(q.plain(q.root))
	return string(b)
}

func (q *Query) plain(n qnode) any {
	switch t := n.(type) {
	case qlit:
		return t.v
	case *qexpr:
		return "{% " + t.src + " %}"
	case *qobj:
		m := make(map[string]any, len(t.keys))
		for i, k := range t.keys {
			m[k] = q.plain(t.vals[i])
		}
		return m
	case *qarr:
		out := make([]any, len(t.elems))
		for i, e := range t.elems {
			out[i] = q.plain(e)
		}
		return out
	}
	return nil
}

// TypeError is the QueryError for a result of the wrong JSON type: want is
// "array", "boolean", "integer", "number", "string", "object".
func (q *Query) TypeError(want string, got any) *QueryError {
	return &QueryError{Location: q.field, Cause: fmt.Sprintf(
		"The JSONata expression '%s' specified for the field '%s' returned an unexpected result type. Expected '%s', but was '%s' for value: %s",
		q.String(), q.field, want, jsonTypeName(got), jsonText(got))}
}

func jsonTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case int64, int, float64:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func jsonText(v any) string {
	b, err := Encode(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// expression reports whether s is a JSONata expression, "{% ... %}" (a
// leading space makes it a literal), and returns its text.
func expression(s string) (string, bool) {
	if len(s) >= 4 && strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}") {
		return strings.TrimSpace(s[2 : len(s)-2]), true
	}
	return "", false
}

// ---- parsing ----

// jsonPathOnly are the fields a JSONata state may not have.
var jsonPathOnly = []string{"InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "Result", "ItemsPath",
	"SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "ErrorPath", "CausePath",
	"MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}

// jsonataOnly are the fields only JSONata states have, with the state types
// that have them.
var jsonataOnly = map[string][]string{
	"Arguments": {"Task", "Parallel"},
	"Output":    {"Pass", "Task", "Choice", "Wait", "Succeed", "Parallel", "Map"},
	"Items":     {"Map"},
}

// enterMachine sets the default query language of a machine's states: the
// top level's for nested machines unless a Parallel branch declares its own
// (AWS: a Map or Parallel state's QueryLanguage does not carry into its
// ItemProcessor or branches). It returns the function restoring the
// enclosing default.
func (p *parser) enterMachine(m *StateMachine, o *object, sc scope) func() {
	saved := p.ql
	declared, _ := o.get("QueryLanguage")
	lang, _ := declared.(string)
	if lang != JSONata && lang != JSONPath {
		lang = ""
	}
	switch sc {
	case scopeTop:
		if lang == "" {
			lang = JSONPath
		}
		p.top = lang
	case scopeBranch:
		if lang == "" {
			lang = p.top
		}
	default:
		lang = p.top
	}
	if lang == "" {
		lang = JSONPath
	}
	m.QueryLanguage = lang
	p.ql = lang
	return func() { p.ql = saved }
}

// queryFields decides a state's query language and, for a JSONata state,
// compiles its JSONata fields into s.JSONata and refuses JSONPath fields. It
// returns the state object without the fields it handled, for the rest of
// the parser.
func (p *parser) queryFields(s *State, o *object, loc string) *object {
	lang := p.ql
	if lang == "" {
		lang = JSONPath
	}
	if v, ok := o.get("QueryLanguage"); ok {
		switch v {
		case JSONata:
			lang = JSONata
		case JSONPath:
			if p.top == JSONata {
				p.schema(loc, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine")
			}
			lang = JSONPath
		}
	}
	rest := &object{m: map[string]any{}}
	keep := func(k string, v any) {
		rest.keys = append(rest.keys, k)
		rest.m[k] = v
	}
	if lang == JSONPath {
		for _, k := range o.keys {
			if _, only := jsonataOnly[k]; only {
				p.schema(loc, "The QueryLanguage is set to 'JSONPath', but field '%s' is only supported for the 'JSONata' QueryLanguage", k)
				continue
			}
			keep(k, o.m[k])
		}
		return rest
	}
	q := &QueryFields{}
	s.JSONata = q
	typ := s.Type
	for _, k := range o.keys {
		v := o.m[k]
		floc := loc + "/" + k
		if slices.Contains(jsonPathOnly, k) {
			p.schema(loc, "The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage", k)
			continue
		}
		if types, only := jsonataOnly[k]; only {
			if !slices.Contains(types, typ) {
				keep(k, v) // the generic check refuses it
				continue
			}
			results := k == "Output" && (typ == "Task" || typ == "Parallel" || typ == "Map")
			qq := p.query(v, floc, k, results, false)
			switch k {
			case "Arguments":
				q.Arguments = qq
			case "Output":
				q.Output = qq
			case "Items":
				q.Items = qq
			}
			continue
		}
		_, isExpr := expressionOf(v)
		switch {
		case k == "Assign" && slices.Contains(stateFields[typ], "Assign"):
			q.Assign = p.queryAssign(v, floc, typ == "Task" || typ == "Parallel" || typ == "Map", false)
		case k == "ItemSelector" && typ == "Map":
			q.ItemSelector = p.query(v, floc, k, false, false)
		case k == "Credentials" && typ == "Task":
			q.Credentials = p.query(v, floc, k, false, false)
		case !isExpr:
			keep(k, v)
		case k == "Seconds" && typ == "Wait":
			q.Seconds = p.query(v, floc, k, false, false)
			keep(k, int64(0)) // Wait's "exactly one of" check still sees it
		case k == "Timestamp" && typ == "Wait":
			q.Timestamp = p.query(v, floc, k, false, false)
			keep(k, "1970-01-01T00:00:00Z")
		case k == "TimeoutSeconds" && typ == "Task":
			q.TimeoutSeconds = p.query(v, floc, k, false, false)
		case k == "HeartbeatSeconds" && typ == "Task":
			q.HeartbeatSeconds = p.query(v, floc, k, false, false)
		case k == "MaxConcurrency" && typ == "Map":
			q.MaxConcurrency = p.query(v, floc, k, false, false)
		case k == "ToleratedFailureCount" && typ == "Map":
			q.ToleratedFailureCount = p.query(v, floc, k, false, false)
			keep(k, int64(0)) // the DISTRIBUTED-only check still sees it
		case k == "ToleratedFailurePercentage" && typ == "Map":
			q.ToleratedFailurePercentage = p.query(v, floc, k, false, false)
			keep(k, int64(0))
		case k == "Error" && typ == "Fail":
			q.Error = p.query(v, floc, k, false, false)
		case k == "Cause" && typ == "Fail":
			q.Cause = p.query(v, floc, k, false, false)
		default:
			keep(k, v)
		}
	}
	return rest
}

func expressionOf(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	return expression(s)
}

// query compiles a JSONata field. results allows $states.result,
// errorOutput $states.errorOutput.
func (p *parser) query(v any, loc, field string, results, errorOutput bool) *Query {
	return &Query{field: field, root: p.qnode(v, loc, results, errorOutput)}
}

func (p *parser) qnode(v any, loc string, results, errorOutput bool) qnode {
	switch t := v.(type) {
	case string:
		src, ok := expression(t)
		if !ok {
			return qlit{t}
		}
		e, err := jsonata.Compile(src)
		if err != nil {
			msg := err.Error()
			var je *jsonata.Error
			if errors.As(err, &je) {
				msg = je.Message
			}
			p.diags = append(p.diags, Diagnostic{Code: CodeInvalidJSONataExpression, Message: msg, Location: loc})
			return qlit{nil}
		}
		p.checkRefs(e, loc, results, errorOutput)
		return &qexpr{src: src, e: e}
	case *object:
		n := &qobj{}
		for _, k := range t.keys {
			if strings.HasSuffix(k, ".$") {
				p.schema(loc, "The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage", k)
			}
			n.keys = append(n.keys, k)
			n.vals = append(n.vals, p.qnode(t.m[k], loc+"/"+k, results, errorOutput))
		}
		return n
	case []any:
		n := &qarr{}
		for i, e := range t {
			n.elems = append(n.elems, p.qnode(e, fmt.Sprintf("%s[%d]", loc, i), results, errorOutput))
		}
		return n
	}
	return qlit{plain(v)}
}

// checkRefs refuses what Step Functions does not provide to an expression:
// the context item at the top level, $$, and $states fields the field does
// not offer.
func (p *parser) checkRefs(e *jsonata.Expr, loc string, results, errorOutput bool) {
	refs := e.References()
	for _, name := range refs.TopLevel {
		msg := "Reference to '" + name + "' at the top level is not supported."
		if name == "$$" {
			msg = "Reference to '$$' is not supported."
		}
		p.diags = append(p.diags, Diagnostic{Code: CodeUnsupportedJSONataExpression, Message: msg, Location: loc})
	}
	for _, f := range refs.States {
		ok := f == "input" || f == "context" || f == "result" && results || f == "errorOutput" && errorOutput
		if !ok {
			p.diags = append(p.diags, Diagnostic{Code: CodeUnsupportedJSONataExpression, Message: "Field '$states." + f + "' does not exist.", Location: loc})
		}
	}
}

// queryAssign compiles a JSONata Assign: an object whose keys are variable
// names.
func (p *parser) queryAssign(v any, loc string, results, errorOutput bool) *Query {
	o, isObj := v.(*object)
	if !isObj {
		p.schema(loc, "The value for the field 'Assign' must be an OBJECT")
		return nil
	}
	for _, k := range o.keys {
		if !strings.HasSuffix(k, ".$") && (!variableName.MatchString(k) || k == "states") { // ".$": see qnode
			p.schema(loc+"/"+k, "The variable name '%s' is invalid: use letters, digits and '_', not starting with a digit ('states' is reserved)", k)
		}
	}
	return p.query(v, loc, "Assign", results, errorOutput)
}

// jsonataChoices parses a JSONata Choice state's rules: Condition, Next,
// Assign, Output and Comment.
func (p *parser) jsonataChoices(s *State, o *object, loc string) {
	p.required(o, loc, "Choices")
	s.Default = p.str(o, loc, "Default")
	v, ok := o.get("Choices")
	if !ok {
		return
	}
	arr, isArr := v.([]any)
	if !isArr {
		p.schema(loc+"/Choices", "The value for the field 'Choices' must be an ARRAY")
		return
	}
	if len(arr) == 0 {
		p.schema(loc+"/Choices", "Value cannot be empty")
		return
	}
	for i, e := range arr {
		rloc := fmt.Sprintf("%s/Choices[%d]", loc, i)
		r := &ChoiceRule{JSONata: &QueryFields{}}
		s.Choices = append(s.Choices, r)
		ro, ok := e.(*object)
		if !ok {
			p.schema(rloc, "A choice rule must be an OBJECT")
			continue
		}
		for _, k := range ro.keys {
			switch {
			case k == "Condition" || k == "Next" || k == "Assign" || k == "Output" || k == "Comment":
			case k == "Variable" || isChoiceOperator(k):
				p.schema(rloc, "The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage", k)
			default:
				p.schema(rloc, "The field \"%s\" is not supported by Step Functions", k)
			}
		}
		p.required(ro, rloc, "Condition", "Next")
		r.Next = p.str(ro, rloc, "Next")
		r.Comment = p.str(ro, rloc, "Comment")
		if cv, ok := ro.get("Condition"); ok {
			if _, isBool := cv.(bool); !isBool {
				if _, isExpr := expressionOf(cv); !isExpr {
					p.schema(rloc+"/Condition", "The value for the field 'Condition' must be a BOOLEAN or a JSONata expression")
				}
			}
			r.JSONata.Condition = p.query(cv, rloc+"/Condition", "Condition", false, false)
		}
		if ov, ok := ro.get("Output"); ok {
			r.JSONata.Output = p.query(ov, rloc+"/Output", "Output", false, false)
		}
		if av, ok := ro.get("Assign"); ok {
			r.JSONata.Assign = p.queryAssign(av, rloc+"/Assign", false, false)
		}
	}
}

// jsonataCatcher parses a JSONata Catcher: ErrorEquals, Next, Output,
// Assign (both may read $states.errorOutput) and Comment.
func (p *parser) jsonataCatcher(co *object, cloc string, last bool) *Catcher {
	for _, k := range co.keys {
		switch k {
		case "ErrorEquals", "Next", "Output", "Assign", "Comment":
		case "ResultPath":
			p.schema(cloc, "The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage", k)
		default:
			p.schema(cloc, "The field \"%s\" is not supported by Step Functions", k)
		}
	}
	p.required(co, cloc, "Next")
	c := &Catcher{JSONata: &QueryFields{}}
	c.ErrorEquals = p.errorEquals(co, cloc, last)
	c.Next = p.str(co, cloc, "Next")
	if ov, ok := co.get("Output"); ok {
		c.JSONata.Output = p.query(ov, cloc+"/Output", "Output", false, true)
	}
	if av, ok := co.get("Assign"); ok {
		c.JSONata.Assign = p.queryAssign(av, cloc+"/Assign", false, true)
	}
	return c
}
