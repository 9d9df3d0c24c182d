package dynamostore_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestBatch(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Users", "id S", "")
	createTable(t, c, "Groups", "id S", "")

	var puts []types.WriteRequest
	for i := range 20 {
		puts = append(puts, types.WriteRequest{PutRequest: &types.PutRequest{Item: item{"id": S(fmt.Sprint("u", i)), "n": N(fmt.Sprint(i))}}})
	}
	out := must[*dynamodb.BatchWriteItemOutput](t)(c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
		"Users":  puts,
		"Groups": {{PutRequest: &types.PutRequest{Item: item{"id": S("g")}}}},
	}}))
	if len(out.UnprocessedItems) != 0 {
		t.Fatalf("unprocessed %v", out.UnprocessedItems)
	}
	must[*dynamodb.BatchWriteItemOutput](t)(c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
		"Users": {{DeleteRequest: &types.DeleteRequest{Key: item{"id": S("u0")}}}, {DeleteRequest: &types.DeleteRequest{Key: item{"id": S("nobody")}}}},
	}}))

	var keys []item
	for i := range 21 {
		keys = append(keys, item{"id": S(fmt.Sprint("u", i))})
	}
	got := must[*dynamodb.BatchGetItemOutput](t)(c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		"Users":  {Keys: keys, ProjectionExpression: aws.String("#i"), ExpressionAttributeNames: map[string]string{"#i": "id"}},
		"Groups": {Keys: []item{{"id": S("g")}}},
	}}))
	var ids []string
	for _, it := range got.Responses["Users"] {
		if len(it) != 1 {
			t.Fatalf("projection %v", it)
		}
		ids = append(ids, str(it, "id"))
	}
	slices.Sort(ids)
	if len(ids) != 19 || ids[0] != "u1" || len(got.Responses["Groups"]) != 1 || len(got.UnprocessedKeys) != 0 {
		t.Fatalf("users %v groups %v", ids, got.Responses["Groups"])
	}

	t.Run("errors", func(t *testing.T) {
		var many []types.WriteRequest
		for i := range 26 {
			many = append(many, types.WriteRequest{PutRequest: &types.PutRequest{Item: item{"id": S(fmt.Sprint(i))}}})
		}
		_, err := c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"Users": many}})
		wantValidation(t, err, "1 validation error detected: Value '{Users=...}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
		_, err = c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"Users": many[:13], "Groups": many[13:]}})
		wantValidation(t, err, "Too many items requested for the BatchWriteItem call")
		_, err = c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"Users": {many[0], many[0]}}})
		wantValidation(t, err, "Provided list of item keys contains duplicates")
		_, err = c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"Users": {{PutRequest: &types.PutRequest{Item: item{"x": S("1")}}}}}})
		wantValidation(t, err, "The provided key element does not match the schema")
		_, err = c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"Nope": {many[0]}}})
		wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")

		var keys []item
		for i := range 101 {
			keys = append(keys, item{"id": S(fmt.Sprint(i))})
		}
		_, err = c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"Users": {Keys: keys[:60]}, "Groups": {Keys: keys[60:]}}})
		wantValidation(t, err, "Too many items requested for the BatchGetItem call")
		_, err = c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"Users": {Keys: []item{keys[0], keys[0]}}}})
		wantValidation(t, err, "Provided list of item keys contains duplicates")
		_, err = c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"Users": {Keys: keys[:1], ExpressionAttributeNames: map[string]string{"#count": "count"}, ProjectionExpression: aws.String("id")}}})
		wantValidation(t, err, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}")
	})
}

func TestTransactions(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Accounts", "id S", "")
	put(t, c, "Accounts", item{"id": S("alice"), "balance": N("100")})
	put(t, c, "Accounts", item{"id": S("bob"), "balance": N("0")})

	transfer := func(amount string) error {
		_, err := c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Update: &types.Update{
				TableName: aws.String("Accounts"), Key: item{"id": S("alice")},
				UpdateExpression:                    aws.String("SET balance = balance - :a"),
				ConditionExpression:                 aws.String("balance >= :a"),
				ExpressionAttributeValues:           item{":a": N(amount)},
				ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
			}},
			{Update: &types.Update{
				TableName: aws.String("Accounts"), Key: item{"id": S("bob")},
				UpdateExpression: aws.String("SET balance = balance + :a"), ExpressionAttributeValues: item{":a": N(amount)},
			}},
			{Put: &types.Put{TableName: aws.String("Accounts"), Item: item{"id": S("log-" + amount), "amount": N(amount)}}},
			{ConditionCheck: &types.ConditionCheck{
				TableName: aws.String("Accounts"), Key: item{"id": S("carol")},
				ConditionExpression: aws.String("attribute_not_exists(id)"),
			}},
		}})
		return err
	}
	balances := func() string {
		return str(get(t, c, "Accounts", item{"id": S("alice")}), "balance") + "/" + str(get(t, c, "Accounts", item{"id": S("bob")}), "balance")
	}

	if err := transfer("30"); err != nil {
		t.Fatal(err)
	}
	if got := balances(); got != "70/30" {
		t.Fatalf("balances %s", got)
	}

	// Not enough money: nothing at all is written.
	err := transfer("80")
	wantErr(t, err, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]")
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != 4 {
		t.Fatalf("reasons: %v", err)
	}
	r := tce.CancellationReasons[0]
	if aws.ToString(r.Code) != "ConditionalCheckFailed" || aws.ToString(r.Message) != "The conditional request failed" || str(r.Item, "balance") != "70" {
		t.Fatalf("reason %s %s %v", aws.ToString(r.Code), aws.ToString(r.Message), r.Item)
	}
	if aws.ToString(tce.CancellationReasons[1].Code) != "None" || tce.CancellationReasons[1].Message != nil {
		t.Fatalf("reason 1 %v", tce.CancellationReasons[1])
	}
	if got := balances(); got != "70/30" {
		t.Fatalf("balances after rollback %s", got)
	}
	if it := get(t, c, "Accounts", item{"id": S("log-80")}); it != nil {
		t.Fatalf("rolled back put is visible: %v", it)
	}

	tg := must[*dynamodb.TransactGetItemsOutput](t)(c.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: aws.String("Accounts"), Key: item{"id": S("bob")}}},
		{Get: &types.Get{TableName: aws.String("Accounts"), Key: item{"id": S("nobody")}}},
		{Get: &types.Get{TableName: aws.String("Accounts"), Key: item{"id": S("log-30")}, ProjectionExpression: aws.String("amount")}},
	}}))
	if str(tg.Responses[0].Item, "balance") != "30" || tg.Responses[1].Item != nil || len(tg.Responses[2].Item) != 1 {
		t.Fatalf("responses %v", tg.Responses)
	}

	t.Run("errors", func(t *testing.T) {
		_, err := c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("Accounts"), Item: item{"id": S("x")}}},
			{Delete: &types.Delete{TableName: aws.String("Accounts"), Key: item{"id": S("x")}}},
		}})
		wantValidation(t, err, "Transaction request cannot include multiple operations on one item")
		_, err = c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("Accounts"), Item: item{"id": S("")}}},
		}})
		wantValidation(t, err, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id")
		_, err = c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("Accounts"), Item: item{"id": S("y")}, ConditionExpression: aws.String("attribute_not_exists(id)"), ExpressionAttributeNames: map[string]string{"#count": "count"}}},
		}})
		wantValidation(t, err, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}")
		_, err = c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("Accounts"), Item: item{"id": S("y")}, ConditionExpression: aws.String("attribute_not_exists(id)"), ExpressionAttributeValues: item{}}},
		}})
		wantValidation(t, err, "ExpressionAttributeValues must not be empty")
		_, err = c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("Nope"), Item: item{"id": S("y")}}},
		}})
		wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	})
}
