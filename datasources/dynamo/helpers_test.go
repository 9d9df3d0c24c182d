package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/datasources/dynamo"
	"github.com/appsync-local/appsync-local/dynamostore"
	"github.com/appsync-local/appsync-local/internal/dynalite"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

var _ resolvers.DataSource = (*dynamo.Source)(nil)

// backend is a DynamoDB implementation the cases run against.
type backend struct {
	name string
	// transactions says whether it implements TransactGetItems and
	// TransactWriteItems (dynalite does not).
	transactions bool
	// open returns a client for one test and the prefix of its table names
	// (tests that share a server use distinct tables).
	open func(t *testing.T) (*dynamodb.Client, string)
}

func newClient(endpoint string, transport http.RoundTripper) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		HTTPClient:   &http.Client{Transport: transport},
	})
}

// storeBackend is the embedded store, a new in-memory store per test.
func storeBackend() backend {
	return backend{name: "store", transactions: true, open: func(t *testing.T) (*dynamodb.Client, string) {
		t.Helper()
		s, err := dynamostore.Open(dynamostore.Options{})
		if err != nil {
			t.Fatalf("open store: %v", err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close store: %v", err)
			}
		})
		return newClient("http://dynamostore.invalid", s.Transport()), ""
	}}
}

// dynaliteBackend is one dynalite server for the whole run of tb, whose
// tests each get tables of their own.
func dynaliteBackend(tb testing.TB) backend {
	url := dynalite.Start(tb)
	client := newClient(url, http.DefaultTransport)
	var n atomic.Int64
	return backend{name: "dynalite", open: func(t *testing.T) (*dynamodb.Client, string) {
		return client, fmt.Sprintf("t%d_", n.Add(1))
	}}
}

// tableDefs are the tables the cases use, by name.
var tableDefs = map[string]func(name string) *dynamodb.CreateTableInput{
	// Posts and Authors: a partition key "id".
	"Posts":   hashTable,
	"Authors": hashTable,
	// Comments: partition key postId, numeric sort key n, and a global
	// index byAuthor (author, n) projecting everything.
	"Comments": func(name string) *dynamodb.CreateTableInput {
		return &dynamodb.CreateTableInput{
			TableName:   aws.String(name),
			BillingMode: types.BillingModePayPerRequest,
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String("postId"), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String("n"), KeyType: types.KeyTypeRange},
			},
			AttributeDefinitions: []types.AttributeDefinition{
				{AttributeName: aws.String("postId"), AttributeType: types.ScalarAttributeTypeS},
				{AttributeName: aws.String("n"), AttributeType: types.ScalarAttributeTypeN},
				{AttributeName: aws.String("author"), AttributeType: types.ScalarAttributeTypeS},
			},
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
				IndexName: aws.String("byAuthor"),
				KeySchema: []types.KeySchemaElement{
					{AttributeName: aws.String("author"), KeyType: types.KeyTypeHash},
					{AttributeName: aws.String("n"), KeyType: types.KeyTypeRange},
				},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			}},
		}
	},
}

func hashTable(name string) *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
	}
}

// createTables creates the named tables (with the prefix) and waits until
// they are ACTIVE.
func createTables(t *testing.T, c *dynamodb.Client, prefix string, names []string) {
	t.Helper()
	ctx := context.Background()
	for _, name := range names {
		def, ok := tableDefs[name]
		if !ok {
			t.Fatalf("no table definition %q", name)
		}
		if _, err := c.CreateTable(ctx, def(prefix+name)); err != nil {
			t.Fatalf("create table %s: %v", prefix+name, err)
		}
	}
	w := dynamodb.NewTableExistsWaiter(c, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	for _, name := range names {
		if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(prefix + name)}, 30*time.Second); err != nil {
			t.Fatalf("table %s did not become active: %v", prefix+name, err)
		}
	}
}

// testBundle is what a case runs with.
type testBundle struct {
	source *dynamo.Source
	prefix string
	token  string   // the last nextToken a step returned
	seen   []string // ids the steps of a parallel scan returned
}

// setup opens the backend for the test, creates the tables and returns the
// source over the first of them (or over table when given).
func setup(t *testing.T, b backend, tables []string, table string, versioned bool) *testBundle {
	t.Helper()
	client, prefix := b.open(t)
	createTables(t, client, prefix, tables)
	if table == "" && len(tables) > 0 {
		table = tables[0]
	}
	return &testBundle{
		source: &dynamo.Source{Name: "ds", TableName: prefix + table, Client: client, Versioned: versioned},
		prefix: prefix,
	}
}

// expand replaces @Table names with the test's table names and @token
// with the last nextToken.
func (tb *testBundle) expand(s string) string {
	for name := range tableDefs {
		s = strings.ReplaceAll(s, "@"+name, tb.prefix+name)
	}
	s = strings.ReplaceAll(s, "@Missing", tb.prefix+"Missing")
	return strings.ReplaceAll(s, "@token", tb.token)
}

// collapse is expand's inverse on a rendered result.
func (tb *testBundle) collapse(s string) string {
	if tb.token != "" {
		s = strings.ReplaceAll(s, `"`+tb.token+`"`, `"@token"`)
	}
	for name := range tableDefs {
		s = strings.ReplaceAll(s, `"`+tb.prefix+name+`"`, `"@`+name+`"`)
	}
	return s
}

// invoke runs one request document (JSON text, with @ placeholders) and
// returns the result, the error's type and message ("" when none).
func (tb *testBundle) invoke(t *testing.T, doc string) (any, string, string) {
	t.Helper()
	req, err := value.FromJSON([]byte(tb.expand(doc)))
	if err != nil {
		t.Fatalf("request is not JSON: %v\n%s", err, doc)
	}
	m, ok := req.(*value.Map)
	if !ok {
		t.Fatalf("request is not an object: %s", doc)
	}
	res, err := tb.source.Invoke(context.Background(), m)
	if err != nil {
		var e *dynamo.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not a *dynamo.Error", err, err)
		}
		return res, e.Type, e.Message
	}
	if page, ok := res.(*value.Map); ok {
		if next, ok := page.Get("nextToken"); ok {
			if s, ok := next.(string); ok {
				tb.token = s
			}
		}
	}
	return res, "", ""
}

// sortItems sorts the items of a Query or Scan result by their JSON, for
// scans, whose order differs between implementations.
func sortItems(res any) {
	page, ok := res.(*value.Map)
	if !ok {
		return
	}
	items, ok := page.Get("items")
	if !ok {
		return
	}
	l := items.(*value.List)
	for i := 1; i < len(l.Items); i++ {
		for j := i; j > 0 && value.ToJSON(l.Items[j]) < value.ToJSON(l.Items[j-1]); j-- {
			l.Items[j], l.Items[j-1] = l.Items[j-1], l.Items[j]
		}
	}
}
