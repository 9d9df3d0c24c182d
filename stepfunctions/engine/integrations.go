package engine

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
)

// sdkMetadata is what AWS's optimized integrations add to a service
// response (Step Functions runs them through the Java SDK).
func sdkMetadata(out map[string]any, contentType string) map[string]any {
	out["SdkHttpMetadata"] = map[string]any{
		"AllHttpHeaders": map[string]any{"Content-Type": []any{contentType}},
		"HttpHeaders":    map[string]any{"Content-Type": contentType},
		"HttpStatusCode": int64(200),
	}
	out["SdkResponseMetadata"] = map[string]any{"RequestId": newUUID()}
	return out
}

// awsJSON posts an AWS JSON protocol request and decodes the reply; a
// service error becomes PREFIX.ErrorCode with the message as cause, as Step
// Functions names them (DynamoDB.ConditionalCheckFailedException).
func awsJSON(ctx context.Context, client *http.Client, endpoint, target, version, prefix string, body any) (map[string]any, error) {
	b, err := asl.Encode(body)
	if err != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: err.Error()}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(b))
	if err != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: err.Error()}
	}
	req.Header.Set("Content-Type", "application/x-amz-json-"+version)
	req.Header.Set("X-Amz-Target", target)
	// Local endpoints do not check signatures; a dummy one satisfies those that look for the header.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/local/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &asl.Error{Name: prefix + ".SdkClientException", Cause: fmt.Sprintf("%s at %s: %v", target, endpoint, err)}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	v, derr := asl.Decode(data)
	m, _ := v.(map[string]any)
	if resp.StatusCode >= 300 {
		code, _ := m["__type"].(string)
		if i := strings.LastIndexByte(code, '#'); i >= 0 {
			code = code[i+1:]
		}
		if code == "" {
			code = "AmazonServiceException"
		}
		msg, _ := m["message"].(string)
		if msg == "" {
			msg, _ = m["Message"].(string)
		}
		return nil, &asl.Error{Name: prefix + "." + code, Cause: fmt.Sprintf("%s (Service: %s; Status Code: %d; Error Code: %s)", msg, prefix, resp.StatusCode, code)}
	}
	if derr != nil || (m == nil && len(bytes.TrimSpace(data)) > 0) {
		return nil, &asl.Error{Name: prefix + ".SdkClientException", Cause: "the service returned a response that is not a JSON object: " + string(data)}
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// DynamoDBResolver handles arn:aws:states:::dynamodb:getItem, putItem,
// updateItem and deleteItem: Parameters are the DynamoDB API request as
// written (attribute values in DynamoDB JSON), the result is DynamoDB's
// response with the SDK metadata Step Functions adds. client sends to
// endpoint (for the embedded store, an in-process transport); a nil client
// fails the task with a States.Runtime error saying what to configure.
func DynamoDBResolver(client *http.Client, endpoint string) Resolver {
	ops := map[string]string{"getItem": "GetItem", "putItem": "PutItem", "updateItem": "UpdateItem", "deleteItem": "DeleteItem"}
	return func(resource string) (Resolved, bool) {
		name, ok := strings.CutPrefix(resource, "arn:aws:states:::dynamodb:")
		op := ops[name]
		if !ok || op == "" {
			return Resolved{}, false
		}
		return Resolved{Kind: KindTask, ResourceType: "dynamodb", ResourceName: name, Run: func(ctx context.Context, t *Task) (any, error) {
			if client == nil {
				return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The DynamoDB integration has no DynamoDB: declare a table under local.dynamodb.tables (the embedded store then opens), or set DYNAMODB_ENDPOINT or local.dynamodb.endpoint"}
			}
			out, err := awsJSON(ctx, client, endpoint, "DynamoDB_20120810."+op, "1.0", "DynamoDB", t.Input)
			if err != nil {
				return nil, err
			}
			return sdkMetadata(out, "application/x-amz-json-1.0"), nil
		}}, true
	}
}

// HTTPInvokeResolver handles arn:aws:states:::http:invoke: ApiEndpoint,
// Method, Headers, QueryParameters and RequestBody (an object is sent as
// JSON); Authentication and Transform are accepted and ignored locally.
// The result is {Headers, ResponseBody, StatusCode, StatusText}; a status
// of 400 or more fails with States.Http.StatusCode.NNN, as AWS does.
func HTTPInvokeResolver(client *http.Client) Resolver {
	if client == nil {
		client = http.DefaultClient
	}
	return func(resource string) (Resolved, bool) {
		if resource != "arn:aws:states:::http:invoke" {
			return Resolved{}, false
		}
		return Resolved{Kind: KindTask, ResourceType: "http", ResourceName: "invoke", Run: func(ctx context.Context, t *Task) (any, error) {
			return httpInvoke(ctx, client, t.Input)
		}}, true
	}
}

func httpInvoke(ctx context.Context, client *http.Client, in any) (any, error) {
	p, _ := in.(map[string]any)
	ep, _ := p["ApiEndpoint"].(string)
	method, _ := p["Method"].(string)
	if ep == "" || method == "" {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The fields 'ApiEndpoint' and 'Method' are required for resource arn:aws:states:::http:invoke"}
	}
	u, err := url.Parse(ep)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "ApiEndpoint is not an http(s) URL: " + ep}
	}
	if qp, ok := p["QueryParameters"].(map[string]any); ok {
		q := u.Query()
		keys := make([]string, 0, len(qp))
		for k := range qp {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch v := qp[k].(type) {
			case []any:
				for _, x := range v {
					q.Add(k, scalarString(x))
				}
			default:
				q.Add(k, scalarString(v))
			}
		}
		u.RawQuery = q.Encode()
	}
	var body io.Reader
	contentType := ""
	switch b := p["RequestBody"].(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		enc, _ := asl.Encode(b)
		body, contentType = bytes.NewReader(enc), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, strings.ToUpper(method), u.String(), body)
	if err != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: err.Error()}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if h, ok := p["Headers"].(map[string]any); ok {
		for k, v := range h {
			req.Header.Set(k, scalarString(v))
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &asl.Error{Name: "States.Http.Socket", Cause: err.Error()}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxPayload+1))
	headers := map[string]any{}
	for k, vs := range resp.Header {
		l := make([]any, len(vs))
		for i, v := range vs {
			l[i] = v
		}
		headers[k] = l
	}
	var rb any = string(data)
	if strings.Contains(resp.Header.Get("Content-Type"), "json") {
		if v, err := asl.Decode(data); err == nil {
			rb = v
		}
	}
	out := map[string]any{"Headers": headers, "ResponseBody": rb, "StatusCode": int64(resp.StatusCode), "StatusText": http.StatusText(resp.StatusCode)}
	if resp.StatusCode >= 400 {
		return nil, &asl.Error{Name: fmt.Sprintf("States.Http.StatusCode.%d", resp.StatusCode), Cause: jsonString(out)}
	}
	return out, nil
}

func scalarString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return jsonString(v)
}

// Endpoints are where the messaging integrations send; an empty one means
// the call is not sent anywhere and succeeds with a plausible response
// (recorded in the history like any result).
type Endpoints struct {
	SQS, SNS, EventBridge string
	// Client sends the requests (default http.DefaultClient).
	Client *http.Client
}

// MessagingResolver handles arn:aws:states:::sqs:sendMessage,
// sns:publish and events:putEvents. A MessageBody, Message or Detail given
// as JSON is sent as its text, as Step Functions does.
func MessagingResolver(ep Endpoints) Resolver {
	client := ep.Client
	if client == nil {
		client = http.DefaultClient
	}
	return func(resource string) (Resolved, bool) {
		switch resource {
		case "arn:aws:states:::sqs:sendMessage":
			return Resolved{Kind: KindTask, ResourceType: "sqs", ResourceName: "sendMessage", Run: func(ctx context.Context, t *Task) (any, error) {
				return sqsSend(ctx, client, ep.SQS, t.Input)
			}}, true
		case "arn:aws:states:::sns:publish":
			return Resolved{Kind: KindTask, ResourceType: "sns", ResourceName: "publish", Run: func(ctx context.Context, t *Task) (any, error) {
				return snsPublish(ctx, client, ep.SNS, t.Input)
			}}, true
		case "arn:aws:states:::events:putEvents":
			return Resolved{Kind: KindTask, ResourceType: "events", ResourceName: "putEvents", Run: func(ctx context.Context, t *Task) (any, error) {
				return putEvents(ctx, client, ep.EventBridge, t.Input)
			}}, true
		}
		return Resolved{}, false
	}
}

// textField turns a JSON-valued field into its text.
func textField(p map[string]any, key string) {
	if v, ok := p[key]; ok {
		if _, isStr := v.(string); !isStr {
			p[key] = jsonString(v)
		}
	}
}

func taskParams(in any, resource string, required ...string) (map[string]any, error) {
	p, _ := in.(map[string]any)
	c := make(map[string]any, len(p))
	for k, v := range p {
		c[k] = v
	}
	for _, r := range required {
		if _, ok := c[r]; !ok {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("The field '%s' is required for resource %s", r, resource)}
		}
	}
	return c, nil
}

func sqsSend(ctx context.Context, client *http.Client, endpoint string, in any) (any, error) {
	p, err := taskParams(in, "arn:aws:states:::sqs:sendMessage", "QueueUrl", "MessageBody")
	if err != nil {
		return nil, err
	}
	textField(p, "MessageBody")
	if endpoint == "" {
		sum := md5.Sum([]byte(p["MessageBody"].(string)))
		return sdkMetadata(map[string]any{"MD5OfMessageBody": hex.EncodeToString(sum[:]), "MessageId": newUUID()}, "application/x-amz-json-1.0"), nil
	}
	out, err := awsJSON(ctx, client, endpoint, "AmazonSQS.SendMessage", "1.0", "SQS", p)
	if err != nil {
		return nil, err
	}
	return sdkMetadata(out, "application/x-amz-json-1.0"), nil
}

func putEvents(ctx context.Context, client *http.Client, endpoint string, in any) (any, error) {
	p, err := taskParams(in, "arn:aws:states:::events:putEvents", "Entries")
	if err != nil {
		return nil, err
	}
	entries, _ := p["Entries"].([]any)
	sent := make([]any, len(entries))
	for i, e := range entries {
		m, _ := e.(map[string]any)
		c := make(map[string]any, len(m))
		for k, v := range m {
			c[k] = v
		}
		textField(c, "Detail")
		sent[i] = c
	}
	p["Entries"] = sent
	if endpoint == "" {
		ids := make([]any, len(sent))
		for i := range ids {
			ids[i] = map[string]any{"EventId": newUUID()}
		}
		return sdkMetadata(map[string]any{"Entries": ids, "FailedEntryCount": int64(0)}, "application/x-amz-json-1.1"), nil
	}
	out, err := awsJSON(ctx, client, endpoint, "AWSEvents.PutEvents", "1.1", "EventBridge", p)
	if err != nil {
		return nil, err
	}
	return sdkMetadata(out, "application/x-amz-json-1.1"), nil
}

func snsPublish(ctx context.Context, client *http.Client, endpoint string, in any) (any, error) {
	p, err := taskParams(in, "arn:aws:states:::sns:publish", "Message")
	if err != nil {
		return nil, err
	}
	textField(p, "Message")
	if endpoint == "" {
		return sdkMetadata(map[string]any{"MessageId": newUUID()}, "text/xml"), nil
	}
	// SNS speaks the query protocol: a form POST answered in XML.
	form := url.Values{"Action": {"Publish"}, "Version": {"2010-03-31"}}
	for _, k := range []string{"TopicArn", "TargetArn", "PhoneNumber", "Message", "Subject", "MessageStructure", "MessageGroupId", "MessageDeduplicationId"} {
		if v, ok := p[k]; ok {
			form.Set(k, scalarString(v))
		}
	}
	if attrs, ok := p["MessageAttributes"].(map[string]any); ok {
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			a, _ := attrs[k].(map[string]any)
			pre := fmt.Sprintf("MessageAttributes.entry.%d.", i+1)
			form.Set(pre+"Name", k)
			for _, f := range []string{"DataType", "StringValue", "BinaryValue"} {
				if v, ok := a[f]; ok {
					form.Set(pre+"Value."+f, scalarString(v))
				}
			}
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: err.Error()}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &asl.Error{Name: "SNS.SdkClientException", Cause: fmt.Sprintf("Publish at %s: %v", endpoint, err)}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 300 {
		var e struct {
			Code    string `xml:"Error>Code"`
			Message string `xml:"Error>Message"`
		}
		xml.Unmarshal(data, &e) //nolint:errcheck // an unreadable error keeps the generic name
		if e.Code == "" {
			e.Code = "AmazonServiceException"
		}
		return nil, &asl.Error{Name: "SNS." + e.Code, Cause: fmt.Sprintf("%s (Service: Sns; Status Code: %d; Error Code: %s)", e.Message, resp.StatusCode, e.Code)}
	}
	var r struct {
		MessageID      string `xml:"PublishResult>MessageId"`
		SequenceNumber string `xml:"PublishResult>SequenceNumber"`
	}
	if err := xml.Unmarshal(data, &r); err != nil {
		return nil, &asl.Error{Name: "SNS.SdkClientException", Cause: "unreadable Publish response: " + err.Error()}
	}
	out := map[string]any{"MessageId": r.MessageID}
	if r.SequenceNumber != "" {
		out["SequenceNumber"] = r.SequenceNumber
	}
	return sdkMetadata(out, "text/xml"), nil
}
