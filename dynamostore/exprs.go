package dynamostore

import (
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// exprs parses the expressions of one request (or of one action of a
// transaction) against its ExpressionAttributeNames and Values, and checks,
// as DynamoDB does, that every name and value given is used by one of them.
type exprs struct {
	names  expr.Names
	values expr.Values
	usedN  map[string]bool
	usedV  map[string]bool
}

// exprParams names the expression parameters present in a request, in
// DynamoDB's order, for its "can only be specified" messages.
type exprParams struct {
	present  []string // expression parameters given, e.g. ConditionExpression
	accepted []string // every expression parameter the operation accepts
	legacy   []string // non-expression parameters given, e.g. Expected
}

// newExprs validates the names and values maps and their use with the
// expressions present.
func newExprs(names map[string]string, values ExprValues, p exprParams) (*exprs, error) {
	if len(p.present) > 0 && len(p.legacy) > 0 {
		return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {" +
			strings.Join(p.legacy, ", ") + "} Expression parameters: {" + strings.Join(p.present, ", ") + "}")
	}
	if names != nil && len(p.present) == 0 {
		return nil, validation("ExpressionAttributeNames can only be specified when using expressions")
	}
	if values != nil {
		valueExprs := slices.DeleteFunc(slices.Clone(p.accepted), func(s string) bool { return s == "ProjectionExpression" })
		used := false
		for _, e := range p.present {
			if e != "ProjectionExpression" {
				used = true
			}
		}
		if !used && len(valueExprs) > 0 {
			verb := " is null"
			if len(valueExprs) > 1 {
				verb = " are null"
			}
			return nil, validation("ExpressionAttributeValues can only be specified when using expressions: " + strings.Join(valueExprs, " and ") + verb)
		}
	}
	e := &exprs{names: names, values: expr.Values(values), usedN: map[string]bool{}, usedV: map[string]bool{}}
	if names != nil {
		if len(names) == 0 {
			return nil, validation("ExpressionAttributeNames must not be empty")
		}
		for _, k := range slices.Sorted(mapsKeys(names)) {
			if !validPlaceholder(k, '#') {
				return nil, validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "` + k + `"`)
			}
		}
	}
	if values != nil {
		if len(values) == 0 {
			return nil, validation("ExpressionAttributeValues must not be empty")
		}
		for _, k := range slices.Sorted(mapsKeys(values)) {
			if !validPlaceholder(k, ':') {
				return nil, validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "` + k + `"`)
			}
		}
	}
	return e, nil
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// validPlaceholder checks #name or :name: the sigil and one or more of
// [0-9a-zA-Z_].
func validPlaceholder(k string, sigil byte) bool {
	if len(k) < 2 || k[0] != sigil {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

type usage interface {
	UsedNames() []string
	UsedValues() []string
}

func (e *exprs) use(u usage) {
	for _, n := range u.UsedNames() {
		e.usedN[n] = true
	}
	for _, v := range u.UsedValues() {
		e.usedV[v] = true
	}
}

func (e *exprs) condition(s *string) (*expr.Condition, error) {
	if s == nil {
		return nil, nil
	}
	c, err := expr.ParseCondition(*s, e.names, e.values)
	if err != nil {
		return nil, asDynamo(err)
	}
	e.use(c)
	return c, nil
}

func (e *exprs) filter(s *string) (*expr.Condition, error) {
	if s == nil {
		return nil, nil
	}
	c, err := expr.ParseFilter(*s, e.names, e.values)
	if err != nil {
		return nil, asDynamo(err)
	}
	e.use(c)
	return c, nil
}

func (e *exprs) keyCondition(s *string) (*expr.KeyCondition, error) {
	if s == nil {
		return nil, nil
	}
	c, err := expr.ParseKeyCondition(*s, e.names, e.values)
	if err != nil {
		return nil, asDynamo(err)
	}
	e.use(c)
	return c, nil
}

func (e *exprs) update(s *string) (*expr.Update, error) {
	if s == nil {
		return nil, nil
	}
	u, err := expr.ParseUpdate(*s, e.names, e.values)
	if err != nil {
		return nil, asDynamo(err)
	}
	e.use(u)
	return u, nil
}

func (e *exprs) projection(s *string) (*expr.Projection, error) {
	if s == nil {
		return nil, nil
	}
	p, err := expr.ParseProjection(*s, e.names)
	if err != nil {
		return nil, asDynamo(err)
	}
	e.use(p)
	return p, nil
}

// unused fails on a name or value that no expression used.
func (e *exprs) unused() error {
	var left []string
	for k := range e.names {
		if !e.usedN[k] {
			left = append(left, k)
		}
	}
	if len(left) > 0 {
		slices.Sort(left)
		return validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + strings.Join(left, ", ") + "}")
	}
	for k := range e.values {
		if !e.usedV[k] {
			left = append(left, k)
		}
	}
	if len(left) > 0 {
		slices.Sort(left)
		return validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + strings.Join(left, ", ") + "}")
	}
	return nil
}

// present lists the names of the non-nil expression parameters.
func present(pairs ...any) []string {
	var out []string
	for i := 0; i < len(pairs); i += 2 {
		if s := pairs[i+1].(*string); s != nil {
			out = append(out, pairs[i].(string))
		}
	}
	return out
}
