package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// startJSWorker runs testdata/sfnworker/worker.mjs (the AWS SDK for
// JavaScript) as an activity worker and returns the lines it prints.
func startJSWorker(t *testing.T, endpoint, activity, name string) <-chan string {
	t.Helper()
	dir := filepath.Join("testdata", "sfnworker")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@aws-sdk", "client-sfn")); err != nil {
		t.Fatalf("@aws-sdk/client-sfn is not installed (%v); run: bash scripts/npm-ci.sh app/testdata/sfnworker (or make test-deps)", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed for the JavaScript worker: %v", err)
	}
	cmd := exec.Command(node, "worker.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ENDPOINT="+endpoint, "ACTIVITY_ARN="+activity, "WORKER_NAME="+name)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("worker stderr:\n%s", stderr.String())
		}
	})
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines
}

// TestSFNActivityJSWorker: a worker on the AWS SDK for JavaScript takes
// tasks (with a heartbeat) alongside Go workers, each task delivered once.
func TestSFNActivityJSWorker(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	act := b.activity(t)
	arn := b.create(t, `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"`+act+`","HeartbeatSeconds":30,"TimeoutSeconds":60,"End":true}}}`, "STANDARD")
	lines := startJSWorker(t, b.main.URL(), act, "js")
	if l, ok := <-lines; !ok || l != "ready" {
		t.Fatalf("worker did not start: %q", l)
	}
	// Alone, the JavaScript worker takes the first task.
	first := b.start(t, arn, `{"N":-1}`)
	if got := outcome(b.finish(t, first)); got != `SUCCEEDED {"n":-1,"worker":"js"}` {
		t.Fatalf("JS worker result: %s", got)
	}
	if h := historyTypes(t, b, first); !strings.Contains(h, "ActivityStarted ActivitySucceeded") {
		t.Errorf("history %s", h)
	}
	// Then with three Go workers.
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprint("go-", w)
			for {
				out, err := b.client.GetActivityTask(ctx, &sfn.GetActivityTaskInput{ActivityArn: &act, WorkerName: &name})
				if err != nil {
					return
				}
				if out.TaskToken == nil {
					continue
				}
				var in struct{ N int }
				json.Unmarshal([]byte(*out.Input), &in)
				res := fmt.Sprintf(`{"n":%d,"worker":%q}`, in.N, name)
				b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: out.TaskToken, Output: &res})
			}
		}()
	}
	const n = 40
	execs := make([]string, n)
	for i := range execs {
		execs[i] = b.start(t, arn, fmt.Sprintf(`{"N":%d}`, i))
	}
	byWorker := map[string]int{}
	for i, e := range execs {
		d := b.finish(t, e)
		var out struct {
			N      int
			Worker string
		}
		if d.Status != types.ExecutionStatusSucceeded || json.Unmarshal([]byte(str(d.Output)), &out) != nil || out.N != i {
			t.Errorf("execution %d: %s", i, outcome(d))
		}
		byWorker[out.Worker]++
	}
	cancel()
	wg.Wait()
	t.Logf("tasks per worker: %v", byWorker)
	// Every task the JS worker reports taking is one the executions got from it.
	took := 0
	for len(lines) > 0 {
		if strings.HasPrefix(<-lines, "took ") {
			took++
		}
	}
	if took < 1+byWorker["js"]-1 || took > 1+byWorker["js"] {
		t.Errorf("JS worker printed %d tasks, executions report %d (+1 first)", took, byWorker["js"])
	}
}
