package dynamostore_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/appsync-local/appsync-local/dynamostore"
)

// testBundle is what setup returns besides the client.
type testBundle struct {
	store *dynamostore.Store
	path  string
	url   string
}

// setup opens a store on a fresh file and serves it to an SDK client.
func setup(tb testing.TB) (*dynamodb.Client, *testBundle) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "dynamo.sqlite")
	s, err := dynamostore.Open(dynamostore.Options{Path: path})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	tb.Cleanup(func() {
		srv.Close()
		if err := s.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return newClient(srv.URL), &testBundle{store: s, path: path, url: srv.URL}
}

func newClient(url string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(url),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
		Retryer:      aws.NopRetryer{},
	})
}

var ctx = context.Background()

// wantErr checks that err is the DynamoDB error code with message msg.
func wantErr(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %s: %s", code, msg)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		tb.Fatalf("got %v, want %s: %s", err, code, msg)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != msg {
		tb.Fatalf("got %s: %q\nwant %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

func wantValidation(tb testing.TB, err error, msg string) {
	tb.Helper()
	wantErr(tb, err, "ValidationException", msg)
}

func must[T any](tb testing.TB) func(T, error) T {
	return func(v T, err error) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

func S(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }
func N(s string) types.AttributeValue { return &types.AttributeValueMemberN{Value: s} }

type item = map[string]types.AttributeValue

// str reads a string or number attribute for assertions.
func str(it item, name string) string {
	switch v := it[name].(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case *types.AttributeValueMemberN:
		return v.Value
	case nil:
		return "<missing>"
	}
	return "<other>"
}

func strs(items []item, name string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = str(it, name)
	}
	return strings.Join(out, ",")
}

// createTable creates a PAY_PER_REQUEST table with a hash key and optional
// range key, of the given types ("pk S", "sk N").
func createTable(tb testing.TB, c *dynamodb.Client, name, hash, rng string, mod ...func(*dynamodb.CreateTableInput)) {
	tb.Helper()
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
	if _, err := c.CreateTable(ctx, in); err != nil {
		tb.Fatalf("create table %s: %v", name, err)
	}
}

func put(tb testing.TB, c *dynamodb.Client, table string, it item) {
	tb.Helper()
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		tb.Fatalf("put: %v", err)
	}
}

func get(tb testing.TB, c *dynamodb.Client, table string, key item) item {
	tb.Helper()
	out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key})
	if err != nil {
		tb.Fatalf("get: %v", err)
	}
	return out.Item
}
