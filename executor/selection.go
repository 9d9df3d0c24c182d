package executor

import (
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// selectionSetList is AppSync's $context.info.selectionSetList: the fields
// selected below f, nested ones as "parent/child", fragments expanded, only
// fields of f's own type (fragments on other types are left out).
func selectionSetList(opCtx *graphql.OperationContext, satisfies map[string][]string, f *ast.Field) []string {
	if len(f.SelectionSet) == 0 {
		return []string{}
	}
	out := []string{}
	var walk func(set ast.SelectionSet, typeName, prefix string)
	walk = func(set ast.SelectionSet, typeName, prefix string) {
		for _, cf := range graphql.CollectFields(opCtx, set, append([]string{typeName}, satisfies[typeName]...)) {
			name := prefix + cf.Alias
			out = append(out, name)
			if len(cf.SelectionSet) > 0 && cf.Definition != nil {
				walk(cf.SelectionSet, cf.Definition.Type.Name(), name+"/")
			}
		}
	}
	walk(f.SelectionSet, f.Definition.Type.Name(), "")
	return out
}

// selectionSetGraphQL prints f's selection set as GraphQL text, as AppSync's
// $context.info.selectionSetGraphQL.
func selectionSetGraphQL(set ast.SelectionSet) string {
	if len(set) == 0 {
		return ""
	}
	var b strings.Builder
	printSelectionSet(&b, set, 0)
	return b.String()
}

func printSelectionSet(b *strings.Builder, set ast.SelectionSet, indent int) {
	b.WriteString("{\n")
	pad := strings.Repeat("  ", indent+1)
	for _, sel := range set {
		b.WriteString(pad)
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				b.WriteString(s.Alias)
				b.WriteString(": ")
			}
			b.WriteString(s.Name)
			printArguments(b, s.Arguments)
			printDirectives(b, s.Directives)
			if len(s.SelectionSet) > 0 {
				b.WriteByte(' ')
				printSelectionSet(b, s.SelectionSet, indent+1)
			}
		case *ast.InlineFragment:
			b.WriteString("...")
			if s.TypeCondition != "" {
				b.WriteString(" on ")
				b.WriteString(s.TypeCondition)
			}
			printDirectives(b, s.Directives)
			b.WriteByte(' ')
			printSelectionSet(b, s.SelectionSet, indent+1)
		case *ast.FragmentSpread:
			b.WriteString("...")
			b.WriteString(s.Name)
			printDirectives(b, s.Directives)
		}
		b.WriteByte('\n')
	}
	b.WriteString(strings.Repeat("  ", indent))
	b.WriteString("}")
}

func printDirectives(b *strings.Builder, ds ast.DirectiveList) {
	for _, d := range ds {
		b.WriteString(" @")
		b.WriteString(d.Name)
		printArguments(b, d.Arguments)
	}
}

func printArguments(b *strings.Builder, args ast.ArgumentList) {
	if len(args) == 0 {
		return
	}
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Name)
		b.WriteString(": ")
		b.WriteString(a.Value.String())
	}
	b.WriteByte(')')
}
