package app_test

import (
	"context"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/app"
)

func dynamoClient(url string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
	})
}

// TestEmbeddedDynamoDB checks that configured tables are created, that the
// DynamoDB API is served on the server's port for the SDKs and the CLI, and
// that data survives a restart in the data dir.
func TestEmbeddedDynamoDB(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	start := func() *app.Main {
		m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
		if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", dataDir, "testdata/dynamo/appsync.yml"}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	ctx := context.Background()
	m := start()
	c := dynamoClient(m.URL())
	tables, err := c.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tables.TableNames) != 2 || tables.TableNames[0] != "Events" || tables.TableNames[1] != "Todos" {
		t.Fatalf("tables %v", tables.TableNames)
	}
	for _, seq := range []string{"10", "9", "100"} {
		if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Events"), Item: map[string]types.AttributeValue{
			"stream": &types.AttributeValueMemberS{Value: "s"}, "seq": &types.AttributeValueMemberN{Value: seq},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	m = start() // the same data dir: tables exist, items survive
	defer m.Close()
	out, err := dynamoClient(m.URL()).Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String("Events"),
		KeyConditionExpression:    aws.String("#s = :s"),
		ExpressionAttributeNames:  map[string]string{"#s": "stream"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":s": &types.AttributeValueMemberS{Value: "s"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var seqs []string
	for _, it := range out.Items {
		seqs = append(seqs, it["seq"].(*types.AttributeValueMemberN).Value)
	}
	if len(seqs) != 3 || seqs[0] != "9" || seqs[1] != "10" || seqs[2] != "100" {
		t.Errorf("numeric sort key order after restart: %v", seqs)
	}
}
