package builtins

import (
	"math"
	"testing"
)

func TestMath(t *testing.T) {
	t.Parallel()
	runCalls(t, []callCase{
		{fn: "math.roundNum", args: []any{2.5}, want: int64(3)},
		{fn: "math.roundNum", args: []any{-2.5}, want: int64(-2)},
		{fn: "math.roundNum", args: []any{-2.51}, want: int64(-3)},
		{fn: "math.roundNum", args: []any{0.49999999999999994}, want: int64(0)},
		{fn: "math.roundNum", args: []any{int64(7)}, want: int64(7)},
		{fn: "math.roundNum", args: []any{math.NaN()}, want: int64(0)},
		{fn: "math.roundNum", args: []any{1e300}, want: int64(math.MaxInt64)},
		{fn: "math.roundNum", args: []any{"1.5"}, err: "argument 1 must be a number, got String"},
		{fn: "math.minVal", args: []any{int64(3), 2.5}, want: 2.5},
		{fn: "math.minVal", args: []any{int64(1), int64(2)}, want: 1.0},
		{fn: "math.maxVal", args: []any{int64(1), int64(2)}, want: 2.0},
		{fn: "math.maxVal", args: []any{-0.0, 0.0}, want: 0.0},
		{fn: "math.randomWithinRange", args: []any{int64(5), int64(5)}, want: int64(5)},
		{fn: "math.randomWithinRange", args: []any{int64(5), int64(1)}, err: "the lower bound 5 is greater than the upper bound 1"},
	})
	b := setup(t)
	seen := map[int64]bool{}
	for range 2000 {
		d := mustInvoke(t, b.env, "math.randomDouble").(float64)
		if d < 0 || d >= 1 {
			t.Fatalf("randomDouble = %v", d)
		}
		n := mustInvoke(t, b.env, "math.randomWithinRange", int64(-2), int64(2)).(int64)
		if n < -2 || n > 2 {
			t.Fatalf("randomWithinRange(-2, 2) = %d", n)
		}
		seen[n] = true
	}
	if len(seen) != 5 {
		t.Errorf("randomWithinRange(-2, 2) gave only %v", seen)
	}
	if n := mustInvoke(t, b.env, "math.randomWithinRange", int64(math.MinInt64), int64(math.MaxInt64)); n == nil {
		t.Error("full range")
	}
}
