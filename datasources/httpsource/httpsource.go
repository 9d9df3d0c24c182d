package httpsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// DefaultTimeout bounds one HTTP call when Source.Timeout is zero: AppSync's
// limit on a whole request's execution, 30 seconds, is also the most an HTTP
// resolver can wait.
const DefaultTimeout = 30 * time.Second

// MaxResponseBytes is the largest response body read: AppSync refuses data
// source responses over 5 MB.
const MaxResponseBytes = 5 << 20

// Methods are the HTTP methods AppSync's HTTP resolvers accept.
var Methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// Source is one HTTP data source.
type Source struct {
	Name     string // data source name, for messages
	Endpoint string // scheme://host[:port][/base path], as configured
	// Client sends the requests; nil uses a client with no timeout of its
	// own (Timeout applies per call).
	Client *http.Client
	// Timeout bounds each call, from connecting to reading the whole body;
	// zero means DefaultTimeout.
	Timeout time.Duration
	// Signing, when set, signs each request with SigV4 (authorizationConfig
	// AWS_IAM).
	Signing *Signing
	// Now is the clock for signatures; nil means time.Now.
	Now func() time.Time
}

// Signing is the SigV4 setting of a data source: awsIamConfig's
// signingRegion and signingServiceName, and the credentials to sign with.
type Signing struct {
	Region, Service string
	Credentials     aws.CredentialsProvider
}

// Error is an HTTP data source failure with AppSync's errorType.
type Error struct {
	Message string
	Type    string
}

func (e *Error) Error() string { return e.Message }

// ErrorType returns the AppSync errorType, such as Http:ExecutionTimeoutException.
func (e *Error) ErrorType() string { return e.Type }

func templateErr(format string, args ...any) error {
	return &Error{Message: fmt.Sprintf(format, args...), Type: "MappingTemplate"}
}

// Invoke sends the request document and returns {statusCode, headers, body}.
// A malformed document returns a MappingTemplate *Error; a timeout or a
// failure to reach the endpoint an *Error with an Http: type.
func (s *Source) Invoke(ctx context.Context, doc *value.Map) (any, error) {
	req, body, err := s.newRequest(ctx, doc)
	if err != nil {
		return nil, err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req = req.WithContext(ctx)
	if s.Signing != nil {
		if err := s.sign(ctx, req, body); err != nil {
			return nil, err
		}
	}
	client := s.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, s.transportError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, s.transportError(ctx, err)
	}
	if len(data) > MaxResponseBytes {
		return nil, &Error{Message: fmt.Sprintf("The HTTP response from data source %s is larger than the %d byte limit.", s.Name, MaxResponseBytes), Type: "Http:ResponseTooLarge"}
	}
	return result(resp, data), nil
}

// defaultClient follows no redirects, as AppSync's HTTP resolvers do not:
// the template sees the 3xx response.
var defaultClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func (s *Source) transportError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Message: "Execution timed out.", Type: "Http:ExecutionTimeoutException"}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &Error{
		Message: fmt.Sprintf("HTTP data source %s could not reach %s: %v", s.Name, s.Endpoint, err),
		Type:    "Http:HttpRequestException",
	}
}

// result is the response as the response template sees it.
func result(resp *http.Response, body []byte) *value.Map {
	headers := value.NewMap()
	names := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		headers.Put(k, strings.Join(resp.Header[k], ","))
	}
	out := value.NewMap()
	out.Put("statusCode", int64(resp.StatusCode))
	out.Put("headers", headers)
	out.Put("body", string(body))
	return out
}

// newRequest checks the request document and builds the HTTP request.
func (s *Source) newRequest(ctx context.Context, doc *value.Map) (*http.Request, []byte, error) {
	method, _ := get(doc, "method").(string)
	method = strings.ToUpper(method)
	ok := false
	for _, m := range Methods {
		ok = ok || m == method
	}
	if !ok {
		return nil, nil, templateErr("Unsupported HTTP method '%s' in the request mapping template: use one of %s.", value.String(get(doc, "method")), strings.Join(Methods, ", "))
	}
	path, isString := get(doc, "resourcePath").(string)
	if !isString || !strings.HasPrefix(path, "/") {
		return nil, nil, templateErr("resourcePath must be a string starting with '/', got %s.", value.ToJSON(get(doc, "resourcePath")))
	}
	base, err := url.Parse(s.Endpoint)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, nil, &Error{Message: fmt.Sprintf("HTTP data source %s: endpoint %q is not an absolute URL such as https://example.com", s.Name, s.Endpoint), Type: "Http:InvalidEndpoint"}
	}
	u := *base
	rawPath, rawQuery, _ := strings.Cut(path, "?")
	// resourcePath is sent as written, escapes kept ($util.urlEncode'd
	// segments stay one segment).
	unescaped, err := url.PathUnescape(rawPath)
	if err != nil {
		return nil, nil, templateErr("resourcePath %q has a malformed %%-escape: %v", path, err)
	}
	u.Path = strings.TrimSuffix(base.Path, "/") + unescaped
	u.RawPath = strings.TrimSuffix(base.EscapedPath(), "/") + rawPath
	q := url.Values{}
	if rawQuery != "" {
		if q, err = url.ParseQuery(rawQuery); err != nil {
			return nil, nil, templateErr("resourcePath has a malformed query string: %v", err)
		}
	}
	var headers, query *value.Map
	var body []byte
	switch p := get(doc, "params").(type) {
	case nil:
	case *value.Map:
		if headers, err = mapParam(p, "headers"); err != nil {
			return nil, nil, err
		}
		if query, err = mapParam(p, "query"); err != nil {
			return nil, nil, err
		}
		switch b := get(p, "body").(type) {
		case nil:
		case string:
			body = []byte(b)
		case *value.Map, *value.List:
			// Templates written for AppSync often give the body as an
			// object (the documented Step Functions and other AWS-service
			// examples do); AppSync sends it as its JSON text.
			body = []byte(value.ToJSON(b))
		default:
			return nil, nil, templateErr("params.body must be a string or an object, got %s; use $util.toJson to send other JSON values.", value.TypeOf(b))
		}
	default:
		return nil, nil, templateErr("params must be an object with query, headers and body, got %s.", value.TypeOf(p))
	}
	if query != nil {
		var bad error
		query.Range(func(k string, v any) bool {
			switch t := v.(type) {
			case nil:
			case *value.List:
				for _, e := range t.Items {
					q.Add(k, text(e))
				}
			case *value.Map:
				bad = templateErr("params.query.%s must be a string, number, boolean or list, got Map.", k)
				return false
			default:
				q.Add(k, text(t))
			}
			return true
		})
		if bad != nil {
			return nil, nil, bad
		}
	}
	u.RawQuery = q.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, nil, templateErr("cannot build the HTTP request: %v", err)
	}
	if headers != nil {
		var bad error
		headers.Range(func(k string, v any) bool {
			if v == nil {
				return true
			}
			if _, isMap := v.(*value.Map); isMap {
				bad = templateErr("params.headers.%s must be a string, got Map.", k)
				return false
			}
			if strings.EqualFold(k, "host") {
				req.Host = text(v)
				return true
			}
			req.Header.Set(k, text(v))
			return true
		})
		if bad != nil {
			return nil, nil, bad
		}
	}
	return req, body, nil
}

func (s *Source) sign(ctx context.Context, req *http.Request, body []byte) error {
	if s.Signing.Credentials == nil {
		return &Error{Message: fmt.Sprintf("HTTP data source %s signs requests (AWS_IAM) but no AWS credentials are configured; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", s.Name), Type: "Http:SigningFailure"}
	}
	creds, err := s.Signing.Credentials.Retrieve(ctx)
	if err != nil {
		return &Error{Message: fmt.Sprintf("HTTP data source %s: retrieve AWS credentials for signing: %v", s.Name, err), Type: "Http:SigningFailure"}
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hash, s.Signing.Service, s.Signing.Region, now()); err != nil {
		return &Error{Message: fmt.Sprintf("HTTP data source %s: sign the request: %v", s.Name, err), Type: "Http:SigningFailure"}
	}
	return nil
}

// mapParam returns params.name, which must be a map when present.
func mapParam(p *value.Map, name string) (*value.Map, error) {
	switch t := get(p, name).(type) {
	case nil:
		return nil, nil
	case *value.Map:
		return t, nil
	default:
		return nil, templateErr("params.%s must be an object, got %s.", name, value.TypeOf(t))
	}
}

// text is a header or query value as text: strings as they are, other
// values as AppSync prints them.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return value.String(v)
}

func get(m *value.Map, key string) any {
	v, _ := m.Get(key)
	return v
}
