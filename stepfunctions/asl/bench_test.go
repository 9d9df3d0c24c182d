package asl

import "testing"

func BenchmarkTemplateEval(b *testing.B) {
	tmpl, err := NewTemplate(map[string]any{
		"id.$": "$.user.id", "name.$": "$.user.name", "lit": "x",
		"msg.$":  "States.Format('{} has {} items', $.user.name, States.ArrayLength($.items))",
		"nested": map[string]any{"sku.$": "$.items[0].sku"},
	})
	if err != nil {
		b.Fatal(err)
	}
	input, _ := Decode([]byte(`{"user":{"id":"u1","name":"Ann"},"items":[{"sku":"a"},{"sku":"b"}]}`))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tmpl.Eval(input, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPathSelect(b *testing.B) {
	input, _ := Decode([]byte(`{"a":{"b":{"c":[1,2,3]}},"books":[{"price":5},{"price":15}]}`))
	for _, src := range []string{"$.a.b.c[1]", "$.books[?(@.price > 10)]"} {
		p := MustParsePath(src, "InputPath")
		b.Run(src, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Select(input, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkChoiceEval(b *testing.B) {
	r := choiceRule(b, `{"And":[{"Variable":"$.n","NumericGreaterThan":5},{"Variable":"$.s","StringMatches":"app*"}]}`)
	input, _ := Decode([]byte(`{"n":10,"s":"apple"}`))
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := r.Eval(input, nil); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	def := []byte(`{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"$.x"},"Next":"C"},
	  "C":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":1,"Next":"T"}],"Default":"T"},
	  "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(def); err != nil {
			b.Fatal(err)
		}
	}
}
