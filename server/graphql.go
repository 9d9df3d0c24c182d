package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/appsync-local/appsync-local/executor"
)

// MaxRequestBytes bounds a GraphQL request body. AppSync does not publish the
// figure; 5 MB matches its response-size quota and keeps a huge variables
// object from exhausting memory.
const MaxRequestBytes = 5 << 20

// serveGraphQL answers POST and GET /graphql with AppSync's semantics.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	v := s.current.Load()
	if v == nil {
		writeErrors(w, http.StatusServiceUnavailable, "ServiceUnavailableException", "No API is loaded.")
		return
	}
	if r.Method == http.MethodOptions {
		writeCORS(w)
		w.WriteHeader(http.StatusOK)
		return
	}
	writeCORS(w)
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		writeErrors(w, http.StatusMethodNotAllowed, "MethodNotAllowedException", fmt.Sprintf("Method %s is not allowed; use POST or GET.", r.Method))
		return
	}
	identity, authType, ok := s.authenticate(w, r, v.api)
	if !ok {
		return
	}
	params, status, msg := readParams(r)
	if msg != "" {
		writeErrors(w, status, "MalformedHttpRequestException", msg)
		return
	}
	req := &executor.Request{Headers: r.Header, Identity: identity, AuthType: authType}
	ctx := executor.WithRequest(r.Context(), req)
	ctx = graphql.StartOperationTrace(ctx) // CreateOperationContext requires a start time
	opCtx, errs := v.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		writeResponse(w, &graphql.Response{Data: []byte("null"), Errors: appSyncValidationErrors(opCtx, params.Query, errs)})
		return
	}
	// gqlgen's executor parses, caches and validates; execution goes straight
	// to our ExecutableSchema: no gqlgen response middleware is in use, and
	// skipping DispatchOperation's context layers saves a fifth of a trivial
	// request's allocations.
	ctx = graphql.WithOperationContext(ctx, opCtx)
	resp := v.api.Schema.Exec(ctx)(ctx)
	if resp == nil {
		resp = &graphql.Response{Data: []byte("null")}
	}
	s.publish(v, req)
	for name, vals := range req.ResponseHeaders() {
		w.Header()[name] = vals // as the template spelled it
	}
	writeResponse(w, resp)
}

// readParams decodes a POST body or GET query string. A non-empty msg is a
// MalformedHttpRequestException with the given status.
func readParams(r *http.Request) (p *graphql.RawParams, status int, msg string) {
	p = &graphql.RawParams{Headers: r.Header}
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		p.Query = q.Get("query")
		p.OperationName = q.Get("operationName")
		if vars := q.Get("variables"); vars != "" {
			if err := json.Unmarshal([]byte(vars), &p.Variables); err != nil {
				return nil, http.StatusBadRequest, "Unable to parse GraphQL query."
			}
		}
		if p.Query == "" {
			return nil, http.StatusBadRequest, "Unable to parse GraphQL query."
		}
		return p, 0, ""
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxRequestBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("Request body is larger than %d bytes.", MaxRequestBytes)
		}
		return nil, http.StatusBadRequest, "Unable to read the request body."
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, http.StatusBadRequest, "Request body is empty."
	}
	var raw struct {
		Query         *string         `json:"query"`
		OperationName *string         `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    map[string]any  `json:"extensions"`
	}
	// Unmarshal rejects trailing data ("{}}"), as AppSync does.
	if err := json.Unmarshal(body, &raw); err != nil || raw.Query == nil || strings.TrimSpace(*raw.Query) == "" {
		return nil, http.StatusBadRequest, "Unable to parse GraphQL query."
	}
	p.Query = *raw.Query
	if raw.OperationName != nil {
		p.OperationName = *raw.OperationName
	}
	p.Extensions = raw.Extensions
	if len(raw.Variables) > 0 && string(raw.Variables) != "null" && string(raw.Variables) != "{}" {
		vd := json.NewDecoder(bytes.NewReader(raw.Variables))
		vd.UseNumber()
		if err := vd.Decode(&p.Variables); err != nil {
			return nil, http.StatusBadRequest, "Unable to parse GraphQL query."
		}
	}
	return p, 0, ""
}

// Shared header values: assigning them allocates nothing per request.
var (
	headerAny     = []string{"*"}
	headerMethods = []string{"GET, POST, OPTIONS"}
	headerJSON    = []string{"application/json; charset=UTF-8"}
)

// writeCORS lets browser clients on other origins call the API, as AppSync does.
func writeCORS(w http.ResponseWriter) {
	h := w.Header()
	h["Access-Control-Allow-Origin"] = headerAny
	h["Access-Control-Allow-Headers"] = headerAny
	h["Access-Control-Allow-Methods"] = headerMethods
}

// writeErrors writes a request-level error in AppSync's shape, e.g. HTTP 400
// {"errors":[{"errorType":"MalformedHttpRequestException","message":"..."}]}.
func writeErrors(w http.ResponseWriter, status int, errorType, message string) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("X-Amzn-ErrorType", errorType)
	w.WriteHeader(status)
	body, _ := json.Marshal(map[string]any{"errors": []map[string]string{{"errorType": errorType, "message": message}}})
	w.Write(body) //nolint:errcheck
}

// writeResponse writes an executed or rejected operation: HTTP 200 with data
// first, then errors in AppSync's member order.
func writeResponse(w http.ResponseWriter, resp *graphql.Response) {
	b := appendResponse(nil, resp)
	w.Header()["Content-Type"] = headerJSON
	w.WriteHeader(http.StatusOK)
	w.Write(b) //nolint:errcheck
}

// appendResponse appends a response as AppSync writes it: data first, then
// errors in AppSync's member order. Subscription events use it too.
func appendResponse(dst []byte, resp *graphql.Response) []byte {
	b := bytes.NewBuffer(dst)
	b.WriteString(`{"data":`)
	if len(resp.Data) == 0 {
		b.WriteString("null")
	} else {
		b.Write(resp.Data)
	}
	if len(resp.Errors) > 0 {
		b.WriteString(`,"errors":[`)
		for i, e := range resp.Errors {
			if i > 0 {
				b.WriteByte(',')
			}
			writeError(b, e)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes()
}

// writeError renders one error as AppSync does: path, then (for field errors
// raised by resolvers) data, errorType and errorInfo, then locations with
// sourceName null, then message.
func writeError(b *bytes.Buffer, e *gqlerror.Error) {
	b.WriteString(`{"path":`)
	if len(e.Path) == 0 {
		b.WriteString("null")
	} else {
		writeJSON(b, e.Path)
	}
	if _, field := e.Extensions[executor.ExtErrorType]; field {
		b.WriteString(`,"data":`)
		writeJSON(b, e.Extensions[executor.ExtData])
		b.WriteString(`,"errorType":`)
		writeJSON(b, e.Extensions[executor.ExtErrorType])
		b.WriteString(`,"errorInfo":`)
		writeJSON(b, e.Extensions[executor.ExtErrorInfo])
	}
	b.WriteString(`,"locations":`)
	if len(e.Locations) == 0 {
		b.WriteString("null")
	} else {
		b.WriteByte('[')
		for i, l := range e.Locations {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(b, `{"line":%d,"column":%d,"sourceName":null}`, l.Line, l.Column)
		}
		b.WriteByte(']')
	}
	b.WriteString(`,"message":`)
	writeJSON(b, e.Message)
	b.WriteByte('}')
}

func writeJSON(b *bytes.Buffer, v any) {
	out, err := json.Marshal(v)
	if err != nil {
		b.WriteString("null")
		return
	}
	b.Write(out)
}
