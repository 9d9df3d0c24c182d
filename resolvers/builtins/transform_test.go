package builtins

import (
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// The expected expressions below are AWS's answers, recorded by
// localstack/appsync-utils against AppSync (__tests__/transform.test.js and
// its snapshot). AWS orders expressionNames and expressionValues arbitrarily;
// ours follow the filter's order.
func TestDynamoDBFilterExpression(t *testing.T) {
	t.Parallel()
	f := func(name, filter, want string) dsCase {
		return dsCase{name: name, path: "transform.toDynamoDBFilterExpression", args: []string{filter}, want: want, wantText: true}
	}
	runDSCases(t, []dsCase{
		// "Transformation helpers in $util.transform" shows this example as
		// "contains(#title, :title_contains)"; AWS answers as below.
		f("documented example", `{"title":{"contains":"Hello World"}}`,
			`{"expression":"(contains(#title,:title_contains))","expressionNames":{"#title":"title"},"expressionValues":{":title_contains":{"S":"Hello World"}}}`),
		f("eq", `{"v":{"eq":"x"}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"S":"x"}}}`),
		f("ne", `{"v":{"ne":"x"}}`, `{"expression":"(#v <> :v_ne)","expressionNames":{"#v":"v"},"expressionValues":{":v_ne":{"S":"x"}}}`),
		f("lt", `{"v":{"lt":"x"}}`, `{"expression":"(#v < :v_lt)","expressionNames":{"#v":"v"},"expressionValues":{":v_lt":{"S":"x"}}}`),
		f("le", `{"v":{"le":"x"}}`, `{"expression":"(#v <= :v_le)","expressionNames":{"#v":"v"},"expressionValues":{":v_le":{"S":"x"}}}`),
		f("gt", `{"v":{"gt":"x"}}`, `{"expression":"(#v > :v_gt)","expressionNames":{"#v":"v"},"expressionValues":{":v_gt":{"S":"x"}}}`),
		f("ge", `{"v":{"ge":"x"}}`, `{"expression":"(#v >= :v_ge)","expressionNames":{"#v":"v"},"expressionValues":{":v_ge":{"S":"x"}}}`),
		f("number operand", `{"v":{"eq":10}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"N":10}}}`),
		f("fractional operand", `{"v":{"eq":1.5}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"N":1.5}}}`),
		f("boolean operand", `{"v":{"eq":true}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"BOOL":true}}}`),
		f("null operand", `{"v":{"eq":null}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"NULL":null}}}`),
		f("map operand", `{"v":{"eq":{"a":1}}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"M":{"a":{"N":1}}}}}`),
		f("list operand", `{"v":{"eq":[1,2]}}`, `{"expression":"(#v = :v_eq)","expressionNames":{"#v":"v"},"expressionValues":{":v_eq":{"L":[{"N":1},{"N":2}]}}}`),
		f("notContains", `{"v":{"notContains":"x"}}`,
			`{"expression":"(NOT contains(#v,:v_notContains))","expressionNames":{"#v":"v"},"expressionValues":{":v_notContains":{"S":"x"}}}`),
		f("beginsWith", `{"v":{"beginsWith":"x"}}`,
			`{"expression":"(begins_with(#v,:v_beginsWith))","expressionNames":{"#v":"v"},"expressionValues":{":v_beginsWith":{"S":"x"}}}`),
		f("between", `{"v":{"between":["1","9"]}}`,
			`{"expression":"(#v BETWEEN :v_between_start AND :v_between_end)","expressionNames":{"#v":"v"},"expressionValues":{":v_between_start":{"S":"1"},":v_between_end":{"S":"9"}}}`),
		f("between ignores a third bound", `{"v":{"between":[1,9,3]}}`,
			`{"expression":"(#v BETWEEN :v_between_start AND :v_between_end)","expressionNames":{"#v":"v"},"expressionValues":{":v_between_start":{"N":1},":v_between_end":{"N":9}}}`),
		f("in", `{"v":{"in":["a","b"]}}`,
			`{"expression":"(#v IN (:v_in_0, :v_in_1))","expressionNames":{"#v":"v"},"expressionValues":{":v_in_0":{"S":"a"},":v_in_1":{"S":"b"}}}`),
		f("in of one", `{"v":{"in":["a"]}}`, `{"expression":"(#v IN (:v_in_0))","expressionNames":{"#v":"v"},"expressionValues":{":v_in_0":{"S":"a"}}}`),
		f("in of none", `{"v":{"in":[]}}`, `{"expression":"(null)","expressionNames":{"#v":"v"},"expressionValues":{}}`),
		f("attributeExists true", `{"v":{"attributeExists":true}}`, `{"expression":"(attribute_exists(#v))","expressionNames":{"#v":"v"},"expressionValues":{}}`),
		f("attributeExists false", `{"v":{"attributeExists":false}}`, `{"expression":"(attribute_not_exists(#v))","expressionNames":{"#v":"v"},"expressionValues":{}}`),
		f("attributeType", `{"a":{"attributeType":"_null"},"b":{"attributeType":"stringSet"},"c":{"attributeType":"map"}}`,
			`{"expression":"(attribute_type(#a,:a_attributeType)) AND (attribute_type(#b,:b_attributeType)) AND (attribute_type(#c,:c_attributeType))","expressionNames":{"#a":"a","#b":"b","#c":"c"},"expressionValues":{":a_attributeType":{"S":"NULL"},":b_attributeType":{"S":"SS"},":c_attributeType":{"S":"M"}}}`),
		f("size", `{"v":{"size":{"gt":2}}}`, `{"expression":"(size(#v) > :v_size_gt)","expressionNames":{"#v":"v"},"expressionValues":{":v_size_gt":{"N":2}}}`),
		f("size between", `{"v":{"size":{"between":[1,3]}}}`,
			`{"expression":"(size(#v) BETWEEN :v_size_between_start AND :v_size_between_end)","expressionNames":{"#v":"v"},"expressionValues":{":v_size_between_start":{"N":1},":v_size_between_end":{"N":3}}}`),
		f("size contains", `{"v":{"size":{"contains":"x"}}}`,
			`{"expression":"(contains(size(#v),:v_size_contains))","expressionNames":{"#v":"v"},"expressionValues":{":v_size_contains":{"S":"x"}}}`),
		f("size attributeExists", `{"v":{"size":{"attributeExists":true}}}`,
			`{"expression":"(attribute_exists(size(#v)))","expressionNames":{"#v":"v"},"expressionValues":{}}`),
		f("size twice", `{"v":{"size":{"gt":2,"lt":5}}}`,
			`{"expression":"((size(#v) > :v_size_gt) AND (size(#v) < :v_size_lt))","expressionNames":{"#v":"v"},"expressionValues":{":v_size_gt":{"N":2},":v_size_lt":{"N":5}}}`),
		f("size of size", `{"v":{"size":{"size":{"gt":1}}}}`,
			`{"expression":"(size(#v) > :v_size_size_gt)","expressionNames":{"#v":"v"},"expressionValues":{":v_size_size_gt":{"N":1}}}`),
		f("two fields", `{"a":{"eq":1},"b":{"eq":2}}`,
			`{"expression":"(#a = :a_eq) AND (#b = :b_eq)","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":a_eq":{"N":1},":b_eq":{"N":2}}}`),
		f("two operators", `{"v":{"ge":1,"le":5}}`,
			`{"expression":"((#v >= :v_ge) AND (#v <= :v_le))","expressionNames":{"#v":"v"},"expressionValues":{":v_ge":{"N":1},":v_le":{"N":5}}}`),
		f("and of one", `{"and":[{"a":{"eq":1}}]}`, `{"expression":"(#a = :and_0_a_eq)","expressionNames":{"#a":"a"},"expressionValues":{":and_0_a_eq":{"N":1}}}`),
		f("and of two", `{"and":[{"a":{"eq":1}},{"b":{"eq":2}}]}`,
			`{"expression":"((#a = :and_0_a_eq) AND (#b = :and_1_b_eq))","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":and_0_a_eq":{"N":1},":and_1_b_eq":{"N":2}}}`),
		f("or of two", `{"or":[{"a":{"eq":1}},{"b":{"eq":2}}]}`,
			`{"expression":"((#a = :or_0_a_eq) OR (#b = :or_1_b_eq))","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":or_0_a_eq":{"N":1},":or_1_b_eq":{"N":2}}}`),
		f("not", `{"not":{"a":{"eq":1}}}`, `{"expression":"(NOT (#a = :not_a_eq))","expressionNames":{"#a":"a"},"expressionValues":{":not_a_eq":{"N":1}}}`),
		f("not of a group", `{"not":{"and":[{"a":{"eq":1}},{"b":{"eq":2}}]}}`,
			`{"expression":"(NOT ((#a = :not_and_0_a_eq) AND (#b = :not_and_1_b_eq)))","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":not_and_0_a_eq":{"N":1},":not_and_1_b_eq":{"N":2}}}`),
		f("not of not", `{"not":{"not":{"a":{"eq":1}}}}`,
			`{"expression":"(NOT (NOT (#a = :not_not_a_eq)))","expressionNames":{"#a":"a"},"expressionValues":{":not_not_a_eq":{"N":1}}}`),
		f("not inside and", `{"and":[{"not":{"a":{"eq":1}}},{"b":{"eq":2}}]}`,
			`{"expression":"((NOT (#a = :and_0_not_a_eq)) AND (#b = :and_1_b_eq))","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":and_0_not_a_eq":{"N":1},":and_1_b_eq":{"N":2}}}`),
		f("and inside or", `{"or":[{"and":[{"a":{"eq":1}},{"b":{"eq":2}}]},{"c":{"eq":3}}]}`,
			`{"expression":"(((#a = :or_0_and_0_a_eq) AND (#b = :or_0_and_1_b_eq)) OR (#c = :or_1_c_eq))","expressionNames":{"#a":"a","#b":"b","#c":"c"},"expressionValues":{":or_0_and_0_a_eq":{"N":1},":or_0_and_1_b_eq":{"N":2},":or_1_c_eq":{"N":3}}}`),
		f("or inside and", `{"and":[{"or":[{"a":{"eq":1}},{"b":{"eq":2}}]},{"c":{"eq":3}}]}`,
			`{"expression":"(((#a = :and_0_or_0_a_eq) OR (#b = :and_0_or_1_b_eq)) AND (#c = :and_1_c_eq))","expressionNames":{"#a":"a","#b":"b","#c":"c"},"expressionValues":{":and_0_or_0_a_eq":{"N":1},":and_0_or_1_b_eq":{"N":2},":and_1_c_eq":{"N":3}}}`),
		f("deep nesting names", `{"and":[{"or":[{"and":[{"a":{"eq":1}}]}]}]}`,
			`{"expression":"(#a = :and_0_or_0_and_0_a_eq)","expressionNames":{"#a":"a"},"expressionValues":{":and_0_or_0_and_0_a_eq":{"N":1}}}`),
		f("field beside a group", `{"a":{"eq":1},"and":[{"b":{"eq":2}}]}`,
			`{"expression":"(#a = :a_eq) AND (#b = :and_0_b_eq)","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":a_eq":{"N":1},":and_0_b_eq":{"N":2}}}`),
		f("dotted name verbatim", `{"a.b":{"eq":1}}`, `{"expression":"(#a.b = :a.b_eq)","expressionNames":{"#a.b":"a.b"},"expressionValues":{":a.b_eq":{"N":1}}}`),
		f("empty filter", `{}`, `{"expression":"","expressionNames":{},"expressionValues":{}}`),
		f("empty group", `{"and":[]}`, `{"expression":"","expressionNames":{},"expressionValues":{}}`),
		f("field without operators", `{"v":{}}`, `{"expression":"","expressionNames":{"#v":"v"},"expressionValues":{}}`),
		f("size without operators", `{"v":{"size":{}}}`, `{"expression":"","expressionNames":{"#v":"v"},"expressionValues":{}}`),
		f("not of nothing", `{"not":{}}`, `{"expression":"(NOT )","expressionNames":{},"expressionValues":{}}`),
		f("dangling joiner", `{"a":{"eq":1},"b":{}}`,
			`{"expression":"(#a = :a_eq) AND ","expressionNames":{"#a":"a","#b":"b"},"expressionValues":{":a_eq":{"N":1}}}`),
		f("dangling joiner in a group", `{"and":[{"a":{"eq":1}},{}]}`,
			`{"expression":"((#a = :and_0_a_eq) AND )","expressionNames":{"#a":"a"},"expressionValues":{":and_0_a_eq":{"N":1}}}`),
		f("Amplify create condition", `{"and":[{"id":{"attributeExists":false}}]}`,
			`{"expression":"(attribute_not_exists(#id))","expressionNames":{"#id":"id"},"expressionValues":{}}`),
		f("Amplify update condition", `{"and":[{"id":{"attributeExists":true}},{"_version":{"eq":1}}]}`,
			`{"expression":"((attribute_exists(#id)) AND (#_version = :and_1__version_eq))","expressionNames":{"#id":"id","#_version":"_version"},"expressionValues":{":and_1__version_eq":{"N":1}}}`),
	})
}

func TestDynamoDBFilterExpressionRejects(t *testing.T) {
	t.Parallel()
	var cases []dsCase
	for name, filter := range map[string]string{
		"null":                        `null`,
		"an array":                    `[]`,
		"a string":                    `"string"`,
		"an unknown operator":         `{"v":{"foo":1}}`,
		"a value instead of ops":      `{"v":"x"}`,
		"a field in a field":          `{"a":{"b":{"eq":1}}}`,
		"an and of a map":             `{"and":{"a":{"eq":1}}}`,
		"an and of null":              `{"and":null}`,
		"a null member":               `{"and":[{"a":{"eq":1}},null]}`,
		"a not of a list":             `{"not":[{"a":{"eq":1}}]}`,
		"a range of one":              `{"v":{"between":[1]}}`,
		"a range of a string":         `{"v":{"between":"x"}}`,
		"an in of a string":           `{"v":{"in":"x"}}`,
		"attributeExists of a string": `{"v":{"attributeExists":"yes"}}`,
		"attributeType of a code":     `{"v":{"attributeType":"S"}}`,
		"attributeType unknown":       `{"v":{"attributeType":"bogus"}}`,
		"size of a value":             `{"v":{"size":3}}`,
		"a null field":                `{"v":null}`,
	} {
		for _, fn := range []string{"toDynamoDBFilterExpression", "toDynamoDBConditionExpression"} {
			cases = append(cases, dsCase{name: fn + " " + name, path: "transform." + fn, args: []string{filter}, wantText: true, want: "<nil>"})
		}
	}
	cases = append(cases,
		dsCase{name: "no argument", path: "transform.toDynamoDBFilterExpression", wantErr: "$util.transform.toDynamoDBFilterExpression: expected 1 argument, got 0"},
		dsCase{name: "two arguments", path: "transform.toDynamoDBConditionExpression", args: []string{`{}`, `{}`}, wantErr: "expected 1 argument, got 2"},
	)
	runDSCases(t, cases)
}

// Both entry points answer the same (AWS: byte identical).
func TestDynamoDBConditionExpressionMatchesFilter(t *testing.T) {
	t.Parallel()
	for _, filter := range []string{
		`{"content":{"eq":"x"}}`,
		`{"and":[{"content":{"eq":"x"}},{"version":{"attributeExists":true}}]}`,
		`{"not":{"id":{"between":["1","9"]}}}`,
		`{"id":{"attributeExists":true},"version":{"eq":10}}`,
	} {
		a, err := dsCall(t, &Env{}, "transform.toDynamoDBFilterExpression", dsJSON(t, filter))
		if err != nil {
			t.Fatal(err)
		}
		b, err := dsCall(t, &Env{}, "transform.toDynamoDBConditionExpression", dsJSON(t, filter))
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("%s: filter %v, condition %v", filter, a, b)
		}
	}
	got, _ := dsCall(t, &Env{}, "transform.toDynamoDBConditionExpression", dsJSON(t, `{"id":{"attributeExists":true},"version":{"eq":10}}`))
	if want := `{"expression":"(attribute_exists(#id)) AND (#version = :version_eq)","expressionNames":{"#id":"id","#version":"version"},"expressionValues":{":version_eq":{"N":10}}}`; got != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestDynamoDBExpressionDepthLimit(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat(`{"not":`, 200) + `{}` + strings.Repeat(`}`, 200)
	got, err := dsCall(t, &Env{}, "transform.toDynamoDBFilterExpression", dsJSON(t, deep))
	if err != nil || got != nil {
		t.Fatalf("got %v, %v; want null", got, err)
	}
}

func TestElasticsearchQueryDSL(t *testing.T) {
	t.Parallel()
	f := func(name, filter, want string) dsCase {
		return dsCase{name: name, path: "transform.toElasticsearchQueryDSL", args: []string{filter}, want: want, wantText: true}
	}
	runDSCases(t, []dsCase{
		// The example of "Transformation helpers in $util.transform", compacted.
		f("documented example", `{"upvotes":{"ne":15,"range":[10,20]},"title":{"eq":"hihihi","wildcard":"h*i"}}`,
			`{"bool":{"must":[{"bool":{"must":[{"bool":{"must_not":{"term":{"upvotes":15}}}},{"range":{"upvotes":{"gte":10,"lte":20}}}]}},{"bool":{"must":[{"term":{"title":"hihihi"}},{"wildcard":{"title":"h*i"}}]}}]}}`),
		f("one operator stands alone", `{"title":{"eq":"a"}}`, `{"term":{"title":"a"}}`),
		f("comparisons", `{"n":{"gt":1,"gte":2,"lt":3,"lte":4}}`,
			`{"bool":{"must":[{"range":{"n":{"gt":1}}},{"range":{"n":{"gte":2}}},{"range":{"n":{"lt":3}}},{"range":{"n":{"lte":4}}}]}}`),
		f("text queries", `{"t":{"match":"a","matchPhrase":"b","matchPhrasePrefix":"c","multiMatch":"d","regexp":"e.*"}}`,
			`{"bool":{"must":[{"match":{"t":"a"}},{"match_phrase":{"t":"b"}},{"match_phrase_prefix":{"t":"c"}},{"multi_match":{"t":"d"}},{"regexp":{"t":"e.*"}}]}}`),
		f("exists", `{"a":{"exists":true},"b":{"exists":false}}`,
			`{"bool":{"must":[{"exists":{"field":"a"}},{"bool":{"must_not":{"exists":{"field":"b"}}}}]}}`),
		f("or", `{"or":[{"a":{"eq":1}},{"b":{"eq":2}}]}`,
			`{"bool":{"should":[{"term":{"a":1}},{"term":{"b":2}}],"minimum_should_match":1}}`),
		f("and", `{"and":[{"a":{"eq":1}},{"b":{"eq":2},"c":{"eq":3}}]}`,
			`{"bool":{"must":[{"term":{"a":1}},{"bool":{"must":[{"term":{"b":2}},{"term":{"c":3}}]}}]}}`),
		f("not", `{"not":{"a":{"eq":1}}}`, `{"bool":{"must_not":{"term":{"a":1}}}}`),
		f("empty", `{}`, `<nil>`),
		f("unknown operator", `{"a":{"between":[1,2]}}`, `<nil>`),
		f("not a map", `[]`, `<nil>`),
		f("range of one", `{"a":{"range":[1]}}`, `<nil>`),
	})
}

func TestSubscriptionFilter(t *testing.T) {
	t.Parallel()
	f := func(name string, args []string, want string) dsCase {
		return dsCase{name: name, path: "transform.toSubscriptionFilter", args: args, want: want}
	}
	filter := func(field, op, v string) string {
		return `{"fieldName":"` + field + `","operator":"` + op + `","value":` + v + `}`
	}
	group := func(filters ...string) string { return `{"filters":[` + strings.Join(filters, ",") + `]}` }
	groups := func(gs ...string) string { return `{"filterGroup":[` + strings.Join(gs, ",") + `]}` }
	docFilter := `{"percentageUp":{"lte":50,"gte":20},"and":[{"title":{"ne":"Book1"}},{"downvotes":{"gt":2000}}],"or":[{"author":{"eq":"Admin"}},{"isPublished":{"eq":false}}]}`
	runDSCases(t, []dsCase{
		// The three examples of "Transformation helpers in $util.transform".
		f("documented example, one argument", []string{docFilter}, groups(
			group(filter("percentageUp", "lte", "50"), filter("title", "ne", `"Book1"`), filter("downvotes", "gt", "2000"), filter("author", "eq", `"Admin"`)),
			group(filter("percentageUp", "lte", "50"), filter("title", "ne", `"Book1"`), filter("downvotes", "gt", "2000"), filter("isPublished", "eq", "false")),
			group(filter("percentageUp", "gte", "20"), filter("title", "ne", `"Book1"`), filter("downvotes", "gt", "2000"), filter("author", "eq", `"Admin"`)),
			group(filter("percentageUp", "gte", "20"), filter("title", "ne", `"Book1"`), filter("downvotes", "gt", "2000"), filter("isPublished", "eq", "false")),
		)),
		f("documented example, ignored fields", []string{
			`{"percentageUp":{"lte":50,"gte":20},"and":[{"title":{"ne":"Book1"}},{"downvotes":{"gt":20}}],"or":[{"author":{"eq":"Admin"}},{"isPublished":{"eq":false}}]}`,
			`["percentageUp","author"]`,
		}, groups(group(filter("title", "ne", `"Book1"`), filter("downvotes", "gt", "20"), filter("isPublished", "eq", "false")))),
		// The page's input has downvotes lt 20 and its output gt 20, a typo;
		// the operator is carried over as written.
		f("documented example, rules", []string{
			`{"percentageUp":{"lte":50,"gte":20},"and":[{"title":{"ne":"Book1"}},{"downvotes":{"lt":20}}],"or":[{"author":{"eq":"Admin"}},{"isPublished":{"eq":false}}]}`,
			`["percentageUp","author"]`,
			`{"upvotes":{"gte":250},"author":{"eq":"Person1"}}`,
		}, groups(
			group(filter("title", "ne", `"Book1"`), filter("downvotes", "lt", "20"), filter("isPublished", "eq", "false"), filter("upvotes", "gte", "250")),
			group(filter("title", "ne", `"Book1"`), filter("downvotes", "lt", "20"), filter("isPublished", "eq", "false"), filter("author", "eq", `"Person1"`)),
		)),
		// AWS's answers recorded in localstack/appsync-utils
		// (__tests__/transform-subscription.test.js).
		f("two fields", []string{`{"a":{"eq":1},"b":{"eq":2}}`}, groups(group(filter("a", "eq", "1"), filter("b", "eq", "2")))),
		f("field beside an and", []string{`{"z":{"eq":0},"and":[{"a":{"eq":1}}]}`}, groups(group(filter("z", "eq", "0"), filter("a", "eq", "1")))),
		f("path kept", []string{`{"loc.addr.country":{"eq":"USA"}}`}, groups(group(filter("loc.addr.country", "eq", `"USA"`)))),
		f("two operators", []string{`{"a":{"eq":1,"ne":2}}`}, groups(group(filter("a", "eq", "1")), group(filter("a", "ne", "2")))),
		f("or", []string{`{"or":[{"a":{"eq":1}},{"b":{"eq":2}}]}`}, groups(group(filter("a", "eq", "1")), group(filter("b", "eq", "2")))),
		f("or in and", []string{`{"and":[{"a":{"eq":1}},{"or":[{"b":{"eq":2}},{"c":{"eq":3}}]}]}`},
			groups(group(filter("a", "eq", "1"), filter("b", "eq", "2")), group(filter("a", "eq", "1"), filter("c", "eq", "3")))),
		f("operators as written", []string{`{"a":{"in":[1,2]},"b":{"notIn":["x"]},"c":{"between":[1,9]},"d":{"containsAny":["x"]},"e":{"bogus":1}}`},
			groups(group(filter("a", "in", "[1,2]"), filter("b", "notIn", `["x"]`), filter("c", "between", "[1,9]"), filter("d", "containsAny", `["x"]`), filter("e", "bogus", "1")))),
		f("not is a field", []string{`{"not":{"a":{"eq":1}}}`}, groups(group(filter("not", "a", `{"eq":1}`)))),
		f("ignored nested", []string{`{"a":{"eq":1},"and":[{"b":{"eq":2}}]}`, `["b"]`}, groups(group(filter("a", "eq", "1")))),
		f("rules alternatives", []string{`{"a":{"eq":1}}`, `[]`, `{"r1":{"gte":250},"r2":{"eq":"p"}}`},
			groups(group(filter("a", "eq", "1"), filter("r1", "gte", "250")), group(filter("a", "eq", "1"), filter("r2", "eq", `"p"`)))),
		f("rules alone", []string{`{}`, `[]`, `{"r1":{"eq":1}}`}, groups(group(filter("r1", "eq", "1")))),
		f("empty", []string{`{}`}, groups()),
		f("field without operators", []string{`{"a":{}}`}, groups()),
		f("empty and", []string{`{"and":[]}`}, groups()),
		f("null ignored list", []string{`{"a":{"eq":1}}`, `null`}, groups(group(filter("a", "eq", "1")))),
		f("null", []string{`null`}, `null`),
		f("array", []string{`[]`}, `null`),
		f("JSON string", []string{`"{\"a\":{\"eq\":1}}"`}, `null`),
		f("and of a map", []string{`{"and":{"a":{"eq":1}}}`}, `null`),
		{name: "no argument", path: "transform.toSubscriptionFilter", wantErr: "$util.transform.toSubscriptionFilter: expected 1 to 3 arguments, got 0"},
		{name: "bad ignored", path: "transform.toSubscriptionFilter", args: []string{`{}`, `"a"`}, wantErr: "expected a list of field names, got String"},
		{name: "bad rules", path: "transform.toSubscriptionFilter", args: []string{`{}`, `[]`, `[]`}, wantErr: "expected a map of rules, got List"},
	})
}

func TestValidateSubscriptionFilter(t *testing.T) {
	t.Parallel()
	ok := []string{
		`{"filterGroup":[{"filters":[{"fieldName":"userId","operator":"eq","value":1}]},{"filters":[{"fieldName":"group","operator":"in","value":["Admin","Developer"]}]}]}`,
		`{"filterGroup":[{"filters":[{"fieldName":"seats","operator":"containsAny","value":[10,15]},{"fieldName":"severity","operator":"between","value":[1,5]},{"fieldName":"service","operator":"beginsWith","value":"AWS"}]}]}`,
		`{"filterGroup":[]}`,
	}
	for _, s := range ok {
		if err := ValidateSubscriptionFilter(dsJSON(t, s)); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	f := func(field, op, v string) string {
		return `{"fieldName":"` + field + `","operator":"` + op + `","value":` + v + `}`
	}
	one := func(filters ...string) string {
		return `{"filterGroup":[{"filters":[` + strings.Join(filters, ",") + `]}]}`
	}
	bad := map[string]string{
		one(f("a", "eq", "1"), f("b", "eq", "1"), f("c", "eq", "1"), f("d", "eq", "1"), f("e", "eq", "1"), f("f", "eq", "1")): "Filters exceed maximum attributes limit 5 for subscription.",
		one(f("a", "in", "[1,2,3,4,5,6]")):                      "subscription exceeds maximum value limit 5 for operator `in`.",
		one(f("a", "notIn", "[1,2,3,4,5,6]")):                   "subscription exceeds maximum value limit 5 for operator `notIn`.",
		one(f("a", "containsAny", `{"x":1}`)):                   "subscription filter has invalid filter value for operator `containsAny`.",
		one(f("a", "between", "[1]")):                           "invalid filter value for operator `between`",
		one(f("a", "beginsWith", "1")):                          "invalid filter value for operator `beginsWith`",
		one(f("a", "gt", "true")):                               "invalid filter value for operator `gt`",
		one(f("a", "bogus", "1")):                               "invalid operator `bogus`",
		one(f("a.b.c.d.e.f", "eq", "1")):                        "maximum nesting level 5",
		one(f("a", "eq", `"`+strings.Repeat("x", 257)+`"`)):     "maximum string length 256",
		one(f("a", "in", "[1,2,3,4]"), f("b", "in", "[1,2,3]")): "maximum filter groups limit 10",
		`[]`:                  "filterGroup",
		`{"filterGroup":[1]}`: "filters list",
	}
	for s, want := range bad {
		err := ValidateSubscriptionFilter(dsJSON(t, s))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.80s: got %v, want %q", s, err, want)
		}
	}
}

// FuzzFilterExpression feeds arbitrary JSON filter objects to every filter
// transform: none may panic, and a DynamoDB expression, when there is one,
// is JSON with the three members.
func FuzzFilterExpression(f *testing.F) {
	for _, s := range []string{
		`{"title":{"contains":"Hello World"}}`,
		`{"and":[{"a":{"eq":1}},{"or":[{"b":{"between":[1,2]}},{"not":{"c":{"in":["x","y"]}}}]}]}`,
		`{"v":{"size":{"size":{"gt":1}},"attributeType":"map","attributeExists":true}}`,
		`{"upvotes":{"ne":15,"range":[10,20]},"title":{"eq":"hihihi","wildcard":"h*i"}}`,
		`{"percentageUp":{"lte":50,"gte":20},"and":[{"title":{"ne":"Book1"}}],"or":[{"a":{"eq":1}},{"b":{"eq":2}}]}`,
		`{"not":{}}`, `[]`, `null`, `{"a":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := value.FromJSON(data)
		if err != nil {
			return
		}
		env := &Env{}
		for _, fn := range []string{"toDynamoDBFilterExpression", "toDynamoDBConditionExpression"} {
			out, err := dsCall(t, env, "transform."+fn, v)
			if err != nil {
				t.Fatalf("%s: %v", fn, err)
			}
			if out == nil {
				continue
			}
			parsed, err := value.FromJSON([]byte(out.(string)))
			if err != nil {
				t.Fatalf("%s answered invalid JSON %q: %v", fn, out, err)
			}
			m, ok := parsed.(*value.Map)
			if !ok || m.Len() != 3 {
				t.Fatalf("%s answered %s", fn, out)
			}
		}
		if _, err := dsCall(t, env, "transform.toElasticsearchQueryDSL", v); err != nil {
			t.Fatal(err)
		}
		rules, _ := v.(*value.Map)
		if rules == nil {
			rules = value.NewMap()
		}
		if _, err := dsCall(t, env, "transform.toSubscriptionFilter", v, value.NewList("a"), rules); err != nil {
			t.Fatal(err)
		}
	})
}
