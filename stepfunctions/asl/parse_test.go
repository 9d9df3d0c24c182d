package asl

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/internal/golden"
)

// TestParseGolden runs testdata/parse/*.txtar: each file has a
// definition.json section and a "want" section holding either the
// diagnostics (one per line, then the InvalidDefinition message) or, for a
// valid definition, a dump of the parsed machine.
func TestParseGolden(t *testing.T) {
	golden.Run(t, "testdata/parse/*.txtar", func(t *testing.T, c *golden.Case) {
		def, ok := c.Section("definition.json")
		if !ok {
			t.Fatal("no definition.json section")
		}
		m, err := Parse([]byte(def))
		var got string
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error is %T, want *ValidationError: %v", err, err)
			}
			var sb strings.Builder
			for _, d := range ve.Diagnostics {
				fmt.Fprintf(&sb, "%s | %s | %s\n", d.Code, d.Location, d.Message)
			}
			sb.WriteString("message: " + ve.Error() + "\n")
			got = sb.String()
		} else {
			got = dumpMachine(m)
		}
		c.Check(t, "want", got)
	})
}

// dumpMachine prints every parsed field that is set, one state per block.
func dumpMachine(m *StateMachine) string {
	var sb strings.Builder
	var machine func(m *StateMachine, indent string)
	machine = func(m *StateMachine, indent string) {
		fmt.Fprintf(&sb, "%sStartAt=%s Order=%v", indent, m.StartAt, m.Order)
		if m.Comment != "" {
			fmt.Fprintf(&sb, " Comment=%q", m.Comment)
		}
		if m.Version != "" {
			fmt.Fprintf(&sb, " Version=%s", m.Version)
		}
		if m.TimeoutSeconds != 0 {
			fmt.Fprintf(&sb, " TimeoutSeconds=%d", m.TimeoutSeconds)
		}
		sb.WriteString("\n")
		for _, name := range m.Order {
			s := m.States[name]
			fmt.Fprintf(&sb, "%s- %s: %s\n", indent, name, strings.Join(stateFieldsSet(s), " "))
			if s.JSONata != nil {
				fmt.Fprintf(&sb, "%s    JSONata %s\n", indent, dumpQueryFields(s.JSONata))
			}
			for i, r := range s.Retry {
				fmt.Fprintf(&sb, "%s    Retry[%d] %v interval=%d max=%d backoff=%v maxDelay=%d jitter=%q\n", indent, i, r.ErrorEquals, r.IntervalSeconds, r.MaxAttempts, r.BackoffRate, r.MaxDelaySeconds, r.JitterStrategy)
			}
			for i, c := range s.Catch {
				fmt.Fprintf(&sb, "%s    Catch[%d] %v -> %s ResultPath=%s Assign=%v\n", indent, i, c.ErrorEquals, c.Next, c.ResultPath, c.Assign != nil)
				if c.JSONata != nil {
					fmt.Fprintf(&sb, "%s      JSONata %s\n", indent, dumpQueryFields(c.JSONata))
				}
			}
			for i, r := range s.Choices {
				fmt.Fprintf(&sb, "%s    Choice[%d] %s -> %s\n", indent, i, dumpRule(r), r.Next)
			}
			for i, b := range s.Branches {
				fmt.Fprintf(&sb, "%s    Branch[%d]:\n", indent, i)
				machine(b, indent+"      ")
			}
			if s.Processor != nil {
				fmt.Fprintf(&sb, "%s    Processor:\n", indent)
				machine(s.Processor, indent+"      ")
			}
		}
	}
	machine(m, "")
	return sb.String()
}

func dumpRule(r *ChoiceRule) string {
	if r.JSONata != nil {
		return "JSONata " + dumpQueryFields(r.JSONata)
	}
	switch r.Operator {
	case "And", "Or":
		parts := make([]string, len(r.Rules))
		for i, x := range r.Rules {
			parts[i] = dumpRule(x)
		}
		return r.Operator + "(" + strings.Join(parts, ", ") + ")"
	case "Not":
		return "Not(" + dumpRule(r.Rules[0]) + ")"
	}
	if r.ValuePath != nil {
		return fmt.Sprintf("%s %s %s", r.Variable, r.Operator, r.ValuePath)
	}
	return fmt.Sprintf("%s %s %s", r.Variable, r.Operator, encodeString(r.Value))
}

func stateFieldsSet(s *State) []string {
	f := []string{"Type=" + s.Type}
	add := func(name string, v any) { f = append(f, fmt.Sprintf("%s=%v", name, v)) }
	if s.Comment != "" {
		add("Comment", fmt.Sprintf("%q", s.Comment))
	}
	if s.Next != "" {
		add("Next", s.Next)
	}
	if s.End {
		add("End", true)
	}
	for _, p := range []struct {
		n string
		p *Path
	}{{"InputPath", s.InputPath}, {"OutputPath", s.OutputPath}, {"ItemsPath", s.ItemsPath}, {"SecondsPath", s.SecondsPath},
		{"TimestampPath", s.TimestampPath}, {"TimeoutSecondsPath", s.TimeoutSecondsPath}, {"HeartbeatSecondsPath", s.HeartbeatSecondsPath},
		{"MaxConcurrencyPath", s.MaxConcurrencyPath}, {"ToleratedFailureCountPath", s.ToleratedFailureCountPath},
		{"ToleratedFailurePercentagePath", s.ToleratedFailurePercentagePath}} {
		if p.p != nil {
			add(p.n, p.p)
		}
	}
	if s.ResultPath != nil {
		add("ResultPath", s.ResultPath)
	}
	for _, t := range []struct {
		n string
		t *Template
	}{{"Parameters", s.Parameters}, {"ResultSelector", s.ResultSelector}, {"Assign", s.Assign}, {"Credentials", s.Credentials},
		{"ItemSelector", s.ItemSelector}, {"ErrorPath", s.ErrorPath}, {"CausePath", s.CausePath}} {
		if t.t != nil {
			add(t.n, "tmpl")
		}
	}
	if s.HasResult {
		add("Result", encodeString(s.Result))
	}
	if s.Resource != "" {
		add("Resource", s.Resource)
	}
	if s.TimeoutSeconds != 0 {
		add("TimeoutSeconds", s.TimeoutSeconds)
	}
	if s.HeartbeatSeconds != 0 {
		add("HeartbeatSeconds", s.HeartbeatSeconds)
	}
	if s.Default != "" {
		add("Default", s.Default)
	}
	if s.HasSeconds {
		add("Seconds", s.Seconds)
	}
	if s.HasTimestamp {
		add("Timestamp", s.Timestamp.UTC().Format("2006-01-02T15:04:05.999Z"))
	}
	if s.Error != "" {
		add("Error", s.Error)
	}
	if s.Cause != "" {
		add("Cause", fmt.Sprintf("%q", s.Cause))
	}
	if s.Type == "Map" {
		add("Mode", s.ProcessorMode)
		if s.ExecutionType != "" {
			add("ExecutionType", s.ExecutionType)
		}
		add("MaxConcurrency", s.MaxConcurrency)
	}
	if s.ToleratedFailureCount != 0 {
		add("ToleratedFailureCount", s.ToleratedFailureCount)
	}
	if s.ToleratedFailurePercentage != 0 {
		add("ToleratedFailurePercentage", s.ToleratedFailurePercentage)
	}
	if b := s.ItemBatcher; b != nil {
		add("ItemBatcher", fmt.Sprintf("{items=%d bytes=%d itemsPath=%v batchInput=%v}", b.MaxItemsPerBatch, b.MaxInputBytesPerBatch, b.MaxItemsPerBatchPath != nil, b.BatchInput != nil))
	}
	if s.Label != "" {
		add("Label", s.Label)
	}
	if s.ItemReader != nil {
		add("ItemReader", encodeString(s.ItemReader))
	}
	if s.ResultWriter != nil {
		add("ResultWriter", encodeString(s.ResultWriter))
	}
	return f
}

func TestParseWalk(t *testing.T) {
	t.Parallel()
	m, err := Parse([]byte(`{"StartAt":"P","States":{
	  "P":{"Type":"Parallel","Next":"M","Branches":[
	    {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
	    {"StartAt":"B","States":{"B":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}}}}]},
	  "M":{"Type":"Map","End":true,"Iterator":{"StartAt":"D","States":{"D":{"Type":"Succeed"}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	m.Walk(func(path string, s *State) bool {
		seen = append(seen, path+"="+s.Name)
		return true
	})
	want := []string{
		"/States/P=P",
		"/States/P/Branches[0]/States/A=A",
		"/States/P/Branches[1]/States/B=B",
		"/States/P/Branches[1]/States/B/ItemProcessor/States/C=C",
		"/States/M=M",
		"/States/M/Iterator/States/D=D",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("Walk visited\n%s\nwant\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	seen = nil
	m.Walk(func(path string, s *State) bool { seen = append(seen, s.Name); return false })
	if strings.Join(seen, ",") != "P,M" {
		t.Errorf("Walk without descending: %v", seen)
	}
}

func TestRetryCatchMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		errorEquals []string
		name        string
		want        bool
	}{
		{[]string{"States.ALL"}, "Custom.Error", true},
		{[]string{"States.ALL"}, "States.Timeout", true},
		{[]string{"States.ALL"}, "States.TaskFailed", true},
		{[]string{"States.ALL"}, "States.Runtime", false},
		{[]string{"States.ALL"}, "States.DataLimitExceeded", false},
		{[]string{"States.TaskFailed"}, "Custom.Error", true},
		{[]string{"States.TaskFailed"}, "Lambda.ServiceException", true},
		{[]string{"States.TaskFailed"}, "States.TaskFailed", true},
		{[]string{"States.TaskFailed"}, "States.Timeout", false},
		{[]string{"States.TaskFailed"}, "States.HeartbeatTimeout", false},
		{[]string{"States.TaskFailed"}, "States.Runtime", false},
		{[]string{"States.Timeout"}, "States.Timeout", true},
		{[]string{"States.Runtime"}, "States.Runtime", true},
		{[]string{"A", "B"}, "B", true},
		{[]string{"A", "B"}, "C", false},
		{[]string{"a"}, "A", false},
	}
	for _, tc := range tests {
		r := &Retrier{ErrorEquals: tc.errorEquals}
		c := &Catcher{ErrorEquals: tc.errorEquals}
		if r.Matches(tc.name) != tc.want || c.Matches(tc.name) != tc.want {
			t.Errorf("%v matches %s: got %v, want %v", tc.errorEquals, tc.name, r.Matches(tc.name), tc.want)
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	t.Parallel()
	// The messages recorded on AWS for these inputs.
	tests := []struct{ def, want string }{
		{`{"States":{"StartState":{"Type":"Pass","End":true}}}`, "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /'"},
		{`{}`, "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /'"},
		{" ", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'"},
		{`"x"`, "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'"},
		// \" is not an escape inside an intrinsic's string literal
		{`{"StartAt":"IntrinsicEscape","States":{"IntrinsicEscape":{"Type":"Pass","Parameters":{"parsed.$":"States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')"},"End":true}}}`,
			"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call at /States/IntrinsicEscape/Parameters'"},
		{`{"StartAt":"IntrinsicEscape","States":{"IntrinsicEscape":{"Type":"Pass","Parameters":{"parsed.$":"States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')"},"End":true}}}`,
			"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call at /States/IntrinsicEscape/Parameters'"},
		{"not a definition", "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: invalid character 'o' in literal null (expecting 'u')\n at [Source: (String)\"not a definition\"; line: 1, column: 2]'"},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.def))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q):\n got %v\nwant %s", tc.def, err, tc.want)
		}
	}
	// Several diagnostics are each quoted, as Step Functions prints them.
	_, err := Parse([]byte(`{"States":{}}`))
	if want := "Invalid State Machine Definition: ''SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /', 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States''"; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	_, err = Parse([]byte("not a definition"))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Diagnostics[0].Location != `[Source: (String)"not a definition"; line: 1, column: 2]` {
		t.Errorf("JSON error location: %+v", ve)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`,
		`{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"A"}],"Default":"A"},"A":{"Type":"Succeed"}}}`,
		`{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.ALL"]}]}}}}}}`,
		`{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"States.Format('{}', $.e)"}}}`,
		`{"StartAt":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Diagnostics) == 0 {
				t.Fatalf("error %v is not a ValidationError with diagnostics", err)
			}
			return
		}
		// A valid machine's states are all reachable and every transition resolves.
		m.Walk(func(path string, s *State) bool {
			if s.Type == "" {
				t.Fatalf("%s has no type", path)
			}
			return true
		})
		if _, ok := m.States[m.StartAt]; !ok {
			t.Fatalf("StartAt %q is not a state", m.StartAt)
		}
	})
}

// TestWaitTimestampLiteral uses the values AWS was recorded accepting and
// rejecting at CreateStateMachine.
func TestWaitTimestampLiteral(t *testing.T) {
	t.Parallel()
	def := func(ts string) []byte {
		return []byte(`{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"` + ts + `","End":true}}}`)
	}
	for _, ok := range []string{"2016-03-14T01:59:00Z", "2016-03-05T21:29:29.243167252Z", "2016-03-14T01:59:00+02:00"} {
		m, err := Parse(def(ok))
		if err != nil {
			t.Errorf("%s: %v", ok, err)
			continue
		}
		if w := m.States["W"]; !w.HasTimestamp || w.Timestamp.IsZero() {
			t.Errorf("%s: not kept: %+v", ok, w)
		}
	}
	for _, bad := range []string{"2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-13-05T21:29:29Z", "2016-12-05T25:29:29Z", "05-12-2016T21:29:29Z"} {
		_, err := Parse(def(bad))
		want := "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/W/Timestamp'"
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v", bad, err)
		}
	}
}

func TestParseJSONErrorTruncatesSource(t *testing.T) {
	t.Parallel()
	def := `{"Comment":"` + strings.Repeat("x", 600) + `",}`
	_, err := Parse([]byte(def))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	loc := ve.Diagnostics[0].Location
	want := `[Source: (String)"{"Comment":"` + strings.Repeat("x", 488) + `"[truncated 115 chars]; line: 1, column: 615]`
	if loc != want {
		t.Errorf("location\n got %s\nwant %s", loc, want)
	}
}
