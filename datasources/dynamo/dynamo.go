package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/smithy-go"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Source is one AMAZON_DYNAMODB data source.
type Source struct {
	Name      string // data source name, for messages
	TableName string // config.tableName; batch and transaction requests name their own tables
	Client    Client
	// Versioned is config.versioned: conflict detection (_version,
	// optimistic concurrency), soft deletes and Sync.
	Versioned bool
	// BaseTableTTL is config.deltaSyncConfig.baseTableTTL of a versioned
	// source: how long a deleted item stays as a tombstone (its _ttl);
	// zero means DefaultBaseTableTTL. Optional.
	BaseTableTTL time.Duration
	// Now is the clock of a versioned source (_lastChangedAt, _ttl,
	// startedAt); nil means time.Now.
	Now func() time.Time
}

// The errorType of errors that are not DynamoDB's own.
const (
	// TypeMappingTemplate is a request document AppSync cannot run.
	TypeMappingTemplate = "MappingTemplate"
	// TypeInvalidToken is an unusable nextToken, typed as on AppSync.
	TypeInvalidToken = "DynamoDB:UserIllegalArgumentException"
	// TypeClient is a call that got no answer from DynamoDB (the endpoint
	// is unreachable, the request was cancelled).
	TypeClient = "DynamoDB:SdkClientException"
)

// Error is a failed invocation: Type is AppSync's errorType
// ("DynamoDB:ConditionalCheckFailedException", "MappingTemplate", ...) and
// Message its message. Err is the DynamoDB client's error, if any.
type Error struct {
	Type    string
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message }

// ErrorType returns AppSync's errorType.
func (e *Error) ErrorType() string { return e.Type }

func (e *Error) Unwrap() error { return e.Err }

// Code returns the DynamoDB exception name of a "DynamoDB:" error
// ("ConditionalCheckFailedException"), or "".
func (e *Error) Code() string {
	code, _ := strings.CutPrefix(e.Type, "DynamoDB:")
	if code == e.Type {
		return ""
	}
	return code
}

// apiError converts an error of the DynamoDB client.
func apiError(err error) *Error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		msg := ae.ErrorMessage()
		if msg == "" {
			msg = ae.ErrorCode()
		}
		return &Error{Type: "DynamoDB:" + ae.ErrorCode(), Message: msg, Err: err}
	}
	// The SDK checks required parameters before it sends anything.
	var ip smithy.InvalidParamsError
	if errors.As(err, &ip) {
		return &Error{Type: "DynamoDB:ValidationException", Message: strings.TrimSpace(ip.Error()), Err: err}
	}
	return &Error{Type: TypeClient, Message: "Unable to execute the DynamoDB request: " + err.Error(), Err: err}
}

const (
	version2017 = "2017-02-28"
	version2018 = "2018-05-29"
)

type operation func(s *Source, ctx context.Context, req object) (any, error)

// operations maps each operation name to its implementation; newer says the
// operation needs the 2018-05-29 template version, named that it names its
// tables.
var operations = map[string]struct {
	run          operation
	newer, named bool
}{
	"GetItem":            {(*Source).getItem, false, false},
	"PutItem":            {(*Source).putItem, false, false},
	"UpdateItem":         {(*Source).updateItem, false, false},
	"DeleteItem":         {(*Source).deleteItem, false, false},
	"Query":              {(*Source).query, false, false},
	"Scan":               {(*Source).scan, false, false},
	"Sync":               {(*Source).sync, true, false},
	"BatchGetItem":       {(*Source).batchGetItem, true, true},
	"BatchPutItem":       {(*Source).batchPutItem, true, true},
	"BatchDeleteItem":    {(*Source).batchDeleteItem, true, true},
	"TransactGetItems":   {(*Source).transactGetItems, true, true},
	"TransactWriteItems": {(*Source).transactWriteItems, true, true},
}

const operationList = "GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, Sync, BatchGetItem, BatchPutItem, BatchDeleteItem, TransactGetItems and TransactWriteItems"

// Invoke runs one request document and returns AppSync's invocation result.
// Errors are *Error; with some (a failed condition, a cancelled
// transaction) the result is returned too, as the error's data.
func (s *Source) Invoke(ctx context.Context, req *value.Map) (any, error) {
	doc := object{req, "$"}
	version, hasVersion, err := doc.string("version", false)
	if err != nil {
		return nil, err
	}
	// APPSYNC_JS request objects carry no version.
	if hasVersion && version != version2017 && version != version2018 {
		return nil, mappingErrorf("Unsupported template version '%s': the DynamoDB data source supports %s and %s.", version, version2017, version2018)
	}
	name, _, err := doc.string("operation", true)
	if err != nil {
		return nil, err
	}
	op, ok := operations[name]
	if !ok {
		return nil, mappingErrorf("Unsupported operation '%s'. DynamoDB data sources support %s.", name, operationList)
	}
	if op.newer && version == version2017 {
		return nil, mappingErrorf("Operation %s requires template version %s, got %s.", name, version2018, version)
	}
	if s.Client == nil {
		return nil, &Error{Type: TypeClient, Message: fmt.Sprintf("Data source %s has no DynamoDB client.", s.Name)}
	}
	if !op.named && s.TableName == "" {
		return nil, &Error{Type: "DynamoDB:ValidationException", Message: fmt.Sprintf("Data source %s has no table name (config.tableName).", s.Name)}
	}
	return op.run(s, ctx, doc)
}

// noVersion refuses _version, which AppSync supports on versioned data
// sources only.
func (s *Source) noVersion(req object) error {
	if _, ok := req.get("_version"); ok {
		return mappingErrorf("'%s' is only supported on versioned data sources (conflict detection); data source %s is not versioned.", member(req.path, "_version"), s.Name)
	}
	return nil
}
