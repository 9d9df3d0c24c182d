package app_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appsync"
)

// TestVTLResolvers drives VTL unit and pipeline resolvers through /graphql
// and asserts AppSync's exact response JSON.
func TestVTLResolvers(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/vtl/appsync.yml")
	cases := []struct{ name, query, want string }{
		{"unit resolver on NONE with substitutions", `{ greet(name: "Ada") { message length stage } }`,
			`{"data":{"greet":{"message":"Hello, Ada!","length":3,"stage":"local-test"}}}`},
		{"three-function pipeline with stash", `{ pipeline(n: 4) { steps total skipped } }`,
			`{"data":{"pipeline":{"steps":["one","two","three"],"total":9,"skipped":false}}}`},
		{"#return in a function ends that function only", `{ pipeline(n: 20) { steps total skipped } }`,
			`{"data":{"pipeline":{"steps":["one"],"total":null,"skipped":true}}}`},
		{"#return in the before template ends the resolver", `{ early }`,
			`{"data":{"early":"early"}}`},
		{"$util.error with data cut to the selection set", `{ fail(mode: "error") { id name } }`,
			`{"data":{"fail":null},"errors":[{"path":["fail"],"data":{"id":"1","name":"n"},"errorType":"LockedError","errorInfo":{"reason":"locked"},"locations":[{"line":1,"column":3,"sourceName":null}],"message":"Item is locked"}]}`},
		{"$util.unauthorized", `{ fail(mode: "unauthorized") { id } }`,
			`{"data":{"fail":null},"errors":[{"path":["fail"],"data":null,"errorType":"Unauthorized","errorInfo":null,"locations":[{"line":1,"column":3,"sourceName":null}],"message":"Not Authorized to access fail on type Query"}]}`},
		{"$util.appendError keeps the data", `{ fail(mode: "append") { id name } }`,
			`{"data":{"fail":{"id":"1","name":"n"}},"errors":[{"path":["fail"],"data":null,"errorType":"SoftError","errorInfo":null,"locations":[{"line":1,"column":3,"sourceName":null}],"message":"soft failure"}]}`},
		{"VTL on a Lambda data source", `{ viaLambda(x: 21) }`,
			`{"data":{"viaLambda":42}}`},
		{"BatchInvoke", `{ viaBatch(x: 1) }`,
			`{"data":{"viaBatch":101}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := b.post(t, gql(c.query, nil))
			if r.Raw != c.want {
				t.Errorf("\n got %s\nwant %s", r.Raw, c.want)
			}
		})
	}

	t.Run("BatchInvoke batches the items of a list by maxBatchSize", func(t *testing.T) {
		t.Parallel()
		r := b.post(t, gql(`{ things { id big } }`, nil))
		if r.Raw != `{"data":{"things":[{"id":1,"big":101},{"id":2,"big":102},{"id":3,"big":103}]}}` {
			t.Errorf("got %s", r.Raw)
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		sizes := map[int]int{}
		for _, n := range b.batches {
			sizes[n]++
		}
		if sizes[2] != 1 || sizes[1] < 1 {
			t.Errorf("want one call of 2 and one of 1 (maxBatchSize 2), got %v", b.batches)
		}
	})

	t.Run("$util.http.addResponseHeader sets a response header", func(t *testing.T) {
		t.Parallel()
		req, _ := http.NewRequest("POST", b.url+"/graphql", strings.NewReader(gql(`{ withHeader }`, nil)))
		req.Header.Set("x-api-key", testKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("itemsCount"); got != "7" {
			t.Errorf("itemsCount header %q; headers %v", got, res.Header)
		}
	})

	t.Run("a template rendering invalid JSON shows where", func(t *testing.T) {
		t.Parallel()
		r := b.post(t, gql(`{ fail(mode: "badjson") { id } }`, nil))
		e := r.Body["errors"].([]any)[0].(map[string]any)
		msg, _ := e["message"].(string)
		if e["errorType"] != "MappingTemplate" || !strings.Contains(msg, "fail.req.vtl") || !strings.Contains(msg, `"id": "1",, "name"`) || !strings.Contains(msg, "^") {
			t.Errorf("got %s", r.Raw)
		}
	})
}

// TestEvaluateMappingTemplate calls EvaluateMappingTemplate with the AWS SDK,
// as `aws appsync evaluate-mapping-template` does.
func TestEvaluateMappingTemplate(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/api/appsync.yml")
	client := appsyncClient(b.url)
	ctx := context.Background()
	out, err := client.EvaluateMappingTemplate(ctx, &appsync.EvaluateMappingTemplateInput{
		Template: aws.String(`{"id": "$ctx.args.id", "n": $util.toJson($ctx.stash.n)}`),
		Context:  aws.String(`{"arguments": {"id": "x1"}, "stash": {"n": 2}}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.EvaluationResult); got != `{"id": "x1", "n": 2}` || out.Error != nil {
		t.Errorf("result %q error %v", got, out.Error)
	}
	out, err = client.EvaluateMappingTemplate(ctx, &appsync.EvaluateMappingTemplateInput{
		Template: aws.String(`$util.error("nope")`),
		Context:  aws.String(`{}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Error == nil || aws.ToString(out.Error.Message) != "nope" {
		t.Errorf("error %+v", out.Error)
	}
}

func TestEvalCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t.vtl")
	ctxFile := filepath.Join(dir, "ctx.json")
	os.WriteFile(tmpl, []byte(`Hello $ctx.args.name`), 0o644)
	os.WriteFile(ctxFile, []byte(`{"arguments": {"name": "Ada"}}`), 0o644)
	out, errOut, err := runCLI("eval", tmpl, "--context", ctxFile)
	if err != nil || out != "Hello Ada\n" {
		t.Errorf("out %q err %q %v", out, errOut, err)
	}
	os.WriteFile(tmpl, []byte("#if(\n"), 0o644)
	_, errOut, err = runCLI("eval", tmpl)
	if err == nil || !strings.Contains(errOut, "t.vtl:") || !strings.Contains(errOut, "missing )") {
		t.Errorf("syntax error: %q %v", errOut, err)
	}
}
