//go:build unix

package dynamostore_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/appsync-local/appsync-local/dynamostore"
)

// TestCrash kills a process that wrote to the store without closing it
// and checks that every acknowledged write is there.
func TestCrash(t *testing.T) {
	if dir := os.Getenv("DYNAMOSTORE_CRASH_DIR"); dir != "" {
		crashChild(t, dir)
		return
	}
	t.Parallel()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrash$")
	cmd.Env = append(os.Environ(), "DYNAMOSTORE_CRASH_DIR="+dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child: %v\n%s", err, out)
	}
	s := must[*dynamostore.Store](t)(dynamostore.Open(dynamostore.Options{Path: filepath.Join(dir, "db.sqlite")}))
	t.Cleanup(func() { s.Close() })
	c := serve(t, s)
	acked := must[[]byte](t)(os.ReadFile(filepath.Join(dir, "acked")))
	n := must[int](t)(strconv.Atoi(string(acked)))
	scan := must[*dynamodb.ScanOutput](t)(c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("Crash"), Select: types.SelectCount}))
	if int(scan.Count) < n || n < 50 {
		t.Fatalf("%d acknowledged writes, %d items after the crash", n, scan.Count)
	}
}

func crashChild(t *testing.T, dir string) {
	s := must[*dynamostore.Store](t)(dynamostore.Open(dynamostore.Options{Path: filepath.Join(dir, "db.sqlite")}))
	c := serve(t, s)
	createTable(t, c, "Crash", "id S", "")
	for i := range 50 {
		put(t, c, "Crash", item{"id": S(strconv.Itoa(i))})
		// Record each acknowledgement before the next write.
		if err := os.WriteFile(filepath.Join(dir, "acked"), []byte(strconv.Itoa(i+1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}
