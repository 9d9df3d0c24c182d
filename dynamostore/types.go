package dynamostore

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// The request and response documents of the DynamoDB API (AWS JSON 1.0),
// with DynamoDB's own field names so that encoding/json reads and writes
// exactly what the SDKs send and expect. Optional scalars are pointers where
// DynamoDB tells "absent" from "zero" (Limit, Segment, ScanIndexForward, ...).

// KeySchemaElement is one attribute of a primary or index key.
type KeySchemaElement struct {
	AttributeName string
	KeyType       string // HASH or RANGE
}

// AttributeDefinition declares the type (S, N or B) of a key attribute.
type AttributeDefinition struct {
	AttributeName string
	AttributeType string
}

// Projection says which attributes a secondary index copies.
type Projection struct {
	ProjectionType   string   `json:",omitempty"` // ALL, KEYS_ONLY or INCLUDE
	NonKeyAttributes []string `json:",omitempty"`
}

// ProvisionedThroughput is accepted and echoed; the store does not throttle.
type ProvisionedThroughput struct {
	ReadCapacityUnits  *int64 `json:",omitempty"`
	WriteCapacityUnits *int64 `json:",omitempty"`
}

// ProvisionedThroughputDescription is ProvisionedThroughput as described.
type ProvisionedThroughputDescription struct {
	NumberOfDecreasesToday int64
	ReadCapacityUnits      int64
	WriteCapacityUnits     int64
}

// GlobalSecondaryIndex is a GSI in CreateTable and UpdateTable.
type GlobalSecondaryIndex struct {
	IndexName             string
	KeySchema             []KeySchemaElement
	Projection            *Projection
	ProvisionedThroughput *ProvisionedThroughput `json:",omitempty"`
}

// LocalSecondaryIndex is an LSI in CreateTable.
type LocalSecondaryIndex struct {
	IndexName  string
	KeySchema  []KeySchemaElement
	Projection *Projection
}

// GlobalSecondaryIndexDescription describes a GSI.
type GlobalSecondaryIndexDescription struct {
	IndexName             string
	KeySchema             []KeySchemaElement
	Projection            *Projection
	IndexStatus           string
	Backfilling           *bool `json:",omitempty"`
	ProvisionedThroughput *ProvisionedThroughputDescription
	IndexSizeBytes        int64
	ItemCount             int64
	IndexArn              string
}

// LocalSecondaryIndexDescription describes an LSI.
type LocalSecondaryIndexDescription struct {
	IndexName      string
	KeySchema      []KeySchemaElement
	Projection     *Projection
	IndexSizeBytes int64
	ItemCount      int64
	IndexArn       string
}

// BillingModeSummary tells PROVISIONED from PAY_PER_REQUEST.
type BillingModeSummary struct {
	BillingMode                       string
	LastUpdateToPayPerRequestDateTime float64 `json:",omitempty"`
}

// StreamSpecification is accepted and echoed; the store has no streams.
type StreamSpecification struct {
	StreamEnabled  bool
	StreamViewType string `json:",omitempty"`
}

// Tag is accepted by CreateTable and ignored.
type Tag struct{ Key, Value string }

// TableDescription is what CreateTable, DescribeTable, UpdateTable and
// DeleteTable return. Counts and sizes are live, not six-hourly.
type TableDescription struct {
	AttributeDefinitions      []AttributeDefinition
	TableName                 string
	KeySchema                 []KeySchemaElement
	TableStatus               string
	CreationDateTime          float64
	ProvisionedThroughput     *ProvisionedThroughputDescription
	TableSizeBytes            int64
	ItemCount                 int64
	TableArn                  string
	TableId                   string
	BillingModeSummary        *BillingModeSummary               `json:",omitempty"`
	LocalSecondaryIndexes     []LocalSecondaryIndexDescription  `json:",omitempty"`
	GlobalSecondaryIndexes    []GlobalSecondaryIndexDescription `json:",omitempty"`
	StreamSpecification       *StreamSpecification              `json:",omitempty"`
	DeletionProtectionEnabled bool
}

// CreateTableInput is the CreateTable request.
type CreateTableInput struct {
	TableName                 string
	KeySchema                 []KeySchemaElement
	AttributeDefinitions      []AttributeDefinition
	GlobalSecondaryIndexes    []GlobalSecondaryIndex
	LocalSecondaryIndexes     []LocalSecondaryIndex
	BillingMode               string
	ProvisionedThroughput     *ProvisionedThroughput
	StreamSpecification       *StreamSpecification
	Tags                      []Tag
	DeletionProtectionEnabled *bool
	TableClass                string
}

// CreateTableOutput is the CreateTable response.
type CreateTableOutput struct{ TableDescription *TableDescription }

// DeleteTableInput is the DeleteTable request.
type DeleteTableInput struct{ TableName string }

// DeleteTableOutput is the DeleteTable response.
type DeleteTableOutput struct{ TableDescription *TableDescription }

// DescribeTableInput is the DescribeTable request.
type DescribeTableInput struct{ TableName string }

// DescribeTableOutput is the DescribeTable response.
type DescribeTableOutput struct{ Table *TableDescription }

// ListTablesInput is the ListTables request.
type ListTablesInput struct {
	ExclusiveStartTableName *string
	Limit                   *int64
}

// ListTablesOutput is the ListTables response.
type ListTablesOutput struct {
	TableNames             []string
	LastEvaluatedTableName string `json:",omitempty"`
}

// GlobalSecondaryIndexUpdate is one Create, Delete or Update (throughput
// only, recorded and not enforced) of UpdateTable.
type GlobalSecondaryIndexUpdate struct {
	Create *GlobalSecondaryIndex
	Delete *DeleteGlobalSecondaryIndexAction
	Update *UpdateGlobalSecondaryIndexAction
}

// DeleteGlobalSecondaryIndexAction names the index UpdateTable deletes.
type DeleteGlobalSecondaryIndexAction struct{ IndexName string }

// UpdateGlobalSecondaryIndexAction changes an index's throughput.
type UpdateGlobalSecondaryIndexAction struct {
	IndexName             string
	ProvisionedThroughput *ProvisionedThroughput
}

// UpdateTableInput is the UpdateTable request.
type UpdateTableInput struct {
	TableName                   string
	AttributeDefinitions        []AttributeDefinition
	GlobalSecondaryIndexUpdates []GlobalSecondaryIndexUpdate
	BillingMode                 string
	ProvisionedThroughput       *ProvisionedThroughput
	StreamSpecification         *StreamSpecification
	DeletionProtectionEnabled   *bool
	TableClass                  string
}

// UpdateTableOutput is the UpdateTable response.
type UpdateTableOutput struct{ TableDescription *TableDescription }

// TimeToLiveSpecification turns TTL on or off for an attribute.
type TimeToLiveSpecification struct {
	AttributeName string
	Enabled       *bool
}

// UpdateTimeToLiveInput is the UpdateTimeToLive request.
type UpdateTimeToLiveInput struct {
	TableName               string
	TimeToLiveSpecification *TimeToLiveSpecification
}

// UpdateTimeToLiveOutput is the UpdateTimeToLive response.
type UpdateTimeToLiveOutput struct{ TimeToLiveSpecification *TimeToLiveSpecification }

// DescribeTimeToLiveInput is the DescribeTimeToLive request.
type DescribeTimeToLiveInput struct{ TableName string }

// TimeToLiveDescription is the TTL state of a table.
type TimeToLiveDescription struct {
	TimeToLiveStatus string // ENABLED or DISABLED
	AttributeName    string `json:",omitempty"`
}

// DescribeTimeToLiveOutput is the DescribeTimeToLive response.
type DescribeTimeToLiveOutput struct{ TimeToLiveDescription *TimeToLiveDescription }

// Capacity is one entry of ConsumedCapacity.
type Capacity struct {
	CapacityUnits float64
}

// ConsumedCapacity is returned when ReturnConsumedCapacity is TOTAL or
// INDEXES; the units are DynamoDB's (4 KB reads, 1 KB writes).
type ConsumedCapacity struct {
	TableName              string
	CapacityUnits          float64
	ReadCapacityUnits      float64              `json:",omitempty"`
	WriteCapacityUnits     float64              `json:",omitempty"`
	Table                  *Capacity            `json:",omitempty"`
	GlobalSecondaryIndexes map[string]*Capacity `json:",omitempty"`
	LocalSecondaryIndexes  map[string]*Capacity `json:",omitempty"`
}

// GetItemInput is the GetItem request.
type GetItemInput struct {
	TableName                string
	Key                      attr.Item
	ProjectionExpression     *string
	ExpressionAttributeNames map[string]string
	ConsistentRead           *bool
	ReturnConsumedCapacity   string
	AttributesToGet          []string
}

// GetItemOutput is the GetItem response; Item is nil when there is none.
type GetItemOutput struct {
	Item             attr.Item         `json:",omitzero"`
	ConsumedCapacity *ConsumedCapacity `json:",omitempty"`
}

// PutItemInput is the PutItem request.
type PutItemInput struct {
	TableName                           string
	Item                                attr.Item
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValues                        string
	ReturnValuesOnConditionCheckFailure string
	ReturnConsumedCapacity              string
	ReturnItemCollectionMetrics         string
	Expected                            map[string]any
	ConditionalOperator                 string
}

// PutItemOutput is the PutItem response.
type PutItemOutput struct {
	Attributes       attr.Item         `json:",omitempty"`
	ConsumedCapacity *ConsumedCapacity `json:",omitempty"`
}

// UpdateItemInput is the UpdateItem request.
type UpdateItemInput struct {
	TableName                           string
	Key                                 attr.Item
	UpdateExpression                    *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValues                        string
	ReturnValuesOnConditionCheckFailure string
	ReturnConsumedCapacity              string
	ReturnItemCollectionMetrics         string
	AttributeUpdates                    map[string]any
	Expected                            map[string]any
	ConditionalOperator                 string
}

// UpdateItemOutput is the UpdateItem response.
type UpdateItemOutput struct {
	Attributes       attr.Item         `json:",omitempty"`
	ConsumedCapacity *ConsumedCapacity `json:",omitempty"`
}

// DeleteItemInput is the DeleteItem request.
type DeleteItemInput struct {
	TableName                           string
	Key                                 attr.Item
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValues                        string
	ReturnValuesOnConditionCheckFailure string
	ReturnConsumedCapacity              string
	ReturnItemCollectionMetrics         string
	Expected                            map[string]any
	ConditionalOperator                 string
}

// DeleteItemOutput is the DeleteItem response.
type DeleteItemOutput struct {
	Attributes       attr.Item         `json:",omitempty"`
	ConsumedCapacity *ConsumedCapacity `json:",omitempty"`
}

// QueryInput is the Query request.
type QueryInput struct {
	TableName                 string
	IndexName                 *string
	KeyConditionExpression    *string
	FilterExpression          *string
	ProjectionExpression      *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues ExprValues
	Select                    string
	ScanIndexForward          *bool
	Limit                     *int64
	ExclusiveStartKey         attr.Item
	ConsistentRead            *bool
	ReturnConsumedCapacity    string
	AttributesToGet           []string
	KeyConditions             map[string]any
	QueryFilter               map[string]any
	ConditionalOperator       string
}

// QueryOutput is the Query response.
type QueryOutput struct {
	Items            []attr.Item `json:",omitzero"` // nil for Select COUNT
	Count            int64
	ScannedCount     int64
	LastEvaluatedKey attr.Item         `json:",omitempty"`
	ConsumedCapacity *ConsumedCapacity `json:",omitempty"`
}

// ScanInput is the Scan request.
type ScanInput struct {
	TableName                 string
	IndexName                 *string
	FilterExpression          *string
	ProjectionExpression      *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues ExprValues
	Select                    string
	Limit                     *int64
	ExclusiveStartKey         attr.Item
	Segment                   *int64
	TotalSegments             *int64
	ConsistentRead            *bool
	ReturnConsumedCapacity    string
	AttributesToGet           []string
	ScanFilter                map[string]any
	ConditionalOperator       string
}

// ScanOutput is the Scan response.
type ScanOutput = QueryOutput

// KeysAndAttributes is one table's part of BatchGetItem.
type KeysAndAttributes struct {
	Keys                     []attr.Item
	ProjectionExpression     *string           `json:",omitempty"`
	ExpressionAttributeNames map[string]string `json:",omitempty"`
	ConsistentRead           *bool             `json:",omitempty"`
	AttributesToGet          []string          `json:",omitempty"`
}

// BatchGetItemInput is the BatchGetItem request.
type BatchGetItemInput struct {
	RequestItems           map[string]*KeysAndAttributes
	ReturnConsumedCapacity string
}

// BatchGetItemOutput is the BatchGetItem response. UnprocessedKeys is always
// empty: the store answers every key.
type BatchGetItemOutput struct {
	Responses        map[string][]attr.Item
	UnprocessedKeys  map[string]*KeysAndAttributes
	ConsumedCapacity []*ConsumedCapacity `json:",omitempty"`
}

// PutRequest is a put within BatchWriteItem.
type PutRequest struct{ Item attr.Item }

// DeleteRequest is a delete within BatchWriteItem.
type DeleteRequest struct{ Key attr.Item }

// WriteRequest is one request of BatchWriteItem: exactly one of the two.
type WriteRequest struct {
	PutRequest    *PutRequest    `json:",omitempty"`
	DeleteRequest *DeleteRequest `json:",omitempty"`
}

// BatchWriteItemInput is the BatchWriteItem request.
type BatchWriteItemInput struct {
	RequestItems                map[string][]*WriteRequest
	ReturnConsumedCapacity      string
	ReturnItemCollectionMetrics string
}

// BatchWriteItemOutput is the BatchWriteItem response; UnprocessedItems is
// always empty.
type BatchWriteItemOutput struct {
	UnprocessedItems map[string][]*WriteRequest
	ConsumedCapacity []*ConsumedCapacity `json:",omitempty"`
}

// Get is one read of TransactGetItems.
type Get struct {
	TableName                string
	Key                      attr.Item
	ProjectionExpression     *string
	ExpressionAttributeNames map[string]string
}

// TransactGetItem wraps a Get.
type TransactGetItem struct{ Get *Get }

// TransactGetItemsInput is the TransactGetItems request.
type TransactGetItemsInput struct {
	TransactItems          []*TransactGetItem
	ReturnConsumedCapacity string
}

// ItemResponse is one answer of TransactGetItems; Item is nil when absent.
type ItemResponse struct {
	Item attr.Item `json:",omitzero"`
}

// TransactGetItemsOutput is the TransactGetItems response, in request order.
type TransactGetItemsOutput struct {
	Responses        []ItemResponse
	ConsumedCapacity []*ConsumedCapacity `json:",omitempty"`
}

// ConditionCheck is a condition on an item that TransactWriteItems checks
// without writing it.
type ConditionCheck struct {
	TableName                           string
	Key                                 attr.Item
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValuesOnConditionCheckFailure string
}

// Put is a put within TransactWriteItems.
type Put struct {
	TableName                           string
	Item                                attr.Item
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValuesOnConditionCheckFailure string
}

// Update is an update within TransactWriteItems.
type Update struct {
	TableName                           string
	Key                                 attr.Item
	UpdateExpression                    *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValuesOnConditionCheckFailure string
}

// Delete is a delete within TransactWriteItems.
type Delete struct {
	TableName                           string
	Key                                 attr.Item
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           ExprValues
	ReturnValuesOnConditionCheckFailure string
}

// TransactWriteItem holds exactly one of its four actions.
type TransactWriteItem struct {
	ConditionCheck *ConditionCheck
	Put            *Put
	Update         *Update
	Delete         *Delete
}

// TransactWriteItemsInput is the TransactWriteItems request.
type TransactWriteItemsInput struct {
	TransactItems               []*TransactWriteItem
	ClientRequestToken          *string
	ReturnConsumedCapacity      string
	ReturnItemCollectionMetrics string
}

// TransactWriteItemsOutput is the TransactWriteItems response.
type TransactWriteItemsOutput struct {
	ConsumedCapacity []*ConsumedCapacity `json:",omitempty"`
}

// ExprValues is an ExpressionAttributeValues parameter: the values of the
// :placeholders of a request's expressions. An invalid value is reported as
// DynamoDB does, naming the placeholder: "ExpressionAttributeValues contains
// invalid value: <why> for key :v".
type ExprValues map[string]attr.Value

// UnmarshalJSON decodes the values as attr.Item does, wrapping the message
// of an invalid value (an *attr.Error) with the placeholder it belongs to.
func (v *ExprValues) UnmarshalJSON(data []byte) error {
	var it attr.Item
	err := json.Unmarshal(data, &it)
	var ae *attr.Error
	if !errors.As(err, &ae) {
		*v = ExprValues(it)
		return err
	}
	// Find the first invalid placeholder, in the order attr.Item checks.
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) == nil {
		for _, k := range slices.Sorted(maps.Keys(raw)) {
			one, _ := json.Marshal(map[string]json.RawMessage{k: raw[k]})
			var single attr.Item
			if err := json.Unmarshal(one, &single); errors.As(err, &ae) {
				return &attr.Error{Msg: "ExpressionAttributeValues contains invalid value: " + ae.Msg + " for key " + k}
			}
		}
	}
	return err
}
