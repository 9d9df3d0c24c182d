package dynamostore_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestPutGetItem(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Things", "pk S", "sk N")

	t.Run("every type round-trips", func(t *testing.T) {
		it := item{
			"pk":   S("a"),
			"sk":   N("1.50"),
			"s":    S("héllo"),
			"n":    N("-0012.3400"),
			"b":    &types.AttributeValueMemberB{Value: []byte{0, 1, 2}},
			"bool": &types.AttributeValueMemberBOOL{Value: true},
			"null": &types.AttributeValueMemberNULL{Value: true},
			"ss":   &types.AttributeValueMemberSS{Value: []string{"x", "y"}},
			"ns":   &types.AttributeValueMemberNS{Value: []string{"1", "2.5"}},
			"bs":   &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2}}},
			"l":    &types.AttributeValueMemberL{Value: []types.AttributeValue{S("x"), N("1")}},
			"m":    &types.AttributeValueMemberM{Value: item{"k": S("v"), "deep": &types.AttributeValueMemberM{Value: item{"x": N("7")}}}},
		}
		put(t, c, "Things", it)
		got := get(t, c, "Things", item{"pk": S("a"), "sk": N("1.5")})
		// DynamoDB returns numbers normalised.
		it["sk"], it["n"] = N("1.5"), N("-12.34")
		if !reflect.DeepEqual(got, it) {
			t.Fatalf("got  %#v\nwant %#v", got, it)
		}
	})

	t.Run("projection", func(t *testing.T) {
		out := must[*dynamodb.GetItemOutput](t)(c.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String("Things"), Key: item{"pk": S("a"), "sk": N("1.5")},
			ProjectionExpression:     aws.String("#s, m.deep, l[1]"),
			ExpressionAttributeNames: map[string]string{"#s": "s"},
		}))
		want := item{
			"s": S("héllo"),
			"m": &types.AttributeValueMemberM{Value: item{"deep": &types.AttributeValueMemberM{Value: item{"x": N("7")}}}},
			"l": &types.AttributeValueMemberL{Value: []types.AttributeValue{N("1")}},
		}
		if !reflect.DeepEqual(out.Item, want) {
			t.Fatalf("got %#v", out.Item)
		}
	})

	t.Run("missing item", func(t *testing.T) {
		if got := get(t, c, "Things", item{"pk": S("zz"), "sk": N("1")}); got != nil {
			t.Fatalf("got %v", got)
		}
	})

	t.Run("ALL_OLD", func(t *testing.T) {
		put(t, c, "Things", item{"pk": S("r"), "sk": N("1"), "v": S("old")})
		out := must[*dynamodb.PutItemOutput](t)(c.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String("Things"), Item: item{"pk": S("r"), "sk": N("1"), "v": S("new")},
			ReturnValues: types.ReturnValueAllOld,
		}))
		if str(out.Attributes, "v") != "old" {
			t.Fatalf("old %v", out.Attributes)
		}
	})

	t.Run("condition", func(t *testing.T) {
		in := &dynamodb.PutItemInput{
			TableName: aws.String("Things"), Item: item{"pk": S("c"), "sk": N("1"), "v": S("first")},
			ConditionExpression: aws.String("attribute_not_exists(pk)"),
		}
		must[*dynamodb.PutItemOutput](t)(c.PutItem(ctx, in))
		in.Item = item{"pk": S("c"), "sk": N("1"), "v": S("second")}
		_, err := c.PutItem(ctx, in)
		wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
		var ccf *types.ConditionalCheckFailedException
		if !errors.As(err, &ccf) || ccf.Item != nil {
			t.Fatalf("item returned without asking: %v", err)
		}
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
		_, err = c.PutItem(ctx, in)
		if !errors.As(err, &ccf) || str(ccf.Item, "v") != "first" {
			t.Fatalf("want the current item with the error, got %v", err)
		}
	})

	for _, tc := range []struct {
		name string
		in   dynamodb.PutItemInput
		msg  string
	}{
		{"missing key", dynamodb.PutItemInput{Item: item{"pk": S("a")}},
			"One or more parameter values were invalid: Missing the key sk in the item"},
		{"key type", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": S("1")}},
			"One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S"},
		{"empty key", dynamodb.PutItemInput{Item: item{"pk": S(""), "sk": N("1")}},
			"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"},
		{"return values", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": N("1")}, ReturnValues: types.ReturnValueAllNew},
			"Return values set to invalid value"},
		{"too big", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": N("1"), "x": S(strings.Repeat("x", 400*1024))}},
			"Item size has exceeded the maximum allowed size"},
		{"hash key too long", dynamodb.PutItemInput{Item: item{"pk": S(strings.Repeat("x", 2049)), "sk": N("1")}},
			"One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"},
		{"unused name", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": N("1")},
			ConditionExpression: aws.String("attribute_not_exists(pk)"), ExpressionAttributeNames: map[string]string{"#count": "count"}},
			"1 validation error detected: Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}"},
		{"unused value", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": N("1")},
			ConditionExpression: aws.String("attribute_not_exists(pk)"), ExpressionAttributeValues: item{":v": S("x")}},
			"1 validation error detected: Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"},
		{"values without expression", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": N("1")}, ExpressionAttributeValues: item{":v": S("x")}},
			"1 validation error detected: ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"},
		{"empty set", dynamodb.PutItemInput{Item: item{"pk": S("a"), "sk": N("1"), "ns": &types.AttributeValueMemberNS{Value: []string{}}}},
			"1 validation error detected: One or more parameter values were invalid: An number set  may not be empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = aws.String("Things")
			_, err := c.PutItem(ctx, &in)
			wantValidation(t, err, tc.msg)
		})
	}

	t.Run("key mismatch", func(t *testing.T) {
		for _, key := range []item{
			{"pk": S("a")},
			{"pk": S("a"), "sk": S("1")},
			{"pk": S("a"), "sk": N("1"), "x": S("y")},
			{"sk": N("1"), "x": S("y")},
		} {
			_, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Things"), Key: key})
			wantValidation(t, err, "The provided key element does not match the schema")
		}
	})

	t.Run("reserved word", func(t *testing.T) {
		_, err := c.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String("Things"), Key: item{"pk": S("a"), "sk": N("1")},
			ProjectionExpression: aws.String("name"),
		})
		wantValidation(t, err, "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name")
	})
}

func TestUpdateItem(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Counters", "id S", "")
	key := item{"id": S("a")}
	update := func(t *testing.T, expr string, values item, rv types.ReturnValue) item {
		t.Helper()
		out, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String("Counters"), Key: key, UpdateExpression: aws.String(expr),
			ExpressionAttributeValues: values, ReturnValues: rv,
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.Attributes
	}

	// A missing item is created from its key.
	got := update(t, "SET n = :one, tags = :t", item{":one": N("1"), ":t": &types.AttributeValueMemberSS{Value: []string{"a"}}}, types.ReturnValueAllNew)
	if str(got, "id") != "a" || str(got, "n") != "1" {
		t.Fatalf("created %v", got)
	}
	got = update(t, "SET n = n + :one ADD tags :t", item{":one": N("1"), ":t": &types.AttributeValueMemberSS{Value: []string{"b"}}}, types.ReturnValueUpdatedNew)
	if len(got) != 2 || str(got, "n") != "2" || len(got["tags"].(*types.AttributeValueMemberSS).Value) != 2 {
		t.Fatalf("UPDATED_NEW %v", got)
	}
	got = update(t, "REMOVE tags", nil, types.ReturnValueUpdatedOld)
	if len(got) != 1 || got["tags"] == nil {
		t.Fatalf("UPDATED_OLD %v", got)
	}
	got = update(t, "SET m = :m", item{":m": &types.AttributeValueMemberM{Value: item{"a": N("1")}}}, types.ReturnValueAllOld)
	if len(got) != 2 || str(got, "n") != "2" {
		t.Fatalf("ALL_OLD %v", got)
	}
	if got = update(t, "SET m.b = :v", item{":v": S("x")}, types.ReturnValueNone); got != nil {
		t.Fatalf("NONE returned %v", got)
	}
	got = get(t, c, "Counters", key)
	if _, ok := got["tags"]; ok || len(got["m"].(*types.AttributeValueMemberM).Value) != 2 {
		t.Fatalf("item %v", got)
	}

	t.Run("condition", func(t *testing.T) {
		_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String("Counters"), Key: key, UpdateExpression: aws.String("SET n = :v"),
			ConditionExpression:                 aws.String("n = :old"),
			ExpressionAttributeValues:           item{":v": N("10"), ":old": N("1")},
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		})
		var ccf *types.ConditionalCheckFailedException
		if !errors.As(err, &ccf) || str(ccf.Item, "n") != "2" {
			t.Fatalf("got %v", err)
		}
	})

	for _, tc := range []struct {
		name, expr string
		values     item
		msg        string
	}{
		{"key", "SET id = :v", item{":v": S("b")},
			"One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key"},
		{"runtime type", "SET n = m + :v", item{":v": N("1")},
			"An operand in the update expression has an incorrect data type"},
		{"operand type", "SET n = n + :v", item{":v": S("b")},
			"1 validation error detected: Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"},
		{"empty", "", nil,
			"1 validation error detected: Invalid UpdateExpression: The expression can not be empty;"},
		{"overlap", "SET a = :v, a = :v", item{":v": S("b")},
			"1 validation error detected: Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
		{"unused", "SET a = :v", item{":v": S("b"), ":w": S("c")},
			"1 validation error detected: Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName: aws.String("Counters"), Key: key, UpdateExpression: aws.String(tc.expr),
				ExpressionAttributeValues: tc.values,
			})
			wantValidation(t, err, tc.msg)
		})
	}
}

func TestDeleteItem(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Notes", "id S", "")
	put(t, c, "Notes", item{"id": S("a"), "v": N("1")})
	_, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String("Notes"), Key: item{"id": S("a")},
		ConditionExpression: aws.String("v = :v"), ExpressionAttributeValues: item{":v": N("2")},
	})
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
	out := must[*dynamodb.DeleteItemOutput](t)(c.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String("Notes"), Key: item{"id": S("a")}, ReturnValues: types.ReturnValueAllOld,
	}))
	if str(out.Attributes, "v") != "1" {
		t.Fatalf("ALL_OLD %v", out.Attributes)
	}
	if got := get(t, c, "Notes", item{"id": S("a")}); got != nil {
		t.Fatalf("still there: %v", got)
	}
	// Deleting a missing item succeeds and returns nothing.
	out = must[*dynamodb.DeleteItemOutput](t)(c.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String("Notes"), Key: item{"id": S("a")}, ReturnValues: types.ReturnValueAllOld,
	}))
	if out.Attributes != nil {
		t.Fatalf("ALL_OLD of nothing: %v", out.Attributes)
	}
	_, err = c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("Notes"), Key: item{"id": S("a")}, ReturnValues: types.ReturnValueUpdatedNew})
	wantValidation(t, err, "Return values set to invalid value")
	_, err = c.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String("Notes"), Key: item{"id": S("a")},
		ConditionExpression: aws.String("v = :v"), ExpressionAttributeValues: item{":v": N("2")}, ExpressionAttributeNames: map[string]string{"#count": "count"},
	})
	wantValidation(t, err, "1 validation error detected: Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}")
}
