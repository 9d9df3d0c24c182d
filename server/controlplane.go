package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// schemaCreation is the state GetSchemaCreationStatus reports.
type schemaCreation struct {
	Status  string `json:"status"`
	Details string `json:"details,omitempty"`
}

// serveSchemaCreation implements AppSync's StartSchemaCreation (POST) and
// GetSchemaCreationStatus (GET) on /v1/apis/{apiId}/schemacreation, the calls
// `aws appsync start-schema-creation --endpoint-url` and the SDKs make. The
// schema is built before the POST answers, so the status is final at once: a
// failure reports FAILED with the schema errors and the old API keeps serving.
func (s *Server) serveSchemaCreation(w http.ResponseWriter, r *http.Request) {
	v := s.current.Load()
	apiID := r.PathValue("apiId")
	if v == nil || apiID != v.api.ID {
		writeRESTError(w, http.StatusNotFound, "NotFoundException", fmt.Sprintf("GraphQL API %s not found.", apiID))
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.uploadMu.Lock()
		st := s.upload
		s.uploadMu.Unlock()
		if st.Status == "" {
			st = schemaCreation{Status: "ACTIVE"}
		}
		writeRESTJSON(w, http.StatusOK, st)
	case http.MethodPost:
		if s.rebuild == nil {
			writeRESTError(w, http.StatusBadRequest, "BadRequestException", "Schema upload is not enabled for this API.")
			return
		}
		var body struct {
			Definition []byte `json:"definition"` // base64 in JSON, as the SDKs send a blob
		}
		data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 2<<20))
		if err != nil {
			writeRESTError(w, http.StatusBadRequest, "BadRequestException", "Schema definition is larger than the 1 MB limit.")
			return
		}
		if err := json.Unmarshal(data, &body); err != nil || len(body.Definition) == 0 {
			writeRESTError(w, http.StatusBadRequest, "BadRequestException", "Request must contain a base64-encoded 'definition'.")
			return
		}
		s.uploadMu.Lock()
		defer s.uploadMu.Unlock()
		api, err := s.rebuild(string(body.Definition))
		if err != nil {
			s.upload = schemaCreation{Status: "FAILED", Details: err.Error()}
			s.log.Warn("schema upload failed; the previous schema keeps serving", "error", err)
		} else {
			s.Swap(api)
			s.upload = schemaCreation{Status: "SUCCESS", Details: "Successfully created schema with " + fmt.Sprint(userTypes(api)) + " types."}
			s.log.Info("schema uploaded and swapped in")
		}
		writeRESTJSON(w, http.StatusOK, schemaCreation{Status: "PROCESSING"})
	default:
		w.Header().Set("Allow", "GET, POST")
		writeRESTError(w, http.StatusMethodNotAllowed, "BadRequestException", "Use POST to start schema creation or GET for its status.")
	}
}

// userTypes counts the schema's types that are not built in (prelude, AWS scalars).
func userTypes(api *API) int {
	n := 0
	for _, t := range api.Schema.Schema().Types {
		if !t.BuiltIn {
			n++
		}
	}
	return n
}

// writeRESTError writes an AppSync control-plane error (restJson1): the type
// in X-Amzn-ErrorType and the message in the body.
func writeRESTError(w http.ResponseWriter, status int, errType, msg string) {
	w.Header().Set("X-Amzn-ErrorType", errType)
	writeRESTJSON(w, status, map[string]string{"message": msg, "__type": errType})
}

func writeRESTJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck
}

// serveEvaluateTemplate implements AppSync's EvaluateMappingTemplate
// (POST /v1/dataplane-evaluatetemplate {template, context}), which
// `aws appsync evaluate-mapping-template --endpoint-url` and the SDKs call to
// unit-test templates. A template error is a 200 with error.message, as on AWS.
func (s *Server) serveEvaluateTemplate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeRESTError(w, http.StatusMethodNotAllowed, "BadRequestException", "Use POST.")
		return
	}
	if s.evaluate == nil {
		writeRESTError(w, http.StatusBadRequest, "BadRequestException", "Template evaluation is not enabled.")
		return
	}
	var body struct {
		Template *string `json:"template"`
		Context  *string `json:"context"`
	}
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil || json.Unmarshal(data, &body) != nil || body.Template == nil || body.Context == nil {
		writeRESTError(w, http.StatusBadRequest, "BadRequestException", "Request must contain 'template' and 'context' strings.")
		return
	}
	result, logs, err := s.evaluate(*body.Template, *body.Context)
	out := map[string]any{"logs": logs}
	if logs == nil {
		out["logs"] = []string{}
	}
	if err != nil {
		out["error"] = map[string]string{"message": err.Error()}
	} else {
		out["evaluationResult"] = result
	}
	writeRESTJSON(w, http.StatusOK, out)
}
