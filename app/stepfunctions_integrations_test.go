package app_test

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// TestSFNDynamoDB runs the four DynamoDB integrations against the embedded
// store and reads the items back through the DynamoDB API on the same port.
func TestSFNDynamoDB(t *testing.T) {
	t.Parallel()
	b := startSFN(t, sfnOpts{config: filepath.Join("testdata", "sfn-integrations", "appsync.yml")})
	ddb := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(b.main.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), Retryer: aws.NopRetryer{}})
	def := `{"StartAt":"Put","States":{
	"Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{"TableName":"Orders","Item":{"id":{"S.$":"$.id"},"qty":{"N":"2"}}},"ResultPath":null,"Next":"Update"},
	"Update":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:updateItem","Parameters":{"TableName":"Orders","Key":{"id":{"S.$":"$.id"}},
		"UpdateExpression":"SET qty = qty + :n","ExpressionAttributeValues":{":n":{"N":"3"}},"ReturnValues":"ALL_NEW"},"ResultSelector":{"qty.$":"$.Attributes.qty.N"},"ResultPath":"$.updated","Next":"Get"},
	"Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"Orders","Key":{"id":{"S.$":"$.id"}}},"ResultSelector":{"item.$":"$.Item","status.$":"$.SdkHttpMetadata.HttpStatusCode"},"ResultPath":"$.got","End":true}}}`
	d := b.standard(t, def, `{"id":"o1"}`, "")
	if got, want := outcome(d), `SUCCEEDED {"got":{"item":{"id":{"S":"o1"},"qty":{"N":"5"}},"status":200},"id":"o1","updated":{"qty":"5"}}`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	item, err := ddb.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String("Orders"), Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "o1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if q, ok := item.Item["qty"].(*ddbtypes.AttributeValueMemberN); !ok || q.Value != "5" {
		t.Errorf("item through the DynamoDB API: %#v", item.Item)
	}

	del := `{"StartAt":"Del","States":{"Del":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:deleteItem","Parameters":{"TableName":"Orders","Key":{"id":{"S":"o1"}},"ConditionExpression":"attribute_exists(id)"},"ResultSelector":{"ok":true},"End":true}}}`
	if got := outcome(b.standard(t, del, `{}`, "")); got != `SUCCEEDED {"ok":true}` {
		t.Errorf("delete: %s", got)
	}
	item, err = ddb.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String("Orders"), Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "o1"}}})
	if err != nil || item.Item != nil {
		t.Errorf("after delete: %v %#v", err, item.Item)
	}
	// A condition that fails is DynamoDB.ConditionalCheckFailedException.
	if got := outcome(b.standard(t, del, `{}`, "")); !strings.HasPrefix(got, "FAILED DynamoDB.ConditionalCheckFailedException: ") {
		t.Errorf("failed condition: %s", got)
	}
	missing := `{"StartAt":"G","States":{"G":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"Nope","Key":{"id":{"S":"x"}}},"End":true}}}`
	if got := outcome(b.standard(t, missing, `{}`, "")); !strings.HasPrefix(got, "FAILED DynamoDB.ResourceNotFoundException: ") {
		t.Errorf("missing table: %s", got)
	}
}

// TestSFNDynamoDBNotConfigured: with no DynamoDB in the config the task
// fails saying what to configure.
func TestSFNDynamoDBNotConfigured(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	def := `{"StartAt":"G","States":{"G":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"T","Key":{"id":{"S":"x"}}},"End":true}}}`
	if got := outcome(b.standard(t, def, `{}`, "")); !strings.Contains(got, "States.Runtime") || !strings.Contains(got, "local.dynamodb.tables") {
		t.Errorf("got %s", got)
	}
}

// TestSFNHTTPInvoke calls an httptest server through http:invoke.
func TestSFNHTTPInvoke(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("X-Token")+" "+r.Header.Get("Content-Type")+" "+string(body))
		mu.Unlock()
		if r.URL.Path == "/missing" {
			http.Error(w, "no such thing", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"created":true}`))
	}))
	defer srv.Close()
	b := startSFN(t)
	def := `{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"` + srv.URL + `/orders","Method":"POST",
		"Headers":{"X-Token":"secret"},"QueryParameters":{"page":"2","tag":["a","b"]},"RequestBody":{"item.$":"$.item"},"Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/local/x"}},
		"ResultSelector":{"body.$":"$.ResponseBody","code.$":"$.StatusCode","text.$":"$.StatusText","ct.$":"$.Headers.Content-Type[0]"},"End":true}}}`
	if got, want := outcome(b.standard(t, def, `{"item":"pen"}`, "")), `SUCCEEDED {"body":{"created":true},"code":200,"ct":"application/json","text":"OK"}`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	mu.Lock()
	if len(seen) != 1 || seen[0] != `POST /orders?page=2&tag=a&tag=b secret application/json {"item":"pen"}` {
		t.Errorf("request seen: %q", seen)
	}
	mu.Unlock()
	notFound := `{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"` + srv.URL + `/missing","Method":"GET"},"End":true}}}`
	if got := outcome(b.standard(t, notFound, `{}`, "")); !strings.HasPrefix(got, `FAILED States.Http.StatusCode.404: {"Headers":`) {
		t.Errorf("404: %s", got)
	}
}

const messagingDef = `{"StartAt":"Q","States":{
	"Q":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"http://sqs.local/123456789012/orders","MessageBody":{"order.$":"$.id"}},"ResultPath":"$.sqs","Next":"N"},
	"N":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:orders","Message":{"order.$":"$.id"},"Subject":"new"},"ResultPath":"$.sns","Next":"E"},
	"E":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents","Parameters":{"Entries":[{"Source":"shop","DetailType":"Order","Detail":{"order.$":"$.id"},"EventBusName":"default"}]},"ResultPath":"$.events","End":true}}}`

// TestSFNMessagingLocal: without endpoints the messaging tasks succeed with
// AWS-shaped responses, recorded in the history.
func TestSFNMessagingLocal(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	d := b.standard(t, messagingDef, `{"id":"o9"}`, "")
	var out struct {
		Sqs struct {
			MD5OfMessageBody, MessageId string
		}
		Sns    struct{ MessageId string }
		Events struct {
			Entries          []struct{ EventId string }
			FailedEntryCount int
		}
	}
	if err := json.Unmarshal([]byte(str(d.Output)), &out); err != nil {
		t.Fatalf("%s: %v", outcome(d), err)
	}
	sum := md5.Sum([]byte(`{"order":"o9"}`))
	if out.Sqs.MD5OfMessageBody != hex.EncodeToString(sum[:]) || out.Sqs.MessageId == "" || out.Sns.MessageId == "" ||
		len(out.Events.Entries) != 1 || out.Events.Entries[0].EventId == "" || out.Events.FailedEntryCount != 0 {
		t.Errorf("outputs: %+v", out)
	}
	if h := historyTypes(t, b, *d.ExecutionArn); strings.Count(h, "TaskSucceeded") != 3 {
		t.Errorf("history %s", h)
	}
}

// TestSFNMessagingEndpoints sends the messaging tasks to httptest servers
// standing in for SQS (JSON protocol), SNS (query protocol) and EventBridge.
func TestSFNMessagingEndpoints(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{}
	record := func(name string, reply func(w http.ResponseWriter)) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			got[name] = r.Header.Get("X-Amz-Target") + " " + string(body)
			mu.Unlock()
			reply(w)
		}))
	}
	sqsSrv := record("sqs", func(w http.ResponseWriter) {
		w.Write([]byte(`{"MD5OfMessageBody":"abc","MessageId":"m-1"}`))
	})
	defer sqsSrv.Close()
	snsSrv := record("sns", func(w http.ResponseWriter) {
		w.Write([]byte(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>n-1</MessageId></PublishResult></PublishResponse>`))
	})
	defer snsSrv.Close()
	evSrv := record("events", func(w http.ResponseWriter) {
		w.Write([]byte(`{"Entries":[{"EventId":"e-1"}],"FailedEntryCount":0}`))
	})
	defer evSrv.Close()
	t.Setenv("SQS_ENDPOINT", sqsSrv.URL)
	t.Setenv("SNS_ENDPOINT", snsSrv.URL)
	t.Setenv("EVENTBRIDGE_ENDPOINT", evSrv.URL)
	b := startSFN(t)
	d := b.standard(t, messagingDef, `{"id":"o9"}`, "")
	var out struct {
		Sqs    struct{ MessageId string }
		Sns    struct{ MessageId string }
		Events struct{ Entries []struct{ EventId string } }
	}
	if err := json.Unmarshal([]byte(str(d.Output)), &out); err != nil || out.Sqs.MessageId != "m-1" || out.Sns.MessageId != "n-1" || len(out.Events.Entries) != 1 || out.Events.Entries[0].EventId != "e-1" {
		t.Errorf("outputs %s: %+v", outcome(d), out)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := `AmazonSQS.SendMessage {"MessageBody":"{\"order\":\"o9\"}","QueueUrl":"http://sqs.local/123456789012/orders"}`; got["sqs"] != want {
		t.Errorf("sqs request %s\nwant %s", got["sqs"], want)
	}
	if want := `AWSEvents.PutEvents {"Entries":[{"Detail":"{\"order\":\"o9\"}","DetailType":"Order","EventBusName":"default","Source":"shop"}]}`; got["events"] != want {
		t.Errorf("events request %s\nwant %s", got["events"], want)
	}
	form, _ := url.ParseQuery(strings.TrimPrefix(got["sns"], " "))
	if form.Get("Action") != "Publish" || form.Get("Message") != `{"order":"o9"}` || form.Get("TopicArn") != "arn:aws:sns:us-east-1:123456789012:orders" || form.Get("Subject") != "new" {
		t.Errorf("sns request %q", got["sns"])
	}
}

// TestSFNMocks runs Step Functions Local's MockConfigFile.json: a test case
// chosen with #Case mocks some states (Return, Throw by invocation index and
// range), leaves the others real, and fails the run when an index has no
// response; a mocked .waitForTaskToken state needs no callback; activity
// states cannot be mocked.
func TestSFNMocks(t *testing.T) {
	cfg := `{
  "StateMachines": {
    "mocked": {"TestCases": {
      "Happy": {"Charge": "ChargeOK", "Wait": "Approved"},
      "RetryThenOK": {"Charge": "FailTwiceThenOK", "Wait": "Approved"},
      "MissingIndex": {"Charge": "ThrottledOnce"},
      "Thrown": {"Charge": "Boom"},
      "RealWait": {"Charge": "ChargeOK"}
    }},
    "mockedActivity": {"TestCases": {"Activity": {"Work": "ChargeOK"}}}
  },
  "MockedResponses": {
    "ChargeOK": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}},
    "FailTwiceThenOK": {
      "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
      "2": {"Return": {"StatusCode": 200, "Payload": {"charged": "late"}}}
    },
    "ThrottledOnce": {"0": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}}},
    "Boom": {"0": {"Throw": {"Error": "Boom", "Cause": "first"}}},
    "Approved": {"0": {"Return": {"approved": true}}}
  }
}`
	path := filepath.Join(t.TempDir(), "MockConfigFile.json")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SFN_MOCK_CONFIG", path)
	b := startSFN(t)
	ctx := ctxT(t)
	act := b.activity(t)
	def := `{"StartAt":"Real","States":{
	"Real":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","ResultPath":"$.real","Next":"Charge"},
	"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"charge","Payload.$":"$"},
		"Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"MaxAttempts":3,"IntervalSeconds":1}],"ResultSelector":{"charged.$":"$.Payload.charged"},"ResultPath":"$.charge","Next":"Wait"},
	"Wait":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"nobody","Payload":{"t.$":"$$.Task.Token"}},"ResultPath":"$.approval","End":true}}}`
	machine := func(name, def string) string {
		sm, err := b.client.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: &name, Definition: &def, RoleArn: aws.String("arn:aws:iam::123456789012:role/test")})
		if err != nil {
			t.Fatal(err)
		}
		return *sm.StateMachineArn
	}
	arn := machine("mocked", def)
	actARN := machine("mockedActivity", `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"`+act+`","End":true}}}`)
	run := func(arn, tc string) (string, string) {
		out, err := b.client.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(arn + "#" + tc), Input: aws.String(`{"N":4}`)})
		if err != nil {
			return apiErr(err), ""
		}
		return outcome(b.finish(t, *out.ExecutionArn)), historyTypes(t, b, *out.ExecutionArn)
	}
	for _, c := range []struct{ arn, tc, want string }{
		{arn, "Happy", `SUCCEEDED {"N":4,"approval":{"approved":true},"charge":{"charged":true},"real":{"N":8}}`},
		{arn, "RetryThenOK", `SUCCEEDED {"N":4,"approval":{"approved":true},"charge":{"charged":"late"},"real":{"N":8}}`},
		{arn, "MissingIndex", `FAILED States.Runtime: An error occurred while executing the state 'Charge'`},
		{arn, "Thrown", `FAILED Boom: first`},
		{arn, "RealWait", `FAILED Lambda.ResourceNotFoundException: Function not found: nobody`},
		{actARN, "Activity", `FAILED States.Runtime: An error occurred while executing the state 'Work' (entered at the event id #2). Activity state cannot be mocked.`},
		{arn, "Nope", `ValidationException: Test case 'Nope' is not defined for state machine 'mocked'`},
	} {
		got, h := run(c.arn, c.tc)
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: got  %s\nwant %s…", c.tc, got, c.want)
		}
		switch c.tc {
		case "RetryThenOK":
			if n := strings.Count(h, "TaskScheduled"); n != 4 { // three Charge attempts and Wait
				t.Errorf("RetryThenOK: %d TaskScheduled in %s", n, h)
			}
		case "MissingIndex":
			if !strings.Contains(got, "No mocked response for invocation 1 of state 'Charge' in test case 'MissingIndex'") {
				t.Errorf("MissingIndex cause: %s", got)
			}
		}
	}
	// Without a test case the machine runs for real: Charge's function does not exist.
	if got, _ := run(arn, ""); !strings.HasPrefix(got, "FAILED Lambda.ResourceNotFoundException: Function not found: charge") {
		t.Errorf("no test case: %s", got)
	}
}
