package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
	"github.com/appsync-local/appsync-local/stepfunctions/store/pgstore"
	"github.com/appsync-local/appsync-local/stepfunctions/store/sqlitestore"
)

// sfnBackend is the Step Functions engine the server mounts.
type sfnBackend struct {
	eng   *engine.Engine
	store store.Store
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
	if m.dataDir != "" {
		cfg.Local.DataDir = m.dataDir
	}
	st, err := openSFNStore(cfg)
	if err != nil {
		return err
	}
	eng := engine.New(engine.Params{Store: m.observeSFN(cfg, st), Tasks: tasks, Region: region, Account: config.AccountID, WaitTimeScale: scale, Log: m.log, Mocks: mocks})
	b := &sfnBackend{eng: eng, store: st}
	if err := addIntegrations(m, cfg, tasks, eng); err != nil {
		b.Close()
		return err
	}
	if err := createConfiguredMachines(eng, cfg); err != nil {
		b.Close()
		return err
	}
	// Executions a previous run left RUNNING carry on where they were.
	n, err := eng.Resume(context.Background())
	if err != nil {
		b.Close()
		return fmt.Errorf("step functions: resume executions: %w", err)
	}
	if n > 0 {
		m.log.Info("resumed Step Functions executions", "count", n)
	}
	b.api = sfnapi.New(eng, m.log)
	m.sfn = b
	services["AWSStepFunctions"] = b.api
	return nil
}

// openSFNStore opens the store SFN_STORE_URL or local.stepFunctions.store
// names (see config): by default SQLite in the data dir, so Standard
// executions outlive the process.
func openSFNStore(cfg *config.Config) (store.Store, error) {
	where := "local.stepFunctions.store"
	spec := cfg.Local.StepFunctions.Store
	if env := os.Getenv("SFN_STORE_URL"); env != "" {
		where, spec = "SFN_STORE_URL", env
	}
	switch {
	case spec == "memory":
		return memstore.New(), nil
	case spec == "" || spec == "sqlite" || strings.HasPrefix(spec, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(spec, "sqlite"), ":")
		if path == "" {
			path = filepath.Join(cfg.Local.DataDir, "stepfunctions.sqlite")
		}
		st, err := sqlitestore.Open(sqlitestore.Options{Path: path})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		return st, nil
	case strings.HasPrefix(spec, "postgres://"), strings.HasPrefix(spec, "postgresql://"):
		st, err := pgstore.Open(pgstore.Options{URL: spec})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		return st, nil
	}
	return nil, fmt.Errorf("%s: %q is not a Step Functions store; use sqlite (the default, in the data dir), sqlite:PATH, memory, or a postgres:// URL", where, spec)
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
		var ae *engine.Error
		if errors.As(err, &ae) && ae.Code == "StateMachineAlreadyExists" {
			// Kept by a durable store from an earlier run: the config's
			// definition wins (a changed type cannot be, as on AWS).
			region := cfg.Local.Region
			if region == "" {
				region = config.DefaultRegion
			}
			err = updateConfiguredMachine(eng, region, name, def, typ, role)
		}
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

// updateConfiguredMachine brings a machine kept from an earlier run in line
// with the config.
func updateConfiguredMachine(eng *engine.Engine, region, name, def, typ, role string) error {
	arn := "arn:aws:states:" + region + ":" + config.AccountID + ":stateMachine:" + name
	old, err := eng.DescribeStateMachine(context.Background(), arn)
	if err != nil {
		return err
	}
	if old.Type != typ {
		return fmt.Errorf("the store (local.stepFunctions.store) keeps a %s machine of this name from an earlier run; a machine's type cannot change: rename it or delete it with the DeleteStateMachine API", old.Type)
	}
	if old.Definition == def && old.RoleArn == role {
		return nil
	}
	_, err = eng.UpdateStateMachine(context.Background(), &engine.UpdateStateMachineInput{StateMachineArn: arn, Definition: &def, RoleArn: &role})
	return err
}
