package executor

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/introspection"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// introspectRoot resolves Query.__schema and Query.__type with gqlgen's
// introspection wrappers; their fields are read by introspectionProperty.
func (o *operation) introspectRoot(ctx context.Context, cf graphql.CollectedField, path *pathNode) (any, bool) {
	f := cf.Field
	if o.opCtx.DisableIntrospection {
		o.addError(path, &gqlerror.Error{
			Message:   "GraphQL introspection is not allowed for this API.",
			Locations: []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
		})
		return nil, f.Definition == nil || !f.Definition.Type.NonNull
	}
	var v any
	switch f.Name {
	case "__schema":
		v = introspection.WrapSchema(o.e.schema)
	case "__type":
		name, _ := o.args[f]["name"].(string)
		if def := o.e.schema.Types[name]; def != nil {
			v = introspection.WrapTypeFromDef(o.e.schema, def)
		}
	}
	return o.complete(ctx, f.Definition.Type, f, v, path)
}

// introspectionProperty reads field name of an introspection value. ok is
// false when source is not one.
func introspectionProperty(source any, name string, args map[string]any) (any, bool) {
	deprecated, _ := args["includeDeprecated"].(bool)
	switch s := source.(type) {
	case *introspection.Schema:
		switch name {
		case "description":
			return deref(s.Description()), true
		case "types":
			return s.Types(), true
		case "queryType":
			return s.QueryType(), true
		case "mutationType":
			return s.MutationType(), true
		case "subscriptionType":
			return s.SubscriptionType(), true
		case "directives":
			return s.Directives(), true
		}
		return nil, true
	case introspection.Type:
		return typeProperty(&s, name, deprecated), true
	case *introspection.Type:
		return typeProperty(s, name, deprecated), true
	case introspection.Field:
		switch name {
		case "name":
			return s.Name, true
		case "description":
			return deref(s.Description()), true
		case "args":
			return s.Args, true
		case "type":
			return s.Type, true
		case "isDeprecated":
			return s.IsDeprecated(), true
		case "deprecationReason":
			return deref(s.DeprecationReason()), true
		}
		return nil, true
	case introspection.InputValue:
		switch name {
		case "name":
			return s.Name, true
		case "description":
			return deref(s.Description()), true
		case "type":
			return s.Type, true
		case "defaultValue":
			return deref(s.DefaultValue), true
		case "isDeprecated":
			return s.IsDeprecated(), true
		case "deprecationReason":
			return deref(s.DeprecationReason()), true
		}
		return nil, true
	case introspection.EnumValue:
		switch name {
		case "name":
			return s.Name, true
		case "description":
			return deref(s.Description()), true
		case "isDeprecated":
			return s.IsDeprecated(), true
		case "deprecationReason":
			return deref(s.DeprecationReason()), true
		}
		return nil, true
	case introspection.Directive:
		switch name {
		case "name":
			return s.Name, true
		case "description":
			return deref(s.Description()), true
		case "locations":
			return s.Locations, true
		case "args":
			return s.Args, true
		case "isRepeatable":
			return s.IsRepeatable, true
		}
		return nil, true
	}
	return nil, false
}

func typeProperty(t *introspection.Type, name string, deprecated bool) any {
	switch name {
	case "kind":
		return t.Kind()
	case "name":
		return deref(t.Name())
	case "description":
		return deref(t.Description())
	case "fields":
		if t.Kind() != "OBJECT" && t.Kind() != "INTERFACE" {
			return nil
		}
		return t.Fields(deprecated)
	case "interfaces":
		if t.Kind() != "OBJECT" && t.Kind() != "INTERFACE" {
			return nil
		}
		return t.Interfaces()
	case "possibleTypes":
		return nilIfEmpty(t.PossibleTypes(), t.Kind() == "INTERFACE" || t.Kind() == "UNION")
	case "enumValues":
		if t.Kind() != "ENUM" {
			return nil
		}
		return t.EnumValues(deprecated)
	case "inputFields":
		if t.Kind() != "INPUT_OBJECT" {
			return nil
		}
		return t.InputFields()
	case "ofType":
		return t.OfType()
	case "specifiedByURL":
		return deref(t.SpecifiedByURL())
	case "isOneOf":
		if t.Kind() != "INPUT_OBJECT" {
			return nil
		}
		return t.IsOneOf()
	}
	return nil
}

func nilIfEmpty(ts []introspection.Type, keep bool) any {
	if !keep {
		return nil
	}
	return ts
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
