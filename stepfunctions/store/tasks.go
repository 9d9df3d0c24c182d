package store

import (
	"context"
	"errors"
	"time"
)

// ErrTaskClosed is returned by CloseTask for a task that already ended
// (succeeded, failed or timed out): a task token is used at most once.
var ErrTaskClosed = errors.New("task already closed")

// Task statuses. A task is open while SCHEDULED (waiting for a worker or a
// callback) or STARTED (handed to an activity worker); the other statuses
// are final.
const (
	TaskScheduled = "SCHEDULED"
	TaskStarted   = "STARTED"
	TaskSucceeded = "SUCCEEDED"
	TaskFailed    = "FAILED"
	TaskTimedOut  = "TIMED_OUT"
)

// Activity is one registered activity (CreateActivity).
type Activity struct {
	ARN, Name string
	Created   time.Time
	Tags      map[string]string
}

// TaskRecord is one task that waits for the outside world: an activity task
// (ActivityARN set) waiting for a worker, or a callback waiting for
// SendTaskSuccess/SendTaskFailure with its token. It is a plain record so
// that a durable store can keep it across restarts.
type TaskRecord struct {
	// Token is the task token, unique.
	Token string
	// ExecutionARN and StateName say which execution and state wait.
	ExecutionARN, StateName string
	// ActivityARN is set for activity tasks; empty for callbacks.
	ActivityARN string
	// Input is the task's input as JSON text (what GetActivityTask returns).
	Input string
	// Status is one of the Task* statuses.
	Status string
	// Worker is the workerName of the GetActivityTask that took it.
	Worker string
	// Scheduled is when the task was created, Heartbeat the last time a
	// worker showed life (start or SendTaskHeartbeat).
	Scheduled, Heartbeat time.Time
	// TimeoutSeconds and HeartbeatSeconds are the state's limits (0 = none).
	TimeoutSeconds, HeartbeatSeconds int64
	// Output (JSON text), Error and Cause are the result a closed task
	// ended with. They are kept so that an execution resumed after a crash
	// between SendTaskSuccess and the history event still gets the result.
	Output, Error, Cause string
}

// TaskEnd is how a task ends: its final status and result.
type TaskEnd struct {
	Status               string // TaskSucceeded, TaskFailed or TaskTimedOut
	Output, Error, Cause string
}

// Open reports whether the task still waits for a result.
func (t *TaskRecord) Open() bool { return t.Status == TaskScheduled || t.Status == TaskStarted }

// TaskStore keeps activities and waiting tasks. It is a separate interface
// from Store so that stores grow it independently; the engine needs it for
// activities and task tokens. Implementations are safe for concurrent use
// and make each call atomic.
type TaskStore interface {
	// CreateActivity adds a; ErrExists if its ARN is taken.
	CreateActivity(ctx context.Context, a *Activity) error
	// GetActivity returns a copy; ErrNotFound if none.
	GetActivity(ctx context.Context, arn string) (*Activity, error)
	// ListActivities returns every activity sorted by creation time, then name.
	ListActivities(ctx context.Context) ([]*Activity, error)
	// DeleteActivity removes an activity; a missing one is not an error.
	DeleteActivity(ctx context.Context, arn string) error

	// PutTask adds a new open task; ErrExists if its token is taken.
	PutTask(ctx context.Context, t *TaskRecord) error
	// GetTask returns a copy of the task with token; ErrNotFound if none.
	GetTask(ctx context.Context, token string) (*TaskRecord, error)
	// ClaimTask hands the oldest SCHEDULED task of activityARN to worker:
	// it becomes STARTED with Worker and Heartbeat set, atomically, so two
	// callers never get the same task. ErrNotFound if none is waiting.
	ClaimTask(ctx context.Context, activityARN, worker string, now time.Time) (*TaskRecord, error)
	// HeartbeatTask sets an open task's Heartbeat; ErrNotFound if none,
	// ErrTaskClosed if it ended.
	HeartbeatTask(ctx context.Context, token string, now time.Time) error
	// CloseTask moves an open task to end's status, keeping its result, and
	// returns the record as it was; ErrNotFound if none, ErrTaskClosed (with
	// the record) if it had already ended.
	CloseTask(ctx context.Context, token string, end TaskEnd) (*TaskRecord, error)
	// OpenTasks returns the open tasks of an execution ("" = all), oldest
	// first, for resuming after a restart.
	OpenTasks(ctx context.Context, executionARN string) ([]*TaskRecord, error)
}
