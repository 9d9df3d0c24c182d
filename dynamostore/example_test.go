package dynamostore_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/dynamostore"
	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// The store's methods take DynamoDB's request documents.
func Example() {
	ctx := context.Background()
	s, err := dynamostore.Open(dynamostore.Options{}) // in memory
	if err != nil {
		panic(err)
	}
	defer s.Close()
	_, err = s.CreateTable(ctx, &dynamostore.CreateTableInput{
		TableName:            "Todos",
		BillingMode:          "PAY_PER_REQUEST",
		KeySchema:            []dynamostore.KeySchemaElement{{AttributeName: "id", KeyType: "HASH"}},
		AttributeDefinitions: []dynamostore.AttributeDefinition{{AttributeName: "id", AttributeType: "S"}},
	})
	if err != nil {
		panic(err)
	}
	_, err = s.PutItem(ctx, &dynamostore.PutItemInput{TableName: "Todos", Item: attr.Item{"id": attr.S("1"), "title": attr.S("write docs")}})
	if err != nil {
		panic(err)
	}
	cond := "attribute_not_exists(id)"
	_, err = s.PutItem(ctx, &dynamostore.PutItemInput{TableName: "Todos", Item: attr.Item{"id": attr.S("1")}, ConditionExpression: &cond})
	fmt.Println(err)
	out, err := s.GetItem(ctx, &dynamostore.GetItemInput{TableName: "Todos", Key: attr.Item{"id": attr.S("1")}})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Item["title"])
	// Output:
	// ConditionalCheckFailedException: The conditional request failed
	// {S:write docs}
}

// An AWS SDK client can use the store in-process, without a socket.
func ExampleStore_Transport() {
	ctx := context.Background()
	s, err := dynamostore.Open(dynamostore.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	c := dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String("http://dynamostore.invalid"),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		HTTPClient:   &http.Client{Transport: s.Transport()},
	})
	_, err = c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Nope")})
	fmt.Println(err != nil)
	_, err = c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("Todos"),
		BillingMode:          types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
	})
	if err != nil {
		panic(err)
	}
	out, err := c.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.TableNames)
	// Output:
	// true
	// [Todos]
}
