package schema

import (
	"errors"
	"fmt"
	"github.com/agnivade/levenshtein"
	"regexp"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// Source is one schema file: Name is its path as shown in errors, Input its text.
type Source struct{ Name, Input string }

// PreludeName is the source name of the AWS prelude that Load adds.
const PreludeName = "aws-prelude.graphql"

// awsDirectiveLocations are where AppSync accepts its authorization directives.
const awsDirectiveLocations = "OBJECT | FIELD_DEFINITION | INTERFACE | UNION | INPUT_OBJECT | ENUM | SCALAR"

// awsDirectives holds the SDL of each AWS directive, by name.
var awsDirectives = map[string]string{
	"aws_subscribe":          `directive @aws_subscribe(mutations: [String!]!) on FIELD_DEFINITION`,
	"aws_publish":            `directive @aws_publish(subscriptions: [String!]!) on FIELD_DEFINITION`,
	"aws_auth":               `directive @aws_auth(cognito_groups: [String!]!) on FIELD_DEFINITION`,
	"aws_api_key":            `directive @aws_api_key on ` + awsDirectiveLocations,
	"aws_iam":                `directive @aws_iam on ` + awsDirectiveLocations,
	"aws_oidc":               `directive @aws_oidc on ` + awsDirectiveLocations,
	"aws_lambda":             `directive @aws_lambda on ` + awsDirectiveLocations,
	"aws_cognito_user_pools": `directive @aws_cognito_user_pools(cognito_groups: [String!]) on ` + awsDirectiveLocations,
}

// Load parses AppSync SDL from one or more sources, merged so that `extend type`
// works across them; adds an AWS prelude (source PreludeName) holding the AWS
// scalars and @aws_* directives that the sources do not declare themselves;
// validates the whole; removes gqlparser's @defer, which AppSync lacks; and
// returns the schema. Root types come from a schema { } block or the names
// Query, Mutation and Subscription.
//
// Beyond gqlparser's validation, every mutation named by
// @aws_subscribe(mutations: ...), which takes a single string or a list of
// strings, must be a field of the Mutation type.
//
// On failure it returns Errors, each with the file, line and column of the problem.
func Load(sources ...Source) (*ast.Schema, error) {
	if len(sources) == 0 {
		return nil, Errors{{Message: "no schema sources"}}
	}
	user := make([]*ast.Source, len(sources))
	for i, src := range sources {
		user[i] = &ast.Source{Name: src.Name, Input: src.Input}
	}
	doc, err := parser.ParseSchemas(user...)
	if err != nil {
		return nil, fromGQL(err)
	}
	prelude := &ast.Source{Name: PreludeName, Input: awsPrelude(doc), BuiltIn: true}
	s, err := validator.LoadSchema(append([]*ast.Source{validator.Prelude, prelude}, user...)...)
	if err != nil {
		errs := fromGQL(err)
		for _, e := range errs {
			e.Message += fixHint(e.Message, doc)
		}
		return nil, errs
	}
	if doc.Directives.ForName("defer") == nil {
		delete(s.Directives, "defer")
	}
	if errs := checkSubscribe(s); len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// awsPrelude returns the SDL of the AWS scalars and directives doc lacks.
func awsPrelude(doc *ast.SchemaDocument) string {
	var b strings.Builder
	for _, name := range awsScalars {
		if doc.Definitions.ForName(name) == nil {
			fmt.Fprintf(&b, "scalar %s\n", name)
		}
	}
	names := make([]string, 0, len(awsDirectives))
	for name := range awsDirectives {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if doc.Directives.ForName(name) == nil {
			b.WriteString(awsDirectives[name])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// fromGQL converts gqlparser's errors into Errors.
func fromGQL(err error) Errors {
	var list gqlerror.List
	if errors.As(err, &list) {
		out := make(Errors, 0, len(list))
		for _, e := range list {
			out = append(out, fromGQLError(e))
		}
		return out
	}
	var one *gqlerror.Error
	if errors.As(err, &one) {
		return Errors{fromGQLError(one)}
	}
	return Errors{{Message: err.Error()}}
}

func fromGQLError(e *gqlerror.Error) *Error {
	out := &Error{Message: e.Message}
	out.File, _ = e.Extensions["file"].(string)
	if len(e.Locations) > 0 {
		out.Line, out.Column = e.Locations[0].Line, e.Locations[0].Column
	}
	return out
}

// checkSubscribe checks every @aws_subscribe in s.
func checkSubscribe(s *ast.Schema) Errors {
	var errs Errors
	names := make([]string, 0, len(s.Types))
	for name := range s.Types {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, f := range s.Types[name].Fields {
			for _, d := range f.Directives.ForNames("aws_subscribe") {
				errs = append(errs, checkSubscribeDirective(s, d)...)
			}
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return errs
}

// checkSubscribeDirective checks the mutations of one @aws_subscribe.
func checkSubscribeDirective(s *ast.Schema, d *ast.Directive) Errors {
	mutations, ok := subscribeMutations(d)
	if !ok {
		return Errors{errorAt(d.Position,
			"@aws_subscribe(mutations:) must be a string or a list of strings naming fields of the Mutation type")}
	}
	var errs Errors
	for _, m := range mutations {
		switch {
		case s.Mutation == nil:
			errs = append(errs, errorAt(d.Position,
				"@aws_subscribe names mutation %q, but the schema has no Mutation type", m))
		case s.Mutation.Fields.ForName(m) == nil:
			errs = append(errs, errorAt(d.Position,
				"@aws_subscribe names mutation %q, which is not a field of type %s%s", m, s.Mutation.Name, hint(m, s.Mutation)))
		}
	}
	return errs
}

// subscribeMutations returns the mutation names of an @aws_subscribe
// directive, accepting a single string as well as a list of strings.
func subscribeMutations(d *ast.Directive) ([]string, bool) {
	arg := d.Arguments.ForName("mutations")
	if arg == nil || arg.Value == nil {
		return nil, false
	}
	switch arg.Value.Kind {
	case ast.StringValue, ast.BlockValue:
		return []string{arg.Value.Raw}, true
	case ast.ListValue:
		out := make([]string, 0, len(arg.Value.Children))
		for _, c := range arg.Value.Children {
			if c.Value == nil || (c.Value.Kind != ast.StringValue && c.Value.Kind != ast.BlockValue) {
				return nil, false
			}
			out = append(out, c.Value.Raw)
		}
		return out, true
	}
	return nil, false
}

// SubscribeMutations returns the mutations whose results field f, a
// subscription field, receives: the names in its @aws_subscribe(mutations:)
// directive, which may be a single string or a list. It returns nil when f has
// no such directive. Load has already checked that each name is a field of the
// Mutation type.
func SubscribeMutations(f *ast.FieldDefinition) []string {
	if f == nil {
		return nil
	}
	d := f.Directives.ForName("aws_subscribe")
	if d == nil {
		return nil
	}
	names, _ := subscribeMutations(d)
	return names
}

// hint suggests the closest field names of def to name, as text to append to
// an error message ("" when nothing is close).
func hint(name string, def *ast.Definition) string {
	type candidate struct {
		name string
		dist int
	}
	var cands []candidate
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(f.Name))
		if d <= max(1, len(name)/3) || strings.EqualFold(name, f.Name) {
			cands = append(cands, candidate{f.Name, d})
		}
	}
	if len(cands) == 0 {
		var all []string
		for _, f := range def.Fields {
			all = append(all, f.Name)
		}
		if len(all) == 0 || len(all) > 10 {
			return ""
		}
		return fmt.Sprintf(" (its fields: %s)", strings.Join(all, ", "))
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].name < cands[j].name
	})
	quoted := make([]string, 0, 3)
	for i := 0; i < len(cands) && i < 3; i++ {
		quoted = append(quoted, fmt.Sprintf("%q", cands[i].name))
	}
	return ". Did you mean " + strings.Join(quoted, " or ") + "?"
}

var (
	undefinedType      = regexp.MustCompile(`^Undefined type "?([_A-Za-z0-9]+)"?\.?$`)
	undefinedDirective = regexp.MustCompile(`^Undefined directive "?([_A-Za-z0-9]+)"?\.?$`)
	redeclared         = regexp.MustCompile(`^Cannot redeclare type "?([_A-Za-z0-9]+)"?\.?$`)
)

// fixHint says how to fix the common schema mistakes gqlparser reports.
func fixHint(msg string, doc *ast.SchemaDocument) string {
	if m := undefinedType.FindStringSubmatch(msg); m != nil {
		names := []string{"String", "Int", "Float", "Boolean", "ID"}
		names = append(names, awsScalars...)
		for _, d := range doc.Definitions {
			names = append(names, d.Name)
		}
		if c := closestName(m[1], names); c != "" {
			return fmt.Sprintf(" Did you mean %q?", c)
		}
		return " Declare it (type, input, enum, union, interface or scalar) or fix the name."
	}
	if m := undefinedDirective.FindStringSubmatch(msg); m != nil {
		names := []string{"deprecated", "aws_subscribe", "aws_api_key", "aws_iam", "aws_oidc", "aws_cognito_user_pools", "aws_lambda", "aws_auth"}
		for _, d := range doc.Directives {
			names = append(names, d.Name)
		}
		if c := closestName(m[1], names); c != "" {
			return fmt.Sprintf(" Did you mean @%s?", c)
		}
		return " Declare it with `directive @" + m[1] + " on ...` or remove it."
	}
	if m := redeclared.FindStringSubmatch(msg); m != nil {
		return " Merge the two definitions, or write the second one as `extend type " + m[1] + "`."
	}
	return ""
}

// closestName returns the name nearest to s, or "" when none is close.
func closestName(s string, names []string) string {
	best, bestD := "", max(2, len(s)/3)+1
	for _, n := range names {
		if d := levenshtein.ComputeDistance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
