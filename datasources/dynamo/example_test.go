package dynamo_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/datasources/dynamo"
	"github.com/appsync-local/appsync-local/dynamostore"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// A data source over the embedded store runs the documents request mapping
// templates render.
func Example() {
	ctx := context.Background()
	store, err := dynamostore.Open(dynamostore.Options{}) // in memory
	if err != nil {
		panic(err)
	}
	defer store.Close()
	client := dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String("http://dynamostore.invalid"),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		HTTPClient:   &http.Client{Transport: store.Transport()},
	})
	_, err = client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("Todos"),
		BillingMode:          types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
	})
	if err != nil {
		panic(err)
	}
	src := &dynamo.Source{Name: "TodosTable", TableName: "Todos", Client: client}
	invoke := func(doc string) {
		req, err := value.FromJSON([]byte(doc))
		if err != nil {
			panic(err)
		}
		res, err := src.Invoke(ctx, req.(*value.Map))
		if err != nil {
			fmt.Printf("%s: %s (data %s)\n", err.(*dynamo.Error).ErrorType(), err, value.ToJSON(res))
			return
		}
		fmt.Println(value.ToJSON(res))
	}
	put := `{"version": "2018-05-29", "operation": "PutItem",
		"key": {"id": {"S": "1"}},
		"attributeValues": {"title": {"S": "write docs"}, "done": {"BOOL": false}, "rank": {"N": 3}},
		"condition": {"expression": "attribute_not_exists(id)"}}`
	invoke(put)
	invoke(put) // a retry: the item is already the one written
	invoke(`{"version": "2018-05-29", "operation": "PutItem",
		"key": {"id": {"S": "1"}}, "attributeValues": {"title": {"S": "other"}},
		"condition": {"expression": "attribute_not_exists(id)"}}`)
	invoke(`{"version": "2018-05-29", "operation": "Query",
		"query": {"expression": "id = :id", "expressionValues": {":id": {"S": "1"}}},
		"projection": {"expression": "title, #r", "expressionNames": {"#r": "rank"}}}`)
	// Output:
	// {"done":false,"id":"1","rank":3,"title":"write docs"}
	// {"done":false,"id":"1","rank":3,"title":"write docs"}
	// DynamoDB:ConditionalCheckFailedException: The conditional request failed (data {"done":false,"id":"1","rank":3,"title":"write docs"})
	// {"items":[{"title":"write docs","rank":3}],"nextToken":null,"scannedCount":1}
}
