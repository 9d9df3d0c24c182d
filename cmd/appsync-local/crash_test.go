package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/internal/pgtest"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
)

// serveEnv makes the test binary run the server instead of the tests: the
// crash test starts it as a child process it can SIGKILL.
const serveEnv = "APPSYNC_LOCAL_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		os.Exit(app.Execute(gohandler.NewRegistry()))
	}
	os.Exit(m.Run())
}

// crashMachine has what must survive a SIGKILL: a Lambda task failing
// twice and retried with back-off, a Wait, an activity and a callback
// (.waitForTaskToken) task, then a last Lambda task. The Lambda function
// fails by retry count, not by call count, so a call repeated after a
// crash (a task in flight has no recorded end, and runs again) answers
// the same.
const crashMachine = `{"StartAt":"Start","States":{
 "Start":{"Type":"Pass","Parameters":{"key.$":"$$.Execution.Name"},"Next":"Flaky"},
 "Flaky":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"flaky","Payload":{"key.$":"$.key","retry.$":"$$.State.RetryCount"}},
   "ResultSelector":{"ok.$":"$.Payload.ok"},"ResultPath":"$.flaky","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":3,"BackoffRate":2}],"Next":"Nap"},
 "Nap":{"Type":"Wait","Seconds":1,"Next":"Work"},
 "Work":{"Type":"Task","Resource":"ACTIVITY","Parameters":{"key.$":"$.key"},"ResultPath":"$.work","Next":"Approve"},
 "Approve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"token","Payload":{"key.$":"$.key","token.$":"$$.Task.Token"}},"ResultPath":"$.approval","Next":"Done"},
 "Done":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"done","Payload":{"key.$":"$.key"}},"ResultSelector":{"done.$":"$.Payload.done"},"ResultPath":"$.done","End":true}}}`

// crashRun is one workload: a server (restarted after each kill), a Lambda
// endpoint, one activity worker and a token sender.
type crashRun struct {
	t       *testing.T
	ctx     context.Context
	dir     string
	store   string // SFN_STORE_URL ("" = SQLite in dir)
	lambda  *httptest.Server
	kills   map[int]bool // handouts (activity tasks given to the worker) after which the server is killed
	killed  int
	mu      sync.Mutex
	cond    *sync.Cond
	gen     int
	client  *sfn.Client
	cmd     *exec.Cmd
	done    map[string]bool
	allDone chan struct{}
	want    int
	tokens  chan [2]string // token, key
}

func newCrashRun(t *testing.T, ctx context.Context, storeURL string, n int, kills map[int]bool) *crashRun {
	r := &crashRun{t: t, ctx: ctx, dir: t.TempDir(), store: storeURL, kills: kills, done: map[string]bool{}, allDone: make(chan struct{}), want: n, tokens: make(chan [2]string, 4*n)}
	r.cond = sync.NewCond(&r.mu)
	r.lambda = httptest.NewServer(http.HandlerFunc(r.invoke))
	t.Cleanup(r.lambda.Close)
	r.start()
	t.Cleanup(func() {
		r.mu.Lock()
		cmd := r.cmd
		r.gen = -1 << 30 // stop the helpers
		r.cond.Broadcast()
		r.mu.Unlock()
		cmd.Process.Kill()
		cmd.Wait()
	})
	return r
}

// start runs a server process on the run's data dir and publishes its client.
func (r *crashRun) start() {
	r.t.Helper()
	cfg, _ := filepath.Abs(filepath.Join("testdata", "crash", "appsync.yml"))
	cmd := exec.Command(os.Args[0], "serve", "--port", "0", "--no-watch", "--data-dir", r.dir, cfg)
	cmd.Env = append(os.Environ(), serveEnv+"=1", "LAMBDA_ENDPOINT="+r.lambda.URL, "WAIT_TIME_SCALE=0.02", "SFN_STORE_URL="+r.store)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	url := ""
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "GraphQL:" {
			url = strings.TrimSuffix(f[1], "/graphql")
			break
		}
	}
	if url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		r.t.Fatalf("the server printed no address")
	}
	go io.Copy(io.Discard, out) //nolint:errcheck // the rest of its output
	client := sfn.New(sfn.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(url), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		APIOptions:  []func(*middleware.Stack) error{sfnapi.DisableHostPrefix},
	})
	r.mu.Lock()
	r.cmd, r.client = cmd, client
	r.gen++
	r.cond.Broadcast()
	r.mu.Unlock()
}

// crash SIGKILLs the server and starts a new one on the same data.
func (r *crashRun) crash() {
	r.mu.Lock()
	cmd := r.cmd
	r.killed++
	r.mu.Unlock()
	cmd.Process.Kill()
	cmd.Wait()
	r.start()
}

// current returns the live server's client and generation, waiting for a
// newer one than after (0: any).
func (r *crashRun) current(after int) (*sfn.Client, int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.gen >= 0 && r.gen <= after {
		r.cond.Wait()
	}
	return r.client, r.gen, r.gen >= 0
}

// call runs op against the live server, again on the next one when the
// server dies under it.
func (r *crashRun) call(op func(c *sfn.Client) error) error {
	c, gen, ok := r.current(0)
	for ok {
		err := op(c)
		var ae smithy.APIError
		if err == nil || errors.As(err, &ae) || r.ctx.Err() != nil {
			return err
		}
		c, gen, ok = r.current(gen)
	}
	return errors.New("run over")
}

// invoke is the Lambda Invoke API the server calls.
func (r *crashRun) invoke(w http.ResponseWriter, req *http.Request) {
	name := strings.TrimSuffix(strings.TrimPrefix(req.URL.Path, "/2015-03-31/functions/"), "/invocations")
	var in struct {
		Key, Token string
		Retry      int
	}
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		// A request cut short by the server being killed while sending it:
		// nobody is left to read the answer, and acting on it would be wrong.
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch name {
	case "flaky":
		if in.Retry < 2 {
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			fmt.Fprintf(w, `{"errorType":"Flaky","errorMessage":"retry %d of %s"}`, in.Retry, in.Key)
			return
		}
		fmt.Fprintf(w, `{"ok":%q}`, in.Key)
	case "token":
		r.tokens <- [2]string{in.Token, in.Key}
		fmt.Fprint(w, `{"accepted":true}`)
	case "done":
		r.mu.Lock()
		if !r.done[in.Key] {
			r.done[in.Key] = true
			if len(r.done) == r.want {
				close(r.allDone)
			}
		}
		r.mu.Unlock()
		fmt.Fprint(w, `{"done":true}`)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"Type":"User","message":"Function not found"}`)
	}
}

// worker is the one activity worker: it answers each task with its key,
// and kills the server at the chosen handouts, between taking the task and
// answering it. Being the only poller, it has no poll in flight then, so
// no task is handed out into a dying connection.
func (r *crashRun) worker(act string) {
	handouts := 0
	for r.ctx.Err() == nil {
		var task *sfn.GetActivityTaskOutput
		err := r.call(func(c *sfn.Client) error {
			var err error
			task, err = c.GetActivityTask(r.ctx, &sfn.GetActivityTaskInput{ActivityArn: &act, WorkerName: aws.String("crash-worker")})
			return err
		})
		if err != nil || task.TaskToken == nil {
			continue
		}
		handouts++
		if r.kills[handouts] {
			r.crash()
		}
		var in struct{ Key string }
		json.Unmarshal([]byte(*task.Input), &in) //nolint:errcheck // checked by the histories
		out := fmt.Sprintf(`{"worked":%q}`, in.Key)
		if err := r.call(func(c *sfn.Client) error {
			_, err := c.SendTaskSuccess(r.ctx, &sfn.SendTaskSuccessInput{TaskToken: task.TaskToken, Output: &out})
			return err
		}); err != nil && r.ctx.Err() == nil {
			r.t.Errorf("activity result for %s: %v", in.Key, err)
		}
	}
}

// approver answers each callback token. A token delivered twice (the
// callback's Lambda ran again after a crash) is already closed the second
// time: TaskDoesNotExist is expected then.
func (r *crashRun) approver() {
	for {
		select {
		case <-r.ctx.Done():
			return
		case tk := <-r.tokens:
			out := fmt.Sprintf(`{"approved":%q}`, tk[1])
			err := r.call(func(c *sfn.Client) error {
				_, err := c.SendTaskSuccess(r.ctx, &sfn.SendTaskSuccessInput{TaskToken: &tk[0], Output: &out})
				return err
			})
			var ae smithy.APIError
			if err != nil && !(errors.As(err, &ae) && ae.ErrorCode() == "TaskDoesNotExist") && r.ctx.Err() == nil {
				r.t.Errorf("callback result for %s: %v", tk[1], err)
			}
		}
	}
}

var requestIDRE = regexp.MustCompile(`\\"RequestId\\":\\"[^\\"]*\\"`)

// workload starts n executions, runs them to the end through the kills,
// and returns each one's history (timestamps left out, request ids
// normalised) by execution name.
func workload(t *testing.T, storeURL string, n int, kills map[int]bool) (map[string]string, int) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	r := newCrashRun(t, ctx, storeURL, n, kills)
	var act, machine string
	if err := r.call(func(c *sfn.Client) error {
		a, err := c.CreateActivity(ctx, &sfn.CreateActivityInput{Name: aws.String("crash-work")})
		if err != nil {
			return err
		}
		act = *a.ActivityArn
		def := strings.Replace(crashMachine, "ACTIVITY", act, 1)
		sm, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("crash"), Definition: &def, RoleArn: aws.String("arn:aws:iam::123456789012:role/crash")})
		if err != nil {
			return err
		}
		machine = *sm.StateMachineArn
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	go r.worker(act)
	go r.approver()
	arns := make([]string, n)
	for i := range n {
		name := fmt.Sprintf("crash-%02d", i)
		if err := r.call(func(c *sfn.Client) error {
			out, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &machine, Name: &name, Input: aws.String(`{}`)})
			if err == nil {
				arns[i] = *out.ExecutionArn
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-r.allDone:
	case <-ctx.Done():
		r.mu.Lock()
		t.Fatalf("only %d of %d executions reached their last task (%d kills)", len(r.done), n, r.killed)
	}
	histories := map[string]string{}
	for _, arn := range arns {
		// The last task has answered; the execution records its end
		// right after, so this waits a moment at most.
		var status string
		for status = ""; status == "" || status == "RUNNING"; {
			if err := r.call(func(c *sfn.Client) error {
				d, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: &arn})
				if err == nil {
					status = string(d.Status)
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		if status != "SUCCEEDED" {
			t.Errorf("%s: %s", arn, status)
		}
		var lines []string
		if err := r.call(func(c *sfn.Client) error {
			h, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: &arn, MaxResults: 1000})
			if err != nil {
				return err
			}
			for _, e := range h.Events {
				e.Timestamp = nil
				b, _ := json.Marshal(e)
				lines = append(lines, requestIDRE.ReplaceAllString(string(b), `\"RequestId\":\"ID\"`))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		histories[arn[strings.LastIndex(arn, ":")+1:]] = strings.Join(lines, "\n")
	}
	return histories, r.killed
}

// TestCrashResume is the durability test: Standard executions with
// retries, Waits, activities and callbacks run on a server that is
// SIGKILLed several times at points chosen by a fixed seed and restarted
// on the same data; every execution's history must equal the history of
// the same workload on a server never interrupted: no state ran twice,
// nothing acknowledged was lost. It runs on the default SQLite store and on
// Postgres.
func TestCrashResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	t.Parallel()
	const n = 12
	want, _ := workload(t, "", n, nil)
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); crashAndCompare(t, "", n, want) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); crashAndCompare(t, pgtest.New(t).URL, n, want) })
}

func crashAndCompare(t *testing.T, storeURL string, n int, want map[string]string) {
	rng := rand.New(rand.NewPCG(7, 11))
	kills := map[int]bool{}
	for len(kills) < 4 {
		kills[1+rng.IntN(n-1)] = true
	}
	got, killed := workload(t, storeURL, n, kills)
	t.Logf("%d executions, %d kills; crash-00 has %d events", len(got), killed, strings.Count(got["crash-00"], "\n")+1)
	if killed != len(kills) {
		t.Errorf("killed the server %d times, planned %d", killed, len(kills))
	}
	names := make([]string, 0, len(want))
	for k := range want {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		if got[name] != want[name] {
			t.Errorf("%s: history after crashes differs from the uninterrupted one:\n--- got\n%s\n--- want\n%s", name, got[name], want[name])
		}
	}
}
