package builtins

import (
	"math"
	"math/rand/v2"
)

// mathTable is $util.math.
var mathTable = &table{methods: methods("$util.math.", map[string]spec{
	"roundNum": {1, 1, func(c *call) (any, error) {
		x, err := c.double(0)
		if err != nil {
			return nil, err
		}
		return javaRound(x), nil
	}},
	"minVal": {2, 2, func(c *call) (any, error) { return twoDoubles(c, math.Min) }},
	"maxVal": {2, 2, func(c *call) (any, error) { return twoDoubles(c, math.Max) }},
	"randomDouble": {0, 0, func(c *call) (any, error) {
		return rand.Float64(), nil
	}},
	"randomWithinRange": {2, 2, func(c *call) (any, error) {
		lo, err := c.integer(0)
		if err != nil {
			return nil, err
		}
		hi, err := c.integer(1)
		if err != nil {
			return nil, err
		}
		if lo > hi {
			return nil, c.errorf("the lower bound %d is greater than the upper bound %d", lo, hi)
		}
		span := uint64(hi - lo)
		if span == math.MaxUint64 {
			return int64(rand.Uint64()), nil
		}
		return lo + int64(rand.Uint64N(span+1)), nil
	}},
})}

// javaRound is Math.round(double): half up, NaN to 0, saturating at the
// long range.
func javaRound(x float64) int64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x >= math.MaxInt64:
		return math.MaxInt64
	case x <= math.MinInt64:
		return math.MinInt64
	}
	r := math.Floor(x)
	if x-r >= 0.5 {
		r++
	}
	return int64(r)
}

// twoDoubles applies f (Math.min or Math.max, which Go's agree with on NaN
// and signed zeros) to two numbers; the result is a double.
func twoDoubles(c *call, f func(a, b float64) float64) (any, error) {
	a, err := c.double(0)
	if err != nil {
		return nil, err
	}
	b, err := c.double(1)
	if err != nil {
		return nil, err
	}
	return f(a, b), nil
}
