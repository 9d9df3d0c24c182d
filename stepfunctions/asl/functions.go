package asl

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// Limits AWS documents for intrinsic functions.
const (
	maxArrayRange   = 1000
	maxEncodeLength = 10000
)

func (n *callNode) eval(input any, env *Env) (any, error) {
	args := make([]any, len(n.args))
	for i, a := range n.args {
		v, err := a.eval(input, env)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	switch n.name {
	case "States.Format":
		return fnFormat(n, args)
	case "States.StringToJson":
		s, err := argString(n, args, 0)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		v, derr := Decode([]byte(s))
		if derr != nil {
			return nil, n.fail("the input '%s' is not a valid JSON string", s)
		}
		return v, nil
	case "States.JsonToString":
		return encodeString(args[0]), nil
	case "States.Array":
		out := make([]any, len(args))
		copy(out, args)
		return out, nil
	case "States.ArrayPartition":
		a, err := argArray(n, args, 0)
		if err != nil {
			return nil, err
		}
		size, err := argInt(n, args, 1)
		if err != nil {
			return nil, err
		}
		if size <= 0 {
			return nil, n.fail("the chunk size must be a positive integer, got %d", size)
		}
		out := []any{}
		for i := 0; i < len(a); i += int(size) {
			end := min(i+int(size), len(a))
			out = append(out, append([]any(nil), a[i:end]...))
		}
		return out, nil
	case "States.ArrayContains":
		a, err := argArray(n, args, 0)
		if err != nil {
			return nil, err
		}
		for _, e := range a {
			if deepEqual(e, args[1]) {
				return true, nil
			}
		}
		return false, nil
	case "States.ArrayRange":
		var ints [3]int64
		for i := range 3 {
			v, err := argInt(n, args, i)
			if err != nil {
				return nil, err
			}
			ints[i] = v
		}
		start, end, step := ints[0], ints[1], ints[2]
		if step == 0 {
			return nil, n.fail("the step cannot be 0")
		}
		count := int64(0)
		if step > 0 && end >= start {
			count = (end-start)/step + 1
		} else if step < 0 && end <= start {
			count = (start-end)/(-step) + 1
		}
		if count > maxArrayRange {
			return nil, n.fail("the result would have %d items; at most %d are allowed", count, maxArrayRange)
		}
		out := make([]any, 0, count)
		for i := int64(0); i < count; i++ {
			out = append(out, start+i*step)
		}
		return out, nil
	case "States.ArrayGetItem":
		a, err := argArray(n, args, 0)
		if err != nil {
			return nil, err
		}
		idx, err := argInt(n, args, 1)
		if err != nil {
			return nil, err
		}
		if idx < 0 || idx >= int64(len(a)) {
			return nil, n.fail("index %d is out of bounds for an array of length %d", idx, len(a))
		}
		return a[idx], nil
	case "States.ArrayLength":
		a, err := argArray(n, args, 0)
		if err != nil {
			return nil, err
		}
		return int64(len(a)), nil
	case "States.ArrayUnique":
		a, err := argArray(n, args, 0)
		if err != nil {
			return nil, err
		}
		out := []any{}
	next:
		for _, e := range a {
			for _, seen := range out {
				if deepEqual(seen, e) {
					continue next
				}
			}
			out = append(out, e)
		}
		return out, nil
	case "States.Base64Encode":
		s, err := argString(n, args, 0)
		if err != nil {
			return nil, err
		}
		if utf8.RuneCountInString(s) > maxEncodeLength {
			return nil, n.fail("the input must be at most %d characters", maxEncodeLength)
		}
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	case "States.Base64Decode":
		s, err := argString(n, args, 0)
		if err != nil {
			return nil, err
		}
		if utf8.RuneCountInString(s) > maxEncodeLength {
			return nil, n.fail("the input must be at most %d characters", maxEncodeLength)
		}
		b, derr := base64.StdEncoding.DecodeString(s)
		if derr != nil {
			return nil, n.fail("the input '%s' is not valid base64", s)
		}
		return string(b), nil
	case "States.Hash":
		return fnHash(n, args)
	case "States.JsonMerge":
		a, ok1 := args[0].(map[string]any)
		b, ok2 := args[1].(map[string]any)
		if !ok1 || !ok2 {
			return nil, n.fail("the first two arguments must be JSON objects")
		}
		if deep, ok := args[2].(bool); !ok || deep {
			return nil, n.fail("the third argument must be false; deep merging is not supported")
		}
		out := make(map[string]any, len(a)+len(b))
		for k, v := range a {
			out[k] = v
		}
		for k, v := range b {
			out[k] = v
		}
		return out, nil
	case "States.MathRandom":
		return fnMathRandom(n, args, env)
	case "States.MathAdd":
		var sum int64
		for i := range 2 {
			r, err := argRounded(n, args, i)
			if err != nil {
				return nil, err
			}
			if r < math.MinInt32 || r > math.MaxInt32 {
				return nil, n.fail("argument %d must be between %d and %d", i+1, math.MinInt32, math.MaxInt32)
			}
			sum += r
		}
		return sum, nil
	case "States.StringSplit":
		s, err := argString(n, args, 0)
		if err != nil {
			return nil, err
		}
		d, err := argString(n, args, 1)
		if err != nil {
			return nil, err
		}
		out := []any{}
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(d, r) }) {
			out = append(out, f)
		}
		return out, nil
	case "States.UUID":
		var b [16]byte
		if _, err := io.ReadFull(randReader(env), b[:]); err != nil {
			return nil, n.fail("no randomness: %v", err)
		}
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h := hex.EncodeToString(b[:])
		return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
	}
	return nil, n.fail("unknown function")
}

func (n *callNode) fail(format string, args ...any) *Error {
	return intrinsicErr(fmt.Sprintf("Invalid arguments in %s: ", n.name) + fmt.Sprintf(format, args...))
}

func randReader(env *Env) io.Reader {
	if env != nil && env.Rand != nil {
		return env.Rand
	}
	return rand.Reader
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func argString(n *callNode, args []any, i int) (string, error) {
	s, ok := args[i].(string)
	if !ok {
		return "", n.fail("argument %d must be a string, got %s", i+1, typeName(args[i]))
	}
	return s, nil
}

func argArray(n *callNode, args []any, i int) ([]any, error) {
	a, ok := args[i].([]any)
	if !ok {
		return nil, n.fail("argument %d must be an array, got %s", i+1, typeName(args[i]))
	}
	return a, nil
}

// argInt accepts integers and floats with no fraction.
func argInt(n *callNode, args []any, i int) (int64, error) {
	switch x := args[i].(type) {
	case int64:
		return x, nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), nil
		}
	}
	return 0, n.fail("argument %d must be an integer, got %s", i+1, encodeString(args[i]))
}

// argRounded accepts any number and rounds it as Java's Math.round does
// (half up): AWS documents that MathAdd and MathRandom round non-integer
// arguments to the nearest integer, and its recorded MathAdd results
// (1.49+1.5=3, -1.5+-1.51=-3) match Math.round.
func argRounded(n *callNode, args []any, i int) (int64, error) {
	f, ok := toFloat(args[i])
	if !ok {
		return 0, n.fail("argument %d must be a number, got %s", i+1, typeName(args[i]))
	}
	if i64, isInt := args[i].(int64); isInt {
		return i64, nil
	}
	r := math.Floor(f + 0.5)
	if r < math.MinInt64/2 || r > math.MaxInt64/2 {
		return 0, n.fail("argument %d is out of range", i+1)
	}
	return int64(r), nil
}

// fnFormat implements States.Format: each {} takes the next argument,
// rendered as Java's toString of the value (objects {a=1}); \{ and \} are
// literal braces.
func fnFormat(n *callNode, args []any) (any, error) {
	var tmpl string
	if sn, ok := n.args[0].(*strNode); ok {
		tmpl = sn.raw
	} else {
		s, err := argString(n, args, 0)
		if err != nil {
			return nil, err
		}
		tmpl = s
	}
	var sb strings.Builder
	next := 1
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		switch {
		case c == '\\' && i+1 < len(tmpl) && (tmpl[i+1] == '{' || tmpl[i+1] == '}'):
			sb.WriteByte(tmpl[i+1])
			i++
		case c == '{' && i+1 < len(tmpl) && tmpl[i+1] == '}':
			if next >= len(args) {
				return nil, n.fail("the format string has more placeholders than the %d argument(s) given", len(args)-1)
			}
			sb.WriteString(javaString(args[next]))
			next++
			i++
		case c == '{' || c == '}':
			return nil, n.fail("unmatched '%c' in the format string; escape literal braces as \\%c", c, c)
		default:
			sb.WriteByte(c)
		}
	}
	if next != len(args) {
		return nil, n.fail("the format string has %d placeholder(s) but %d argument(s) were given", next-1, len(args)-1)
	}
	return sb.String(), nil
}

func fnHash(n *callNode, args []any) (any, error) {
	data, ok := args[0].(string)
	if !ok {
		if args[0] == nil {
			return nil, n.fail("the data to hash must not be null")
		}
		data = encodeString(args[0])
	}
	if utf8.RuneCountInString(data) > maxEncodeLength {
		return nil, n.fail("the input must be at most %d characters", maxEncodeLength)
	}
	alg, err := argString(n, args, 1)
	if err != nil {
		return nil, err
	}
	var h hash.Hash
	switch alg {
	case "MD5":
		h = md5.New()
	case "SHA-1":
		h = sha1.New()
	case "SHA-256":
		h = sha256.New()
	case "SHA-384":
		h = sha512.New384()
	case "SHA-512":
		h = sha512.New()
	default:
		return nil, n.fail("the hash algorithm '%s' is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512", alg)
	}
	h.Write([]byte(data))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fnMathRandom returns an integer in [start, end). With a seed it is
// java.util.Random(seed).nextInt(end-start)+start, so seeded calls give
// the same numbers AWS gives.
func fnMathRandom(n *callNode, args []any, env *Env) (any, error) {
	start, err := argRounded(n, args, 0)
	if err != nil {
		return nil, err
	}
	end, err := argRounded(n, args, 1)
	if err != nil {
		return nil, err
	}
	if start < math.MinInt32 || end > math.MaxInt32 {
		return nil, n.fail("start and end must be 32-bit integers")
	}
	if end <= start {
		return nil, n.fail("the end (%d) must be greater than the start (%d)", end, start)
	}
	bound := end - start
	if bound > math.MaxInt32 {
		return nil, n.fail("the range is too large")
	}
	if len(args) == 3 {
		seed, err := argRounded(n, args, 2)
		if err != nil {
			return nil, err
		}
		r := newJavaRandom(seed)
		return start + int64(r.nextInt(int32(bound))), nil
	}
	var b [8]byte
	if _, err := io.ReadFull(randReader(env), b[:]); err != nil {
		return nil, n.fail("no randomness: %v", err)
	}
	return start + int64(binary.BigEndian.Uint64(b[:])%uint64(bound)), nil
}

// javaRandom is java.util.Random's linear congruential generator.
type javaRandom struct{ seed int64 }

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ 0x5DEECE66D) & (1<<48 - 1)}
}

func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*0x5DEECE66D + 0xB) & (1<<48 - 1)
	return int32(r.seed >> (48 - bits))
}

func (r *javaRandom) nextInt(bound int32) int32 {
	rn := r.next(31)
	m := bound - 1
	if bound&m == 0 {
		return int32((int64(bound) * int64(rn)) >> 31)
	}
	u := rn
	for {
		rn = u % bound
		if u-rn+m >= 0 {
			return rn
		}
		u = r.next(31)
	}
}
