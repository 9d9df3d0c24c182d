// Package lambda is the AWS_LAMBDA data source: it runs AppSync's Lambda
// request documents ({operation: Invoke|BatchInvoke, payload,
// invocationType: RequestResponse|Event}) against a function.
//
// The function is a Go handler registered in-process under the function name
// when there is one, else the function of that name behind the Lambda Invoke
// API at local.lambda.endpoint (sam local start-lambda, serverless-offline,
// another appsync-local, or AWS). Both paths report errors alike: a function
// error carries the function's errorType and errorMessage, as AppSync's
// $ctx.error.type and message.
//
// BatchInvoke joins the calls one field makes across the items of a list
// (package batch) and sends their payloads to the function as one list per
// up to maxBatchSize items; the function answers with a list of the same
// length, matched by position.
package lambda
