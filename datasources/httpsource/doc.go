// Package httpsource is AppSync's HTTP data source: it sends the request a
// mapping template describes, {version, method, resourcePath, params: {query,
// headers, body}}, to the data source's endpoint and gives the template the
// response as {statusCode, headers, body}, the body a string, so templates
// check $ctx.result.statusCode and $util.parseJson($ctx.result.body) as they
// do on AppSync.
//
// A data source whose authorizationConfig asks for AWS_IAM has its requests
// signed with Signature Version 4 for the configured region and service, with
// the credentials the process was given, as AppSync signs them with its
// service role.
//
// Failures are AppSync-shaped errors ($ctx.error.type): a malformed request
// document is MappingTemplate, a request that runs past the timeout is
// Http:ExecutionTimeoutException ("Execution timed out."), an endpoint that
// cannot be reached is Http:HttpRequestException naming the endpoint. A
// response with any status code is a result, not an error: templates decide.
package httpsource
