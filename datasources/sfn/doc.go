// Package sfn is the built-in Step Functions data source (type
// AWS_STEP_FUNCTIONS) and the pieces that join Step Functions to GraphQL.
//
// Source runs a request document that names a Step Functions API operation,
//
//	{"version": "2018-05-29", "operation": "StartExecution",
//	 "input": {"orderId": "o-1"}, "name": "o-1"}
//
// against the Step Functions API handler in-process (the same handler that
// serves the AWS JSON 1.0 wire), so the result is exactly the API's output
// shape (executionArn, startDate, status, output as a JSON string, ...) and
// templates read like the API reference. An error is a *Error whose
// ErrorType is "StepFunctions:<Code>" with the API's message.
//
// Transport serves an HTTP data source pointed at
// https://states.<region>.amazonaws.com with the same handler, with no
// network hop: the AWS pattern (X-Amz-Target: AWSStepFunctions.StartExecution,
// SigV4 signing) works unchanged.
//
// Observe wraps a Step Functions store so that every history event a
// Standard execution records, including its start and its end, becomes an
// Update; the app publishes updates to a subscription field.
package sfn
