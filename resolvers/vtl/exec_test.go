package vtl_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

func mustParse(tb testing.TB, src string) *vtl.Template {
	tb.Helper()
	tmpl, err := vtl.Parse("t.vtl", src)
	if err != nil {
		tb.Fatal(err)
	}
	return tmpl
}

// TestUtilErrorUnwraps checks that errors.As finds the *value.Error a host
// function returned, with the template position around it.
func TestUtilErrorUnwraps(t *testing.T) {
	t.Parallel()
	tmpl := mustParse(t, "ok\n  $util.error(\"nope\", \"Unauthorized\")")
	res, err := tmpl.Execute(map[string]any{"util": fakeUtil()})
	if res != nil {
		t.Errorf("result %+v with error", res)
	}
	var ve *value.Error
	if !errors.As(err, &ve) || ve.Message != "nope" || ve.Type != "Unauthorized" {
		t.Fatalf("error %v does not wrap the value.Error", err)
	}
	var e *vtl.Error
	if !errors.As(err, &e) || e.Line != 2 || e.Col != 9 || err.Error() != "t.vtl:2:9: nope" {
		t.Errorf("error = %v (%+v)", err, e)
	}
}

// TestReturn checks the Result fields for #return.
func TestReturn(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		src                string
		out                string
		returned, hasValue bool
		value              string
	}{
		{"x", "x", false, false, "null"},
		{"a#return b", "a", true, false, "null"},
		{"#return([1])", "", true, true, "[1]"},
		{"#return($nope)", "", true, true, "null"},
		{"#return()", "", true, false, "null"},
	} {
		res, err := mustParse(t, tt.src).Execute(nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if res.Output != tt.out || res.Returned != tt.returned || res.HasValue != tt.hasValue || value.ToJSON(res.Value) != tt.value {
			t.Errorf("%s: got %+v", tt.src, res)
		}
	}
}

// TestConcurrentExecute runs one template from many goroutines; each run
// sees only its own variables (run with -race).
func TestConcurrentExecute(t *testing.T) {
	t.Parallel()
	tmpl := mustParse(t, `#set($l = [])#foreach($i in [1..$n])$util.qr($l.add($i))#end$l.size() $ctx.id`)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= 50; i++ {
				ctx := value.NewMap()
				ctx.Put("id", int64(g))
				res, err := tmpl.Execute(map[string]any{"n": i, "ctx": ctx, "util": fakeUtil()})
				if err != nil {
					t.Error(err)
					return
				}
				if want := strings.Join([]string{itoa(i), itoa(g)}, " "); res.Output != want {
					t.Errorf("got %q, want %q", res.Output, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func itoa(i int) string { return value.String(int64(i)) }

// TestVarsNotMutated checks that #set does not write into the caller's map,
// while changes to the values it holds are visible (they are shared).
func TestVarsNotMutated(t *testing.T) {
	t.Parallel()
	stash := value.NewMap()
	vars := map[string]any{"x": "caller", "stash": stash}
	if _, err := mustParse(t, `#set($x = "template")#set($y = 1)#set($stash.k = "v")`).Execute(vars); err != nil {
		t.Fatal(err)
	}
	if vars["x"] != "caller" || len(vars) != 2 {
		t.Errorf("vars changed: %v", vars)
	}
	if v, _ := stash.Get("k"); v != "v" {
		t.Errorf("stash = %s", value.ToJSON(stash))
	}
}

// TestLimits checks the output cap and the work budget.
func TestLimits(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 1<<20)
	_, err := mustParse(t, `#foreach($i in [1..6])$big#end`).Execute(map[string]any{"big": big})
	if err == nil || !strings.Contains(err.Error(), "over AppSync's limit of 5 MB") {
		t.Errorf("output limit: %v", err)
	}
	_, err = mustParse(t, `#set($s = "xx")#foreach($i in [1..30])#set($s = "$s$s")#end`).Execute(nil)
	if err == nil || !strings.Contains(err.Error(), "string is over") {
		t.Errorf("string limit: %v", err)
	}
	_, err = mustParse(t, `#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])#end#end#end`).Execute(nil)
	if err == nil || !strings.Contains(err.Error(), "too much work") {
		t.Errorf("work limit: %v", err)
	}
	_, err = mustParse(t, `#set($l = [])#foreach($i in [1..40])$util.qr($l.addAll($l))$util.qr($l.add(1))#end`).Execute(map[string]any{"util": fakeUtil()})
	if err == nil || !strings.Contains(err.Error(), "collection is over") {
		t.Errorf("collection limit: %v", err)
	}
	_, err = mustParse(t, `#set($l = [1])#foreach($i in [1..200])#set($l = [$l])#end$l`).Execute(nil)
	if err == nil || !strings.Contains(err.Error(), "nested more than 100") {
		t.Errorf("depth limit: %v", err)
	}
}

// TestGoValues checks that plain Go values given as variables are converted.
func TestGoValues(t *testing.T) {
	t.Parallel()
	res, err := mustParse(t, `$n $f $m.b $l[1] $u`).Execute(map[string]any{
		"n": 7, "f": float32(1.5), "m": map[string]any{"b": true}, "l": []any{"x", "y"}, "u": nil,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Output != "7 1.5 true y $u" {
		t.Errorf("got %q", res.Output)
	}
}

// TestCRLF checks that directives eat \r\n as they eat \n.
func TestCRLF(t *testing.T) {
	t.Parallel()
	src := "#set($a = 1)\r\n#if($a)\r\nyes\r\n#else\r\nno\r\n#end\r\n## comment\r\n$a\r\n"
	res, err := mustParse(t, src).Execute(nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Output != "yes\r\n1\r\n" {
		t.Errorf("got %q", res.Output)
	}
}
