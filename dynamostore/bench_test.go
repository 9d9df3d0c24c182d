package dynamostore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/dynamostore"
	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

const (
	benchPartitions = 1000
	benchPerPart    = 100 // 100,000 items
)

// benchStore opens a store holding a 100,000-item table: 1,000 partitions
// of 100 items, each item about 200 bytes.
func benchStore(b *testing.B) *dynamostore.Store {
	b.Helper()
	s, err := dynamostore.Open(dynamostore.Options{Path: filepath.Join(b.TempDir(), "bench.sqlite")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	_, err = s.CreateTable(ctx, &dynamostore.CreateTableInput{
		TableName:            "Bench",
		BillingMode:          "PAY_PER_REQUEST",
		KeySchema:            []dynamostore.KeySchemaElement{{AttributeName: "pk", KeyType: "HASH"}, {AttributeName: "sk", KeyType: "RANGE"}},
		AttributeDefinitions: []dynamostore.AttributeDefinition{{AttributeName: "pk", AttributeType: "S"}, {AttributeName: "sk", AttributeType: "N"}},
	})
	if err != nil {
		b.Fatal(err)
	}
	var reqs []*dynamostore.WriteRequest
	flush := func() {
		if _, err := s.BatchWriteItem(ctx, &dynamostore.BatchWriteItemInput{RequestItems: map[string][]*dynamostore.WriteRequest{"Bench": reqs}}); err != nil {
			b.Fatal(err)
		}
		reqs = reqs[:0]
	}
	for p := range benchPartitions {
		for i := range benchPerPart {
			reqs = append(reqs, &dynamostore.WriteRequest{PutRequest: &dynamostore.PutRequest{Item: attr.Item{
				"pk":    attr.S(fmt.Sprintf("user-%04d", p)),
				"sk":    attr.NFromInt(int64(i)),
				"title": attr.S(fmt.Sprintf("a todo item with a reasonably long title, number %d", i)),
				"done":  attr.Bool(i%2 == 0),
				"tags":  attr.SS([]string{"work", "home"}),
				"n":     attr.MustN("12345.678"),
			}}})
			if len(reqs) == 25 {
				flush()
			}
		}
	}
	return s
}

func BenchmarkGetItem(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		out, err := s.GetItem(ctx, &dynamostore.GetItemInput{TableName: "Bench", Key: attr.Item{
			"pk": attr.S(fmt.Sprintf("user-%04d", rng.IntN(benchPartitions))),
			"sk": attr.NFromInt(int64(rng.IntN(benchPerPart))),
		}})
		if err != nil || out.Item == nil {
			b.Fatal(err, out)
		}
	}
}

func BenchmarkQuery(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	cond := "pk = :p AND sk > :s"
	limit := int64(20)
	b.ReportAllocs()
	for b.Loop() {
		out, err := s.Query(ctx, &dynamostore.QueryInput{
			TableName: "Bench", KeyConditionExpression: &cond, Limit: &limit,
			ExpressionAttributeValues: dynamostore.ExprValues{
				":p": attr.S(fmt.Sprintf("user-%04d", rng.IntN(benchPartitions))),
				":s": attr.NFromInt(int64(rng.IntN(50))),
			},
		})
		if err != nil || out.Count != 20 {
			b.Fatal(err, out.Count)
		}
	}
}

func BenchmarkPutItem(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		_, err := s.PutItem(ctx, &dynamostore.PutItemInput{TableName: "Bench", Item: attr.Item{
			"pk":    attr.S(fmt.Sprintf("new-%04d", i%1000)),
			"sk":    attr.NFromInt(int64(i)),
			"title": attr.S("a new todo item"),
		}})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetItemSDK is GetItem through the AWS SDK client and the
// Handler, in-process (Transport), as a data source would call it.
func BenchmarkGetItemSDK(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String("http://dynamostore.invalid"),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
		HTTPClient:   &http.Client{Transport: s.Transport()},
	})
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Bench"), Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: fmt.Sprintf("user-%04d", rng.IntN(benchPartitions))},
			"sk": &types.AttributeValueMemberN{Value: fmt.Sprint(rng.IntN(benchPerPart))},
		}})
		if err != nil || out.Item == nil {
			b.Fatal(err, out)
		}
	}
}
