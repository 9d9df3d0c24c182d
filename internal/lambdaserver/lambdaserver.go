package lambdaserver

import (
	"bufio"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
)

// Process is a running fnserver.
type Process struct {
	// URL is the Invoke API endpoint, http://127.0.0.1:PORT.
	URL string
	// Client is an SDK client pointed at URL.
	Client *lambdasdk.Client
}

// Start builds fnserver with the go command into tb's temp dir, starts it,
// waits for its address, and kills it in tb's cleanup. It fails tb when the
// go command is missing or the program does not come up in a minute (the
// first build compiles it).
func Start(tb testing.TB) *Process {
	tb.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		tb.Fatalf("lambdaserver: the go command is needed to build fnserver: %v", err)
	}
	bin := filepath.Join(tb.TempDir(), "fnserver")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goCmd, "build", "-o", bin, "github.com/appsync-local/appsync-local/internal/lambdaserver/fnserver")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("lambdaserver: build fnserver: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("lambdaserver: start fnserver: %v", err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill() //nolint:errcheck
		cmd.Wait()         //nolint:errcheck
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	var url string
	select {
	case l := <-line:
		url = strings.TrimPrefix(l, "listening on ")
	case <-time.After(time.Minute):
	}
	if !strings.HasPrefix(url, "http://") {
		tb.Fatalf("lambdaserver: fnserver did not report its address")
	}
	return &Process{URL: url, Client: NewClient(url)}
}

// NewClient returns an SDK Lambda client for endpoint with dummy credentials
// and no retries.
func NewClient(endpoint string) *lambdasdk.Client {
	return lambdasdk.New(lambdasdk.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		Retryer:      aws.NopRetryer{},
	})
}

// Calls invokes fnserver's calls function: invocations per function name,
// and "batchSizes", the size of each batch and direct call in order.
func (p *Process) Calls(tb testing.TB) map[string]any {
	tb.Helper()
	return p.Invoke(tb, "calls", nil).(map[string]any)
}

// Invoke calls function name with payload (marshalled to JSON) and returns
// the decoded result; a function error fails tb.
func (p *Process) Invoke(tb testing.TB, name string, payload any) any {
	tb.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		tb.Fatal(err)
	}
	out, err := p.Client.Invoke(context.Background(), &lambdasdk.InvokeInput{FunctionName: aws.String(name), Payload: body})
	if err != nil {
		tb.Fatalf("invoke %s: %v", name, err)
	}
	if out.FunctionError != nil {
		tb.Fatalf("invoke %s: function error %s: %s", name, *out.FunctionError, out.Payload)
	}
	var v any
	if err := json.Unmarshal(out.Payload, &v); err != nil {
		tb.Fatalf("invoke %s: result %q: %v", name, out.Payload, err)
	}
	return v
}
