package dynamostore_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestCreateTable(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)

	t.Run("describe", func(t *testing.T) {
		createTable(t, c, "Todos", "id S", "", func(in *dynamodb.CreateTableInput) {
			in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("owner"), AttributeType: types.ScalarAttributeTypeS})
			in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{
				IndexName:  aws.String("byOwner"),
				KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("owner"), KeyType: types.KeyTypeHash}},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			}}
		})
		put(t, c, "Todos", item{"id": S("1"), "owner": S("ann")})
		put(t, c, "Todos", item{"id": S("2")})
		d := must[*dynamodb.DescribeTableOutput](t)(c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Todos")})).Table
		if d.TableStatus != types.TableStatusActive || *d.ItemCount != 2 || *d.TableSizeBytes == 0 {
			t.Fatalf("status %s count %d size %d", d.TableStatus, *d.ItemCount, *d.TableSizeBytes)
		}
		if *d.TableArn != "arn:aws:dynamodb:us-east-1:000000000000:table/Todos" || d.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
			t.Fatalf("arn %s billing %v", *d.TableArn, d.BillingModeSummary)
		}
		g := d.GlobalSecondaryIndexes[0]
		if *g.IndexName != "byOwner" || g.IndexStatus != types.IndexStatusActive || *g.ItemCount != 1 {
			t.Fatalf("gsi %s %s %d", *g.IndexName, g.IndexStatus, *g.ItemCount)
		}
		if d.CreationDateTime == nil || d.CreationDateTime.IsZero() {
			t.Fatal("no CreationDateTime")
		}
	})

	t.Run("exists", func(t *testing.T) {
		createTable(t, c, "Dup", "id S", "")
		_, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
			TableName: aws.String("Dup"), BillingMode: types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		})
		wantErr(t, err, "ResourceInUseException", "Table already exists: Dup")
	})

	for _, tc := range []struct {
		name string
		in   dynamodb.CreateTableInput
		msg  string
	}{{
		name: "range first",
		in: dynamodb.CreateTableInput{
			BillingMode:          types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeRange}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: "S"}},
		},
		msg: "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
	}, {
		name: "no throughput",
		in: dynamodb.CreateTableInput{
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: "S"}},
		},
		msg: "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
	}, {
		name: "undefined key",
		in: dynamodb.CreateTableInput{
			BillingMode:          types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("b"), AttributeType: "S"}},
		},
		msg: "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]",
	}, {
		name: "extra definition",
		in: dynamodb.CreateTableInput{
			BillingMode:          types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: "S"}, {AttributeName: aws.String("b"), AttributeType: "S"}},
		},
		msg: "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
	}, {
		name: "bad key type",
		in: dynamodb.CreateTableInput{
			BillingMode:          types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: "SORT"}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: "S"}},
		},
		msg: "1 validation error detected: Value 'SORT' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
	}, {
		name: "lsi without range",
		in: dynamodb.CreateTableInput{
			BillingMode:          types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: "S"}, {AttributeName: aws.String("b"), AttributeType: "S"}},
			LocalSecondaryIndexes: []types.LocalSecondaryIndex{{
				IndexName:  aws.String("lsi"),
				KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("b"), KeyType: types.KeyTypeRange}},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			}},
		},
		msg: "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = aws.String("Bad")
			_, err := c.CreateTable(ctx, &in)
			wantValidation(t, err, tc.msg)
		})
	}

	t.Run("missing", func(t *testing.T) {
		_, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Nope")})
		wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: Nope not found")
		_, err = c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("Nope")})
		wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: Nope not found")
		_, err = c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Nope"), Key: item{"id": S("1")}})
		wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	})
}

func TestListAndDeleteTables(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	for i := range 5 {
		createTable(t, c, fmt.Sprintf("Tab%d", i), "id S", "")
	}
	var names []string
	var start *string
	for pages := 0; ; pages++ {
		out := must[*dynamodb.ListTablesOutput](t)(c.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(2), ExclusiveStartTableName: start}))
		names = append(names, out.TableNames...)
		if out.LastEvaluatedTableName == nil {
			if pages != 2 {
				t.Fatalf("%d pages", pages+1)
			}
			break
		}
		start = out.LastEvaluatedTableName
	}
	if fmt.Sprint(names) != "[Tab0 Tab1 Tab2 Tab3 Tab4]" {
		t.Fatalf("names %v", names)
	}
	_, err := c.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(101)})
	wantValidation(t, err, "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")

	put(t, c, "Tab1", item{"id": S("x")})
	d := must[*dynamodb.DeleteTableOutput](t)(c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("Tab1")}))
	if d.TableDescription.TableStatus != types.TableStatusDeleting || *d.TableDescription.ItemCount != 1 {
		t.Fatalf("deleted %s %d", d.TableDescription.TableStatus, *d.TableDescription.ItemCount)
	}
	// A table of the same name starts empty.
	createTable(t, c, "Tab1", "id S", "")
	if it := get(t, c, "Tab1", item{"id": S("x")}); it != nil {
		t.Fatalf("item survived its table: %v", it)
	}
}

func TestUpdateTableGSI(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Posts", "id S", "")
	for i := range 30 {
		it := item{"id": S(fmt.Sprint(i)), "n": N(fmt.Sprint(i))}
		if i%3 == 0 {
			it["blog"] = S("b")
		}
		put(t, c, "Posts", it)
	}
	out := must[*dynamodb.UpdateTableOutput](t)(c.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName: aws.String("Posts"),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("blog"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("n"), AttributeType: types.ScalarAttributeTypeN},
		},
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName:  aws.String("byBlog"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("blog"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("n"), KeyType: types.KeyTypeRange}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}}},
	}))
	g := out.TableDescription.GlobalSecondaryIndexes[0]
	if g.IndexStatus != types.IndexStatusActive || *g.ItemCount != 10 {
		t.Fatalf("index %s %d", g.IndexStatus, *g.ItemCount)
	}
	q := must[*dynamodb.QueryOutput](t)(c.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("Posts"), IndexName: aws.String("byBlog"),
		KeyConditionExpression:    aws.String("blog = :b AND n > :n"),
		ExpressionAttributeValues: item{":b": S("b"), ":n": N("10")},
	}))
	if got := strs(q.Items, "n"); got != "12,15,18,21,24,27" {
		t.Fatalf("backfilled index: %s", got)
	}
	if _, ok := q.Items[0]["x"]; ok || len(q.Items[0]) != 3 {
		t.Fatalf("KEYS_ONLY projection: %v", q.Items[0])
	}
	// New writes maintain it.
	put(t, c, "Posts", item{"id": S("new"), "blog": S("b"), "n": N("100")})
	q = must[*dynamodb.QueryOutput](t)(c.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("Posts"), IndexName: aws.String("byBlog"),
		KeyConditionExpression:    aws.String("blog = :b AND n > :n"),
		ExpressionAttributeValues: item{":b": S("b"), ":n": N("90")},
	}))
	if got := strs(q.Items, "id"); got != "new" {
		t.Fatalf("after put: %s", got)
	}
	out = must[*dynamodb.UpdateTableOutput](t)(c.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName:                   aws.String("Posts"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String("byBlog")}}},
	}))
	if len(out.TableDescription.GlobalSecondaryIndexes) != 0 || len(out.TableDescription.AttributeDefinitions) != 1 {
		t.Fatalf("after delete: %+v", out.TableDescription)
	}
	_, err := c.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("Posts"), IndexName: aws.String("byBlog"),
		KeyConditionExpression:    aws.String("blog = :b"),
		ExpressionAttributeValues: item{":b": S("b")},
	})
	wantValidation(t, err, "The table does not have the specified index: byBlog")
}

func TestTimeToLive(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	createTable(t, c, "Sessions", "id S", "")
	d := must[*dynamodb.DescribeTimeToLiveOutput](t)(c.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("Sessions")}))
	if d.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusDisabled {
		t.Fatalf("status %s", d.TimeToLiveDescription.TimeToLiveStatus)
	}
	must[*dynamodb.UpdateTimeToLiveOutput](t)(c.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String("Sessions"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)},
	}))
	d = must[*dynamodb.DescribeTimeToLiveOutput](t)(c.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("Sessions")}))
	if d.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled || *d.TimeToLiveDescription.AttributeName != "exp" {
		t.Fatalf("status %s", d.TimeToLiveDescription.TimeToLiveStatus)
	}
	_, err := c.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String("Sessions"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)},
	})
	wantValidation(t, err, "TimeToLive is already enabled")
}
