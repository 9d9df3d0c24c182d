package dynamostore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func query(tb testing.TB, c *dynamodb.Client, in *dynamodb.QueryInput) *dynamodb.QueryOutput {
	tb.Helper()
	out, err := c.Query(ctx, in)
	if err != nil {
		tb.Fatalf("query %s: %v", aws.ToString(in.KeyConditionExpression), err)
	}
	return out
}

func TestQueryOrder(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Nums", "pk S", "sk N")
	createTable(t, c, "Strs", "pk S", "sk S")
	createTable(t, c, "Bins", "pk S", "sk B")
	nums := []string{"100", "-1", "2", "0.5", "10", "-20.25", "1", "0", "-0.001", "1e3", "99.99", "-100"}
	for _, n := range nums {
		put(t, c, "Nums", item{"pk": S("p"), "sk": N(n)})
		put(t, c, "Nums", item{"pk": S("other"), "sk": N(n)})
	}
	for _, s := range []string{"b", "a", "ab", "B", "é", "a\x00", "aa"} {
		put(t, c, "Strs", item{"pk": S("p"), "sk": S(s)})
	}
	for _, b := range [][]byte{{0xff}, {0}, {0x7f, 1}, {0x80}, {0x7f}} {
		put(t, c, "Bins", item{"pk": S("p"), "sk": &types.AttributeValueMemberB{Value: b}})
	}

	q := func(table, cond string, values item, forward bool) []item {
		values[":p"] = S("p")
		return query(t, c, &dynamodb.QueryInput{
			TableName: aws.String(table), KeyConditionExpression: aws.String(cond),
			ExpressionAttributeValues: values, ScanIndexForward: aws.Bool(forward),
		}).Items
	}
	for _, tc := range []struct {
		cond    string
		values  item
		forward bool
		want    string
	}{
		{"pk = :p", item{}, true, "-100,-20.25,-1,-0.001,0,0.5,1,2,10,99.99,100,1000"},
		{"pk = :p", item{}, false, "1000,100,99.99,10,2,1,0.5,0,-0.001,-1,-20.25,-100"},
		{"pk = :p AND sk < :v", item{":v": N("0")}, true, "-100,-20.25,-1,-0.001"},
		{"pk = :p AND sk <= :v", item{":v": N("-1")}, true, "-100,-20.25,-1"},
		{"pk = :p AND sk > :v", item{":v": N("10")}, true, "99.99,100,1000"},
		{":v <= sk AND pk = :p", item{":v": N("99.99")}, false, "1000,100,99.99"},
		{"pk = :p AND sk = :v", item{":v": N("1E+3")}, true, "1000"},
		{"pk = :p AND sk BETWEEN :a AND :b", item{":a": N("-1"), ":b": N("2")}, true, "-1,-0.001,0,0.5,1,2"},
		{"pk = :p AND sk BETWEEN :a AND :b", item{":a": N("-1"), ":b": N("2")}, false, "2,1,0.5,0,-0.001,-1"},
	} {
		if got := strs(q("Nums", tc.cond, tc.values, tc.forward), "sk"); got != tc.want {
			t.Errorf("%s %v forward=%v:\ngot  %s\nwant %s", tc.cond, tc.values, tc.forward, got, tc.want)
		}
	}
	for _, tc := range []struct {
		cond    string
		values  item
		forward bool
		want    string
	}{
		{"pk = :p", item{}, true, "B,a,a\x00,aa,ab,b,é"},
		{"pk = :p AND begins_with(sk, :a)", item{":a": S("a")}, true, "a,a\x00,aa,ab"},
		{"pk = :p AND begins_with(sk, :a)", item{":a": S("a")}, false, "ab,aa,a\x00,a"},
		{"pk = :p AND begins_with(sk, :a)", item{":a": S("é")}, true, "é"},
		{"pk = :p AND sk BETWEEN :a AND :b", item{":a": S("a"), ":b": S("aa")}, true, "a,a\x00,aa"},
	} {
		if got := strs(q("Strs", tc.cond, tc.values, tc.forward), "sk"); got != tc.want {
			t.Errorf("%s %v forward=%v:\ngot  %q\nwant %q", tc.cond, tc.values, tc.forward, got, tc.want)
		}
	}
	var bins []string
	for _, it := range q("Bins", "pk = :p AND begins_with(sk, :b)", item{":b": &types.AttributeValueMemberB{Value: []byte{0x7f}}}, true) {
		bins = append(bins, fmt.Sprint(it["sk"].(*types.AttributeValueMemberB).Value))
	}
	if got := strings.Join(bins, " "); got != "[127] [127 1]" {
		t.Errorf("binary begins_with: %s", got)
	}
	bins = bins[:0]
	for _, it := range q("Bins", "pk = :p", item{}, true) {
		bins = append(bins, fmt.Sprint(it["sk"].(*types.AttributeValueMemberB).Value))
	}
	if got := strings.Join(bins, " "); got != "[0] [127] [127 1] [128] [255]" {
		t.Errorf("binary order: %s", got)
	}
}

func TestQueryOptions(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Events", "pk S", "sk N")
	for i := range 10 {
		put(t, c, "Events", item{"pk": S("p"), "sk": N(fmt.Sprint(i)), "odd": &types.AttributeValueMemberBOOL{Value: i%2 == 1}, "data": S("d")})
	}

	t.Run("filter counts scanned", func(t *testing.T) {
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Events"), KeyConditionExpression: aws.String("pk = :p"),
			FilterExpression: aws.String("odd = :t"), ProjectionExpression: aws.String("sk"),
			ExpressionAttributeValues: item{":p": S("p"), ":t": &types.AttributeValueMemberBOOL{Value: true}},
		})
		if out.Count != 5 || out.ScannedCount != 10 || strs(out.Items, "sk") != "1,3,5,7,9" || len(out.Items[0]) != 1 {
			t.Fatalf("count %d scanned %d items %v", out.Count, out.ScannedCount, out.Items)
		}
	})

	t.Run("select count", func(t *testing.T) {
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Events"), KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount,
			ExpressionAttributeValues: item{":p": S("p")},
		})
		if out.Count != 10 || out.Items != nil {
			t.Fatalf("count %d items %v", out.Count, out.Items)
		}
	})

	t.Run("pagination", func(t *testing.T) {
		for _, forward := range []bool{true, false} {
			var got []string
			var start item
			pages := 0
			for {
				out := query(t, c, &dynamodb.QueryInput{
					TableName: aws.String("Events"), KeyConditionExpression: aws.String("pk = :p"),
					ExpressionAttributeValues: item{":p": S("p")}, Limit: aws.Int32(3),
					ExclusiveStartKey: start, ScanIndexForward: aws.Bool(forward),
				})
				pages++
				for _, it := range out.Items {
					got = append(got, str(it, "sk"))
				}
				if out.LastEvaluatedKey == nil {
					break
				}
				if len(out.LastEvaluatedKey) != 2 {
					t.Fatalf("LastEvaluatedKey %v", out.LastEvaluatedKey)
				}
				start = out.LastEvaluatedKey
			}
			want := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
			if !forward {
				slices.Reverse(want)
			}
			if !slices.Equal(got, want) || pages != 4 {
				t.Fatalf("forward=%v: %d pages %v", forward, pages, got)
			}
		}
	})

	for _, tc := range []struct {
		name string
		in   dynamodb.QueryInput
		msg  string
	}{
		{"limit", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Limit: aws.Int32(0)},
			"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"missed hash", dynamodb.QueryInput{KeyConditionExpression: aws.String("sk = :n")},
			"Query condition missed key schema element: pk"},
		{"hash not EQ", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk > :p")},
			"Query key condition not supported"},
		{"key type", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :n")},
			"One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"or", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p OR sk = :n")},
			"Invalid operator used in KeyConditionExpression: OR"},
		{"filter on key", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String("sk = :n")},
			"Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"},
		{"no key condition", dynamodb.QueryInput{FilterExpression: aws.String("odd = :p")},
			"Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."},
		{"unknown index", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), IndexName: aws.String("nope")},
			"The table does not have the specified index: nope"},
		{"all projected on table", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectAllProjectedAttributes},
			"1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"},
		{"specific without projection", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectSpecificAttributes},
			"1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"},
		{"count with projection", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount, ProjectionExpression: aws.String("sk")},
			"1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count"},
		{"start key outside", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("q"), "sk": N("1")}},
			"The provided starting key is outside query boundaries based on provided conditions"},
		{"start key shape", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExclusiveStartKey: item{"pk": S("p")}},
			"The provided starting key is invalid"},
		{"start key range", dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p AND sk > :n"), ExclusiveStartKey: item{"pk": S("p"), "sk": N("0")}},
			"The provided starting key does not match the range key predicate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = aws.String("Events")
			in.ExpressionAttributeValues = item{}
			for _, e := range []*string{in.KeyConditionExpression, in.FilterExpression} {
				if e != nil && strings.Contains(*e, ":p") {
					in.ExpressionAttributeValues[":p"] = S("p")
				}
				if e != nil && strings.Contains(*e, ":n") {
					in.ExpressionAttributeValues[":n"] = N("1")
				}
			}
			_, err := c.Query(ctx, &in)
			wantValidation(t, err, tc.msg)
		})
	}
}

func TestQueryIndexes(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Orders", "customer S", "id S", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions,
			types.AttributeDefinition{AttributeName: aws.String("status"), AttributeType: types.ScalarAttributeTypeS},
			types.AttributeDefinition{AttributeName: aws.String("total"), AttributeType: types.ScalarAttributeTypeN},
			types.AttributeDefinition{AttributeName: aws.String("placed"), AttributeType: types.ScalarAttributeTypeN},
		)
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("byStatus"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("status"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("total"), KeyType: types.KeyTypeRange}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"note"}},
		}}
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{{
			IndexName:  aws.String("byPlaced"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("customer"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("placed"), KeyType: types.KeyTypeRange}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}}
	})
	for i, total := range []string{"10", "2", "8", "4", "6", "100", "-5"} {
		it := item{
			"customer": S(fmt.Sprint("c", i%2)), "id": S(fmt.Sprint("o", i)),
			"total": N(total), "placed": N(fmt.Sprint(1000 - i)), "note": S("n"), "secret": S("s"),
		}
		if i != 6 {
			it["status"] = S("open") // the last one is not in byStatus: indexes are sparse
		}
		put(t, c, "Orders", it)
	}

	t.Run("gsi numeric order", func(t *testing.T) {
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Orders"), IndexName: aws.String("byStatus"),
			KeyConditionExpression: aws.String("#s = :s"), ExpressionAttributeNames: map[string]string{"#s": "status"},
			ExpressionAttributeValues: item{":s": S("open")},
		})
		if got := strs(out.Items, "total"); got != "2,4,6,8,10,100" {
			t.Fatalf("order %s", got)
		}
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range out.Items[0] {
				yield(k)
			}
		})
		if fmt.Sprint(keys) != "[customer id note status total]" {
			t.Fatalf("INCLUDE projection %v", keys)
		}
	})

	t.Run("gsi pagination", func(t *testing.T) {
		var got []string
		var start item
		for {
			out := query(t, c, &dynamodb.QueryInput{
				TableName: aws.String("Orders"), IndexName: aws.String("byStatus"),
				KeyConditionExpression: aws.String("#s = :s"), ExpressionAttributeNames: map[string]string{"#s": "status"},
				ExpressionAttributeValues: item{":s": S("open")}, Limit: aws.Int32(4), ExclusiveStartKey: start,
			})
			got = append(got, strs(out.Items, "total"))
			if start = out.LastEvaluatedKey; start == nil {
				break
			}
			if len(start) != 4 {
				t.Fatalf("LastEvaluatedKey of an index holds the table and index keys: %v", start)
			}
		}
		if fmt.Sprint(got) != "[2,4,6,8 10,100]" {
			t.Fatalf("pages %v", got)
		}
	})

	t.Run("gsi maintained", func(t *testing.T) {
		must[*dynamodb.UpdateItemOutput](t)(c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String("Orders"), Key: item{"customer": S("c1"), "id": S("o1")},
			UpdateExpression: aws.String("SET #s = :c"), ExpressionAttributeNames: map[string]string{"#s": "status"},
			ExpressionAttributeValues: item{":c": S("closed")},
		}))
		must[*dynamodb.DeleteItemOutput](t)(c.DeleteItem(ctx, &dynamodb.DeleteItemInput{
			TableName: aws.String("Orders"), Key: item{"customer": S("c0"), "id": S("o0")},
		}))
		for status, want := range map[string]string{"open": "4,6,8,100", "closed": "2"} {
			out := query(t, c, &dynamodb.QueryInput{
				TableName: aws.String("Orders"), IndexName: aws.String("byStatus"),
				KeyConditionExpression: aws.String("#s = :s"), ExpressionAttributeNames: map[string]string{"#s": "status"},
				ExpressionAttributeValues: item{":s": S(status)},
			})
			if got := strs(out.Items, "total"); got != want {
				t.Errorf("%s: %s, want %s", status, got, want)
			}
		}
	})

	t.Run("lsi", func(t *testing.T) {
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Orders"), IndexName: aws.String("byPlaced"),
			KeyConditionExpression:    aws.String("customer = :c AND placed < :p"),
			ExpressionAttributeValues: item{":c": S("c1"), ":p": N("999")},
		})
		if got := strs(out.Items, "placed"); got != "995,997" || len(out.Items[0]) != 3 {
			t.Fatalf("KEYS_ONLY %v", out.Items)
		}
		out = query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Orders"), IndexName: aws.String("byPlaced"), Select: types.SelectAllAttributes,
			KeyConditionExpression:    aws.String("customer = :c AND placed < :p"),
			ExpressionAttributeValues: item{":c": S("c1"), ":p": N("999")},
		})
		if got := strs(out.Items, "secret"); got != "s,s" {
			t.Fatalf("ALL_ATTRIBUTES of an LSI reads the table: %v", out.Items)
		}
	})

	for _, tc := range []struct {
		name string
		in   dynamodb.QueryInput
		msg  string
	}{
		{"gsi all attributes", dynamodb.QueryInput{IndexName: aws.String("byStatus"), Select: types.SelectAllAttributes},
			"One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL"},
		{"gsi consistent", dynamodb.QueryInput{IndexName: aws.String("byStatus"), ConsistentRead: aws.Bool(true)},
			"Consistent reads are not supported on global secondary indexes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = aws.String("Orders")
			in.KeyConditionExpression = aws.String("#s = :s")
			in.ExpressionAttributeNames = map[string]string{"#s": "status"}
			in.ExpressionAttributeValues = item{":s": S("open")}
			_, err := c.Query(ctx, &in)
			wantValidation(t, err, tc.msg)
		})
	}
}

// TestPageSizeLimit checks the 1 MB cut of Query and Scan.
func TestPageSizeLimit(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Big", "pk S", "sk N")
	blob := strings.Repeat("x", 100*1024)
	for i := range 25 {
		put(t, c, "Big", item{"pk": S("p"), "sk": N(fmt.Sprint(i)), "blob": S(blob)})
	}
	var counts []int32
	var start item
	for {
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Big"), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: item{":p": S("p")}, ExclusiveStartKey: start,
		})
		counts = append(counts, out.Count)
		if start = out.LastEvaluatedKey; start == nil {
			break
		}
	}
	// Each item is a little over 100 KB: the page that crosses 1 MB ends
	// with its 11th item.
	if fmt.Sprint(counts) != "[11 11 3]" {
		t.Fatalf("page sizes %v", counts)
	}
	scan := must[*dynamodb.ScanOutput](t)(c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("Big"), Select: types.SelectCount}))
	if scan.Count != 11 || scan.LastEvaluatedKey == nil {
		t.Fatalf("scan count %d last %v", scan.Count, scan.LastEvaluatedKey)
	}
}

func TestScan(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "People", "id S", "", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("city"), AttributeType: types.ScalarAttributeTypeS})
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("byCity"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("city"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}}
	})
	const n = 200
	for i := range n {
		it := item{"id": S(fmt.Sprint("p", i)), "age": N(fmt.Sprint(i % 50)), "tags": &types.AttributeValueMemberSS{Value: []string{fmt.Sprint("t", i%7)}}}
		if i%2 == 0 {
			it["city"] = S(fmt.Sprint("c", i%5))
		}
		put(t, c, "People", it)
	}
	scanAll := func(in dynamodb.ScanInput) (ids []string, pages int) {
		in.TableName = aws.String("People")
		for {
			out := must[*dynamodb.ScanOutput](t)(c.Scan(ctx, &in))
			pages++
			for _, it := range out.Items {
				ids = append(ids, str(it, "id"))
			}
			if out.LastEvaluatedKey == nil {
				return ids, pages
			}
			in.ExclusiveStartKey = out.LastEvaluatedKey
		}
	}

	t.Run("pages", func(t *testing.T) {
		ids, pages := scanAll(dynamodb.ScanInput{Limit: aws.Int32(30)})
		slices.Sort(ids)
		if len(ids) != n || len(slices.Compact(ids)) != n || pages != 7 {
			t.Fatalf("%d ids (%d distinct) in %d pages", len(ids), len(slices.Compact(ids)), pages)
		}
	})

	t.Run("segments partition the table", func(t *testing.T) {
		var all []string
		for seg := range 4 {
			ids, _ := scanAll(dynamodb.ScanInput{Segment: aws.Int32(int32(seg)), TotalSegments: aws.Int32(4), Limit: aws.Int32(17)})
			if len(ids) == 0 || len(ids) == n {
				t.Fatalf("segment %d has %d items", seg, len(ids))
			}
			all = append(all, ids...)
		}
		slices.Sort(all)
		if len(all) != n || len(slices.Compact(all)) != n {
			t.Fatalf("segments hold %d items", len(all))
		}
	})

	t.Run("filter", func(t *testing.T) {
		out := must[*dynamodb.ScanOutput](t)(c.Scan(ctx, &dynamodb.ScanInput{
			TableName: aws.String("People"), FilterExpression: aws.String("contains(tags, :t) AND age < :a"),
			ExpressionAttributeValues: item{":t": S("t3"), ":a": N("10")},
		}))
		want := 0
		for i := range n {
			if i%7 == 3 && i%50 < 10 {
				want++
			}
		}
		if int(out.Count) != want || out.ScannedCount != n {
			t.Fatalf("count %d (want %d) scanned %d", out.Count, want, out.ScannedCount)
		}
	})

	t.Run("index", func(t *testing.T) {
		ids, _ := scanAll(dynamodb.ScanInput{IndexName: aws.String("byCity"), Limit: aws.Int32(9)})
		if len(ids) != n/2 {
			t.Fatalf("sparse index scan: %d items", len(ids))
		}
	})

	t.Run("errors", func(t *testing.T) {
		_, err := c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("People"), Segment: aws.Int32(3), TotalSegments: aws.Int32(3)})
		wantValidation(t, err, "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 3")
		_, err = c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("People"), Segment: aws.Int32(1)})
		wantValidation(t, err, "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
		_, err = c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("People"), ExpressionAttributeNames: map[string]string{"#count": "count"}, ProjectionExpression: aws.String("id")})
		wantValidation(t, err, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}")
		_, err = c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("People"), FilterExpression: aws.String("")})
		wantValidation(t, err, "Invalid FilterExpression: The expression can not be empty;")
		_, err = c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("People"), ExclusiveStartKey: item{"nope": S("x")}})
		wantValidation(t, err, "The provided starting key is invalid: The provided key element does not match the schema")
	})
}
