package engine

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// Params configures an Engine. Zero fields get defaults.
type Params struct {
	// Store keeps machines, executions and history (required).
	Store store.Store
	// Tasks resolves Task resources; nil means no task resource works.
	Tasks *Tasks
	// Region and Account go into ARNs (default us-east-1, 123456789012).
	Region, Account string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// NewID makes execution names, task tokens and request ids (default: random UUIDs).
	NewID func() string
	// WaitTimeScale multiplies Wait state durations and retry intervals, as
	// WAIT_TIME_SCALE does for Step Functions Local: 1 is real time, 0 does
	// not wait at all. The zero value therefore never waits; the app sets 1
	// unless the environment says otherwise.
	WaitTimeScale float64
	// Sleep waits d or until ctx is done (default: a timer). Tests may replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand feeds States.UUID and States.MathRandom (nil = crypto/rand).
	Rand io.Reader
	// Log receives engine diagnostics (default slog.Default()).
	Log *slog.Logger
	// PollTimeout is how long GetActivityTask waits for a task (default
	// 60 s, as AWS); tests shorten it.
	PollTimeout time.Duration
	// Mocks, when set, replaces the results of Task states as Step
	// Functions Local's MockConfigFile.json does, for executions started
	// with a #TestCase suffix on the state machine ARN.
	Mocks *MockConfig
}

// Engine runs state machines. Create it with New; it is safe for concurrent use.
type Engine struct {
	p     Params
	st    store.Store
	tasks *Tasks
	tst   store.TaskStore // activities and task tokens; nil if the store keeps none
	cb    *callbacks

	mu       sync.Mutex
	machines map[string]*machine // by ARN, a parsed cache of the store
	// versionMu serialises changes to versions and aliases (versions.go).
	versionMu sync.Mutex
	running   map[string]*running // Standard executions in progress
	closed    bool
	wg        sync.WaitGroup
	ctx       context.Context
	cancel    context.CancelCauseFunc
}

// machine is a stored machine with its parsed definition.
type machine struct {
	sm          *store.StateMachine
	def         *asl.StateMachine
	usesContext bool
	// versionARN and aliasARN are set when an execution starts on a
	// version or an alias (versions.go).
	versionARN, aliasARN string
}

type running struct {
	cancel context.CancelCauseFunc
	done   chan struct{}
}

// stopCause is the cancellation cause StopExecution gives.
type stopCause struct{ err, cause string }

func (s *stopCause) Error() string { return "execution stopped" }

var (
	errTimedOut     = errors.New("execution timed out")
	errEngineClosed = errors.New("engine closed")
)

// New returns an Engine over p.Store.
func New(p Params) *Engine {
	if p.Region == "" {
		p.Region = "us-east-1"
	}
	if p.Account == "" {
		p.Account = "123456789012"
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.NewID == nil {
		p.NewID = newUUID
	}
	if p.Log == nil {
		p.Log = slog.Default()
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	e := &Engine{p: p, st: p.Store, tasks: p.Tasks, machines: map[string]*machine{}, running: map[string]*running{}, cb: newCallbacks()}
	e.tst, _ = p.Store.(store.TaskStore)
	e.ctx, e.cancel = context.WithCancelCause(context.Background())
	return e
}

// Close stops running executions where they are and waits for their
// goroutines to end. Nothing more is recorded for them: a Standard
// execution stays RUNNING in the store, its open tasks stay open, and an
// engine on the same durable store resumes it (Resume).
func (e *Engine) Close() error {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.cancel(errEngineClosed)
	e.wg.Wait()
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) //nolint:errcheck // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// ---- ARNs and names ----

func (e *Engine) machineARN(name string) string {
	return "arn:aws:states:" + e.p.Region + ":" + e.p.Account + ":stateMachine:" + name
}

// arnParts splits arn:aws:states:REGION:ACCOUNT:TYPE:REST.
func arnParts(arn string) (typ, rest string, ok bool) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "states" || parts[6] == "" {
		return "", "", false
	}
	return parts[5], parts[6], true
}

func invalidARN(arn string) *Error {
	return apiErr("InvalidArn", "Invalid Arn: '"+arn+"'")
}

func checkMachineARN(arn string) *Error {
	typ, _, ok := arnParts(arn)
	if !ok {
		return invalidARN(arn)
	}
	if typ != "stateMachine" {
		return apiErr("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "+typ+"'")
	}
	return nil
}

func checkExecutionARN(arn string) *Error {
	typ, _, ok := arnParts(arn)
	if !ok {
		return invalidARN(arn)
	}
	if typ != "execution" {
		return apiErr("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "+typ+"'")
	}
	return nil
}

// validName applies AWS's rules for machine and execution names.
func validName(s string) bool {
	if s == "" || len([]rune(s)) > 80 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || strings.ContainsRune("<>{}[]?*\"#%\\^|~`$&,;:/", r) {
			return false
		}
	}
	return true
}

// ---- definitions ----

// parse validates a definition and applies the type's restrictions.
func parseDefinition(def, typ string) (*asl.StateMachine, *Error) {
	sm, err := asl.Parse([]byte(def))
	if err != nil {
		var ve *asl.ValidationError
		if errors.As(err, &ve) {
			return nil, apiErr("InvalidDefinition", ve.Error())
		}
		return nil, apiErr("InvalidDefinition", "Invalid State Machine Definition: '"+asl.CodeInvalidJSONDescription+": "+err.Error()+"'")
	}
	if typ == store.TypeExpress {
		var diags []string
		sm.Walk(func(path string, s *asl.State) bool {
			if s.Type != "Task" {
				return true
			}
			r := s.Resource
			switch {
			case strings.HasSuffix(r, ".waitForTaskToken"):
				diags = append(diags, "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at "+path+"/Resource")
			case strings.HasSuffix(r, ".sync") || strings.Contains(r, ".sync:"):
				diags = append(diags, "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at "+path+"/Resource")
			case strings.Contains(r, ":activity:"):
				diags = append(diags, "SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at "+path+"/Resource")
			}
			return true
		})
		if len(diags) > 0 {
			return nil, apiErr("InvalidDefinition", "Invalid State Machine Definition: '"+strings.Join(diags, ", ")+"'")
		}
	}
	return sm, nil
}

func newMachine(sm *store.StateMachine, def *asl.StateMachine) *machine {
	return &machine{sm: sm, def: def, usesContext: strings.Contains(sm.Definition, "$$") || strings.Contains(sm.Definition, "$states")}
}

// lookup returns the machine with arn, from the cache or the store.
func (e *Engine) lookup(ctx context.Context, arn string) (*machine, *Error) {
	if err := checkMachineARN(arn); err != nil {
		return nil, err
	}
	e.mu.Lock()
	m := e.machines[arn]
	e.mu.Unlock()
	if m != nil {
		return m, nil
	}
	sm, err := e.st.GetStateMachine(ctx, arn)
	if err != nil {
		return nil, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '"+arn+"'")
	}
	def, perr := parseDefinition(sm.Definition, "")
	if perr != nil {
		return nil, perr
	}
	m = newMachine(sm, def)
	e.mu.Lock()
	e.machines[arn] = m
	e.mu.Unlock()
	return m, nil
}

// ---- state machines ----

// CreateStateMachine validates and stores a machine. Creating a machine
// that exists with the same definition, role and type returns it, as AWS
// does; otherwise StateMachineAlreadyExists.
func (e *Engine) CreateStateMachine(ctx context.Context, in *CreateStateMachineInput) (*CreateStateMachineOutput, error) {
	if !validName(in.Name) {
		return nil, apiErr("InvalidName", "Invalid Name: '"+in.Name+"'")
	}
	typ := in.Type
	if typ == "" {
		typ = store.TypeStandard
	}
	if typ != store.TypeStandard && typ != store.TypeExpress {
		return nil, apiErr("ValidationException", "1 validation error detected: Value '"+typ+"' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
	}
	if in.Definition == "" {
		return nil, apiErr("ValidationException", "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null")
	}
	def, perr := parseDefinition(in.Definition, typ)
	if perr != nil {
		return nil, perr
	}
	arn := e.machineARN(in.Name)
	sm := &store.StateMachine{
		ARN: arn, Name: in.Name, Type: typ, RoleARN: in.RoleArn, Definition: in.Definition,
		Created: e.p.Now(), RevisionID: e.p.NewID(), Tags: map[string]string{}, Extra: map[string]any{},
	}
	for _, t := range in.Tags {
		sm.Tags[t.Key] = t.Value
	}
	if in.LoggingConfiguration != nil {
		sm.Extra["loggingConfiguration"] = in.LoggingConfiguration
	}
	if in.TracingConfiguration != nil {
		sm.Extra["tracingConfiguration"] = in.TracingConfiguration
	}
	if err := e.st.CreateStateMachine(ctx, sm); err != nil {
		if errors.Is(err, store.ErrExists) {
			old, gerr := e.st.GetStateMachine(ctx, arn)
			if gerr == nil && old.Definition == in.Definition && old.RoleARN == in.RoleArn && old.Type == typ {
				return &CreateStateMachineOutput{StateMachineArn: arn, CreationDate: ts(old.Created)}, nil
			}
			return nil, apiErr("StateMachineAlreadyExists", "State Machine Already Exists: '"+arn+"'")
		}
		return nil, err
	}
	e.mu.Lock()
	e.machines[arn] = newMachine(sm, def)
	e.mu.Unlock()
	out := &CreateStateMachineOutput{StateMachineArn: arn, CreationDate: ts(sm.Created)}
	if in.Publish {
		v, err := e.publishAfterWrite(ctx, arn, in.VersionDescription)
		if err != nil {
			return nil, err
		}
		out.StateMachineVersionArn = v
	}
	return out, nil
}

func describeMachine(sm *store.StateMachine) *DescribeStateMachineOutput {
	out := &DescribeStateMachineOutput{
		StateMachineArn: sm.ARN, Name: sm.Name, Status: "ACTIVE", Definition: sm.Definition, RoleArn: sm.RoleARN,
		Type: sm.Type, CreationDate: ts(sm.Created), RevisionID: sm.RevisionID,
		LoggingConfiguration: map[string]any{"level": "OFF", "includeExecutionData": false},
		TracingConfiguration: map[string]any{"enabled": false},
	}
	if v, ok := sm.Extra["loggingConfiguration"].(map[string]any); ok {
		out.LoggingConfiguration = v
	}
	if v, ok := sm.Extra["tracingConfiguration"].(map[string]any); ok {
		out.TracingConfiguration = v
	}
	return out
}

// DescribeStateMachine returns a machine.
func (e *Engine) DescribeStateMachine(ctx context.Context, arn string) (*DescribeStateMachineOutput, error) {
	if _, q, qerr := splitQualified(arn); qerr == nil && q != "" {
		return e.describeVersion(ctx, arn)
	}
	m, err := e.lookup(ctx, arn)
	if err != nil {
		return nil, err
	}
	return describeMachine(m.sm), nil
}

// UpdateStateMachine replaces a machine's definition and/or role; running
// executions keep the definition they started with.
func (e *Engine) UpdateStateMachine(ctx context.Context, in *UpdateStateMachineInput) (*UpdateStateMachineOutput, error) {
	m, aerr := e.lookup(ctx, in.StateMachineArn)
	if aerr != nil {
		return nil, aerr
	}
	if in.Definition == nil && in.RoleArn == nil && in.LoggingConfiguration == nil && in.TracingConfiguration == nil {
		return nil, apiErr("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
	}
	sm := *m.sm
	def := m.def
	if in.Definition != nil {
		d, perr := parseDefinition(*in.Definition, sm.Type)
		if perr != nil {
			return nil, perr
		}
		sm.Definition, def = *in.Definition, d
	}
	if in.RoleArn != nil {
		sm.RoleARN = *in.RoleArn
	}
	if in.LoggingConfiguration != nil || in.TracingConfiguration != nil {
		extra := map[string]any{}
		for k, v := range sm.Extra {
			extra[k] = v
		}
		if in.LoggingConfiguration != nil {
			extra["loggingConfiguration"] = in.LoggingConfiguration
		}
		if in.TracingConfiguration != nil {
			extra["tracingConfiguration"] = in.TracingConfiguration
		}
		sm.Extra = extra
	}
	sm.RevisionID = e.p.NewID()
	if err := e.st.UpdateStateMachine(ctx, &sm); err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.machines[sm.ARN] = newMachine(&sm, def)
	e.mu.Unlock()
	out := &UpdateStateMachineOutput{UpdateDate: ts(e.p.Now()), RevisionID: sm.RevisionID}
	if in.Publish {
		v, err := e.publishAfterWrite(ctx, sm.ARN, in.VersionDescription)
		if err != nil {
			return nil, err
		}
		out.StateMachineVersionArn = v
	}
	return out, nil
}

// DeleteStateMachine removes a machine; deleting a missing one succeeds, as on AWS.
func (e *Engine) DeleteStateMachine(ctx context.Context, arn string) error {
	if err := checkMachineARN(arn); err != nil {
		return err
	}
	e.mu.Lock()
	delete(e.machines, arn)
	e.mu.Unlock()
	return e.st.DeleteStateMachine(ctx, arn)
}

// ListStateMachines returns every machine, oldest first.
func (e *Engine) ListStateMachines(ctx context.Context) ([]StateMachineListItem, error) {
	list, err := e.st.ListStateMachines(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]StateMachineListItem, 0, len(list))
	for _, sm := range list {
		out = append(out, StateMachineListItem{StateMachineArn: sm.ARN, Name: sm.Name, Type: sm.Type, CreationDate: ts(sm.Created)})
	}
	return out, nil
}

// ---- tags ----

func (e *Engine) taggable(ctx context.Context, arn string) (*machine, *Error) {
	typ, _, ok := arnParts(arn)
	if !ok {
		return nil, invalidARN(arn)
	}
	if typ != "stateMachine" {
		return nil, apiErr("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "+typ+"'")
	}
	m, err := e.lookup(ctx, arn)
	if err != nil {
		return nil, apiErr("ResourceNotFound", "Resource not found: '"+arn+"'")
	}
	return m, nil
}

// TagResource adds or replaces tags on a state machine.
func (e *Engine) TagResource(ctx context.Context, arn string, tags []Tag) error {
	m, aerr := e.taggable(ctx, arn)
	if aerr != nil {
		return aerr
	}
	sm := *m.sm
	sm.Tags = map[string]string{}
	for k, v := range m.sm.Tags {
		sm.Tags[k] = v
	}
	for _, t := range tags {
		sm.Tags[t.Key] = t.Value
	}
	if len(sm.Tags) > 50 {
		return apiErr("TooManyTags", "Too many tags: a resource may have at most 50 tags")
	}
	return e.saveMachine(ctx, &sm, m.def)
}

// UntagResource removes tags by key.
func (e *Engine) UntagResource(ctx context.Context, arn string, keys []string) error {
	m, aerr := e.taggable(ctx, arn)
	if aerr != nil {
		return aerr
	}
	sm := *m.sm
	sm.Tags = map[string]string{}
	for k, v := range m.sm.Tags {
		sm.Tags[k] = v
	}
	for _, k := range keys {
		delete(sm.Tags, k)
	}
	return e.saveMachine(ctx, &sm, m.def)
}

// ListTagsForResource returns a machine's tags sorted by key.
func (e *Engine) ListTagsForResource(ctx context.Context, arn string) ([]Tag, error) {
	m, aerr := e.taggable(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	out := make([]Tag, 0, len(m.sm.Tags))
	for k, v := range m.sm.Tags {
		out = append(out, Tag{Key: k, Value: v})
	}
	sortTags(out)
	return out, nil
}

func sortTags(t []Tag) {
	for i := 1; i < len(t); i++ {
		for j := i; j > 0 && t[j].Key < t[j-1].Key; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
}

func (e *Engine) saveMachine(ctx context.Context, sm *store.StateMachine, def *asl.StateMachine) error {
	if err := e.st.UpdateStateMachine(ctx, sm); err != nil {
		return err
	}
	e.mu.Lock()
	e.machines[sm.ARN] = newMachine(sm, def)
	e.mu.Unlock()
	return nil
}

// ---- validation ----

// ValidateStateMachineDefinition reports a definition's problems without storing it.
func (e *Engine) ValidateStateMachineDefinition(ctx context.Context, definition, typ string) (*ValidateOutput, error) {
	if definition == "" {
		return nil, apiErr("ValidationException", "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null")
	}
	out := &ValidateOutput{Result: "OK", Diagnostics: []ValidateDiagnostic{}}
	_, err := asl.Parse([]byte(definition))
	var ve *asl.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, d := range ve.Diagnostics {
			out.Diagnostics = append(out.Diagnostics, ValidateDiagnostic{Severity: "ERROR", Code: d.Code, Message: d.Message, Location: d.Location})
		}
	case err != nil:
		out.Diagnostics = append(out.Diagnostics, ValidateDiagnostic{Severity: "ERROR", Code: asl.CodeInvalidJSONDescription, Message: err.Error()})
	case typ == store.TypeExpress:
		if _, aerr := parseDefinition(definition, typ); aerr != nil {
			msg := strings.TrimSuffix(strings.TrimPrefix(aerr.Message, "Invalid State Machine Definition: '"), "'")
			for _, m := range strings.Split(msg, ", ") {
				code, rest, _ := strings.Cut(m, ": ")
				text, loc, _ := strings.Cut(rest, " at ")
				out.Diagnostics = append(out.Diagnostics, ValidateDiagnostic{Severity: "ERROR", Code: code, Message: text, Location: loc})
			}
		}
	}
	if len(out.Diagnostics) > 0 {
		out.Result = "FAIL"
	}
	return out, nil
}

// ---- executions ----

// validInput checks that an execution input is one JSON value.
func validInput(in *string) (string, any, *Error) {
	text := "{}"
	if in != nil {
		text = *in
	}
	if len(text) > maxPayload {
		return "", nil, apiErr("InvalidExecutionInput", "Invalid State Machine Execution Input: 'The input exceeds the maximum size of 262144 bytes'")
	}
	v, err := asl.Decode([]byte(text))
	if err != nil {
		return "", nil, apiErr("InvalidExecutionInput", "Invalid State Machine Execution Input: '"+err.Error()+"'")
	}
	return text, v, nil
}

func (x *execution) initContext() {
	if !x.usesContext {
		return
	}
	x.execCtx = map[string]any{
		"Id": x.arn, "Input": x.input, "Name": x.name, "RoleArn": x.roleARN,
		"StartTime": x.start.UTC().Format("2006-01-02T15:04:05.000Z"), "RedriveCount": int64(0),
	}
	x.smCtx = map[string]any{"Id": x.machineARN, "Name": x.machineName}
}

func (e *Engine) newExecution(m *machine, name string, input any) *execution {
	x := &execution{
		e: e, name: name, machineARN: m.sm.ARN, machineName: m.sm.Name, roleARN: m.sm.RoleARN,
		start: e.p.Now(), input: input, usesContext: m.usesContext,
	}
	_, rest, _ := arnParts(m.sm.ARN)
	if m.sm.Type == store.TypeExpress {
		x.arn = "arn:aws:states:" + e.p.Region + ":" + e.p.Account + ":express:" + rest + ":" + name + ":" + e.p.NewID()
	} else {
		x.arn = "arn:aws:states:" + e.p.Region + ":" + e.p.Account + ":execution:" + rest + ":" + name
	}
	x.initContext()
	return x
}

func (e *Engine) startArgs(ctx context.Context, in *StartExecutionInput) (*machine, string, string, any, error) {
	arn, _, _ := strings.Cut(in.StateMachineArn, "#") // #TestCase selects a mock test case
	m, aerr := e.lookupQualified(ctx, arn)
	if aerr != nil {
		return nil, "", "", nil, aerr
	}
	name := in.Name
	if name == "" {
		name = e.p.NewID()
	} else if !validName(name) {
		return nil, "", "", nil, apiErr("InvalidName", "Invalid Name: '"+name+"'")
	}
	text, input, ierr := validInput(in.Input)
	if ierr != nil {
		return nil, "", "", nil, ierr
	}
	return m, name, text, input, nil
}

// StartExecution starts an execution in the background. A Standard
// execution started again with the same name and input while it runs
// returns the original; otherwise the name is ExecutionAlreadyExists.
func (e *Engine) StartExecution(ctx context.Context, in *StartExecutionInput) (*StartExecutionOutput, error) {
	m, name, text, input, err := e.startArgs(ctx, in)
	if err != nil {
		return nil, err
	}
	x := e.newExecution(m, name, input)
	if x.mock, err = e.mockOf(m, in.StateMachineArn); err != nil {
		return nil, err
	}
	if x.mock != nil {
		_, x.mockCase, _ = strings.Cut(in.StateMachineArn, "#")
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, errEngineClosed
	}
	e.wg.Add(1)
	e.mu.Unlock()
	if m.sm.Type == store.TypeExpress {
		go func() {
			defer e.wg.Done()
			e.runExpress(e.ctx, x, m)
		}()
		return &StartExecutionOutput{ExecutionArn: x.arn, StartDate: ts(x.start)}, nil
	}
	rctx, r := e.runContext(m.def, x.start)
	cancel := r.cancel
	rec, existing := e.createRecord(ctx, x, m, text, "")
	if existing != nil {
		cancel(nil)
		e.wg.Done()
		if existing.Input == text && existing.Status == store.StatusRunning {
			return &StartExecutionOutput{ExecutionArn: existing.ARN, StartDate: ts(existing.Started)}, nil
		}
		return nil, apiErr("ExecutionAlreadyExists", "Execution Already Exists: '"+existing.ARN+"'")
	}
	if rec == nil {
		cancel(nil)
		e.wg.Done()
		return nil, errors.New("could not record the execution")
	}
	x.rec = rec
	e.mu.Lock()
	e.running[x.arn] = r
	e.mu.Unlock()
	e.launch(rctx, x, r, cancel, rec.lastID(), func(prev *int64) (any, *asl.Error) {
		return x.runMachine(rctx, m.def, input, &scope{}, prev)
	})
	return &StartExecutionOutput{ExecutionArn: x.arn, StartDate: ts(x.start)}, nil
}

// runContext is the context a Standard execution runs in, ended by
// StopExecution, by the engine closing, or by the machine's TimeoutSeconds
// counted from began (the start, or the last redrive), and the running
// entry that cancels it.
func (e *Engine) runContext(def *asl.StateMachine, began time.Time) (context.Context, *running) {
	rctx, cancel := context.WithCancelCause(e.ctx)
	if def.TimeoutSeconds > 0 {
		left := time.Duration(def.TimeoutSeconds)*time.Second - e.p.Now().Sub(began)
		var stopTimer context.CancelFunc
		rctx, stopTimer = context.WithTimeoutCause(rctx, max(left, time.Millisecond), errTimedOut)
		cancelRun := cancel
		cancel = func(err error) { cancelRun(err); stopTimer() }
	}
	return rctx, &running{cancel: cancel, done: make(chan struct{})}
}

// storedExecution rebuilds the in-memory side of execution ex of machine
// sm, whose definition def ex started with, for a redrive or a resume;
// redrives is what $$.Execution.RedriveCount says.
func (e *Engine) storedExecution(sm *store.StateMachine, def *asl.StateMachine, ex *store.Execution, redrives int) (*execution, error) {
	msm := *sm
	msm.Definition, msm.RoleARN = ex.Definition, ex.RoleARN
	m := newMachine(&msm, def)
	x := &execution{
		e: e, arn: ex.ARN, name: ex.Name, machineARN: ex.StateMachineARN, machineName: sm.Name, roleARN: ex.RoleARN,
		start: ex.Started, usesContext: m.usesContext,
	}
	var err error
	if x.input, err = asl.Decode([]byte(ex.Input)); err != nil {
		return nil, err
	}
	x.initContext()
	if x.execCtx != nil {
		x.execCtx["RedriveCount"] = int64(redrives)
	}
	return x, nil
}

// launch runs a Standard execution on its own goroutine (counted in e.wg
// by the caller) from the event first and records its end. When the engine
// shuts down meanwhile the end is not recorded: the execution stays RUNNING
// for Resume. An execution whose history filled up fails as AWS fails it.
func (e *Engine) launch(rctx context.Context, x *execution, r *running, cancel context.CancelCauseFunc, first int64, run func(prev *int64) (any, *asl.Error)) {
	x.rec.stopped = e.ctx.Done()
	x.rec.overflow = func() { cancel(errHistoryLimit) }
	go func() {
		defer e.wg.Done()
		defer close(r.done)
		defer cancel(nil)
		prev := first
		out, ferr := run(&prev)
		if x.rec.full {
			out, ferr = nil, canceled()
		}
		if e.ctx.Err() == nil || x.rec.full {
			e.finish(rctx, x, out, ferr)
		}
		e.mu.Lock()
		delete(e.running, x.arn)
		e.mu.Unlock()
	}()
}

// createRecord stores a new Standard execution with its ExecutionStarted
// event, or returns the existing one with the same ARN.
func (e *Engine) createRecord(ctx context.Context, x *execution, m *machine, text, mapRun string) (*recorder, *store.Execution) {
	rec := &recorder{arn: x.arn, st: e.st, now: e.p.Now}
	started := rec.closing("ExecutionStarted", map[string]any{"input": text, "inputDetails": map[string]any{"truncated": false}, "roleArn": x.roleARN})
	started[0].Timestamp = x.start
	ex := &store.Execution{
		ARN: x.arn, Name: x.name, StateMachineARN: x.machineARN, Status: store.StatusRunning, Input: text,
		Started: x.start, RoleARN: x.roleARN, MapRunARN: mapRun, MockTestCase: x.mockCase,
	}
	if m != nil {
		ex.Definition = m.sm.Definition
		ex.StateMachineVersionARN, ex.StateMachineAliasARN = m.versionARN, m.aliasARN
	}
	existing, created, err := e.st.CreateExecution(ctx, ex, started)
	if err != nil {
		e.p.Log.Error("create execution", "arn", x.arn, "error", err)
		return nil, nil
	}
	if !created {
		return nil, existing
	}
	return rec, nil
}

// startRecord records a distributed Map child execution.
func (e *Engine) startRecord(ctx context.Context, x *execution, text, mapRun string) *recorder {
	rec, _ := e.createRecord(ctx, x, nil, text, mapRun)
	if rec == nil {
		rec = &recorder{arn: x.arn, st: e.st, now: e.p.Now}
	}
	rec.stopped = e.ctx.Done()
	return rec
}

// finishRecord closes a distributed Map child execution (unless the engine
// is shutting down).
func (e *Engine) finishRecord(ctx context.Context, x *execution, out any, err *asl.Error) {
	if e.ctx.Err() == nil {
		e.finish(ctx, x, out, err)
	}
}

// outcome turns a run's result into the final status, error and cause.
func (e *Engine) outcome(ctx context.Context, out any, err *asl.Error) (status string, output *string, ferr *asl.Error) {
	if err == nil {
		s := jsonString(out)
		if len(s) > maxPayload {
			return store.StatusFailed, nil, dataLimit("execution output")
		}
		return store.StatusSucceeded, &s, nil
	}
	if err.Name == errCanceled {
		switch c := context.Cause(ctx).(type) {
		case *stopCause:
			return store.StatusAborted, nil, &asl.Error{Name: c.err, Cause: c.cause}
		default:
			if c == errHistoryLimit {
				return store.StatusFailed, nil, &asl.Error{Name: asl.ErrRuntime, Cause: historyLimitCause}
			}
			if c == errTimedOut {
				return store.StatusTimedOut, nil, &asl.Error{Name: asl.ErrTimeout, Cause: "The execution timed out"}
			}
			return store.StatusAborted, nil, &asl.Error{}
		}
	}
	return store.StatusFailed, nil, err
}

// finish records a Standard execution's end.
func (e *Engine) finish(ctx context.Context, x *execution, out any, err *asl.Error) {
	status, output, ferr := e.outcome(ctx, out, err)
	x.rec.flush()
	now := e.p.Now()
	ex, gerr := e.st.GetExecution(context.Background(), x.arn)
	if gerr != nil {
		e.p.Log.Error("finish execution", "arn", x.arn, "error", gerr)
		return
	}
	ex.Status, ex.Stopped, ex.Output = status, &now, output
	var events []store.Event
	switch status {
	case store.StatusSucceeded:
		events = x.rec.closing("ExecutionSucceeded", map[string]any{"output": *output, "outputDetails": map[string]any{"truncated": false}})
	case store.StatusFailed:
		events = x.rec.closing("ExecutionFailed", errDetails(ferr))
	case store.StatusAborted:
		events = x.rec.closing("ExecutionAborted", errDetails(ferr))
	case store.StatusTimedOut:
		events = x.rec.closing("ExecutionTimedOut", errDetails(ferr))
	}
	if ferr != nil {
		if ferr.Name != "" {
			ex.Error = &ferr.Name
		}
		if ferr.Cause != "" {
			ex.Cause = &ferr.Cause
		}
	}
	if len(events) > 0 {
		events[0].Timestamp = now
	}
	if err := e.st.FinishExecution(context.Background(), ex, events); err != nil {
		e.p.Log.Error("finish execution", "arn", x.arn, "error", err)
	}
}

// runExpress runs an Express execution to its end and returns the outcome.
func (e *Engine) runExpress(ctx context.Context, x *execution, m *machine) (string, *string, *asl.Error) {
	limit := 5 * time.Minute // Express executions run at most five minutes
	if m.def.TimeoutSeconds > 0 && time.Duration(m.def.TimeoutSeconds)*time.Second < limit {
		limit = time.Duration(m.def.TimeoutSeconds) * time.Second
	}
	ctx, cancel := context.WithTimeoutCause(ctx, limit, errTimedOut)
	defer cancel()
	var prev int64
	out, err := x.runMachine(ctx, m.def, x.input, &scope{}, &prev)
	return e.outcome(ctx, out, err)
}

// StartSyncExecution runs an Express execution to its end and returns the result.
func (e *Engine) StartSyncExecution(ctx context.Context, in *StartExecutionInput) (*StartSyncExecutionOutput, error) {
	m, name, text, input, err := e.startArgs(ctx, in)
	if err != nil {
		return nil, err
	}
	if m.sm.Type != store.TypeExpress {
		return nil, apiErr("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
	}
	x := e.newExecution(m, name, input)
	if x.mock, err = e.mockOf(m, in.StateMachineArn); err != nil {
		return nil, err
	}
	status, output, ferr := e.runExpress(ctx, x, m)
	stop := e.p.Now()
	out := &StartSyncExecutionOutput{
		ExecutionArn: x.arn, StateMachineArn: m.sm.ARN, Name: name, StartDate: ts(x.start), StopDate: ts(stop),
		Status: status, Input: text, InputDetails: &CloudWatchDetails{Included: true}, Output: output,
		BillingDetails: map[string]int64{"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": max(100, stop.Sub(x.start).Milliseconds())},
	}
	if output != nil {
		out.OutputDetails = &CloudWatchDetails{Included: true}
	}
	if ferr != nil {
		if ferr.Name != "" {
			out.Error = &ferr.Name
		}
		if ferr.Cause != "" {
			out.Cause = &ferr.Cause
		}
	}
	return out, nil
}

func (e *Engine) getExecution(ctx context.Context, arn string) (*store.Execution, *Error) {
	if err := checkExecutionARN(arn); err != nil {
		return nil, err
	}
	ex, err := e.st.GetExecution(ctx, arn)
	if err != nil {
		return nil, apiErr("ExecutionDoesNotExist", "Execution Does Not Exist: '"+arn+"'")
	}
	return ex, nil
}

// StopExecution aborts a running execution with an optional error and cause.
func (e *Engine) StopExecution(ctx context.Context, arn, errName, cause string) (*Timestamp, error) {
	ex, aerr := e.getExecution(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	if ex.Closed() {
		return nil, apiErr("ValidationException", "Execution is not running: '"+arn+"'")
	}
	e.mu.Lock()
	r := e.running[arn]
	e.mu.Unlock()
	if r != nil {
		r.cancel(&stopCause{err: errName, cause: cause})
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if ex, err := e.st.GetExecution(ctx, arn); err == nil && ex.Stopped != nil {
		return ts(*ex.Stopped), nil
	}
	return ts(e.p.Now()), nil
}

// Wait blocks until the Standard execution arn is no longer running (for
// tests and embedders; the API has no such call).
func (e *Engine) Wait(ctx context.Context, arn string) error {
	e.mu.Lock()
	r := e.running[arn]
	e.mu.Unlock()
	if r == nil {
		return nil
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// DescribeExecution returns a Standard execution.
func (e *Engine) DescribeExecution(ctx context.Context, arn string) (*DescribeExecutionOutput, error) {
	ex, aerr := e.getExecution(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	out := &DescribeExecutionOutput{
		ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, Status: ex.Status,
		StartDate: ts(ex.Started), Input: ex.Input, InputDetails: &CloudWatchDetails{Included: true},
		Output: ex.Output, Error: ex.Error, Cause: ex.Cause, MapRunArn: ex.MapRunARN,
		StateMachineVersionArn: ex.StateMachineVersionARN, StateMachineAliasArn: ex.StateMachineAliasARN,
	}
	if ex.Stopped != nil {
		out.StopDate = ts(*ex.Stopped)
	}
	redriveFields(out, ex, e.p.Now())
	if ex.Output != nil {
		out.OutputDetails = &CloudWatchDetails{Included: true}
	}
	return out, nil
}

// DescribeStateMachineForExecution returns the definition an execution runs.
func (e *Engine) DescribeStateMachineForExecution(ctx context.Context, arn string) (*DescribeStateMachineOutput, error) {
	ex, aerr := e.getExecution(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	sm, err := e.st.GetStateMachine(ctx, ex.StateMachineARN)
	if err != nil {
		sm = &store.StateMachine{ARN: ex.StateMachineARN, Type: store.TypeStandard}
		_, rest, _ := arnParts(ex.StateMachineARN)
		sm.Name = rest
	}
	out := describeMachine(sm)
	out.Status = ""
	if ex.Definition != "" {
		out.Definition = ex.Definition
	}
	out.RoleArn = ex.RoleARN
	out.CreationDate = nil
	return out, nil
}

// ListExecutionsInput selects executions.
type ListExecutionsInput struct {
	StateMachineArn string `json:"stateMachineArn"`
	StatusFilter    string `json:"statusFilter"`
	MapRunArn       string `json:"mapRunArn"`
}

// ListExecutions returns a Standard machine's executions, newest first.
func (e *Engine) ListExecutions(ctx context.Context, in *ListExecutionsInput) ([]ExecutionListItem, error) {
	machineARN := in.StateMachineArn
	qualifier := "" // a version or alias ARN: list only its executions (versions.go)
	switch {
	case in.MapRunArn != "" && machineARN != "":
		return nil, apiErr("ValidationException", "Only one of stateMachineArn or mapRunArn may be specified")
	case in.MapRunArn != "":
		arn, ok := mapRunMachine(in.MapRunArn)
		if !ok {
			return nil, invalidARN(in.MapRunArn)
		}
		machineARN = arn
	case machineARN == "":
		return nil, apiErr("ValidationException", "Must provide a StateMachine ARN or MapRun ARN")
	default:
		base, q, qerr := splitQualified(machineARN)
		if qerr != nil {
			return nil, qerr
		}
		if q != "" {
			qualifier, machineARN = machineARN, base
		}
		m, aerr := e.lookup(ctx, machineARN)
		if aerr != nil {
			return nil, aerr
		}
		if m.sm.Type == store.TypeExpress {
			return nil, apiErr("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
		}
	}
	switch in.StatusFilter {
	case "", store.StatusRunning, store.StatusSucceeded, store.StatusFailed, store.StatusTimedOut, store.StatusAborted, "PENDING_REDRIVE":
	default:
		return nil, apiErr("ValidationException", "1 validation error detected: Value '"+in.StatusFilter+"' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]")
	}
	list, err := e.st.ListExecutions(ctx, machineARN, in.StatusFilter, in.MapRunArn)
	if err != nil {
		return nil, err
	}
	out := make([]ExecutionListItem, 0, len(list))
	for _, ex := range list {
		if qualifier != "" && ex.StateMachineVersionARN != qualifier && ex.StateMachineAliasARN != qualifier {
			continue
		}
		it := ExecutionListItem{ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, Status: ex.Status, StartDate: ts(ex.Started), MapRunArn: ex.MapRunARN,
			StateMachineVersionArn: ex.StateMachineVersionARN, StateMachineAliasArn: ex.StateMachineAliasARN, RedriveCount: ex.RedriveCount}
		if ex.RedriveDate != nil {
			it.RedriveDate = ts(*ex.RedriveDate)
		}
		if ex.Stopped != nil {
			it.StopDate = ts(*ex.Stopped)
		}
		out = append(out, it)
	}
	return out, nil
}

// GetExecutionHistory returns an execution's events in order; without
// includeData the input and output payloads are left out, as on AWS.
func (e *Engine) GetExecutionHistory(ctx context.Context, arn string, includeData bool) ([]HistoryEvent, error) {
	if _, aerr := e.getExecution(ctx, arn); aerr != nil {
		return nil, aerr
	}
	evs, err := e.st.History(ctx, arn)
	if err != nil {
		return nil, err
	}
	out := make([]HistoryEvent, len(evs))
	for i, ev := range evs {
		d := ev.Details
		if !includeData && d != nil {
			c := make(map[string]any, len(d))
			for k, v := range d {
				switch k {
				case "input", "output", "parameters", "assignedVariables":
					continue
				}
				c[k] = v
			}
			d = c
		}
		out[i] = HistoryEvent{ID: ev.ID, PreviousEventID: ev.PreviousID, Timestamp: ev.Timestamp, Type: ev.Type, Details: d}
	}
	return out, nil
}

// ---- TestState ----

// TestState runs one state on an input, as AWS's TestState does: no
// retries, no waiting, the data flow stages reported in inspectionData.
func (e *Engine) TestState(ctx context.Context, in *TestStateInput) (*TestStateOutput, error) {
	if in.Definition == "" {
		return nil, apiErr("ValidationException", "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null")
	}
	wrapped, name, werr := wrapState([]byte(in.Definition), in.StateName)
	if werr != nil {
		return nil, werr
	}
	def, perr := parseDefinition(string(wrapped), store.TypeStandard)
	if perr != nil {
		return nil, perr
	}
	text, input, ierr := validInput(in.Input)
	if ierr != nil {
		return nil, ierr
	}
	var vars map[string]any
	if in.Variables != nil && *in.Variables != "" {
		v, err := asl.Decode([]byte(*in.Variables))
		m, ok := v.(map[string]any)
		if err != nil || !ok {
			return nil, apiErr("ValidationException", "variables must be a JSON object")
		}
		vars = m
	}
	st := def.States[name]
	machineARN := e.machineARN("TestStateMachine")
	x := &execution{
		e: e, name: e.p.NewID(), machineARN: machineARN, machineName: "TestStateMachine", roleARN: in.RoleArn,
		start: e.p.Now(), input: input, usesContext: true,
		test: &testRun{data: map[string]any{"input": text}},
	}
	x.arn = "arn:aws:states:" + e.p.Region + ":" + e.p.Account + ":execution:TestStateMachine:" + x.name
	x.initContext()
	var prev int64
	sc := &scope{vars: vars}
	out, next, rerr := x.runState(ctx, st, input, sc, &prev)
	res := &TestStateOutput{}
	switch {
	case rerr != nil && x.test.status == "RETRIABLE":
		res.Status = "RETRIABLE"
	case rerr != nil:
		res.Status = "FAILED"
	case x.test.status == "CAUGHT_ERROR":
		res.Status = "CAUGHT_ERROR"
	default:
		res.Status = "SUCCEEDED"
	}
	if rerr != nil {
		res.Error, res.Cause = &rerr.Name, &rerr.Cause
		if rerr.Name == errCanceled {
			return nil, ctx.Err()
		}
	} else {
		s := jsonString(out)
		res.Output = &s
		if rerr == nil && res.Status == "CAUGHT_ERROR" {
			if eo, ok := x.test.data["errorOutput"].(string); ok {
				v, _ := asl.Decode([]byte(eo))
				m, _ := v.(map[string]any)
				en, _ := m["Error"].(string)
				ec, _ := m["Cause"].(string)
				res.Error, res.Cause = &en, &ec
			}
		}
		res.NextState = next
	}
	if in.InspectionLevel == "DEBUG" || in.InspectionLevel == "TRACE" {
		delete(x.test.data, "errorOutput")
		res.InspectionData = x.test.data
	}
	return res, nil
}

// wrapState makes a one-state definition parseable as a machine: the
// transition targets it names become Succeed states. A whole machine
// (with StartAt and States) is accepted too, with stateName choosing the state.
func wrapState(def []byte, stateName string) ([]byte, string, *Error) {
	var st map[string]json.RawMessage
	if err := json.Unmarshal(def, &st); err != nil {
		return nil, "", apiErr("InvalidDefinition", "Invalid State Machine Definition: '"+asl.CodeInvalidJSONDescription+": "+err.Error()+"'")
	}
	if raw, ok := st["States"]; ok && stateName != "" {
		var states map[string]json.RawMessage
		if err := json.Unmarshal(raw, &states); err != nil || states[stateName] == nil {
			return nil, "", apiErr("ValidationException", "State '"+stateName+"' does not exist in the definition")
		}
		return wrapState(states[stateName], stateName)
	}
	name := "TestState"
	targets := map[string]bool{}
	var collect func(v any)
	collect = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, c := range t {
				if (k == "Next" || k == "Default") && isString(c) {
					targets[c.(string)] = true
				}
				if k == "Choices" || k == "Catch" || k == "And" || k == "Or" || k == "Not" {
					collect(c)
				}
			}
		case []any:
			for _, c := range t {
				collect(c)
			}
		}
	}
	var top map[string]any
	json.Unmarshal(def, &top) //nolint:errcheck // checked above
	collect(top)
	states := map[string]json.RawMessage{name: def}
	for t := range targets {
		if t == name {
			continue
		}
		states[t] = json.RawMessage(`{"Type":"Succeed"}`)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"StartAt":` + quote(name) + `,"States":{`)
	i := 0
	for k, v := range states {
		if i > 0 {
			buf.WriteByte(',')
		}
		i++
		buf.WriteString(quote(k) + ":")
		buf.Write(v)
	}
	buf.WriteString("}}")
	return buf.Bytes(), name, nil
}

func isString(v any) bool { _, ok := v.(string); return ok }

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }
