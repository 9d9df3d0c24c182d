package expr

import "testing"

// BenchmarkCondition parses and evaluates a typical ConditionExpression.
func BenchmarkCondition(b *testing.B) {
	names := Names{"#s": "status", "#v": "version"}
	values := mustValues(b, `{":active":{"S":"active"},":v":{"N":"3"},":p":{"S":"user#"}}`)
	item := mustItem(b, `{"pk":{"S":"user#42"},"status":{"S":"active"},"version":{"N":"3"},"tags":{"SS":["a","b"]}}`)
	const src = "attribute_exists(pk) AND #s = :active AND #v = :v AND begins_with(pk, :p) AND NOT contains(tags, :active)"
	b.ReportAllocs()
	for b.Loop() {
		c, err := ParseCondition(src, names, values)
		if err != nil {
			b.Fatal(err)
		}
		if ok, _ := c.Eval(item); !ok {
			b.Fatal("condition false")
		}
	}
}

// BenchmarkConditionEval evaluates a parsed condition.
func BenchmarkConditionEval(b *testing.B) {
	values := mustValues(b, `{":active":{"S":"active"},":v":{"N":"3"}}`)
	item := mustItem(b, `{"pk":{"S":"user#42"},"phase":{"S":"active"},"ver":{"N":"3"}}`)
	c, err := ParseCondition("attribute_exists(pk) AND phase = :active AND ver = :v", nil, values)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := c.Eval(item); !ok {
			b.Fatal("condition false")
		}
	}
}

// BenchmarkUpdate parses and applies a typical UpdateExpression.
func BenchmarkUpdate(b *testing.B) {
	values := mustValues(b, `{":one":{"N":"1"},":now":{"S":"2024-01-01"},":t":{"L":[{"S":"x"}]}}`)
	item := mustItem(b, `{"pk":{"S":"user#42"},"hits":{"N":"41"},"events":{"L":[]}}`)
	b.ReportAllocs()
	for b.Loop() {
		u, err := ParseUpdate("SET hits = if_not_exists(hits, :one) + :one, updatedAt = :now, events = list_append(events, :t)", nil, values)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := u.Apply(item); err != nil {
			b.Fatal(err)
		}
	}
}
