package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/httpsource"
	"github.com/appsync-local/appsync-local/datasources/sfn"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// sfnSource builds an AWS_STEP_FUNCTIONS data source over the server's
// Step Functions engine. config.stateMachine (a name) or
// config.stateMachineArn is the default machine of StartExecution,
// StartSyncExecution and ListExecutions.
func (b *builder) sfnSource(ds *config.DataSource) (*sfn.Source, error) {
	src := &sfn.Source{Name: ds.Name, API: b.sfnAPI}
	if arn, _ := ds.Config["stateMachineArn"].(string); arn != "" {
		if !strings.HasPrefix(arn, "arn:") {
			return nil, fmt.Errorf("data source %s: stateMachineArn %q is not an ARN; write arn:aws:states:<region>:<account>:stateMachine:<name>, or give the name as stateMachine", ds.Name, arn)
		}
		src.StateMachineArn = arn
	}
	if name, _ := ds.Config["stateMachine"].(string); name != "" {
		region := b.cfg.Local.Region
		if region == "" {
			region = config.DefaultRegion
		}
		src.StateMachineArn = "arn:aws:states:" + region + ":" + config.AccountID + ":stateMachine:" + name
	}
	return src, nil
}

// routeStates makes an HTTP data source whose endpoint is Step Functions'
// (states.<region>.amazonaws.com) call the built-in engine in-process.
func (b *builder) routeStates(src *httpsource.Source) {
	u, err := url.Parse(src.Endpoint)
	if err != nil || !sfn.IsEndpoint(u.Host) || b.sfnAPI == nil {
		return
	}
	src.Client = &http.Client{
		Transport:     &sfn.Transport{Handler: b.sfnAPI},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// checkExecutionUpdates checks that local.stepFunctions.executionUpdates
// names a field of the schema's subscription type.
func (b *builder) checkExecutionUpdates(s *ast.Schema) []error {
	eu := b.cfg.Local.StepFunctions.ExecutionUpdates
	if eu.Field == "" {
		return nil
	}
	if s.Subscription == nil || s.Subscription.Name != eu.Type {
		return []error{&config.Error{Pos: eu.Pos, Message: fmt.Sprintf("local.stepFunctions.executionUpdates.field %s.%s: %s is not the schema's subscription type; name a field of the Subscription type", eu.Type, eu.Field, eu.Type)}}
	}
	if msg := fieldMissing(s, eu.Type, eu.Field); msg != "" {
		return []error{&config.Error{Pos: eu.Pos, Message: fmt.Sprintf("local.stepFunctions.executionUpdates.field %s.%s: the schema has no such field; add it to type %s", eu.Type, eu.Field, eu.Type)}}
	}
	return nil
}

// sfnAPI serves the Step Functions API of the engine Start mounts. Data
// sources are built before the engine starts, so it looks the engine up on
// each call.
func (m *Main) sfnAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.sfn == nil || m.sfn.api == nil {
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"__type":"ServiceUnavailable","message":"The Step Functions engine is not running."}`)) //nolint:errcheck
			return
		}
		m.sfn.api.ServeHTTP(w, r)
	})
}

// observeSFN wraps the engine's store so that, when the config sets
// local.stepFunctions.executionUpdates, each history event of a Standard
// execution is published to that subscription field.
func (m *Main) observeSFN(cfg *config.Config, st store.Store) store.Store {
	field := cfg.Local.StepFunctions.ExecutionUpdates.Field
	if field == "" {
		return st
	}
	return sfn.Observe(st, func(u *sfn.Update) {
		if srv := m.srv; srv != nil {
			srv.Publish(field, u.Map())
		}
	})
}
