package dynamostore

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// maxRequestBytes bounds a request body, as DynamoDB does (16 MB).
const maxRequestBytes = 16 << 20

// targetPrefix is the X-Amz-Target prefix of DynamoDB operations.
const targetPrefix = "DynamoDB_20120810."

type opFunc func(s *Store, ctx context.Context, body []byte) (any, error)

// op adapts a Store method to the wire: decode the request document,
// call, return the response document.
func op[I, O any](f func(*Store, context.Context, *I) (*O, error), prefixed bool) opFunc {
	return func(s *Store, ctx context.Context, body []byte) (any, error) {
		in := new(I)
		if err := decodeRequest(body, in); err != nil {
			var e *Error
			if prefixed && errors.As(err, &e) && e.Type == ErrValidation {
				e.Message = "1 validation error detected: " + e.Message
			}
			return nil, err
		}
		out, err := f(s, ctx, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// ops are the operations the Handler serves. The flag marks those whose
// attribute-value validation errors DynamoDB prefixes with "1 validation
// error detected: " (the single-item writes).
var ops = map[string]opFunc{
	"BatchGetItem":       op((*Store).BatchGetItem, false),
	"BatchWriteItem":     op((*Store).BatchWriteItem, false),
	"CreateTable":        op((*Store).CreateTable, false),
	"DeleteItem":         op((*Store).DeleteItem, true),
	"DeleteTable":        op((*Store).DeleteTable, false),
	"DescribeTable":      op((*Store).DescribeTable, false),
	"DescribeTimeToLive": op((*Store).DescribeTimeToLive, false),
	"GetItem":            op((*Store).GetItem, false),
	"ListTables":         op((*Store).ListTables, false),
	"PutItem":            op((*Store).PutItem, true),
	"Query":              op((*Store).Query, false),
	"Scan":               op((*Store).Scan, false),
	"TransactGetItems":   op((*Store).TransactGetItems, false),
	"TransactWriteItems": op((*Store).TransactWriteItems, false),
	"UpdateItem":         op((*Store).UpdateItem, true),
	"UpdateTable":        op((*Store).UpdateTable, false),
	"UpdateTimeToLive":   op((*Store).UpdateTimeToLive, false),
}

// tableNameRequired are the operations whose TableName DynamoDB checks for
// first, with a message of its own when it is missing.
var tableNameRequired = map[string]bool{
	"CreateTable": true, "DeleteItem": true, "DeleteTable": true, "DescribeTable": true, "DescribeTimeToLive": true,
	"GetItem": true, "PutItem": true, "Query": true, "Scan": true, "UpdateItem": true, "UpdateTable": true, "UpdateTimeToLive": true,
}

// hasMember tells whether body, if it is a JSON object, has the member with
// a non-null value; it reports true for a body that is not an object, which
// decoding rejects anyway.
func hasMember(body []byte, name string) bool {
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return true
	}
	v, ok := doc[name]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

// decodeRequest reads a request document. Shape errors become
// SerializationException, invalid attribute values ValidationException.
func decodeRequest(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &Error{Type: ErrSerialization}
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var ae *attr.Error
	if errors.As(err, &ae) {
		return validation(ae.Msg)
	}
	var se *attr.SerializationError
	if errors.As(err, &se) {
		return &Error{Type: ErrSerialization, Message: se.Msg}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &Error{Type: ErrSerialization, Message: typeErrorMessage(te)}
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return &Error{Type: ErrSerialization}
	}
	return &Error{Type: ErrSerialization, Message: err.Error()}
}

// typeErrorMessage words a JSON type mismatch as DynamoDB's Jackson-based
// front end does.
func typeErrorMessage(te *json.UnmarshalTypeError) string {
	target := "String"
	switch te.Type.Kind().String() {
	case "int", "int32", "int64":
		target = "Long"
	case "bool":
		target = "Boolean"
	case "slice":
		return "Unexpected field type"
	case "struct", "map":
		if te.Value == "array" {
			return "Unrecognized collection type class java.lang.Object"
		}
		return "Unexpected field type"
	}
	switch te.Value {
	case "number":
		return "NUMBER_VALUE cannot be converted to " + target
	case "string":
		return "STRING_VALUE cannot be converted to " + target
	case "bool":
		return "TRUE_VALUE cannot be converted to " + target
	case "object":
		return "Start of structure or map found where not expected"
	case "array":
		return "Unrecognized collection type class java.lang." + target
	}
	return "Unexpected field type"
}

// Handler serves the DynamoDB JSON API (AWS JSON 1.0): POST with
// X-Amz-Target "DynamoDB_20120810.<Operation>", any or no SigV4 signature.
// Errors are HTTP 400 with {"__type": "...#<Type>", "message": "..."}
// (TransactionCanceledException and SerializationException write
// "Message", as DynamoDB does); an internal failure is a 500 whose details
// only reach the log.
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Store) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-amzn-RequestId", requestID())
	if r.Header.Get("Origin") != "" {
		// Browser tools (DynamoDB admin UIs) call the API directly.
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			if v := r.Header.Get("Access-Control-Request-Headers"); v != "" {
				h.Set("Access-Control-Allow-Headers", v)
			}
			if v := r.Header.Get("Access-Control-Request-Method"); v != "" {
				h.Set("Access-Control-Allow-Methods", v)
			}
			h.Set("Access-Control-Max-Age", "172800")
			writeBody(w, http.StatusOK, "text/plain", nil)
			return
		}
	}
	if r.Method == http.MethodGet {
		writeBody(w, http.StatusOK, "text/plain", []byte("healthy: dynamodb."+region+".amazonaws.com "))
		return
	}
	if r.Method != http.MethodPost {
		writeBody(w, http.StatusNotFound, "text/plain", []byte("<UnknownOperationException/>\n"))
		return
	}
	contentType := "application/x-amz-json-1.0"
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(ct) == "application/json" {
		contentType = "application/json"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		writeBody(w, http.StatusRequestEntityTooLarge, "text/plain", nil)
		return
	}
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	f := ops[name]
	if !ok || f == nil {
		s.writeError(w, contentType, &Error{Type: ErrUnknownOperation})
		return
	}
	if tableNameRequired[name] && !bytes.Contains(body, []byte(`"TableName"`)) && !hasMember(body, "TableName") {
		s.writeError(w, contentType, validation("The parameter 'TableName' is required but was not present in the request"))
		return
	}
	out, err := s.call(r.Context(), f, body, name)
	if err != nil {
		s.writeError(w, contentType, err)
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		s.writeError(w, contentType, fmt.Errorf("encode %s response: %w", name, err))
		return
	}
	writeBody(w, http.StatusOK, contentType, b)
}

// call runs one operation, turning a panic into an internal error.
func (s *Store) call(ctx context.Context, f opFunc, body []byte, name string) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked: %v", name, p)
		}
	}()
	out, err = f(s, ctx, body)
	return out, asDynamo(err)
}

func (s *Store) writeError(w http.ResponseWriter, contentType string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		s.log.Error("dynamostore: internal error", "err", err)
		e = &Error{Type: ErrInternal, Message: "Internal server error"}
		b, _ := json.Marshal(map[string]string{"__type": e.namespace() + e.Type, "message": e.Message})
		writeBody(w, http.StatusInternalServerError, contentType, b)
		return
	}
	doc := map[string]any{"__type": e.namespace() + e.Type}
	switch {
	case e.Type == ErrTransactionCanceled:
		doc["Message"] = e.Message
		doc["CancellationReasons"] = e.CancellationReasons
	case e.Type == ErrSerialization && e.Message != "":
		// Coral's own exceptions capitalise the member.
		doc["Message"] = e.Message
	case e.Message != "":
		doc["message"] = e.Message
	}
	if e.Item != nil {
		doc["Item"] = e.Item
	}
	b, err := json.Marshal(doc)
	if err != nil {
		s.log.Error("dynamostore: encode error", "err", err)
		b = []byte(`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}`)
		writeBody(w, http.StatusInternalServerError, contentType, b)
		return
	}
	writeBody(w, http.StatusBadRequest, contentType, b)
}

func writeBody(w http.ResponseWriter, status int, contentType string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("x-amz-crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 10))
	w.WriteHeader(status)
	w.Write(b)
}

// requestID returns a random 52-character id like DynamoDB's.
func requestID() string {
	var b [32]byte
	rand.Read(b[:])
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])[:52]
}

// Transport returns an http.RoundTripper that answers every request with
// the Handler, in-process: give it to an AWS SDK client (HTTPClient:
// &http.Client{Transport: s.Transport()}, with any BaseEndpoint) to use the
// store through the SDK without a listening socket.
func (s *Store) Transport() http.RoundTripper { return transport{s.Handler()} }

type transport struct{ h http.Handler }

func (t transport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := &response{header: http.Header{}, status: http.StatusOK}
	t.h.ServeHTTP(w, r)
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(bytes.NewReader(w.body.Bytes())),
		ContentLength: int64(w.body.Len()),
		Request:       r,
	}, nil
}

// response is the in-process http.ResponseWriter of transport.
type response struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (w *response) Header() http.Header { return w.header }

func (w *response) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
}

func (w *response) Write(b []byte) (int, error) {
	w.wrote = true
	return w.body.Write(b)
}
