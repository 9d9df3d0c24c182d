package subscription_test

import (
	"encoding/json"
	"testing"

	"github.com/appsync-local/appsync-local/subscription"
)

// FuzzFilter parses arbitrary JSON as a filter and matches it against an
// event: errors are fine, panics are not.
func FuzzFilter(f *testing.F) {
	f.Add(`{"filterGroup":[{"filters":[{"fieldName":"a.b","operator":"between","value":[1,"x"]}]}]}`)
	f.Add(`{"filterGroup":[{"filters":[{"fieldName":"tags","operator":"containsAny","value":[]}]}]}`)
	f.Add(`{"filterGroup":[{"filters":[{"fieldName":"n","operator":"in","value":[null,{"x":1}]}]}]}`)
	f.Add(`{"filterGroup":{}}`)
	event := map[string]any{"a": map[string]any{"b": 2.0}, "tags": []any{"x", 1.0, nil}, "n": nil, "s": "str"}
	f.Fuzz(func(t *testing.T, in string) {
		var v any
		if json.Unmarshal([]byte(in), &v) != nil {
			return
		}
		filter, err := subscription.ParseFilter(v)
		if err != nil {
			return
		}
		filter.Match(event)
		filter.Match(map[string]any{})
	})
}
