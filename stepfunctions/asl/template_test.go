package asl

import (
	"errors"
	"strings"
	"testing"
)

func TestTemplateEval(t *testing.T) {
	t.Parallel()
	input := mustDecode(t, `{"user":{"id":"u1","name":"Ann"},"items":[{"sku":"a","qty":2},{"sku":"b","qty":1}],"n":5}`)
	env := &Env{
		Context: mustDecode(t, `{"Execution":{"Id":"arn:exec"},"Map":{"Item":{"Index":1,"Value":{"sku":"b"}}},"Task":{"Token":"tok"}}`),
		Vars:    map[string]any{"region": "eu-west-1", "limits": mustDecode(t, `{"max":10}`)},
	}
	tests := []struct{ name, tmpl, want string }{
		{"literals", `{"a":1,"b":"$.user","c":[1,"x",null],"d":{"e":true}}`, `{"a":1,"b":"$.user","c":[1,"x",null],"d":{"e":true}}`},
		{"paths", `{"id.$":"$.user.id","all.$":"$","skus.$":"$.items[*].sku"}`,
			`{"all":{"items":[{"qty":2,"sku":"a"},{"qty":1,"sku":"b"}],"n":5,"user":{"id":"u1","name":"Ann"}},"id":"u1","skus":["a","b"]}`},
		{"context and variables", `{"exec.$":"$$.Execution.Id","token.$":"$$.Task.Token","item.$":"$$.Map.Item.Value","r.$":"$region","max.$":"$limits.max"}`,
			`{"exec":"arn:exec","item":{"sku":"b"},"max":10,"r":"eu-west-1","token":"tok"}`},
		{"intrinsic", `{"msg.$":"States.Format('{} has {} items', $.user.name, States.ArrayLength($.items))"}`, `{"msg":"Ann has 2 items"}`},
		{"nested objects", `{"outer":{"inner":{"id.$":"$.user.id","lit":"x"}}}`, `{"outer":{"inner":{"id":"u1","lit":"x"}}}`},
		{"arrays of objects", `{"list":[{"id.$":"$.user.id"},{"n.$":"$.n"},"plain",["deep",{"x.$":"$.n"}]]}`, `{"list":[{"id":"u1"},{"n":5},"plain",["deep",{"x":5}]]}`},
		{"empty", `{}`, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tmpl, err := NewTemplate(mustDecode(t, tc.tmpl))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tmpl.Eval(input, env)
			if err != nil {
				t.Fatal(err)
			}
			if g := mustEncode(t, got); g != tc.want {
				t.Errorf("got %s\nwant %s", g, tc.want)
			}
		})
	}
	// Output is independent of the template: changing it does not change the next Eval.
	tmpl, _ := NewTemplate(mustDecode(t, `{"a":{"b":[1]}}`))
	v1, _ := tmpl.Eval(nil, nil)
	v1.(map[string]any)["a"].(map[string]any)["b"] = "changed"
	v2, _ := tmpl.Eval(nil, nil)
	if mustEncode(t, v2) != `{"a":{"b":[1]}}` {
		t.Errorf("template literal was shared: %s", mustEncode(t, v2))
	}
	// A nil template passes the input through.
	var none *Template
	if got, _ := none.Eval(input, env); mustEncode(t, got) != mustEncode(t, input) {
		t.Errorf("nil template: %v", got)
	}
}

func TestTemplateErrors(t *testing.T) {
	t.Parallel()
	_, err := NewTemplate(mustDecode(t, `{"a.$":"notapath","b":{"c.$":5},"d.$":"States.Nope()","ok.$":"$.x"}`))
	if err == nil {
		t.Fatal("invalid template compiled")
	}
	for _, want := range []string{
		"The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /a.$",
		"The value for the field 'c.$' must be a valid JSONPath or a valid intrinsic function call at /b/c.$",
		"'d.$' must be a valid JSONPath or a valid intrinsic function call at /d.$",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	tmpl, err := NewTemplate(mustDecode(t, `{"deep":{"v.$":"$.missing"}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tmpl.Eval(mustDecode(t, `{"a":1}`), nil)
	var e *Error
	if !errors.As(err, &e) || e.Name != ErrRuntime || e.Cause != `The JSONPath '$.missing' specified for the field 'v.$' could not be found in the input '{"a":1}'` {
		t.Errorf("got %v", err)
	}
	// Value templates (Fail ErrorPath/CausePath)
	vt, err := NewValueTemplate("States.Format('E{}', $.code)", "ErrorPath")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := vt.Eval(mustDecode(t, `{"code":42}`), nil); err != nil || v != "E42" {
		t.Errorf("value template: %v %v", v, err)
	}
	if _, err := NewValueTemplate("nope", "ErrorPath"); err == nil {
		t.Error("bad value template compiled")
	}
}
