package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
	"github.com/appsync-local/appsync-local/stepfunctions/store/sqlitestore"
)

// resumeMachine has one of each thing that must survive a restart: a task
// retried with back-off, a Wait, an activity and a callback task.
const resumeMachine = `{"StartAt":"F","States":{
 "F":{"Type":"Task","Resource":"test:flaky","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":10,"BackoffRate":2,"MaxAttempts":3}],"Next":"W"},
 "W":{"Type":"Wait","Seconds":30,"Next":"Act"},
 "Act":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:work","HeartbeatSeconds":3600,"Next":"CB"},
 "CB":{"Type":"Task","Resource":"test:cb.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"Next":"P"},
 "P":{"Type":"Pass","End":true}}}`

// sleepReq is one wait the engine asked for; the test releases it.
type sleepReq struct {
	d       time.Duration
	release chan struct{}
}

// resumeRig runs resumeMachine on engines it can stop and replace over one
// store, with a clock and the engine's sleeps in the test's hands.
type resumeRig struct {
	t      *testing.T
	path   string // "" = one memstore, never restarted
	mem    store.Store
	mu     sync.Mutex
	now    time.Time
	flaky  int // test:flaky invocations
	cb     int // test:cb invocations
	tokens chan string
	sleeps chan sleepReq
	tasks  *engine.Tasks
	st     store.Store
	eng    *engine.Engine
	// seen is closed for each event type in waitFor once the engine has
	// written such an event.
	seenMu sync.Mutex
	seen   map[string]chan struct{}
}

// both is what the engine needs of a store.
type both interface {
	store.Store
	store.TaskStore
}

// noticing tells the rig which events the engine has written, so the test
// restarts the engine only once what it must survive is on disk (an
// integration's submission, a worker's start): writing them races with the
// outside world hearing of them, and a restart before the write runs the
// step again, which is correct (at least once) but not what this test is
// about.
type noticing struct {
	both
	r *resumeRig
}

func (n noticing) AppendEvents(ctx context.Context, arn string, events []store.Event) error {
	err := n.both.AppendEvents(ctx, arn, events)
	for _, ev := range events {
		n.r.notice(ev.Type)
	}
	return err
}

func (r *resumeRig) seenChan(typ string) chan struct{} {
	r.seenMu.Lock()
	defer r.seenMu.Unlock()
	if r.seen == nil {
		r.seen = map[string]chan struct{}{}
	}
	c := r.seen[typ]
	if c == nil {
		c = make(chan struct{})
		r.seen[typ] = c
	}
	return c
}

func (r *resumeRig) notice(typ string) {
	c := r.seenChan(typ)
	r.seenMu.Lock()
	defer r.seenMu.Unlock()
	select {
	case <-c:
	default:
		close(c)
	}
}

// waitFor waits until the engine has written an event of type typ.
func (r *resumeRig) waitFor(typ string) {
	r.t.Helper()
	select {
	case <-r.seenChan(typ):
	case <-time.After(10 * time.Second):
		r.t.Fatalf("no %s event written", typ)
	}
}

func newResumeRig(t *testing.T, durable bool) *resumeRig {
	r := &resumeRig{t: t, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), tokens: make(chan string, 4), sleeps: make(chan sleepReq)}
	if durable {
		r.path = filepath.Join(t.TempDir(), "sfn.sqlite")
	} else {
		r.mem = memstore.New()
	}
	r.tasks = engine.NewTasks()
	err := r.tasks.Add("test", func(resource string) (engine.Resolved, bool) {
		switch resource {
		case "test:flaky":
			return engine.Resolved{ResourceType: "test", ResourceName: "flaky", Run: func(ctx context.Context, tk *engine.Task) (any, error) {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.flaky++
				if r.flaky < 3 {
					return nil, &asl.Error{Name: "Flaky", Cause: fmt.Sprint("attempt ", r.flaky)}
				}
				return map[string]any{"f": int64(r.flaky)}, nil
			}}, true
		case "test:cb":
			return engine.Resolved{ResourceType: "test", ResourceName: "cb", Run: func(ctx context.Context, tk *engine.Task) (any, error) {
				r.mu.Lock()
				r.cb++
				r.mu.Unlock()
				r.tokens <- tk.Token
				return map[string]any{"sent": true}, nil
			}}, true
		}
		return engine.Resolved{}, false
	})
	if err != nil {
		t.Fatal(err)
	}
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *resumeRig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *resumeRig) advance(d time.Duration) {
	r.mu.Lock()
	r.now = r.now.Add(d)
	r.mu.Unlock()
}

func (r *resumeRig) start() {
	r.t.Helper()
	if r.path != "" {
		s, err := sqlitestore.Open(sqlitestore.Options{Path: r.path})
		if err != nil {
			r.t.Fatal(err)
		}
		r.st = noticing{s, r}
	} else {
		r.st = noticing{r.mem.(both), r}
	}
	n := 0
	r.eng = engine.New(engine.Params{Store: r.st, Tasks: r.tasks, WaitTimeScale: 1, Now: r.clock,
		NewID: func() string { n++; return fmt.Sprint("id-", n) },
		Sleep: func(ctx context.Context, d time.Duration) error {
			req := sleepReq{d: d, release: make(chan struct{})}
			select {
			case r.sleeps <- req:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case <-req.release:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}})
}

func (r *resumeRig) stop() {
	if r.eng == nil {
		return
	}
	r.eng.Close()
	if r.path != "" {
		r.st.Close()
	}
	r.eng = nil
}

// restart replaces the engine and its store, as a new process would, and
// resumes; in the uninterrupted run it does nothing.
func (r *resumeRig) restart(gap time.Duration) {
	r.t.Helper()
	r.advance(gap)
	if r.path == "" {
		return
	}
	r.stop()
	r.start()
	n, err := r.eng.Resume(context.Background())
	if err != nil || n != 1 {
		r.t.Fatalf("Resume: %d executions, %v; want 1", n, err)
	}
}

// sleep expects the engine to ask to wait want, and lets it go on.
func (r *resumeRig) sleep(want time.Duration) {
	r.t.Helper()
	select {
	case req := <-r.sleeps:
		if req.d != want {
			r.t.Fatalf("engine waits %v, want %v", req.d, want)
		}
		r.advance(req.d)
		close(req.release)
	case <-time.After(10 * time.Second):
		r.t.Fatalf("engine never waited %v", want)
	}
}

// scenario runs one execution through every kind of pause, restarting the
// engine (when durable) inside each, and returns its history.
func scenario(t *testing.T, durable bool) []engine.HistoryEvent {
	r := newResumeRig(t, durable)
	ctx := context.Background()
	act, err := r.eng.CreateActivity(ctx, &engine.CreateActivityInput{Name: "work"})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := r.eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "resume", Definition: resumeMachine, RoleArn: "arn:aws:iam::123456789012:role/r"})
	if err != nil {
		t.Fatal(err)
	}
	in := `{"go":1}`
	ex, err := r.eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: "e1", Input: &in})
	if err != nil {
		t.Fatal(err)
	}
	// F failed once and backs off 10 s; 4 s pass while the engine is down.
	select {
	case req := <-r.sleeps:
		if req.d != 10*time.Second {
			t.Fatalf("first back-off %v, want 10s", req.d)
		}
		if durable {
			r.restart(4 * time.Second)
			r.sleep(6 * time.Second) // what is left of it
		} else {
			r.advance(10 * time.Second)
			close(req.release)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no back-off")
	}
	r.sleep(20 * time.Second) // second failure, doubled
	// W: 30 s, of which 10 pass while the engine is down.
	select {
	case req := <-r.sleeps:
		if req.d != 30*time.Second {
			t.Fatalf("Wait %v, want 30s", req.d)
		}
		if durable {
			r.restart(10 * time.Second)
			r.sleep(20 * time.Second)
		} else {
			r.advance(30 * time.Second)
			close(req.release)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no Wait")
	}
	// The activity: a worker takes it, the engine restarts, the worker answers.
	task, err := r.eng.GetActivityTask(ctx, act.ActivityArn, "worker-1")
	if err != nil || task.TaskToken == nil {
		t.Fatalf("GetActivityTask: %v %+v", err, task)
	}
	r.waitFor("ActivityStarted")
	r.restart(time.Second)
	if err := r.eng.SendTaskSuccess(ctx, *task.TaskToken, `{"a":1}`); err != nil {
		t.Fatalf("SendTaskSuccess after restart: %v", err)
	}
	// The callback: the integration was called; the engine restarts; the
	// token still works and the integration is not called again.
	var token string
	select {
	case token = <-r.tokens:
	case <-time.After(10 * time.Second):
		t.Fatal("callback integration never called")
	}
	r.waitFor("TaskSubmitted")
	r.restart(time.Second)
	if err := r.eng.SendTaskSuccess(ctx, token, `{"c":2}`); err != nil {
		t.Fatalf("SendTaskSuccess on the callback token after restart: %v", err)
	}
	if err := r.eng.Wait(ctx, ex.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	d, err := r.eng.DescribeExecution(ctx, ex.ExecutionArn)
	if err != nil || d.Status != "SUCCEEDED" || d.Output == nil || *d.Output != `{"c":2}` {
		t.Fatalf("execution: %v %+v", err, d)
	}
	if r.flaky != 3 || r.cb != 1 {
		t.Errorf("flaky ran %d times (want 3), the callback integration %d (want 1)", r.flaky, r.cb)
	}
	h, err := r.eng.GetExecutionHistory(ctx, ex.ExecutionArn, true)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestResumeAfterRestart: an execution whose engine stops inside a retry
// back-off, a Wait, an activity and a callback, and is resumed each time by
// a new engine on the same SQLite file, ends with the history of a run
// never interrupted: no state ran twice, nothing was lost, and each pause
// lasted what was left of it.
func TestResumeAfterRestart(t *testing.T) {
	t.Parallel()
	want := scenario(t, false)
	got := scenario(t, true)
	if len(got) != len(want) {
		t.Fatalf("%d events after restarts, %d uninterrupted:\n%s\nvs\n%s", len(got), len(want), dump(got), dump(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.PreviousEventID != w.PreviousEventID || g.Type != w.Type || fmt.Sprint(g.Details) != fmt.Sprint(w.Details) || !g.Timestamp.Equal(w.Timestamp) {
			t.Errorf("event %d:\n got %d<-%d %s %s %v\nwant %d<-%d %s %s %v", i, g.ID, g.PreviousEventID, g.Timestamp, g.Type, g.Details, w.ID, w.PreviousEventID, w.Timestamp, w.Type, w.Details)
		}
	}
}

func dump(h []engine.HistoryEvent) string {
	s := ""
	for _, e := range h {
		s += fmt.Sprintf("%d<-%d %s %v\n", e.ID, e.PreviousEventID, e.Type, e.Details)
	}
	return s
}

// TestResumeNested: a parent waiting on a nested child (startExecution.sync,
// no Name given) when the engine stops is resumed with its child: the
// parent does not start a second child, and gets the child's result.
func TestResumeNested(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sfn.sqlite")
	ctx := context.Background()
	open := onFile(t, path, func(st store.Store) *engine.Engine {
		tasks := engine.NewTasks()
		eng := engine.New(engine.Params{Store: st, Tasks: tasks})
		if err := tasks.Add("states", eng.NestedResolver()); err != nil {
			t.Fatal(err)
		}
		return eng
	})
	eng, st := open()
	act, err := eng.CreateActivity(ctx, &engine.CreateActivityInput{Name: "child-work"})
	if err != nil {
		t.Fatal(err)
	}
	child, err := eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "child", Definition: `{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"` + act.ActivityArn + `","End":true}}}`})
	if err != nil {
		t.Fatal(err)
	}
	parent, err := eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "parent", Definition: `{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2","Parameters":{"StateMachineArn":"` + child.StateMachineArn + `","Input":{"n":1}},"ResultSelector":{"out.$":"$.Output"},"End":true}}}`})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: parent.StateMachineArn})
	if err != nil {
		t.Fatal(err)
	}
	task, err := eng.GetActivityTask(ctx, act.ActivityArn, "w") // the child is running
	if err != nil || task.TaskToken == nil {
		t.Fatalf("%v %+v", err, task)
	}
	eng.Close()
	st.Close()

	eng, st = open()
	t.Cleanup(func() { eng.Close(); st.Close() })
	if n, err := eng.Resume(ctx); err != nil || n != 2 {
		t.Fatalf("Resume: %d, %v; want parent and child", n, err)
	}
	if err := eng.SendTaskSuccess(ctx, *task.TaskToken, `{"child":"done"}`); err != nil {
		t.Fatal(err)
	}
	d, err := finished(eng, ex.ExecutionArn)
	if err != nil || d.Status != "SUCCEEDED" || *d.Output != `{"out":{"child":"done"}}` {
		t.Fatalf("parent: %v %+v", err, d)
	}
	children, err := eng.ListExecutions(ctx, &engine.ListExecutionsInput{StateMachineArn: child.StateMachineArn})
	if err != nil || len(children) != 1 {
		t.Errorf("children: %v %+v; want exactly one", err, children)
	}
}

// TestResumeParallelAndMap: branches and iterations resume each from its
// own place: a Parallel and an inline Map with an activity in every branch
// and iteration, stopped with some tasks answered and some not, finish
// after a restart with each task scheduled once and the right output.
func TestResumeParallelAndMap(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sfn.sqlite")
	ctx := context.Background()
	open := onFile(t, path, func(st store.Store) *engine.Engine {
		return engine.New(engine.Params{Store: st})
	})
	eng, st := open()
	act, err := eng.CreateActivity(ctx, &engine.CreateActivityInput{Name: "fan"})
	if err != nil {
		t.Fatal(err)
	}
	work := `{"Type":"Task","Resource":"` + act.ActivityArn + `","End":true}`
	def := `{"StartAt":"P","States":{
	 "P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":` + work + `}},{"StartAt":"B","States":{"B":` + work + `}}],"ResultPath":"$.p","Next":"M"},
	 "M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"I","States":{"I":` + work + `}},"ResultPath":"$.m","End":true}}}`
	sm, err := eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "fan", Definition: def})
	if err != nil {
		t.Fatal(err)
	}
	in := `{"items":[1,2]}`
	ex, err := eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: &in})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(eng *engine.Engine, token, input string) {
		t.Helper()
		if err := eng.SendTaskSuccess(ctx, token, `{"did":`+input+`}`); err != nil {
			t.Fatal(err)
		}
	}
	poll := func(eng *engine.Engine) (string, string) {
		t.Helper()
		out, err := eng.GetActivityTask(ctx, act.ActivityArn, "w")
		if err != nil || out.TaskToken == nil {
			t.Fatalf("poll: %v %+v", err, out)
		}
		return *out.TaskToken, *out.Input
	}
	t1, i1 := poll(eng)
	answer(eng, t1, i1) // one branch done before the stop
	t2, i2 := poll(eng) // the other taken, not answered
	eng.Close()
	st.Close()

	eng, st = open()
	t.Cleanup(func() { eng.Close(); st.Close() })
	if n, err := eng.Resume(ctx); err != nil || n != 1 {
		t.Fatalf("Resume: %d, %v", n, err)
	}
	answer(eng, t2, i2)
	for range 2 {
		tk, in := poll(eng)
		answer(eng, tk, in)
	}
	d, err := finished(eng, ex.ExecutionArn)
	want := `{"items":[1,2],"m":[{"did":1},{"did":2}],"p":[{"did":{"items":[1,2]}},{"did":{"items":[1,2]}}]}`
	if err != nil || d.Status != "SUCCEEDED" || *d.Output != want {
		t.Fatalf("%v %+v\nwant output %s", err, d, want)
	}
	h, err := eng.GetExecutionHistory(ctx, ex.ExecutionArn, false)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	ids := map[int64]bool{}
	for i, e := range h {
		count[e.Type]++
		if e.ID != int64(i+1) || ids[e.ID] {
			t.Errorf("event %d has id %d", i+1, e.ID)
		}
		ids[e.ID] = true
	}
	for typ, n := range map[string]int{"ActivityScheduled": 4, "ActivityStarted": 4, "ActivitySucceeded": 4, "TaskStateEntered": 4, "ParallelStateSucceeded": 1, "MapIterationStarted": 2, "MapIterationSucceeded": 2, "MapStateSucceeded": 1, "ExecutionSucceeded": 1} {
		if count[typ] != n {
			t.Errorf("%d %s events, want %d", count[typ], typ, n)
		}
	}
}

// TestResumeDistributedMap: a distributed Map resumed after a restart
// keeps its Map Run and children: the finished child's result stands, the
// running one carries on, and no child is started twice.
func TestResumeDistributedMap(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sfn.sqlite")
	ctx := context.Background()
	open := onFile(t, path, func(st store.Store) *engine.Engine {
		return engine.New(engine.Params{Store: st})
	})
	eng, st := open()
	act, err := eng.CreateActivity(ctx, &engine.CreateActivityInput{Name: "dist"})
	if err != nil {
		t.Fatal(err)
	}
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
	  "StartAt":"I","States":{"I":{"Type":"Task","Resource":"` + act.ActivityArn + `","End":true}}},"End":true}}}`
	sm, err := eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "dist", Definition: def})
	if err != nil {
		t.Fatal(err)
	}
	in := `[1,2]`
	ex, err := eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: &in})
	if err != nil {
		t.Fatal(err)
	}
	poll := func(eng *engine.Engine) (string, string) {
		t.Helper()
		out, err := eng.GetActivityTask(ctx, act.ActivityArn, "w")
		if err != nil || out.TaskToken == nil {
			t.Fatalf("poll: %v %+v", err, out)
		}
		return *out.TaskToken, *out.Input
	}
	t1, i1 := poll(eng)
	if err := eng.SendTaskSuccess(ctx, t1, `{"did":`+i1+`}`); err != nil {
		t.Fatal(err)
	}
	t2, i2 := poll(eng)
	eng.Close()
	st.Close()

	eng, st = open()
	t.Cleanup(func() { eng.Close(); st.Close() })
	if _, err := eng.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	if err := eng.SendTaskSuccess(ctx, t2, `{"did":`+i2+`}`); err != nil {
		t.Fatal(err)
	}
	d, err := finished(eng, ex.ExecutionArn)
	if err != nil || d.Status != "SUCCEEDED" || *d.Output != `[{"did":1},{"did":2}]` {
		t.Fatalf("%v %+v", err, d)
	}
	h, err := eng.GetExecutionHistory(ctx, ex.ExecutionArn, false)
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, e := range h {
		if e.Type != "MapRunStarted" {
			continue
		}
		runs++
		children, err := eng.ListExecutions(ctx, &engine.ListExecutionsInput{MapRunArn: e.Details["mapRunArn"].(string)})
		if err != nil || len(children) != 2 {
			t.Errorf("map run children: %v %d, want 2", err, len(children))
		}
	}
	if runs != 1 {
		t.Errorf("%d MapRunStarted events, want 1", runs)
	}
}

// TestResumeMocked: an execution started on a mock test case (#Case) is
// mocked the same after a restart: the mocked state after the pause is
// answered by its mock, not run for real (its function does not exist).
func TestResumeMocked(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sfn.sqlite")
	ctx := context.Background()
	mocks, err := engine.ParseMockConfig([]byte(`{"StateMachines":{"mocked":{"TestCases":{"Case":{"M1":"One","M2":"Two"}}}},
	  "MockedResponses":{"One":{"0":{"Return":{"m":1}}},"Two":{"0":{"Return":{"m":2}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	open := onFile(t, path, func(st store.Store) *engine.Engine {
		tasks := engine.NewTasks()
		if err := tasks.Add("lambda", engine.LambdaResolver()); err != nil { // no functions: only mocks answer
			t.Fatal(err)
		}
		return engine.New(engine.Params{Store: st, Mocks: mocks, Tasks: tasks})
	})
	eng, st := open()
	act, err := eng.CreateActivity(ctx, &engine.CreateActivityInput{Name: "mocked-work"})
	if err != nil {
		t.Fatal(err)
	}
	fn := "arn:aws:lambda:us-east-1:123456789012:function:nope"
	def := `{"StartAt":"M1","States":{"M1":{"Type":"Task","Resource":"` + fn + `","ResultPath":"$.one","Next":"A"},
	  "A":{"Type":"Task","Resource":"` + act.ActivityArn + `","ResultPath":null,"Next":"M2"},
	  "M2":{"Type":"Task","Resource":"` + fn + `","ResultPath":"$.two","End":true}}}`
	sm, err := eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "mocked", Definition: def})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn + "#Case"})
	if err != nil {
		t.Fatal(err)
	}
	task, err := eng.GetActivityTask(ctx, act.ActivityArn, "w")
	if err != nil || task.TaskToken == nil {
		t.Fatalf("%v %+v", err, task)
	}
	eng.Close()
	st.Close()

	eng, st = open()
	t.Cleanup(func() { eng.Close(); st.Close() })
	if n, err := eng.Resume(ctx); err != nil || n != 1 {
		t.Fatalf("Resume: %d, %v", n, err)
	}
	if err := eng.SendTaskSuccess(ctx, *task.TaskToken, `{}`); err != nil {
		t.Fatal(err)
	}
	d, err := finished(eng, ex.ExecutionArn)
	if err != nil || d.Status != "SUCCEEDED" || *d.Output != `{"one":{"m":1},"two":{"m":2}}` {
		t.Fatalf("%v %+v", err, d)
	}
}

// onFile returns what opens the store on one SQLite file and an engine on
// it (made by newEngine), as each new process would.
func onFile(t *testing.T, path string, newEngine func(st store.Store) *engine.Engine) func() (*engine.Engine, store.Store) {
	return func() (*engine.Engine, store.Store) {
		t.Helper()
		st, err := sqlitestore.Open(sqlitestore.Options{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		return newEngine(st), st
	}
}

// finished waits (20 s at most) for a Standard execution to end and
// describes it.
func finished(eng *engine.Engine, arn string) (*engine.DescribeExecutionOutput, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := eng.Wait(ctx, arn); err != nil {
		return nil, err
	}
	return eng.DescribeExecution(ctx, arn)
}
