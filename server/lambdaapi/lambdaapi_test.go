package lambdaapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/internal/lambdaserver"
	"github.com/appsync-local/appsync-local/server/lambdaapi"
)

type Oops struct{}

func (Oops) Error() string { return "oops happened" }

type testBundle struct {
	client *lambdasdk.Client
	url    string
	events chan map[string]any
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	b := &testBundle{events: make(chan map[string]any, 1)}
	fns := gohandler.NewRegistry()
	fns.MustRegister("hello", func(e struct{ Name string }) (string, error) { return "hello " + e.Name, nil })
	fns.MustRegister("oops", func() error { return Oops{} })
	fns.MustRegister("later", func(e map[string]any) error { b.events <- e; return nil })
	mux := http.NewServeMux()
	mux.Handle(lambdaapi.Pattern, lambdaapi.New(lambdaapi.Params{Functions: fns, Region: "eu-west-1"}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b.url = srv.URL
	b.client = lambdaserver.NewClient(srv.URL)
	return b
}

func TestInvokeAPI(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	t.Run("RequestResponse", func(t *testing.T) {
		out, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("hello"), Payload: []byte(`{"Name":"Ada"}`)})
		if err != nil {
			t.Fatal(err)
		}
		if out.StatusCode != 200 || string(out.Payload) != `"hello Ada"` || out.FunctionError != nil || aws.ToString(out.ExecutedVersion) != "$LATEST" {
			t.Errorf("got %d %s %v %v", out.StatusCode, out.Payload, out.FunctionError, aws.ToString(out.ExecutedVersion))
		}
	})
	t.Run("by ARN with a qualifier", func(t *testing.T) {
		out, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("arn:aws:lambda:eu-west-1:123456789012:function:hello:live"), Payload: []byte(`{"Name":"Bo"}`)})
		if err != nil || string(out.Payload) != `"hello Bo"` {
			t.Fatalf("got %v, %v", out, err)
		}
	})
	t.Run("function error", func(t *testing.T) {
		out, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("oops")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(out.FunctionError) != "Unhandled" || string(out.Payload) != `{"errorMessage":"oops happened","errorType":"Oops"}` {
			t.Errorf("got %v %s", aws.ToString(out.FunctionError), out.Payload)
		}
	})
	t.Run("Event", func(t *testing.T) {
		out, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("later"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`{"n":1}`)})
		if err != nil || out.StatusCode != 202 {
			t.Fatalf("got %v, %v", out, err)
		}
		if e := <-b.events; e["n"] != 1.0 {
			t.Errorf("event %v", e)
		}
	})
	t.Run("DryRun", func(t *testing.T) {
		out, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("hello"), InvocationType: types.InvocationTypeDryRun})
		if err != nil || out.StatusCode != 204 {
			t.Fatalf("got %v, %v", out, err)
		}
	})
	t.Run("unknown function", func(t *testing.T) {
		_, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("nope")})
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope" {
			t.Fatalf("got %T %v", err, err)
		}
	})
	t.Run("payload not JSON", func(t *testing.T) {
		_, err := b.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: aws.String("hello"), Payload: []byte(`{nope`)})
		var ic *types.InvalidRequestContentException
		if !errors.As(err, &ic) || !strings.Contains(aws.ToString(ic.Message), "Could not parse request body into json") {
			t.Fatalf("got %T %v", err, err)
		}
	})
	t.Run("GET is refused", func(t *testing.T) {
		resp, err := http.Get(b.url + "/2015-03-31/functions/hello/invocations")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("X-Amzn-ErrorType") == "" {
			t.Errorf("got %d %v", resp.StatusCode, resp.Header)
		}
	})
}
