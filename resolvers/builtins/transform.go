package builtins

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// $util.transform, as documented in "Transformation helpers in
// $util.transform". The DynamoDB and OpenSearch helpers return JSON text and
// answer null (not an error) for a filter they cannot render, which is what
// AWS does; toSubscriptionFilter returns a map.
var transformTable = &table{methods: map[string]method{
	"toDynamoDBFilterExpression":    ddbExpression("toDynamoDBFilterExpression"),
	"toDynamoDBConditionExpression": ddbExpression("toDynamoDBConditionExpression"),
	"toElasticsearchQueryDSL":       elasticsearchQueryDSL,
	"toSubscriptionFilter":          subscriptionFilter,
}}

// ddbExpression is toDynamoDBFilterExpression and toDynamoDBConditionExpression:
// AWS renders both the same way, byte for byte.
func ddbExpression(name string) method {
	fn := "$util.transform." + name
	return func(_ *Env, args []any) (any, error) {
		if err := (dsArgs{fn, args}).count(1, 1); err != nil {
			return nil, err
		}
		out, err := DynamoDBExpression(args[0])
		if err != nil {
			return nil, nil
		}
		return value.ToJSON(out), nil
	}
}

// errBadFilter marks a filter object that cannot be rendered.
var errBadFilter = errors.New("filter cannot be rendered")

// DynamoDBExpression renders an AppSync filter object (the input type Amplify
// generates: {field: {eq: 1}, and: [...], or: [...], not: {...}}) as
// {"expression", "expressionNames", "expressionValues"}, naming placeholders
// as AWS does:
//
//   - a field f is #f; its operand for operator op is :f_op, prefixed by the
//     path of and/or/not that leads to it (:and_0_or_1_f_eq, :not_f_eq);
//   - between names :f_between_start and :f_between_end, in names :f_in_0,
//     :f_in_1, …, size names :f_size_op and compares size(#f);
//   - every operation is parenthesised, several operations of one field are
//     ANDed inside another pair, an and/or of several members is wrapped, not
//     is (NOT …), and the entries of one object are joined with AND unwrapped.
//
// The shape was read from AWS's own answers recorded in
// localstack/appsync-utils (__tests__/__snapshots__/transform.test.js.snap).
// It returns an error for a filter that cannot be rendered (not a map, an
// unknown operator, a range that is not a pair, ...), where AppSync answers
// null.
func DynamoDBExpression(filter any) (*value.Map, error) {
	m, ok := value.From(filter).(*value.Map)
	if !ok {
		return nil, errBadFilter
	}
	b := &exprBuilder{names: value.NewMap(), values: value.NewMap()}
	expr, err := b.object(m, "")
	if err != nil {
		return nil, err
	}
	out := value.NewMap()
	out.Put("expression", expr)
	out.Put("expressionNames", b.names)
	out.Put("expressionValues", b.values)
	return out, nil
}

type exprBuilder struct {
	names, values *value.Map
	depth         int
}

// maxFilterDepth bounds the nesting of and/or/not/size so that a hostile
// filter cannot exhaust the stack.
const maxFilterDepth = 64

func joinPrefix(prefix, name string) string {
	if prefix == "" {
		return name
	}
	if name == "" {
		return prefix
	}
	return prefix + "_" + name
}

// object renders the entries of one filter object joined by AND.
func (b *exprBuilder) object(m *value.Map, prefix string) (string, error) {
	if b.depth++; b.depth > maxFilterDepth {
		return "", errBadFilter
	}
	defer func() { b.depth-- }()
	var parts []string
	var err error
	m.Range(func(k string, v any) bool {
		var s string
		switch k {
		case "and", "or":
			s, err = b.group(k, v, prefix)
		case "not":
			inner, ok := v.(*value.Map)
			if !ok {
				err = errBadFilter
				return false
			}
			s, err = b.object(inner, joinPrefix(prefix, "not"))
			s = "(NOT " + s + ")"
		default:
			b.names.Put("#"+k, k)
			s, err = b.field(v, "#"+k, false, joinPrefix(prefix, k))
		}
		parts = append(parts, s)
		return err == nil
	})
	if err != nil {
		return "", err
	}
	return strings.Join(parts, " AND "), nil
}

// group renders and/or: the members joined, wrapped when there are several.
func (b *exprBuilder) group(op string, v any, prefix string) (string, error) {
	l, ok := v.(*value.List)
	if !ok {
		return "", errBadFilter
	}
	parts := make([]string, len(l.Items))
	for i, e := range l.Items {
		m, ok := e.(*value.Map)
		if !ok {
			return "", errBadFilter
		}
		s, err := b.object(m, joinPrefix(prefix, op+"_"+strconv.Itoa(i)))
		if err != nil {
			return "", err
		}
		parts[i] = s
	}
	s := strings.Join(parts, " "+strings.ToUpper(op)+" ")
	if len(parts) > 1 {
		s = "(" + s + ")"
	}
	return s, nil
}

var comparisons = map[string]string{"eq": "=", "ne": "<>", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}

var attributeTypes = map[string]string{
	"_null": "NULL", "string": "S", "stringSet": "SS", "number": "N", "numberSet": "NS",
	"binary": "B", "binarySet": "BS", "boolean": "BOOL", "list": "L", "map": "M",
}

// field renders the operations on one attribute #f, or on size(#f) when
// sized; base is the placeholder stem (and_0_f, f_size).
func (b *exprBuilder) field(v any, attr string, sized bool, base string) (string, error) {
	ops, ok := v.(*value.Map)
	if !ok {
		return "", errBadFilter
	}
	if b.depth++; b.depth > maxFilterDepth {
		return "", errBadFilter
	}
	defer func() { b.depth-- }()
	var parts []string
	var err error
	ops.Range(func(op string, arg any) bool {
		var s string
		s, err = b.operation(op, arg, attr, sized, base)
		parts = append(parts, s)
		return err == nil
	})
	if err != nil {
		return "", err
	}
	if len(parts) > 1 {
		return "(" + strings.Join(parts, " AND ") + ")", nil
	}
	return strings.Join(parts, ""), nil
}

func (b *exprBuilder) operand(name string, v any) error {
	av, err := toAttributeValue(v)
	if err != nil {
		return errBadFilter
	}
	b.values.Put(name, av)
	return nil
}

func (b *exprBuilder) operation(op string, arg any, attr string, sized bool, base string) (string, error) {
	path := attr
	if sized {
		path = "size(" + attr + ")"
	}
	name := ":" + joinPrefix(base, op)
	if sym, ok := comparisons[op]; ok {
		return "(" + path + " " + sym + " " + name + ")", b.operand(name, arg)
	}
	switch op {
	case "contains", "notContains", "beginsWith":
		f := map[string]string{"contains": "contains", "notContains": "NOT contains", "beginsWith": "begins_with"}[op]
		return "(" + f + "(" + path + "," + name + "))", b.operand(name, arg)
	case "between":
		l, ok := arg.(*value.List)
		if !ok || len(l.Items) < 2 {
			return "", errBadFilter
		}
		if err := b.operand(name+"_start", l.Items[0]); err != nil {
			return "", err
		}
		return "(" + path + " BETWEEN " + name + "_start AND " + name + "_end)", b.operand(name+"_end", l.Items[1])
	case "in":
		l, ok := arg.(*value.List)
		if !ok {
			return "", errBadFilter
		}
		if len(l.Items) == 0 {
			return "(null)", nil // AWS's answer for an empty list
		}
		names := make([]string, len(l.Items))
		for i, e := range l.Items {
			names[i] = name + "_" + strconv.Itoa(i)
			if err := b.operand(names[i], e); err != nil {
				return "", err
			}
		}
		return "(" + path + " IN (" + strings.Join(names, ", ") + "))", nil
	case "attributeExists":
		exists, ok := arg.(bool)
		if !ok {
			return "", errBadFilter
		}
		if exists {
			return "(attribute_exists(" + path + "))", nil
		}
		return "(attribute_not_exists(" + path + "))", nil
	case "attributeType":
		s, _ := arg.(string)
		code, ok := attributeTypes[s]
		if !ok {
			return "", errBadFilter
		}
		b.values.Put(name, avOf("S", code))
		return "(attribute_type(" + path + "," + name + "))", nil
	case "size":
		// size(#f) however deep the nesting; only the placeholder grows.
		return b.field(arg, attr, true, joinPrefix(base, "size"))
	}
	return "", errBadFilter
}

// elasticsearchQueryDSL is toElasticsearchQueryDSL(filter): the OpenSearch
// bool query for a filter object, as JSON text, or null when the filter has
// nothing to render or uses an operator OpenSearch has no query for.
func elasticsearchQueryDSL(_ *Env, args []any) (any, error) {
	if err := (dsArgs{"$util.transform.toElasticsearchQueryDSL", args}).count(1, 1); err != nil {
		return nil, err
	}
	q, err := OpenSearchQuery(args[0])
	if err != nil || q == nil {
		return nil, nil
	}
	return value.ToJSON(q), nil
}

// OpenSearchQuery converts a filter object to the OpenSearch Query DSL as
// AppSync documents it: the entries of an object, and the operators of a
// field, are ANDed in {"bool": {"must": [...]}} (a single one stands alone);
// or is {"bool": {"should": [...], "minimum_should_match": 1}}, not and ne are
// {"bool": {"must_not": …}}; eq is a term query, range a gte/lte range, and
// gt, gte, lt, lte, match, matchPhrase, matchPhrasePrefix, multiMatch,
// wildcard, regexp and exists map to their queries. It returns nil for an
// empty filter and an error for one it cannot convert.
func OpenSearchQuery(filter any) (any, error) {
	m, ok := value.From(filter).(*value.Map)
	if !ok {
		return nil, errBadFilter
	}
	parts, err := osObject(m, 0)
	if err != nil {
		return nil, err
	}
	return osAll(parts), nil
}

func osObject(m *value.Map, depth int) ([]any, error) {
	if depth > maxFilterDepth {
		return nil, errBadFilter
	}
	var parts []any
	var err error
	m.Range(func(k string, v any) bool {
		var q any
		switch k {
		case "and", "or":
			l, ok := v.(*value.List)
			if !ok {
				err = errBadFilter
				return false
			}
			var subs []any
			for _, e := range l.Items {
				em, ok := e.(*value.Map)
				if !ok {
					err = errBadFilter
					return false
				}
				var sub []any
				if sub, err = osObject(em, depth+1); err != nil {
					return false
				}
				if s := osAll(sub); s != nil {
					subs = append(subs, s)
				}
			}
			if len(subs) == 0 {
				return true
			}
			if k == "and" {
				q = osBool("must", value.NewList(subs...))
			} else {
				clauses := avOf("should", value.NewList(subs...))
				clauses.Put("minimum_should_match", int64(1))
				q = avOf("bool", clauses)
			}
		case "not":
			em, ok := v.(*value.Map)
			if !ok {
				err = errBadFilter
				return false
			}
			var sub []any
			if sub, err = osObject(em, depth+1); err != nil {
				return false
			}
			s := osAll(sub)
			if s == nil {
				return true
			}
			q = osBool("must_not", s)
		default:
			ops, ok := v.(*value.Map)
			if !ok {
				err = errBadFilter
				return false
			}
			var sub []any
			if sub, err = osField(k, ops); err != nil {
				return false
			}
			if q = osAll(sub); q == nil {
				return true
			}
		}
		parts = append(parts, q)
		return true
	})
	return parts, err
}

var osLeaf = map[string]string{
	"eq": "term", "match": "match", "matchPhrase": "match_phrase", "matchPhrasePrefix": "match_phrase_prefix",
	"multiMatch": "multi_match", "wildcard": "wildcard", "regexp": "regexp",
}

func osField(field string, ops *value.Map) ([]any, error) {
	var parts []any
	var err error
	ops.Range(func(op string, arg any) bool {
		if q, ok := osLeaf[op]; ok {
			parts = append(parts, osQuery(q, field, arg))
			return true
		}
		switch op {
		case "ne":
			parts = append(parts, osBool("must_not", osQuery("term", field, arg)))
		case "gt", "gte", "lt", "lte":
			parts = append(parts, osQuery("range", field, avOf(op, arg)))
		case "range":
			l, ok := arg.(*value.List)
			if !ok || len(l.Items) < 2 {
				err = errBadFilter
				return false
			}
			r := value.NewMap()
			r.Put("gte", l.Items[0])
			r.Put("lte", l.Items[1])
			parts = append(parts, osQuery("range", field, r))
		case "exists":
			b, ok := arg.(bool)
			if !ok {
				err = errBadFilter
				return false
			}
			q := osQuery("exists", "field", field)
			if !b {
				q = osBool("must_not", q)
			}
			parts = append(parts, q)
		default:
			err = errBadFilter
			return false
		}
		return true
	})
	return parts, err
}

// osQuery is {kind: {field: v}}.
func osQuery(kind, field string, v any) *value.Map {
	return avOf(kind, avOf(field, v))
}

func osBool(clause string, v any) *value.Map {
	return avOf("bool", avOf(clause, v))
}

// osAll ANDs queries: nil for none, the query itself for one.
func osAll(parts []any) any {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return osBool("must", value.NewList(parts...))
}

// subscriptionFilter is toSubscriptionFilter(filter[, ignoredFields[, rules]]).
func subscriptionFilter(_ *Env, args []any) (any, error) {
	a := dsArgs{"$util.transform.toSubscriptionFilter", args}
	if err := a.count(1, 3); err != nil {
		return nil, err
	}
	var ignored []string
	if len(args) > 1 && args[1] != nil {
		l, ok := value.From(args[1]).(*value.List)
		if !ok {
			return nil, a.wrong("a list of field names", args[1])
		}
		for _, e := range l.Items {
			s, ok := e.(string)
			if !ok {
				return nil, a.wrong("a list of field names", args[1])
			}
			ignored = append(ignored, s)
		}
	}
	var rules *value.Map
	if len(args) > 2 && args[2] != nil {
		m, ok := value.From(args[2]).(*value.Map)
		if !ok {
			return nil, a.wrong("a map of rules", args[2])
		}
		rules = m
	}
	f, err := SubscriptionFilter(args[0], ignored, rules)
	if err != nil {
		return nil, nil
	}
	return f, nil
}

// SubscriptionFilter converts a filter object to the form
// $extensions.setSubscriptionFilter takes: {"filterGroup": [{"filters":
// [{"fieldName", "operator", "value"}]}]}, groups ORed, filters in a group
// ANDed. As "Transformation helpers in $util.transform" documents, the
// operators of one field are alternatives, an or's members are alternatives,
// an and's members all hold, and each rule is an alternative added to every
// group; so the groups multiply out, in the order of the entries. Fields named
// in ignored are left out at any depth. Operators and values are carried over
// as written: AWS checks them (see ValidateSubscriptionFilter) only when the
// filter is set. It returns an error, where AppSync answers null, for a
// filter that is not a map or whose and/or is not a list of maps.
func SubscriptionFilter(filter any, ignored []string, rules *value.Map) (*value.Map, error) {
	m, ok := value.From(filter).(*value.Map)
	if !ok {
		return nil, errBadFilter
	}
	skip := map[string]bool{}
	for _, f := range ignored {
		skip[f] = true
	}
	groups, err := subGroups(m, skip, 0)
	if err != nil {
		return nil, err
	}
	if rules != nil && rules.Len() > 0 {
		alts := subSet{set: true}
		rules.Range(func(field string, v any) bool {
			ops, ok := v.(*value.Map)
			if !ok {
				err = errBadFilter
				return false
			}
			alts.list = append(alts.list, subField(field, ops).list...)
			return true
		})
		if err != nil {
			return nil, err
		}
		if groups = subProduct(groups, alts); len(groups.list) > maxSubscriptionGroups {
			return nil, errBadFilter
		}
	}
	out := value.NewList()
	for _, g := range groups.list {
		out.Items = append(out.Items, avOf("filters", value.NewList(g...)))
	}
	return avOf("filterGroup", out), nil
}

// subSet is a disjunction of groups. Unset means "no condition yet": a
// product with it is the other factor, and an entry whose fields are all
// ignored contributes nothing.
type subSet struct {
	set  bool
	list [][]any
}

// maxSubscriptionGroups bounds the multiplying out; past it the filter is
// refused (AppSync accepts 10 groups when the filter is set).
const maxSubscriptionGroups = 1 << 10

func subProduct(s, t subSet) subSet {
	if !t.set {
		return s
	}
	if !s.set {
		return t
	}
	out := subSet{set: true}
	if len(s.list)*len(t.list) > maxSubscriptionGroups {
		out.list = make([][]any, maxSubscriptionGroups+1) // over the limit: refused by the caller
		return out
	}
	for _, g := range s.list {
		for _, a := range t.list {
			out.list = append(out.list, append(append([]any(nil), g...), a...))
		}
	}
	return out
}

func subGroups(m *value.Map, skip map[string]bool, depth int) (subSet, error) {
	var s subSet
	if depth > maxFilterDepth {
		return s, errBadFilter
	}
	var err error
	m.Range(func(k string, v any) bool {
		switch k {
		case "and", "or":
			l, ok := v.(*value.List)
			if !ok {
				err = errBadFilter
				return false
			}
			var factor subSet
			for _, e := range l.Items {
				em, ok := e.(*value.Map)
				if !ok {
					err = errBadFilter
					return false
				}
				var sub subSet
				if sub, err = subGroups(em, skip, depth+1); err != nil {
					return false
				}
				switch {
				case k == "and":
					factor = subProduct(factor, sub)
				case sub.set:
					factor.set = true
					factor.list = append(factor.list, sub.list...)
				}
				if len(factor.list) > maxSubscriptionGroups {
					err = errBadFilter
					return false
				}
			}
			s = subProduct(s, factor)
			if len(s.list) > maxSubscriptionGroups {
				err = errBadFilter
				return false
			}
		default:
			if skip[k] {
				return true
			}
			ops, ok := v.(*value.Map)
			if !ok {
				err = errBadFilter
				return false
			}
			s = subProduct(s, subField(k, ops))
			if len(s.list) > maxSubscriptionGroups {
				err = errBadFilter
				return false
			}
		}
		return true
	})
	return s, err
}

// subField makes one alternative per operator of a field.
func subField(field string, ops *value.Map) subSet {
	alts := subSet{set: true}
	ops.Range(func(op string, v any) bool {
		f := value.NewMap()
		f.Put("fieldName", field)
		f.Put("operator", op)
		f.Put("value", v)
		alts.list = append(alts.list, []any{f})
		return true
	})
	return alts
}

// Limits of enhanced subscription filters ("Extensions" in the AppSync
// developer guide).
const (
	maxFilterGroups     = 10
	maxFieldsPerGroup   = 5
	maxInValues         = 5
	maxContainsAnyValue = 20
	maxFilterString     = 256
	maxFieldNesting     = 5
)

var subscriptionOperators = map[string]bool{
	"eq": true, "ne": true, "le": true, "lt": true, "ge": true, "gt": true, "contains": true,
	"notContains": true, "beginsWith": true, "in": true, "notIn": true, "between": true, "containsAny": true,
}

// ValidateSubscriptionFilter checks a filter given to
// $extensions.setSubscriptionFilter (or setSubscriptionInvalidationFilter)
// against AppSync's documented limits: at most 10 groups, counting each value
// of an in as a group of its own; at most 5 distinct fieldNames per group; at
// most 5 values for in and notIn and 20 for containsAny; strings of at most
// 256 characters; field paths at most 5 levels deep; known operators with
// values of the documented types. The error messages for the attribute limit,
// the in limit and a bad containsAny value are AWS's, as clients report them
// (aws-amplify/amplify-flutter#6142, aws-amplify/amplify-category-api#740,
// aws-amplify/amplify-swift#3134); the others follow their pattern.
func ValidateSubscriptionFilter(filter any) error {
	m, ok := value.From(filter).(*value.Map)
	if !ok {
		return errors.New("subscription filter must be an object with a filterGroup list")
	}
	fg, _ := m.Get("filterGroup")
	groups, ok := fg.(*value.List)
	if !ok {
		return errors.New("subscription filter must be an object with a filterGroup list")
	}
	total := 0
	for _, g := range groups.Items {
		gm, ok := g.(*value.Map)
		if !ok {
			return errors.New("subscription filter group must be an object with a filters list")
		}
		fv, _ := gm.Get("filters")
		filters, ok := fv.(*value.List)
		if !ok {
			return errors.New("subscription filter group must be an object with a filters list")
		}
		fields := map[string]bool{}
		expand := 1
		for _, f := range filters.Items {
			n, err := validateFilter(f, fields)
			if err != nil {
				return err
			}
			expand *= n
		}
		if len(fields) > maxFieldsPerGroup {
			return fmt.Errorf("Filters exceed maximum attributes limit %d for subscription.", maxFieldsPerGroup)
		}
		total += expand
		if total > maxFilterGroups {
			return fmt.Errorf("Filters exceed maximum filter groups limit %d for subscription.", maxFilterGroups)
		}
	}
	return nil
}

// validateFilter checks one filter and returns how many groups it counts
// for (an in of n values counts n).
func validateFilter(f any, fields map[string]bool) (int, error) {
	fm, ok := f.(*value.Map)
	if !ok {
		return 0, errors.New("subscription filter must be an object with fieldName, operator and value")
	}
	nv, _ := fm.Get("fieldName")
	name, ok := nv.(string)
	if !ok || name == "" {
		return 0, errors.New("subscription filter has an invalid fieldName.")
	}
	if strings.Count(name, ".") >= maxFieldNesting {
		return 0, fmt.Errorf("subscription filter fieldName `%s` exceeds maximum nesting level %d.", name, maxFieldNesting)
	}
	fields[name] = true
	ov, _ := fm.Get("operator")
	op, _ := ov.(string)
	if !subscriptionOperators[op] {
		return 0, fmt.Errorf("subscription filter has invalid operator `%v`.", ov)
	}
	v, _ := fm.Get("value")
	bad := fmt.Errorf("subscription filter has invalid filter value for operator `%s`.", op)
	scalar := func(v any, allowBool bool) error {
		switch t := v.(type) {
		case string:
			if len([]rune(t)) > maxFilterString {
				return fmt.Errorf("subscription filter value exceeds maximum string length %d.", maxFilterString)
			}
			return nil
		case int64, float64:
			return nil
		case bool:
			if allowBool {
				return nil
			}
		}
		return bad
	}
	switch op {
	case "eq", "ne":
		return 1, scalar(v, true)
	case "le", "lt", "ge", "gt", "contains", "notContains":
		return 1, scalar(v, false)
	case "beginsWith":
		if _, ok := v.(string); !ok {
			return 0, bad
		}
		return 1, scalar(v, false)
	}
	l, ok := v.(*value.List)
	if !ok || len(l.Items) == 0 {
		return 0, bad
	}
	for _, e := range l.Items {
		if err := scalar(e, false); err != nil {
			return 0, err
		}
	}
	switch op {
	case "between":
		if len(l.Items) != 2 {
			return 0, bad
		}
	case "in", "notIn":
		if len(l.Items) > maxInValues {
			return 0, fmt.Errorf("subscription exceeds maximum value limit %d for operator `%s`.", maxInValues, op)
		}
		if op == "in" {
			return len(l.Items), nil
		}
	case "containsAny":
		if len(l.Items) > maxContainsAnyValue {
			return 0, fmt.Errorf("subscription exceeds maximum value limit %d for operator `%s`.", maxContainsAnyValue, op)
		}
	}
	return 1, nil
}
