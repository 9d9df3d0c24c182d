package app

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/httpsource"
	"github.com/appsync-local/appsync-local/datasources/lambda"
	"github.com/appsync-local/appsync-local/server/lambdaapi"
)

// httpSource builds an HTTP data source. authorizationConfig with
// authorizationType AWS_IAM signs its requests for awsIamConfig's
// signingRegion and signingServiceName with the environment's credentials.
func (b *builder) httpSource(ds *config.DataSource) (*httpsource.Source, error) {
	if u, err := url.Parse(ds.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("data source %s: endpoint %q is not an http:// or https:// URL with a host; write it like https://api.example.com", ds.Name, ds.Endpoint)
	}
	src := &httpsource.Source{Name: ds.Name, Endpoint: ds.Endpoint, Timeout: b.httpTimeout}
	b.routeStates(src) // states.<region>.amazonaws.com: the built-in engine (app/build_sfn.go)
	ac, ok := ds.Config["authorizationConfig"].(map[string]any)
	if !ok {
		return src, nil
	}
	switch t := ac["authorizationType"]; t {
	case "AWS_IAM":
	case nil:
		return nil, fmt.Errorf("data source %s: authorizationConfig needs authorizationType: AWS_IAM", ds.Name)
	default:
		return nil, fmt.Errorf("data source %s: authorizationConfig.authorizationType %v is not supported; AppSync signs HTTP requests only with AWS_IAM", ds.Name, t)
	}
	iam, _ := ac["awsIamConfig"].(map[string]any)
	region, _ := iam["signingRegion"].(string)
	service, _ := iam["signingServiceName"].(string)
	if region == "" || service == "" {
		return nil, fmt.Errorf("data source %s: AWS_IAM signing needs authorizationConfig.awsIamConfig with signingRegion and signingServiceName", ds.Name)
	}
	src.Signing = &httpsource.Signing{Region: region, Service: service, Credentials: envCredentials()}
	return src, nil
}

// lambdaClient returns the Lambda Invoke API client for functions that are
// not registered in-process, or nil when local.lambda.endpoint is not set.
// It signs with the environment's credentials, or dummy ones for local
// endpoints (sam local start-lambda, serverless-offline), and does not
// retry: a local endpoint that is down should fail the field at once.
func (b *builder) lambdaClient() lambda.Client {
	ep := b.cfg.Local.Lambda.Endpoint
	if ep == "" {
		return nil
	}
	if b.lambdaRemote == nil {
		region := b.cfg.Local.Region
		if region == "" {
			region = config.DefaultRegion
		}
		b.lambdaRemote = lambdasdk.New(lambdasdk.Options{
			Region:       region,
			BaseEndpoint: aws.String(ep),
			Credentials:  envCredentials(),
			Retryer:      aws.NopRetryer{},
			HTTPClient:   &http.Client{},
		})
	}
	return b.lambdaRemote
}

// routes are the extra HTTP routes of the server: the Lambda Invoke API for
// the in-process handlers.
func (m *Main) routes(cfg *config.Config) map[string]http.Handler {
	return map[string]http.Handler{
		lambdaapi.Pattern: lambdaapi.New(lambdaapi.Params{Functions: m.Functions, Region: cfg.Local.Region, AccountID: config.AccountID, Logger: m.log}),
		consolePattern:    consoleHandler(),
	}
}
