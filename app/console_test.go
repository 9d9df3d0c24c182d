package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
)

// TestConsoleMounted: the server prints the console's URL and serves it
// there, and the Step Functions API answers at "/" the requests the page
// sends (its headers, no signature).
func TestConsoleMounted(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	m := &app.Main{Stdout: &out, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), filepath.Join("testdata", "sfn", "appsync.yml")}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if want := "Console:    " + m.URL() + "/console/\n"; !strings.Contains(out.String(), want) {
		t.Errorf("banner lacks %q:\n%s", want, out.String())
	}

	res, err := http.Get(m.URL() + "/console/assets/console.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || !bytes.Contains(body, []byte("AWSStepFunctions.")) {
		t.Errorf("console.js: status %d, type %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	// The page is 200 after `make console`, 503 without its bundle; either
	// way it is the console answering, not the playground.
	res, err = http.Get(m.URL() + "/console")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	switch {
	case res.StatusCode == http.StatusOK && res.Request.URL.Path == "/console/" && bytes.Contains(body, []byte(`name="sfn-endpoint" content="/"`)):
	case res.StatusCode == http.StatusServiceUnavailable && bytes.Contains(body, []byte("make console")):
	default:
		t.Errorf("/console: status %d at %s:\n%s", res.StatusCode, res.Request.URL.Path, body)
	}

	req, _ := http.NewRequest(http.MethodPost, m.URL()+"/", strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct{ StateMachines []struct{ Name string } }
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("ListStateMachines as the page sends it: status %d, %v", res.StatusCode, err)
	}
	var names []string
	for _, sm := range list.StateMachines {
		names = append(names, sm.Name)
	}
	if got := strings.Join(names, ","); got != "fromFile,inline" {
		t.Errorf("machines = %s, want fromFile,inline", got)
	}
}
