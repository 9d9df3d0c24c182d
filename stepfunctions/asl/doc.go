// Package asl reads Amazon States Language definitions and implements the
// JSONPath data flow that AWS Step Functions applies between states.
//
// It is the language half of the built-in Step Functions engine: Parse turns a
// definition into a validated StateMachine (or a ValidationError carrying
// AWS's diagnostic codes and JSON locations, the text CreateStateMachine
// returns as InvalidDefinition); Path, ResultPath, Template and ChoiceRule
// evaluate the InputPath/Parameters/ResultSelector/ResultPath/OutputPath
// pipeline, the context object ($$), workflow variables ($name), the 18
// intrinsic functions and Choice rules exactly as AWS does, failing with
// *Error values named like ASL runtime errors (States.Runtime,
// States.IntrinsicFailure, States.ResultPathMatchFailure).
//
// States whose QueryLanguage is JSONata (set on the machine or the state;
// nested machines take the top level's) carry their Arguments, Output,
// Assign, Condition, Items, ItemSelector and expression-valued Seconds,
// Timestamp, TimeoutSeconds, HeartbeatSeconds, MaxConcurrency,
// ToleratedFailure*, Error and Cause in State.JSONata (ChoiceRule.JSONata and
// Catcher.JSONata for rules and catchers) as Query values: "{% %}"
// expressions compiled by package jsonata at Parse, which refuses syntax
// errors (INVALID_JSONATA_EXPRESSION), references AWS does not provide
// (UNSUPPORTED_JSONATA_EXPRESSION) and JSONPath fields in JSONata states
// (jsonata.go). Query.Eval evaluates a field with $states and the workflow
// variables bound.
//
// The package does no I/O and reads no clock: the interpreter above it decides
// when states run. Randomness (States.UUID, States.MathRandom) comes from
// Env.Rand so tests are deterministic.
//
// JSON values everywhere are what Decode returns: map[string]any, []any,
// string, bool, nil, and numbers as int64 when integral and in range, else
// float64.
package asl
