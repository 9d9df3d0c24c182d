package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned for a state machine or execution the store does not hold.
var ErrNotFound = errors.New("not found")

// ErrExists is returned by CreateStateMachine for an ARN already in use.
var ErrExists = errors.New("already exists")

// Machine types.
const (
	TypeStandard = "STANDARD"
	TypeExpress  = "EXPRESS"
)

// Execution statuses, as the API reports them.
const (
	StatusRunning   = "RUNNING"
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
)

// StateMachine is one registered state machine.
type StateMachine struct {
	ARN, Name, Type, RoleARN string
	Definition               string // the JSON text as given
	Created                  time.Time
	RevisionID               string
	Tags                     map[string]string
	// Extra holds API fields we keep and return unchanged (loggingConfiguration, ...).
	Extra map[string]any
}

// Execution is one execution's summary. Output, Error and Cause are set once it closes.
type Execution struct {
	ARN, Name, StateMachineARN string
	Status                     string
	Input                      string
	Output                     *string
	Error, Cause               *string
	Started                    time.Time
	Stopped                    *time.Time
	// Definition is the machine's definition at start, for
	// DescribeStateMachineForExecution.
	Definition string
	RoleARN    string
	// MapRunARN is set on child executions of a distributed Map.
	MapRunARN string
	// StateMachineVersionARN and StateMachineAliasARN are set on executions
	// started on a version or an alias.
	StateMachineVersionARN, StateMachineAliasARN string
	// MockTestCase is the Step Functions Local mock test case the execution
	// runs (the #TestCase suffix it was started with), so that a run
	// resumed after a restart is mocked the same.
	MockTestCase string `json:",omitempty"`
	// RedriveCount is how often RedriveExecution restarted the execution,
	// RedriveDate when it last did (nil: never).
	RedriveCount int
	RedriveDate  *time.Time
}

// Closed reports whether the execution has finished.
func (e *Execution) Closed() bool { return e.Status != StatusRunning }

// Event is one history event. Details is the JSON object AWS puts under
// DetailsKey (nil = no details).
type Event struct {
	ID, PreviousID int64
	Timestamp      time.Time
	Type           string
	Details        map[string]any
	// Key names the event's place in the run independently of timing, so an
	// execution resumed after a restart recognises the events it already
	// recorded (the engine makes it). It is not part of the API.
	Key string `json:",omitempty"`
}

// Store keeps state machines, executions and histories. Implementations are
// safe for concurrent use. A durable store must make each call atomic:
// FinishExecution writes the closing events and the new status together, so
// a crash leaves either both or neither.
type Store interface {
	// CreateStateMachine adds sm; ErrExists if its ARN is taken.
	CreateStateMachine(ctx context.Context, sm *StateMachine) error
	// UpdateStateMachine replaces the stored machine with sm's ARN; ErrNotFound if none.
	UpdateStateMachine(ctx context.Context, sm *StateMachine) error
	// GetStateMachine returns a copy of the machine; ErrNotFound if none.
	GetStateMachine(ctx context.Context, arn string) (*StateMachine, error)
	// DeleteStateMachine removes the machine; deleting a missing one is not an error.
	DeleteStateMachine(ctx context.Context, arn string) error
	// ListStateMachines returns every machine sorted by creation time, then name.
	ListStateMachines(ctx context.Context) ([]*StateMachine, error)

	// CreateExecution adds e with its first events unless an execution with
	// its ARN exists, in which case it returns that one and created=false.
	CreateExecution(ctx context.Context, e *Execution, events []Event) (existing *Execution, created bool, err error)
	// AppendEvents adds events to a running execution's history.
	AppendEvents(ctx context.Context, arn string, events []Event) error
	// FinishExecution records the closing events and the final status fields of e.
	FinishExecution(ctx context.Context, e *Execution, events []Event) error
	// GetExecution returns a copy of the execution; ErrNotFound if none.
	GetExecution(ctx context.Context, arn string) (*Execution, error)
	// ListExecutions returns the machine's executions (status "" = any),
	// newest first; mapRunARN selects a distributed Map's children.
	ListExecutions(ctx context.Context, machineARN, status, mapRunARN string) ([]*Execution, error)
	// History returns the execution's events in order.
	History(ctx context.Context, arn string) ([]Event, error)
	// Close releases the store.
	Close() error
}
