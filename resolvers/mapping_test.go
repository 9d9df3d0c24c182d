package resolvers

import (
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

func TestParseOutputTrailingCommas(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"a": [1, 2,], "b": "x,}",}`: `{"a":[1,2],"b":"x,}"}`,
		"{\"a\": 1,\n}":               `{"a":1}`,
		`{"s": "q\",]"}`:              `{"s":"q\",]"}`,
	} {
		v, err := parseOutput("t.vtl", in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := value.ToJSON(v); got != want {
			t.Errorf("%s: got %s want %s", in, got, want)
		}
	}
	if _, err := parseOutput("t.vtl", `{"a": 1,, "b": 2}`); err == nil {
		t.Error("double comma accepted")
	}
}
