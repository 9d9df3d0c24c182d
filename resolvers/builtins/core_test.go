package builtins

import (
	"bytes"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// fixedNow is the instant of AppSync's own $util.time examples.
var fixedNow = time.Date(2018, 2, 6, 19, 1, 35, 749_000_000, time.UTC)

type testBundle struct {
	env  *Env
	logs *bytes.Buffer
}

func setup(t testing.TB) testBundle {
	t.Helper()
	logs := &bytes.Buffer{}
	return testBundle{
		env: &Env{
			Now:            func() time.Time { return fixedNow },
			Log:            slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: dropTime})),
			AuthType:       "API Key Authorization",
			FieldName:      "secret",
			ParentTypeName: "Query",
		},
		logs: logs,
	}
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// invoke calls $util.<path> (path like "time.nowFormatted") through the
// Member lookups a template uses.
func invoke(t testing.TB, env *Env, path string, args ...any) (any, error) {
	t.Helper()
	var obj value.Object = Util(env)
	parts := strings.Split(path, ".")
	for i, p := range parts {
		m, ok := obj.Member(p)
		if !ok {
			t.Fatalf("$util.%s: no member %q", path, p)
		}
		if i == len(parts)-1 {
			f, ok := m.(value.Func)
			if !ok {
				t.Fatalf("$util.%s is %T, not a method", path, m)
			}
			return f(args)
		}
		if obj, ok = m.(value.Object); !ok {
			t.Fatalf("$util.%s: %q is %T, not a namespace", path, p, m)
		}
	}
	panic("unreachable")
}

// mustInvoke is invoke for calls that must succeed.
func mustInvoke(t testing.TB, env *Env, path string, args ...any) any {
	t.Helper()
	v, err := invoke(t, env, path, args...)
	if err != nil {
		t.Fatalf("$util.%s%v: %v", path, args, err)
	}
	return v
}

func jsonValue(t testing.TB, s string) any {
	t.Helper()
	v, err := value.FromJSON([]byte(s))
	if err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

// call is one table row: $util.<fn>(args...) gives want (compared as
// value.ToJSON) or an error containing err.
type callCase struct {
	fn   string
	args []any
	want any
	err  string
}

func runCalls(t *testing.T, cases []callCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.fn, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			got, err := invoke(t, b.env, c.fn, c.args...)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("$util.%s(%s) = %s, %v; want error containing %q", c.fn, argsText(c.args), value.ToJSON(got), err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("$util.%s(%s): %v", c.fn, argsText(c.args), err)
			}
			if value.ToJSON(got) != value.ToJSON(c.want) || value.TypeOf(got) != value.TypeOf(c.want) {
				t.Errorf("$util.%s(%s) = %s (%T), want %s (%T)", c.fn, argsText(c.args), value.ToJSON(got), got, value.ToJSON(c.want), c.want)
			}
		})
	}
}

func argsText(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = value.ToJSON(a)
	}
	return strings.Join(parts, ", ")
}

func TestCore(t *testing.T) {
	t.Parallel()
	runCalls(t, []callCase{
		{fn: "toJson", args: []any{jsonValue(t, `{"b":1,"a":[1.5,null,"x"]}`)}, want: `{"b":1,"a":[1.5,null,"x"]}`},
		{fn: "toJson", args: []any{"a\"b"}, want: `"a\"b"`},
		{fn: "toJson", args: []any{nil}, want: `null`},
		{fn: "parseJson", args: []any{`{"a":[1,2.5,true]}`}, want: jsonValue(t, `{"a":[1,2.5,true]}`)},
		{fn: "parseJson", args: []any{`"x"`}, want: "x"},
		{fn: "parseJson", args: []any{`{"a":`}, err: "$util.parseJson: invalid JSON"},
		{fn: "parseJson", args: []any{int64(1)}, err: "argument 1 must be a string, got Number"},
		{fn: "parseJson", args: []any{}, err: "$util.parseJson: expected 1 argument, got 0"},

		{fn: "urlEncode", args: []any{"a b&c=d/é~*._-"}, want: "a+b%26c%3Dd%2F%C3%A9%7E*._-"},
		{fn: "urlDecode", args: []any{"a+b%26c%3Dd%2F%C3%A9%7e"}, want: "a b&c=d/é~"},
		{fn: "urlDecode", args: []any{"100%"}, err: "Incomplete trailing escape"},
		{fn: "urlDecode", args: []any{"%zz"}, err: "Illegal hex characters"},
		{fn: "base64Encode", args: []any{"héllo wörld"}, want: "aMOpbGxvIHfDtnJsZA=="},
		{fn: "base64Decode", args: []any{"aMOpbGxvIHfDtnJsZA=="}, want: "héllo wörld"},
		{fn: "base64Decode", args: []any{"aMOpbGxvIHfDtnJsZA"}, want: "héllo wörld"},
		{fn: "base64Decode", args: []any{"8J-YgA"}, want: "😀"},
		{fn: "base64Decode", args: []any{"!!"}, err: "invalid base64"},
		{fn: "escapeJavaScript", args: []any{"It's \"a\"/b\\c\n\té😀\x01"}, want: `It\'s \"a\"\/b\\c\n\t\u00E9\uD83D\uDE00\u0001`},

		{fn: "isNull", args: []any{nil}, want: true},
		{fn: "isNull", args: []any{""}, want: false},
		{fn: "isNullOrEmpty", args: []any{"abc"}, want: false},
		{fn: "isNullOrEmpty", args: []any{""}, want: true},
		{fn: "isNullOrEmpty", args: []any{nil}, want: true},
		{fn: "isNullOrEmpty", args: []any{value.NewList()}, want: true},
		{fn: "isNullOrEmpty", args: []any{" "}, want: false},
		{fn: "isNullOrBlank", args: []any{" \t\n"}, want: true},
		{fn: "isNullOrBlank", args: []any{"\u00a0"}, want: false},
		{fn: "isNullOrBlank", args: []any{" x "}, want: false},
		{fn: "defaultIfNull", args: []any{nil, "d"}, want: "d"},
		{fn: "defaultIfNull", args: []any{"", "d"}, want: ""},
		{fn: "defaultIfNullOrEmpty", args: []any{"", "d"}, want: "d"},
		{fn: "defaultIfNullOrEmpty", args: []any{" ", "d"}, want: " "},
		{fn: "defaultIfNullOrBlank", args: []any{" ", "d"}, want: "d"},
		{fn: "defaultIfNullOrBlank", args: []any{"v", "d"}, want: "v"},

		{fn: "isString", args: []any{"s"}, want: true},
		{fn: "isString", args: []any{int64(1)}, want: false},
		{fn: "isNumber", args: []any{int64(1)}, want: true},
		{fn: "isNumber", args: []any{1.5}, want: true},
		{fn: "isNumber", args: []any{"1"}, want: false},
		{fn: "isBoolean", args: []any{false}, want: true},
		{fn: "isList", args: []any{value.NewList()}, want: true},
		{fn: "isList", args: []any{value.NewMap()}, want: false},
		{fn: "isMap", args: []any{value.NewMap()}, want: true},
		{fn: "typeOf", args: []any{int64(7)}, want: "Number"},
		{fn: "typeOf", args: []any{nil}, want: "Null"},
		{fn: "typeOf", args: []any{value.NewMap()}, want: "Map"},
		{fn: "typeOf", args: []any{value.NewList()}, want: "List"},
		{fn: "typeOf", args: []any{true}, want: "Boolean"},
		{fn: "typeOf", args: []any{"s"}, want: "String"},

		{fn: "matches", args: []any{"a*b", "aaaaab"}, want: true},
		{fn: "matches", args: []any{"a*b", "aaaaabc"}, want: false},
		{fn: "matches", args: []any{"b", "abc"}, want: false},
		{fn: "matches", args: []any{`\p{Alpha}+\d{2}`, "abc12"}, want: true},
		{fn: "matches", args: []any{`\p{Upper}\p{Lower}*`, "Hello"}, want: true},
		{fn: "matches", args: []any{`[a-c[x-z]]+`, "abxz"}, want: true},
		{fn: "matches", args: []any{`\s+`, "\x0b \t"}, want: true},
		{fn: "matches", args: []any{`\u00e9+`, "éé"}, want: true},
		{fn: "matches", args: []any{`(?i)hello|bye`, "HELLO"}, want: true},
		{fn: "matches", args: []any{`^[^@\s]+@[^@\s]+\.[a-z]{2,}$`, "jeff@amazon.com"}, want: true},
		{fn: "matches", args: []any{`(?<year>\d{4})-\d\d`, "2018-02"}, want: true},
		{fn: "matches", args: []any{`\Qa.b\E`, "a.b"}, want: true},
		{fn: "matches", args: []any{`\Qa.b\E`, "axb"}, want: false},
		{fn: "matches", args: []any{`a(?=b)`, "ab"}, err: "look-around is not supported"},
		{fn: "matches", args: []any{`(a)\1`, "aa"}, err: "back-reference"},
		{fn: "matches", args: []any{`a++`, "aa"}, err: "possessive"},
		{fn: "matches", args: []any{`[a-z&&[^b]]`, "a"}, err: "intersection"},
		{fn: "matches", args: []any{`(`, "a"}, err: "$util.matches: pattern"},
		{fn: "authType", args: nil, want: "API Key Authorization"},
		{fn: "qr", args: []any{int64(1)}, want: ""},
		{fn: "quiet", args: []any{value.NewMap()}, want: ""},
		{fn: "qr", args: nil, want: ""},
	})
}

func TestErrors(t *testing.T) {
	t.Parallel()
	var ve *value.Error
	t.Run("error", func(t *testing.T) {
		b := setup(t)
		data := jsonValue(t, `{"id":1}`)
		info := jsonValue(t, `{"k":"v"}`)
		_, err := invoke(t, b.env, "error", "boom", "MyType", data, info)
		if !errors.As(err, &ve) || ve.Message != "boom" || ve.Type != "MyType" || ve.Data != data || ve.Info != info {
			t.Fatalf("error = %#v", err)
		}
		_, err = invoke(t, b.env, "error", "just a message")
		if !errors.As(err, &ve) || ve.Message != "just a message" || ve.Type != "" || ve.Data != nil {
			t.Fatalf("error = %#v", err)
		}
		if _, err := invoke(t, b.env, "error"); err == nil || err.Error() != "$util.error: expected 1 to 4 arguments, got 0" {
			t.Fatalf("no args: %v", err)
		}
	})
	t.Run("appendError", func(t *testing.T) {
		b := setup(t)
		if v := mustInvoke(t, b.env, "appendError", "one"); v != "" {
			t.Fatalf("appendError returned %v", v)
		}
		mustInvoke(t, b.env, "appendError", "two", "T", int64(1), "info")
		errs := b.env.Errors()
		if len(errs) != 2 || errs[0].Message != "one" || errs[1].Type != "T" || errs[1].Data != int64(1) || errs[1].Info != "info" {
			t.Fatalf("errors = %+v", errs)
		}
	})
	t.Run("unauthorized", func(t *testing.T) {
		b := setup(t)
		_, err := invoke(t, b.env, "unauthorized")
		if !errors.As(err, &ve) || ve.Type != "Unauthorized" || ve.Message != "Not Authorized to access secret on type Query" {
			t.Fatalf("unauthorized = %#v", err)
		}
	})
	t.Run("validate", func(t *testing.T) {
		b := setup(t)
		if v := mustInvoke(t, b.env, "validate", true, "fine"); v != "" {
			t.Fatalf("validate(true) = %v", v)
		}
		_, err := invoke(t, b.env, "validate", false, "bad input")
		if !errors.As(err, &ve) || ve.Type != "CustomTemplateException" || ve.Message != "bad input" {
			t.Fatalf("validate(false) = %#v", err)
		}
		_, err = invoke(t, b.env, "validate", false, "bad", "MyError", "d")
		if !errors.As(err, &ve) || ve.Type != "MyError" || ve.Data != "d" {
			t.Fatalf("validate(false, type, data) = %#v", err)
		}
		if _, err := invoke(t, b.env, "validate", "yes", "m"); err == nil || !strings.Contains(err.Error(), "argument 1 must be a boolean") {
			t.Fatalf("validate(string) = %v", err)
		}
	})
}

var (
	uuidRe  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	ulidRe  = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)
	ksuidRe = regexp.MustCompile(`^[0-9A-Za-z]{27}$`)
)

func TestIDs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	seen := map[string]bool{}
	for range 100 {
		id := mustInvoke(t, b.env, "autoId").(string)
		if !uuidRe.MatchString(id) || seen[id] {
			t.Fatalf("autoId = %q (seen before: %v)", id, seen[id])
		}
		seen[id] = true
	}
	ulid := mustInvoke(t, b.env, "autoUlid").(string)
	if !ulidRe.MatchString(ulid) {
		t.Fatalf("autoUlid = %q", ulid)
	}
	// The first ten characters are the clock's milliseconds.
	const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var ms int64
	for _, c := range ulid[:10] {
		ms = ms*32 + int64(strings.IndexRune(crockford, c))
	}
	if ms != fixedNow.UnixMilli() {
		t.Errorf("autoUlid time = %d, want %d", ms, fixedNow.UnixMilli())
	}
	if other := mustInvoke(t, b.env, "autoUlid").(string); other[:10] != ulid[:10] || other == ulid {
		t.Errorf("second ULID %q vs %q", other, ulid)
	}
	ksuid := mustInvoke(t, b.env, "autoKsuid").(string)
	if !ksuidRe.MatchString(ksuid) {
		t.Fatalf("autoKsuid = %q", ksuid)
	}
	// Decode the base-62 number and check its 32-bit timestamp.
	const b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var n [20]byte
	for _, c := range ksuid {
		carry := strings.IndexRune(b62, c)
		for i := len(n) - 1; i >= 0; i-- {
			v := int(n[i])*62 + carry
			n[i], carry = byte(v), v>>8
		}
	}
	secs := int64(n[0])<<24 | int64(n[1])<<16 | int64(n[2])<<8 | int64(n[3])
	if secs+ksuidEpoch != fixedNow.Unix() {
		t.Errorf("autoKsuid time = %d, want %d", secs+ksuidEpoch, fixedNow.Unix())
	}
}

func TestArgumentCounts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for path, want := range map[string]string{
		"time.nowFormatted":                      "$util.time.nowFormatted: expected 1 or 2 arguments, got 0",
		"autoId":                                 "",
		"list.sortList":                          "$util.list.sortList: expected 3 arguments, got 0",
		"log.info":                               "$util.log.info: expected at least 1 argument, got 0",
		"validate":                               "$util.validate: expected 2 to 4 arguments, got 0",
		"time.parseFormattedToEpochMilliSeconds": "$util.time.parseFormattedToEpochMilliSeconds: expected 2 or 3 arguments, got 0",
	} {
		_, err := invoke(t, b.env, path)
		if want == "" {
			if err != nil {
				t.Errorf("%s(): %v", path, err)
			}
			continue
		}
		if err == nil || err.Error() != want {
			t.Errorf("%s() error = %v, want %q", path, err, want)
		}
	}
	if _, ok := Util(b.env).Member("noSuchMethod"); ok {
		t.Error("unknown member found")
	}
}

// FuzzJavaRegexp checks that no pattern panics the Java-to-RE2 translation
// and that a pattern free of Java-only syntax matches as RE2 reads it.
func FuzzJavaRegexp(f *testing.F) {
	for _, p := range []string{`a*b`, `\p{Alpha}+`, `[a-c[x-z]]`, `\Qa.b\E`, `(?i)x|y`, `(?<n>\d+)`, `a++`, `\0101\u00e9\cA`, `[^\s\h]`, `\p`, `[`, `\`} {
		f.Add(p, "aab")
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		re, err := compileJavaRegexp(pattern)
		if err != nil {
			return
		}
		got := re.MatchString(s)
		if strings.ContainsAny(pattern, `\[({}+?*&`) {
			return
		}
		plain := regexp.MustCompile(`^(?:` + pattern + `)$`)
		if want := plain.MatchString(s); got != want {
			t.Errorf("matches(%q, %q) = %v, want %v", pattern, s, got, want)
		}
	})
}
