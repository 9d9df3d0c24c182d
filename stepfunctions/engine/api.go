package engine

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// Error is an API error: Code is AWS's error type name (the wire __type,
// such as "StateMachineDoesNotExist") and Message its text. The API layer
// turns it into the wire shape; every other error is an internal failure.
type Error struct {
	Code, Message string
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

func apiErr(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Timestamp is a time that encodes as AWS JSON 1.0 does: epoch seconds with
// millisecond precision.
type Timestamp time.Time

// MarshalJSON implements json.Marshaler.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	sec, frac := math.Modf(f)
	*t = Timestamp(time.Unix(int64(sec), int64(math.Round(frac*1000))*int64(time.Millisecond)))
	return nil
}

func ts(t time.Time) *Timestamp { x := Timestamp(t); return &x }

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// CreateStateMachineInput is CreateStateMachine's request.
type CreateStateMachineInput struct {
	Name                 string         `json:"name"`
	Definition           string         `json:"definition"`
	RoleArn              string         `json:"roleArn"`
	Type                 string         `json:"type"`
	Tags                 []Tag          `json:"tags"`
	LoggingConfiguration map[string]any `json:"loggingConfiguration,omitempty"`
	TracingConfiguration map[string]any `json:"tracingConfiguration,omitempty"`
	Publish              bool           `json:"publish"`
	VersionDescription   string         `json:"versionDescription"`
}

// CreateStateMachineOutput is CreateStateMachine's response.
type CreateStateMachineOutput struct {
	StateMachineArn string     `json:"stateMachineArn"`
	CreationDate    *Timestamp `json:"creationDate"`
	// StateMachineVersionArn is set when the request had publish: true.
	StateMachineVersionArn string `json:"stateMachineVersionArn,omitempty"`
}

// DescribeStateMachineOutput is DescribeStateMachine's response.
type DescribeStateMachineOutput struct {
	StateMachineArn string     `json:"stateMachineArn"`
	Name            string     `json:"name"`
	Status          string     `json:"status,omitempty"`
	Definition      string     `json:"definition"`
	RoleArn         string     `json:"roleArn"`
	Type            string     `json:"type"`
	CreationDate    *Timestamp `json:"creationDate"`
	RevisionID      string     `json:"revisionId,omitempty"`
	// Description is a version's description (DescribeStateMachine on a version ARN).
	Description          string         `json:"description,omitempty"`
	LoggingConfiguration map[string]any `json:"loggingConfiguration,omitempty"`
	TracingConfiguration map[string]any `json:"tracingConfiguration,omitempty"`
}

// UpdateStateMachineInput is UpdateStateMachine's request.
type UpdateStateMachineInput struct {
	StateMachineArn      string         `json:"stateMachineArn"`
	Definition           *string        `json:"definition"`
	RoleArn              *string        `json:"roleArn"`
	LoggingConfiguration map[string]any `json:"loggingConfiguration,omitempty"`
	TracingConfiguration map[string]any `json:"tracingConfiguration,omitempty"`
	// Publish makes a version of the updated machine, described by VersionDescription.
	Publish            bool   `json:"publish"`
	VersionDescription string `json:"versionDescription"`
}

// UpdateStateMachineOutput is UpdateStateMachine's response.
type UpdateStateMachineOutput struct {
	UpdateDate *Timestamp `json:"updateDate"`
	RevisionID string     `json:"revisionId"`
	// StateMachineVersionArn is set when the request had publish: true.
	StateMachineVersionArn string `json:"stateMachineVersionArn,omitempty"`
}

// StateMachineListItem is one entry of ListStateMachines.
type StateMachineListItem struct {
	StateMachineArn string     `json:"stateMachineArn"`
	Name            string     `json:"name"`
	Type            string     `json:"type"`
	CreationDate    *Timestamp `json:"creationDate"`
}

// StartExecutionInput is StartExecution's and StartSyncExecution's request.
type StartExecutionInput struct {
	StateMachineArn string  `json:"stateMachineArn"`
	Name            string  `json:"name"`
	Input           *string `json:"input"`
	TraceHeader     string  `json:"traceHeader"`
}

// StartExecutionOutput is StartExecution's response.
type StartExecutionOutput struct {
	ExecutionArn string     `json:"executionArn"`
	StartDate    *Timestamp `json:"startDate"`
}

// CloudWatchDetails says whether a payload is included (always true here).
type CloudWatchDetails struct {
	Included bool `json:"included"`
}

// StartSyncExecutionOutput is StartSyncExecution's response.
type StartSyncExecutionOutput struct {
	ExecutionArn    string             `json:"executionArn"`
	StateMachineArn string             `json:"stateMachineArn"`
	Name            string             `json:"name"`
	StartDate       *Timestamp         `json:"startDate"`
	StopDate        *Timestamp         `json:"stopDate"`
	Status          string             `json:"status"`
	Input           string             `json:"input"`
	InputDetails    *CloudWatchDetails `json:"inputDetails"`
	Output          *string            `json:"output,omitempty"`
	OutputDetails   *CloudWatchDetails `json:"outputDetails,omitempty"`
	Error           *string            `json:"error,omitempty"`
	Cause           *string            `json:"cause,omitempty"`
	BillingDetails  map[string]int64   `json:"billingDetails"`
}

// DescribeExecutionOutput is DescribeExecution's response.
type DescribeExecutionOutput struct {
	ExecutionArn    string             `json:"executionArn"`
	StateMachineArn string             `json:"stateMachineArn"`
	Name            string             `json:"name"`
	Status          string             `json:"status"`
	StartDate       *Timestamp         `json:"startDate"`
	StopDate        *Timestamp         `json:"stopDate,omitempty"`
	Input           string             `json:"input"`
	InputDetails    *CloudWatchDetails `json:"inputDetails"`
	Output          *string            `json:"output,omitempty"`
	OutputDetails   *CloudWatchDetails `json:"outputDetails,omitempty"`
	Error           *string            `json:"error,omitempty"`
	Cause           *string            `json:"cause,omitempty"`
	MapRunArn       string             `json:"mapRunArn,omitempty"`
	// StateMachineVersionArn is the version run, for executions started
	// on a version or an alias; StateMachineAliasArn the alias, if any.
	StateMachineVersionArn string `json:"stateMachineVersionArn,omitempty"`
	StateMachineAliasArn   string `json:"stateMachineAliasArn,omitempty"`
	RedriveCount           int    `json:"redriveCount"`
	RedriveStatus          string `json:"redriveStatus,omitempty"`
	// RedriveStatusReason says why an execution cannot be redriven.
	RedriveStatusReason string     `json:"redriveStatusReason,omitempty"`
	RedriveDate         *Timestamp `json:"redriveDate,omitempty"`
}

// ExecutionListItem is one entry of ListExecutions.
type ExecutionListItem struct {
	ExecutionArn    string     `json:"executionArn"`
	StateMachineArn string     `json:"stateMachineArn"`
	Name            string     `json:"name"`
	Status          string     `json:"status"`
	StartDate       *Timestamp `json:"startDate"`
	StopDate        *Timestamp `json:"stopDate,omitempty"`
	MapRunArn       string     `json:"mapRunArn,omitempty"`
	// Version, alias and redrive fields, as DescribeExecution has them.
	StateMachineVersionArn string     `json:"stateMachineVersionArn,omitempty"`
	StateMachineAliasArn   string     `json:"stateMachineAliasArn,omitempty"`
	RedriveCount           int        `json:"redriveCount"`
	RedriveDate            *Timestamp `json:"redriveDate,omitempty"`
}

// HistoryEvent is one event as GetExecutionHistory returns it; the details
// object goes under the key DetailsKey(Type).
type HistoryEvent struct {
	ID              int64
	PreviousEventID int64
	Timestamp       time.Time
	Type            string
	Details         map[string]any
}

// MarshalJSON renders the event with its details under the AWS key.
func (e HistoryEvent) MarshalJSON() ([]byte, error) {
	m := map[string]any{"id": e.ID, "previousEventId": e.PreviousEventID, "timestamp": Timestamp(e.Timestamp), "type": e.Type}
	if e.Details != nil {
		if k := DetailsKey(e.Type); k != "" {
			m[k] = e.Details
		}
	}
	return json.Marshal(m)
}

// TestStateInput is TestState's request.
type TestStateInput struct {
	Definition      string         `json:"definition"`
	RoleArn         string         `json:"roleArn"`
	Input           *string        `json:"input"`
	InspectionLevel string         `json:"inspectionLevel"`
	RevealSecrets   bool           `json:"revealSecrets"`
	Variables       *string        `json:"variables"`
	StateName       string         `json:"stateName"`
	Extra           map[string]any `json:"-"`
}

// TestStateOutput is TestState's response.
type TestStateOutput struct {
	Output         *string        `json:"output,omitempty"`
	Error          *string        `json:"error,omitempty"`
	Cause          *string        `json:"cause,omitempty"`
	NextState      string         `json:"nextState,omitempty"`
	Status         string         `json:"status"`
	InspectionData map[string]any `json:"inspectionData,omitempty"`
}

// ValidateDiagnostic is one finding of ValidateStateMachineDefinition.
type ValidateDiagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Location string `json:"location,omitempty"`
}

// ValidateOutput is ValidateStateMachineDefinition's response.
type ValidateOutput struct {
	Result      string               `json:"result"`
	Diagnostics []ValidateDiagnostic `json:"diagnostics"`
	Truncated   bool                 `json:"truncated"`
}
