// Package sfnapi serves the Step Functions API over AWS JSON 1.0
// (X-Amz-Target: AWSStepFunctions.<Operation>) on top of an engine.Engine,
// so the AWS SDKs and `aws stepfunctions --endpoint-url` work against the
// local server. It translates engine.Error values to AWS's wire errors
// ({"__type": ..., "message": ...}, HTTP 400) and hides internal errors.
//
// StartSyncExecution and TestState are, on AWS, sent to a "sync-" host
// prefix. This server answers them on its own port; Go SDK users disable the
// prefix with the client option DisableHostPrefix (see that function).
package sfnapi
