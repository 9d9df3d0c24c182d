package asl

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/jsonata"
)

// dumpQueryFields prints the JSONata fields that are set, for the parse
// golden files.
func dumpQueryFields(q *QueryFields) string {
	var f []string
	for _, x := range []struct {
		n string
		q *Query
	}{{"Arguments", q.Arguments}, {"Output", q.Output}, {"Assign", q.Assign}, {"Condition", q.Condition}, {"Items", q.Items},
		{"ItemSelector", q.ItemSelector}, {"Seconds", q.Seconds}, {"Timestamp", q.Timestamp}, {"TimeoutSeconds", q.TimeoutSeconds},
		{"HeartbeatSeconds", q.HeartbeatSeconds}, {"MaxConcurrency", q.MaxConcurrency}, {"ToleratedFailureCount", q.ToleratedFailureCount},
		{"ToleratedFailurePercentage", q.ToleratedFailurePercentage}, {"Error", q.Error}, {"Cause", q.Cause}, {"Credentials", q.Credentials}} {
		if x.q != nil {
			f = append(f, x.n+"="+x.q.String())
		}
	}
	return "{" + strings.Join(f, " ") + "}"
}

func needBundle(t *testing.T) {
	t.Helper()
	if _, err := jsonata.Compile("1"); errors.Is(err, jsonata.ErrNoBundle) {
		t.Skip("jsonata-js bundle not embedded: run `make jsonata` first")
	}
}

// TestQueryEval evaluates templates: literals stay, "{% %}" strings are
// expressions (a leading space makes a literal), and a failure names the
// field down to the key, as AWS's cause does.
func TestQueryEval(t *testing.T) {
	needBundle(t)
	m, err := Parse([]byte(`{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true,
		"Output":{"a":"{% $states.input.x + 1 %}","lit":" {% 1 %}","arr":[1,"{% $v %}",{"n":null}],"miss":{"deep":"{% $states.input.nope %}"}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	q := m.States["P"].JSONata.Output
	b := map[string]any{"states": map[string]any{"input": map[string]any{"x": 41}}, "v": "var"}
	_, err = q.Eval(context.Background(), b)
	var qe *QueryError
	if !errors.As(err, &qe) {
		t.Fatalf("err %v, want *QueryError", err)
	}
	wantCause := "The JSONata expression '$states.input.nope' specified for the field 'Output/miss/deep' returned nothing (undefined)."
	if qe.Location != "Output/miss/deep" || qe.Cause != wantCause {
		t.Errorf("got %q %q", qe.Location, qe.Cause)
	}
	b["states"].(map[string]any)["input"].(map[string]any)["nope"] = true
	v, err := q.Eval(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if got := jsonText(v); got != `{"a":42,"arr":[1,"var",{"n":null}],"lit":" {% 1 %}","miss":{"deep":true}}` {
		t.Errorf("got %s", got)
	}
	te := q.TypeError("array", map[string]any{})
	if !strings.Contains(te.Cause, "Expected 'array', but was 'object'") {
		t.Errorf("type error %q", te.Cause)
	}
}

// TestQueryLanguageScopes: a JSONPath machine may hold JSONata states;
// nested machines take the top level's language, not their Map's.
func TestQueryLanguageScopes(t *testing.T) {
	needBundle(t)
	m, err := Parse([]byte(`{"StartAt":"M","States":{"M":{"Type":"Map","QueryLanguage":"JSONata","Items":"{% [1] %}","End":true,
		"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Parameters":{"a.$":"$"},"End":true}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.States["M"].JSONata == nil || m.States["M"].Processor.States["I"].JSONata != nil {
		t.Error("Map should be JSONata and its processor's state JSONPath")
	}
	_, err = Parse([]byte(`{"StartAt":"P","States":{"P":{"Type":"Pass","Output":1,"End":true}}}`))
	want := "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/P"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err %v, want %s", err, want)
	}
	for _, def := range []string{
		`{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$","End":true}}}]}}}`,
	} {
		_, err := Parse([]byte(def))
		if err == nil || !strings.Contains(err.Error(), "field 'InputPath' is only supported for the 'JSONPath' QueryLanguage at /States/P/Branches[0]/States/B") {
			t.Errorf("%s: %v", def, err)
		}
	}
}
