package jsonata

import (
	"reflect"
	"testing"
)

func TestReferences(t *testing.T) {
	requireBundle(t)
	tests := []struct {
		expr     string
		topLevel []string
		states   []string
	}{
		// floci-io/floci#2670, measured on AWS: a bare name reads the context.
		{"phone", []string{"phone"}, nil},
		{"$states.input.phone", nil, []string{"input"}},
		{"$", []string{"$"}, nil},
		{"$$", []string{"$$"}, nil},
		{"$myVar.items[price > 10].name", nil, nil}, // predicates and later steps read the step before
		{"phone[0].x", []string{"phone"}, nil},
		{"{aaa: 1, 'b': bbb}", []string{"aaa", "bbb"}, nil},
		{"$map($states.input.a, function($x) { b })", []string{"b"}, []string{"input"}},
		{"-a + c * a", []string{"a", "c"}, nil},
		{"($f := d; $f)", []string{"d"}, nil},
		{"e ? f : g", []string{"e", "f", "g"}, nil},
		{"$substring(?, h)", []string{"h"}, nil},
		{"x ~> $uppercase", []string{"x"}, nil},
		{"[$states.result.Payload, $states.errorOutput.Cause, $states.context.Execution.Id, $states.input]", nil,
			[]string{"result", "errorOutput", "context", "input"}},
		{"$states.inptu", nil, []string{"inptu"}},
		{"$states.input.items[$states.context.Map.Item.Index = 0]", nil, []string{"input", "context"}},
		{"'literal' & 1", nil, nil},
		{"$sum($states.input.items.(qty * price))", nil, []string{"input"}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			got := MustCompile(tt.expr).References()
			if !reflect.DeepEqual(got.TopLevel, tt.topLevel) || !reflect.DeepEqual(got.States, tt.states) {
				t.Fatalf("got %+v, want TopLevel %q States %q", got, tt.topLevel, tt.states)
			}
		})
	}
}
