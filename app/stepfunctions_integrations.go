package app

import (
	"errors"
	"net/http"
	"os"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
)

// addIntegrations registers the service integrations beyond Lambda in the
// engine's task registry: nested executions, DynamoDB, HTTP and messaging.
//
// DynamoDB tasks use DYNAMODB_ENDPOINT when set (Step Functions Local's
// variable), else the DynamoDB the gateway uses: the embedded store when the
// config declares tables or DynamoDB data sources, or local.dynamodb.endpoint.
// A config with neither has no DynamoDB open, and DynamoDB tasks fail with
// an error saying so. SQS_ENDPOINT, SNS_ENDPOINT and EVENTBRIDGE_ENDPOINT
// send messaging tasks to a service; unset, they succeed locally with a
// plausible response.
func addIntegrations(m *Main, cfg *config.Config, tasks *engine.Tasks, eng *engine.Engine) error {
	var ddb *http.Client
	ddbEndpoint := os.Getenv("DYNAMODB_ENDPOINT")
	switch {
	case ddbEndpoint != "":
		ddb = &http.Client{}
	case m.dynamo != nil && m.dynamo.store != nil:
		ddb, ddbEndpoint = &http.Client{Transport: m.dynamo.store.Transport()}, "http://dynamodb.local"
	case m.dynamo != nil && cfg.Local.DynamoDB.Endpoint != "":
		ddb, ddbEndpoint = &http.Client{}, cfg.Local.DynamoDB.Endpoint
	}
	return errors.Join(
		tasks.Add("states", eng.NestedResolver()),
		tasks.Add("dynamodb", engine.DynamoDBResolver(ddb, ddbEndpoint)),
		tasks.Add("http", engine.HTTPInvokeResolver(&http.Client{})),
		tasks.Add("messaging", engine.MessagingResolver(engine.Endpoints{
			SQS: os.Getenv("SQS_ENDPOINT"), SNS: os.Getenv("SNS_ENDPOINT"), EventBridge: os.Getenv("EVENTBRIDGE_ENDPOINT"),
		})),
	)
}
