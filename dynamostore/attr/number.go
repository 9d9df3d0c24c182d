package attr

import (
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// DynamoDB's number limits.
const (
	MaxDigits   = 38  // significant digits
	MaxExponent = 125 // largest exponent of the leading digit (9.99...E+125)
	MinExponent = -130
)

// number is a parsed DynamoDB number: value = (-1)^neg × 0.digits... more
// precisely digits × 10^exp, with digits free of leading and trailing
// zeros ("" for zero).
type number struct {
	neg    bool
	digits string
	exp    int // exponent of the last digit
}

// adjusted is the exponent of the leading digit (scientific notation).
func (n number) adjusted() int { return n.exp + len(n.digits) - 1 }

func (n number) check() error {
	if n.digits == "" {
		return nil
	}
	switch adj := n.adjusted(); {
	case adj > MaxExponent:
		return validationError(MsgOverflow)
	case adj < MinExponent:
		return validationError(MsgUnderflow)
	case len(n.digits) > MaxDigits:
		return validationError(MsgTooManyDigits)
	}
	return nil
}

// text is the normalised plain-notation form DynamoDB returns: no exponent,
// no leading zeros, no trailing fractional zeros, "0" for zero.
func (n number) text() string {
	if n.digits == "" {
		return "0"
	}
	var sb strings.Builder
	if n.neg {
		sb.WriteByte('-')
	}
	switch point := len(n.digits) + n.exp; {
	case n.exp >= 0:
		sb.WriteString(n.digits)
		for range n.exp {
			sb.WriteByte('0')
		}
	case point > 0:
		sb.WriteString(n.digits[:point])
		sb.WriteByte('.')
		sb.WriteString(n.digits[point:])
	default:
		sb.WriteString("0.")
		for range -point {
			sb.WriteByte('0')
		}
		sb.WriteString(n.digits)
	}
	return sb.String()
}

func (n number) decimal() *apd.Decimal {
	d := new(apd.Decimal)
	if n.digits == "" {
		return d
	}
	d.Coeff.SetString(n.digits, 10)
	d.Exponent = int32(n.exp)
	d.Negative = n.neg
	return d
}

func (n number) value() Value {
	return Value{kind: KindN, s: n.text(), num: n.decimal()}
}

// parseNumber accepts the Java BigDecimal syntax DynamoDB accepts: optional
// sign, digits with an optional point, optional exponent.
func parseNumber(s string) (number, error) {
	if s == "" {
		return number{}, validationError(MsgNotNumeric)
	}
	bad := func() (number, error) {
		return number{}, validationError(MsgNotNumeric + ": " + s)
	}
	i := 0
	var n number
	if s[i] == '+' || s[i] == '-' {
		n.neg = s[i] == '-'
		i++
	}
	var mant []byte
	point, sawDigit, sawPoint := -1, false, false
	for ; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			mant = append(mant, c)
			sawDigit = true
			continue
		}
		if c == '.' && !sawPoint {
			sawPoint = true
			point = len(mant)
			continue
		}
		break
	}
	if !sawDigit {
		return bad()
	}
	exp := 0
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return bad()
		}
		i++
		es := s[i:]
		if es == "" || es == "+" || es == "-" {
			return bad()
		}
		j := 0
		if es[0] == '+' || es[0] == '-' {
			j = 1
		}
		for _, c := range []byte(es[j:]) {
			if c < '0' || c > '9' {
				return bad()
			}
		}
		e, err := strconv.ParseInt(es, 10, 32)
		if err != nil { // out of int32 range: clamp, still out of DynamoDB's range
			e = 1 << 30
			if es[0] == '-' {
				e = -e
			}
		}
		exp = int(e)
	}
	if sawPoint {
		exp -= len(mant) - point
	}
	// Strip leading and trailing zeros.
	start := 0
	for start < len(mant) && mant[start] == '0' {
		start++
	}
	end := len(mant)
	for end > start && mant[end-1] == '0' {
		end--
		exp++
	}
	n.digits = string(mant[start:end])
	n.exp = exp
	if n.digits == "" {
		return number{}, nil // zero, and -0 is 0
	}
	return n, n.check()
}

func numberFromDecimal(d *apd.Decimal) (number, error) {
	switch d.Form {
	case apd.Finite:
	default:
		return number{}, validationError(MsgNotNumeric + ": " + d.String())
	}
	if d.IsZero() {
		return number{}, nil
	}
	digits := d.Coeff.String()
	exp := int(d.Exponent)
	end := len(digits)
	for end > 0 && digits[end-1] == '0' {
		end--
		exp++
	}
	n := number{neg: d.Negative, digits: digits[:end], exp: exp}
	return n, n.check()
}

// NormalizeNumber validates number text and returns its normalised form
// ("1.50" → "1.5", "0100" → "100", "1E+2" → "100", "-0" → "0").
func NormalizeNumber(s string) (string, error) {
	n, err := parseNumber(s)
	if err != nil {
		return "", err
	}
	return n.text(), nil
}
