package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// sfnBackend is the Step Functions engine the server mounts.
type sfnBackend struct {
	eng   *engine.Engine
	store *memstore.Store
	api   http.Handler // the Step Functions API handler
}

// Close stops the engine; nil-safe.
func (b *sfnBackend) Close() error {
	if b == nil {
		return nil
	}
	return errors.Join(b.eng.Close(), b.store.Close())
}

// StepFunctions returns the Step Functions engine of a started Main, for
// embedders and tests (Wait on an execution, for example).
func (m *Main) StepFunctions() *engine.Engine {
	if m.sfn == nil {
		return nil
	}
	return m.sfn.eng
}

// waitTimeScale reads WAIT_TIME_SCALE (default 1 = real time; 0 = no waiting).
func waitTimeScale() (float64, error) {
	s := os.Getenv("WAIT_TIME_SCALE")
	if s == "" {
		return 1, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("WAIT_TIME_SCALE=%q: want a number ≥ 0 (1 = real time, 0 = no waiting)", s)
	}
	return f, nil
}

// mountStepFunctions starts the engine, creates the state machines the
// config declares and serves the API under services["AWSStepFunctions"].
func (m *Main) mountStepFunctions(cfg *config.Config, services map[string]http.Handler) error {
	scale, err := waitTimeScale()
	if err != nil {
		return err
	}
	if m.WaitTimeScale != nil {
		scale = *m.WaitTimeScale
	}
	region := cfg.Local.Region
	if region == "" {
		region = config.DefaultRegion
	}
	tasks := engine.NewTasks()
	invokers := []engine.Invoker{goInvoker{m.Functions}}
	ep := os.Getenv("LAMBDA_ENDPOINT")
	if ep == "" {
		ep = cfg.Local.Lambda.Endpoint
	}
	if ep != "" {
		invokers = append(invokers, &remoteInvoker{endpoint: ep, client: lambdasdk.New(lambdasdk.Options{
			Region: region, BaseEndpoint: aws.String(ep), Credentials: envCredentials(),
			Retryer: aws.NopRetryer{}, HTTPClient: &http.Client{},
		})})
	}
	if err := tasks.Add("lambda", engine.LambdaResolver(invokers...)); err != nil {
		return err
	}
	var mocks *engine.MockConfig
	if p := os.Getenv("SFN_MOCK_CONFIG"); p != "" {
		if mocks, err = engine.LoadMockConfig(p); err != nil {
			return fmt.Errorf("SFN_MOCK_CONFIG: %w", err)
		}
	}
	st := memstore.New()
	eng := engine.New(engine.Params{Store: m.observeSFN(cfg, st), Tasks: tasks, Region: region, Account: config.AccountID, WaitTimeScale: scale, Log: m.log, Mocks: mocks})
	if err := addIntegrations(m, cfg, tasks, eng); err != nil {
		eng.Close()
		return err
	}
	b := &sfnBackend{eng: eng, store: st}
	if err := createConfiguredMachines(eng, cfg); err != nil {
		b.Close()
		return err
	}
	b.api = sfnapi.New(eng, m.log)
	m.sfn = b
	services["AWSStepFunctions"] = b.api
	return nil
}

// createConfiguredMachines creates local.stepFunctions.stateMachines: name →
// {definition: file or inline object, type: STANDARD|EXPRESS}.
func createConfiguredMachines(eng *engine.Engine, cfg *config.Config) error {
	names := make([]string, 0, len(cfg.Local.StepFunctions.StateMachines))
	for n := range cfg.Local.StepFunctions.StateMachines {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		sm := cfg.Local.StepFunctions.StateMachines[name]
		where := fmt.Sprintf("%s: local.stepFunctions.stateMachines.%s", cfg.Local.Pos, name)
		var def string
		switch d := sm["definition"].(type) {
		case string:
			b, err := os.ReadFile(d)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: read definition: %w", where, err))
				continue
			}
			def = string(b)
		case map[string]any:
			b, err := json.Marshal(d)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: definition: %w", where, err))
				continue
			}
			def = string(b)
		case nil:
			errs = append(errs, fmt.Errorf("%s: definition is required: a file path or an inline state machine", where))
			continue
		default:
			errs = append(errs, fmt.Errorf("%s: definition must be a file path or an inline object, not %T", where, d))
			continue
		}
		typ, _ := sm["type"].(string)
		if typ == "" {
			typ = "STANDARD"
		}
		role, _ := sm["roleArn"].(string)
		if role == "" {
			role = "arn:aws:iam::" + config.AccountID + ":role/appsync-local"
		}
		_, err := eng.CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: name, Definition: def, Type: typ, RoleArn: role})
		if err != nil {
			var ae *engine.Error
			if errors.As(err, &ae) {
				err = errors.New(ae.Message)
			}
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
	}
	return errors.Join(errs...)
}

// goInvoker runs in-process Go handlers for Lambda tasks.
type goInvoker struct{ r *gohandler.Registry }

// Invoke implements engine.Invoker; unknown names are engine.ErrFunctionNotFound
// so that the next invoker (the Lambda endpoint) gets them.
func (g goInvoker) Invoke(ctx context.Context, name string, payload []byte) ([]byte, error) {
	if !g.r.Has(name) {
		return nil, engine.ErrFunctionNotFound
	}
	return g.r.Invoke(ctx, name, payload)
}

// remoteInvoker calls the Lambda Invoke API at LAMBDA_ENDPOINT.
type remoteInvoker struct {
	endpoint string
	client   *lambdasdk.Client
}

// Invoke implements engine.Invoker: a function error becomes its errorType
// with the response body as cause, as Step Functions reports it.
func (r *remoteInvoker) Invoke(ctx context.Context, name string, payload []byte) ([]byte, error) {
	out, err := r.client.Invoke(ctx, &lambdasdk.InvokeInput{FunctionName: &name, Payload: payload})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ae smithy.APIError
		if errors.As(err, &ae) {
			return nil, &asl.Error{Name: "Lambda." + ae.ErrorCode(), Cause: ae.ErrorMessage()}
		}
		return nil, &asl.Error{Name: "Lambda.SdkClientException", Cause: fmt.Sprintf("invoke %s through the Lambda Invoke API at %s: %v", name, r.endpoint, err)}
	}
	if out.FunctionError != nil {
		var fe struct {
			Type string `json:"errorType"`
		}
		json.Unmarshal(out.Payload, &fe) //nolint:errcheck // a body that is not JSON keeps the default name
		if fe.Type == "" {
			fe.Type = "Lambda.Unknown"
		}
		return nil, &asl.Error{Name: fe.Type, Cause: string(out.Payload)}
	}
	if len(out.Payload) == 0 {
		return []byte("null"), nil
	}
	return out.Payload, nil
}
