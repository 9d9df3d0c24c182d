package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// tokenPrefix starts every task token this engine issues; a token without
// it is malformed (InvalidToken), one with it but unknown is
// TaskDoesNotExist, as AWS distinguishes them.
const tokenPrefix = "AQAAAL1"

// maxTokenLen is AWS's limit on a task token's length.
const maxTokenLen = 2048

// defaultPollTimeout is how long GetActivityTask waits for a task, as AWS.
const defaultPollTimeout = 60 * time.Second

func (e *Engine) newToken() string { return tokenPrefix + e.p.NewID() }

// callbacks is the in-process side of tasks that wait for the outside
// world: the executions waiting on a token and the pollers waiting on an
// activity. The records themselves live in the store.TaskStore.
type callbacks struct {
	mu      sync.Mutex
	waiting map[string]*waiter       // token → the execution waiting for it
	polls   map[string]chan struct{} // activity ARN → closed when a task is queued
	pollers map[string]int           // activity ARN → GetActivityTask calls in progress
}

func newCallbacks() *callbacks {
	return &callbacks{waiting: map[string]*waiter{}, polls: map[string]chan struct{}{}, pollers: map[string]int{}}
}

// maxPollers is AWS's limit on concurrent GetActivityTask calls per activity.
const maxPollers = 1000

// enter counts a poller in; false if the activity has maxPollers already.
func (c *callbacks) enter(arn string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pollers[arn] >= maxPollers {
		return false
	}
	c.pollers[arn]++
	return true
}

func (c *callbacks) leave(arn string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pollers[arn]--; c.pollers[arn] <= 0 {
		delete(c.pollers, arn)
	}
}

// pollChan returns the channel that is closed when the next task of
// activity arn is queued. Take it before trying to claim, so a task queued
// between the claim and the wait is not missed.
func (c *callbacks) pollChan(arn string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := c.polls[arn]
	if ch == nil {
		ch = make(chan struct{})
		c.polls[arn] = ch
	}
	return ch
}

// queued wakes every poller of activity arn.
func (c *callbacks) queued(arn string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch := c.polls[arn]; ch != nil {
		close(ch)
		delete(c.polls, arn)
	}
}

func (c *callbacks) add(token string, w *waiter) {
	c.mu.Lock()
	c.waiting[token] = w
	c.mu.Unlock()
}

func (c *callbacks) remove(token string) {
	c.mu.Lock()
	delete(c.waiting, token)
	c.mu.Unlock()
}

func (c *callbacks) get(token string) *waiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waiting[token]
}

// signal is something that happened to a waiting task.
type signal struct {
	kind   int // sigStarted, sigHeartbeat, sigSuccess, sigFailure
	worker string
	output any
	err    *asl.Error
}

const (
	sigStarted = iota
	sigHeartbeat
	sigSuccess
	sigFailure
)

// waiter is an execution waiting for its task's signals, in the order they
// were sent; sending never blocks.
type waiter struct {
	mu      sync.Mutex
	signals []signal
	notify  chan struct{}
}

func newWaiter() *waiter { return &waiter{notify: make(chan struct{}, 1)} }

func (w *waiter) send(s signal) {
	w.mu.Lock()
	w.signals = append(w.signals, s)
	w.mu.Unlock()
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

func (w *waiter) take() []signal {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.signals
	w.signals = nil
	return s
}

func (e *Engine) taskStore() (store.TaskStore, *Error) {
	if e.tst == nil {
		return nil, apiErr("UnsupportedOperation", "The Step Functions store in use keeps no activities or task tokens")
	}
	return e.tst, nil
}

// ---- activities API ----

// CreateActivityInput is CreateActivity's request.
type CreateActivityInput struct {
	Name string `json:"name"`
	Tags []Tag  `json:"tags"`
}

// CreateActivityOutput is CreateActivity's response.
type CreateActivityOutput struct {
	ActivityArn  string     `json:"activityArn"`
	CreationDate *Timestamp `json:"creationDate"`
}

// DescribeActivityOutput is DescribeActivity's response.
type DescribeActivityOutput struct {
	ActivityArn  string     `json:"activityArn"`
	Name         string     `json:"name"`
	CreationDate *Timestamp `json:"creationDate"`
}

// ActivityListItem is one entry of ListActivities.
type ActivityListItem = DescribeActivityOutput

// GetActivityTaskOutput is GetActivityTask's response: both fields are
// absent when the poll ended without a task, as on AWS.
type GetActivityTaskOutput struct {
	TaskToken *string `json:"taskToken,omitempty"`
	Input     *string `json:"input,omitempty"`
}

func (e *Engine) activityARN(name string) string {
	return "arn:aws:states:" + e.p.Region + ":" + e.p.Account + ":activity:" + name
}

func checkActivityARN(arn string) *Error {
	typ, _, ok := arnParts(arn)
	if !ok {
		return invalidARN(arn)
	}
	if typ != "activity" {
		return apiErr("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "+typ+"'")
	}
	return nil
}

// isActivity reports whether a Task resource is an activity ARN.
func isActivity(resource string) bool {
	typ, _, ok := arnParts(resource)
	return ok && typ == "activity"
}

// CreateActivity registers an activity. Creating one that exists returns
// it, as AWS does (CreateActivity is idempotent by name).
func (e *Engine) CreateActivity(ctx context.Context, in *CreateActivityInput) (*CreateActivityOutput, error) {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return nil, aerr
	}
	if !validName(in.Name) {
		return nil, apiErr("InvalidName", "Invalid Name: '"+in.Name+"'")
	}
	if len(in.Tags) > 50 {
		return nil, apiErr("TooManyTags", "Too many tags: a resource may have at most 50 tags")
	}
	a := &store.Activity{ARN: e.activityARN(in.Name), Name: in.Name, Created: e.p.Now(), Tags: map[string]string{}}
	for _, t := range in.Tags {
		a.Tags[t.Key] = t.Value
	}
	if err := tst.CreateActivity(ctx, a); err != nil {
		if !errors.Is(err, store.ErrExists) {
			return nil, err
		}
		old, gerr := tst.GetActivity(ctx, a.ARN)
		if gerr != nil {
			return nil, gerr
		}
		a = old
	}
	return &CreateActivityOutput{ActivityArn: a.ARN, CreationDate: ts(a.Created)}, nil
}

func (e *Engine) getActivity(ctx context.Context, arn string) (*store.Activity, error) {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return nil, aerr
	}
	if err := checkActivityARN(arn); err != nil {
		return nil, err
	}
	a, err := tst.GetActivity(ctx, arn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apiErr("ActivityDoesNotExist", "Activity Does Not Exist: '"+arn+"'")
	}
	return a, err
}

// DescribeActivity returns an activity; ActivityDoesNotExist if none.
func (e *Engine) DescribeActivity(ctx context.Context, arn string) (*DescribeActivityOutput, error) {
	a, err := e.getActivity(ctx, arn)
	if err != nil {
		return nil, err
	}
	return &DescribeActivityOutput{ActivityArn: a.ARN, Name: a.Name, CreationDate: ts(a.Created)}, nil
}

// ListActivities returns every activity, oldest first.
func (e *Engine) ListActivities(ctx context.Context) ([]ActivityListItem, error) {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return nil, aerr
	}
	list, err := tst.ListActivities(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ActivityListItem, 0, len(list))
	for _, a := range list {
		out = append(out, ActivityListItem{ActivityArn: a.ARN, Name: a.Name, CreationDate: ts(a.Created)})
	}
	return out, nil
}

// DeleteActivity removes an activity; deleting a missing one succeeds, as
// on AWS. Tasks already scheduled on it stay until they time out.
func (e *Engine) DeleteActivity(ctx context.Context, arn string) error {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return aerr
	}
	if err := checkActivityARN(arn); err != nil {
		return err
	}
	return tst.DeleteActivity(ctx, arn)
}

// GetActivityTask hands the oldest scheduled task of an activity to the
// worker, waiting up to PollTimeout (60 s) for one to be scheduled; each
// task goes to exactly one caller. A poll that ends without a task returns
// an empty output; a cancelled ctx returns its error. Errors:
// ActivityDoesNotExist, InvalidArn, ActivityWorkerLimitExceeded (more than
// 1000 concurrent polls on one activity, as AWS).
func (e *Engine) GetActivityTask(ctx context.Context, activityARN, workerName string) (*GetActivityTaskOutput, error) {
	if _, err := e.getActivity(ctx, activityARN); err != nil {
		return nil, err
	}
	if len(workerName) > 80 {
		return nil, apiErr("ValidationException", "1 validation error detected: Value at 'workerName' failed to satisfy constraint: Member must have length less than or equal to 80")
	}
	if !e.cb.enter(activityARN) {
		return nil, apiErr("ActivityWorkerLimitExceeded", "The maximum number of workers concurrently polling for activity tasks (1000) has been reached")
	}
	defer e.cb.leave(activityARN)
	timeout := e.p.PollTimeout
	if timeout <= 0 {
		timeout = defaultPollTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		wake := e.cb.pollChan(activityARN)
		t, err := e.tst.ClaimTask(ctx, activityARN, workerName, e.p.Now())
		if err == nil {
			if w := e.cb.get(t.Token); w != nil {
				w.send(signal{kind: sigStarted, worker: workerName})
			}
			return &GetActivityTaskOutput{TaskToken: &t.Token, Input: &t.Input}, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		select {
		case <-wake:
		case <-timer.C:
			return &GetActivityTaskOutput{}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-e.ctx.Done():
			return &GetActivityTaskOutput{}, nil
		}
	}
}

// checkToken rejects malformed tokens with InvalidToken.
func checkToken(token string) *Error {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > maxTokenLen {
		return apiErr("InvalidToken", "Invalid token")
	}
	return nil
}

// closeErr maps a failed CloseTask or HeartbeatTask to AWS's error.
func closeErr(err error, was *store.TaskRecord) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return apiErr("TaskDoesNotExist", "Task Does Not Exist")
	case errors.Is(err, store.ErrTaskClosed) && was != nil && was.Status == store.TaskTimedOut:
		return apiErr("TaskTimedOut", "Task Timed Out")
	case errors.Is(err, store.ErrTaskClosed):
		return apiErr("TaskDoesNotExist", "Task Does Not Exist")
	}
	return err
}

// SendTaskSuccess completes the task with token with output (a JSON text).
// Errors: InvalidToken, TaskDoesNotExist (unknown or already completed),
// TaskTimedOut, InvalidOutput.
func (e *Engine) SendTaskSuccess(ctx context.Context, token, output string) error {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return aerr
	}
	if err := checkToken(token); err != nil {
		return err
	}
	if len(output) > maxPayload {
		return apiErr("InvalidOutput", "Invalid Output: 'The output exceeds the maximum size of 262144 bytes'")
	}
	v, err := asl.Decode([]byte(output))
	if err != nil {
		return apiErr("InvalidOutput", "Invalid Output: '"+err.Error()+"'")
	}
	was, err := tst.CloseTask(ctx, token, store.TaskEnd{Status: store.TaskSucceeded, Output: output})
	if err != nil {
		return closeErr(err, was)
	}
	if w := e.cb.get(token); w != nil {
		w.send(signal{kind: sigSuccess, output: v})
	}
	return nil
}

// SendTaskFailure fails the task with token with an error name and cause
// (both optional). Errors: InvalidToken, TaskDoesNotExist, TaskTimedOut.
func (e *Engine) SendTaskFailure(ctx context.Context, token, errName, cause string) error {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return aerr
	}
	if err := checkToken(token); err != nil {
		return err
	}
	if len(errName) > 256 {
		return apiErr("ValidationException", "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256")
	}
	if len(cause) > 32768 {
		return apiErr("ValidationException", "1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768")
	}
	was, err := tst.CloseTask(ctx, token, store.TaskEnd{Status: store.TaskFailed, Error: errName, Cause: cause})
	if err != nil {
		return closeErr(err, was)
	}
	if w := e.cb.get(token); w != nil {
		w.send(signal{kind: sigFailure, err: &asl.Error{Name: errName, Cause: cause}})
	}
	return nil
}

// SendTaskHeartbeat tells the engine the task's worker is alive, resetting
// its HeartbeatSeconds clock. Errors: InvalidToken, TaskDoesNotExist,
// TaskTimedOut.
func (e *Engine) SendTaskHeartbeat(ctx context.Context, token string) error {
	tst, aerr := e.taskStore()
	if aerr != nil {
		return aerr
	}
	if err := checkToken(token); err != nil {
		return err
	}
	if err := tst.HeartbeatTask(ctx, token, e.p.Now()); err != nil {
		was, _ := tst.GetTask(ctx, token)
		return closeErr(err, was)
	}
	if w := e.cb.get(token); w != nil {
		w.send(signal{kind: sigHeartbeat})
	}
	return nil
}
