package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
)

// MockConfig is Step Functions Local's MockConfigFile.json: test cases per
// state machine name mapping Task state names to mocked responses, and the
// responses as steps by invocation index. Load it with LoadMockConfig or
// ParseMockConfig; it is read-only once loaded.
type MockConfig struct {
	// StateMachines maps a machine name to its test cases: case name →
	// state name → mocked response name.
	StateMachines map[string]map[string]map[string]string
	// Responses maps a response name to its steps, sorted by first index.
	Responses map[string][]MockStep
}

// MockStep is one entry of a mocked response: invocations From..To
// (inclusive, zero-based) return Return, or fail with Throw if set.
type MockStep struct {
	From, To int
	Return   any
	Throw    *asl.Error
}

// LoadMockConfig reads and validates a MockConfigFile.json.
func LoadMockConfig(path string) (*MockConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mock config: %w", err)
	}
	c, err := ParseMockConfig(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseMockConfig decodes and validates a mock config: every step has
// exactly one of Return and Throw, Throw has Error and Cause, index keys are
// "N" or "N-M", ranges do not overlap, and test cases name responses that
// exist.
func ParseMockConfig(b []byte) (*MockConfig, error) {
	var raw struct {
		StateMachines map[string]struct {
			TestCases map[string]map[string]string `json:"TestCases"`
		} `json:"StateMachines"`
		MockedResponses map[string]map[string]struct {
			Return json.RawMessage `json:"Return"`
			Throw  *struct {
				Error *string `json:"Error"`
				Cause *string `json:"Cause"`
			} `json:"Throw"`
		} `json:"MockedResponses"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("mock config: %w", err)
	}
	c := &MockConfig{StateMachines: map[string]map[string]map[string]string{}, Responses: map[string][]MockStep{}}
	for name, steps := range raw.MockedResponses {
		var list []MockStep
		for key, s := range steps {
			from, to, ok := indexRange(key)
			if !ok {
				return nil, fmt.Errorf("MockedResponses.%s: index key %q is not a number or a range like \"1-3\"", name, key)
			}
			st := MockStep{From: from, To: to}
			switch {
			case s.Return != nil && s.Throw != nil:
				return nil, fmt.Errorf("MockedResponses.%s.%s: has both Return and Throw; give exactly one", name, key)
			case s.Throw != nil:
				if s.Throw.Error == nil || s.Throw.Cause == nil {
					return nil, fmt.Errorf("MockedResponses.%s.%s.Throw: Error and Cause are both required", name, key)
				}
				st.Throw = &asl.Error{Name: *s.Throw.Error, Cause: *s.Throw.Cause}
			case s.Return != nil:
				v, err := asl.Decode(s.Return)
				if err != nil {
					return nil, fmt.Errorf("MockedResponses.%s.%s.Return: %w", name, key, err)
				}
				st.Return = v
			default:
				return nil, fmt.Errorf("MockedResponses.%s.%s: needs Return or Throw", name, key)
			}
			list = append(list, st)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].From < list[j].From })
		for i := 1; i < len(list); i++ {
			if list[i].From <= list[i-1].To {
				return nil, fmt.Errorf("MockedResponses.%s: invocation %d is covered by two keys", name, list[i].From)
			}
		}
		c.Responses[name] = list
	}
	for sm, v := range raw.StateMachines {
		c.StateMachines[sm] = map[string]map[string]string{}
		for tc, states := range v.TestCases {
			for state, resp := range states {
				if _, ok := c.Responses[resp]; !ok {
					return nil, fmt.Errorf("StateMachines.%s.TestCases.%s.%s: mocked response %q is not defined in MockedResponses", sm, tc, state, resp)
				}
			}
			c.StateMachines[sm][tc] = states
		}
	}
	return c, nil
}

func indexRange(key string) (from, to int, ok bool) {
	a, b, isRange := strings.Cut(key, "-")
	from, err := strconv.Atoi(a)
	if err != nil || from < 0 {
		return 0, 0, false
	}
	to = from
	if isRange {
		if to, err = strconv.Atoi(b); err != nil || to < from {
			return 0, 0, false
		}
	}
	return from, to, true
}

// mockRun is one execution's test case: which states are mocked and how
// many times each was invoked. A nil *mockRun mocks nothing.
type mockRun struct {
	testCase string
	states   map[string][]MockStep
	mu       sync.Mutex
	calls    map[string]int
}

// mockFor returns the run state for test case tc of machine name, or an
// API error if the config has no such case.
func (e *Engine) mockFor(name, tc string) (*mockRun, *Error) {
	if tc == "" {
		return nil, nil
	}
	var cases map[string]map[string]string
	if e.p.Mocks != nil {
		cases = e.p.Mocks.StateMachines[name]
	}
	states, ok := cases[tc]
	if !ok {
		return nil, apiErr("ValidationException", fmt.Sprintf("Test case '%s' is not defined for state machine '%s' in the mock config (SFN_MOCK_CONFIG)", tc, name))
	}
	m := &mockRun{testCase: tc, states: map[string][]MockStep{}, calls: map[string]int{}}
	for state, resp := range states {
		m.states[state] = e.p.Mocks.Responses[resp]
	}
	return m, nil
}

func (m *mockRun) has(state string) bool {
	if m == nil {
		return false
	}
	_, ok := m.states[state]
	return ok
}

// next takes the state's next invocation index and returns its step's
// result; ok=false if the state is not mocked. An index with no step fails
// the execution (States.Runtime, which no Retry or Catch handles).
func (m *mockRun) next(state string) (any, error, bool) {
	if m == nil {
		return nil, nil, false
	}
	steps, ok := m.states[state]
	if !ok {
		return nil, nil, false
	}
	m.mu.Lock()
	i := m.calls[state]
	m.calls[state]++
	m.mu.Unlock()
	for _, s := range steps {
		if i >= s.From && i <= s.To {
			if s.Throw != nil {
				return nil, &asl.Error{Name: s.Throw.Name, Cause: s.Throw.Cause}, true
			}
			return s.Return, nil, true
		}
	}
	return nil, &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("No mocked response for invocation %d of state '%s' in test case '%s'", i, state, m.testCase)}, true
}

// mockOf returns the mock run selected by a #TestCase suffix on arn.
func (e *Engine) mockOf(m *machine, arn string) (*mockRun, error) {
	_, tc, ok := strings.Cut(arn, "#")
	if !ok {
		return nil, nil
	}
	mr, aerr := e.mockFor(m.sm.Name, tc)
	if aerr != nil {
		return nil, aerr
	}
	return mr, nil
}
