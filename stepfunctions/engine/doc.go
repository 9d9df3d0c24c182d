// Package engine runs Step Functions state machines: it keeps machines and
// executions in a store.Store, interprets Amazon States Language definitions
// (parsed by package asl) with AWS's data flow, Retry/Catch, Parallel and Map,
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
// Lifecycle: New(Params) → API methods (CreateStateMachine, StartExecution,
// StartSyncExecution, ...) → Close, which aborts running executions and waits
// for them. Standard executions run on their own goroutine; Express
// executions started synchronously run on the caller's.
//
// The interpreter (run.go) reads no clock and makes no calls of its own:
// time, IDs, waiting and task invocation come from Params, and history
// events go to the store through a recorder, so tests control all of them.
// It is not yet the pure (definition, state, event) → (state, events,
// commands) function DESIGN.md describes: it is a recursive walker (one
// goroutine per execution, Parallel branch and Map iteration) whose side
// effects go through those hooks. Durable resumption (the next issue) needs
// the pure form; the history it records is already the complete record.
package engine
