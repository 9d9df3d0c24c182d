package dynamostore_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestEdgeCases(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Edge", "pk S", "sk S", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions,
			types.AttributeDefinition{AttributeName: aws.String("g"), AttributeType: types.ScalarAttributeTypeN},
			types.AttributeDefinition{AttributeName: aws.String("l"), AttributeType: types.ScalarAttributeTypeS},
		)
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("byG"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}}
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{{
			IndexName:  aws.String("byL"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("l"), KeyType: types.KeyTypeRange}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}}
	})
	put(t, c, "Edge", item{"pk": S("p"), "sk": S("1"), "l": S("x"), "g": N("5"), "secret": S("s"), "m": &types.AttributeValueMemberM{Value: item{"a": N("1")}}})

	t.Run("index key type", func(t *testing.T) {
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Edge"), Item: item{"pk": S("p"), "sk": S("2"), "g": S("five")}})
		wantValidation(t, err, "One or more parameter values were invalid: Type mismatch for Index Key g Expected: N Actual: S IndexName: byG")
		_, err = c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("Edge"), Key: item{"pk": S("p"), "sk": S("1")},
			UpdateExpression: aws.String("SET l = :e"), ExpressionAttributeValues: item{":e": S("")}})
		// An update words it differently from a put, and names no index.
		wantValidation(t, err, "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.")
	})

	t.Run("range key too long", func(t *testing.T) {
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Edge"), Item: item{"pk": S("p"), "sk": S(strings.Repeat("x", 1025))}})
		wantValidation(t, err, "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	})

	t.Run("updated new of a nested path", func(t *testing.T) {
		out := must[*dynamodb.UpdateItemOutput](t)(c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String("Edge"), Key: item{"pk": S("p"), "sk": S("1")},
			UpdateExpression: aws.String("SET m.b = :v"), ExpressionAttributeValues: item{":v": S("x")},
			ReturnValues: types.ReturnValueUpdatedNew,
		}))
		m, ok := out.Attributes["m"].(*types.AttributeValueMemberM)
		if len(out.Attributes) != 1 || !ok || len(m.Value) != 1 || str(m.Value, "b") != "x" {
			t.Fatalf("UPDATED_NEW %#v", out.Attributes)
		}
	})

	t.Run("lsi projection reads the table", func(t *testing.T) {
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Edge"), IndexName: aws.String("byL"),
			KeyConditionExpression: aws.String("pk = :p AND l = :l"), ProjectionExpression: aws.String("secret"),
			ExpressionAttributeValues: item{":p": S("p"), ":l": S("x")},
		})
		if out.Count != 1 || str(out.Items[0], "secret") != "s" {
			t.Fatalf("items %v", out.Items)
		}
	})

	t.Run("count with limit", func(t *testing.T) {
		for _, sk := range []string{"2", "3", "4"} {
			put(t, c, "Edge", item{"pk": S("p"), "sk": S(sk)})
		}
		out := query(t, c, &dynamodb.QueryInput{
			TableName: aws.String("Edge"), KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount,
			Limit: aws.Int32(2), ExpressionAttributeValues: item{":p": S("p")},
		})
		if out.Count != 2 || out.ScannedCount != 2 || str(out.LastEvaluatedKey, "sk") != "2" {
			t.Fatalf("count %d last %v", out.Count, out.LastEvaluatedKey)
		}
	})

	t.Run("transaction runtime error", func(t *testing.T) {
		_, err := c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("Edge"), Item: item{"pk": S("t"), "sk": S("1")}}},
			{Update: &types.Update{TableName: aws.String("Edge"), Key: item{"pk": S("p"), "sk": S("1")},
				UpdateExpression: aws.String("SET n = m + :one"), ExpressionAttributeValues: item{":one": N("1")}}},
		}})
		var tce *types.TransactionCanceledException
		if !errors.As(err, &tce) || aws.ToString(tce.CancellationReasons[1].Code) != "ValidationError" ||
			aws.ToString(tce.CancellationReasons[1].Message) != "An operand in the update expression has an incorrect data type" {
			t.Fatalf("got %v", err)
		}
		if it := get(t, c, "Edge", item{"pk": S("t"), "sk": S("1")}); it != nil {
			t.Fatalf("rolled back put is visible")
		}
	})

	t.Run("projection yielding nothing", func(t *testing.T) {
		out := must[*dynamodb.GetItemOutput](t)(c.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String("Edge"), Key: item{"pk": S("p"), "sk": S("1")}, ProjectionExpression: aws.String("nothing"),
		}))
		if out.Item == nil || len(out.Item) != 0 {
			t.Fatalf("item %v", out.Item)
		}
	})
}

// TestDynamoDBRules pins behaviour the differential tests (difftest_test.go)
// found the store missing, each with DynamoDB's answer.
func TestDynamoDBRules(t *testing.T) {
	t.Parallel()
	c, b := setup(t)
	createTable(t, c, "Rules", "pk S", "sk N", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions,
			types.AttributeDefinition{AttributeName: aws.String("g"), AttributeType: types.ScalarAttributeTypeS},
			types.AttributeDefinition{AttributeName: aws.String("l"), AttributeType: types.ScalarAttributeTypeN},
		)
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{
			IndexName: aws.String("zByL"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("l"), KeyType: types.KeyTypeHash}},
		}, {
			IndexName: aws.String("byG"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: types.KeyTypeHash}},
		}}
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{{
			IndexName: aws.String("aByL"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("l"), KeyType: types.KeyTypeRange}},
		}}
	})
	key := item{"pk": S("p"), "sk": N("1")}
	put(t, c, "Rules", item{"pk": S("p"), "sk": N("1"), "g": S("x"), "n": N("5"), "m": &types.AttributeValueMemberM{Value: item{"a": S("b")}}})
	update := func(expr string, values item) error {
		_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("Rules"), Key: key,
			UpdateExpression: aws.String(expr), ExpressionAttributeValues: values})
		return err
	}

	t.Run("enum order", func(t *testing.T) {
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Rules"), Item: key, ReturnValues: "FOO"})
		wantValidation(t, err, "1 validation error detected: Value 'FOO' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
	})

	t.Run("invalid expression attribute value", func(t *testing.T) {
		err := update("SET x = :v", item{":v": &types.AttributeValueMemberSS{Value: []string{}}})
		wantValidation(t, err, "1 validation error detected: ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v")
	})

	t.Run("missing table name", func(t *testing.T) {
		status, doc, _ := post(t, b.url, "DescribeTable", `{}`)
		if status != 400 || doc["message"] != "The parameter 'TableName' is required but was not present in the request" {
			t.Fatalf("got %d %v", status, doc)
		}
	})

	t.Run("removing from a missing item does not create it", func(t *testing.T) {
		k := item{"pk": S("gone"), "sk": N("1")}
		out := must[*dynamodb.UpdateItemOutput](t)(c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("Rules"), Key: k,
			UpdateExpression: aws.String("REMOVE a DELETE s :s"), ExpressionAttributeValues: item{":s": &types.AttributeValueMemberSS{Value: []string{"x"}}},
			ReturnValues: types.ReturnValueAllNew}))
		if out.Attributes != nil || get(t, c, "Rules", k) != nil {
			t.Fatalf("created %v", out.Attributes)
		}
	})

	t.Run("index key types", func(t *testing.T) {
		// Known before reading: the type a :value, +, list_append, ADD or
		// DELETE gives the attribute; the index named first by name.
		wantValidation(t, update("SET l = :v", item{":v": S("x")}),
			"One or more parameter values were invalid: Type mismatch for Index Key l Expected: N Actual: S IndexName: aByL")
		wantValidation(t, update("SET g = n + :v", item{":v": N("1")}),
			"One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG")
		// Known when applied: a value copied from the item.
		wantValidation(t, update("SET g = n", nil), "The update expression attempted to update the secondary index key to unsupported type")
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Rules"), Item: item{"pk": S("p"), "sk": N("2"), "l": S("x")}})
		wantValidation(t, err, "One or more parameter values were invalid: Type mismatch for Index Key l Expected: N Actual: S IndexName: aByL")
	})

	t.Run("paths into key attributes", func(t *testing.T) {
		wantValidation(t, update("SET x = g.y", nil), "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: g")
		_, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Rules"), Key: key, ProjectionExpression: aws.String("pk[0]")})
		wantValidation(t, err, "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk")
		_, err = c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("Rules"), FilterExpression: aws.String("attribute_exists(sk.x)")})
		wantValidation(t, err, "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk")
		_, err = c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			"Rules": {Keys: []item{key}, ProjectionExpression: aws.String("g.x")}}})
		wantValidation(t, err, "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: g")
		if err := update("SET x = m.a", nil); err != nil {
			t.Fatalf("path into another attribute: %v", err)
		}
	})

	t.Run("query starting key of the wrong type", func(t *testing.T) {
		_, err := c.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("Rules"), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: item{":p": S("p")}, ExclusiveStartKey: item{"pk": S("p"), "sk": S("1")}})
		wantValidation(t, err, "The provided key element does not match the schema")
	})
}
