package vtl

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Java regular expressions (String.matches, replaceAll, replaceFirst, split)
// run on Go's regexp after translation: POSIX classes such as \p{Alpha},
// \uXXXX, \h, possessive quantifiers and atomic groups are rewritten;
// lookaround and backreferences, which RE2 lacks, are errors.

var regexCache sync.Map // Java pattern (with wrapping) -> *regexp.Regexp or error

const maxCachedRegexps = 1000

var cachedRegexps int64
var cacheMu sync.Mutex

// compileRegex compiles a Java pattern, anchored at both ends when whole
// is set (String.matches).
func (s *state) compileRegex(pattern string, whole bool, pos Pos) *regexp.Regexp {
	key := pattern
	if whole {
		key = "\x00" + pattern
	}
	if v, ok := regexCache.Load(key); ok {
		if re, ok := v.(*regexp.Regexp); ok {
			return re
		}
		s.fail(pos, "PatternSyntaxException: %v", v)
	}
	goPattern, err := translateRegex(pattern)
	var re *regexp.Regexp
	if err == nil {
		re, err = regexp.Compile(goPattern)
		if err == nil && whole {
			re, err = regexp.Compile(`\A(?:` + goPattern + `)\z`)
		}
		if err != nil {
			err = errors.New(strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
	}
	cacheMu.Lock()
	if cachedRegexps < maxCachedRegexps {
		cachedRegexps++
		if err != nil {
			regexCache.Store(key, err.Error())
		} else {
			regexCache.Store(key, re)
		}
	}
	cacheMu.Unlock()
	if err != nil {
		s.fail(pos, "PatternSyntaxException: %v in %q", err, pattern)
	}
	return re
}

var posixClasses = map[string]string{
	"Lower": "lower", "Upper": "upper", "ASCII": "ascii", "Alpha": "alpha", "Digit": "digit",
	"Alnum": "alnum", "Punct": "punct", "Graph": "graph", "Print": "print", "Blank": "blank",
	"Cntrl": "cntrl", "XDigit": "xdigit", "Space": "space",
}

var javaClasses = map[string]string{
	"javaLowerCase": `\p{Ll}`, "javaUpperCase": `\p{Lu}`, "javaWhitespace": `\s`, "javaDigit": `\p{Nd}`,
	"javaLetter": `\p{L}`, "javaLetterOrDigit": `\p{L}\p{Nd}`, "IsAlphabetic": `\p{L}`, "IsLetter": `\p{L}`,
	"IsDigit": `\p{Nd}`, "IsUppercase": `\p{Lu}`, "IsLowercase": `\p{Ll}`, "IsWhite_Space": `\s`,
	"IsWhiteSpace": `\s`, "IsPunctuation": `\p{P}`, "IsControl": `\p{Cc}`,
}

const horizontalSpace = ` \t\x{A0}\x{1680}\x{180e}\x{2000}-\x{200a}\x{202f}\x{205f}\x{3000}`
const verticalSpace = `\n\x0B\f\r\x{85}\x{2028}\x{2029}`

// translateRegex rewrites a Java pattern in RE2 syntax.
func translateRegex(p string) (string, error) {
	var b strings.Builder
	class := 0 // depth of [...]
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '\\':
			if i+1 >= len(p) {
				return "", errors.New("unexpected internal error near index " + strconv.Itoa(i))
			}
			i++
			n := p[i]
			switch {
			case n == 'Q':
				end := strings.Index(p[i+1:], `\E`)
				lit := p[i+1:]
				if end >= 0 {
					lit = p[i+1 : i+1+end]
					i += end + 2
				} else {
					i = len(p)
				}
				b.WriteString(regexp.QuoteMeta(lit))
			case n == 'p' || n == 'P':
				name := ""
				if i+1 < len(p) && p[i+1] == '{' {
					end := strings.IndexByte(p[i+1:], '}')
					if end < 0 {
						return "", errors.New(`unclosed character family`)
					}
					name = p[i+2 : i+1+end]
					i += end + 1
				} else if i+1 < len(p) {
					name = p[i+1 : i+2]
					i++
				}
				neg := n == 'P'
				if pc, ok := posixClasses[strings.TrimPrefix(name, "Is")]; ok {
					if neg {
						pc = "^" + pc
					}
					if class > 0 {
						b.WriteString("[:" + pc + ":]")
					} else {
						b.WriteString("[[:" + pc + ":]]")
					}
					continue
				}
				if jc, ok := javaClasses[name]; ok {
					switch {
					case class > 0 && !neg:
						b.WriteString(jc)
					case class > 0:
						return "", fmt.Errorf(`\P{%s} inside a character class is not supported`, name)
					case neg:
						b.WriteString("[^" + jc + "]")
					default:
						b.WriteString("[" + jc + "]")
					}
					continue
				}
				if strings.HasPrefix(name, "In") {
					return "", fmt.Errorf(`Unicode block \p{%s} is not supported`, name)
				}
				name = strings.TrimPrefix(name, "Is")
				b.WriteString(`\` + string(n) + "{" + name + "}")
			case n == 'h':
				if class > 0 {
					b.WriteString(horizontalSpace)
				} else {
					b.WriteString("[" + horizontalSpace + "]")
				}
			case n == 'H' && class == 0:
				b.WriteString("[^" + horizontalSpace + "]")
			case n == 'v':
				if class > 0 {
					b.WriteString(verticalSpace)
				} else {
					b.WriteString("[" + verticalSpace + "]")
				}
			case n == 'V' && class == 0:
				b.WriteString("[^" + verticalSpace + "]")
			case n == 'R' && class == 0:
				b.WriteString(`(?:\r\n|[` + verticalSpace + `])`)
			case n == 'Z':
				b.WriteString(`\z`)
			case n == 'e':
				b.WriteString(`\x1B`)
			case n == 'u':
				if i+4 >= len(p) {
					return "", errors.New(`illegal Unicode escape sequence`)
				}
				if _, err := strconv.ParseUint(p[i+1:i+5], 16, 16); err != nil {
					return "", errors.New(`illegal Unicode escape sequence`)
				}
				b.WriteString(`\x{` + p[i+1:i+5] + `}`)
				i += 4
			case n == 'c':
				if i+1 >= len(p) {
					return "", errors.New(`illegal control escape sequence`)
				}
				i++
				fmt.Fprintf(&b, `\x{%x}`, p[i]^64)
			case n == '0':
				j := i + 1
				for j < len(p) && j < i+4 && p[j] >= '0' && p[j] <= '7' {
					j++
				}
				if j == i+1 {
					return "", errors.New(`illegal octal escape sequence`)
				}
				v, _ := strconv.ParseUint(p[i+1:j], 8, 32)
				if v > 0377 {
					j--
					v, _ = strconv.ParseUint(p[i+1:j], 8, 32)
				}
				fmt.Fprintf(&b, `\x{%x}`, v)
				i = j - 1
			case n >= '1' && n <= '9' && class == 0, n == 'k' && class == 0:
				return "", errors.New("backreferences are not supported")
			case n == 'G':
				return "", errors.New(`\G is not supported`)
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
		case '[':
			if class > 0 {
				// A nested class is a union in Java: flatten it.
				if i+1 < len(p) && p[i+1] == '^' {
					return "", errors.New("negated nested character classes are not supported")
				}
				class++
				continue
			}
			class++
			b.WriteByte('[')
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
		case ']':
			if class > 1 {
				class--
				continue
			}
			if class == 1 {
				class--
			}
			b.WriteByte(']')
		case '&':
			if class > 0 && i+1 < len(p) && p[i+1] == '&' {
				return "", errors.New("character class intersection (&&) is not supported")
			}
			b.WriteByte(c)
		case '(':
			if class == 0 && strings.HasPrefix(p[i:], "(?") {
				rest := p[i+2:]
				switch {
				case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
					strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
					return "", errors.New("lookahead and lookbehind are not supported")
				case strings.HasPrefix(rest, ">"):
					b.WriteString("(?:")
					i += 2
					continue
				case strings.HasPrefix(rest, "<"):
					b.WriteString("(?P<")
					i += 2
					continue
				}
				// Inline flags: Java's u, d and U have no RE2 meaning (RE2's U
				// is ungreedy); x is not supported.
				j := 0
				for j < len(rest) && rest[j] != ')' && rest[j] != ':' {
					j++
				}
				flags := rest[:j]
				if strings.ContainsRune(flags, 'x') {
					return "", errors.New("the COMMENTS flag (?x) is not supported")
				}
				kept := strings.Map(func(r rune) rune {
					if r == 'u' || r == 'd' || r == 'U' {
						return -1
					}
					return r
				}, flags)
				if kept == "" || kept == "-" {
					if j < len(rest) && rest[j] == ':' {
						b.WriteString("(?:")
					}
					// A bare flag group with nothing left is dropped.
					i += 2 + j
					continue
				}
				b.WriteString("(?" + kept)
				i += 1 + j
				continue
			}
			b.WriteByte(c)
		case '*', '+', '?', '}':
			b.WriteByte(c)
			if class == 0 && i+1 < len(p) && p[i+1] == '+' {
				i++ // possessive: run it as greedy
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// regexReplace is Java's replaceAll/replaceFirst: $n and ${name} insert
// groups, a backslash quotes the next character.
func (s *state) regexReplace(str, pattern, repl string, all bool, pos Pos) string {
	re := s.compileRegex(pattern, false, pos)
	n := 1
	if all {
		n = -1
	}
	matches := re.FindAllStringSubmatchIndex(str, n)
	if len(matches) == 0 {
		return str
	}
	var b strings.Builder
	last := 0
	groups := re.NumSubexp()
	for _, m := range matches {
		b.WriteString(str[last:m[0]])
		for i := 0; i < len(repl); i++ {
			c := repl[i]
			switch c {
			case '\\':
				i++
				if i >= len(repl) {
					s.fail(pos, "IllegalArgumentException: character to be escaped is missing")
				}
				b.WriteByte(repl[i])
			case '$':
				i++
				if i >= len(repl) {
					s.fail(pos, "IllegalArgumentException: Illegal group reference: group index is missing")
				}
				g := -1
				if repl[i] == '{' {
					end := strings.IndexByte(repl[i:], '}')
					if end < 0 {
						s.fail(pos, "IllegalArgumentException: named capturing group is missing trailing '}'")
					}
					name := repl[i+1 : i+end]
					g = re.SubexpIndex(name)
					if g < 0 {
						s.fail(pos, "IllegalArgumentException: No group with name {%s}", name)
					}
					i += end
				} else if repl[i] >= '0' && repl[i] <= '9' {
					g = int(repl[i] - '0')
					if g > groups {
						s.fail(pos, "IndexOutOfBoundsException: No group %d", g)
					}
					for i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9' {
						ng := g*10 + int(repl[i+1]-'0')
						if ng > groups {
							break
						}
						g = ng
						i++
					}
				} else {
					s.fail(pos, "IllegalArgumentException: Illegal group reference")
				}
				if m[2*g] >= 0 {
					b.WriteString(str[m[2*g]:m[2*g+1]])
				}
			default:
				b.WriteByte(c)
			}
			if b.Len() > maxString {
				s.fail(pos, "string is over %d bytes", maxString)
			}
		}
		last = m[1]
	}
	b.WriteString(str[last:])
	return b.String()
}

// split is Java's String.split(regex, limit).
func (s *state) split(str, pattern string, limit int, pos Pos) *value.List {
	re := s.compileRegex(pattern, false, pos)
	n := -1
	if limit > 0 {
		n = limit
	}
	var parts []any
	index := 0
	for _, m := range re.FindAllStringIndex(str, n) {
		if limit > 0 && len(parts) >= limit-1 {
			break
		}
		if index == 0 && m[0] == 0 && m[1] == 0 {
			continue // no empty leading substring for a zero-width match at the start
		}
		parts = append(parts, str[index:m[0]])
		index = m[1]
	}
	if index == 0 && len(parts) == 0 {
		return value.NewList(str)
	}
	parts = append(parts, str[index:])
	if limit == 0 {
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	s.checkSize(pos, len(parts))
	return &value.List{Items: parts}
}

// javaFormat is a subset of Java's String.format: %s %S %d %x %X %o %f %e
// %E %g %c %b %n %% with argument index, flags - 0 + space , and width and
// precision.
func (s *state) javaFormat(f string, args []any, pos Pos) string {
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		start := i
		j := i + 1
		// argument index n$
		argIndex := -1
		k := j
		for k < len(f) && f[k] >= '0' && f[k] <= '9' {
			k++
		}
		if k > j && k < len(f) && f[k] == '$' {
			argIndex, _ = strconv.Atoi(f[j:k])
			argIndex--
			j = k + 1
		}
		flagStart := j
		for j < len(f) && strings.IndexByte("-#+ 0,(", f[j]) >= 0 {
			j++
		}
		flags := f[flagStart:j]
		ws := j
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		width := f[ws:j]
		prec := ""
		if j < len(f) && f[j] == '.' {
			ps := j
			j++
			for j < len(f) && f[j] >= '0' && f[j] <= '9' {
				j++
			}
			prec = f[ps:j]
		}
		if j >= len(f) {
			s.fail(pos, "UnknownFormatConversionException: Conversion = '%%'")
		}
		if w, _ := strconv.Atoi(width); w > 10000 {
			s.fail(pos, "format width %d is too large", w)
		}
		if p, _ := strconv.Atoi(strings.TrimPrefix(prec, ".")); p > 10000 {
			s.fail(pos, "format precision %d is too large", p)
		}
		conv := f[j]
		i = j
		switch conv {
		case '%':
			b.WriteByte('%')
			continue
		case 'n':
			b.WriteByte('\n')
			continue
		}
		var a any
		if argIndex < 0 {
			argIndex = next
			next++
		}
		if argIndex >= len(args) {
			s.fail(pos, "MissingFormatArgumentException: Format specifier '%s'", f[start:j+1])
		}
		a = args[argIndex]
		goFlags := strings.NewReplacer(",", "", "(", "").Replace(flags)
		verb := "%" + goFlags + width + prec
		bad := func() {
			s.fail(pos, "IllegalFormatConversionException: %c != %s", conv, classOf(a).name)
		}
		switch conv {
		case 's', 'S':
			str := s.toString(a)
			if prec != "" {
				p, _ := strconv.Atoi(prec[1:])
				if p < jlen(str) {
					str = jslice(str, 0, p)
				}
			}
			if conv == 'S' {
				str = strings.ToUpper(str)
			}
			b.WriteString(fmt.Sprintf("%"+goFlags+width+"s", str))
		case 'd', 'x', 'X', 'o':
			v, ok := a.(int64)
			if !ok {
				bad()
			}
			out := fmt.Sprintf(verb+string(conv), v)
			if strings.Contains(flags, ",") && conv == 'd' {
				out = groupThousands(out)
			}
			b.WriteString(out)
		case 'f', 'e', 'E', 'g', 'G':
			v, ok := a.(float64)
			if !ok {
				bad()
			}
			if prec == "" {
				verb += ".6"
			}
			out := fmt.Sprintf(verb+string(conv), v)
			if strings.Contains(flags, ",") && conv == 'f' {
				out = groupThousands(out)
			}
			b.WriteString(out)
		case 'c':
			switch v := a.(type) {
			case string:
				if jlen(v) != 1 {
					bad()
				}
				b.WriteString(fmt.Sprintf("%"+goFlags+width+"s", v))
			case int64:
				b.WriteString(fmt.Sprintf("%"+goFlags+width+"c", rune(v)))
			default:
				bad()
			}
		case 'b', 'B':
			v := a != nil
			if bv, ok := a.(bool); ok {
				v = bv
			}
			out := fmt.Sprintf("%"+goFlags+width+"t", v)
			if conv == 'B' {
				out = strings.ToUpper(out)
			}
			b.WriteString(out)
		default:
			s.fail(pos, "UnknownFormatConversionException: Conversion = '%c'", conv)
		}
		if b.Len() > maxString {
			s.fail(pos, "string is over %d bytes", maxString)
		}
	}
	return b.String()
}

// groupThousands inserts commas into the integer part of a formatted number.
func groupThousands(s string) string {
	start := strings.IndexAny(s, "0123456789")
	if start < 0 {
		return s
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	digits := s[start:end]
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return s[:start] + b.String() + s[end:]
}
