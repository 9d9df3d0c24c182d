package asl

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

// Definition limits AWS enforces.
const (
	maxStateNameLength = 80
	maxLabelLength     = 40
	maxIntervalSeconds = 99999999
	maxMaxDelaySeconds = 31622400
)

// stateTypes lists the state types in the order AWS's messages name them.
var stateTypes = []string{"Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map"}

// stateFields lists, per state type, the fields allowed besides Type,
// Comment and QueryLanguage.
var stateFields = map[string][]string{
	"Pass":     {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"},
	"Task":     {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign"},
	"Choice":   {"InputPath", "OutputPath", "Choices", "Default", "Assign"},
	"Wait":     {"Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"},
	"Succeed":  {"InputPath", "OutputPath"},
	"Fail":     {"Error", "ErrorPath", "Cause", "CausePath"},
	"Parallel": {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Branches", "Assign"},
	"Map": {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch",
		"ItemsPath", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency", "MaxConcurrencyPath", "ItemReader",
		"ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
		"ToleratedFailurePercentagePath", "Label", "Assign"},
}

var variableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Parse decodes and validates a definition. Every problem found is reported
// in one *ValidationError, in document order: JSON syntax errors as
// INVALID_JSON_DESCRIPTION with line and column, schema problems as
// SCHEMA_VALIDATION_FAILED, bad or missing transitions and unreachable
// states as MISSING_TRANSITION_TARGET, a state name used twice anywhere in
// the machine as DUPLICATE_STATE_NAME, each with its JSON location. The
// returned machine is read-only: executions share it.
func Parse(definition []byte) (*StateMachine, error) {
	if len(bytes.TrimSpace(definition)) == 0 {
		return nil, &ValidationError{Diagnostics: []Diagnostic{{Code: CodeSchemaValidationFailed, Message: "Definition must be a valid JSON object"}}}
	}
	v, err := decodeOrdered(definition)
	if err != nil {
		// Jackson's form: the message, then " at [Source: ...; line: L,
		// column: C]", which is also the diagnostic's location.
		d := Diagnostic{Code: CodeInvalidJSONDescription, Message: err.Error()}
		if se, ok := err.(*SyntaxError); ok {
			src := "\"" + string(definition) + "\""
			if r := []rune(string(definition)); len(r) > 500 {
				src = fmt.Sprintf("\"%s\"[truncated %d chars]", string(r[:500]), len(r)-500)
			}
			d.Location = fmt.Sprintf("[Source: (String)%s; line: %d, column: %d]", src, se.Line, se.Column)
			d.Message = se.Msg + "\n at " + d.Location
		}
		return nil, &ValidationError{Diagnostics: []Diagnostic{d}}
	}
	p := &parser{}
	o, ok := v.(*object)
	if !ok {
		return nil, &ValidationError{Diagnostics: []Diagnostic{{Code: CodeSchemaValidationFailed, Message: "Definition must be a valid JSON object"}}}
	}
	m := p.machine(o, "", scopeTop)
	// State names are unique across the whole machine (ASL: history events
	// name states, so a name must identify one state).
	seen := map[string]string{}
	m.Walk(func(loc string, s *State) bool {
		if _, dup := seen[s.Name]; dup {
			p.diags = append(p.diags, Diagnostic{Code: CodeDuplicateStateName, Message: "Duplicate State name: " + s.Name, Location: loc})
		} else {
			seen[s.Name] = loc
		}
		return true
	})
	if err := p.err(); err != nil {
		return nil, err
	}
	return m, nil
}

type parser struct {
	diags []Diagnostic
	// top is the machine's QueryLanguage, ql the default of the states
	// being parsed (see enterMachine in jsonata.go).
	top, ql string
}

func (p *parser) err() error {
	if len(p.diags) == 0 {
		return nil
	}
	return &ValidationError{Diagnostics: p.diags}
}

func locOrRoot(loc string) string {
	if loc == "" {
		return "/"
	}
	return loc
}

func (p *parser) schema(loc, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{Code: CodeSchemaValidationFailed, Message: fmt.Sprintf(format, args...), Location: locOrRoot(loc)})
}

func (p *parser) transition(loc, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{Code: CodeMissingTransitionTarget, Message: fmt.Sprintf(format, args...), Location: locOrRoot(loc)})
}

type scope int

const (
	scopeTop scope = iota
	scopeBranch
	scopeProcessor
)

// machine parses a top-level machine, a Parallel branch or a Map processor.
func (p *parser) machine(o *object, loc string, sc scope) *StateMachine {
	allowed := []string{"Comment", "StartAt", "States"}
	switch sc {
	case scopeTop:
		allowed = append(allowed, "TimeoutSeconds", "Version", "QueryLanguage")
	case scopeBranch:
		allowed = append(allowed, "QueryLanguage")
	case scopeProcessor:
		allowed = append(allowed, "ProcessorConfig")
	}
	p.unknown(o, loc, allowed)
	p.required(o, loc, "States", "StartAt") // AWS lists them in this order
	m := &StateMachine{States: map[string]*State{}, QueryLanguage: "JSONPath"}
	defer p.enterMachine(m, o, sc)()
	m.Comment = p.str(o, loc, "Comment")
	m.StartAt = p.str(o, loc, "StartAt")
	if sc == scopeTop {
		if v, ok := o.get("Version"); ok {
			s, isStr := v.(string)
			if !isStr || s != "1.0" {
				p.schema(loc+"/Version", "The value for the field 'Version' must be \"1.0\"")
			}
			m.Version = s
		}
		if _, ok := o.get("TimeoutSeconds"); ok {
			m.TimeoutSeconds = p.intIn(o, loc, "TimeoutSeconds", 1, math.MaxInt32)
		}
	}
	if _, ok := o.get("QueryLanguage"); ok {
		p.queryLanguage(o, loc)
	}
	sv, ok := o.get("States")
	if !ok {
		return m
	}
	states, ok := sv.(*object)
	if !ok {
		p.schema(loc+"/States", "The value for the field 'States' must be an OBJECT")
		return m
	}
	if len(states.keys) == 0 {
		p.schema(loc+"/States", "Value cannot be empty")
		return m
	}
	for _, name := range states.keys {
		sloc := loc + "/States/" + name
		so, ok := states.m[name].(*object)
		if !ok {
			p.schema(sloc, "The value for a state must be an OBJECT")
			continue
		}
		if len(name) == 0 || len([]rune(name)) > maxStateNameLength {
			p.schema(sloc, "State names must be 1 to %d characters long", maxStateNameLength)
		}
		st := p.state(name, so, sloc)
		m.States[name] = st
		m.Order = append(m.Order, name)
	}
	_, hasStartAt := o.get("StartAt")
	p.transitions(m, loc, hasStartAt)
	return m
}

func (p *parser) queryLanguage(o *object, loc string) {
	v, _ := o.get("QueryLanguage")
	switch v {
	case "JSONPath", "JSONata":
	default:
		p.schema(loc+"/QueryLanguage", "The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]")
	}
}

// transitions checks that every target exists and every state is reachable
// from StartAt, within one scope.
func (p *parser) transitions(m *StateMachine, loc string, hasStartAt bool) {
	type edge struct{ from, field, to, loc string }
	var edges []edge
	if hasStartAt {
		edges = append(edges, edge{"", "StartAt", m.StartAt, loc + "/StartAt"})
	}
	for _, name := range m.Order {
		s := m.States[name]
		sloc := loc + "/States/" + name
		if s.Next != "" {
			edges = append(edges, edge{name, "Next", s.Next, sloc + "/Next"})
		}
		if s.Default != "" {
			edges = append(edges, edge{name, "Default", s.Default, sloc + "/Default"})
		}
		for i, c := range s.Choices {
			if c.Next != "" {
				edges = append(edges, edge{name, "Next", c.Next, fmt.Sprintf("%s/Choices[%d]/Next", sloc, i)})
			}
		}
		for i, c := range s.Catch {
			if c.Next != "" {
				edges = append(edges, edge{name, "Next", c.Next, fmt.Sprintf("%s/Catch[%d]/Next", sloc, i)})
			}
		}
	}
	for _, e := range edges {
		if _, ok := m.States[e.to]; !ok {
			p.transition(e.loc, "Missing '%s' target: %s", e.field, e.to)
		}
	}
	if _, ok := m.States[m.StartAt]; !ok {
		return // every state would be unreachable: the StartAt diagnostic says it all
	}
	reached := map[string]bool{m.StartAt: true}
	queue := []string{m.StartAt}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, e := range edges {
			if e.from == cur && e.from != "" && !reached[e.to] {
				reached[e.to] = true
				queue = append(queue, e.to)
			}
		}
	}
	for _, name := range m.Order {
		if !reached[name] {
			p.transition(loc+"/States/"+name, "State \"%s\" is not reachable.", name)
		}
	}
}

func (p *parser) state(name string, o *object, loc string) *State {
	s := &State{Name: name}
	p.required(o, loc, "Type")
	tv, _ := o.get("Type")
	typ, _ := tv.(string)
	if tv != nil && !slices.Contains(stateTypes, typ) {
		p.schema(loc+"/Type", "The field 'Type' should have one of these values: %s", "["+strings.Join(stateTypes, ", ")+"]")
		return s
	}
	if typ == "" {
		return s
	}
	s.Type = typ
	o = p.queryFields(s, o, loc) // JSONata fields out (jsonata.go)
	p.unknown(o, loc, append([]string{"Type", "Comment", "QueryLanguage"}, stateFields[typ]...))
	if _, ok := o.get("QueryLanguage"); ok {
		p.queryLanguage(o, loc)
	}
	s.Comment = p.str(o, loc, "Comment")

	// Transitions: Choice, Succeed and Fail are terminal or route by rules.
	switch typ {
	case "Choice", "Succeed", "Fail":
	default:
		s.Next = p.str(o, loc, "Next")
		_, hasNext := o.get("Next")
		if ev, hasEnd := o.get("End"); hasEnd {
			b, ok := ev.(bool)
			if !ok {
				p.schema(loc+"/End", "The value for the field 'End' must be a BOOLEAN")
			}
			s.End = b
			if b && hasNext {
				p.schema(loc, "Only one of the fields 'Next' and 'End' may be set")
			}
			if !b && !hasNext {
				p.schema(loc+"/End", "The value for the field 'End' must be true, or the field 'Next' must be set")
			}
		} else if !hasNext {
			p.schema(loc, "These fields are required: [Next|End]")
		}
	}

	s.InputPath = p.nullablePath(o, loc, "InputPath")
	s.OutputPath = p.nullablePath(o, loc, "OutputPath")
	if v, ok := o.get("ResultPath"); ok {
		if v == nil {
			s.ResultPath = &ResultPath{Discard: true}
		} else if str, isStr := v.(string); !isStr {
			p.schema(loc+"/ResultPath", "The value for the field 'ResultPath' must be a valid ReferencePath")
		} else if rp, err := ParseResultPath(str); err != nil {
			p.schema(loc+"/ResultPath", "The value for the field 'ResultPath' must be a valid ReferencePath")
		} else {
			s.ResultPath = rp
		}
	}
	s.Parameters = p.template(o, loc, "Parameters")
	s.ResultSelector = p.template(o, loc, "ResultSelector")
	s.Assign = p.assign(o, loc, "Assign")

	switch typ {
	case "Pass":
		if v, ok := o.get("Result"); ok {
			s.Result, s.HasResult = plain(v), true
		}
	case "Task":
		p.required(o, loc, "Resource")
		s.Resource = p.str(o, loc, "Resource")
		if _, ok := o.get("Resource"); ok && s.Resource == "" {
			p.schema(loc+"/Resource", "The value for the field 'Resource' must be a non-empty STRING")
		}
		s.Credentials = p.template(o, loc, "Credentials")
		if cv, ok := o.get("Credentials"); ok {
			if co, isObj := cv.(*object); isObj {
				_, a := co.get("RoleArn")
				_, b := co.get("RoleArn.$")
				if !a && !b {
					p.schema(loc+"/Credentials", "The field 'RoleArn' is required but was missing")
				}
			}
		}
		s.TimeoutSeconds, s.TimeoutSecondsPath = p.intOrPath(o, loc, "TimeoutSeconds", 1, math.MaxInt32)
		s.HeartbeatSeconds, s.HeartbeatSecondsPath = p.intOrPath(o, loc, "HeartbeatSeconds", 1, math.MaxInt32)
		if s.HeartbeatSeconds > 0 && s.TimeoutSeconds > 0 && s.HeartbeatSeconds >= s.TimeoutSeconds {
			p.schema(loc+"/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds")
		}
	case "Choice":
		p.choices(s, o, loc)
	case "Wait":
		p.wait(s, o, loc)
	case "Fail":
		p.fail(s, o, loc)
	case "Parallel":
		p.required(o, loc, "Branches")
		if v, ok := o.get("Branches"); ok {
			arr, isArr := v.([]any)
			switch {
			case !isArr:
				p.schema(loc+"/Branches", "The value for the field 'Branches' must be an ARRAY")
			case len(arr) == 0:
				p.schema(loc+"/Branches", "Value cannot be empty")
			}
			for i, b := range arr {
				bloc := fmt.Sprintf("%s/Branches[%d]", loc, i)
				bo, ok := b.(*object)
				if !ok {
					p.schema(bloc, "A branch must be an OBJECT")
					continue
				}
				s.Branches = append(s.Branches, p.machine(bo, bloc, scopeBranch))
			}
		}
	case "Map":
		p.mapState(s, o, loc)
	}
	if typ == "Task" || typ == "Parallel" || typ == "Map" {
		p.retry(s, o, loc)
		p.catch(s, o, loc)
	}
	return s
}

func (p *parser) wait(s *State, o *object, loc string) {
	n := 0
	for _, f := range []string{"Seconds", "SecondsPath", "Timestamp", "TimestampPath"} {
		if _, ok := o.get(f); ok {
			n++
		}
	}
	if n != 1 {
		p.schema(loc, "Exactly one of the fields [Seconds, SecondsPath, Timestamp, TimestampPath] must be set")
	}
	if _, ok := o.get("Seconds"); ok {
		s.Seconds = p.intIn(o, loc, "Seconds", 0, maxIntervalSeconds)
		s.HasSeconds = true
	}
	s.SecondsPath = p.path(o, loc, "SecondsPath")
	if v, ok := o.get("Timestamp"); ok {
		str, _ := v.(string)
		t, err := parseTimestamp(str)
		if err != nil {
			p.schema(loc+"/Timestamp", "String does not match RFC3339 timestamp")
		}
		s.Timestamp, s.HasTimestamp = t, true
	}
	s.TimestampPath = p.path(o, loc, "TimestampPath")
}

func (p *parser) fail(s *State, o *object, loc string) {
	s.Error = p.str(o, loc, "Error")
	s.Cause = p.str(o, loc, "Cause")
	for _, pair := range [][2]string{{"Error", "ErrorPath"}, {"Cause", "CausePath"}} {
		_, a := o.get(pair[0])
		_, b := o.get(pair[1])
		if a && b {
			p.schema(loc, "Only one of the fields '%s' and '%s' may be set", pair[0], pair[1])
		}
	}
	s.ErrorPath = p.valueTemplate(o, loc, "ErrorPath")
	s.CausePath = p.valueTemplate(o, loc, "CausePath")
}

func (p *parser) mapState(s *State, o *object, loc string) {
	_, hasProc := o.get("ItemProcessor")
	_, hasIter := o.get("Iterator")
	switch {
	case hasProc && hasIter:
		p.schema(loc, "Only one of the fields 'ItemProcessor' and 'Iterator' may be set")
	case !hasProc && !hasIter:
		p.schema(loc, "These fields are required: [ItemProcessor]")
	}
	// The legacy Parameters field of Map is ItemSelector.
	if _, ok := o.get("Parameters"); ok {
		if _, both := o.get("ItemSelector"); both {
			p.schema(loc, "Only one of the fields 'ItemSelector' and 'Parameters' may be set")
		}
		s.ItemSelector, s.Parameters = s.Parameters, nil
	} else {
		s.ItemSelector = p.template(o, loc, "ItemSelector")
	}
	s.ItemsPath = p.path(o, loc, "ItemsPath")
	s.ProcessorMode = "INLINE"
	procField := "ItemProcessor"
	if hasIter && !hasProc {
		procField = "Iterator"
	}
	s.processorField = procField
	if v, ok := o.get(procField); ok {
		ploc := loc + "/" + procField
		po, isObj := v.(*object)
		if !isObj {
			p.schema(ploc, "The value for the field '%s' must be an OBJECT", procField)
		} else {
			if _, bad := po.get("QueryLanguage"); bad {
				p.schema(ploc+"/QueryLanguage", "The field \"QueryLanguage\" is not supported by Step Functions")
			}
			s.Processor = p.machine(po, ploc, scopeProcessor)
			// AWS also reads ProcessorConfig inside a legacy Iterator (recorded).
			if cv, ok := po.get("ProcessorConfig"); ok {
				p.processorConfig(s, cv, ploc+"/ProcessorConfig")
			}
		}
	}
	s.MaxConcurrency, s.MaxConcurrencyPath = p.intOrPath(o, loc, "MaxConcurrency", 0, math.MaxInt32)
	s.ToleratedFailureCount, s.ToleratedFailureCountPath = p.intOrPath(o, loc, "ToleratedFailureCount", 0, math.MaxInt32)
	if v, ok := o.get("ToleratedFailurePercentage"); ok {
		f, isNum := toFloat(v)
		if !isNum || f < 0 || f > 100 {
			p.schema(loc+"/ToleratedFailurePercentage", "The value for the field 'ToleratedFailurePercentage' must be a number between 0 and 100")
		}
		s.ToleratedFailurePercentage = f
		if _, both := o.get("ToleratedFailurePercentagePath"); both {
			p.schema(loc, "Only one of the fields 'ToleratedFailurePercentage' and 'ToleratedFailurePercentagePath' may be set")
		}
	}
	s.ToleratedFailurePercentagePath = p.path(o, loc, "ToleratedFailurePercentagePath")
	if v, ok := o.get("Label"); ok {
		str, isStr := v.(string)
		if msg := labelProblem(str); !isStr || msg != "" {
			if !isStr {
				msg = "The value for the field 'Label' must be a STRING"
			}
			p.schema(loc+"/Label", "%s", msg)
		}
		s.Label = str
	}
	s.ItemReader = p.objectField(o, loc, "ItemReader")
	s.ResultWriter = p.objectField(o, loc, "ResultWriter")
	if v, ok := o.get("ItemBatcher"); ok {
		s.ItemBatcher = p.itemBatcher(v, loc+"/ItemBatcher")
	}
	if s.ProcessorMode != "DISTRIBUTED" {
		for _, f := range []string{"ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label"} {
			if _, ok := o.get(f); ok {
				p.schema(loc+"/"+f, "The field '%s' is only supported when the ItemProcessor's ProcessorConfig Mode is DISTRIBUTED", f)
			}
		}
	}
}

// labelProblem checks a Map Label: 1 to 40 characters, none of
// " ?*<>{}[]:;,\\|^~$#%&`\"" and no control characters (the set AWS was
// recorded rejecting).
func labelProblem(label string) string {
	if label == "" {
		return "Label cannot be empty"
	}
	if len([]rune(label)) > maxLabelLength {
		return fmt.Sprintf("Label cannot exceed %d characters", maxLabelLength)
	}
	for _, r := range label {
		if strings.ContainsRune(" ?*<>{}[]:;,\\|^~$#%&`\"", r) || r < 0x20 || r >= 0x7f && r < 0xa0 {
			return fmt.Sprintf("Label contains invalid character: %q", r)
		}
	}
	return ""
}

func (p *parser) processorConfig(s *State, v any, loc string) {
	o, ok := v.(*object)
	if !ok {
		p.schema(loc, "The value for the field 'ProcessorConfig' must be an OBJECT")
		return
	}
	p.unknown(o, loc, []string{"Mode", "ExecutionType"})
	if mv, ok := o.get("Mode"); ok {
		switch mv {
		case "INLINE", "DISTRIBUTED":
			s.ProcessorMode = mv.(string)
		default:
			p.schema(loc+"/Mode", "The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED]")
		}
	}
	if ev, ok := o.get("ExecutionType"); ok {
		switch ev {
		case "STANDARD", "EXPRESS":
			s.ExecutionType = ev.(string)
		default:
			p.schema(loc+"/ExecutionType", "The value for the field 'ExecutionType' must be one of [STANDARD, EXPRESS]")
		}
		if s.ProcessorMode != "DISTRIBUTED" {
			p.schema(loc+"/ExecutionType", "The field 'ExecutionType' is only supported when Mode is DISTRIBUTED")
		}
	} else if s.ProcessorMode == "DISTRIBUTED" {
		p.schema(loc, "These fields are required: [ExecutionType]")
	}
}

func (p *parser) itemBatcher(v any, loc string) *ItemBatcher {
	o, ok := v.(*object)
	if !ok {
		p.schema(loc, "The value for the field 'ItemBatcher' must be an OBJECT")
		return nil
	}
	p.unknown(o, loc, []string{"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"})
	b := &ItemBatcher{}
	b.MaxItemsPerBatch, b.MaxItemsPerBatchPath = p.intOrPath(o, loc, "MaxItemsPerBatch", 1, math.MaxInt32)
	b.MaxInputBytesPerBatch, b.MaxInputBytesPerBatchPath = p.intOrPath(o, loc, "MaxInputBytesPerBatch", 1, 262144)
	b.BatchInput = p.template(o, loc, "BatchInput")
	return b
}

func (p *parser) retry(s *State, o *object, loc string) {
	v, ok := o.get("Retry")
	if !ok {
		return
	}
	arr, isArr := v.([]any)
	if !isArr {
		p.schema(loc+"/Retry", "The value for the field 'Retry' must be an ARRAY")
		return
	}
	for i, e := range arr {
		rloc := fmt.Sprintf("%s/Retry[%d]", loc, i)
		ro, ok := e.(*object)
		if !ok {
			p.schema(rloc, "A retrier must be an OBJECT")
			continue
		}
		p.unknown(ro, rloc, []string{"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"})
		r := &Retrier{IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2.0}
		r.ErrorEquals = p.errorEquals(ro, rloc, i == len(arr)-1)
		if _, ok := ro.get("IntervalSeconds"); ok {
			r.IntervalSeconds = p.intIn(ro, rloc, "IntervalSeconds", 1, maxIntervalSeconds)
		}
		if _, ok := ro.get("MaxAttempts"); ok {
			r.MaxAttempts = p.intIn(ro, rloc, "MaxAttempts", 0, maxIntervalSeconds)
		}
		if bv, ok := ro.get("BackoffRate"); ok {
			f, isNum := toFloat(bv)
			if !isNum || f < 1 {
				p.schema(rloc+"/BackoffRate", "The value for the field 'BackoffRate' must be a number greater than or equal to 1.0")
			} else {
				r.BackoffRate = f
			}
		}
		if _, ok := ro.get("MaxDelaySeconds"); ok {
			r.MaxDelaySeconds = p.intIn(ro, rloc, "MaxDelaySeconds", 1, maxMaxDelaySeconds)
		}
		if jv, ok := ro.get("JitterStrategy"); ok {
			switch jv {
			case "FULL", "NONE":
				r.JitterStrategy = jv.(string)
			default:
				p.schema(rloc+"/JitterStrategy", "The value for the field 'JitterStrategy' must be one of [FULL, NONE]")
			}
		}
		s.Retry = append(s.Retry, r)
	}
}

func (p *parser) catch(s *State, o *object, loc string) {
	v, ok := o.get("Catch")
	if !ok {
		return
	}
	arr, isArr := v.([]any)
	if !isArr {
		p.schema(loc+"/Catch", "The value for the field 'Catch' must be an ARRAY")
		return
	}
	for i, e := range arr {
		cloc := fmt.Sprintf("%s/Catch[%d]", loc, i)
		co, ok := e.(*object)
		if !ok {
			p.schema(cloc, "A catcher must be an OBJECT")
			continue
		}
		if s.JSONata != nil {
			s.Catch = append(s.Catch, p.jsonataCatcher(co, cloc, i == len(arr)-1))
			continue
		}
		p.unknown(co, cloc, []string{"ErrorEquals", "Next", "ResultPath", "Assign", "Comment"})
		p.required(co, cloc, "Next")
		c := &Catcher{}
		c.ErrorEquals = p.errorEquals(co, cloc, i == len(arr)-1)
		c.Next = p.str(co, cloc, "Next")
		if rv, ok := co.get("ResultPath"); ok {
			if rv == nil {
				c.ResultPath = &ResultPath{Discard: true}
			} else if str, isStr := rv.(string); !isStr {
				p.schema(cloc+"/ResultPath", "The value for the field 'ResultPath' must be a valid ReferencePath")
			} else if rp, err := ParseResultPath(str); err != nil {
				p.schema(cloc+"/ResultPath", "The value for the field 'ResultPath' must be a valid ReferencePath")
			} else {
				c.ResultPath = rp
			}
		}
		c.Assign = p.assign(co, cloc, "Assign")
		s.Catch = append(s.Catch, c)
	}
}

// errorEquals checks ErrorEquals: a non-empty array of strings, where
// States.ALL must be alone and in the last retrier/catcher.
func (p *parser) errorEquals(o *object, loc string, last bool) []string {
	p.required(o, loc, "ErrorEquals")
	v, ok := o.get("ErrorEquals")
	if !ok {
		return nil
	}
	arr, isArr := v.([]any)
	if !isArr {
		p.schema(loc+"/ErrorEquals", "The value for the field 'ErrorEquals' must be an ARRAY of STRINGs")
		return nil
	}
	if len(arr) == 0 {
		p.schema(loc+"/ErrorEquals", "Value cannot be empty")
		return nil
	}
	var out []string
	for _, e := range arr {
		str, isStr := e.(string)
		if !isStr {
			p.schema(loc+"/ErrorEquals", "The value for the field 'ErrorEquals' must be an ARRAY of STRINGs")
			return nil
		}
		out = append(out, str)
	}
	if slices.Contains(out, ErrAll) {
		if len(out) > 1 {
			p.schema(loc+"/ErrorEquals", "States.ALL must appear alone in ErrorEquals")
		} else if !last {
			p.schema(loc+"/ErrorEquals", "States.ALL must appear in the last Retrier or Catcher")
		}
	}
	return out
}

// choices parses a Choice state's rules.
func (p *parser) choices(s *State, o *object, loc string) {
	if s.JSONata != nil {
		p.jsonataChoices(s, o, loc)
		return
	}
	p.required(o, loc, "Choices")
	s.Default = p.str(o, loc, "Default")
	v, ok := o.get("Choices")
	if !ok {
		return
	}
	arr, isArr := v.([]any)
	if !isArr {
		p.schema(loc+"/Choices", "The value for the field 'Choices' must be an ARRAY")
		return
	}
	if len(arr) == 0 {
		p.schema(loc+"/Choices", "Value cannot be empty")
		return
	}
	for i, e := range arr {
		s.Choices = append(s.Choices, p.rule(e, fmt.Sprintf("%s/Choices[%d]", loc, i), true))
	}
}

// rule parses a Choice rule; top-level rules need Next and may Assign,
// nested ones must not.
func (p *parser) rule(v any, loc string, top bool) *ChoiceRule {
	r := &ChoiceRule{}
	o, ok := v.(*object)
	if !ok {
		p.schema(loc, "A choice rule must be an OBJECT")
		return r
	}
	var ops []string
	for _, k := range o.keys {
		switch {
		case isChoiceOperator(k):
			ops = append(ops, k)
		case k == "Variable" || k == "Comment":
		case top && (k == "Next" || k == "Assign"):
		default:
			p.schema(loc, "The field \"%s\" is not supported by Step Functions", k)
		}
	}
	if top {
		p.required(o, loc, "Next")
		r.Next = p.str(o, loc, "Next")
		r.Assign = p.assign(o, loc, "Assign")
	}
	r.Comment = p.str(o, loc, "Comment")
	if len(ops) != 1 {
		p.schema(loc, "A choice rule must have exactly one comparison operator or And, Or, Not; found %d", len(ops))
		return r
	}
	op := ops[0]
	r.Operator = op
	operand, _ := o.get(op)
	oloc := loc + "/" + op
	_, hasVar := o.get("Variable")
	switch op {
	case "And", "Or":
		if hasVar {
			p.schema(loc+"/Variable", "The field \"Variable\" is not supported with %s", op)
		}
		arr, isArr := operand.([]any)
		if !isArr {
			p.schema(oloc, "The value for the field '%s' must be an ARRAY of choice rules", op)
			return r
		}
		if len(arr) == 0 {
			p.schema(oloc, "Value cannot be empty")
			return r
		}
		for i, e := range arr {
			r.Rules = append(r.Rules, p.rule(e, fmt.Sprintf("%s[%d]", oloc, i), false))
		}
		return r
	case "Not":
		if hasVar {
			p.schema(loc+"/Variable", "The field \"Variable\" is not supported with Not")
		}
		r.Rules = []*ChoiceRule{p.rule(operand, oloc, false)}
		return r
	}
	if !hasVar {
		p.schema(loc, "These fields are required: [Variable]")
	} else {
		r.Variable = p.path(o, loc, "Variable")
	}
	switch {
	case choiceTypeTests[op]:
		b, isBool := operand.(bool)
		if !isBool {
			p.schema(oloc, "The value for the field '%s' must be a BOOLEAN", op)
		}
		r.Value = b
	case strings.HasSuffix(op, "Path") && choiceComparisons[op] == "":
		r.ValuePath = p.path(o, loc, op)
	default:
		want := choiceComparisons[op]
		ok := false
		switch want {
		case "string":
			_, ok = operand.(string)
		case "number":
			ok = isNumber(operand)
		case "boolean":
			_, ok = operand.(bool)
		case "timestamp":
			str, isStr := operand.(string)
			_, err := parseTimestamp(str)
			ok = isStr && err == nil
		}
		if !ok {
			kind := map[string]string{"string": "a STRING", "number": "a NUMBER", "boolean": "a BOOLEAN", "timestamp": "a valid ISO-8601 timestamp STRING"}[want]
			p.schema(oloc, "The value for the field '%s' must be %s", op, kind)
		}
		r.Value = operand
		if s, isStr := operand.(string); isStr && op == "StringMatches" {
			r.glob = compileGlob(s)
		}
	}
	return r
}

// ---- field helpers ----

func (p *parser) unknown(o *object, loc string, allowed []string) {
	for _, k := range o.keys {
		if !slices.Contains(allowed, k) {
			p.schema(loc, "The field \"%s\" is not supported by Step Functions", k)
		}
	}
}

func (p *parser) required(o *object, loc string, fields ...string) {
	var missing []string
	for _, f := range fields {
		if _, ok := o.get(f); !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		p.schema(loc, "These fields are required: [%s]", strings.Join(missing, ", "))
	}
}

func (p *parser) str(o *object, loc, field string) string {
	v, ok := o.get(field)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		p.schema(loc+"/"+field, "The value for the field '%s' must be a STRING", field)
	}
	return s
}

func (p *parser) intIn(o *object, loc, field string, lo, hi int64) int {
	v, _ := o.get(field)
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > math.MaxInt64/2 {
			p.schema(loc+"/"+field, "The value for the field '%s' must be an INTEGER", field)
			return 0
		}
		n = int64(x)
	default:
		p.schema(loc+"/"+field, "The value for the field '%s' must be an INTEGER", field)
		return 0
	}
	if n < lo || n > hi {
		p.schema(loc+"/"+field, "The value for the field '%s' must be between %d and %d", field, lo, hi)
	}
	return int(n)
}

// intOrPath reads "Field" (an integer in [lo, hi]) or "FieldPath", never
// both.
func (p *parser) intOrPath(o *object, loc, field string, lo, hi int64) (int, *Path) {
	_, a := o.get(field)
	_, b := o.get(field + "Path")
	if a && b {
		p.schema(loc, "Only one of the fields '%s' and '%sPath' may be set", field, field)
	}
	n := 0
	if a {
		n = p.intIn(o, loc, field, lo, hi)
	}
	return n, p.path(o, loc, field+"Path")
}

func (p *parser) path(o *object, loc, field string) *Path {
	v, ok := o.get(field)
	if !ok {
		return nil
	}
	s, isStr := v.(string)
	if !isStr {
		p.schema(loc+"/"+field, "The value for the field '%s' must be a valid JSONPath", field)
		return nil
	}
	path, err := ParsePath(s, field)
	if err != nil {
		p.schema(loc+"/"+field, "The value for the field '%s' must be a valid JSONPath", field)
		return nil
	}
	return path
}

func (p *parser) nullablePath(o *object, loc, field string) *Path {
	if v, ok := o.get(field); ok && v == nil {
		return &Path{Null: true, Field: field}
	}
	return p.path(o, loc, field)
}

func (p *parser) template(o *object, loc, field string) *Template {
	v, ok := o.get(field)
	if !ok {
		return nil
	}
	if _, isObj := v.(*object); !isObj {
		p.schema(loc+"/"+field, "The value for the field '%s' must be an OBJECT", field)
		return nil
	}
	t, issues := compileTemplate(v)
	for _, is := range issues {
		p.schema(loc+"/"+field, "%s", is.msg) // AWS locates these at the field, not the key
	}
	return t
}

// assign parses an Assign block: a template whose top-level keys (less
// ".$") are variable names.
func (p *parser) assign(o *object, loc, field string) *Template {
	t := p.template(o, loc, field)
	if t == nil {
		return nil
	}
	v, _ := o.get(field)
	for _, k := range v.(*object).keys {
		name := strings.TrimSuffix(k, ".$")
		if !variableName.MatchString(name) || name == "states" {
			p.schema(loc+"/"+field+"/"+k, "The variable name '%s' is invalid: use letters, digits and '_', not starting with a digit ('states' is reserved)", name)
		}
	}
	return t
}

func (p *parser) valueTemplate(o *object, loc, field string) *Template {
	v, ok := o.get(field)
	if !ok {
		return nil
	}
	s, isStr := v.(string)
	if !isStr {
		p.schema(loc+"/"+field, "The value for the field '%s' must be a valid JSONPath or a valid intrinsic function call", field)
		return nil
	}
	t, err := NewValueTemplate(s, field)
	if err != nil {
		p.schema(loc+"/"+field, "The value for the field '%s' must be a valid JSONPath or a valid intrinsic function call", field)
		return nil
	}
	return t
}

func (p *parser) objectField(o *object, loc, field string) map[string]any {
	v, ok := o.get(field)
	if !ok {
		return nil
	}
	if _, isObj := v.(*object); !isObj {
		p.schema(loc+"/"+field, "The value for the field '%s' must be an OBJECT", field)
		return nil
	}
	return plain(v).(map[string]any)
}
