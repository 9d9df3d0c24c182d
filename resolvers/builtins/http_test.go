package builtins

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// The restricted names are those listed in "HTTP helpers in $util.http"
// (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http.html).
func TestCopyHeaders(t *testing.T) {
	t.Parallel()
	runDSCases(t, []dsCase{
		{name: "drops the restricted headers in any case", path: "http.copyHeaders",
			args: []string{`{"Host":"h","Connection":"keep-alive","transfer-encoding":"chunked","Expect":"100-continue","Keep-Alive":"5",` +
				`"Upgrade":"h2c","Proxy-Authenticate":"x","PROXY-AUTHORIZATION":"y","TE":"trailers","Content-Length":"12",` +
				`"x-api-key":"k","Authorization":"Bearer t","content-type":"application/json","accept":["a","b"]}`},
			want: `{"x-api-key":"k","Authorization":"Bearer t","content-type":"application/json","accept":["a","b"]}`},
		{name: "empty", path: "http.copyHeaders", args: []string{`{}`}, want: `{}`},
		{name: "not a map", path: "http.copyHeaders", args: []string{`"x"`}, wantErr: "$util.http.copyHeaders: expected a map, got String"},
		{name: "no argument", path: "http.copyHeaders", wantErr: "expected 1 argument, got 0"},
	})
}

func TestCopyHeadersCopies(t *testing.T) {
	t.Parallel()
	in := dsJSON(t, `{"a":"1"}`).(*value.Map)
	out, err := dsCall(t, &Env{}, "http.copyHeaders", in)
	if err != nil {
		t.Fatal(err)
	}
	out.(*value.Map).Put("b", "2")
	if in.Has("b") {
		t.Error("copyHeaders returned its argument, not a copy")
	}
}

func TestAddResponseHeader(t *testing.T) {
	t.Parallel()
	env := &Env{}
	for _, c := range []struct {
		name string
		v    any
	}{
		// The documented example: util.http.addResponseHeader('itemsCount', 7).
		{"itemsCount", int64(7)},
		{"render", "full"},
		{"ratio", 1.5},
		{"flag", true},
		{"x-custom", "a"},
		{"x-custom", "b"},
	} {
		got, err := dsCall(t, env, "http.addResponseHeader", c.name, c.v)
		if err != nil || got != "" {
			t.Fatalf("addResponseHeader(%s): %v, %v", c.name, got, err)
		}
	}
	// Names keep their case and the last definition wins (the AppSync docs).
	want := http.Header{
		"itemsCount": {"7"}, "render": {"full"}, "ratio": {"1.5"}, "flag": {"true"}, "x-custom": {"b"},
	}
	if got := env.ResponseHeaders(); !reflect.DeepEqual(got, want) {
		t.Errorf("headers %v, want %v", got, want)
	}
	if errs := env.Errors(); len(errs) != 0 {
		t.Errorf("errors %v", errs)
	}
}

func TestAddResponseHeaders(t *testing.T) {
	t.Parallel()
	env := &Env{}
	// The documented example.
	got, err := dsCall(t, env, "http.addResponseHeaders",
		dsJSON(t, `{"headerInt":12,"headerString":"stringValue","headerObject":{"field1":7,"field2":"string"}}`))
	if err != nil || got != "" {
		t.Fatalf("got %v, %v", got, err)
	}
	want := http.Header{
		"headerInt": {"12"}, "headerString": {"stringValue"}, "headerObject": {`{"field1":7,"field2":"string"}`},
	}
	if got := env.ResponseHeaders(); !reflect.DeepEqual(got, want) {
		t.Errorf("headers %v, want %v", got, want)
	}
	if _, err := dsCall(t, env, "http.addResponseHeaders", "x"); err == nil || !strings.Contains(err.Error(), "$util.http.addResponseHeaders: expected a map, got String") {
		t.Errorf("got %v", err)
	}
}

func TestAddResponseHeaderRefusals(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		v    any
		why  string
	}{
		{"", "v", "the name is empty"},
		{"x-amz-foo", "v", "x-amz- or x-amzn-"},
		{"X-AMZN-RequestId", "v", "x-amz- or x-amzn-"},
		{"Content-Type", "text/plain", "restricted"},
		{"access-control-allow-origin", "*", "restricted"},
		{"Vary", "Origin", "restricted"},
		{"host", "h", "restricted"},
		{"ok", nil, "the value is null"},
		{"big", strings.Repeat("x", MaxResponseHeaderBytes), "4096 byte limit"},
	} {
		env := &Env{}
		if _, err := dsCall(t, env, "http.addResponseHeader", c.name, c.v); err != nil {
			t.Fatalf("%q: %v", c.name, err)
		}
		if h := env.ResponseHeaders(); len(h) != 0 {
			t.Errorf("%q: header added: %v", c.name, h)
		}
		errs := env.Errors()
		if len(errs) != 1 || errs[0].Type != ResponseHeaderErrorType || !strings.Contains(errs[0].Message, c.why) {
			t.Errorf("%q: errors %+v, want one ResponseHeaderError about %q", c.name, errs, c.why)
		}
	}
}

func TestAddResponseHeaderBudget(t *testing.T) {
	t.Parallel()
	env := &Env{}
	// "a1" and "a2" with 2000 bytes each are 4004 bytes; "b" + 91 fills the 4096; any more is refused.
	for _, name := range []string{"a1", "a2"} {
		if _, err := dsCall(t, env, "http.addResponseHeader", name, strings.Repeat("v", 2000)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dsCall(t, env, "http.addResponseHeader", "b", strings.Repeat("v", 91)); err != nil {
		t.Fatal(err)
	}
	if n := len(env.Errors()); n != 0 {
		t.Fatalf("%d errors within the budget", n)
	}
	if _, err := dsCall(t, env, "http.addResponseHeader", "c", "v"); err != nil {
		t.Fatal(err)
	}
	if n := len(env.Errors()); n != 1 {
		t.Fatalf("%d errors past the budget, want 1", n)
	}
}

func TestAddResponseHeaderArguments(t *testing.T) {
	t.Parallel()
	if _, err := dsCall(t, &Env{}, "http.addResponseHeader", "a"); err == nil || err.Error() != "$util.http.addResponseHeader: expected 2 arguments, got 1" {
		t.Errorf("got %v", err)
	}
	if _, err := dsCall(t, &Env{}, "http.addResponseHeader", int64(1), "v"); err == nil || !strings.Contains(err.Error(), "expected a string, got Number") {
		t.Errorf("got %v", err)
	}
}
