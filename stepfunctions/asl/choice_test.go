package asl

import (
	"errors"
	"fmt"
	"testing"
)

// choiceRule parses a Choice state holding one rule and returns the rule:
// rules are built through Parse, as the engine gets them.
func choiceRule(t testing.TB, rule string) *ChoiceRule {
	t.Helper()
	def := `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[` + rule[:len(rule)-1] + `,"Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}`
	m, err := Parse([]byte(def))
	if err != nil {
		t.Fatalf("%s: %v", rule, err)
	}
	return m.States["C"].Choices[0]
}

func TestChoiceOperators(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, `{
	  "s": "apple", "s2": "banana", "empty": "", "n": 10, "f": 10.0, "half": 2.5, "big": 9007199254740993,
	  "b": true, "nul": null, "ts": "2024-03-14T01:59:00Z", "ts2": "2024-03-14T02:59:00+01:00", "tsf": "2024-03-14T01:59:00.500Z",
	  "star": "a*b", "file": "log-2024.txt", "arr": [1], "obj": {}, "back": "a\\b", "uni": "é"
	}`)
	env := &Env{Vars: map[string]any{"limit": int64(10), "name": "apple"}, Context: mustDecode(t, `{"State":{"RetryCount":1}}`)}
	tests := []struct {
		rule string
		want bool
	}{
		// strings: code-point order, no folding
		{`{"Variable":"$.s","StringEquals":"apple"}`, true},
		{`{"Variable":"$.s","StringEquals":"Apple"}`, false},
		{`{"Variable":"$.s","StringLessThan":"banana"}`, true},
		{`{"Variable":"$.s","StringGreaterThan":"Zebra"}`, true},
		{`{"Variable":"$.s","StringLessThanEquals":"apple"}`, true},
		{`{"Variable":"$.s","StringGreaterThanEquals":"apples"}`, false},
		{`{"Variable":"$.uni","StringGreaterThan":"z"}`, true},
		{`{"Variable":"$.s","StringEqualsPath":"$name"}`, true},
		{`{"Variable":"$.s","StringLessThanPath":"$.s2"}`, true},
		{`{"Variable":"$.s2","StringGreaterThanEqualsPath":"$.s"}`, true},
		{`{"Variable":"$.s","StringLessThanEqualsPath":"$.empty"}`, false},
		{`{"Variable":"$.s","StringGreaterThanPath":"$.s2"}`, false},
		// StringMatches: * wildcard, \* literal star, \\ literal backslash
		{`{"Variable":"$.file","StringMatches":"log-*.txt"}`, true},
		{`{"Variable":"$.file","StringMatches":"*.txt"}`, true},
		{`{"Variable":"$.file","StringMatches":"log-*.csv"}`, false},
		{`{"Variable":"$.file","StringMatches":"*"}`, true},
		{`{"Variable":"$.empty","StringMatches":"*"}`, true},
		{`{"Variable":"$.star","StringMatches":"a\\*b"}`, true},
		{`{"Variable":"$.file","StringMatches":"log\\*"}`, false},
		{`{"Variable":"$.back","StringMatches":"a\\\\b"}`, true},
		{`{"Variable":"$.s","StringMatches":"a*e"}`, true},
		{`{"Variable":"$.s","StringMatches":"a*l*e"}`, true},
		{`{"Variable":"$.s","StringMatches":"a*x*e"}`, false},
		// numbers: exact, 10 == 10.0
		{`{"Variable":"$.n","NumericEquals":10}`, true},
		{`{"Variable":"$.f","NumericEquals":10}`, true},
		{`{"Variable":"$.n","NumericEquals":10.0}`, true},
		{`{"Variable":"$.big","NumericEquals":9007199254740992}`, false},
		{`{"Variable":"$.half","NumericLessThan":3}`, true},
		{`{"Variable":"$.half","NumericGreaterThan":2.4}`, true},
		{`{"Variable":"$.n","NumericLessThanEquals":10}`, true},
		{`{"Variable":"$.n","NumericGreaterThanEquals":10.5}`, false},
		{`{"Variable":"$.n","NumericEqualsPath":"$limit"}`, true},
		{`{"Variable":"$.half","NumericLessThanPath":"$.n"}`, true},
		{`{"Variable":"$.n","NumericGreaterThanPath":"$.f"}`, false},
		{`{"Variable":"$.n","NumericLessThanEqualsPath":"$.f"}`, true},
		{`{"Variable":"$.n","NumericGreaterThanEqualsPath":"$$.State.RetryCount"}`, true},
		// booleans
		{`{"Variable":"$.b","BooleanEquals":true}`, true},
		{`{"Variable":"$.b","BooleanEquals":false}`, false},
		{`{"Variable":"$.b","BooleanEqualsPath":"$.b"}`, true},
		// timestamps: compared as instants
		{`{"Variable":"$.ts","TimestampEquals":"2024-03-14T01:59:00Z"}`, true},
		{`{"Variable":"$.ts2","TimestampEquals":"2024-03-14T01:59:00Z"}`, true},
		{`{"Variable":"$.ts","TimestampLessThan":"2024-03-14T01:59:00.001Z"}`, true},
		{`{"Variable":"$.tsf","TimestampGreaterThan":"2024-03-14T01:59:00Z"}`, true},
		{`{"Variable":"$.ts","TimestampLessThanEquals":"2024-03-14T01:59:00Z"}`, true},
		{`{"Variable":"$.ts","TimestampGreaterThanEquals":"2025-01-01T00:00:00Z"}`, false},
		{`{"Variable":"$.ts","TimestampEqualsPath":"$.ts2"}`, true},
		{`{"Variable":"$.ts","TimestampLessThanPath":"$.tsf"}`, true},
		{`{"Variable":"$.tsf","TimestampGreaterThanPath":"$.ts"}`, true},
		{`{"Variable":"$.ts","TimestampLessThanEqualsPath":"$.ts2"}`, true},
		{`{"Variable":"$.ts","TimestampGreaterThanEqualsPath":"$.tsf"}`, false},
		// type mismatch is false, not an error
		{`{"Variable":"$.n","StringEquals":"10"}`, false},
		{`{"Variable":"$.s","NumericEquals":10}`, false},
		{`{"Variable":"$.s","BooleanEquals":true}`, false},
		{`{"Variable":"$.s","TimestampEquals":"2024-03-14T01:59:00Z"}`, false},
		{`{"Variable":"$.nul","StringEquals":"null"}`, false},
		{`{"Variable":"$.s","NumericEqualsPath":"$.n"}`, false},
		{`{"Variable":"$.s","StringMatches":"*"}`, true},
		{`{"Variable":"$.n","StringMatches":"*"}`, false},
		// type tests
		{`{"Variable":"$.nul","IsNull":true}`, true},
		{`{"Variable":"$.s","IsNull":true}`, false},
		{`{"Variable":"$.s","IsNull":false}`, true},
		{`{"Variable":"$.s","IsPresent":true}`, true},
		{`{"Variable":"$.nul","IsPresent":true}`, true},
		{`{"Variable":"$.missing","IsPresent":true}`, false},
		{`{"Variable":"$.missing","IsPresent":false}`, true},
		{`{"Variable":"$.a.b.c","IsPresent":false}`, true},
		{`{"Variable":"$undefinedVar","IsPresent":false}`, true},
		{`{"Variable":"$.n","IsNumeric":true}`, true},
		{`{"Variable":"$.half","IsNumeric":true}`, true},
		{`{"Variable":"$.s","IsNumeric":true}`, false},
		{`{"Variable":"$.s","IsNumeric":false}`, true},
		{`{"Variable":"$.s","IsString":true}`, true},
		{`{"Variable":"$.n","IsString":true}`, false},
		{`{"Variable":"$.b","IsBoolean":true}`, true},
		{`{"Variable":"$.s","IsBoolean":true}`, false},
		{`{"Variable":"$.ts","IsTimestamp":true}`, true},
		{`{"Variable":"$.tsf","IsTimestamp":true}`, true},
		{`{"Variable":"$.s","IsTimestamp":true}`, false},
		{`{"Variable":"$.n","IsTimestamp":false}`, true},
		{`{"Variable":"$.arr","IsString":false}`, true},
		// composition
		{`{"And":[{"Variable":"$.n","NumericGreaterThan":5},{"Variable":"$.s","StringEquals":"apple"}]}`, true},
		{`{"And":[{"Variable":"$.n","NumericGreaterThan":50},{"Variable":"$.missing","StringEquals":"x"}]}`, false}, // short-circuits
		{`{"Or":[{"Variable":"$.n","NumericGreaterThan":50},{"Variable":"$.s","StringEquals":"apple"}]}`, true},
		{`{"Or":[{"Variable":"$.n","NumericGreaterThan":50},{"Variable":"$.s","StringEquals":"pear"}]}`, false},
		{`{"Not":{"Variable":"$.s","StringEquals":"pear"}}`, true},
		{`{"Not":{"Not":{"Variable":"$.b","BooleanEquals":true}}}`, true},
		{`{"And":[{"Or":[{"Variable":"$.x","IsPresent":true},{"Variable":"$.n","NumericEquals":10}]},{"Not":{"Variable":"$.nul","IsNull":false}}]}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.rule, func(t *testing.T) {
			t.Parallel()
			got, err := choiceRule(t, tc.rule).Eval(input, env)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestChoiceMissingVariable(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, `{"s":"x"}`)
	for _, tc := range []struct{ rule, cause string }{
		{`{"Variable":"$.foo","StringEquals":"x"}`, "Invalid path '$.foo': The choice state's condition path references an invalid value."},
		{`{"Variable":"$.foo","IsNull":true}`, "Invalid path '$.foo': The choice state's condition path references an invalid value."},
		{`{"Variable":"$.foo","IsString":false}`, "Invalid path '$.foo'"},
		{`{"Variable":"$.s","StringEqualsPath":"$.bar"}`, "Invalid path '$.bar': The choice state's condition path references an invalid value."},
		{`{"Not":{"Variable":"$.foo","NumericEquals":1}}`, "Invalid path '$.foo'"},
		{`{"Or":[{"Variable":"$.s","StringEquals":"y"},{"Variable":"$.foo","NumericEquals":1}]}`, "Invalid path '$.foo'"},
	} {
		_, err := choiceRule(t, tc.rule).Eval(input, nil)
		var e *Error
		if !errors.As(err, &e) || e.Name != ErrRuntime || len(e.Cause) < len(tc.cause) || e.Cause[:len(tc.cause)] != tc.cause {
			t.Errorf("%s: got %v, want States.Runtime %q", tc.rule, err, tc.cause)
		}
	}
}

func TestChoiceRuleFields(t *testing.T) {
	t.Parallel()
	m, err := Parse([]byte(`{"StartAt":"C","States":{
	  "C":{"Type":"Choice","Choices":[
	    {"Variable":"$.n","NumericEquals":1,"Next":"A","Assign":{"picked":"one","v.$":"$.n"},"Comment":"first"},
	    {"Not":{"Variable":"$.n","IsPresent":true},"Next":"B"}
	  ],"Default":"B"},
	  "A":{"Type":"Succeed"},"B":{"Type":"Succeed"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := m.States["C"]
	r := c.Choices[0]
	if r.Next != "A" || r.Operator != "NumericEquals" || r.Variable.String() != "$.n" || r.Value != int64(1) || r.Comment != "first" || r.Assign == nil {
		t.Errorf("rule 0 = %+v", r)
	}
	if got, _ := r.Assign.Eval(map[string]any{"n": int64(1)}, nil); mustEncode(t, got) != `{"picked":"one","v":1}` {
		t.Errorf("assign = %s", mustEncode(t, got))
	}
	if r := c.Choices[1]; r.Operator != "Not" || len(r.Rules) != 1 || r.Rules[0].Operator != "IsPresent" || c.Default != "B" {
		t.Errorf("rule 1 = %+v", r)
	}
}

// TestConcurrentEval checks that a parsed machine is read-only at run time:
// executions share it, so evaluating from many goroutines must not race.
func TestConcurrentEval(t *testing.T) {
	t.Parallel()
	m, err := Parse([]byte(`{"StartAt":"C","States":{
	  "C":{"Type":"Choice","Choices":[{"Variable":"$.s","StringMatches":"a*c","Next":"P"}],"Default":"P"},
	  "P":{"Type":"Pass","Parameters":{"x.$":"States.Format('{}', $.s)","n":1,"f.$":"$.arr[?(@ > 1)]","d.$":"$..s"},"ResultPath":"$.r","End":true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	input := mustDecode(t, `{"s":"abc","arr":[1,2,3]}`)
	done := make(chan error, 8)
	for range 8 {
		go func() {
			for range 200 {
				ok, err := m.States["C"].Choices[0].Eval(input, nil)
				if err != nil || !ok {
					done <- fmt.Errorf("choice: %v %v", ok, err)
					return
				}
				v, err := m.States["P"].Parameters.Eval(input, nil)
				if err == nil {
					_, err = m.States["P"].ResultPath.Apply(input, v)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
