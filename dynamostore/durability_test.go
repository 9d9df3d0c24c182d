package dynamostore_test

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/dynamostore"
)

// serve serves an open store for the rest of the test.
func serve(tb testing.TB, s *dynamostore.Store) *dynamodb.Client {
	srv := httptest.NewServer(s.Handler())
	tb.Cleanup(srv.Close)
	return newClient(srv.URL)
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db.sqlite")
	s := must[*dynamostore.Store](t)(dynamostore.Open(dynamostore.Options{Path: path}))
	c := serve(t, s)
	createTable(t, c, "Keep", "pk S", "sk N", func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("g"), AttributeType: types.ScalarAttributeTypeS})
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("byG"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}}
	})
	for i := range 10 {
		put(t, c, "Keep", item{"pk": S("p"), "sk": N(strconv.Itoa(i)), "g": S("x")})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = must[*dynamostore.Store](t)(dynamostore.Open(dynamostore.Options{Path: path}))
	t.Cleanup(func() { s.Close() })
	c = serve(t, s)
	d := must[*dynamodb.DescribeTableOutput](t)(c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Keep")})).Table
	if *d.ItemCount != 10 || *d.GlobalSecondaryIndexes[0].ItemCount != 10 {
		t.Fatalf("counts %d %d", *d.ItemCount, *d.GlobalSecondaryIndexes[0].ItemCount)
	}
	out := query(t, c, &dynamodb.QueryInput{
		TableName: aws.String("Keep"), IndexName: aws.String("byG"),
		KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: item{":g": S("x")},
	})
	if out.Count != 10 {
		t.Fatalf("index after reopen: %d", out.Count)
	}
}

func TestInMemory(t *testing.T) {
	t.Parallel()
	s := must[*dynamostore.Store](t)(dynamostore.Open(dynamostore.Options{}))
	t.Cleanup(func() { s.Close() })
	c := serve(t, s)
	createTable(t, c, "Mem", "id S", "")
	put(t, c, "Mem", item{"id": S("a")})
	if got := get(t, c, "Mem", item{"id": S("a")}); str(got, "id") != "a" {
		t.Fatalf("got %v", got)
	}
}

func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Counters", "id S", "")
	put(t, c, "Counters", item{"id": S("opt"), "v": N("0")})
	const workers, each = 8, 25

	var wg sync.WaitGroup
	errs := make(chan error, 3*workers)
	for range workers {
		// Optimistic locking: read, then write if nobody wrote in between.
		wg.Go(func() {
			for done := 0; done < each; {
				it, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Counters"), Key: item{"id": S("opt")}})
				if err != nil {
					errs <- err
					return
				}
				v, _ := strconv.Atoi(str(it.Item, "v"))
				_, err = c.PutItem(ctx, &dynamodb.PutItemInput{
					TableName: aws.String("Counters"), Item: item{"id": S("opt"), "v": N(strconv.Itoa(v + 1))},
					ConditionExpression: aws.String("v = :v"), ExpressionAttributeValues: item{":v": N(strconv.Itoa(v))},
				})
				var ccf *types.ConditionalCheckFailedException
				switch {
				case errors.As(err, &ccf):
				case err != nil:
					errs <- err
					return
				default:
					done++
				}
			}
		})
		// Atomic counters.
		wg.Go(func() {
			for range each {
				_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String("Counters"), Key: item{"id": S("add")},
					UpdateExpression: aws.String("ADD v :one"), ExpressionAttributeValues: item{":one": N("1")},
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
		// Creates racing for the same keys: exactly one wins each.
		wg.Go(func() {
			for i := range each {
				_, err := c.PutItem(ctx, &dynamodb.PutItemInput{
					TableName: aws.String("Counters"), Item: item{"id": S(fmt.Sprint("once", i))},
					ConditionExpression: aws.String("attribute_not_exists(id)"),
				})
				var ccf *types.ConditionalCheckFailedException
				if err != nil && !errors.As(err, &ccf) {
					errs <- err
					return
				}
				if err == nil {
					countWin(t, c, i)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"opt": "200", "add": "200"} {
		if got := str(get(t, c, "Counters", item{"id": S(id)}), "v"); got != want {
			t.Errorf("%s = %s, want %s", id, got, want)
		}
	}
	for i := range each {
		if got := str(get(t, c, "Counters", item{"id": S(fmt.Sprint("once", i))}), "wins"); got != "1" {
			t.Errorf("once%d won %s times", i, got)
		}
	}
}

// countWin counts a successful create.
func countWin(tb testing.TB, c *dynamodb.Client, i int) {
	_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String("Counters"), Key: item{"id": S(fmt.Sprint("once", i))},
		UpdateExpression: aws.String("ADD wins :one"), ExpressionAttributeValues: item{":one": N("1")},
	})
	if err != nil {
		tb.Error(err)
	}
}
