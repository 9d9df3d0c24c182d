package sfn

import (
	"io"
	"net/http"
	"strconv"
	"strings"
)

// IsEndpoint reports whether host (a URL host, port allowed) is a Step
// Functions endpoint: states.<region>.amazonaws.com, states.amazonaws.com,
// their FIPS forms, or sync-states.<region>.amazonaws.com, where an HTTP data source's calls should go to the
// built-in engine.
func IsEndpoint(host string) bool {
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	rest, ok := strings.CutSuffix(host, ".amazonaws.com")
	if !ok {
		return false
	}
	// sync-states.<region> is the endpoint for StartSyncExecution, which
	// AppSync users point HTTP data sources at for Express workflows.
	rest = strings.TrimPrefix(rest, "sync-")
	if rest == "states" || rest == "states-fips" {
		return true
	}
	svc, region, ok := strings.Cut(rest, ".")
	return ok && (svc == "states" || svc == "states-fips") && region != "" && !strings.Contains(region, ".")
}

// Transport is an http.RoundTripper that serves each request with Handler
// in-process, so an HTTP data source whose endpoint is Step Functions' calls
// the built-in engine with no network hop. SigV4 headers are accepted as
// they are: the local engine does not check signatures.
type Transport struct {
	Handler http.Handler
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	in := req.Clone(req.Context())
	if req.Body == nil {
		in.Body = http.NoBody
	}
	in.RequestURI = req.URL.RequestURI()
	w := &response{header: http.Header{}, status: http.StatusOK}
	t.Handler.ServeHTTP(w, in)
	body := w.body.Bytes()
	w.header.Set("Content-Length", strconv.Itoa(len(body)))
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(strings.NewReader(string(body))),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}
