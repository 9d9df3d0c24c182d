package asl

import (
	"io"
	"time"
)

// StateMachine is a parsed and validated definition (a top-level machine, a
// Parallel branch or a Map processor).
type StateMachine struct {
	Comment, StartAt, Version, QueryLanguage string
	// TimeoutSeconds is the machine's overall timeout; 0 means none.
	TimeoutSeconds int
	States         map[string]*State
	// Order lists the state names in document order.
	Order []string
}

// State is one state of a machine, with every field of every state type; a
// field a state type does not have is left zero.
type State struct {
	Name, Type, Comment string // Type: Pass Task Choice Wait Succeed Fail Parallel Map
	Next                string
	End                 bool
	// InputPath and OutputPath are nil when absent (meaning "$"); a JSON
	// null gives a Path with Null set.
	InputPath, OutputPath *Path
	// Parameters, ResultSelector and Assign are nil when absent. For Map,
	// the legacy Parameters field is stored in ItemSelector.
	Parameters, ResultSelector, Assign *Template
	// ResultPath is nil when absent (meaning "$"); null gives Discard.
	ResultPath *ResultPath
	Result     any // Pass
	HasResult  bool
	Resource   string // Task
	// Credentials is the Task's Credentials template (nil when absent).
	Credentials                              *Template
	TimeoutSeconds, HeartbeatSeconds         int
	TimeoutSecondsPath, HeartbeatSecondsPath *Path
	Retry                                    []*Retrier
	Catch                                    []*Catcher
	Choices                                  []*ChoiceRule // Choice
	Default                                  string
	// Wait
	Seconds       int
	HasSeconds    bool
	SecondsPath   *Path
	Timestamp     time.Time
	HasTimestamp  bool
	TimestampPath *Path
	// Fail: ErrorPath/CausePath are single-value templates (a path or an
	// intrinsic function); evaluate with EvalValue.
	Error, Cause         string
	ErrorPath, CausePath *Template
	Branches             []*StateMachine // Parallel
	// Map
	ItemsPath                      *Path
	ItemSelector                   *Template
	Processor                      *StateMachine
	ProcessorMode                  string // "INLINE" | "DISTRIBUTED"
	ExecutionType                  string // DISTRIBUTED: "STANDARD" | "EXPRESS"
	MaxConcurrency                 int
	MaxConcurrencyPath             *Path
	ToleratedFailureCount          int
	ToleratedFailureCountPath      *Path
	ToleratedFailurePercentage     float64
	ToleratedFailurePercentagePath *Path
	ItemBatcher                    *ItemBatcher
	Label                          string
	ItemReader, ResultWriter       map[string]any

	processorField string // "ItemProcessor" or the legacy "Iterator", for locations

	// JSONata holds a JSONata state's expression fields; nil for a
	// JSONPath state.
	JSONata *QueryFields
}

// ItemBatcher is a Map state's ItemBatcher block.
type ItemBatcher struct {
	MaxItemsPerBatch, MaxInputBytesPerBatch         int
	MaxItemsPerBatchPath, MaxInputBytesPerBatchPath *Path
	BatchInput                                      *Template
}

// Retrier is one entry of a Retry array, with AWS's defaults filled in
// (IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0).
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds int
	MaxAttempts     int
	BackoffRate     float64
	MaxDelaySeconds int    // 0 = no cap
	JitterStrategy  string // "FULL" | "NONE" ("" = NONE)
}

// Catcher is one entry of a Catch array.
type Catcher struct {
	ErrorEquals []string
	Next        string
	ResultPath  *ResultPath // nil = "$"
	Assign      *Template
	JSONata     *QueryFields // JSONata: Output and Assign; nil in JSONPath
}

// Env is what a path, template or Choice rule can see besides the state
// input.
type Env struct {
	// Context is the context object, read by "$$" paths.
	Context any
	// Vars holds the workflow variables, read by "$name" paths (nil = none).
	Vars map[string]any
	// Rand supplies randomness to States.UUID and States.MathRandom; nil
	// means crypto/rand. Tests inject a deterministic reader.
	Rand io.Reader
}
