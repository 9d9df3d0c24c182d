package dynamo_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/appsync-local/appsync-local/datasources/dynamo"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// empty is a Client whose every call succeeds with an empty answer.
type empty struct{}

func (empty) GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return &dynamodb.GetItemOutput{}, nil
}

func (empty) PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return &dynamodb.PutItemOutput{}, nil
}

func (empty) UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	return &dynamodb.UpdateItemOutput{}, nil
}

func (empty) DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return &dynamodb.DeleteItemOutput{}, nil
}

func (empty) Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return &dynamodb.QueryOutput{}, nil
}

func (empty) Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	return &dynamodb.ScanOutput{}, nil
}

func (empty) BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return &dynamodb.BatchGetItemOutput{}, nil
}

func (empty) BatchWriteItem(context.Context, *dynamodb.BatchWriteItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return &dynamodb.BatchWriteItemOutput{}, nil
}

func (empty) TransactGetItems(_ context.Context, in *dynamodb.TransactGetItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	return &dynamodb.TransactGetItemsOutput{}, nil
}

func (empty) TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return &dynamodb.TransactWriteItemsOutput{}, nil
}

// FuzzInvoke reads arbitrary request documents: Invoke must return a result
// or an error, never panic.
func FuzzInvoke(f *testing.F) {
	tb := &testBundle{}
	for _, tc := range cases {
		for _, st := range tc.steps {
			f.Add(tb.expand(st.req))
		}
	}
	src := &dynamo.Source{Name: "ds", TableName: "Posts", Client: empty{}}
	f.Fuzz(func(t *testing.T, doc string) {
		v, err := value.FromJSON([]byte(doc))
		if err != nil {
			return
		}
		m, ok := v.(*value.Map)
		if !ok {
			return
		}
		res, err := src.Invoke(context.Background(), m)
		if err != nil {
			if _, ok := err.(*dynamo.Error); !ok {
				t.Fatalf("error %v is a %T, not a *dynamo.Error", err, err)
			}
			return
		}
		value.ToJSON(res)
	})
}
