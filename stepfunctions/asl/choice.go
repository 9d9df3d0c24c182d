package asl

import (
	"fmt"
	"strings"
	"time"
)

// ChoiceRule is one Choice rule (top level, with Next) or a nested
// condition inside And/Or/Not.
type ChoiceRule struct {
	// Next is the rule's target (top-level rules only).
	Next    string
	Assign  *Template
	Comment string
	// Variable is the path compared (nil for And/Or/Not).
	Variable *Path
	// Operator is the comparison ("StringEquals", "NumericLessThanPath",
	// "IsPresent", "And", ...).
	Operator string
	// Value is the literal operand; ValuePath is set instead for the "…Path"
	// operators.
	Value     any
	ValuePath *Path
	// Rules holds the operands of And/Or, or the single operand of Not.
	Rules []*ChoiceRule

	glob []globTok // StringMatches pattern, compiled by Parse (read-only after)

	// JSONata holds a JSONata rule's Condition, Output and Assign (nil in
	// JSONPath).
	JSONata *QueryFields
}

// comparison operators and the operand type each expects ("string",
// "number", "boolean", "timestamp"); the "Path" variants are derived.
var choiceComparisons = map[string]string{
	"StringEquals": "string", "StringLessThan": "string", "StringGreaterThan": "string",
	"StringLessThanEquals": "string", "StringGreaterThanEquals": "string", "StringMatches": "string",
	"NumericEquals": "number", "NumericLessThan": "number", "NumericGreaterThan": "number",
	"NumericLessThanEquals": "number", "NumericGreaterThanEquals": "number",
	"BooleanEquals":   "boolean",
	"TimestampEquals": "timestamp", "TimestampLessThan": "timestamp", "TimestampGreaterThan": "timestamp",
	"TimestampLessThanEquals": "timestamp", "TimestampGreaterThanEquals": "timestamp",
}

var choiceTypeTests = map[string]bool{
	"IsNull": true, "IsPresent": true, "IsNumeric": true, "IsString": true, "IsBoolean": true, "IsTimestamp": true,
}

// isChoiceOperator reports whether name is a Choice operator field.
func isChoiceOperator(name string) bool {
	if name == "And" || name == "Or" || name == "Not" || choiceTypeTests[name] {
		return true
	}
	if _, ok := choiceComparisons[name]; ok {
		return true
	}
	base, ok := strings.CutSuffix(name, "Path")
	if ok && base != "StringMatches" {
		_, ok = choiceComparisons[base]
		return ok
	}
	return false
}

// Eval reports whether the rule matches. A comparison with a value of the
// wrong type is false, not an error. A missing Variable fails with
// States.Runtime, except under IsPresent; so does a missing …Path operand.
func (c *ChoiceRule) Eval(input any, env *Env) (bool, error) {
	switch c.Operator {
	case "And":
		for _, r := range c.Rules {
			ok, err := r.Eval(input, env)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case "Or":
		for _, r := range c.Rules {
			ok, err := r.Eval(input, env)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case "Not":
		ok, err := c.Rules[0].Eval(input, env)
		return !ok && err == nil, err
	}
	v, found, err := c.Variable.Lookup(input, env)
	if err != nil {
		return false, err
	}
	if c.Operator == "IsPresent" {
		want, _ := c.Value.(bool)
		return found == want, nil
	}
	if !found {
		return false, invalidChoicePath(c.Variable)
	}
	if choiceTypeTests[c.Operator] {
		want, _ := c.Value.(bool)
		var is bool
		switch c.Operator {
		case "IsNull":
			is = v == nil
		case "IsNumeric":
			is = isNumber(v)
		case "IsString":
			_, is = v.(string)
		case "IsBoolean":
			_, is = v.(bool)
		case "IsTimestamp":
			s, ok := v.(string)
			_, terr := parseTimestamp(s)
			is = ok && terr == nil
		}
		return is == want, nil
	}
	operand := c.Value
	base := c.Operator
	if c.ValuePath != nil {
		base = strings.TrimSuffix(base, "Path")
		operand, found, err = c.ValuePath.Lookup(input, env)
		if err != nil {
			return false, err
		}
		if !found {
			return false, invalidChoicePath(c.ValuePath)
		}
	}
	if base == "StringMatches" {
		s, ok := v.(string)
		if !ok {
			return false, nil
		}
		glob := c.glob
		if glob == nil { // a rule not built by Parse
			pattern, _ := c.Value.(string)
			glob = compileGlob(pattern)
		}
		return globMatch(glob, s), nil
	}
	return compare(base, v, operand), nil
}

func invalidChoicePath(p *Path) *Error {
	return runtimeErr(fmt.Sprintf("Invalid path '%s': The choice state's condition path references an invalid value.", p.String()))
}

// compare applies a comparison operator; mismatched types are false.
func compare(op string, v, operand any) bool {
	var cmp int
	switch choiceComparisons[op] {
	case "string":
		a, ok1 := v.(string)
		b, ok2 := operand.(string)
		if !ok1 || !ok2 {
			return false
		}
		cmp = strings.Compare(a, b) // byte order of UTF-8 = code-point order
	case "number":
		if !isNumber(v) || !isNumber(operand) {
			return false
		}
		cmp = numCompare(v, operand)
	case "boolean":
		a, ok1 := v.(bool)
		b, ok2 := operand.(bool)
		return ok1 && ok2 && a == b
	case "timestamp":
		a, ok1 := v.(string)
		b, ok2 := operand.(string)
		if !ok1 || !ok2 {
			return false
		}
		ta, err1 := parseTimestamp(a)
		tb, err2 := parseTimestamp(b)
		if err1 != nil || err2 != nil {
			return false
		}
		cmp = ta.Compare(tb)
	default:
		return false
	}
	switch {
	case strings.HasSuffix(op, "GreaterThanEquals"):
		return cmp >= 0
	case strings.HasSuffix(op, "LessThanEquals"):
		return cmp <= 0
	case strings.HasSuffix(op, "GreaterThan"):
		return cmp > 0
	case strings.HasSuffix(op, "LessThan"):
		return cmp < 0
	}
	return cmp == 0
}

// parseTimestamp accepts RFC 3339 timestamps (with optional fractional
// seconds), as ASL requires.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	// time.Parse accepts lower-case 't'/'z'; ASL wants upper case.
	if strings.ContainsAny(s, "tz") {
		return time.Time{}, fmt.Errorf("timestamp %q: 'T' and 'Z' must be upper case", s)
	}
	return t, nil
}

// globTok is one element of a StringMatches pattern: a '*' wildcard or a
// literal character.
type globTok struct {
	star bool
	r    rune
}

// compileGlob reads a StringMatches pattern: '*' matches any run of
// characters, "\*" is a literal star and "\\" a literal backslash.
func compileGlob(pattern string) []globTok {
	toks := []globTok{}
	pr := []rune(pattern)
	for i := 0; i < len(pr); i++ {
		if pr[i] == '\\' && i+1 < len(pr) && (pr[i+1] == '*' || pr[i+1] == '\\') {
			toks = append(toks, globTok{r: pr[i+1]})
			i++
			continue
		}
		toks = append(toks, globTok{star: pr[i] == '*', r: pr[i]})
	}
	return toks
}

// globMatch matches s against a compiled pattern, backtracking to the last
// star (linear for patterns with one star, O(len(s)*len(pattern)) worst case).
func globMatch(toks []globTok, s string) bool {
	sr := []rune(s)
	ti, si, starT, starS := 0, 0, -1, 0
	for si < len(sr) {
		switch {
		case ti < len(toks) && toks[ti].star:
			starT, starS = ti, si
			ti++
		case ti < len(toks) && toks[ti].r == sr[si]:
			ti++
			si++
		case starT >= 0:
			starS++
			si = starS
			ti = starT + 1
		default:
			return false
		}
	}
	for ti < len(toks) && toks[ti].star {
		ti++
	}
	return ti == len(toks)
}
