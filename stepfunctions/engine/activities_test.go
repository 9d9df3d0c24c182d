package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// TestGetActivityTaskTimesOut: a poll with nothing scheduled ends empty
// after PollTimeout, as AWS's 60 s poll does.
func TestGetActivityTaskTimesOut(t *testing.T) {
	t.Parallel()
	st := memstore.New()
	eng := engine.New(engine.Params{Store: st, PollTimeout: 50 * time.Millisecond})
	t.Cleanup(func() { eng.Close() })
	ctx := context.Background()
	a, err := eng.CreateActivity(ctx, &engine.CreateActivityInput{Name: "idle"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := eng.GetActivityTask(ctx, a.ActivityArn, "w")
	if err != nil || out.TaskToken != nil || out.Input != nil {
		t.Errorf("empty poll: %v %+v", err, out)
	}
}

func TestParseMockConfig(t *testing.T) {
	t.Parallel()
	ok := `{"StateMachines":{"m":{"TestCases":{"c":{"S":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{"a":1}},"1-2":{"Throw":{"Error":"E","Cause":"C"}}}}}`
	c, err := engine.ParseMockConfig([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if steps := c.Responses["R"]; len(steps) != 2 || steps[1].From != 1 || steps[1].To != 2 || steps[1].Throw.Name != "E" || c.StateMachines["m"]["c"]["S"] != "R" {
		t.Errorf("parsed %+v", c)
	}
	for _, tc := range []struct{ name, cfg, want string }{
		{"both", `{"MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E","Cause":"C"}}}}}`, "MockedResponses.R.0: has both Return and Throw"},
		{"neither", `{"MockedResponses":{"R":{"0":{}}}}`, "MockedResponses.R.0: needs Return or Throw"},
		{"throw without cause", `{"MockedResponses":{"R":{"0":{"Throw":{"Error":"E"}}}}}`, "MockedResponses.R.0.Throw: Error and Cause are both required"},
		{"bad key", `{"MockedResponses":{"R":{"x":{"Return":1}}}}`, `MockedResponses.R: index key "x" is not a number`},
		{"backwards range", `{"MockedResponses":{"R":{"3-1":{"Return":1}}}}`, `MockedResponses.R: index key "3-1"`},
		{"overlap", `{"MockedResponses":{"R":{"0-2":{"Return":1},"2":{"Return":2}}}}`, "MockedResponses.R: invocation 2 is covered by two keys"},
		{"unknown response", `{"StateMachines":{"m":{"TestCases":{"c":{"S":"Missing"}}}}}`, `StateMachines.m.TestCases.c.S: mocked response "Missing" is not defined`},
		{"unknown field", `{"StateMachine":{}}`, `unknown field "StateMachine"`},
	} {
		_, err := engine.ParseMockConfig([]byte(tc.cfg))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
