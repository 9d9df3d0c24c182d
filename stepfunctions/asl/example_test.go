package asl_test

import (
	"fmt"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
)

// Example runs one Task state's JSONPath data flow by hand, in AWS's order:
// InputPath, Parameters, (the task), ResultSelector, ResultPath, OutputPath.
func Example() {
	m, err := asl.Parse([]byte(`{
	  "StartAt": "Greet",
	  "States": {
	    "Greet": {
	      "Type": "Task",
	      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:greet",
	      "InputPath": "$.order",
	      "Parameters": {"who.$": "$.customer", "msg.$": "States.Format('Hello, {}!', $.customer)", "exec.$": "$$.Execution.Name"},
	      "ResultSelector": {"text.$": "$.body"},
	      "ResultPath": "$.greeting",
	      "OutputPath": "$.greeting",
	      "End": true
	    }
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	st := m.States["Greet"]
	env := &asl.Env{Context: map[string]any{"Execution": map[string]any{"Name": "run-1"}}}
	raw, _ := asl.Decode([]byte(`{"order": {"customer": "Ann", "id": 7}}`))

	effective, _ := st.InputPath.Select(raw, env)
	params, _ := st.Parameters.Eval(effective, env)
	out, _ := asl.Encode(params)
	fmt.Println("task input:", string(out))

	taskResult := map[string]any{"body": "Hello, Ann!", "status": int64(200)}
	selected, _ := st.ResultSelector.Eval(taskResult, env)
	withResult, _ := st.ResultPath.Apply(raw, selected)
	output, _ := st.OutputPath.Select(withResult, env)
	out, _ = asl.Encode(output)
	fmt.Println("state output:", string(out))

	_, err = asl.Parse([]byte(`{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}`))
	fmt.Println(err)
	// Output:
	// task input: {"exec":"run-1","msg":"Hello, Ann!","who":"Ann"}
	// state output: {"text":"Hello, Ann!"}
	// Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next'
}
