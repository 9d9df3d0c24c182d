package builtins

import (
	"golang.org/x/text/unicode/norm"
	"strings"
	"unicode"
	"unicode/utf8"
)

// strTable is $util.str.
var strTable = &table{methods: methods("$util.str.", map[string]spec{
	"toUpper": {1, 1, strFunc(javaToUpper)},
	"toLower": {1, 1, strFunc(javaToLower)},
	"toReplace": {3, 3, func(c *call) (any, error) {
		s, err := c.str(0)
		if err != nil {
			return nil, err
		}
		find, err := c.str(1)
		if err != nil {
			return nil, err
		}
		repl, err := c.str(2)
		if err != nil {
			return nil, err
		}
		return strings.ReplaceAll(s, find, repl), nil
	}},
	"normalize": {2, 2, func(c *call) (any, error) {
		s, err := c.str(0)
		if err != nil {
			return nil, err
		}
		form, err := c.str(1)
		if err != nil {
			return nil, err
		}
		switch strings.ToUpper(form) {
		case "NFC":
			return normalize(s, false, true), nil
		case "NFD":
			return normalize(s, false, false), nil
		case "NFKC":
			return normalize(s, true, true), nil
		case "NFKD":
			return normalize(s, true, false), nil
		}
		return nil, c.errorf("unknown normalization form %q (want nfc, nfd, nfkc or nfkd)", form)
	}},
})}

// upperSpecial are the one-to-many upper-case mappings of Unicode's
// SpecialCasing.txt that Java's toUpperCase applies and Go's simple case
// mapping does not.
var upperSpecial = map[rune]string{
	'ß': "SS", 'ŉ': "ʼN", 'ǰ': "J̌", 'ΐ': "Ϊ́", 'ΰ': "Ϋ́", 'և': "ԵՒ",
	'ẖ': "H̱", 'ẗ': "T̈", 'ẘ': "W̊", 'ẙ': "Y̊", 'ẚ': "Aʾ",
	'ﬀ': "FF", 'ﬁ': "FI", 'ﬂ': "FL", 'ﬃ': "FFI", 'ﬄ': "FFL", 'ﬅ': "ST", 'ﬆ': "ST",
	'ﬓ': "ՄՆ", 'ﬔ': "ՄԵ", 'ﬕ': "ՄԻ", 'ﬖ': "ՎՆ", 'ﬗ': "ՄԽ",
}

// javaToUpper is String.toUpperCase in an English locale.
func javaToUpper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range s {
		if sp, ok := upperSpecial[r]; ok {
			b.WriteString(sp)
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// javaToLower is String.toLowerCase in an English locale: simple case
// mapping, plus İ → i̇ and a final capital sigma → ς.
func javaToLower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for i, r := range s {
		switch r {
		case 'İ':
			b.WriteString("i̇")
		case 'Σ':
			if finalSigma(s, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma is Unicode's Final_Sigma condition for the Σ at byte i: a
// cased letter before it and none after it, skipping case-ignorable
// characters.
func finalSigma(s string, i int) bool {
	before := false
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if caseIgnorable(r) {
			continue
		}
		before = cased(r)
		break
	}
	if !before {
		return false
	}
	for j := i + len("Σ"); j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		j += n
		if caseIgnorable(r) {
			continue
		}
		return !cased(r)
	}
	return true
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)
}

func caseIgnorable(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk) ||
		r == '\'' || r == '.' || r == ':' || r == '·' || r == '’'
}

// ---- Unicode normalization ----

// normalize is java.text.Normalizer.normalize: compat selects NFKD/NFKC,
// compose NFC/NFKC.
func normalize(s string, compat, compose bool) string {
	switch {
	case compat && compose:
		return norm.NFKC.String(s)
	case compat:
		return norm.NFKD.String(s)
	case compose:
		return norm.NFC.String(s)
	}
	return norm.NFD.String(s)
}
