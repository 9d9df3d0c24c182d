// Package lambdaapi serves the Lambda Invoke API for the Go handlers
// registered in-process, so that `aws lambda invoke --endpoint-url`, the AWS
// SDKs, Step Functions Local, or another appsync-local (its
// local.lambda.endpoint) reach them on appsync-local's port:
//
//	POST /2015-03-31/functions/{FunctionName}/invocations
//
// X-Amz-Invocation-Type RequestResponse (the default) answers 200 with the
// function's result; Event runs the function in the background and answers
// 202; DryRun checks the function exists and answers 204. A function error
// answers 200 with X-Amz-Function-Error: Unhandled and the body
// {"errorMessage", "errorType"}, as Lambda does. An unknown function is 404
// ResourceNotFoundException, a body that is not JSON 400
// InvalidRequestContentException, both in Lambda's REST-JSON error shape.
//
// FunctionName may be a name, a partial ARN (123456789012:function:name) or
// a full ARN, with or without a qualifier; the qualifier is ignored, since an
// in-process handler has one version.
package lambdaapi
