package server

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// AppSync runs graphql-java, so clients see its validation messages
// ("Validation error of type FieldUndefined: Field 'x' in type 'Query' is
// undefined @ 'x'"), not gqlparser's. Each rule below maps a gqlparser message
// to the graphql-java text; unknown ones keep gqlparser's text under the
// graphql-java prefix. The trailing "@ 'a/b'" is the response path of the field
// the error is on.
var validationRules = []struct {
	re     *regexp.Regexp
	render func(m []string, at string) string
}{
	{regexp.MustCompile(`^Cannot query field "([^"]+)" on type "([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type FieldUndefined: Field '%s' in type '%s' is undefined%s", m[1], m[2], at)
	}},
	{regexp.MustCompile(`^Unknown argument "([^"]+)" on field "[^"]+"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UnknownArgument: Unknown field argument %s%s", m[1], at)
	}},
	{regexp.MustCompile(`^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type MissingFieldArgument: Missing field argument %s%s", m[2], at)
	}},
	{regexp.MustCompile(`^Unknown type "([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UnknownType: Unknown type %s", m[1])
	}},
	{regexp.MustCompile(`^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type SubselectionNotAllowed: Sub selection not allowed on leaf type %s of field %s%s", m[2], m[1], at)
	}},
	{regexp.MustCompile(`^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type SubselectionRequired: Sub selection required for type %s of field %s%s", m[2], m[1], at)
	}},
	{regexp.MustCompile(`^Variable "\$([^"]+)" is not defined`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UndefinedVariable: Undefined variable %s%s", m[1], at)
	}},
	{regexp.MustCompile(`^Variable "\$([^"]+)" is never used`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UnusedVariable: Unused variable %s", m[1])
	}},
	{regexp.MustCompile(`^Unknown fragment "([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UndefinedFragment: Undefined fragment %s%s", m[1], at)
	}},
	{regexp.MustCompile(`^Fragment "([^"]+)" is never used`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UnusedFragment: Unused fragment %s", m[1])
	}},
	{regexp.MustCompile(`^Unknown directive "@?([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type UnknownDirective: Unknown directive %s%s", m[1], at)
	}},
	{regexp.MustCompile(`^Directive "@?([^"]+)" may not be used on`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type MisplacedDirective: Directive %s not allowed here%s", m[1], at)
	}},
	{regexp.MustCompile(`^There can be only one fragment named "([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type DuplicateFragmentName: There can be only one fragment named '%s'", m[1])
	}},
	{regexp.MustCompile(`^There can be only one operation named "([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type DuplicateOperationName: There can be only one operation named '%s'", m[1])
	}},
	{regexp.MustCompile(`^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"`), func(m []string, at string) string {
		return fmt.Sprintf("Validation error of type VariableTypeMismatch: Variable type '%s' doesn't match expected type '%s'%s", m[2], m[3], at)
	}},
	{regexp.MustCompile(`(?i)^operation (\S*) not found`), func(m []string, at string) string {
		return fmt.Sprintf("Unknown operation named '%s'.", m[1])
	}},
}

// appSyncValidationErrors rewrites gqlparser's errors for a rejected operation
// into graphql-java's texts with AppSync's members (path null, locations).
func appSyncValidationErrors(opCtx *graphql.OperationContext, query string, errs gqlerror.List) gqlerror.List {
	doc := opCtx.Doc
	if doc == nil {
		// gqlgen drops the document when validation fails; reparse it (no
		// validation) to name the fields errors are on.
		doc, _ = parser.ParseQuery(&ast.Source{Input: query})
	}
	out := make(gqlerror.List, 0, len(errs))
	for _, e := range errs {
		ne := &gqlerror.Error{Message: e.Message, Locations: e.Locations}
		msg := e.Message
		switch {
		case len(e.Path) == 2 && e.Path[0] == ast.PathName("variable"):
			ne.Message = variableMessage(opCtx, fmt.Sprint(e.Path[1]), msg)
		case doc == nil:
			// A syntax error: graphql-java's InvalidSyntaxError.
			loc := ""
			if len(e.Locations) > 0 {
				loc = fmt.Sprintf(" at line %d column %d", e.Locations[0].Line, e.Locations[0].Column)
			}
			ne.Message = "Invalid Syntax : " + strings.TrimPrefix(msg, "input: ") + loc
		default:
			ne.Message = validationMessage(doc, e)
		}
		out = append(out, ne)
	}
	return out
}

// variableMessage renders an error coercing variable name as graphql-java does.
func variableMessage(opCtx *graphql.OperationContext, name, msg string) string {
	if msg == "must be defined" || msg == "cannot be null" {
		if op := opCtx.Operation; op != nil {
			if def := op.VariableDefinitions.ForName(name); def != nil {
				return fmt.Sprintf("Variable '%s' has coerced Null value for NonNull type '%s'", name, def.Type.String())
			}
		}
	}
	return fmt.Sprintf("Variable '%s' has an invalid value: %s", name, msg)
}

func validationMessage(doc *ast.QueryDocument, e *gqlerror.Error) string {
	at := ""
	if doc != nil && len(e.Locations) > 0 {
		if p := fieldPathAt(doc, e.Locations[0].Line, e.Locations[0].Column); p != "" {
			at = " @ '" + p + "'"
		}
	}
	for _, r := range validationRules {
		if m := r.re.FindStringSubmatch(e.Message); m != nil {
			return r.render(m, at)
		}
	}
	rule := e.Rule
	if rule == "" {
		rule = "InvalidQuery"
	}
	return fmt.Sprintf("Validation error of type %s: %s%s", rule, e.Message, at)
}

// fieldPathAt returns the response path ("a/b") of the deepest field whose
// name, argument or selection starts at or encloses line:col, searching
// operations and fragments.
func fieldPathAt(doc *ast.QueryDocument, line, col int) string {
	var found string
	var walk func(set ast.SelectionSet, prefix string)
	walk = func(set ast.SelectionSet, prefix string) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				name := s.Alias
				if name == "" {
					name = s.Name
				}
				p := prefix + name
				if s.Position != nil && (s.Position.Line < line || s.Position.Line == line && s.Position.Column <= col) {
					found = p
				}
				walk(s.SelectionSet, p+"/")
			case *ast.InlineFragment:
				walk(s.SelectionSet, prefix)
			}
		}
	}
	for _, op := range doc.Operations {
		walk(op.SelectionSet, "")
	}
	for _, f := range doc.Fragments {
		walk(f.SelectionSet, "")
	}
	return found
}
