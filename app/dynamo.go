package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/dynamostore"
)

// dynamoBackend is where AMAZON_DYNAMODB data sources keep their tables:
// the embedded store in the data dir, or the endpoint local.dynamodb names.
type dynamoBackend struct {
	store  *dynamostore.Store // nil with a remote endpoint
	client *dynamodb.Client
}

// openDynamo opens the embedded store (creating the data dir) unless the
// config names an endpoint, and creates the configured tables that are missing.
func openDynamo(ctx context.Context, cfg *config.Config) (*dynamoBackend, error) {
	b := &dynamoBackend{}
	opts := dynamodb.Options{Region: cfg.Local.Region}
	if opts.Region == "" {
		opts.Region = config.DefaultRegion
	}
	if ep := cfg.Local.DynamoDB.Endpoint; ep != "" {
		opts.BaseEndpoint = aws.String(ep)
		opts.Credentials = envCredentials()
	} else {
		if err := os.MkdirAll(cfg.Local.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create data dir %s: %w", cfg.Local.DataDir, err)
		}
		path := filepath.Join(cfg.Local.DataDir, "dynamodb.sqlite")
		st, err := dynamostore.Open(dynamostore.Options{Path: path})
		if err != nil {
			return nil, fmt.Errorf("open the embedded DynamoDB store %s: %w", path, err)
		}
		b.store = st
		// In-process: no socket between the data sources and the store.
		opts.BaseEndpoint = aws.String("http://dynamodb.local")
		opts.HTTPClient = &http.Client{Transport: st.Transport()}
		opts.Credentials = credentials.NewStaticCredentialsProvider("local", "local", "")
	}
	b.client = dynamodb.New(opts)
	if err := b.createTables(ctx, cfg); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// envCredentials uses AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set
// (a real endpoint needs them), else dummy ones (DynamoDB Local, dynalite).
func envCredentials() aws.CredentialsProvider {
	id, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		id, secret = "local", "local"
	}
	return credentials.NewStaticCredentialsProvider(id, secret, os.Getenv("AWS_SESSION_TOKEN"))
}

// Close closes the embedded store, if any.
func (b *dynamoBackend) Close() error {
	if b == nil || b.store == nil {
		return nil
	}
	return b.store.Close()
}

// Handler serves the embedded store's DynamoDB API; nil with a remote endpoint.
func (b *dynamoBackend) Handler() http.Handler {
	if b == nil || b.store == nil {
		return nil
	}
	return b.store.Handler()
}

// createTables creates each table in local.dynamodb.tables that does not
// exist yet. A table is given in short form ({hashKey: id, hashKeyType: S,
// rangeKey: createdAt, rangeKeyType: S}) or as CloudFormation
// AWS::DynamoDB::Table Properties (KeySchema, AttributeDefinitions,
// GlobalSecondaryIndexes, ...), which is what tables under `resources:` are.
func (b *dynamoBackend) createTables(ctx context.Context, cfg *config.Config) error {
	names := make([]string, 0, len(cfg.Local.DynamoDB.Tables))
	for name := range cfg.Local.DynamoDB.Tables {
		names = append(names, name)
	}
	sort.Strings(names)
	tables := make([]*string, len(names)) // the TableName of each, in names' order
	for i, name := range names {
		in, err := tableInput(name, cfg.Local.DynamoDB.Tables[name])
		if err != nil {
			return &config.Error{Pos: cfg.Local.Pos, Message: fmt.Sprintf("local.dynamodb.tables.%s: %v", name, err)}
		}
		tables[i] = in.TableName
		_, err = b.client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: in.TableName})
		var nf *types.ResourceNotFoundException
		switch {
		case err == nil:
			continue
		case !errors.As(err, &nf):
			return fmt.Errorf("describe table %s: %w", name, err)
		}
		if _, err := b.client.CreateTable(ctx, in); err != nil {
			var inUse *types.ResourceInUseException
			if errors.As(err, &inUse) {
				continue
			}
			return &config.Error{Pos: cfg.Local.Pos, Message: fmt.Sprintf("local.dynamodb.tables.%s: create table: %v", name, err)}
		}
	}
	// A remote DynamoDB (AWS, DynamoDB Local, dynalite) creates tables
	// asynchronously and refuses items until they are ACTIVE; serving
	// before then fails the first requests with ResourceNotFoundException.
	// The embedded store answers ACTIVE at once.
	waiter := dynamodb.NewTableExistsWaiter(b.client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 20*time.Millisecond, time.Second
	})
	for i, name := range names {
		in := &dynamodb.DescribeTableInput{TableName: tables[i]}
		if err := waiter.Wait(ctx, in, tableActiveTimeout); err != nil {
			return fmt.Errorf("local.dynamodb.tables.%s: the table did not become ACTIVE within %s: %w", name, tableActiveTimeout, err)
		}
	}
	return nil
}

// tableActiveTimeout bounds the wait for a created table to become ACTIVE.
const tableActiveTimeout = time.Minute

// tableInput turns one configured table into a CreateTable call.
func tableInput(name string, def map[string]any) (*dynamodb.CreateTableInput, error) {
	if _, cfn := def["KeySchema"]; cfn {
		data, err := json.Marshal(def)
		if err != nil {
			return nil, err
		}
		in := &dynamodb.CreateTableInput{}
		if err := json.Unmarshal(data, in); err != nil {
			return nil, fmt.Errorf("not a valid AWS::DynamoDB::Table definition: %v", err)
		}
		if in.TableName == nil {
			in.TableName = aws.String(name)
		}
		if in.ProvisionedThroughput == nil {
			in.BillingMode = types.BillingModePayPerRequest
		}
		return in, nil
	}
	hash, _ := def["hashKey"].(string)
	if hash == "" {
		return nil, errors.New("give hashKey (and optionally hashKeyType, rangeKey, rangeKeyType), or the table's CloudFormation Properties with KeySchema")
	}
	in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest}
	for _, k := range []struct{ name, typeKey string }{{"hashKey", "hashKeyType"}, {"rangeKey", "rangeKeyType"}} {
		attr, _ := def[k.name].(string)
		if attr == "" {
			continue
		}
		t, _ := def[k.typeKey].(string)
		if t == "" {
			t = "S"
		}
		switch strings.ToUpper(t) {
		case "S", "N", "B":
		default:
			return nil, fmt.Errorf("%s %q: use S, N or B", k.typeKey, t)
		}
		kt := types.KeyTypeHash
		if k.name == "rangeKey" {
			kt = types.KeyTypeRange
		}
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String(attr), KeyType: kt})
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String(attr), AttributeType: types.ScalarAttributeType(strings.ToUpper(t))})
	}
	for key := range def {
		switch key {
		case "hashKey", "hashKeyType", "rangeKey", "rangeKeyType":
		default:
			return nil, fmt.Errorf("unknown key %q: the short form takes hashKey, hashKeyType, rangeKey and rangeKeyType", key)
		}
	}
	return in, nil
}
