package vtl_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/internal/golden"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// TestGolden runs the cases of testdata/*.txtar. For a case NAME the
// sections are NAME.vtl (the template, without the newline that ends the
// section), NAME.vars.json (optional: a JSON object whose members are the
// root references; $util and $utils are fakeUtil unless given), and NAME.out
// (the output followed by a newline, then, when #return was reached, a line
// "#return: <JSON of its value>") or NAME.err (the error message).
func TestGolden(t *testing.T) {
	golden.Run(t, "testdata/*.txtar", func(t *testing.T, c *golden.Case) {
		names := caseNames(t, c)
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runCase(t, c, name)
			})
		}
	})
}

func caseNames(t *testing.T, c *golden.Case) []string {
	var names []string
	seen := map[string]bool{}
	for _, s := range c.Sections() {
		base, ext, ok := strings.Cut(s, ".")
		if !ok || seen[base] && ext == "vtl" {
			t.Fatalf("%s: bad or duplicate section %q", c.Path, s)
		}
		if ext == "vtl" {
			seen[base] = true
			names = append(names, base)
		}
	}
	for _, s := range c.Sections() {
		base, _, _ := strings.Cut(s, ".")
		if !seen[base] {
			t.Fatalf("%s: section %q has no %s.vtl", c.Path, s, base)
		}
	}
	if len(names) == 0 {
		t.Fatalf("%s: no cases", c.Path)
	}
	return names
}

func runCase(t *testing.T, c *golden.Case, name string) {
	src, _ := c.Section(name + ".vtl")
	src = strings.TrimSuffix(src, "\n")
	vars := map[string]any{"util": fakeUtil(), "utils": fakeUtil()}
	if js, ok := c.Section(name + ".vars.json"); ok {
		v, err := value.FromJSON([]byte(js))
		if err != nil {
			t.Fatalf("%s: %s.vars.json: %v", c.Path, name, err)
		}
		m, ok := v.(*value.Map)
		if !ok {
			t.Fatalf("%s: %s.vars.json is not an object", c.Path, name)
		}
		m.Range(func(k string, v any) bool {
			vars[k] = v
			return true
		})
	}
	got, err := render("Query.test.vtl", src, vars)
	_, wantErr := c.Section(name + ".err")
	switch {
	case err != nil && wantErr:
		c.Check(t, name+".err", err.Error()+"\n")
	case err != nil:
		if _, hasOut := c.Section(name + ".out"); hasOut {
			t.Fatalf("%s: %s: unexpected error: %v", c.Path, name, err)
		}
		c.Check(t, name+".err", err.Error()+"\n")
	case wantErr:
		t.Fatalf("%s: %s: want an error, got output:\n%s", c.Path, name, got)
	default:
		c.Check(t, name+".out", got+"\n")
	}
}

// render parses and executes src, and checks that the printed tree parses
// to the same tree.
func render(name, src string, vars map[string]any) (string, error) {
	tmpl, err := vtl.Parse(name, src)
	if err != nil {
		return "", err
	}
	printed := tmpl.String()
	again, err := vtl.Parse(name, printed)
	if err != nil {
		return "", fmt.Errorf("printed tree does not parse: %v\n%s", err, printed)
	}
	if again.String() != printed {
		return "", fmt.Errorf("printed tree is not stable:\n%s\n---\n%s", printed, again.String())
	}
	res, err := tmpl.Execute(vars)
	if err != nil {
		var ve *value.Error
		if errors.As(err, &ve) {
			return "", fmt.Errorf("%w (value.Error type=%q data=%s)", err, ve.Type, value.ToJSON(ve.Data))
		}
		return "", err
	}
	out := res.Output
	if res.Returned {
		out += "\n#return: " + value.ToJSON(res.Value)
	}
	return out, nil
}

// TestGoldenCount keeps the suite from shrinking unnoticed.
func TestGoldenCount(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, ".vtl --") {
				n++
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d golden cases; want at least 200", n)
	}
}
