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
