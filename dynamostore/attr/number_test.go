package attr

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
)

func TestNormalizeNumber(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"-0", "0"},
		{"0.000", "0"},
		{"0e99999", "0"},
		{"1", "1"},
		{"1.50", "1.5"},
		{"0100", "100"},
		{"00042", "42"},
		{"1E+2", "100"},
		{"1e2", "100"},
		{"1.5E2", "150"},
		{"3.1400", "3.14"},
		{"1.0", "1"},
		{"+7", "7"},
		{".5", "0.5"},
		{"5.", "5"},
		{"-0.0010", "-0.001"},
		{"-12.34e-1", "-1.234"},
		{"123.456e-5", "0.00123456"},
		{"1E-130", "0." + strings.Repeat("0", 129) + "1"},
		{"9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		{"-9.9999999999999999999999999999999999999E+125", "-99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		{"12345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
		{"1234567890123456789012345678901234567800000", "1234567890123456789012345678901234567800000"},
		{"0.00000000000000000000000000000000000000000012345678901234567890123456789012345678", "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := NormalizeNumber(tt.in)
			if err != nil {
				t.Fatalf("NormalizeNumber(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
			v := MustN(tt.in)
			if v.Str() != tt.want {
				t.Errorf("N(%q).Str() = %q", tt.in, v.Str())
			}
			// The normalised text parses to the same number.
			again := MustN(got)
			if !Equal(v, again) || again.Str() != got {
				t.Errorf("N(%q) round trip: %v vs %v", got, v, again)
			}
		})
	}
}

func TestNumberErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", MsgNotNumeric},
		{"b", MsgNotNumeric + ": b"},
		{"abc", MsgNotNumeric + ": abc"},
		{" 1", MsgNotNumeric + ":  1"},
		{"1 ", MsgNotNumeric + ": 1 "},
		{"1e", MsgNotNumeric + ": 1e"},
		{"1e+", MsgNotNumeric + ": 1e+"},
		{"1.2.3", MsgNotNumeric + ": 1.2.3"},
		{".", MsgNotNumeric + ": ."},
		{"-", MsgNotNumeric + ": -"},
		{"Infinity", MsgNotNumeric + ": Infinity"},
		{"NaN", MsgNotNumeric + ": NaN"},
		{"0x10", MsgNotNumeric + ": 0x10"},
		{"1,000", MsgNotNumeric + ": 1,000"},
		{"123456789012345678901234567890123456789", MsgTooManyDigits},
		{"-1.23456789012345678901234567890123456789", MsgTooManyDigits},
		{"1e126", MsgOverflow},
		{"1E+126", MsgOverflow},
		{"-1e126", MsgOverflow},
		{"10E125", MsgOverflow},
		{"1e9999999999999", MsgOverflow},
		{"1e-131", MsgUnderflow},
		{"-1e-131", MsgUnderflow},
		{"0.1e-130", MsgUnderflow},
		{"1e-9999999999999", MsgUnderflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := N(tt.in)
			var e *Error
			if !errors.As(err, &e) || e.Msg != tt.want {
				t.Errorf("N(%q) error = %v, want %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestNFromDecimal(t *testing.T) {
	t.Parallel()
	d, _, _ := apd.NewFromString("1.2300E+5")
	v, err := NFromDecimal(d)
	if err != nil || v.Str() != "123000" {
		t.Errorf("NFromDecimal(1.2300E+5) = %v, %v", v, err)
	}
	d, _, _ = apd.NewFromString("1E+126")
	if _, err := NFromDecimal(d); err == nil || err.Error() != MsgOverflow {
		t.Errorf("NFromDecimal(1E+126) error = %v", err)
	}
	d, _, _ = apd.NewFromString("NaN")
	if _, err := NFromDecimal(d); err == nil {
		t.Error("NFromDecimal(NaN) succeeded")
	}
	if got := NFromInt(-42).Str(); got != "-42" {
		t.Errorf("NFromInt(-42) = %s", got)
	}
}

// randomNumber returns random valid number text: up to 38 digits, any
// exponent in range, either sign, sometimes zero, in varied notation.
func randomNumber(r *rand.Rand) string {
	if r.IntN(20) == 0 {
		return "0"
	}
	n := 1 + r.IntN(MaxDigits)
	if r.IntN(3) == 0 {
		n = 1 + r.IntN(3) // favour short numbers so that equal prefixes occur
	}
	digits := make([]byte, n)
	for i := range digits {
		digits[i] = byte('0' + r.IntN(10))
	}
	digits[0] = byte('1' + r.IntN(9))
	adj := MinExponent + r.IntN(MaxExponent-MinExponent+1)
	if r.IntN(2) == 0 {
		adj = r.IntN(7) - 3
	}
	sign := ""
	if r.IntN(2) == 0 {
		sign = "-"
	}
	// d.ddd × 10^adj
	s := sign + string(digits[:1]) + "." + string(digits[1:]) + "E" + itoaTest(adj)
	return s
}

func itoaTest(i int) string {
	if i < 0 {
		return "-" + itoaTest(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoaTest(i/10) + string(rune('0'+i%10))
}

func sign(i int) int {
	switch {
	case i < 0:
		return -1
	case i > 0:
		return 1
	}
	return 0
}

// TestKeyBytesOrder is the property test: for random numbers,
// bytes.Compare(KeyBytes(a), KeyBytes(b)) == Compare(a, b).
func TestKeyBytesOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]Value, 3000)
	for i := range vals {
		vals[i] = MustN(randomNumber(r))
	}
	vals = append(vals, MustN("1E-130"), MustN("-1E-130"), MustN("9.9999999999999999999999999999999999999E+125"),
		MustN("-9.9999999999999999999999999999999999999E+125"), MustN("0"), MustN("1"), MustN("10"), MustN("-1"), MustN("-10"),
		MustN("0.1"), MustN("-0.1"), MustN("0.12"), MustN("-0.12"), MustN("0.123"), MustN("-0.123"))
	for i := 0; i < 20000; i++ {
		a, b := vals[r.IntN(len(vals))], vals[r.IntN(len(vals))]
		want, err := Compare(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Compare(KeyBytes(a), KeyBytes(b)); got != want {
			t.Fatalf("KeyBytes order of %s and %s = %d, Compare = %d", a.Str(), b.Str(), got, want)
		}
	}
	// Equal numbers written differently encode identically.
	for _, pair := range [][2]string{{"1.50", "1.5"}, {"100", "1E2"}, {"-0", "0"}, {"0.0010", "1e-3"}} {
		if !bytes.Equal(KeyBytes(MustN(pair[0])), KeyBytes(MustN(pair[1]))) {
			t.Errorf("KeyBytes(%s) != KeyBytes(%s)", pair[0], pair[1])
		}
	}
}

func TestKeyBytesStringsAndBinary(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	randBytes := func() []byte {
		b := make([]byte, r.IntN(6))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return b
	}
	for i := 0; i < 5000; i++ {
		a, b := randBytes(), randBytes()
		for _, pair := range [][2]Value{{B(a), B(b)}, {S(string(a)), S(string(b))}} {
			want, _ := Compare(pair[0], pair[1])
			if got := bytes.Compare(KeyBytes(pair[0]), KeyBytes(pair[1])); got != want {
				t.Fatalf("KeyBytes order of %v and %v = %d, want %d", pair[0], pair[1], got, want)
			}
		}
	}
	if KeyBytes(Bool(true)) != nil {
		t.Error("KeyBytes(BOOL) != nil")
	}
}

func TestKeyTupleOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	pick := func() [2]Value {
		h := S(string([]byte{byte(r.IntN(3)), byte(r.IntN(2))})[:r.IntN(3)])
		return [2]Value{h, MustN(randomNumber(r))}
	}
	for i := 0; i < 5000; i++ {
		a, b := pick(), pick()
		want, _ := Compare(a[0], b[0])
		if want == 0 {
			want, _ = Compare(a[1], b[1])
		}
		if got := bytes.Compare(KeyTuple(a[0], a[1]), KeyTuple(b[0], b[1])); got != want {
			t.Fatalf("KeyTuple order of %v and %v = %d, want %d", a, b, got, want)
		}
	}
}

// FuzzKeyBytes checks that KeyBytes preserves the order of any two valid
// numbers, and that number parsing never panics.
func FuzzKeyBytes(f *testing.F) {
	for _, pair := range [][2]string{{"1", "2"}, {"-1", "-0.5"}, {"0.12", "0.123"}, {"-0.12", "-0.123"}, {"1E-130", "0"}, {"9.9E+125", "-9.9E+125"}, {"100", "1e2"}} {
		f.Add(pair[0], pair[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, errA := N(a)
		vb, errB := N(b)
		if errA != nil || errB != nil {
			return
		}
		want, err := Compare(va, vb)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Compare(KeyBytes(va), KeyBytes(vb)); sign(got) != want {
			t.Fatalf("KeyBytes order of %q (%s) and %q (%s) = %d, Compare = %d", a, va.Str(), b, vb.Str(), got, want)
		}
		if again := MustN(va.Str()); again.Str() != va.Str() {
			t.Fatalf("normalised %q reparsed as %q", va.Str(), again.Str())
		}
	})
}
