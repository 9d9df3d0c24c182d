package vtl_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
	"golang.org/x/tools/txtar"
)

// fuzzVars is a variable set safe for arbitrary templates: host functions
// that cannot loop on a cyclic value.
func fuzzVars() map[string]any {
	quiet := fn(func([]any) (any, error) { return "", nil })
	ctx := value.NewMap()
	args := value.NewMap()
	args.Put("id", "a1")
	args.Put("n", int64(3))
	args.Put("list", value.NewList(int64(1), "two", 3.5, nil, true))
	ctx.Put("args", args)
	ctx.Put("stash", value.NewMap())
	return map[string]any{
		"ctx": ctx, "context": ctx,
		"util": object{
			"qr": quiet,
			"toJson": fn(func(args []any) (any, error) {
				if len(args) != 1 || !shallow(args[0], 20) {
					return nil, errors.New("toJson: bad argument")
				}
				return value.ToJSON(args[0]), nil
			}),
			"error": fn(func(args []any) (any, error) { return nil, &value.Error{Message: "fuzz error"} }),
		},
	}
}

// shallow reports whether v nests at most depth levels (so has no cycle).
func shallow(v any, depth int) bool {
	if depth < 0 {
		return false
	}
	switch x := v.(type) {
	case *value.List:
		for _, e := range x.Items {
			if !shallow(e, depth-1) {
				return false
			}
		}
	case *value.Map:
		ok := true
		x.Range(func(_ string, e any) bool {
			ok = shallow(e, depth-1)
			return ok
		})
		return ok
	}
	return true
}

// FuzzParse parses arbitrary text; what parses must print as a template
// that parses to the same text, and must execute without panicking.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.txtar")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range txtar.Parse(data).Files {
			if strings.HasSuffix(file.Name, ".vtl") {
				f.Add(string(file.Data))
			}
		}
	}
	for _, s := range []string{"$", "#", "\\", "${", "#{", "#[[", "#*", "$a.b(", "#if(", "#set($a=", "\"$\"", "$a[", "#foreach($i in [1..3])"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := vtl.Parse("fuzz.vtl", src)
		if err != nil {
			var e *vtl.Error
			if !errors.As(err, &e) || e.Line < 1 || e.Col < 1 {
				t.Fatalf("Parse error %v is not a positioned *vtl.Error", err)
			}
			return
		}
		printed := tmpl.String()
		again, err := vtl.Parse("fuzz.vtl", printed)
		if err != nil {
			t.Fatalf("printed tree does not parse: %v\nsource: %q\nprinted: %q", err, src, printed)
		}
		if again.String() != printed {
			t.Fatalf("printed tree is not stable\nsource: %q\nprinted: %q\nagain: %q", src, printed, again.String())
		}
		res, err := tmpl.Execute(fuzzVars())
		if err != nil {
			var e *vtl.Error
			if !errors.As(err, &e) {
				t.Fatalf("Execute error %v is not a *vtl.Error", err)
			}
			return
		}
		if len(res.Output) > vtl.MaxOutput {
			t.Fatalf("output of %d bytes", len(res.Output))
		}
	})
}
