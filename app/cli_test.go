package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
)

func runCLI(args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	m := &app.Main{Stdout: &out, Stderr: &errb}
	err = m.Run(context.Background(), args)
	return out.String(), errb.String(), err
}

func TestCLI(t *testing.T) {
	t.Parallel()
	t.Run("version", func(t *testing.T) {
		out, _, err := runCLI("--version")
		if err != nil || !strings.HasPrefix(out, "appsync-local v") {
			t.Errorf("%q %v", out, err)
		}
	})
	t.Run("help", func(t *testing.T) {
		out, _, err := runCLI("--help")
		if err != nil || !strings.Contains(out, "appsync-local serve [CONFIG]") || !strings.Contains(out, "--data-dir") {
			t.Errorf("%q %v", out, err)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		_, errOut, err := runCLI("frobnicate")
		if err == nil || !strings.Contains(errOut, `unknown command "frobnicate"`) {
			t.Errorf("%q %v", errOut, err)
		}
	})
	t.Run("validate ok", func(t *testing.T) {
		out, errOut, err := runCLI("validate", "testdata/api/appsync.yml")
		if err != nil || !strings.HasSuffix(out, ": ok\n") {
			t.Errorf("%q %q %v", out, errOut, err)
		}
	})
	t.Run("validate reports file:line:col", func(t *testing.T) {
		_, errOut, err := runCLI("validate", "testdata/bad/appsync.yml")
		if err == nil {
			t.Fatal("want an error")
		}
		want := "testdata/bad/appsync.yml:11:3: resolver Query.missing: type Query has no field missing"
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q does not contain %q", errOut, want)
		}
	})
	t.Run("validate reports template syntax errors at file:line:col", func(t *testing.T) {
		_, errOut, err := runCLI("validate", "testdata/badvtl/appsync.yml")
		if err == nil || !strings.Contains(errOut, "testdata/badvtl/a.req.vtl:4:3: unexpected") {
			t.Errorf("%q %v", errOut, err)
		}
	})
	t.Run("serve refuses a bad config", func(t *testing.T) {
		_, errOut, err := runCLI("serve", "--port", "0", "testdata/bad/appsync.yml")
		if err == nil || !strings.Contains(errOut, "appsync.yml:11:3") {
			t.Errorf("%q %v", errOut, err)
		}
	})
}
