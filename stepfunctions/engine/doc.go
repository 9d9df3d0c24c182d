// Package engine runs Step Functions state machines: it keeps machines and
// executions in a store.Store, interprets Amazon States Language definitions
// (parsed by package asl) with AWS's data flow, JSONPath or JSONata
// (jsonata.go: Arguments, Output, Assign and $states, failing with
// States.QueryEvaluationError), Retry/Catch, Parallel and Map,
// records Standard executions' history events exactly as GetExecutionHistory
// returns them, and runs Task resources through a pluggable Tasks registry:
// in-process Go handlers and the Lambda Invoke API (LambdaResolver), nested
// executions (Engine.NestedResolver), DynamoDB (DynamoDBResolver), HTTP
// (HTTPInvokeResolver) and SQS/SNS/EventBridge (MessagingResolver).
//
// Work done outside the engine waits on task tokens: an activity ARN as
// Resource queues a task for GetActivityTask (a long poll woken the moment
// a task is queued; the store's ClaimTask hands each task to one worker),
// and any integration with .waitForTaskToken pauses until SendTaskSuccess
// or SendTaskFailure. Both honour TimeoutSeconds and HeartbeatSeconds
// (States.Timeout; a heartbeat timeout also matches States.HeartbeatTimeout
// in Retry and Catch). Tokens and pending tasks are store.TaskRecord values
// in the store.TaskStore, so a durable store keeps them; the goroutines
// waiting on them are in-process (callbacks), and resuming them after a
// restart is the durable engine's job (TaskStore.OpenTasks).
//
// Params.Mocks applies Step Functions Local's MockConfigFile.json to
// executions started with a #TestCase suffix on the state machine ARN.
//
// Lifecycle: New(Params) → Resume (executions an earlier process left
// RUNNING in a durable store) → API methods (CreateStateMachine,
// StartExecution, StartSyncExecution, ...) → Close, which stops running
// executions where they are without recording anything, so that the next
// engine on the same store resumes them. Standard executions run on their
// own goroutine; Express executions started synchronously run on the
// caller's.
//
// The interpreter (run.go) reads no clock and makes no calls of its own:
// time, IDs, waiting and task invocation come from Params, and history
// events go to the store through a recorder, so tests control all of them.
// It is a recursive walker (one goroutine per execution, Parallel branch and
// Map iteration), not the pure (definition, state, event) → (state, events,
// commands) function DESIGN.md sketches. Durability comes from replay
// instead: every event is stored with a key naming its place in the run
// (the event it follows, its type, its state name or Map index), and a
// resumed execution walks its definition again from the start while the
// recorder answers already-recorded keys with the old events and the
// walker takes recorded outcomes (task results, the times Waits and retries
// started, task tokens derived from the execution and event) instead of
// doing the work again. Work is done for real from the first event that was
// never recorded; a task in flight at a crash, whose end was not recorded,
// runs again (at least once, as on AWS).
package engine
