package asl

// Matches reports whether the retrier handles the error name: States.ALL
// matches everything except States.Runtime and States.DataLimitExceeded
// (AWS cannot retry or catch those); States.TaskFailed matches every error
// except States.Timeout (and the uncatchable ones).
func (r *Retrier) Matches(errName string) bool { return matchErrors(r.ErrorEquals, errName) }

// Matches reports whether the catcher handles the error name, with the same
// rules as Retrier.Matches.
func (c *Catcher) Matches(errName string) bool { return matchErrors(c.ErrorEquals, errName) }

// Uncatchable reports whether an error name can be neither retried nor
// caught by States.ALL (States.Runtime, States.DataLimitExceeded).
func Uncatchable(errName string) bool {
	return errName == ErrRuntime || errName == ErrDataLimitExceeded
}

func matchErrors(list []string, errName string) bool {
	for _, e := range list {
		switch {
		case e == errName:
			return true
		case e == ErrAll:
			if !Uncatchable(errName) {
				return true
			}
		case e == ErrTaskFailed:
			if errName != ErrTimeout && errName != ErrHeartbeatTimeout && !Uncatchable(errName) {
				return true
			}
		}
	}
	return false
}

// Walk calls fn for every state of the machine, nested Parallel branches and
// Map processors included, depth first in document order. path is the
// state's JSON location ("/States/P/Branches[0]/States/X"). Returning false
// from fn skips that state's nested machines.
func (m *StateMachine) Walk(fn func(path string, s *State) bool) {
	m.walk("", fn)
}

func (m *StateMachine) walk(prefix string, fn func(string, *State) bool) {
	for _, name := range m.Order {
		s := m.States[name]
		loc := prefix + "/States/" + name
		if !fn(loc, s) {
			continue
		}
		for i, b := range s.Branches {
			b.walk(loc+"/Branches["+itoa(i)+"]", fn)
		}
		if s.Processor != nil {
			field := s.processorField
			if field == "" {
				field = "ItemProcessor"
			}
			s.Processor.walk(loc+"/"+field, fn)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
