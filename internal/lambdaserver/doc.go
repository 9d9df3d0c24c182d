// Package lambdaserver starts, for tests, a separate process that speaks the
// Lambda Invoke API: the fnserver program in this directory, which serves a
// few Go handlers through server/lambdaapi on a loopback port. Tests point
// local.lambda.endpoint (or an SDK client) at it to prove the data source
// and the Invoke API against each other across a real process boundary.
//
// The handlers:
//
//	echo    returns its event
//	batch   takes a list of {"x": n} and returns, in order, {"data": n*10}, or
//	        {"errorMessage": "negative", "errorType": "Negative"} for n < 0
//	direct  takes a list of direct-resolver events and returns, in order,
//	        arguments.x*10 from each event's source, or the per-item error
//	        shape for a negative x
//	fail    always fails: errorType "Boom", message "it broke"
//	event   records that it ran (for Event invocations)
//	waitEvent  waits up to 10 s for an event call and returns how many ran
//	calls   returns {function name: number of invocations, batch sizes}
package lambdaserver
