package jsonata_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/jsonata"
)

func Example() {
	example(os.Stdout)
}

func example(w io.Writer) {
	// The text between {% and %} in a JSONata state's field.
	expr, err := jsonata.Compile("{ 'id': $states.input.orderId, 'total': $sum($states.input.items.price), 'parts': $partition($states.input.items.sku, 2) }")
	if err != nil { // ErrNoBundle if built without `make jsonata`
		panic(err)
	}
	states := map[string]any{"input": map[string]any{
		"orderId": "A-17",
		"items":   []any{map[string]any{"sku": "x", "price": 5}, map[string]any{"sku": "y", "price": 12}, map[string]any{"sku": "z", "price": 5}},
	}}
	out, err := expr.Eval(context.Background(), nil, map[string]any{"states": states})
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(w, "%s\n", mustJSON(out))
	// Prints {"id":"A-17","parts":[["x","y"],["z"]],"total":22}; not run as a
	// test because it needs the bundle (TestExample runs it).
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestExample runs the package example where the bundle is embedded.
func TestExample(t *testing.T) {
	if _, err := jsonata.Compile("1"); errors.Is(err, jsonata.ErrNoBundle) {
		t.Skip("jsonata-js bundle not embedded: run `make jsonata` (scripts/jsonata-assets.sh) first")
	}
	var buf bytes.Buffer
	example(&buf)
	got := buf.String()
	if want := `{"id":"A-17","parts":[["x","y"],["z"]],"total":22}` + "\n"; string(got) != want {
		t.Fatalf("example printed %q, want %q", got, want)
	}
}
