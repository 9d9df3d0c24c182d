package subscription_test

import (
	"fmt"

	"github.com/appsync-local/appsync-local/subscription"
)

// A subscription resolver's enhanced filter: messages of room r1 with a
// priority of at least 5, or any message tagged "urgent".
func ExampleFilter() {
	f, err := subscription.ParseFilter(map[string]any{"filterGroup": []any{
		map[string]any{"filters": []any{
			map[string]any{"fieldName": "roomId", "operator": "eq", "value": "r1"},
			map[string]any{"fieldName": "priority", "operator": "ge", "value": 5},
		}},
		map[string]any{"filters": []any{
			map[string]any{"fieldName": "tags", "operator": "contains", "value": "urgent"},
		}},
	}})
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Match(map[string]any{"roomId": "r1", "priority": 7}))
	fmt.Println(f.Match(map[string]any{"roomId": "r1", "priority": 2}))
	fmt.Println(f.Match(map[string]any{"roomId": "r2", "tags": []any{"urgent"}}))
	// Output:
	// true
	// false
	// true
}

// Argument filtering: an omitted argument matches anything, an explicit
// null matches only null, and a field the mutation did not select never
// matches.
func ExampleMatchArgs() {
	event := map[string]any{"id": "1", "owner": nil} // the mutation selected id and owner
	fmt.Println(subscription.MatchArgs(map[string]any{}, event))
	fmt.Println(subscription.MatchArgs(map[string]any{"owner": nil}, event))
	fmt.Println(subscription.MatchArgs(map[string]any{"title": nil}, event))
	// Output:
	// true
	// true
	// false
}
