package dynamostore_test

import (
	"encoding/json"
	"flag"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Differential tests: the store against dynalite, through the AWS SDK (see
// diff_helpers_test.go for the harness, diffgen_test.go for the generator
// of TestDiffRandom).
//
// Where the two differ, DynamoDB decides: its documentation, and what
// others recorded from the live service (dynalite's own tests, written
// against it; ScyllaDB Alternator's tests, run against it with --aws;
// conformance suites of other emulators). The store was fixed where it was
// wrong; where dynalite is, the step is listed in dynaliteWrong or matched
// by a divergence, with the evidence.

// dynaliteWrong lists the hand-written steps (by name, or a pattern in
// which * stands for any text) where dynalite's answer departs from
// DynamoDB's and the store's does not. Each entry says why. An entry that
// matches no differing step fails TestDiffCases, so the list stays true.
var dynaliteWrong = map[string]string{
	// Tables.
	"table-lifecycle/again": "CreateTable of an existing table: DynamoDB says \"Table already exists: <name>\" " +
		"(seen in Terraform logs of the live service); dynalite sends an empty message",

	// Items.
	"put-get/put-rv:ALL_NEW":     putReturnValues,
	"put-get/put-rv:UPDATED_OLD": putReturnValues,
	"put-get/put-rv:UPDATED_NEW": putReturnValues,
	"put-get/delete-rv*": "DeleteItem takes only NONE and ALL_OLD: DynamoDB answers \"Return values set to invalid value\" " +
		"(ScyllaDB's test_returnvalues.py, run against DynamoDB; moto); dynalite accepts ALL_NEW, UPDATED_OLD and UPDATED_NEW",
	"values/put:N:+5": plusSign,
	"values/get:N:+5": plusSign,

	// Conditions.
	"conditions/put:l = :l":   listEquality,
	"conditions/put:m = :m":   listEquality,
	"conditions/put:em = :em": listEquality,
	"conditions/put:contains(l, :q)": "contains(list, operand) is true when an element of the list equals the operand, " +
		"whatever its type (DynamoDB docs: \"a List that contains a particular element\"); dynalite only matches S, N and B elements",
	"conditions/put:contains(l, :k)": "contains(list, operand) compares with elements of any type; dynalite only matches S, N and B elements",
	"conditions/put:size(e) = :zero": "size() of an empty string is 0; dynalite treats the empty string as missing (a falsy JS value)",
	"conditions/delete-missing:size(s) = size(s)": "comparisons with a missing operand are false (ScyllaDB's " +
		"test_update_condition_comparison_two_unset, run against DynamoDB); dynalite finds two missing values equal",
	"conditions/*NOT NOT n = :n": "DynamoDB's grammar is condition ::= NOT condition, so NOT NOT nests; dynalite's PEG grammar " +
		"accepts NOT only before a comparison or a parenthesis",
	"conditions/put:attribute_type(fb, :tBOOL)": boolFalse,
	"conditions/put:fb IN (:false, :t)":         boolFalse,
	"conditions/in-101":                         "IN takes at most 100 operands (DynamoDB docs, Expression limits); dynalite does not check",

	// Updates.
	"updates/missing:REMOVE*":                   removeOnly,
	"updates/missing:DELETE*":                   removeOnly,
	"updates/rv-new-ALL_NEW:REMOVE*":            removeOnly,
	"updates/*:REMOVE l[0], l[1]":               listIndexes,
	"updates/*:REMOVE l[0], l[2][1]":            listIndexes,
	"updates/*:REMOVE m.deep.l[0], m.deep.l[1]": listIndexes,
	"updates/*:SET l[0] = :s2, x = l":           aliasing,
	"updates/*:SET x = ss ADD ss :q":            aliasing,
	"updates/*:SET x = (n) + :one":              "parentheses may enclose any SET operand; dynalite's PEG grammar commits to \"(n)\" as the whole value and then fails on \"+\"",
	"updates/arith:1E50,-1":                     numberRange,
	"updates/arith:1E50,1":                      numberRange,
	"updates/arith:9E125,9E125":                 numberRange,
	"updates/arith:-9E125,-9E125":               numberRange,
	"updates/arith:1E-130,1":                    numberRange,

	// Query and Scan.
	"query/all-projected-table":            selectRules,
	"query/specific-without-projection":    selectRules,
	"query/count-with-projection":          selectRules,
	"query/all-attributes-with-projection": selectRules,
	"pages/all-projected":                  selectRules,
	"query/lsi-unprojected-attribute": "a Query of a local secondary index fetches the attributes it does not project from the table " +
		"(DynamoDB docs, Local secondary indexes: Attribute projections); dynalite only does for Select ALL_ATTRIBUTES",
	"pages/total-huge":     "TotalSegments is at most 1000000 (API reference); dynalite does not check",
	"pages/consistent-gsi": "ConsistentRead is not supported on global secondary indexes (API reference); dynalite checks it for Query only",

	// Batches.
	"batch/too-many": "BatchWriteItem takes at most 25 requests in all (API reference: \"up to 25 item put or delete operations\"); " +
		"dynalite counts per table",
	"batch/both": "a WriteRequest holds exactly one of PutRequest and DeleteRequest (API reference: \"You can only request one of these " +
		"operations, not both\"); dynalite performs the put",
	"batch/after-writes-1": "follows from batch/both, whose put dynalite performed",
	"batch/get-key-types": "keys of different types are different keys: S \"a\" and B \"a\" are not duplicates, and the B one " +
		"does not match the schema; dynalite compares keys by their bytes whatever their type",

	// Index keys.
	"index-keys/put-empty-*":    emptyIndexKey,
	"index-keys/update-empty-*": emptyIndexKey,
	"index-keys/two-indexes-*": "when an attribute keys several indexes, DynamoDB names the first by name in a type " +
		"mismatch (observed against DynamoDB by the dynoxide and ExtendDB conformance work, 2026); dynalite names the first defined",
}

// Reasons shared by several entries of dynaliteWrong.
const (
	putReturnValues = "PutItem takes only NONE and ALL_OLD and DynamoDB answers \"Return values set to invalid value\" " +
		"(moto and DynamoDB Local agree); dynalite's \"ReturnValues can only be ALL_OLD or NONE\" is an old wording"
	plusSign = "DynamoDB accepts a leading + in numbers (ScyllaDB's test_number.py, run against DynamoDB, stores \"+3\"); " +
		"dynalite parses numbers with big.js, which does not"
	listEquality = "= compares lists and maps by value; dynalite compares the JavaScript objects, so two lists or maps are never equal"
	removeOnly   = "an update of only REMOVE and DELETE actions does not create a missing item, and ALL_NEW then returns nothing " +
		"(ScyllaDB's test_update_item_returnvalues_all_new and issue 5862, verified against DynamoDB); dynalite creates the item"
	boolFalse = "attribute_type and IN work on a BOOL false attribute like on any other; dynalite tests the JavaScript " +
		"value, and false fails the test"
	emptyIndexKey = "index key attributes cannot be empty strings or binaries (ScyllaDB's test_gsi_empty_value and " +
		"test_lsi_empty_value, run against DynamoDB); dynalite stores them (its open issues 164 and 184)"
	aliasing = "SET copies the value its operand has before the update; dynalite copies a reference, so the copy takes " +
		"the changes other actions of the same update make to the original"
	listIndexes = "all document paths of an update refer to the item before it, so REMOVE l[0], l[1] removes the first two " +
		"elements (a conformance suite's test_list_positions_and_nested_set_actions, run against DynamoDB: [old, low, high] " +
		"becomes [high]); dynalite removes them one after the other, shifting the indexes"
	numberRange = "arithmetic results must fit DynamoDB numbers (38 digits, magnitude below 1E126) or the update fails with " +
		"\"Number overflow...\" (ScyllaDB's test_update_expression_plus_overflow and _imprecise, run against DynamoDB); dynalite " +
		"computes with unbounded decimals"
	selectRules = "Select ALL_PROJECTED_ATTRIBUTES needs an index, SPECIFIC_ATTRIBUTES needs a projection, and a projection allows " +
		"only SPECIFIC_ATTRIBUTES (API reference, Query and Scan: Select); dynalite does not check"
)

// divergences are the general ways dynalite departs from DynamoDB, matched
// by the shape of the two answers (the randomized test meets them too).
var divergences = []divergence{
	{
		name: "enveloped",
		why: "DynamoDB now prefixes the validation errors of PutItem, UpdateItem and DeleteItem (attribute values, expressions) " +
			"with \"1 validation error detected: \" (observed in production, e.g. \"1 validation error detected: Invalid UpdateExpression: " +
			"Expression size has exceeded the maximum allowed size;\"); dynalite's messages predate that",
		match: bothErrors(func(ours, ref string) bool { return ours == envelope+ref }),
	},
	{
		name: "syntax",
		why: "dynalite's expression parsers are generated by PEG.js and word syntax errors their way (\"Expected ... but ... found.\"); " +
			"its own test suite checks only the \"Syntax error; \" prefix of DynamoDB's message, whose rest names the token and its context",
		match: bothErrors(func(ours, ref string) bool {
			ours = strings.TrimPrefix(ours, envelope)
			p, rest, ok := strings.Cut(ref, "Syntax error; Expected ")
			return ok && strings.HasSuffix(rest, " found.") && strings.HasPrefix(ours, p+"Syntax error; token: ")
		}),
	},
	{
		name: "ordered-constant",
		why: "an ordering comparison (<, <=, >, >=, BETWEEN) with a :value of a type that has no order (only S, N and B do) is " +
			"a ValidationException, not a false condition (ScyllaDB's test_update_condition_lt and _le, run against DynamoDB); " +
			"dynalite evaluates it",
		match: func(ours, ref outcome) bool {
			_, om, ok := errorOf(ours)
			rt, _, _ := errorOf(ref)
			return ok && rt != "ValidationException" && orderedOperand.MatchString(om)
		},
	},
	{
		name: "conflict-pair",
		why: "when several pairs of paths conflict, which pair DynamoDB names is not documented (dynalite's tests, run " +
			"against DynamoDB, have one pair each); dynalite names the last pair it finds, the store the first",
		match: bothErrors(func(ours, ref string) bool {
			const c = "Two document paths conflict with each other; must remove or rewrite one of these paths; "
			ours = strings.TrimPrefix(ours, envelope)
			op, _, found := strings.Cut(ours, c)
			rp, _, rfound := strings.Cut(ref, c)
			return found && rfound && strings.HasPrefix(op, "Invalid ") && op == rp
		}),
	},
	{
		name: "update-error-order",
		why: "when actions of different clauses of one update would each fail at run time, which error DynamoDB reports is " +
			"not documented; dynalite applies the actions in the order written, the store clause by clause (SET, REMOVE, ADD, DELETE)",
		match: bothErrors(func(ours, ref string) bool {
			return ours != ref && updateRuntimeErrors[ours] && updateRuntimeErrors[ref]
		}).and(func(ours, _ outcome) bool {
			var req struct{ UpdateExpression string }
			json.Unmarshal(ours.req, &req)
			clauses := map[string]bool{}
			for _, f := range strings.Fields(strings.ToUpper(req.UpdateExpression)) {
				if f == "SET" || f == "REMOVE" || f == "ADD" || f == "DELETE" {
					clauses[f] = true
				}
			}
			return len(clauses) > 1
		}),
	},
	{
		name: "empty-key-wording",
		why: "an empty S or B key value in a Key is worded like one in an item, \"One or more parameter values are not valid. " +
			"The AttributeValue for a key attribute cannot contain an empty string value. Key: pk\" (captured from DynamoDB for " +
			"GetItem, DeleteItem, UpdateItem and batch keys by dynoxide's conformance suite, 2026; moto agrees); dynalite keeps " +
			"the \"were invalid: \" wording of 2020",
		match: bothErrors(func(ours, ref string) bool {
			const now, then = "One or more parameter values are not valid. The AttributeValue", "One or more parameter values were invalid: The AttributeValue"
			return strings.HasPrefix(ours, now) && strings.TrimPrefix(ours, now) == strings.TrimPrefix(ref, then)
		}),
	},
	{
		name: "value-rendering",
		why: "a constraint message quotes the offending value as DynamoDB's Java front end prints it (toString of the model " +
			"objects); dynalite prints JSON and the store a shorter form, and dynalite's own tests match any text there",
		match: bothErrors(func(ours, ref string) bool {
			return ours != ref && composite.ReplaceAllString(ours, "Value '…' at '") == composite.ReplaceAllString(ref, "Value '…' at '")
		}),
	},
	{
		name: "unused-order",
		why:  "DynamoDB lists unused placeholders in no defined order (dynalite's tests accept either order); the store sorts them",
		match: bothErrors(func(ours, ref string) bool {
			ours = strings.TrimPrefix(ours, envelope)
			return ours != ref && sortedKeys(ours) == sortedKeys(ref)
		}),
	},
	{
		name: "table-name-length",
		why: "DynamoDB now checks the length of a control-plane TableName with its generic constraint message (\"Value '' at " +
			"'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3\", recorded from the live " +
			"service in 2026 for DescribeTable, and in AWS conformance suites for CreateTable); dynalite keeps the older " +
			"\"TableName must be at least 3 characters long and at most 255 characters long\"",
		match: bothErrors(func(ours, ref string) bool {
			return ref == "TableName must be at least 3 characters long and at most 255 characters long" &&
				strings.Contains(ours, "at 'tableName' failed to satisfy constraint: Member must have length")
		}),
	},
	{
		name: "empty-attributes",
		why: "UpdateItem with UPDATED_OLD or UPDATED_NEW leaves Attributes out when no updated attribute has a value (ScyllaDB's " +
			"test_update_item_returnvalues_updated_old and _new, run against DynamoDB); dynalite sends an empty map",
		match: func(ours, ref outcome) bool {
			rm, ok := ref.doc.(map[string]any)
			if !ok || ours.status != 200 || ref.status != 200 || !reflect.DeepEqual(rm["Attributes"], map[string]any{}) {
				return false
			}
			return reflect.DeepEqual(ours.doc, map[string]any{})
		},
	},
	{
		name: "on-failure-item",
		why: "ReturnValuesOnConditionCheckFailure ALL_OLD returns the item with ConditionalCheckFailedException (added to DynamoDB " +
			"in June 2023); dynalite ignores the parameter (its open issue 182)",
		match: func(ours, ref outcome) bool {
			om, ok1 := ours.doc.(map[string]any)
			rm, ok2 := ref.doc.(map[string]any)
			if !ok1 || !ok2 || om["Item"] == nil || rm["Item"] != nil || ours.status != 400 || ref.status != 400 {
				return false
			}
			without := maps.Clone(om)
			delete(without, "Item")
			return reflect.DeepEqual(without, rm)
		},
	},
}

// updateRuntimeErrors are the messages of updates that fail when applied.
var updateRuntimeErrors = map[string]bool{
	"An operand in the update expression has an incorrect data type":                        true,
	"The document path provided in the update expression is invalid for update":             true,
	"The provided expression refers to an attribute that does not exist in the item":        true,
	"The update expression attempted to update the secondary index key to unsupported type": true,
}

// orderedOperand matches the store's message for an ordering comparison
// with an operand of an unordered type.
var orderedOperand = regexp.MustCompile(`Incorrect operand type for operator or function; operator or function: (<|<=|>|>=|BETWEEN), operand type: `)

// composite matches a constraint message's quotation of a list or map.
var composite = regexp.MustCompile(`Value '[\[{].*?' at '`)

// sortedKeys sorts the keys of an "unused in expressions: keys: {...}"
// message.
func sortedKeys(msg string) string {
	head, keys, ok := strings.Cut(msg, "keys: {")
	if !ok {
		return msg
	}
	list := strings.Split(strings.TrimSuffix(keys, "}"), ", ")
	slices.Sort(list)
	return head + "keys: {" + strings.Join(list, ", ") + "}"
}

// envelope is how DynamoDB prefixes a message that reports one validation
// error.
const envelope = "1 validation error detected: "

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// diffCase is a sequence of steps, run in order on both sides.
type diffCase struct {
	name string
	run  func(d *differ)
}

// tableInput builds a PAY_PER_REQUEST CreateTableInput from "name T" key
// specs, as createTable does.
func tableInput(name, hash, rng string, mod ...func(*dynamodb.CreateTableInput)) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest}
	addKey := func(spec string, kt types.KeyType) {
		n, t, _ := strings.Cut(spec, " ")
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String(n), KeyType: kt})
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeType(t)})
	}
	addKey(hash, types.KeyTypeHash)
	if rng != "" {
		addKey(rng, types.KeyTypeRange)
	}
	for _, m := range mod {
		m(in)
	}
	return in
}

func keySchema(hash, rng string) []types.KeySchemaElement {
	ks := []types.KeySchemaElement{{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash}}
	if rng != "" {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(rng), KeyType: types.KeyTypeRange})
	}
	return ks
}

func attrDef(name, typ string) types.AttributeDefinition {
	return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: types.ScalarAttributeType(typ)}
}

func withGSI(name, hash, rng string, p *types.Projection, defs ...types.AttributeDefinition) func(*dynamodb.CreateTableInput) {
	return func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, defs...)
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(name), KeySchema: keySchema(hash, rng), Projection: p,
		})
	}
}

func withLSI(name, hash, rng string, p *types.Projection, defs ...types.AttributeDefinition) func(*dynamodb.CreateTableInput) {
	return func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, defs...)
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{
			IndexName: aws.String(name), KeySchema: keySchema(hash, rng), Projection: p,
		})
	}
}

func projAll() *types.Projection { return &types.Projection{ProjectionType: types.ProjectionTypeAll} }
func projKeys() *types.Projection {
	return &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}
}
func projInclude(attrs ...string) *types.Projection {
	return &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: attrs}
}

func TestDiffCases(t *testing.T) {
	t.Parallel()
	d := newDiffer(t, dynaliteWrong, divergences)
	for _, c := range diffCases {
		d.prefix = c.name + "/"
		start, steps := time.Now(), d.steps
		c.run(d)
		t.Logf("case %s: %d steps in %v", c.name, d.steps-steps, time.Since(start).Round(time.Millisecond))
	}
	t.Logf("%d cases, %d steps compared; dynalite departed from DynamoDB in %d (%v) and %d listed steps", len(diffCases), d.steps, sum(d.divHits), d.divHits, sum(d.skipped))
	for _, dv := range divergences {
		if d.divHits[dv.name] == 0 {
			t.Errorf("divergence %q matched no step: remove it", dv.name)
		}
	}
	for k := range dynaliteWrong {
		if d.skipped[k] == 0 {
			t.Errorf("skip %q matched no differing step: remove it", k)
		}
	}
}

var diffCases = []diffCase{
	{"create-table", func(d *differ) {
		for _, in := range []*dynamodb.CreateTableInput{
			tableInput("ctHashS", "id S", ""),
			tableInput("ctHashN", "id N", ""),
			tableInput("ctHashB", "id B", ""),
			tableInput("ctRangeSN", "pk S", "sk N"),
			tableInput("ctRangeNB", "pk N", "sk B"),
			tableInput("ctRangeBS", "pk B", "sk S"),
			tableInput("ctGSI", "pk S", "sk S",
				withGSI("all", "g", "", projAll(), attrDef("g", "N")),
				withGSI("keys", "g", "h", projKeys(), attrDef("h", "S")),
				withGSI("inc", "h", "sk", projInclude("x", "y"))),
			tableInput("ctLSI", "pk S", "sk S",
				withLSI("lall", "pk", "l", projAll(), attrDef("l", "N")),
				withLSI("lkeys", "pk", "m", projKeys(), attrDef("m", "B")),
				withLSI("linc", "pk", "l", projInclude("z"))),
		} {
			name := aws.ToString(in.TableName)
			d.createTable(name, in)
			d.describe(name+"/describe", name)
		}
	}},
}

// invalidTables are CreateTable requests DynamoDB refuses.
var invalidTables = []struct {
	name string
	in   *dynamodb.CreateTableInput
}{
	{"undefined-key", &dynamodb.CreateTableInput{TableName: aws.String("bad1"), BillingMode: types.BillingModePayPerRequest,
		KeySchema: keySchema("a", ""), AttributeDefinitions: []types.AttributeDefinition{attrDef("b", "S")}}},
	{"extra-definition", tableInput("bad2", "a S", "", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef("b", "S"))
	})},
	{"two-hash", &dynamodb.CreateTableInput{TableName: aws.String("bad3"), BillingMode: types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("b"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{attrDef("a", "S"), attrDef("b", "S")}}},
	{"range-first", &dynamodb.CreateTableInput{TableName: aws.String("bad4"), BillingMode: types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeRange}, {AttributeName: aws.String("b"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{attrDef("a", "S"), attrDef("b", "S")}}},
	{"same-name", &dynamodb.CreateTableInput{TableName: aws.String("bad5"), BillingMode: types.BillingModePayPerRequest,
		KeySchema: keySchema("a", "a"), AttributeDefinitions: []types.AttributeDefinition{attrDef("a", "S")}}},
	{"bad-type", tableInput("bad6", "a X", "")},
	{"bool-type", tableInput("bad6b", "a BOOL", "")},
	{"short-name", tableInput("ab", "a S", "")},
	{"bad-chars", tableInput("a b!", "a S", "")},
	{"long-name", tableInput(strings.Repeat("t", 256), "a S", "")},
	{"three-keys", &dynamodb.CreateTableInput{TableName: aws.String("bad7"), BillingMode: types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("b"), KeyType: types.KeyTypeRange}, {AttributeName: aws.String("c"), KeyType: types.KeyTypeRange}},
		AttributeDefinitions: []types.AttributeDefinition{attrDef("a", "S"), attrDef("b", "S"), attrDef("c", "S")}}},
	{"provisioned-no-throughput", tableInput("bad8", "a S", "", func(in *dynamodb.CreateTableInput) { in.BillingMode = types.BillingModeProvisioned })},
	{"no-billing-no-throughput", tableInput("bad9", "a S", "", func(in *dynamodb.CreateTableInput) { in.BillingMode = "" })},
	{"ppr-with-throughput", tableInput("bad10", "a S", "", func(in *dynamodb.CreateTableInput) {
		in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}
	})},
	{"zero-throughput", tableInput("bad11", "a S", "", func(in *dynamodb.CreateTableInput) {
		in.BillingMode = ""
		in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(0), WriteCapacityUnits: aws.Int64(1)}
	})},
	{"lsi-hash-only", tableInput("bad12", "a S", "", withLSI("l1", "a", "b", projAll(), attrDef("b", "S")))},
	{"lsi-other-hash", tableInput("bad13", "a S", "r S", withLSI("l1", "b", "r", projAll(), attrDef("b", "S")))},
	{"lsi-no-range", tableInput("bad14", "a S", "r S", withLSI("l1", "a", "", projAll()))},
	{"lsi-empty", tableInput("bad15", "a S", "r S", func(in *dynamodb.CreateTableInput) { in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{} })},
	{"gsi-empty", tableInput("bad16", "a S", "r S", func(in *dynamodb.CreateTableInput) { in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{} })},
	{"gsi-undefined", tableInput("bad17", "a S", "", withGSI("g1", "g", "", projAll()))},
	{"gsi-include-all", tableInput("bad18", "a S", "", withGSI("g1", "g", "", &types.Projection{ProjectionType: types.ProjectionTypeAll, NonKeyAttributes: []string{"x"}}, attrDef("g", "S")))},
	{"gsi-include-none", tableInput("bad19", "a S", "", withGSI("g1", "g", "", &types.Projection{ProjectionType: types.ProjectionTypeInclude}, attrDef("g", "S")))},
	{"gsi-no-projection-type", tableInput("bad20", "a S", "", withGSI("g1", "g", "", &types.Projection{}, attrDef("g", "S")))},
	{"gsi-dup-name", tableInput("bad21", "a S", "", withGSI("g1", "g", "", projAll(), attrDef("g", "S")), withGSI("g1", "g", "", projAll()))},
	{"gsi-lsi-same-name", tableInput("bad22", "a S", "r S", withGSI("i1", "g", "", projAll(), attrDef("g", "S")), withLSI("i1", "a", "g", projAll()))},
	{"lsi-dup-name", tableInput("bad23", "a S", "r S", withLSI("l1", "a", "b", projAll(), attrDef("b", "S")), withLSI("l1", "a", "b", projAll()))},
	{"too-many-lsi", tableInput("bad24", "a S", "r S", withLSI("l1", "a", "b", projAll(), attrDef("b", "S")),
		withLSI("l2", "a", "b", projAll()), withLSI("l3", "a", "b", projAll()), withLSI("l4", "a", "b", projAll()),
		withLSI("l5", "a", "b", projAll()), withLSI("l6", "a", "b", projAll()))},
	{"gsi-bad-name", tableInput("bad25", "a S", "", withGSI("g", "g", "", projAll(), attrDef("g", "S")))},
	{"gsi-range-first", tableInput("bad26", "a S", "", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef("g", "S"))
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("gix"), Projection: projAll(),
			KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: types.KeyTypeRange}}}}
	})},
	{"include-too-many", tableInput("bad27", "a S", "", withGSI("g1", "g", "", projInclude(func() []string {
		var s []string
		for i := range 101 {
			s = append(s, "x"+strings.Repeat("y", i))
		}
		return s
	}()...), attrDef("g", "S")))},
}

func init() {
	diffCases = append(diffCases,
		diffCase{"create-table-invalid", func(d *differ) {
			for _, c := range invalidTables {
				d.createTable(c.name, c.in)
			}
		}},
		diffCase{"table-lifecycle", func(d *differ) {
			d.createTable("create", tableInput("life", "id S", ""))
			d.createTable("again", tableInput("life", "id S", ""))
			d.describe("describe-missing", "nothere")
			d.deleteTable("delete-missing", "nothere")
			d.put("put-missing-table", &dynamodb.PutItemInput{TableName: aws.String("nothere"), Item: item{"id": S("x")}})
			d.get("get-missing-table", &dynamodb.GetItemInput{TableName: aws.String("nothere"), Key: item{"id": S("x")}})
			d.put("put", &dynamodb.PutItemInput{TableName: aws.String("life"), Item: item{"id": S("x"), "v": N("1")}})
			d.describe("describe-counts", "life")
			d.deleteTable("delete", "life")
			d.get("get-deleted", &dynamodb.GetItemInput{TableName: aws.String("life"), Key: item{"id": S("x")}})
			d.raw("raw-missing-keyschema", "CreateTable", `{"TableName":"rawt","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}`)
			d.raw("raw-missing-defs", "CreateTable", `{"TableName":"rawt","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}`)
			d.raw("raw-empty-keyschema", "CreateTable", `{"TableName":"rawt","KeySchema":[],"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}`)
			d.raw("raw-bad-keytype", "CreateTable", `{"TableName":"rawt","KeySchema":[{"AttributeName":"a","KeyType":"SORT"}],"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}`)
			d.raw("raw-no-table-name", "CreateTable", `{"KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}`)
			d.raw("raw-bad-billing", "CreateTable", `{"TableName":"rawt","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"BillingMode":"FREE"}`)
		}},
	)
}

// full is an item with every attribute type, nested.
func full(pk string, sk string) item {
	return item{
		"pk": S(pk), "sk": N(sk),
		"s": S("hello world"), "e": S(""), "n": N("42"), "f": N("-3.25"), "b": B("\x00\x01bin"),
		"t": BOOL(true), "fb": BOOL(false), "z": NULL(),
		"ss": SS("a", "b", "c"), "ns": NS("1", "2.5", "-3"), "bs": BS("x", "y"),
		"l":  L(S("first"), N("2"), L(N("3"), S("deep")), M(item{"k": S("v")}), SS("q")),
		"m":  M(item{"a": N("1"), "s": S("str"), "deep": M(item{"x": N("7"), "l": L(S("p"), S("q"))}), "empty": M(item{})}),
		"el": L(), "em": M(item{}),
	}
}

func init() {
	diffCases = append(diffCases,
		diffCase{"put-get", func(d *differ) {
			d.createTable("table", tableInput("items", "pk S", "sk N"))
			key := item{"pk": S("a"), "sk": N("1")}
			d.put("put-full", &dynamodb.PutItemInput{TableName: aws.String("items"), Item: full("a", "1")})
			d.get("get", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key})
			d.get("get-consistent", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key, ConsistentRead: aws.Bool(true)})
			d.get("get-number-form", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: item{"pk": S("a"), "sk": N("1.000")}})
			d.get("get-number-exp", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: item{"pk": S("a"), "sk": N("0.1e1")}})
			d.get("get-missing", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: item{"pk": S("zz"), "sk": N("1")}})
			for _, p := range []string{
				"s", "s, n, b", "m.deep", "m.deep.x, m.a", "l[1]", "l[2][1]", "l[3].k", "l[0], l[2][0], l[9]", "missing",
				"m.nothing.x", "#s, #m.#a", "ss, ns, bs", "m.deep.l[1]", "s, s", "l[0], l", "m, m.a",
				"l[1], l[0]", "m.a, m.s", "pk, sk", "el, em, e", "s.x", "l.x", "m[0]", "l[0], l.a, l.b", "pk.x", "sk[0]",
				// invalid projections
				"", " ", "s,", "l[-1]", "l[x]", "a.b.", "#undef", "name", "l[1", "s n",
			} {
				in := &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key, ProjectionExpression: aws.String(p)}
				in.ExpressionAttributeNames = namesFor(map[string]string{"#s": "s", "#m": "m", "#a": "a"}, p)
				d.get("projection:"+p, in)
			}
			d.get("names-without-projection", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key, ExpressionAttributeNames: map[string]string{"#s": "s"}})
			d.get("unused-name", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key, ProjectionExpression: aws.String("s"), ExpressionAttributeNames: map[string]string{"#s": "s"}})
			d.get("empty-names", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key, ProjectionExpression: aws.String("s"), ExpressionAttributeNames: map[string]string{}})
			d.get("bad-name-key", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key, ProjectionExpression: aws.String("#s"), ExpressionAttributeNames: map[string]string{"#s": "s", "s": "x"}})

			// Key validation.
			for i, k := range []item{
				{"pk": S("a")},
				{"sk": N("1")},
				{"pk": S("a"), "sk": S("1")},
				{"pk": N("1"), "sk": N("1")},
				{"pk": S("a"), "sk": N("1"), "x": S("extra")},
				{"pk": S(""), "sk": N("1")},
				{"pk": S("a"), "sk": N("1"), "sk2": N("1")},
				{"pk": S(strings.Repeat("k", 2048)), "sk": N("1")},
				{"pk": S(strings.Repeat("k", 2049)), "sk": N("1")},
				{"pk": S("a"), "x": N("1")},
				{"pk": SS("a"), "sk": N("1")},
				{},
			} {
				d.get("key-"+itoa(i), &dynamodb.GetItemInput{TableName: aws.String("items"), Key: k})
				d.delete("delete-key-"+itoa(i), &dynamodb.DeleteItemInput{TableName: aws.String("items"), Key: k})
				d.update("update-key-"+itoa(i), &dynamodb.UpdateItemInput{TableName: aws.String("items"), Key: k})
			}
			for i, it := range []item{
				{"pk": S("a")},
				{"sk": N("1")},
				{"pk": S("a"), "sk": S("1")},
				{"pk": B("a"), "sk": N("1")},
				{"pk": S(""), "sk": N("1")},
				{"pk": S("a"), "sk": N("1"), "v": S("")},
				{"pk": S(strings.Repeat("k", 2049)), "sk": N("1")},
				{"pk": S(strings.Repeat("k", 2048)), "sk": N("2")},
				{"pk": NULL(), "sk": N("1")},
			} {
				d.put("put-key-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("items"), Item: it})
			}

			// Return values.
			for i, rv := range []types.ReturnValue{"", types.ReturnValueNone, types.ReturnValueAllOld, types.ReturnValueAllNew, types.ReturnValueUpdatedOld, types.ReturnValueUpdatedNew, "FOO"} {
				d.put("put-rv:"+string(rv), &dynamodb.PutItemInput{TableName: aws.String("items"), Item: item{"pk": S("rv"), "sk": N("1"), "v": N(itoa(i))}, ReturnValues: rv})
				d.delete("delete-rv:"+string(rv), &dynamodb.DeleteItemInput{TableName: aws.String("items"), Key: item{"pk": S("rv"), "sk": N("1")}, ReturnValues: rv})
				d.delete("delete-rv-gone:"+string(rv), &dynamodb.DeleteItemInput{TableName: aws.String("items"), Key: item{"pk": S("rv"), "sk": N("1")}, ReturnValues: rv})
			}
			d.get("get-after", &dynamodb.GetItemInput{TableName: aws.String("items"), Key: key})
		}},
		diffCase{"values", func(d *differ) {
			d.createTable("table", tableInput("vals", "pk S", ""))
			for i, v := range []types.AttributeValue{
				N("0"), N("-0"), N("0.000"), N("1.50"), N("0001"), N("1e2"), N("1E+2"), N("-1e-2"), N("+5"), N(".5"), N("5."),
				N("123456789012345678901234567890.12345678"), N("12345678901234567890123456789012345678"),
				N("123456789012345678901234567890123456789"), N("1234567890123456789012345678901234567890"),
				N("9.9999999999999999999999999999999999999E+125"), N("1E+126"), N("1E-130"), N("1E-131"), N("-1E+126"),
				N("0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"),
				N("1e125"), N("10000000000000000000000000000000000000000000"),
				N(""), N("abc"), N(" 1"), N("1 "), N("0x10"), N("Infinity"), N("NaN"), N("1e"), N("--1"), N("1.2.3"), N("e5"),
				NS("1", "1.0"), NS("1", "2", "01"), NS(), NS("1", "x"), NS("1e126"),
				SS(), SS("a", "a"), SS("a", ""), SS(""),
				BS(), BS("a", "a"), BS(""), B(""), S(""),
				L(), M(item{}), L(SS()), M(item{"x": NS()}), M(item{"": S("x")}), L(N("x")),
				&types.AttributeValueMemberNULL{Value: false},
			} {
				d.put("put:"+avText(v), &dynamodb.PutItemInput{TableName: aws.String("vals"), Item: item{"pk": S("v" + itoa(i)), "v": v}})
				d.get("get:"+avText(v), &dynamodb.GetItemInput{TableName: aws.String("vals"), Key: item{"pk": S("v" + itoa(i))}})
			}
			d.put("empty-attr-name", &dynamodb.PutItemInput{TableName: aws.String("vals"), Item: item{"pk": S("x"), "": S("v")}})
			d.raw("raw-empty-value", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{}}}`)
			d.raw("raw-two-types", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"S":"a","N":"1"}}}`)
			d.raw("raw-null-false", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"NULL":false}}}`)
			d.raw("raw-bool-string", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"BOOL":"true"}}}`)
			d.raw("raw-n-number", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"N":5}}}`)
			d.raw("raw-bad-base64", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"B":"!!!"}}}`)
			d.raw("raw-unknown-type", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"X":"1"}}}`)
			d.raw("raw-no-item", "PutItem", `{"TableName":"vals"}`)
			d.raw("raw-no-key", "GetItem", `{"TableName":"vals"}`)
			d.raw("raw-item-list", "PutItem", `{"TableName":"vals","Item":[]}`)
			d.raw("raw-bad-json", "PutItem", `{"TableName":"vals",`)
			d.raw("raw-ss-number", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"SS":[1]}}}`)
			d.raw("raw-m-null", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"M":null}}}`)
			d.raw("raw-l-null", "PutItem", `{"TableName":"vals","Item":{"pk":{"S":"x"},"v":{"L":null}}}`)
		}},
		diffCase{"item-size", func(d *differ) {
			d.createTable("table", tableInput("isz", "pk S", ""))
			// 400 KB counts attribute names and values: "pk"+"a" and "x"+value.
			limit := 400 * 1024
			for i, n := range []int{limit - 4, limit - 3} {
				d.put("flat-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("isz"), Item: item{"pk": S("a"), "x": S(strings.Repeat("v", n))}})
			}
			// A map costs 3 bytes plus 1 per element, as does a list.
			for i, n := range []int{limit - 12, limit - 11, limit - 10} {
				d.put("map-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("isz"), Item: item{"pk": S("b"), "m": M(item{"k": S(strings.Repeat("v", n))})}})
			}
			for i, n := range []int{limit - 11, limit - 10, limit - 9} {
				d.put("list-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("isz"), Item: item{"pk": S("c"), "l": L(S(strings.Repeat("v", n)))}})
			}
			for i, n := range []int{limit - 30, limit - 25, limit - 24, limit - 23, limit - 20} {
				d.put("number-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("isz"), Item: item{"pk": S("d"), "n": N("12345678901234567890"), "x": S(strings.Repeat("v", n))}})
			}
			d.put("base", &dynamodb.PutItemInput{TableName: aws.String("isz"), Item: item{"pk": S("e"), "x": S(strings.Repeat("v", limit-20))}})
			for i, n := range []int{10, 13, 14, 15, 20} {
				d.update("grow-"+itoa(i), &dynamodb.UpdateItemInput{TableName: aws.String("isz"), Key: item{"pk": S("e")},
					UpdateExpression: aws.String("SET y = :v"), ExpressionAttributeValues: item{":v": S(strings.Repeat("w", n))}})
			}
			d.get("get", &dynamodb.GetItemInput{TableName: aws.String("isz"), Key: item{"pk": S("e")}, ProjectionExpression: aws.String("y")})
		}},
	)
}

func itoa(i int) string { return strconv.Itoa(i) }

// condValues and condNames are the placeholders condition and filter
// cases draw from.
var condValues = item{
	":s": S("hello world"), ":s2": S("hello"), ":e": S(""), ":a": S("a"), ":x": S("first"), ":str": S("str"),
	":n": N("42"), ":n2": N("100"), ":f": N("-3.25"), ":one": N("1"), ":two": N("2"), ":three": N("3"), ":eleven": N("11"), ":zero": N("0"),
	":b": B("\x00\x01bin"), ":b2": B("\x00"), ":b3": B("x"), ":t": BOOL(true), ":false": BOOL(false), ":z": NULL(),
	":ss": SS("a", "b", "c"), ":ss2": SS("c", "b", "a"), ":ns": NS("1", "2.5", "-3"), ":bs": BS("x", "y"),
	":l": L(S("first"), N("2"), L(N("3"), S("deep")), M(item{"k": S("v")}), SS("q")), ":l2": L(S("first")), ":q": SS("q"),
	":m":  M(item{"a": N("1"), "s": S("str"), "deep": M(item{"x": N("7"), "l": L(S("p"), S("q"))}), "empty": M(item{})}),
	":tS": S("S"), ":tN": S("N"), ":tB": S("B"), ":tSS": S("SS"), ":tNS": S("NS"), ":tBS": S("BS"), ":tL": S("L"), ":tM": S("M"),
	":tNULL": S("NULL"), ":tBOOL": S("BOOL"), ":tX": S("X"), ":tlow": S("s"),
	":k": M(item{"k": S("v")}), ":el": L(), ":em": M(item{}),
}

var condNames = map[string]string{
	"#s": "s", "#n": "n", "#m": "m", "#l": "l", "#name": "name", "#count": "count", "#dot": "a.b", "#pk": "pk", "#sk": "sk",
	"#a": "a", "#deep": "deep", "#missing": "missing", "#e": "e",
}

// conditions exercise every comparison, function and operator of the
// condition language against full("c", "1"), and its errors.
var conditions = []string{
	// comparisons of each type
	"s = :s", "s <> :s", "s = :s2", "s < :s2", "s > :s2", "s <= :s", "s >= :s", "e = :e", "e < :a",
	"n = :n", "n < :n2", "n > :f", "n <= :n", "n >= :n2", "n = :s", "n <> :s", "f < :zero", "f = :f",
	"b = :b", "b > :b2", "b < :b2", "b < :b3",
	"ss = :ss", "ss = :ss2", "ns = :ns", "bs = :bs", "l = :l", "m = :m", "t = :t", "t <> :false", "z = :z", "z <> :z",
	"el = :el", "em = :em", "l = :l2", "m <> :k",
	"n < :s", "s < :n", "t < :t", "ss < :ss", "m < :m", "l < :l", "z < :z", "b < :s",
	"n = n", "s = s", "n > m.a", "m.a = :one", "l[1] = :two", "l[2][0] = :three", "m.deep.x > :one", "l[3].k = :a",
	"nope = :s", "nope <> :s", "nope < :s", "nope = nope", "nope <> nope",
	":n = :n", ":n < :n2", ":s = s",
	// BETWEEN and IN
	"n BETWEEN :f AND :n2", "n BETWEEN :n2 AND :f", "s BETWEEN :s2 AND :s", "s BETWEEN :n AND :n2", "n BETWEEN :s AND :n",
	"nope BETWEEN :f AND :n2", "size(s) BETWEEN :one AND :n2", "n BETWEEN n AND :n2", "b BETWEEN :b2 AND :b3", "t BETWEEN :t AND :t",
	"n IN (:n)", "n IN (:f, :n, :n2)", "s IN (:s2, :s)", "n IN (:s)", "nope IN (:n)", "ss IN (:ss)", "n IN (n, m.a)", "n IN (:s, :n)",
	"n IN ()", "n IN :n",
	// logic
	"n = :n AND s = :s", "n = :n2 OR s = :s", "NOT n = :n", "NOT (n = :n AND s = :s2)", "n = :n AND s = :s2 OR t = :t",
	"n = :n OR s = :s2 AND t = :z", "NOT NOT n = :n", "((n = :n))", "(n = :n)", "(n = :n) AND (s = :s)", "n = :n and s = :s",
	"n = :n AND (s = :s OR (t = :t AND NOT z = :z))", "(n = :n) OR ((s = :s))",
	// functions
	"attribute_exists(s)", "attribute_exists(nope)", "attribute_exists(m.a)", "attribute_exists(m.nope)", "attribute_exists(l[0])",
	"attribute_exists(l[10])", "attribute_exists(#name)", "attribute_not_exists(pk)", "attribute_not_exists(nope)", "attribute_exists(e)",
	"attribute_exists(m.deep.l[1])", "attribute_type(fb, :tBOOL)", "fb IN (:false, :t)", "fb = :false", "attribute_exists(fb)",
	"attribute_exists(s.x)", "attribute_exists(l.x)", "attribute_exists(m[0])",
	"attribute_type(s, :tS)", "attribute_type(s, :tN)", "attribute_type(n, :tN)", "attribute_type(ss, :tSS)", "attribute_type(l, :tL)",
	"attribute_type(m, :tM)", "attribute_type(z, :tNULL)", "attribute_type(t, :tBOOL)", "attribute_type(b, :tB)", "attribute_type(bs, :tBS)",
	"attribute_type(ns, :tNS)", "attribute_type(s, :tX)", "attribute_type(s, :tlow)", "attribute_type(s, :n)", "attribute_type(nope, :tS)",
	"attribute_type(l[2], :tL)", "attribute_type(s, s)",
	"begins_with(s, :s2)", "begins_with(s, :a)", "begins_with(b, :b2)", "begins_with(s, :n)", "begins_with(n, :n)", "begins_with(nope, :s)",
	"begins_with(s, s)", "begins_with(s, :e)", "begins_with(:s, :s2)", "begins_with(ss, :a)", "begins_with(b, :s)", "begins_with(s, :b2)",
	"contains(s, :s2)", "contains(s, :a)", "contains(ss, :a)", "contains(ss, :s)", "contains(ns, :one)", "contains(l, :x)", "contains(l, :two)",
	"contains(bs, :b3)", "contains(b, :b2)", "contains(n, :n)", "contains(s, :n)", "contains(ss, :ss)", "contains(m, :s)", "contains(l, :q)",
	"contains(l, :l2)", "contains(nope, :a)", "contains(s, s)", "contains(:s, :a)", "contains(s, :e)", "contains(l, :k)",
	"size(s) = :eleven", "size(s) > :one", "size(ss) = :three", "size(l) > :three", "size(m) > :three", "size(b) = :three", "size(n) > :one",
	"size(t) > :one", "size(nope) = :one", "size(:s) = :eleven", "size(e) = :zero", "size(el) = :zero", "size(z) = :one", "size(ns) = :three",
	"size(bs) = :two", "size(m.deep) = :two", "size(l[2]) = :two", ":eleven = size(s)", "size(s) = size(s)",
	// errors
	"", " ", "n =", "n == :n", "= :n", "n = :undefined", "#undefined = :n", "name = :s", "#name = :s", "foo(n)", "attribute_exists()",
	"attribute_exists(n, s)", "attribute_exists(:n)", "attribute_not_exists(size(n))", "n = :n AND", "AND n = :n", "NOT", "n = :n :s",
	"n BETWEEN :f", "s = :s OR", "n.a = :n", "n[0] = :n", "s.x = :s", "l[-1] = :n", "#m.#dot = :n", "#dot = :n",
	"size(s)", "size(s, n) = :n", "attribute_exists(s) = :t", "n", "s = :s = :s", "n < :n < :n2", "begins_with(s)", "contains(s)",
	"attribute_type(s)", "size()", "ATTRIBUTE_EXISTS(s)", "Attribute_Exists(s)", "n IN (:n", "(n = :n", "n = :n)", "n BETWEEN :f OR :n2",
	"n = :n AND s = :s AND", "#s.#s = :s", "a.b = :n", "l[1] [2] = :n", "m.  a = :one", "l [1] = :two", "n=:n", "n<>:n2AND s=:s",
	"attribute_exists (s)", "size (s) > :one", "s = :s -- comment", "n + :one = :n", "if_not_exists(n, :n) = :n", "list_append(l, :l) = :l",
	"NOT attribute_exists(s) = :t", "count = :n", "#count = :n", "data = :n", "s = :s AND size = :n", "values = :n", "key = :n",
	"l[100000000000] = :n", "l[1.5] = :n", "m.:n = :n", "#pk = :n", "pk = :n", "sk = :n", "missing = :s",
}

func init() {
	diffCases = append(diffCases,
		diffCase{"conditions", func(d *differ) {
			d.createTable("table", tableInput("conds", "pk S", "sk N"))
			d.put("put", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1")})
			for _, c := range conditions {
				vals, names := valuesFor(condValues, c), namesFor(condNames, c)
				d.put("put:"+c, &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"),
					ConditionExpression: aws.String(c), ExpressionAttributeValues: vals, ExpressionAttributeNames: names})
				d.delete("delete-missing:"+c, &dynamodb.DeleteItemInput{TableName: aws.String("conds"), Key: item{"pk": S("nope"), "sk": N("1")},
					ConditionExpression: aws.String(c), ExpressionAttributeValues: vals, ExpressionAttributeNames: names})
			}
			in := func(n int) string {
				p := make([]string, n)
				for i := range p {
					p[i] = ":v" + itoa(i)
				}
				return "n IN (" + strings.Join(p, ", ") + ")"
			}
			for _, n := range []int{99, 100, 101} {
				vals := item{}
				for i := range n {
					vals[":v"+itoa(i)] = N(itoa(i))
				}
				d.put("in-"+itoa(n), &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"),
					ConditionExpression: aws.String(in(n)), ExpressionAttributeValues: vals})
			}
			key := item{"pk": S("c"), "sk": N("1")}
			d.put("unused-name", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"),
				ConditionExpression: aws.String("n = :n"), ExpressionAttributeValues: item{":n": N("42")}, ExpressionAttributeNames: map[string]string{"#x": "x", "#a": "a"}})
			d.put("unused-value", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"),
				ConditionExpression: aws.String("n = :n"), ExpressionAttributeValues: item{":n": N("42"), ":x": S("x"), ":a": S("a")}})
			// Raw, so that the placeholders' order on the wire is fixed.
			d.raw("raw-unused-names", "PutItem", `{"TableName":"conds","Item":{"pk":{"S":"c"},"sk":{"N":"1"}},"ConditionExpression":"attribute_exists(pk)","ExpressionAttributeNames":{"#x":"x","#a":"a"}}`)
			d.raw("raw-unused-values", "GetItem", `{"TableName":"conds","Key":{"pk":{"S":"c"},"sk":{"N":"1"}},"ProjectionExpression":"pk","ExpressionAttributeNames":{"#x":"x","#b":"b","#a":"a"}}`)
			d.put("values-without-expression", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"), ExpressionAttributeValues: item{":n": N("42")}})
			d.put("names-without-expression", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"), ExpressionAttributeNames: map[string]string{"#n": "n"}})
			d.put("empty-values", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"), ConditionExpression: aws.String("attribute_exists(n)"), ExpressionAttributeValues: item{}})
			d.put("bad-value-key", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"), ConditionExpression: aws.String("n = :n"), ExpressionAttributeValues: item{":n": N("42"), "n": N("1")}})
			d.put("bad-name-key", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"), ConditionExpression: aws.String("#n = :n"),
				ExpressionAttributeValues: item{":n": N("42")}, ExpressionAttributeNames: map[string]string{"#n": "n", "#n-x": "n"}})
			d.put("invalid-value", &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"), ConditionExpression: aws.String("n = :n"), ExpressionAttributeValues: item{":n": SS()}})
			for _, rv := range []types.ReturnValuesOnConditionCheckFailure{types.ReturnValuesOnConditionCheckFailureAllOld, types.ReturnValuesOnConditionCheckFailureNone} {
				d.put("on-failure-put-"+string(rv), &dynamodb.PutItemInput{TableName: aws.String("conds"), Item: full("c", "1"),
					ConditionExpression: aws.String("attribute_not_exists(pk)"), ReturnValuesOnConditionCheckFailure: rv})
				d.delete("on-failure-delete-"+string(rv), &dynamodb.DeleteItemInput{TableName: aws.String("conds"), Key: key,
					ConditionExpression: aws.String("n = :n2"), ExpressionAttributeValues: item{":n2": N("100")}, ReturnValuesOnConditionCheckFailure: rv})
				d.update("on-failure-update-"+string(rv), &dynamodb.UpdateItemInput{TableName: aws.String("conds"), Key: key, UpdateExpression: aws.String("SET x = :n2"),
					ConditionExpression: aws.String("n = :n2"), ExpressionAttributeValues: item{":n2": N("100")}, ReturnValuesOnConditionCheckFailure: rv})
				d.delete("on-failure-missing-"+string(rv), &dynamodb.DeleteItemInput{TableName: aws.String("conds"), Key: item{"pk": S("nope"), "sk": N("1")},
					ConditionExpression: aws.String("attribute_exists(pk)"), ReturnValuesOnConditionCheckFailure: rv})
			}
			d.get("unchanged", &dynamodb.GetItemInput{TableName: aws.String("conds"), Key: key})
		}},
	)
}

// updates exercise the update language against full("u", "1"), each on a
// fresh copy of the item.
var updates = []string{
	// SET
	"SET s = :s2", "SET x = :n", "SET x = n", "SET x = m.a", "SET x = l[1]", "SET x = nope", "SET n = n + :one", "SET n = n - :one",
	"SET n = :one - n", "SET n = n + n", "SET x = :one + :two", "SET f = f + :n", "SET n = s + :one", "SET n = n + :s", "SET n = nope + :one",
	"SET n = :one + nope", "SET x = n + m.a", "SET l = list_append(l, :l2)", "SET l = list_append(:l2, l)", "SET x = list_append(:l2, :l2)",
	"SET x = list_append(l, nope)", "SET x = list_append(s, :l2)", "SET x = list_append(:l2, :s)", "SET el = list_append(el, :el)",
	"SET x = if_not_exists(x, :n)", "SET n = if_not_exists(n, :one)", "SET x = if_not_exists(m.nope, :n)", "SET x = if_not_exists(:n, x)",
	"SET x = if_not_exists(x)", "SET n = if_not_exists(n, :one) + :one", "SET x = list_append(if_not_exists(x, :el), :l2)",
	"SET m.a = :n", "SET m.b = :n", "SET m.deep.x = :s", "SET m.deep.y.z = :s", "SET m.nope.x = :s", "SET nope.x = :s", "SET s.x = :s",
	"SET l[0] = :s2", "SET l[4] = :s2", "SET l[5] = :s2", "SET l[100] = :s2", "SET l[2][1] = :n", "SET l[2][5] = :n", "SET l[3].k = :n",
	"SET l[3].new = :n", "SET m.deep.l[0] = :s", "SET m[0] = :s", "SET l.x = :s", "SET nope[0] = :s", "SET el[0] = :s",
	"SET x = :s, y = :n", "SET x = :s, x = :n", "SET m.a = :n, m = :k", "SET m = :k, m.a = :n", "SET l[0] = :s, l[1] = :n",
	"SET l[0] = :s, l[0] = :n", "SET m.a = :n, m.b = :n", "SET m.deep.x = :n, m.deep = :k", "SET #s = :s2", "SET #m.#a = :n",
	"SET pk = :s", "SET sk = :n", "SET #pk = :s", "SET pk = pk", "SET x = :z", "SET x = :e", "SET x = :ss", "SET x = :m",
	"SET x = size(s)", "SET x = :n + :n + :n", "SET x = (:n)", "SET x = (n + :one)", "SET n = :n2 - :n - :one",
	"SET e = :e", "SET em.x = :n", "SET em = :em",
	// REMOVE
	"REMOVE s", "REMOVE nope", "REMOVE m.a", "REMOVE m.nope", "REMOVE m.deep.x", "REMOVE l[0]", "REMOVE l[4]", "REMOVE l[10]",
	"REMOVE l[0], l[1]", "REMOVE l[1], l[0]", "REMOVE l[0], l[0]", "REMOVE l[2][0]", "REMOVE s, n", "REMOVE m, m.a", "REMOVE pk",
	"REMOVE s.x", "REMOVE nope.x", "REMOVE nope[0]", "REMOVE l[0], l[2][1]", "REMOVE m.deep.l[0], m.deep.l[1]", "REMOVE :s",
	"REMOVE m.empty", "REMOVE el[0]",
	// ADD
	"ADD n :one", "ADD x :one", "ADD f :f", "ADD ss :ss", "ADD ss :q", "ADD x :ss", "ADD ns :ns", "ADD bs :bs", "ADD s :one",
	"ADD n :s", "ADD ss :ns", "ADD m.a :one", "ADD m.new :one", "ADD m.deep.x :one", "ADD l[1] :one", "ADD l[9] :one",
	"ADD l :l2", "ADD m :k", "ADD x :s", "ADD x :t", "ADD x :z", "ADD n :one, n :one", "ADD n :one, x :two", "ADD nope.x :one",
	"ADD n n", "ADD n :one SET x = :n", "ADD l[4] :q",
	// DELETE
	"DELETE ss :q", "DELETE ss :ss", "DELETE ss :a", "DELETE ns :ns", "DELETE bs :bs", "DELETE x :ss", "DELETE n :one",
	"DELETE ss :ns", "DELETE s :ss", "DELETE m.nope :ss", "DELETE l[4] :q", "DELETE ss :ss2", "DELETE l :l2",
	// combinations and errors
	"SET x = :n REMOVE s ADD n :one DELETE ss :q", "SET x = :n SET y = :n", "REMOVE s REMOVE n", "SET s = :s REMOVE s",
	"SET m.a = :n REMOVE m", "ADD ss :q DELETE ss :q", "SET x = :n REMOVE x", "remove s set x = :n", "set x = :n add n :one",
	"", " ", "SET", "SET x", "SET x =", "SET x = :n,", "SET = :n", "REMOVE", "ADD x", "DELETE x", "SET x = :undefined",
	"SET #undefined = :n", "SET name = :s", "REMOVE count", "SET x = foo(n)", "SET x = size(n)", "SET x = attribute_exists(n)",
	"SET x = :n y = :n", "UPDATE x = :n", "SET x == :n", "SET x = + :n", "SET x = n -", "SET x = n * :n", "SET x[0] = :n",
	"SET l[-1] = :n", "SET l[x] = :n", "SET x = if_not_exists(n, :one, :two)", "SET x = list_append(l)", "ADD x :n, y",
	"SET x = :n REMOVE", "SET x = (:n", "SET x = n + (:one)", "SET x = (n) + :one", "SET x = ((n))", "DELETE ss :n", "ADD n :n2 ADD s :s",
	"ADD s :one REMOVE n.x.y", "SET l[0] = :s2, x = l", "SET x = ss ADD ss :q", "SET l[1] = :n, l.b = :n, m.a[1] = :n, m = if_not_exists(s, :n)", "REMOVE m.a SET m[1] = :n", "SET l[0] = :n, l.a = :n, l.b = :n",
	"SET x = :n1", "SET x = #a", "SET #a = #a", "SET x = :n, y = x", "SET y = x, x = :n", "SET n = n + :one, n = n - :one",
}

// updateReturns runs each ReturnValues mode over a few updates.
var updateReturns = []string{
	"SET s = :s2", "SET x = :n", "REMOVE s", "SET m.a = :n2", "SET m.b = :n", "REMOVE m.a", "SET l[0] = :s2", "REMOVE l[1]",
	"SET l[9] = :s2", "ADD n :one", "ADD ss :q", "DELETE ss :a", "SET x = :n REMOVE s", "SET m.deep.x = :n, l[2][0] = :one",
	"REMOVE nope", "SET nope2.x = :n", "SET s = s", "REMOVE m.deep.l[0]", "SET m.deep.l[0] = :n",
}

func init() {
	diffCases = append(diffCases,
		diffCase{"updates", func(d *differ) {
			d.createTable("table", tableInput("upds", "pk S", "sk N"))
			key := item{"pk": S("u"), "sk": N("1")}
			for i, u := range updates {
				d.put("reset:"+u, &dynamodb.PutItemInput{TableName: aws.String("upds"), Item: full("u", "1")})
				d.update("update:"+u, &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String(u),
					ExpressionAttributeValues: valuesFor(condValues, u), ExpressionAttributeNames: namesFor(condNames, u), ReturnValues: types.ReturnValueAllNew})
				d.get("get:"+u, &dynamodb.GetItemInput{TableName: aws.String("upds"), Key: key})
				d.update("missing:"+u, &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: item{"pk": S("new" + itoa(i)), "sk": N("1")},
					UpdateExpression: aws.String(u), ExpressionAttributeValues: valuesFor(condValues, u), ExpressionAttributeNames: namesFor(condNames, u),
					ReturnValues: types.ReturnValueAllNew})
			}
			for _, rv := range []types.ReturnValue{types.ReturnValueNone, types.ReturnValueAllOld, types.ReturnValueAllNew, types.ReturnValueUpdatedOld, types.ReturnValueUpdatedNew} {
				for i, u := range updateReturns {
					d.put("rv-reset-"+string(rv)+":"+u, &dynamodb.PutItemInput{TableName: aws.String("upds"), Item: full("u", "1")})
					d.update("rv-"+string(rv)+":"+u, &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String(u),
						ExpressionAttributeValues: valuesFor(condValues, u), ReturnValues: rv})
					d.update("rv-new-"+string(rv)+":"+u, &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: item{"pk": S("rvnew" + string(rv) + itoa(i)), "sk": N("1")},
						UpdateExpression: aws.String(u), ExpressionAttributeValues: valuesFor(condValues, u), ReturnValues: rv})
				}
			}
			// Conditions with updates, and updates without expressions.
			d.update("no-expression", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: item{"pk": S("bare"), "sk": N("1")}, ReturnValues: types.ReturnValueAllNew})
			d.get("no-expression-get", &dynamodb.GetItemInput{TableName: aws.String("upds"), Key: item{"pk": S("bare"), "sk": N("1")}})
			d.update("condition-only", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: item{"pk": S("bare2"), "sk": N("1")},
				ConditionExpression: aws.String("attribute_not_exists(pk)"), ReturnValues: types.ReturnValueAllNew})
			d.update("condition-fails", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String("SET x = :n"),
				ConditionExpression: aws.String("n = :one"), ExpressionAttributeValues: item{":n": N("42"), ":one": N("1")}})
			d.update("condition-holds", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String("SET x = :n"),
				ConditionExpression: aws.String("n = :n"), ExpressionAttributeValues: item{":n": N("42")}, ReturnValues: types.ReturnValueUpdatedNew})
			d.update("values-without-expression", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, ExpressionAttributeValues: item{":n": N("42")}})
			d.update("unused-value", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String("SET x = :n"),
				ExpressionAttributeValues: item{":n": N("42"), ":unused": N("1")}})
			d.update("shared-names", &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String("SET #x = :n"),
				ConditionExpression: aws.String("attribute_exists(#y)"), ExpressionAttributeValues: item{":n": N("42")}, ExpressionAttributeNames: map[string]string{"#x": "x", "#y": "n"}})
			// Numbers: precision, overflow, normalisation.
			for i, c := range [][2]string{
				{"1", "10000000000000000000000"}, {"1E50", "-1"}, {"1E50", "1"}, {"9E125", "9E125"}, {"-9E125", "-9E125"}, {"1E-130", "1"},
				{"0.1", "0.2"}, {"1.00", "2.000"}, {"12345678901234567890123456789012345678", "1"}, {"99999999999999999999999999999999999999", "1"},
				{"1E-130", "-1E-130"}, {"1E125", "1E125"}, {"5", "-5"}, {"0.5E-129", "0.5E-129"}, {"1E-131", "0"},
			} {
				d.update("arith:"+c[0]+","+c[1], &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: key, UpdateExpression: aws.String("SET r = :a + :b, q = :a - :b"),
					ExpressionAttributeValues: item{":a": N(c[0]), ":b": N(c[1])}, ReturnValues: types.ReturnValueUpdatedNew})
				d.update("add:"+c[0]+","+c[1], &dynamodb.UpdateItemInput{TableName: aws.String("upds"), Key: item{"pk": S("add" + itoa(i)), "sk": N("1")},
					UpdateExpression: aws.String("ADD r :a, r2 :b SET r3 = :a"), ExpressionAttributeValues: item{":a": N(c[0]), ":b": N(c[1])}, ReturnValues: types.ReturnValueAllNew})
			}
		}},
	)
}

// keyConditions are KeyConditionExpressions on a table "pk S, sk N" (and
// its indexes), with the values of condValues plus :p.
var keyConditions = []string{
	"pk = :p", "pk = :p AND sk = :two", "pk = :p AND sk < :three", "pk = :p AND sk <= :three", "pk = :p AND sk > :three",
	"pk = :p AND sk >= :three", "pk = :p AND sk BETWEEN :two AND :n", "pk = :p AND sk BETWEEN :n AND :two", "sk = :two AND pk = :p",
	"(pk = :p) AND (sk > :one)", "pk = :p AND begins_with(sk, :one)", "pk = :nope", "#pk = :p AND #sk > :one", "pk = :p AND sk > :f",
	// errors
	"", "pk < :p", "pk = :p OR sk = :one", "NOT pk = :p", "sk = :one", "pk = :p AND x = :one", "pk = :p AND sk = :one AND sk = :two",
	"pk = :p AND pk = :p", "pk = :n", "pk = :p AND sk = :s", "pk = :p AND sk IN (:one)", "pk = :p AND sk <> :one", "pk = :p AND attribute_exists(sk)",
	"pk = :p AND size(sk) > :one", "pk = :p AND contains(sk, :one)", "x = :p", "pk = pk", "pk = :p AND sk = sk", "pk = :p AND :one = sk",
	":p = pk", "pk = :p AND begins_with(sk, :s)", "pk = :p AND sk BETWEEN :one", "pk = :p AND (sk > :one)", "((pk = :p))", "pk = :undefined",
	"pk = :p AND sk > :one AND", "pk == :p", "pk = :p, sk = :one", "pk = :p AND sk BETWEEN :s AND :s2", "#undefined = :p",
	"pk IN (:p)", "begins_with(pk, :p)", "pk = :p AND (sk > :one OR sk < :n)", "pk = :p AND NOT sk > :one",
}

var queryFilters = []string{
	"v > :three", "attribute_exists(w)", "v BETWEEN :two AND :n", "begins_with(s, :a)", "size(l) > :one", "v = :s", "NOT attribute_exists(v)",
	"sk > :one", "pk = :p", "contains(l, :two)", "v IN (:one, :two, :three)",
}

func queryTable(name string) *dynamodb.CreateTableInput {
	return tableInput(name, "pk S", "sk N",
		withGSI("gsiv", "g", "v", projAll(), attrDef("g", "S"), attrDef("v", "N")),
		withGSI("gsik", "g", "", projKeys()),
		withGSI("gsii", "v", "", projInclude("s")),
		withLSI("lsiv", "pk", "v", projKeys()),
		withLSI("lsiw", "pk", "w", projInclude("l"), attrDef("w", "S")))
}

func init() {
	diffCases = append(diffCases,
		diffCase{"query", func(d *differ) {
			d.createTable("table", queryTable("qtab"))
			// Items of partition "p" with sk 1..12; every other one has v, g and w.
			for i := 1; i <= 12; i++ {
				it := item{"pk": S("p"), "sk": N(itoa(i)), "s": S(string(rune('a' + i%3))), "l": L(N(itoa(i%4)), S("x"))}
				if i%2 == 0 {
					it["v"], it["g"], it["w"] = N(itoa(i%5)), S("g"+itoa(i%3)), S("w"+itoa(i%4))
				}
				d.put("put-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("qtab"), Item: it})
			}
			d.put("put-other", &dynamodb.PutItemInput{TableName: aws.String("qtab"), Item: item{"pk": S("q"), "sk": N("-1.5"), "v": N("1"), "g": S("g1"), "w": S("w1")}})
			d.put("put-neg", &dynamodb.PutItemInput{TableName: aws.String("qtab"), Item: item{"pk": S("p"), "sk": N("-100"), "v": N("1")}})
			d.put("put-frac", &dynamodb.PutItemInput{TableName: aws.String("qtab"), Item: item{"pk": S("p"), "sk": N("2.5"), "v": N("1")}})
			vals := item{":p": S("p"), ":nope": S("nope")}
			for k, v := range condValues {
				vals[k] = v
			}
			q := func(name string, in *dynamodb.QueryInput, norm func(any) any) {
				d.tb.Helper()
				in.TableName = aws.String("qtab")
				exprs := []string{aws.ToString(in.KeyConditionExpression), aws.ToString(in.FilterExpression), aws.ToString(in.ProjectionExpression)}
				in.ExpressionAttributeValues = valuesFor(vals, exprs...)
				in.ExpressionAttributeNames = namesFor(condNames, exprs...)
				d.query(name, in, norm)
			}
			for _, kc := range keyConditions {
				q("kc:"+kc, &dynamodb.QueryInput{KeyConditionExpression: aws.String(kc)}, nil)
				q("kc-desc:"+kc, &dynamodb.QueryInput{KeyConditionExpression: aws.String(kc), ScanIndexForward: aws.Bool(false)}, nil)
			}
			for _, f := range queryFilters {
				q("filter:"+f, &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String(f)}, nil)
				q("filter-limit:"+f, &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String(f), Limit: aws.Int32(4)}, nil)
				q("filter-count:"+f, &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String(f), Select: types.SelectCount}, nil)
			}
			// Pagination, forward and backward, on the table and the indexes.
			// (Index queries, whose order of equal keys is not defined, are
			// paged in "pages".)
			for _, ix := range []struct{ name, hash, rng, kc string }{{"", "pk", "sk", "pk = :p"}} {
				for _, fwd := range []bool{true, false} {
					for _, limit := range []int32{1, 3, 5, 100} {
						name := "page-" + ix.name + "-" + strconv.FormatBool(fwd) + "-" + itoa(int(limit))
						in := &dynamodb.QueryInput{KeyConditionExpression: aws.String(ix.kc), ScanIndexForward: aws.Bool(fwd), Limit: aws.Int32(limit)}
						if ix.name != "" {
							in.IndexName = aws.String(ix.name)
						}
						vals[":g"] = S("g1")
						for page := 0; page < 20; page++ {
							ours, _, same := d.query(name+"-"+itoa(page), func() *dynamodb.QueryInput {
								c := *in
								c.TableName = aws.String("qtab")
								c.ExpressionAttributeValues = valuesFor(vals, ix.kc)
								return &c
							}(), sortTies(ix.hash, ix.rng))
							if !same || ours == nil || ours.LastEvaluatedKey == nil {
								break
							}
							in.ExclusiveStartKey = ours.LastEvaluatedKey
						}
					}
				}
			}
			// Select, projection, consistency and indexes.
			for _, mc := range []struct {
				name string
				in   *dynamodb.QueryInput
			}{
				{"count", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount}},
				{"count-limit", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount, Limit: aws.Int32(3)}},
				{"all-attributes", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectAllAttributes}},
				{"all-projected-table", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectAllProjectedAttributes}},
				{"specific-without-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectSpecificAttributes}},
				{"specific-with-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectSpecificAttributes, ProjectionExpression: aws.String("s, l[0]")}},
				{"count-with-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount, ProjectionExpression: aws.String("s")}},
				{"all-attributes-with-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectAllAttributes, ProjectionExpression: aws.String("s")}},
				{"bad-select", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: "FOO"}},
				{"reserved-in-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ProjectionExpression: aws.String("s, #count, m.x"), ExpressionAttributeNames: map[string]string{"#count": "count"}}},
				{"consistent", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ConsistentRead: aws.Bool(true)}},
				{"limit-zero", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Limit: aws.Int32(0)}},
				{"missing-index", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("nope")}},
				{"lsi", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv")}},
				{"lsi-all-attributes", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), Select: types.SelectAllAttributes}},
				{"lsi-all-projected", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), Select: types.SelectAllProjectedAttributes}},
				{"lsi-unprojected-attribute", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), ProjectionExpression: aws.String("s")}},
				{"lsi-consistent", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), ConsistentRead: aws.Bool(true)}},
				{"lsi-range-condition", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p AND v > :one"), IndexName: aws.String("lsiv")}},
				{"lsi-table-range-condition", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p AND sk > :one"), IndexName: aws.String("lsiv")}},
				{"lsi-include-all-projected", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiw"), Select: types.SelectAllProjectedAttributes}},
				{"lsi-filter-on-key", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiw"), FilterExpression: aws.String("w = :a")}},
				{"gsi", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsiv")}},
				{"gsi-consistent", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsiv"), ConsistentRead: aws.Bool(true)}},
				{"gsi-range-desc", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g AND v >= :two"), IndexName: aws.String("gsiv"), ScanIndexForward: aws.Bool(false)}},
				{"gsi-keys-only", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsik")}},
				{"gsi-keys-only-all-attributes", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsik"), Select: types.SelectAllAttributes}},
				{"gsi-keys-only-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsik"), ProjectionExpression: aws.String("s")}},
				{"gsi-include", &dynamodb.QueryInput{KeyConditionExpression: aws.String("v = :two"), IndexName: aws.String("gsii")}},
				{"gsi-include-projection", &dynamodb.QueryInput{KeyConditionExpression: aws.String("v = :two"), IndexName: aws.String("gsii"), ProjectionExpression: aws.String("s, pk, sk, l")}},
				{"gsi-include-count", &dynamodb.QueryInput{KeyConditionExpression: aws.String("v = :two"), IndexName: aws.String("gsii"), Select: types.SelectCount}},
				{"gsi-table-key-condition", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("gsiv")}},
				{"gsi-table-range", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g AND sk = :one"), IndexName: aws.String("gsiv")}},
				{"esk-short", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("p")}}},
				{"esk-type", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("p"), "sk": S("1")}}},
				{"esk-other-partition", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("q"), "sk": N("1")}}},
				{"esk-outside-range", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p AND sk > :three"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("1")}}},
				{"esk-other-partition-range", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p AND sk > :three"), ExclusiveStartKey: item{"pk": S("q"), "sk": N("5")}}},
				{"esk-extra", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("5"), "x": S("1")}}},
				{"esk-between-items", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("5.5")}}},
				{"esk-past-end", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("99")}}},
				{"lsi-esk-short", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("4")}}},
				{"lsi-esk", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("4"), "v": N("4")}}},
				{"lsi-esk-type", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("lsiv"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("4"), "v": S("4")}}},
				{"gsi-esk", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsiv"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("4"), "g": S("g1"), "v": N("4")}}},
				{"gsi-esk-other-partition", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsiv"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("4"), "g": S("g2"), "v": N("4")}}},
				{"gsi-esk-short", &dynamodb.QueryInput{KeyConditionExpression: aws.String("g = :g"), IndexName: aws.String("gsiv"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("4")}}},
				{"filter-names", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String("#count > :one"), ExpressionAttributeNames: map[string]string{"#count": "v"}}},
				{"projection-keys", &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ProjectionExpression: aws.String("pk, sk, v, w, g")}},
			} {
				vals[":g"] = S("g1")
				name, in := mc.name, mc.in
				norm := func(any) any { return nil }
				norm = nil
				if in.IndexName != nil {
					switch *in.IndexName {
					case "gsiv":
						norm = sortTies("g", "v")
					case "gsik":
						norm = sortTies("g")
					case "gsii":
						norm = sortTies("v")
					case "lsiv":
						norm = sortTies("pk", "v")
					case "lsiw":
						norm = sortTies("pk", "w")
					}
				}
				q(name, in, norm)
			}
			d.query("missing-table", &dynamodb.QueryInput{TableName: aws.String("nothere"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": S("p")}}, nil)
			d.query("no-key-condition", &dynamodb.QueryInput{TableName: aws.String("qtab")}, nil)
		}},
	)
}

func init() {
	diffCases = append(diffCases,
		diffCase{"pages", func(d *differ) {
			d.createTable("table", queryTable("ptab"))
			for p := range 3 {
				for i := 1; i <= 15; i++ {
					it := item{"pk": S("p" + itoa(p)), "sk": N(itoa(i)), "s": S(string(rune('a' + i%3))), "l": L(N(itoa(i%4)), S("x"))}
					if i%2 == 0 || p == 1 {
						it["v"], it["g"], it["w"] = N(itoa(i%5)), S("g"+itoa(i%3)), S("w"+itoa(i%4))
					}
					d.put("put-"+itoa(p)+"-"+itoa(i), &dynamodb.PutItemInput{TableName: aws.String("ptab"), Item: it})
				}
			}
			vals := item{":p": S("p1"), ":g": S("g1"), ":one": N("1"), ":three": N("3"), ":a": S("a")}
			for _, ix := range []struct{ name, hash, rng, kc string }{
				{"", "pk", "sk", "pk = :p"}, {"lsiv", "pk", "v", "pk = :p"}, {"lsiw", "pk", "w", "pk = :p"}, {"gsiv", "g", "v", "g = :g"},
				{"gsik", "g", "", "g = :g"}, {"gsii", "v", "", "v = :one"}, {"lsiv", "pk", "v", "pk = :p AND v > :one"},
			} {
				for _, fwd := range []bool{true, false} {
					for _, limit := range []int32{0, 2, 7} {
						for _, filter := range []string{"", "s = :a"} {
							name := "query-" + ix.name + "-" + ix.kc + "-" + strconv.FormatBool(fwd) + "-" + itoa(int(limit)) + "-" + filter
							d.paginate(name, 1, func(int) pageFunc {
								return func(c *dynamodb.Client, esk item) (item, error) {
									in := &dynamodb.QueryInput{TableName: aws.String("ptab"), KeyConditionExpression: aws.String(ix.kc),
										ScanIndexForward: aws.Bool(fwd), ExclusiveStartKey: esk, ExpressionAttributeValues: valuesFor(vals, ix.kc, filter)}
									if filter != "" {
										in.FilterExpression = aws.String(filter)
									}
									if limit > 0 {
										in.Limit = aws.Int32(limit)
									}
									if ix.name != "" {
										in.IndexName = aws.String(ix.name)
									}
									out, err := c.Query(ctx, in)
									if err != nil {
										return nil, err
									}
									return out.LastEvaluatedKey, nil
								}
							}, sortTies(ix.hash, ix.rng))
						}
					}
				}
			}
			for _, ix := range []string{"", "lsiv", "lsiw", "gsiv", "gsik", "gsii"} {
				for _, segs := range []int32{1, 3} {
					for _, limit := range []int32{0, 4} {
						for _, filter := range []string{"", "attribute_exists(v)"} {
							name := "scan-" + ix + "-" + itoa(int(segs)) + "-" + itoa(int(limit)) + "-" + filter
							d.paginate(name, int(segs), func(seg int) pageFunc {
								return func(c *dynamodb.Client, esk item) (item, error) {
									in := &dynamodb.ScanInput{TableName: aws.String("ptab"), ExclusiveStartKey: esk, ExpressionAttributeValues: valuesFor(vals, filter)}
									if segs > 1 {
										in.Segment, in.TotalSegments = aws.Int32(int32(seg)), aws.Int32(segs)
									}
									if filter != "" {
										in.FilterExpression = aws.String(filter)
									}
									if limit > 0 {
										in.Limit = aws.Int32(limit)
									}
									if ix != "" {
										in.IndexName = aws.String(ix)
									}
									out, err := c.Scan(ctx, in)
									if err != nil {
										return nil, err
									}
									return out.LastEvaluatedKey, nil
								}
							}, sortItems)
						}
					}
				}
			}
			scan := func(name string, in *dynamodb.ScanInput) {
				d.tb.Helper()
				in.TableName = aws.String("ptab")
				in.ExpressionAttributeValues = valuesFor(vals, aws.ToString(in.FilterExpression))
				d.scan(name, in, sortItems)
			}
			scan("count", &dynamodb.ScanInput{Select: types.SelectCount})
			scan("count-filter", &dynamodb.ScanInput{Select: types.SelectCount, FilterExpression: aws.String("s = :a")})
			scan("projection", &dynamodb.ScanInput{ProjectionExpression: aws.String("s, l[1]")})
			scan("filter-on-key", &dynamodb.ScanInput{FilterExpression: aws.String("pk = :p")})
			scan("segment-without-total", &dynamodb.ScanInput{Segment: aws.Int32(1)})
			scan("total-without-segment", &dynamodb.ScanInput{TotalSegments: aws.Int32(2)})
			scan("segment-too-big", &dynamodb.ScanInput{Segment: aws.Int32(2), TotalSegments: aws.Int32(2)})
			scan("segment-negative", &dynamodb.ScanInput{Segment: aws.Int32(-1), TotalSegments: aws.Int32(2)})
			scan("total-zero", &dynamodb.ScanInput{Segment: aws.Int32(0), TotalSegments: aws.Int32(0)})
			scan("total-huge", &dynamodb.ScanInput{Segment: aws.Int32(0), TotalSegments: aws.Int32(1000001)})
			scan("limit-zero", &dynamodb.ScanInput{Limit: aws.Int32(0)})
			scan("all-projected", &dynamodb.ScanInput{Select: types.SelectAllProjectedAttributes})
			scan("all-projected-index", &dynamodb.ScanInput{Select: types.SelectAllProjectedAttributes, IndexName: aws.String("gsik")})
			scan("all-attributes-keys-index", &dynamodb.ScanInput{Select: types.SelectAllAttributes, IndexName: aws.String("gsik")})
			scan("all-attributes-lsi", &dynamodb.ScanInput{Select: types.SelectAllAttributes, IndexName: aws.String("lsiv")})
			scan("consistent-gsi", &dynamodb.ScanInput{ConsistentRead: aws.Bool(true), IndexName: aws.String("gsik")})
			scan("esk-short", &dynamodb.ScanInput{ExclusiveStartKey: item{"pk": S("p1")}})
			scan("esk-type", &dynamodb.ScanInput{ExclusiveStartKey: item{"pk": S("p1"), "sk": S("1")}})
			scan("esk-extra", &dynamodb.ScanInput{ExclusiveStartKey: item{"pk": S("p1"), "sk": N("1"), "x": N("1")}})
			scan("esk-index-short", &dynamodb.ScanInput{IndexName: aws.String("gsiv"), ExclusiveStartKey: item{"pk": S("p1"), "sk": N("1")}})
			scan("esk-index-type", &dynamodb.ScanInput{IndexName: aws.String("gsiv"), ExclusiveStartKey: item{"pk": S("p1"), "sk": N("1"), "g": N("1"), "v": N("1")}})
			scan("esk-index-table-type", &dynamodb.ScanInput{IndexName: aws.String("gsiv"), ExclusiveStartKey: item{"pk": N("1"), "sk": N("1"), "g": S("1"), "v": N("1")}})
			scan("missing-index", &dynamodb.ScanInput{IndexName: aws.String("nope")})
			scan("missing-table", &dynamodb.ScanInput{TableName: aws.String("nothere")})
		}},
	)
}

func init() {
	diffCases = append(diffCases,
		diffCase{"batch", func(d *differ) {
			d.createTable("table1", tableInput("bat1", "pk S", "sk N"))
			d.createTable("table2", tableInput("bat2", "id S", ""))
			puts := func(table string, keys ...item) []types.WriteRequest {
				var out []types.WriteRequest
				for _, k := range keys {
					it := item{"v": S("x")}
					for n, v := range k {
						it[n] = v
					}
					out = append(out, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
				}
				return out
			}
			dels := func(keys ...item) []types.WriteRequest {
				var out []types.WriteRequest
				for _, k := range keys {
					out = append(out, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}})
				}
				return out
			}
			k1 := func(i int) item { return item{"pk": S("p"), "sk": N(itoa(i))} }
			k2 := func(i int) item { return item{"id": S("i" + itoa(i))} }
			var many1, many2 []item
			for i := range 30 {
				many1, many2 = append(many1, k1(i)), append(many2, k2(i))
			}
			w := func(name string, ri map[string][]types.WriteRequest) {
				d.tb.Helper()
				d.batchWrite(name, &dynamodb.BatchWriteItemInput{RequestItems: ri})
			}
			g := func(name string, ri map[string]types.KeysAndAttributes) {
				d.tb.Helper()
				d.batchGet(name, &dynamodb.BatchGetItemInput{RequestItems: ri})
			}
			w("put-two-tables", map[string][]types.WriteRequest{"bat1": puts("bat1", many1[:10]...), "bat2": puts("bat2", many2[:15]...)})
			w("too-many", map[string][]types.WriteRequest{"bat1": puts("bat1", many1[:20]...), "bat2": puts("bat2", many2[:6]...)})
			w("too-many-one-table", map[string][]types.WriteRequest{"bat1": puts("bat1", many1[:26]...)})
			w("exactly-25", map[string][]types.WriteRequest{"bat1": puts("bat1", many1[:25]...)})
			w("empty-list", map[string][]types.WriteRequest{"bat1": {}})
			w("empty", map[string][]types.WriteRequest{})
			w("duplicate-put", map[string][]types.WriteRequest{"bat1": puts("bat1", k1(1), k1(1))})
			w("duplicate-put-delete", map[string][]types.WriteRequest{"bat1": append(puts("bat1", k1(1)), dels(k1(1))...)})
			w("duplicate-number-forms", map[string][]types.WriteRequest{"bat1": puts("bat1", k1(1), item{"pk": S("p"), "sk": N("1.0")})})
			w("missing-table", map[string][]types.WriteRequest{"nothere": puts("nothere", k1(1))})
			w("short-table-name", map[string][]types.WriteRequest{"ab": puts("ab", k1(1))})
			w("one-missing-table", map[string][]types.WriteRequest{"bat1": puts("bat1", k1(40)), "nothere": puts("nothere", k1(1))})
			w("wrong-key", map[string][]types.WriteRequest{"bat1": puts("bat1", item{"pk": S("p")})})
			w("wrong-key-type", map[string][]types.WriteRequest{"bat1": puts("bat1", item{"pk": S("p"), "sk": S("1")})})
			w("extra-key-delete", map[string][]types.WriteRequest{"bat1": dels(item{"pk": S("p"), "sk": N("1"), "x": S("1")})})
			w("missing-key-delete", map[string][]types.WriteRequest{"bat1": dels(item{"pk": S("p")})})
			w("empty-key-put", map[string][]types.WriteRequest{"bat1": puts("bat1", item{"pk": S(""), "sk": N("1")})})
			w("both", map[string][]types.WriteRequest{"bat1": {{PutRequest: &types.PutRequest{Item: k1(50)}, DeleteRequest: &types.DeleteRequest{Key: k1(50)}}}})
			w("neither", map[string][]types.WriteRequest{"bat1": {{}}})
			w("too-big", map[string][]types.WriteRequest{"bat1": puts("bat1", item{"pk": S("p"), "sk": N("60"), "big": S(strings.Repeat("x", 400*1024))})})
			w("invalid-value", map[string][]types.WriteRequest{"bat1": puts("bat1", item{"pk": S("p"), "sk": N("61"), "bad": SS()})})
			w("deletes", map[string][]types.WriteRequest{"bat1": dels(k1(0), k1(2), k1(99)), "bat2": dels(k2(0))})
			d.scan("after-writes-1", &dynamodb.ScanInput{TableName: aws.String("bat1")}, sortItems)
			d.scan("after-writes-2", &dynamodb.ScanInput{TableName: aws.String("bat2")}, sortItems)

			keys := func(ks ...item) types.KeysAndAttributes { return types.KeysAndAttributes{Keys: ks} }
			g("get-two-tables", map[string]types.KeysAndAttributes{"bat1": keys(many1[:12]...), "bat2": keys(many2[:20]...)})
			g("get-missing-items", map[string]types.KeysAndAttributes{"bat1": keys(k1(0), k1(99), k1(3))})
			g("get-100", map[string]types.KeysAndAttributes{"bat1": keys(many1...), "bat2": keys(append(many2, append(many2[:0:0], func() []item {
				var x []item
				for i := 30; i < 70; i++ {
					x = append(x, k2(i))
				}
				return x
			}()...)...)...)})
			g("get-101", map[string]types.KeysAndAttributes{"bat1": keys(many1...), "bat2": keys(func() []item {
				var x []item
				for i := range 71 {
					x = append(x, k2(i))
				}
				return x
			}()...)})
			g("get-101-one-table", map[string]types.KeysAndAttributes{"bat2": keys(func() []item {
				var x []item
				for i := range 101 {
					x = append(x, k2(i))
				}
				return x
			}()...)})
			g("get-duplicates", map[string]types.KeysAndAttributes{"bat1": keys(k1(1), k1(1))})
			g("get-empty-keys", map[string]types.KeysAndAttributes{"bat1": keys()})
			g("get-empty", map[string]types.KeysAndAttributes{})
			g("get-missing-table", map[string]types.KeysAndAttributes{"nothere": keys(k1(1))})
			g("get-wrong-key", map[string]types.KeysAndAttributes{"bat1": keys(item{"pk": S("p")})})
			g("get-wrong-type", map[string]types.KeysAndAttributes{"bat1": keys(item{"pk": S("p"), "sk": S("1")})})
			g("get-projection", map[string]types.KeysAndAttributes{"bat1": {Keys: []item{k1(1), k1(3)}, ProjectionExpression: aws.String("sk, #v"), ExpressionAttributeNames: map[string]string{"#v": "v"}}})
			g("get-projection-unused-name", map[string]types.KeysAndAttributes{"bat1": {Keys: []item{k1(1)}, ProjectionExpression: aws.String("sk"), ExpressionAttributeNames: map[string]string{"#v": "v"}}})
			g("get-projection-reserved", map[string]types.KeysAndAttributes{"bat1": {Keys: []item{k1(1)}, ProjectionExpression: aws.String("sk, name")}})
			g("get-key-types", map[string]types.KeysAndAttributes{"bat1": keys(item{"pk": S("a"), "sk": N("1")}, item{"pk": B("a"), "sk": N("1")})})
			g("get-consistent", map[string]types.KeysAndAttributes{"bat1": {Keys: []item{k1(1)}, ConsistentRead: aws.Bool(true)}})
		}},
	)
}

var (
	diffSeed = flag.Uint64("diff.seed", 1, "seed of TestDiffRandom")
	diffOps  = flag.Int("diff.ops", 3000, "number of random operations TestDiffRandom runs")
)

// TestDiffRandom runs random operations on random tables against the store
// and dynalite and stops at the first difference, logging the seed and
// the step so that "go test -run TestDiffRandom -diff.seed N" repeats it.
func TestDiffRandom(t *testing.T) {
	t.Parallel()
	d := newDiffer(t, nil, divergences)
	g := newGen(*diffSeed)
	start := time.Now()
	for _, in := range g.makeTables() {
		d.prefix = "seed" + strconv.FormatUint(*diffSeed, 10) + "/"
		if !d.createTable("create-"+aws.ToString(in.TableName), in) {
			t.Fatalf("seed %d: creating the random tables differs", *diffSeed)
		}
	}
	d.onFail = func(step string, ours, ref outcome) {
		t.Logf("seed %d, %s: reproduce with go test -run TestDiffRandom -diff.seed %d -diff.ops %d", *diffSeed, step, *diffSeed, *diffOps)
	}
	for i := range *diffOps {
		if !g.step(d, i) && d.failed {
			t.FailNow()
		}
	}
	t.Logf("seed %d: %d random operations (%d steps compared) in %v; dynalite departed from DynamoDB in %d (%v)",
		*diffSeed, *diffOps, d.steps, time.Since(start).Round(time.Millisecond), sum(d.divHits), d.divHits)
}

func init() {
	diffCases = append(diffCases,
		diffCase{"index-keys", func(d *differ) {
			d.createTable("table", tableInput("idxk", "pk S", "sk N",
				withGSI("gidx", "g", "v", projAll(), attrDef("g", "S"), attrDef("v", "N")),
				withLSI("lidx", "pk", "l", projKeys(), attrDef("l", "S"))))
			key := item{"pk": S("k"), "sk": N("1")}
			base := item{"pk": S("k"), "sk": N("1"), "g": S("g1"), "v": N("5"), "l": S("l1"), "n": N("7"), "s": S("str"),
				"m": M(item{"x": S("y")}), "ss": SS("a"), "lst": L(S("a"))}
			d.put("put-wrong-gsi-type", &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: item{"pk": S("k"), "sk": N("2"), "g": N("1")}})
			d.put("put-wrong-gsi-range-type", &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: item{"pk": S("k"), "sk": N("2"), "v": S("1")}})
			vals := item{":s": S("x"), ":n": N("3"), ":one": N("1"), ":ss": SS("b"), ":e": S(""), ":p": S("k"), ":l": L(S("z"))}
			for _, u := range []string{
				"SET g = n", "SET g = :n", "SET g = :s", "SET g = s", "SET v = v + :one", "SET g = g + :one", "ADD g :one", "ADD v :one",
				"DELETE g :ss", "SET g.x = :s", "SET x = g[0]", "SET pk = :s", "SET pk.x = :s", "SET x = pk.y", "REMOVE g", "REMOVE v, l",
				"SET g = if_not_exists(g, :n)", "SET g = if_not_exists(x, s)", "SET v = m", "SET v = ss",
				"SET l = lst", "SET g = list_append(lst, :l)", "SET x = :s, g = n", "SET g = n ADD s :one", "ADD s :one SET g = n",
				"SET m.x = g", "REMOVE g.x", "SET x = sk.y", "ADD v :one, g :s",
			} {
				d.put("reset:"+u, &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: base})
				d.update("update:"+u, &dynamodb.UpdateItemInput{TableName: aws.String("idxk"), Key: key, UpdateExpression: aws.String(u),
					ExpressionAttributeValues: valuesFor(vals, u), ReturnValues: types.ReturnValueAllNew})
			}
			for _, p := range []string{"g.x", "pk[0]", "sk.a", "v[1]", "l.x", "m.x", "g, v, l"} {
				d.get("get:"+p, &dynamodb.GetItemInput{TableName: aws.String("idxk"), Key: key, ProjectionExpression: aws.String(p)})
				d.query("query-projection:"+p, &dynamodb.QueryInput{TableName: aws.String("idxk"), KeyConditionExpression: aws.String("pk = :p"),
					ProjectionExpression: aws.String(p), ExpressionAttributeValues: item{":p": S("k")}}, nil)
				d.scan("scan-projection:"+p, &dynamodb.ScanInput{TableName: aws.String("idxk"), ProjectionExpression: aws.String(p)}, sortItems)
				d.batchGet("batch-projection:"+p, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
					"idxk": {Keys: []item{key}, ProjectionExpression: aws.String(p)}}})
			}
			for _, f := range []string{"g.x = :s", "attribute_exists(pk.x)", "size(sk[0]) > :one", "m.x = :s", "attribute_exists(v.a) AND s = :s"} {
				d.query("query-filter:"+f, &dynamodb.QueryInput{TableName: aws.String("idxk"), KeyConditionExpression: aws.String("pk = :p"),
					FilterExpression: aws.String(f), ExpressionAttributeValues: valuesFor(vals, f, "pk = :p")}, nil)
				d.scan("scan-filter:"+f, &dynamodb.ScanInput{TableName: aws.String("idxk"), FilterExpression: aws.String(f),
					ExpressionAttributeValues: valuesFor(vals, f)}, sortItems)
				d.put("condition:"+f, &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: base, ConditionExpression: aws.String(f),
					ExpressionAttributeValues: valuesFor(vals, f)})
			}
			// An attribute that keys two indexes: DynamoDB names the first
			// by name.
			d.createTable("two-indexes", tableInput("idx2", "pk S", "sk N",
				withGSI("zgsi", "a", "", projAll(), attrDef("a", "S")), withLSI("alsi", "pk", "a", projAll())))
			d.put("two-indexes-put", &dynamodb.PutItemInput{TableName: aws.String("idx2"), Item: item{"pk": S("k"), "sk": N("1"), "a": N("1")}})
			d.update("two-indexes-update", &dynamodb.UpdateItemInput{TableName: aws.String("idx2"), Key: key, UpdateExpression: aws.String("SET a = :n"),
				ExpressionAttributeValues: item{":n": N("1")}})
			// Last: dynalite stores these.
			d.put("put-empty-lsi-key", &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: item{"pk": S("k"), "sk": N("2"), "l": S("")}})
			d.put("put-empty-gsi-key", &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: item{"pk": S("k"), "sk": N("3"), "g": S("")}})
			d.put("reset", &dynamodb.PutItemInput{TableName: aws.String("idxk"), Item: base})
			d.update("update-empty-gsi-key", &dynamodb.UpdateItemInput{TableName: aws.String("idxk"), Key: key, UpdateExpression: aws.String("SET g = :e"),
				ExpressionAttributeValues: item{":e": S("")}})
			d.update("update-empty-lsi-key", &dynamodb.UpdateItemInput{TableName: aws.String("idxk"), Key: key, UpdateExpression: aws.String("SET l = :e"),
				ExpressionAttributeValues: item{":e": S("")}})
		}},
	)
}
