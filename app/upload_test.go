package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/appsync"
	"github.com/aws/aws-sdk-go-v2/service/appsync/types"
)

func appsyncClient(url string) *appsync.Client {
	return appsync.New(appsync.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
}

// TestSchemaUpload drives StartSchemaCreation and GetSchemaCreationStatus
// with the AWS SDK, as `aws appsync start-schema-creation` does.
func TestSchemaUpload(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/api/appsync.yml")
	client := appsyncClient(b.url)
	ctx := context.Background()
	orig, err := os.ReadFile("testdata/api/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a valid schema is swapped in", func(t *testing.T) {
		sdl := strings.Replace(string(orig), "type Query {", "type Query {\n  added: String", 1)
		out, err := client.StartSchemaCreation(ctx, &appsync.StartSchemaCreationInput{ApiId: aws.String("testapi"), Definition: []byte(sdl)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Status != types.SchemaStatusProcessing {
			t.Errorf("status %s", out.Status)
		}
		st, err := client.GetSchemaCreationStatus(ctx, &appsync.GetSchemaCreationStatusInput{ApiId: aws.String("testapi")})
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != types.SchemaStatusSuccess {
			t.Fatalf("status %s: %s", st.Status, aws.ToString(st.Details))
		}
		jsonEq(t, b.post(t, gql(`{ added echo(msg: "still") { msg } }`, nil)).Body, `{"data":{"added":null,"echo":{"msg":"still"}}}`)
	})

	t.Run("an invalid schema fails and the old one keeps serving", func(t *testing.T) {
		_, err := client.StartSchemaCreation(ctx, &appsync.StartSchemaCreationInput{ApiId: aws.String("testapi"), Definition: []byte("type Query { broken: Nope }")})
		if err != nil {
			t.Fatal(err)
		}
		st, err := client.GetSchemaCreationStatus(ctx, &appsync.GetSchemaCreationStatusInput{ApiId: aws.String("testapi")})
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != types.SchemaStatusFailed || !strings.Contains(aws.ToString(st.Details), "Nope") {
			t.Errorf("status %s: %s", st.Status, aws.ToString(st.Details))
		}
		jsonEq(t, b.post(t, gql(`{ added }`, nil)).Body, `{"data":{"added":null}}`)
	})

	t.Run("unknown API", func(t *testing.T) {
		_, err := client.GetSchemaCreationStatus(ctx, &appsync.GetSchemaCreationStatusInput{ApiId: aws.String("other")})
		var nf *types.NotFoundException
		if err == nil || !errorsAs(err, &nf) {
			t.Errorf("want NotFoundException, got %v", err)
		}
	})
}

// TestWatch edits the files of a served API.
func TestWatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"schema.graphql", "appsync.yml"} {
		data, err := os.ReadFile(filepath.Join("testdata/api", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reloads := make(chan error, 10)
	b := setupWatching(t, filepath.Join(dir, "appsync.yml"), reloads)
	schemaPath := filepath.Join(dir, "schema.graphql")
	orig, _ := os.ReadFile(schemaPath)

	write := func(data string) error {
		t.Helper()
		if err := os.WriteFile(schemaPath, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return <-reloads
	}
	if err := write(strings.Replace(string(orig), "type Query {", "type Query {\n  watched: String", 1)); err != nil {
		t.Fatalf("reload: %v", err)
	}
	jsonEq(t, b.post(t, gql(`{ watched }`, nil)).Body, `{"data":{"watched":null}}`)

	err := write("type Query { echo: Nope }")
	if err == nil || !strings.Contains(err.Error(), "schema.graphql:1") {
		t.Fatalf("want a positioned schema error, got %v", err)
	}
	jsonEq(t, b.post(t, gql(`{ watched }`, nil)).Body, `{"data":{"watched":null}}`)
}
