package expr

import (
	"errors"
	"testing"
)

// Error tables: each case expects DynamoDB's exact ValidationException
// message. Syntax errors come from messages recorded against DynamoDB (the
// near text runs from the previous token to the next one); the rest follow
// the messages DynamoDB emulators record from DynamoDB (dynalite's tests,
// the nubo-db conformance suite).

type errorCase struct {
	src    string
	names  Names
	values string // DynamoDB JSON
	want   string
}

func runErrorCases(t *testing.T, parse func(src string, names Names, values Values) error, tests []errorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			err := parse(tt.src, tt.names, mustValues(t, tt.values))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("parse(%q) error = %v, want *Error %q", tt.src, err, tt.want)
			}
			if e.Msg != tt.want {
				t.Errorf("parse(%q)\n got: %s\nwant: %s", tt.src, e.Msg, tt.want)
			}
		})
	}
}

func TestConditionErrors(t *testing.T) {
	t.Parallel()
	const f = "Invalid FilterExpression: "
	nameA := Names{"#a": "a"}
	tests := []errorCase{
		{src: "", want: f + "The expression can not be empty;"},
		// Syntax errors: token, and the source from the previous to the next token.
		{src: "a = = b", want: f + `Syntax error; token: "=", near: "= = b"`},
		{src: "things are not gonna be ok", want: f + `Syntax error; token: "are", near: "things are not"`},
		{src: "a > 4", want: f + `Syntax error; token: "4", near: "> 4"`},
		{src: "attribute_type()", want: f + `Syntax error; token: ")", near: "()"`},
		{src: "!!! INVALID !!!", want: f + `Syntax error; token: "!", near: "!!"`},
		{src: "a = ", want: f + `Syntax error; token: "<EOF>", near: "="`},
		{src: "   ", want: f + `Syntax error; token: "<EOF>", near: ""`},
		{src: "attribute_exists(Pictures-RearView)", want: f + `Syntax error; token: "-", near: "Pictures-RearView"`},
		{src: `attribute_exists("Pictures.RearView")`, want: f + `Syntax error; token: "\"", near: "(\"Pictures"`},
		{src: "attribute_exists(Pictures..RearView)", want: f + `Syntax error; token: ".", near: "..RearView"`},
		{src: "attribute_exists(asdf[a])", want: f + `Syntax error; token: "a", near: "[a]"`},
		{src: "a in b, c", want: f + `Syntax error; token: "b", near: "in b,"`},
		{src: "a > between", want: f + `Syntax error; token: "between", near: "> between"`},
		{src: "a in (b,c,)", want: f + `Syntax error; token: ")", near: ",)"`},
		{src: "(a)between(b.(c.d))and(c)", want: f + `Syntax error; token: "(", near: ".(c"`},
		{src: "(a)between(b.c.d)and((c)", want: f + `Syntax error; token: "<EOF>", near: ")"`},
		{src: "#$.b > a", want: f + `Syntax error; token: "#", near: "#$"`},
		{src: "a > :things.stuff", want: f + `Syntax error; token: ".", near: ":things.stuff"`},
		{src: "b[:a] > a", want: f + `Syntax error; token: ":a", near: "[:a]"`},
		{src: "ü > a", want: f + `Syntax error; token: "ü", near: "ü >"`},
		{src: "size(a).b > a", want: f + `Syntax error; token: ".", near: ").b"`},
		{src: "(size(a))[0] > a", want: f + `Syntax error; token: "[", near: ")[0"`},
		{src: "a = :v AND", names: nil, values: `{":v":{"S":"x"}}`, want: f + `Syntax error; token: "<EOF>", near: "AND"`},
		{src: "a AND b", want: f + `Syntax error; token: "AND", near: "a AND b"`},
		{src: "NOT (a)", want: f + `Syntax error; token: "<EOF>", near: ")"`},
		{src: "(a = b) = c", want: f + `Syntax error; token: "=", near: ") = c"`},
		// Then redundant parentheses, function names, misused functions,
		// reserved words.
		{src: "a=a and a > ((views))", want: f + "The expression has redundant parentheses;"},
		{src: "(a)between(((b.c)).d)and(c)", want: f + "The expression has redundant parentheses;"},
		{src: "a > whatever((:things), ((a)))", want: f + "The expression has redundant parentheses;"},
		{src: "a=a AND ((a=a AND a=a)) AND a=a", want: f + "The expression has redundant parentheses;"},
		{src: "a=a OR ((a=a OR (a=a OR a=a)))", want: f + "The expression has redundant parentheses;"},
		{src: "a=a and whatever((:things)) > a", want: f + "Invalid function name; function: whatever"},
		{src: "attRIbute_exIsts((views), #a)", want: f + "Invalid function name; function: attRIbute_exIsts"},
		{src: "a=a and attribute_exists((views), (#a)) > b", want: f + "The function is not allowed to be used this way in an expression; function: attribute_exists"},
		{src: "attribute_not_exists(things) > b", want: f + "The function is not allowed to be used this way in an expression; function: attribute_not_exists"},
		{src: "begins_with(things, a) > b", want: f + "The function is not allowed to be used this way in an expression; function: begins_with"},
		{src: "size(contains(a, b)) > a", want: f + "The function is not allowed to be used this way in an expression; function: contains"},
		{src: "size(things)", want: f + "The function is not allowed to be used this way in an expression; function: size"},
		{src: "a between b and attribute_exists(things)", want: f + "The function is not allowed to be used this way in an expression; function: attribute_exists"},
		{src: "a in (b, attribute_exists(things))", want: f + "The function is not allowed to be used this way in an expression; function: attribute_exists"},
		{src: "attribute_exists(views, #a)", want: f + "Attribute name is a reserved keyword; reserved keyword: views"},
		{src: ":a < abOrT", want: f + "Attribute name is a reserved keyword; reserved keyword: abOrT"},
		{src: "a.b.name = :v", want: f + "Attribute name is a reserved keyword; reserved keyword: name"},
		// Then, per condition in source order: undefined names and values,
		// operand counts, distinct operands, operand types.
		{src: "attribute_exists(#Pictures.RearView, :a) and a=a", want: f + "An expression attribute name used in the document path is not defined; attribute name: #Pictures"},
		{src: "begins_with(Pictures.#RearView)", want: f + "An expression attribute name used in the document path is not defined; attribute name: #RearView"},
		{src: "#4g > a", want: f + "An expression attribute name used in the document path is not defined; attribute name: #4g"},
		{src: "#_ > a", want: f + "An expression attribute name used in the document path is not defined; attribute name: #_"},
		{src: "(a)between(b.c[45].#d)and(:a)", want: f + "An expression attribute name used in the document path is not defined; attribute name: #d"},
		{src: "begins_with(:hello, #a, #b)", want: f + "An expression attribute value used in expression is not defined; attribute value: :hello"},
		{src: ":a < :b", want: f + "An expression attribute value used in expression is not defined; attribute value: :a"},
		{src: "attribute_exists(things, a) and a=a", want: f + "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"},
		{src: "attribute_type(things)", want: f + "Incorrect number of operands for operator or function; operator or function: attribute_type, number of operands: 1"},
		{src: "begins_with(things, size(a), b)", want: f + "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 3"},
		{src: "size(things, a) > b", want: f + "Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"},
		{src: "a = a AND #a = b AND :views > a", names: nameA, want: f + "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"},
		{src: "#a <> a", names: nameA, want: f + "The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a]"},
		{src: "((a=a) OR (a=a))", want: f + "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"},
		{src: "contains(ab.bc[1].a, ab.bc[1].#a)", names: nameA, want: f + "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [ab, bc, [1], a]"},
		{src: "attribute_type(a, size(a)) and a=a and a=:a", values: `{":a":{"N":"1"}}`, want: f + "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"},
		{src: "attribute_type(a, :a)", values: `{":a":{"BOOL":true}}`, want: f + "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: BOOL"},
		{src: "attribute_type(a, b)", want: f + "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"},
		{src: "attribute_type(a, :a)", values: `{":a":{"S":"X"}}`, want: f + "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
		{src: "begins_with(a, :a)", values: `{":a":{"N":"1"}}`, want: f + "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{src: "begins_with(:a, a)", values: `{":a":{"SS":["1"]}}`, want: f + "Incorrect operand type for operator or function; operator or function: begins_with, operand type: SS"},
		{src: "begins_with(a, size(a)) and a=:a", values: `{":a":{"N":"1"}}`, want: f + "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{src: "size(size(a)) > :a", values: `{":a":{"N":"1"}}`, want: f + "Incorrect operand type for operator or function; operator or function: size, operand type: N"},
		{src: "attribute_not_exists(size(:a))", values: `{":a":{"N":"1"}}`, want: f + "Incorrect operand type for operator or function; operator or function: size, operand type: N"},
		{src: "size(:a) > a", values: `{":a":{"NULL":true}}`, want: f + "Incorrect operand type for operator or function; operator or function: size, operand type: NULL"},
		{src: "attribute_exists(:a) and a=a", values: `{":a":{"S":"1"}}`, want: f + "Operator or function requires a document path; operator or function: attribute_exists"},
		{src: "attribute_not_exists(size(:a))", values: `{":a":{"S":"1"}}`, want: f + "Operator or function requires a document path; operator or function: attribute_not_exists"},
		{src: "a between :b and :a", values: `{":a":{"S":"a"},":b":{"N":"1"}}`, want: f + "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"},
		{src: "a between :b and :a", values: `{":a":{"S":"a"},":b":{"S":"b"}}`, want: f + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}"},
		{src: "a between :b and :a", values: `{":a":{"N":"2"},":b":{"N":"10"}}`, want: f + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:2}"},
		// An ordering comparison with a :value of a type without order
		// is refused (an attribute of such a type only makes it false).
		{src: "a < :a", values: `{":a":{"L":[]}}`, want: f + "Incorrect operand type for operator or function; operator or function: <, operand type: L"},
		{src: ":a >= a", values: `{":a":{"BOOL":true}}`, want: f + "Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL"},
		{src: "a between :a and :a", values: `{":a":{"M":{}}}`, want: f + "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: M"},
		{src: "a IN (" + manyValues(101) + ")", values: `{":v":{"S":"x"}}`, want: f + "The IN operator is provided with too many operands; number of operands: 101"},
	}
	runErrorCases(t, func(src string, names Names, values Values) error {
		_, err := ParseFilter(src, names, values)
		return err
	}, tests)
}

func manyValues(n int) string {
	s := ":v"
	for range n - 1 {
		s += ", :v"
	}
	return s
}

func TestConditionErrorKind(t *testing.T) {
	t.Parallel()
	_, err := ParseCondition("a = = b", nil, nil)
	if err == nil || err.Error() != `Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"` {
		t.Errorf("ParseCondition error = %v", err)
	}
	long := "a = :v"
	for len(long) <= 4096 {
		long += " AND a = :v"
	}
	_, err = ParseCondition(long, nil, mustValues(t, `{":v":{"S":"x"}}`))
	if want := "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4098"; err == nil || err.Error() != want {
		t.Errorf("long expression error = %v, want %s", err, want)
	}
}

func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	const u = "Invalid UpdateExpression: "
	ab := Names{"#a": "a", "#b": "b"}
	abVals := `{":a":{"S":"a"},":b":{"S":"a"}}`
	tests := []errorCase{
		{src: "", want: u + "The expression can not be empty;"},
		{src: "INVALID SYNTAX HERE", want: u + `Syntax error; token: "INVALID", near: "INVALID SYNTAX"`},
		{src: "SET", want: u + `Syntax error; token: "<EOF>", near: "SET"`},
		{src: "ADD hits : incr", want: u + `Syntax error; token: ":", near: "hits : incr"`},
		{src: "set a", want: u + `Syntax error; token: "<EOF>", near: "a"`},
		{src: "SET _123 = :val1", want: u + `Syntax error; token: "_", near: "SET _123"`},
		{src: "set a=set", want: u + `Syntax error; token: "set", near: "=set"`},
		{src: "remove a = b", want: u + `Syntax error; token: "=", near: "a = b"`},
		{src: "delete a b", want: u + `Syntax error; token: "b", near: "a b"`},
		{src: "add abort b", want: u + `Syntax error; token: "b", near: "abort b"`},
		{src: "set :a = b", want: u + `Syntax error; token: ":a", near: "set :a ="`},
		{src: "set a = b / c", want: u + `Syntax error; token: "/", near: "b / c"`},
		{src: `set a[1] = "eight"`, want: u + `Syntax error; token: "\"", near: "= \"eight"`},
		{src: "set a[1] = 1", want: u + `Syntax error; token: "1", near: "= 1"`},
		{src: "SET if_not_exist(a, b) = a", want: u + `Syntax error; token: "(", near: "if_not_exist(a"`},
		{src: "set (a = (b + c))", want: u + `Syntax error; token: "(", near: "set (a"`},
		{src: "set a = (b.c).d + e", want: u + `Syntax error; token: ".", near: ").d"`},
		{src: "set a = b + c + d", want: u + `Syntax error; token: "+", near: "c + d"`},
		{src: " set #c = :c set abOrt = true ", want: u + "Attribute name is a reserved keyword; reserved keyword: abOrt"},
		{src: " remove Absolute ", want: u + "Attribute name is a reserved keyword; reserved keyword: Absolute"},
		{src: "set #c = if_not_exist(:c) set c = d", names: ab, values: abVals, want: u + "Invalid function name; function: if_not_exist"},
		{src: "SET a = size(b)", want: u + "Invalid function name; function: size"},
		{src: "set a = #c set c = :d", names: ab, values: abVals, want: u + `The "SET" section can only be used once in an update expression;`},
		{src: "remove #d set a = b remove e", want: u + `The "REMOVE" section can only be used once in an update expression;`},
		{src: "add #d :e set a = b add e :f", want: u + `The "ADD" section can only be used once in an update expression;`},
		{src: "delete #d :e set a = b delete #e :f", want: u + `The "DELETE" section can only be used once in an update expression;`},
		{src: "SET #c = if_not_exists(:c)", names: ab, values: abVals, want: u + "An expression attribute name used in the document path is not defined; attribute name: #c"},
		{src: "SET #a = if_not_exists(:c)", names: ab, values: abVals, want: u + "An expression attribute value used in expression is not defined; attribute value: :c"},
		{src: "SET attr1 = :v", want: u + "An expression attribute value used in expression is not defined; attribute value: :v"},
		{src: "set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", names: Names{"#c": "c", "#d": "[3]"}, want: u + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]"},
		{src: "set #c[3].#d = a, #c[3] = a", names: Names{"#c": "c", "#d": "[3]"}, want: u + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3]]"},
		{src: "SET f = :v, f = :v", values: `{":v":{"S":"x"}}`, want: u + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [f], path two: [f]"},
		{src: "set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", names: Names{"#c": "c", "#d": "[3]"}, want: u + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3], [3]]"},
		{src: "remove a.#c set a[1] = #d", names: Names{"#b": "b", "#c": "c", "#d": "[3]"}, want: u + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]"},
		{src: "set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", values: `{":a":{"S":"a"}}`, want: u + "Incorrect operand type for operator or function; operator: ADD, operand type: STRING"},
		{src: "delete a.b :a", values: `{":a":{"N":"1"}}`, want: u + "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"},
		{src: "add a.b :a", values: `{":a":{"BOOL":false}}`, want: u + "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN"},
		{src: "add a.b :a", values: `{":a":{"L":[]}}`, want: u + "Incorrect operand type for operator or function; operator: ADD, operand type: LIST"},
		{src: "delete a.b :a", values: `{":a":{"M":{}}}`, want: u + "Incorrect operand type for operator or function; operator: DELETE, operand type: MAP"},
		{src: "add a.b :a", values: `{":a":{"B":"YQ=="}}`, want: u + "Incorrect operand type for operator or function; operator: ADD, operand type: BINARY"},
		{src: "add a.b :a", values: `{":a":{"NULL":true}}`, want: u + "Incorrect operand type for operator or function; operator: ADD, operand type: NULL"},
		{src: "set a = if_not_exists(c)", want: u + "Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"},
		{src: "set a = list_append(c)", want: u + "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"},
		{src: "set a = if_not_exists(:a, c)", values: abVals, want: u + "Operator or function requires a document path; operator or function: if_not_exists"},
		{src: "set a = if_not_exists(if_not_exists(a, b), c)", want: u + "Operator or function requires a document path; operator or function: if_not_exists"},
		{src: "set a = list_append(:a, a)", values: `{":a":{"S":"a"}}`, want: u + "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"},
		{src: "set a = list_append(a, :b)", values: `{":b":{"N":"1"}}`, want: u + "Incorrect operand type for operator or function; operator or function: list_append, operand type: N"},
		{src: "set a = list_append(:i, a)", values: `{":i":{"M":{}}}`, want: u + "Incorrect operand type for operator or function; operator or function: list_append, operand type: M"},
		{src: "set a = a + :a", values: `{":a":{"S":"a"}}`, want: u + "Incorrect operand type for operator or function; operator or function: +, operand type: S"},
		{src: "set a = :c + a", values: `{":c":{"B":"YQ=="}}`, want: u + "Incorrect operand type for operator or function; operator or function: +, operand type: B"},
		{src: "set a = a - :g", values: `{":g":{"NS":["1"]}}`, want: u + "Incorrect operand type for operator or function; operator or function: -, operand type: NS"},
		{src: "set a = a - :j", values: `{":j":{"L":[]}}`, want: u + "Incorrect operand type for operator or function; operator or function: -, operand type: L"},
	}
	runErrorCases(t, func(src string, names Names, values Values) error {
		_, err := ParseUpdate(src, names, values)
		return err
	}, tests)
}

func TestProjectionErrors(t *testing.T) {
	t.Parallel()
	const p = "Invalid ProjectionExpression: "
	tests := []errorCase{
		{src: "", want: p + "The expression can not be empty;"},
		{src: "!!! INVALID !!!", want: p + `Syntax error; token: "!", near: "!!"`},
		{src: "!!!", want: p + `Syntax error; token: "!", near: "!!"`},
		{src: "a,", want: p + `Syntax error; token: "<EOF>", near: ","`},
		{src: "l[a]", want: p + `Syntax error; token: "a", near: "[a]"`},
		{src: "a b", want: p + `Syntax error; token: "b", near: "a b"`},
		{src: "a, views", want: p + "Attribute name is a reserved keyword; reserved keyword: views"},
		{src: "a, #a", want: p + "An expression attribute name used in the document path is not defined; attribute name: #a"},
		{src: "a, a.b", want: p + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"},
		{src: "a.b, a", want: p + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"},
		{src: "a[1], a.b", want: p + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b]"},
	}
	runErrorCases(t, func(src string, names Names, values Values) error {
		_, err := ParseProjection(src, names)
		return err
	}, tests)
}

func TestKeyConditionErrors(t *testing.T) {
	t.Parallel()
	const k = "Invalid KeyConditionExpression: "
	ab := `{":a":{"S":"1"},":b":{"S":"1"}}`
	tests := []errorCase{
		{src: "", want: k + "The expression can not be empty;"},
		{src: "things are not gonna be ok", want: k + `Syntax error; token: "are", near: "things are not"`},
		{src: "attribute_type(a, :a)", values: `{":a":{"N":"1"}}`, want: k + "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"},
		{src: "a between :b and :a", values: `{":a":{"S":"a"},":b":{"N":"1"}}`, want: k + "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"},
		{src: "attribute_type(a, :a)", values: `{":a":{"S":"S"}}`, want: "Invalid operator used in KeyConditionExpression: attribute_type"},
		{src: "a > b and size(b) > c or a > c", want: "Invalid operator used in KeyConditionExpression: OR"},
		{src: "a in (b, size(c), d)", want: "Invalid operator used in KeyConditionExpression: IN"},
		{src: "attribute_exists(a)", want: "Invalid operator used in KeyConditionExpression: attribute_exists"},
		{src: "contains(a.d, b)", want: "Invalid operator used in KeyConditionExpression: contains"},
		{src: "not a > b", want: "Invalid operator used in KeyConditionExpression: NOT"},
		{src: "a <> b", want: "Invalid operator used in KeyConditionExpression: <>"},
		{src: ":a between size(b) and size(a) and b > :b", values: ab, want: "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"},
		{src: "begins_with(:a, b) and a > :b", values: ab, want: "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"},
		{src: "size(b) > a AND a.b > b AND b > c", want: "KeyConditionExpressions cannot contain nested operations"},
		{src: "a > size(b.d)", want: "KeyConditionExpressions cannot contain nested operations"},
		{src: "b > a.b", want: "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
		{src: "a between b and size(a)", want: "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
		{src: "begins_with(a, b)", want: "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
		{src: "b.d > a AND c.d > e.f", want: "KeyConditionExpressions cannot have conditions on nested attributes"},
		{src: "b[0] > a", want: "KeyConditionExpressions cannot have conditions on nested attributes"},
		{src: ":b > :a AND a < :b", values: `{":a":{"N":"1"},":b":{"N":"1"}}`, want: "Invalid condition in KeyConditionExpression: No key attribute specified"},
		{src: "b > :a AND b < :a and c = :a and d = :a", values: `{":a":{"N":"1"}}`, want: "KeyConditionExpressions must only contain one condition per key"},
		{src: "(a > :a and b > :a) and (b > :a and c > :a)", values: `{":a":{"N":"1"}}`, want: "KeyConditionExpressions must only contain one condition per key"},
	}
	runErrorCases(t, func(src string, names Names, values Values) error {
		_, err := ParseKeyCondition(src, names, values)
		return err
	}, tests)
}

func TestKeyConditionBind(t *testing.T) {
	t.Parallel()
	values := mustValues(t, `{":h":{"S":"p"},":n":{"N":"1"},":s":{"S":"x"}}`)
	composite := KeySchema{Hash: "pk", HashKind: 1, Range: "sk", RangeKind: 2} // S, N
	hashOnly := KeySchema{Hash: "pk", HashKind: 1}
	tests := []struct {
		src  string
		ks   KeySchema
		want string // error, or "" for success
	}{
		{"pk = :h", hashOnly, ""},
		{"pk = :h", composite, ""},
		{"sk = :n AND pk = :h", composite, ""},
		{"pk = :h AND sk = :n", composite, ""},
		{"sk = :n", composite, "Query condition missed key schema element: pk"},
		{"x1 = :h", hashOnly, "Query condition missed key schema element: pk"},
		{"pk = :h AND sk = :n", hashOnly, "Query key condition not supported"},
		{"pk > :h", hashOnly, "Query key condition not supported"},
		{"pk = :h AND x1 = :n", composite, "Query condition missed key schema element: sk"},
		{"pk = :n", hashOnly, "One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"pk = :h AND sk = :s", composite, "One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"pk = :h AND sk = :n AND c = :n", composite, "Conditions can be of length 1 or 2 only"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKeyCondition(tt.src, nil, values)
			if err != nil {
				t.Fatal(err)
			}
			err = k.Bind(tt.ks)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Fatalf("Bind = %q, want %q", got, tt.want)
			}
			if err == nil && k.HashName != "pk" {
				t.Errorf("HashName = %q", k.HashName)
			}
		})
	}
}

func TestCheckUnused(t *testing.T) {
	t.Parallel()
	values := mustValues(t, `{":a":{"S":"a"},":b":{"S":"b"},":c":{"S":"c"}}`)
	names := Names{"#a": "a", "#b": "b", "#c": "c"}
	u, err := ParseUpdate("SET #a = :a", names, values)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCondition("#b = :b", names, values)
	if err != nil {
		t.Fatal(err)
	}
	err = CheckUnused(names, values, u, c)
	if want := "Value provided in ExpressionAttributeNames unused in expressions: keys: {#c}"; err == nil || err.Error() != want {
		t.Errorf("CheckUnused = %v, want %s", err, want)
	}
	delete(names, "#c")
	err = CheckUnused(names, values, u, c)
	if want := "Value provided in ExpressionAttributeValues unused in expressions: keys: {:c}"; err == nil || err.Error() != want {
		t.Errorf("CheckUnused = %v, want %s", err, want)
	}
	delete(values, ":c")
	if err := CheckUnused(names, values, u, c, nil); err != nil {
		t.Errorf("CheckUnused = %v", err)
	}
	if got := u.UsedNames(); len(got) != 1 || got[0] != "#a" {
		t.Errorf("UsedNames = %v", got)
	}
	if got := c.UsedValues(); len(got) != 1 || got[0] != ":b" {
		t.Errorf("UsedValues = %v", got)
	}
}

func TestReservedWords(t *testing.T) {
	t.Parallel()
	if len(reservedWords) != 573 {
		t.Errorf("%d reserved words, want 573", len(reservedWords))
	}
	for _, w := range []string{"views", "NAME", "Status", "zone", "abort", "ttl"} {
		if !IsReserved(w) {
			t.Errorf("IsReserved(%q) = false", w)
		}
	}
	for _, w := range []string{"pk", "sk", "title", "views2"} {
		if IsReserved(w) {
			t.Errorf("IsReserved(%q) = true", w)
		}
	}
}

func TestCheckPlaceholders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		names  Names
		values Values
		want   string
	}{
		{nil, nil, ""},
		{Names{"#a_1": "a"}, Values{":V9": {}}, ""},
		{Names{}, nil, "ExpressionAttributeNames must not be empty"},
		{nil, Values{}, "ExpressionAttributeValues must not be empty"},
		{Names{"a": "a"}, nil, `ExpressionAttributeNames contains invalid key: Syntax error; key: "a"`},
		{Names{"#a-b": "a"}, nil, `ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"`},
		{nil, Values{"b": {}}, `ExpressionAttributeValues contains invalid key: Syntax error; key: "b"`},
		{nil, Values{":": {}}, `ExpressionAttributeValues contains invalid key: Syntax error; key: ":"`},
	}
	for _, tt := range tests {
		err := CheckPlaceholders(tt.names, tt.values)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("CheckPlaceholders(%v, %v) = %q, want %q", tt.names, tt.values, got, tt.want)
		}
	}
	_, err := attrN("x")
	if got := InvalidValueError(":v", err).Error(); got != "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v" {
		t.Errorf("InvalidValueError = %q", got)
	}
}
