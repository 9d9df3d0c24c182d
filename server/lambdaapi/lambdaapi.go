package lambdaapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// Pattern is the route of the Invoke API, for http.ServeMux.
const Pattern = "/2015-03-31/functions/{name}/invocations"

// MaxPayloadBytes is Lambda's limit on a synchronous invocation's payload
// (6 MB); larger bodies are refused with RequestTooLargeException.
const MaxPayloadBytes = 6 << 20

// Functions are the handlers the API serves (gohandler.Registry satisfies
// it). An error with ErrorType() is a function error.
type Functions interface {
	Invoke(ctx context.Context, name string, payload []byte) ([]byte, error)
	Has(name string) bool
}

// Params configures a Handler.
type Params struct {
	Functions Functions
	// Region and AccountID make the function ARNs in messages; defaults
	// us-east-1 and 123456789012.
	Region, AccountID string
	Logger            *slog.Logger // nil discards
}

// Handler serves the Invoke API. Create it with New.
type Handler struct {
	fns       Functions
	region    string
	accountID string
	log       *slog.Logger
}

// New returns a Handler for p.
func New(p Params) *Handler {
	h := &Handler{fns: p.Functions, region: p.Region, accountID: p.AccountID, log: p.Logger}
	if h.region == "" {
		h.region = "us-east-1"
	}
	if h.accountID == "" {
		h.accountID = "123456789012"
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	return h
}

// ServeHTTP serves one Invoke call; the function name is the {name} path
// value of Pattern.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := requestID()
	w.Header().Set("X-Amzn-Requestid", reqID)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.fail(w, http.StatusMethodNotAllowed, "MethodNotAllowedException", "Service", "The Invoke API takes POST, not "+r.Method+".")
		return
	}
	name := functionName(r.PathValue("name"))
	if name == "" {
		h.fail(w, http.StatusBadRequest, "InvalidParameterValueException", "User", "FunctionName is empty.")
		return
	}
	if h.fns == nil || !h.fns.Has(name) {
		h.fail(w, http.StatusNotFound, "ResourceNotFoundException", "User", "Function not found: "+h.arn(name))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxPayloadBytes+1))
	if err != nil {
		h.fail(w, http.StatusBadRequest, "InvalidRequestContentException", "User", "Could not read the request body: "+err.Error())
		return
	}
	if len(body) > MaxPayloadBytes {
		h.fail(w, http.StatusRequestEntityTooLarge, "RequestTooLargeException", "User",
			fmt.Sprintf("Request must be smaller than %d bytes for the InvokeFunction operation", MaxPayloadBytes))
		return
	}
	if len(body) == 0 {
		body = []byte("{}") // the CLI sends no body without --payload; Lambda passes {}
	}
	if !json.Valid(body) {
		h.fail(w, http.StatusBadRequest, "InvalidRequestContentException", "User", "Could not parse request body into json: the payload is not valid JSON")
		return
	}
	switch t := r.Header.Get("X-Amz-Invocation-Type"); t {
	case "", "RequestResponse":
	case "Event":
		go func() {
			if _, err := h.fns.Invoke(context.WithoutCancel(r.Context()), name, body); err != nil {
				h.log.Warn("asynchronous invocation failed", "function", name, "error", err)
			}
		}()
		w.WriteHeader(http.StatusAccepted)
		return
	case "DryRun":
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		h.fail(w, http.StatusBadRequest, "InvalidParameterValueException", "User",
			fmt.Sprintf("1 validation error detected: Value '%s' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]", t))
		return
	}
	out, err := h.fns.Invoke(r.Context(), name, body)
	w.Header().Set("X-Amz-Executed-Version", "$LATEST")
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		fe := struct {
			Message string `json:"errorMessage"`
			Type    string `json:"errorType"`
		}{Message: err.Error(), Type: "Runtime.Unknown"}
		var te interface{ ErrorType() string }
		if errors.As(err, &te) {
			fe.Type = te.ErrorType()
		}
		out, _ = json.Marshal(fe)
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
	}
	w.WriteHeader(http.StatusOK)
	w.Write(out) //nolint:errcheck
}

// fail writes Lambda's REST-JSON error: the code in X-Amzn-ErrorType and
// the body {"Type", "Message"}.
func (h *Handler) fail(w http.ResponseWriter, status int, code, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	body, _ := json.Marshal(map[string]string{"Type": typ, "Message": msg})
	w.Write(body) //nolint:errcheck
}

func (h *Handler) arn(name string) string {
	return "arn:aws:lambda:" + h.region + ":" + h.accountID + ":function:" + name
}

// functionName is the name in a name, partial ARN or ARN, without qualifier:
// "f", "f:live", "123456789012:function:f", "arn:aws:lambda:r:a:function:f:1".
func functionName(s string) string {
	parts := strings.Split(s, ":")
	for i, p := range parts {
		if p == "function" && i+1 < len(parts) {
			return parts[i+1]
		}
	}
	return parts[0]
}

func requestID() string {
	var b [16]byte
	rand.Read(b[:]) //nolint:errcheck
	s := hex.EncodeToString(b[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}
