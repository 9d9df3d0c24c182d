package sfnapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Handler serves the Step Functions API. Create it with New.
type Handler struct {
	eng *engine.Engine
	log *slog.Logger
	ops map[string]op
}

type op func(ctx context.Context, body []byte) (any, error)

// New returns a Handler over eng.
func New(eng *engine.Engine, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.Default()
	}
	h := &Handler{eng: eng, log: log, ops: map[string]op{}}
	h.addStateMachineOps()
	h.addActivityOps()
	h.addVersionOps()
	return h
}

// maxRequest is AWS's request size limit.
const maxRequest = 1 << 20

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	_, name, _ := strings.Cut(target, ".")
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("step functions request panicked", "operation", name, "panic", p)
			writeError(w, http.StatusInternalServerError, "InternalServerError", "An internal error occurred")
		}
	}()
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "UnknownOperationException", "Step Functions calls are POST requests")
		return
	}
	fn := h.ops[name]
	if fn == nil {
		writeError(w, http.StatusBadRequest, "UnknownOperationException", "Operation "+name+" is not supported by appsync-local")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "ValidationException", "could not read the request body: "+err.Error())
		return
	}
	if len(body) > maxRequest {
		writeError(w, http.StatusRequestEntityTooLarge, "ValidationException", "The request exceeds the maximum size of 1 MB")
		return
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	out, err := fn(r.Context(), body)
	if err != nil {
		var ae *engine.Error
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &ae):
			writeError(w, http.StatusBadRequest, ae.Code, ae.Message)
		case errors.As(err, &se), errors.As(err, &te):
			writeError(w, http.StatusBadRequest, "SerializationException", err.Error())
		default:
			h.log.Error("step functions request failed", "operation", name, "error", err)
			writeError(w, http.StatusInternalServerError, "InternalServerError", "An internal error occurred")
		}
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		h.log.Error("encode step functions response", "operation", name, "error", err)
		writeError(w, http.StatusInternalServerError, "InternalServerError", "An internal error occurred")
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Write(b) //nolint:errcheck
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
	w.Write(b) //nolint:errcheck
}

// call adapts an engine call to an op: the body is decoded into In (a JSON
// error becomes a SerializationException in ServeHTTP) and fn answers.
func call[In any](fn func(ctx context.Context, in *In) (any, error)) op {
	return func(ctx context.Context, body []byte) (any, error) {
		in := new(In)
		if err := json.Unmarshal(body, in); err != nil {
			return nil, err
		}
		return fn(ctx, in)
	}
}

// done is the answer of the calls that return nothing: {} on success.
func done(err error) (any, error) { return empty{}, err }

type arnInput struct {
	StateMachineArn string `json:"stateMachineArn"`
	ExecutionArn    string `json:"executionArn"`
	ResourceArn     string `json:"resourceArn"`
}

type empty struct{}

type pageInput struct {
	MaxResults *int   `json:"maxResults"`
	NextToken  string `json:"nextToken"`
}

// page cuts one page out of n items: maxResults 0 means the default (100,
// as AWS), tokens are opaque offsets.
func page(p pageInput, n int) (start, end int, next *string, err error) {
	limit := 100
	if p.MaxResults != nil {
		if *p.MaxResults < 0 || *p.MaxResults > 1000 {
			return 0, 0, nil, &engine.Error{Code: "ValidationException", Message: "1 validation error detected: Value '" + strconv.Itoa(*p.MaxResults) + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"}
		}
		if *p.MaxResults > 0 {
			limit = *p.MaxResults
		}
	}
	if p.NextToken != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(p.NextToken)
		off, cerr := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if derr != nil || cerr != nil || off < 0 || off > n || !strings.HasPrefix(string(raw), "offset:") {
			return 0, 0, nil, &engine.Error{Code: "InvalidToken", Message: "Invalid Token: '" + p.NextToken + "'"}
		}
		start = off
	}
	end = min(n, start+limit)
	if end < n {
		t := base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
		next = &t
	}
	return start, end, next, nil
}

// paged answers a List call: the page of list that p asks for under key,
// and nextToken when more follow.
func paged[T any](key string, p pageInput, list []T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	s, e, next, err := page(p, len(list))
	if err != nil {
		return nil, err
	}
	out := map[string]any{key: list[s:e]}
	if next != nil {
		out["nextToken"] = *next
	}
	return out, nil
}

func (h *Handler) addStateMachineOps() {
	eng := h.eng
	h.ops["CreateStateMachine"] = call(func(ctx context.Context, in *engine.CreateStateMachineInput) (any, error) {
		return eng.CreateStateMachine(ctx, in)
	})
	h.ops["DescribeStateMachine"] = call(func(ctx context.Context, in *arnInput) (any, error) {
		return eng.DescribeStateMachine(ctx, in.StateMachineArn)
	})
	h.ops["UpdateStateMachine"] = call(func(ctx context.Context, in *engine.UpdateStateMachineInput) (any, error) {
		return eng.UpdateStateMachine(ctx, in)
	})
	h.ops["DeleteStateMachine"] = call(func(ctx context.Context, in *arnInput) (any, error) {
		return done(eng.DeleteStateMachine(ctx, in.StateMachineArn))
	})
	h.ops["ListStateMachines"] = call(func(ctx context.Context, in *pageInput) (any, error) {
		list, err := eng.ListStateMachines(ctx)
		return paged("stateMachines", *in, list, err)
	})
	h.ops["StartExecution"] = call(func(ctx context.Context, in *engine.StartExecutionInput) (any, error) {
		return eng.StartExecution(ctx, in)
	})
	h.ops["StartSyncExecution"] = call(func(ctx context.Context, in *engine.StartExecutionInput) (any, error) {
		return eng.StartSyncExecution(ctx, in)
	})
	h.ops["StopExecution"] = call(func(ctx context.Context, in *struct {
		ExecutionArn string `json:"executionArn"`
		Error        string `json:"error"`
		Cause        string `json:"cause"`
	}) (any, error) {
		stop, err := eng.StopExecution(ctx, in.ExecutionArn, in.Error, in.Cause)
		if err != nil {
			return nil, err
		}
		return struct {
			StopDate *engine.Timestamp `json:"stopDate"`
		}{stop}, nil
	})
	h.ops["DescribeExecution"] = call(func(ctx context.Context, in *arnInput) (any, error) {
		return eng.DescribeExecution(ctx, in.ExecutionArn)
	})
	h.ops["DescribeStateMachineForExecution"] = call(func(ctx context.Context, in *arnInput) (any, error) {
		return eng.DescribeStateMachineForExecution(ctx, in.ExecutionArn)
	})
	h.ops["ListExecutions"] = call(func(ctx context.Context, in *struct {
		engine.ListExecutionsInput
		pageInput
	}) (any, error) {
		list, err := eng.ListExecutions(ctx, &in.ListExecutionsInput)
		return paged("executions", in.pageInput, list, err)
	})
	h.ops["GetExecutionHistory"] = call(func(ctx context.Context, in *struct {
		ExecutionArn         string `json:"executionArn"`
		ReverseOrder         bool   `json:"reverseOrder"`
		IncludeExecutionData *bool  `json:"includeExecutionData"`
		pageInput
	}) (any, error) {
		include := in.IncludeExecutionData == nil || *in.IncludeExecutionData
		evs, err := eng.GetExecutionHistory(ctx, in.ExecutionArn, include)
		if err == nil && in.ReverseOrder {
			slices.Reverse(evs)
		}
		return paged("events", in.pageInput, evs, err)
	})
	h.ops["ValidateStateMachineDefinition"] = call(func(ctx context.Context, in *struct {
		Definition string `json:"definition"`
		Type       string `json:"type"`
	}) (any, error) {
		return eng.ValidateStateMachineDefinition(ctx, in.Definition, in.Type)
	})
	h.ops["TestState"] = call(func(ctx context.Context, in *engine.TestStateInput) (any, error) {
		return eng.TestState(ctx, in)
	})
	h.ops["TagResource"] = call(func(ctx context.Context, in *struct {
		ResourceArn string       `json:"resourceArn"`
		Tags        []engine.Tag `json:"tags"`
	}) (any, error) {
		return done(eng.TagResource(ctx, in.ResourceArn, in.Tags))
	})
	h.ops["UntagResource"] = call(func(ctx context.Context, in *struct {
		ResourceArn string   `json:"resourceArn"`
		TagKeys     []string `json:"tagKeys"`
	}) (any, error) {
		return done(eng.UntagResource(ctx, in.ResourceArn, in.TagKeys))
	})
	h.ops["ListTagsForResource"] = call(func(ctx context.Context, in *arnInput) (any, error) {
		tags, err := eng.ListTagsForResource(ctx, in.ResourceArn)
		if err != nil {
			return nil, err
		}
		return struct {
			Tags []engine.Tag `json:"tags"`
		}{tags}, nil
	})
}

// DisableHostPrefix is an aws-sdk-go-v2 API option that stops the sfn
// client from sending StartSyncExecution and TestState to a "sync-" host,
// which a local endpoint such as http://127.0.0.1:20002 does not have. Use:
//
//	sfn.NewFromConfig(cfg, func(o *sfn.Options) {
//		o.BaseEndpoint = aws.String("http://127.0.0.1:20002")
//		o.APIOptions = append(o.APIOptions, sfnapi.DisableHostPrefix)
//	})
//
// Without it, the client resolves "sync-" + the endpoint's host, which works
// only where that name is mapped (for example sync-localhost in /etc/hosts).
func DisableHostPrefix(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("appsync-local.DisableHostPrefix",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
		}), middleware.Before)
}
