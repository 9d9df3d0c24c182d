package expr

import (
	"encoding/json"
	"testing"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// mustItem decodes DynamoDB JSON ({"a":{"S":"x"}}) into an item.
func mustItem(tb testing.TB, js string) attr.Item {
	tb.Helper()
	if js == "" {
		return nil
	}
	var it attr.Item
	if err := json.Unmarshal([]byte(js), &it); err != nil {
		tb.Fatalf("decode %s: %v", js, err)
	}
	return it
}

// mustValues decodes ExpressionAttributeValues written as DynamoDB JSON.
func mustValues(tb testing.TB, js string) Values {
	tb.Helper()
	return Values(mustItem(tb, js))
}

// mustJSON encodes an item as DynamoDB JSON for comparisons.
func mustJSON(tb testing.TB, it attr.Item) string {
	tb.Helper()
	if it == nil {
		return ""
	}
	b, err := json.Marshal(it)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func valuesString(vs []attr.Value) string {
	s := "["
	for i, v := range vs {
		if i > 0 {
			s += " "
		}
		s += v.String()
	}
	return s + "]"
}

func attrN(s string) (attr.Value, error) { return attr.N(s) }
