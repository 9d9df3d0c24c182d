package builtins

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf16"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// coreMethods are the helpers directly on $util, as the AppSync "Utility
// helpers in $util" page lists them.
var coreMethods = methods("$util.", map[string]spec{
	"toJson":    {1, 1, func(c *call) (any, error) { return value.ToJSON(c.args[0]), nil }},
	"parseJson": {1, 1, parseJSON},

	"urlEncode":        {1, 1, strFunc(urlEncode)},
	"urlDecode":        {1, 1, urlDecodeMethod},
	"base64Encode":     {1, 1, strFunc(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) })},
	"base64Decode":     {1, 1, base64DecodeMethod},
	"escapeJavaScript": {1, 1, strFunc(escapeJavaScript)},

	"autoId":    {0, 0, func(c *call) (any, error) { return newUUID(), nil }},
	"autoUlid":  {0, 0, func(c *call) (any, error) { return newULID(c.env.now()), nil }},
	"autoKsuid": {0, 0, func(c *call) (any, error) { return newKSUID(c.env.now()), nil }},

	"error":        {1, 4, func(c *call) (any, error) { return nil, c.templateError("") }},
	"appendError":  {1, 4, appendError},
	"unauthorized": {0, 0, unauthorized},
	"validate":     {2, 4, validate},

	"isNull":               {1, 1, func(c *call) (any, error) { return c.args[0] == nil, nil }},
	"isNullOrEmpty":        {1, 1, func(c *call) (any, error) { return isEmpty(c.args[0]), nil }},
	"isNullOrBlank":        {1, 1, func(c *call) (any, error) { return isBlank(c.args[0]), nil }},
	"defaultIfNull":        {2, 2, func(c *call) (any, error) { return firstUnless(c.args, c.args[0] == nil), nil }},
	"defaultIfNullOrEmpty": {2, 2, func(c *call) (any, error) { return firstUnless(c.args, isEmpty(c.args[0])), nil }},
	"defaultIfNullOrBlank": {2, 2, func(c *call) (any, error) { return firstUnless(c.args, isBlank(c.args[0])), nil }},

	"isString":  {1, 1, isType("String")},
	"isNumber":  {1, 1, isType("Number")},
	"isBoolean": {1, 1, isType("Boolean")},
	"isList":    {1, 1, isType("List")},
	"isMap":     {1, 1, isType("Map")},
	"typeOf":    {1, 1, func(c *call) (any, error) { return value.TypeOf(c.args[0]), nil }},
	"matches":   {2, 2, matches},
	"authType":  {0, 0, func(c *call) (any, error) { return c.env.AuthType, nil }},

	// qr and quiet exist to swallow their argument's value: the argument
	// was evaluated by the caller, so there is nothing left to do.
	"qr":    {0, -1, func(*call) (any, error) { return "", nil }},
	"quiet": {0, -1, func(*call) (any, error) { return "", nil }},
})

// spec declares one method: its argument count range (max < 0: no upper
// bound) and its body.
type spec struct {
	min, max int
	fn       func(c *call) (any, error)
}

// call is one invocation: the Env, the method's full name for messages, and
// the arguments, whose count spec has already checked.
type call struct {
	env  *Env
	name string
	args []any
}

// methods builds a namespace's method table. prefix is the namespace as
// templates spell it ("$util.time."), used in error messages.
func methods(prefix string, specs map[string]spec) map[string]method {
	out := make(map[string]method, len(specs))
	for n, s := range specs {
		name := prefix + n
		out[n] = func(env *Env, args []any) (any, error) {
			if err := checkCount(name, len(args), s.min, s.max); err != nil {
				return nil, err
			}
			return s.fn(&call{env: env, name: name, args: args})
		}
	}
	return out
}

func checkCount(name string, n, lo, hi int) error {
	if n >= lo && (hi < 0 || n <= hi) {
		return nil
	}
	plural := func(k int) string {
		if k == 1 {
			return "argument"
		}
		return "arguments"
	}
	var want string
	switch {
	case hi < 0:
		want = fmt.Sprintf("at least %d %s", lo, plural(lo))
	case lo == hi:
		want = fmt.Sprintf("%d %s", lo, plural(lo))
	case hi == lo+1:
		want = fmt.Sprintf("%d or %d arguments", lo, hi)
	default:
		want = fmt.Sprintf("%d to %d arguments", lo, hi)
	}
	return fmt.Errorf("%s: expected %s, got %d", name, want, n)
}

// errorf returns an error naming the method.
func (c *call) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{c.name}, args...)...)
}

func (c *call) typeError(i int, want string) error {
	return c.errorf("argument %d must be %s, got %s", i+1, want, value.TypeOf(c.args[i]))
}

// str returns argument i, which must be a string.
func (c *call) str(i int) (string, error) {
	s, ok := c.args[i].(string)
	if !ok {
		return "", c.typeError(i, "a string")
	}
	return s, nil
}

// optStr returns argument i if present; it must then be a string.
func (c *call) optStr(i int, def string) (string, error) {
	if i >= len(c.args) {
		return def, nil
	}
	return c.str(i)
}

// boolean returns argument i, which must be a boolean.
func (c *call) boolean(i int) (bool, error) {
	b, ok := c.args[i].(bool)
	if !ok {
		return false, c.typeError(i, "a boolean")
	}
	return b, nil
}

// integer returns argument i as an int64: an integer, or a double with an
// integral value (Velocity passes Java numbers through widening only, but a
// template author rarely cares whether a literal was 3 or 3.0).
func (c *call) integer(i int) (int64, error) {
	switch n := c.args[i].(type) {
	case int64:
		return n, nil
	case float64:
		if n == math.Trunc(n) && n >= -(1<<63) && n < 1<<63 {
			return int64(n), nil
		}
		return 0, c.errorf("argument %d must be an integer, got %s", i+1, value.FormatFloat(n))
	}
	return 0, c.typeError(i, "a number")
}

// double returns argument i, a number, as a float64.
func (c *call) double(i int) (float64, error) {
	switch n := c.args[i].(type) {
	case int64:
		return float64(n), nil
	case float64:
		return n, nil
	}
	return 0, c.typeError(i, "a number")
}

func (c *call) list(i int) (*value.List, error) {
	l, ok := c.args[i].(*value.List)
	if !ok {
		return nil, c.typeError(i, "a list")
	}
	return l, nil
}

func (c *call) mapArg(i int) (*value.Map, error) {
	m, ok := c.args[i].(*value.Map)
	if !ok {
		return nil, c.typeError(i, "a map")
	}
	return m, nil
}

// strFunc adapts a string→string function to a one-argument method.
func strFunc(f func(string) string) func(c *call) (any, error) {
	return func(c *call) (any, error) {
		s, err := c.str(0)
		if err != nil {
			return nil, err
		}
		return f(s), nil
	}
}

func parseJSON(c *call) (any, error) {
	s, err := c.str(0)
	if err != nil {
		return nil, err
	}
	v, err := value.FromJSON([]byte(s))
	if err != nil {
		msg := err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of input"
		}
		if !strings.HasPrefix(msg, "invalid JSON") {
			msg = "invalid JSON: " + msg
		}
		return nil, c.errorf("%s", msg)
	}
	return v, nil
}

// urlEncode is Java's URLEncoder.encode(s, "UTF-8"): letters, digits and
// ".-*_" stay, space becomes "+", every other byte of the UTF-8 text is %XX.
func urlEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9',
			ch == '.', ch == '-', ch == '*', ch == '_':
			b.WriteByte(ch)
		case ch == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[ch>>4])
			b.WriteByte(hex[ch&15])
		}
	}
	return b.String()
}

// urlDecode is Java's URLDecoder.decode(s, "UTF-8"), with its errors.
func urlDecode(s string) (string, error) {
	if !strings.ContainsAny(s, "+%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '+':
			b.WriteByte(' ')
			i++
		case '%':
			var raw []byte
			for i < len(s) && s[i] == '%' {
				if i+2 >= len(s) {
					return "", errors.New("URLDecoder: Incomplete trailing escape (%) pattern")
				}
				hi, ok1 := unhex(s[i+1])
				lo, ok2 := unhex(s[i+2])
				if !ok1 || !ok2 {
					return "", fmt.Errorf("URLDecoder: Illegal hex characters in escape (%%) pattern - For input string: %q", s[i+1:i+3])
				}
				raw = append(raw, hi<<4|lo)
				i += 3
			}
			b.WriteString(strings.ToValidUTF8(string(raw), "\uFFFD"))
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), nil
}

func urlDecodeMethod(c *call) (any, error) {
	s, err := c.str(0)
	if err != nil {
		return nil, err
	}
	out, err := urlDecode(s)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return out, nil
}

// base64DecodeMethod decodes standard or URL-safe base64, padded or not,
// ignoring line breaks, and returns the bytes as UTF-8 text (invalid
// sequences become U+FFFD, as Java's new String(bytes, UTF_8) does).
func base64DecodeMethod(c *call) (any, error) {
	s, err := c.str(0)
	if err != nil {
		return nil, err
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\n', ' ', '\t':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, s)
	s = strings.TrimRight(s, "=")
	raw, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, c.errorf("invalid base64: %v", err)
	}
	return strings.ToValidUTF8(string(raw), "\uFFFD"), nil
}

// escapeJavaScript is Apache Commons' StringEscapeUtils.escapeJavaScript,
// which Velocity's EscapeTool uses: quotes, backslash and slash get a
// backslash, control characters their short escapes or \u00XX, and
// everything outside ASCII \uXXXX (upper-case hex, UTF-16 code units).
func escapeJavaScript(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	u := func(r rune) {
		b.WriteString(`\u`)
		b.WriteByte(hex[r>>12&15])
		b.WriteByte(hex[r>>8&15])
		b.WriteByte(hex[r>>4&15])
		b.WriteByte(hex[r&15])
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '"' || r == '\\' || r == '/':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || (r > 0x7f && r <= 0xffff):
			u(r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			u(hi)
			u(lo)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// randRead fills b with random bytes; crypto/rand never fails on the
// platforms Go supports.
func randRead(b []byte) { _, _ = rand.Read(b) }

// newUUID returns a random (version 4) UUID in its canonical lower-case form.
func newUUID() string {
	var u [16]byte
	randRead(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}

// newULID returns a ULID: 48 bits of milliseconds since the epoch then 80
// random bits, as 26 characters of Crockford's base 32.
func newULID(now time.Time) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], uint64(now.UnixMilli())<<16)
	randRead(raw[6:])
	hi := binary.BigEndian.Uint64(raw[:8])
	lo := binary.BigEndian.Uint64(raw[8:])
	out := make([]byte, 26)
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out)
}

// ksuidEpoch is KSUID's epoch, 2014-05-13T16:53:20Z, in Unix seconds.
const ksuidEpoch = 1400000000

// newKSUID returns a KSUID: 32 bits of seconds since ksuidEpoch then 128
// random bits, as 27 characters of base 62.
func newKSUID(now time.Time) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var raw [20]byte
	binary.BigEndian.PutUint32(raw[:4], uint32(now.Unix()-ksuidEpoch))
	randRead(raw[4:])
	n := new(big.Int).SetBytes(raw[:])
	out := make([]byte, 27)
	base, mod := big.NewInt(62), new(big.Int)
	for i := 26; i >= 0; i-- {
		n.DivMod(n, base, mod)
		out[i] = alphabet[mod.Int64()]
	}
	return string(out)
}

// templateErrorFrom builds the *value.Error of $util.error,
// $util.appendError and $util.validate from the arguments (message, type,
// data, errorInfo) starting at index from; defType is the type when none
// (or null) is given. A message that is not a string is its Java string
// form; a null message is empty.
func (c *call) templateErrorFrom(from int, defType string) *value.Error {
	a := c.args[from:]
	e := &value.Error{Message: errText(a[0]), Type: defType}
	if len(a) > 1 && a[1] != nil {
		e.Type = errText(a[1])
	}
	if len(a) > 2 {
		e.Data = a[2]
	}
	if len(a) > 3 {
		e.Info = a[3]
	}
	return e
}

// templateError is templateErrorFrom for methods whose message comes first.
func (c *call) templateError(defType string) *value.Error { return c.templateErrorFrom(0, defType) }

func errText(v any) string {
	if v == nil {
		return ""
	}
	return value.String(v)
}

func appendError(c *call) (any, error) {
	c.env.AppendError(c.templateError(""))
	return "", nil
}

func unauthorized(c *call) (any, error) {
	return nil, &value.Error{
		Type:    "Unauthorized",
		Message: fmt.Sprintf("Not Authorized to access %s on type %s", c.env.FieldName, c.env.ParentTypeName),
	}
}

// validate raises a CustomTemplateException (or the given type) when its
// condition is false.
func validate(c *call) (any, error) {
	ok, err := c.boolean(0)
	if err != nil {
		return nil, err
	}
	if ok {
		return "", nil
	}
	return nil, c.templateErrorFrom(1, "CustomTemplateException")
}

// isEmpty is isNullOrEmpty: null, an empty string, or an empty list or map.
func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case *value.List:
		return len(t.Items) == 0
	case *value.Map:
		return t.Len() == 0
	}
	return false
}

// isBlank is isNullOrBlank: isEmpty, or a string of Java whitespace only.
func isBlank(v any) bool {
	s, ok := v.(string)
	if !ok {
		return isEmpty(v)
	}
	for _, r := range s {
		if !isJavaWhitespace(r) {
			return false
		}
	}
	return true
}

// isJavaWhitespace is Character.isWhitespace: Unicode space separators
// other than the no-break spaces, and the ASCII/ISO control separators.
func isJavaWhitespace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f,
		0x1680, 0x2028, 0x2029, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a && r != 0x2007
}

func firstUnless(args []any, useDefault bool) any {
	if useDefault {
		return args[1]
	}
	return args[0]
}

func isType(name string) func(c *call) (any, error) {
	return func(c *call) (any, error) { return value.TypeOf(c.args[0]) == name, nil }
}

func matches(c *call) (any, error) {
	pattern, err := c.str(0)
	if err != nil {
		return nil, err
	}
	s, err := c.str(1)
	if err != nil {
		return nil, err
	}
	re, err := compileJavaRegexp(pattern)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return re.MatchString(s), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// regexpCache holds compiled $util.matches patterns; templates use a few
// patterns many times. It stops growing at maxCachedRegexps entries and
// keeps only patterns up to maxCachedPatternLen bytes.
var (
	regexpCache      sync.Map // string → *regexp.Regexp
	regexpCacheCount atomic.Int64
)

const (
	maxCachedRegexps    = 1024
	maxCachedPatternLen = 512 // longer patterns are compiled every time
)

// compileJavaRegexp compiles a java.util.regex.Pattern for a whole-string
// match (Matcher.matches). Java syntax that RE2 reads differently is
// translated (\p{Alpha} and the other POSIX classes, \h, \v, \s, \uXXXX,
// octal escapes, nested character-class unions); constructs RE2 cannot run
// (look-around, back-references, possessive quantifiers, atomic groups,
// class intersections, comments mode) are an error naming the construct.
func compileJavaRegexp(pattern string) (*regexp.Regexp, error) {
	if re, ok := regexpCache.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	tr, err := translateJavaRegexp(pattern)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %v", pattern, err)
	}
	re, err := regexp.Compile(`^(?:` + tr + `)$`)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %v", pattern, err)
	}
	if len(pattern) <= maxCachedPatternLen && regexpCacheCount.Load() < maxCachedRegexps {
		if _, loaded := regexpCache.LoadOrStore(pattern, re); !loaded {
			regexpCacheCount.Add(1)
		}
	}
	return re, nil
}

// javaPosixClasses maps Java's \p{Name} POSIX classes (US-ASCII only, as
// Java has them without UNICODE_CHARACTER_CLASS) to RE2 class bodies.
var javaPosixClasses = map[string]string{
	"Lower": `a-z`, "Upper": `A-Z`, "ASCII": `\x00-\x7F`, "Alpha": `a-zA-Z`,
	"Digit": `0-9`, "Alnum": `a-zA-Z0-9`, "Punct": `!-/:-@\[-` + "`" + `{-~`,
	"Graph": `!-~`, "Print": ` -~`, "Blank": ` \t`, "Cntrl": `\x00-\x1F\x7F`,
	"XDigit": `0-9a-fA-F`, "Space": `\t\n\x0B\f\r `,
	"javaLowerCase": `\p{Ll}`, "javaUpperCase": `\p{Lu}`,
	"javaWhitespace": `\t\n\x0B\f\r\x1C-\x1F \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200A}\x{2028}\x{2029}\x{205F}\x{3000}`,
	"javaLetter":     `\p{L}`, "javaDigit": `\p{Nd}`, "javaLetterOrDigit": `\p{L}\p{Nd}`,
	"IsAlphabetic": `\p{L}\p{Nl}`, "IsLetter": `\p{L}`, "IsDigit": `\p{Nd}`,
	"IsUppercase": `\p{Lu}`, "IsLowercase": `\p{Ll}`, "IsWhite_Space": `\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}`,
	"IsPunctuation": `\p{P}`, "IsControl": `\p{Cc}`,
}

// javaEscapeClasses are Java's shorthand classes whose RE2 meaning differs.
var javaEscapeClasses = map[byte]string{
	's': `\t\n\x0B\f\r `,
	'h': ` \t\x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}`,
	'v': `\n\x0B\f\r\x{85}\x{2028}\x{2029}`,
}

func translateJavaRegexp(p string) (string, error) {
	var b strings.Builder
	depth := 0          // character-class nesting
	skipClose := 0      // nested "[" of a union whose "]" we drop
	afterQuant := false // the previous token was a quantifier
	for i := 0; i < len(p); i++ {
		c := p[i]
		wasQuant := afterQuant
		afterQuant = false
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", errors.New("unexpected trailing backslash")
			}
			i++
			e := p[i]
			switch e {
			case 'p', 'P':
				name, n := "", 0
				if i+1 < len(p) && p[i+1] == '{' {
					end := strings.IndexByte(p[i:], '}')
					if end < 0 {
						return "", errors.New("unclosed \\p{")
					}
					name, n = p[i+2:i+end], end
				} else if i+1 < len(p) {
					name, n = p[i+1:i+2], 1
				}
				i += n
				body, ok := javaPosixClasses[name]
				if !ok {
					body = `\p{` + strings.TrimPrefix(strings.TrimPrefix(name, "Is"), "general_category=") + `}`
					if strings.HasPrefix(name, "In") {
						return "", fmt.Errorf("unicode block \\p{%s} is not supported", name)
					}
				}
				switch {
				case depth > 0 && e == 'P':
					return "", fmt.Errorf("negated \\P{%s} inside a character class is not supported", name)
				case depth > 0:
					b.WriteString(body)
				case e == 'P':
					b.WriteString("[^" + body + "]")
				default:
					b.WriteString("[" + body + "]")
				}
			case 's', 'h', 'v', 'S', 'H', 'V':
				body := javaEscapeClasses[e|0x20]
				neg := e < 'a'
				switch {
				case depth > 0 && neg:
					return "", fmt.Errorf("\\%c inside a character class is not supported", e)
				case depth > 0:
					b.WriteString(body)
				case neg:
					b.WriteString("[^" + body + "]")
				default:
					b.WriteString("[" + body + "]")
				}
			case 'u':
				if i+4 >= len(p) {
					return "", errors.New("illegal unicode escape sequence")
				}
				if _, err := strconv.ParseUint(p[i+1:i+5], 16, 16); err != nil {
					return "", errors.New("illegal unicode escape sequence")
				}
				b.WriteString(`\x{` + p[i+1:i+5] + `}`)
				i += 4
			case '0':
				j := i + 1
				for j < len(p) && j < i+4 && p[j] >= '0' && p[j] <= '7' {
					j++
				}
				if j == i+1 {
					return "", errors.New("illegal octal escape sequence")
				}
				v, _ := strconv.ParseUint(p[i+1:j], 8, 16)
				if v > 0377 {
					j--
					v >>= 3
				}
				fmt.Fprintf(&b, `\x{%x}`, v)
				i = j - 1
			case 'c':
				if i+1 >= len(p) {
					return "", errors.New("illegal control escape sequence")
				}
				i++
				fmt.Fprintf(&b, `\x{%x}`, p[i]^64)
			case 'e':
				b.WriteString(`\x1B`)
			case 'Z':
				b.WriteString(`(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z`)
			case 'R':
				b.WriteString(`(?:\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])`)
			case 'k', 'G', 'X':
				return "", fmt.Errorf("\\%c is not supported", e)
			case 'Q':
				end := strings.Index(p[i+1:], `\E`)
				lit := p[i+1:]
				if end >= 0 {
					lit = p[i+1 : i+1+end]
					i += end + 2
				} else {
					i = len(p)
				}
				if depth > 0 {
					for _, r := range lit {
						b.WriteString(regexp.QuoteMeta(string(r)))
					}
				} else {
					b.WriteString(regexp.QuoteMeta(lit))
				}
			default:
				if e >= '1' && e <= '9' && depth == 0 {
					return "", fmt.Errorf("back-reference \\%c is not supported", e)
				}
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case depth > 0:
			switch {
			case c == '[' && i+1 < len(p) && p[i+1] == ':':
				b.WriteByte(c) // RE2 POSIX class; Java would read it as a union of its letters
			case c == '[':
				if i+1 < len(p) && p[i+1] == '^' {
					return "", errors.New("negated nested character class is not supported")
				}
				depth++
				skipClose++
			case c == '&' && i+1 < len(p) && p[i+1] == '&':
				return "", errors.New("character class intersection (&&) is not supported")
			case c == ']':
				depth--
				if skipClose > 0 && depth > 0 {
					skipClose--
				} else {
					b.WriteByte(c)
				}
			default:
				b.WriteByte(c)
			}
		case c == '[':
			depth++
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`) // Java and RE2 both take a leading ] literally
				i++
			}
		case c == '(' && i+1 < len(p) && p[i+1] == '?':
			rest := p[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
				strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return "", errors.New("look-around is not supported")
			case strings.HasPrefix(rest, ">"):
				return "", errors.New("atomic groups are not supported")
			case strings.HasPrefix(rest, "<"):
				b.WriteString("(?P<")
				i += 2
			default:
				// Flags: keep i, m, s; Java's u, d and U only change
				// which characters classes cover, x has no RE2 equivalent.
				j := i + 2
				var flags strings.Builder
				for j < len(p) && p[j] != ')' && p[j] != ':' {
					switch p[j] {
					case 'i', 'm', 's', '-':
						flags.WriteByte(p[j])
					case 'u', 'd', 'U':
					case 'x':
						return "", errors.New("comments mode (?x) is not supported")
					default:
						return "", fmt.Errorf("unknown inline flag %q", p[j])
					}
					j++
				}
				if j >= len(p) {
					return "", errors.New("unclosed group")
				}
				f := strings.TrimSuffix(flags.String(), "-")
				switch {
				case f == "" && p[j] == ')':
				case f == "":
					b.WriteString("(?:")
				default:
					b.WriteString("(?" + f + string(p[j]))
				}
				i = j
			}
		case c == '+' && wasQuant:
			return "", errors.New("possessive quantifiers are not supported")
		case c == '*' || c == '+' || c == '?' || c == '}':
			b.WriteByte(c)
			afterQuant = c != '?' || !wasQuant
			if c == '?' && wasQuant {
				afterQuant = false // lazy marker, not a new quantifier
			}
		default:
			b.WriteByte(c)
		}
	}
	if depth > 0 {
		return "", errors.New("unclosed character class")
	}
	return b.String(), nil
}
