package builtins

import (
	"strings"
	"testing"
	"time"
)

// TestTimeDocExamples checks the examples on AppSync's "Time helpers in
// $util.time" page (the page's clock reads 2018-02-06T19:01:35.749Z).
func TestTimeDocExamples(t *testing.T) {
	t.Parallel()
	const ms = int64(1517943695758)
	runCalls(t, []callCase{
		{fn: "time.nowISO8601", want: "2018-02-06T19:01:35.749Z"},
		{fn: "time.nowEpochSeconds", want: int64(1517943695)},
		{fn: "time.nowEpochMilliSeconds", want: int64(1517943695749)},
		{fn: "time.nowFormatted", args: []any{"yyyy-MM-dd HH:mm:ssZ"}, want: "2018-02-06 19:01:35+0000"},
		{fn: "time.nowFormatted", args: []any{"yyyy-MM-dd HH:mm:ssZ", "+08:00"}, want: "2018-02-07 03:01:35+0800"},
		{fn: "time.nowFormatted", args: []any{"yyyy-MM-dd HH:mm:ssZ", "Australia/Perth"}, want: "2018-02-07 03:01:35+0800"},
		{fn: "time.epochMilliSecondsToSeconds", args: []any{ms}, want: int64(1517943695)},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{ms}, want: "2018-02-06T19:01:35.758Z"},
		{fn: "time.epochMilliSecondsToFormatted", args: []any{ms, "yyyy-MM-dd HH:mm:ssZ"}, want: "2018-02-06 19:01:35+0000"},
		{fn: "time.epochMilliSecondsToFormatted", args: []any{ms, "yyyy-MM-dd HH:mm:ssZ", "+08:00"}, want: "2018-02-07 03:01:35+0800"},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-01T17:21:05.180+08:00"}, want: int64(1517476865180)},
		{fn: "time.parseFormattedToEpochMilliSeconds", args: []any{"2018-02-02 01:19:22+0800", "yyyy-MM-dd HH:mm:ssZ"}, want: int64(1517505562000)},
		{fn: "time.parseFormattedToEpochMilliSeconds", args: []any{"2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00"}, want: int64(1517505562000)},
		// "Usage with AWS AppSync defined scalars": optional sections print,
		// XXX drops the offset's seconds, XXXXX keeps them.
		{fn: "time.nowFormatted", args: []any{"yyyy-MM-dd[XXX]", "-07:00:30"}, want: "2018-02-06-07:00"},
		{fn: "time.nowFormatted", args: []any{"yyyy-MM-dd'T'HH:mm:ss[XXXXX]", "-07:00:30"}, want: "2018-02-06T12:01:05-07:00:30"},
	})
}

// TestTimeFormatLetters prints the fixed clock (a Tuesday) with every
// supported pattern letter.
func TestTimeFormatLetters(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ pattern, zone, want string }{
		{"G GGGG GGGGG", "", "AD Anno Domini A"},
		{"u uu uuuu uuuuu", "", "2018 18 2018 02018"},
		{"y yy yyy yyyy yyyyy", "", "2018 18 2018 2018 02018"},
		{"Q QQ QQQ QQQQ QQQQQ q", "", "1 01 Q1 1st quarter 1 1"},
		{"M MM MMM MMMM MMMMM L LL LLL LLLL", "", "2 02 Feb February F 2 02 Feb February"},
		{"d dd D DD DDD", "", "6 06 37 37 037"},
		{"E EE EEE EEEE EEEEE", "", "Tue Tue Tue Tuesday T"},
		{"e ee eee eeee c ccc cccc", "", "3 03 Tue Tuesday 3 Tue Tuesday"},
		{"F W w ww Y YY YYYY", "", "6 2 6 06 2018 18 2018"},
		{"a h hh K KK k kk H HH", "", "PM 7 07 7 07 19 19 19 19"},
		{"a h K k H", "Asia/Tokyo", "AM 4 4 4 4"},
		{"h K k H", "+05:00", "12 0 24 0"},
		{"m mm s ss", "", "1 01 35 35"},
		{"S SS SSS SSSS SSSSSS SSSSSSSSS", "", "7 74 749 7490 749000 749000000"},
		{"n A N", "", "749000000 68495749 68495749000000"},
		{"VV|z|zzzz|Z|ZZZZ|ZZZZZ|X|XX|XXX|XXXX|XXXXX|x|xx|xxx|O|OOOO", "", "UTC|UTC|Coordinated Universal Time|+0000|GMT|Z|Z|Z|Z|Z|Z|+00|+0000|+00:00|GMT|GMT"},
		{"VV|z|zzzz|Z|ZZZZ|ZZZZZ|X|XX|XXX|x|xx|xxx|O|OOOO", "Australia/Perth", "Australia/Perth|AWST|Australian Western Standard Time|+0800|GMT+08:00|+08:00|+08|+0800|+08:00|+08|+0800|+08:00|GMT+8|GMT+08:00"},
		{"X XX XXX x O", "Asia/Kolkata", "+0530 +0530 +05:30 +0530 GMT+5:30"},
		{"z zzzz VV", "America/New_York", "EST Eastern Standard Time America/New_York"},
		{"VV z Z XXXXX", "+08:00", "+08:00 +08:00 +0800 +08:00"},
		{"VV z X", "Z", "Z Z Z"},
		{"VV z", "UTC+8", "UTC+08:00 UTC+08:00"},
		{"VV z zzzz", "GMT", "GMT GMT Greenwich Mean Time"},
		{"XXXX XXXXX xxxx", "-07:00:30", "-070030 -07:00:30 -070030"},
		{"yyyy-MM-dd HH:mm", "Pacific/Kiritimati", "2018-02-07 09:01"},
		{"'at' h 'o''clock' '' [MMM]", "", "at 7 o'clock ' Feb"},
		{"ppd|pppH|pM", "", " 6| 19|2"},
		{"yyyy年MM月dd日 HH時", "", "2018年02月06日 19時"},
		{"EEE, dd MMM yyyy HH:mm:ss z", "Europe/London", "Tue, 06 Feb 2018 19:01:35 GMT"},
		{"uuuu-MM-dd'T'HH:mm:ss.SSSxxx", "America/Los_Angeles", "2018-02-06T11:01:35.749-08:00"},
	} {
		t.Run(c.pattern, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			args := []any{c.pattern}
			if c.zone != "" {
				args = append(args, c.zone)
			}
			got, err := invoke(t, b.env, "time.nowFormatted", args...)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("nowFormatted(%q, %q) = %q, want %q", c.pattern, c.zone, got, c.want)
			}
		})
	}
}

func TestTimeFormatDates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, c := range []struct {
		date          time.Time
		pattern, want string
	}{
		{time.Date(2018, 7, 4, 12, 0, 0, 0, time.UTC), "zzzz z", "Coordinated Universal Time UTC"},
		{time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC), "u y G", "-43 44 BC"},
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "uuuu yyyy G", "0000 0001 BC"},
		{time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC), "uuuu|yyyy|uu|u", "+12345|+12345|45|12345"},
		{time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC), "YYYY-'W'ww-e", "2018-W01-1"},
		{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), "YYYY w W E", "2021 1 1 Fri"},
		{time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC), "YYYY w D", "2021 1 366"},
		{time.Date(2018, 2, 6, 0, 0, 0, 0, time.UTC), "h:mm a", "12:00 AM"},
		{time.Date(2018, 2, 6, 12, 0, 0, 0, time.UTC), "h:mm a K k", "12:00 PM 0 12"},
		{time.Date(1969, 12, 31, 23, 59, 59, 1_000_000, time.UTC), "yyyy-MM-dd HH:mm:ss.SSS", "1969-12-31 23:59:59.001"},
	} {
		ms := c.date.UnixMilli()
		got, err := invoke(t, b.env, "time.epochMilliSecondsToFormatted", ms, c.pattern)
		if err != nil {
			t.Errorf("%v %q: %v", c.date, c.pattern, err)
			continue
		}
		if got != c.want {
			t.Errorf("%v %q = %q, want %q", c.date, c.pattern, got, c.want)
		}
	}
	// Summer time in New York.
	july := time.Date(2018, 7, 1, 12, 0, 0, 0, time.UTC).UnixMilli()
	if got := mustInvoke(t, b.env, "time.epochMilliSecondsToFormatted", july, "HH:mm z zzzz xxx", "America/New_York"); got != "08:00 EDT Eastern Daylight Time -04:00" {
		t.Errorf("New York in July = %q", got)
	}
}

func TestTimeFormatErrors(t *testing.T) {
	t.Parallel()
	for pattern, want := range map[string]string{
		"b":          "Unknown pattern letter: b",
		"ddd":        "Too many pattern letters: d",
		"HHH":        "Too many pattern letters: H",
		"aa":         "Too many pattern letters: a",
		"EEEEEE":     "Too many pattern letters: E",
		"'abc":       "Pattern ends with an incomplete string literal: 'abc",
		"yyyy]":      "Pattern invalid as it contains ] without previous [",
		"{":          "Pattern includes reserved character: '{'",
		"#":          "Pattern includes reserved character: '#'",
		"VVV":        "Pattern letter count must be 2: V",
		"V":          "Pattern letter count must be 2: V",
		"OO":         "Pattern letter count must be 1 or 4: O",
		"zzzzz":      "Too many pattern letters: z",
		"XXXXXX":     "Too many pattern letters: X",
		"ZZZZZZ":     "Too many pattern letters: Z",
		"SSSSSSSSSS": "Maximum width must be from 1 to 9 inclusive but was 10",
		"cc":         `Invalid pattern "cc"`,
		"WW":         "Too many pattern letters: W",
		"www":        "Too many pattern letters: w",
		"p":          "Pad letter 'p' must be followed by valid pad pattern: p",
		"nn":         "Field NanoOfSecond cannot be printed as the value 749000000 exceeds the maximum print width of 2",
		"pH":         "Cannot print as output of 2 characters exceeds pad width of 1",
	} {
		b := setup(t)
		_, err := invoke(t, b.env, "time.nowFormatted", pattern)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("nowFormatted(%q) error = %v, want %q", pattern, err, want)
		}
	}
	b := setup(t)
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{"yyyy", "Mars/Olympus"}, "$util.time.nowFormatted: Unknown time-zone ID: Mars/Olympus"},
		{[]any{"yyyy", "+25:00"}, "Zone offset not in valid range"},
		{[]any{"yyyy", "+8:00"}, "Invalid ID for ZoneOffset, invalid format: +8:00"},
		{[]any{"yyyy", "!"}, "Invalid ID for region-based ZoneId, invalid format: !"},
		{[]any{"yyyy", "Local"}, "Unknown time-zone ID: Local"},
		{[]any{"yyyy", int64(8)}, "argument 2 must be a string, got Number"},
		{[]any{int64(1)}, "argument 1 must be a string, got Number"},
	} {
		if _, err := invoke(t, b.env, "time.nowFormatted", c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("nowFormatted%v error = %v, want %q", c.args, err, c.want)
		}
	}
}

func TestTimeZoneIDs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for id, want := range map[string]string{
		"+8": "+08:00", "+08": "+08:00", "+0800": "+08:00", "+08:00": "+08:00", "-07:00:30": "-07:00:30",
		"-070030": "-07:00:30", "Z": "Z", "+00:00": "Z", "UTC": "UTC", "GMT": "GMT", "UT": "UT",
		"UTC+01:00": "UTC+01:00", "GMT-5": "GMT-05:00", "UTC+0": "UTC", "Europe/Paris": "Europe/Paris",
		"EST": "EST", "Etc/GMT+5": "Etc/GMT+5",
	} {
		got, err := invoke(t, b.env, "time.nowFormatted", "VV", id)
		if err != nil || got != want {
			t.Errorf("zone %q: VV = %v, %v; want %q", id, got, err, want)
		}
	}
}

func TestTimeParse(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ms := func(s string) int64 {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMilli()
	}
	for _, c := range []struct {
		text, pattern, zone string
		want                int64
	}{
		{"2018-02-06 19:01:35", "yyyy-MM-dd HH:mm:ss", "", ms("2018-02-06T19:01:35Z")},
		{"20180206190135749", "yyyyMMddHHmmssSSS", "", ms("2018-02-06T19:01:35.749Z")},
		{"20180206", "uuuuMMdd", "Asia/Tokyo", ms("2018-02-05T15:00:00Z")},
		{"06 Feb 2018", "dd MMM yyyy", "", ms("2018-02-06T00:00:00Z")},
		{"6 February 18", "d MMMM yy", "", ms("2018-02-06T00:00:00Z")},
		{"Tue, 06 Feb 2018 19:01:35 GMT", "EEE, dd MMM yyyy HH:mm:ss z", "", ms("2018-02-06T19:01:35Z")},
		{"Tue, 06 Feb 2018 14:01:35 EST", "EEE, dd MMM yyyy HH:mm:ss z", "", ms("2018-02-06T19:01:35Z")},
		{"2018-02-06 07:01:35 PM", "yyyy-MM-dd hh:mm:ss a", "", ms("2018-02-06T19:01:35Z")},
		{"2018-02-06 12:30 AM", "yyyy-MM-dd hh:mm a", "", ms("2018-02-06T00:30:00Z")},
		{"2018-02-06T19:01:35 Europe/Paris", "yyyy-MM-dd'T'HH:mm:ss VV", "+08:00", ms("2018-02-06T18:01:35Z")},
		{"2018-02-06T19:01:35+05:30", "yyyy-MM-dd'T'HH:mm:ssXXX", "", ms("2018-02-06T13:31:35Z")},
		{"2018-02-06T19:01:35Z", "yyyy-MM-dd'T'HH:mm:ssXXX", "+08:00", ms("2018-02-06T19:01:35Z")},
		{"2018-02-06T19:01:35+0530", "yyyy-MM-dd'T'HH:mm:ssZ", "", ms("2018-02-06T13:31:35Z")},
		{"2018-02-06T19:01:35GMT+8", "yyyy-MM-dd'T'HH:mm:ssO", "", ms("2018-02-06T11:01:35Z")},
		{"2018-02-06", "yyyy-MM-dd[ HH:mm]", "", ms("2018-02-06T00:00:00Z")},
		{"2018-02-06 10:15", "yyyy-MM-dd[ HH:mm]", "", ms("2018-02-06T10:15:00Z")},
		{"2018-02-06 24:00", "yyyy-MM-dd HH:mm", "", ms("2018-02-07T00:00:00Z")},
		{"2018-02-30", "yyyy-MM-dd", "", ms("2018-02-28T00:00:00Z")},
		{"2018-037", "yyyy-DDD", "", ms("2018-02-06T00:00:00Z")},
		{"68495749", "A", "", ms("1970-01-01T19:01:35.749Z")},
		{"2018-02-06 19:01:35.7", "yyyy-MM-dd HH:mm:ss.S", "", ms("2018-02-06T19:01:35.7Z")},
		{"2018-03-11 02:30", "yyyy-MM-dd HH:mm", "America/New_York", ms("2018-03-11T07:30:00Z")}, // gap: moved to 03:30 EDT
		{"2018-11-04 01:30", "yyyy-MM-dd HH:mm", "America/New_York", ms("2018-11-04T05:30:00Z")}, // overlap: earlier offset (EDT)
		{"2018-W06-3", "YYYY-'W'ww-e", "", ms("2018-02-06T00:00:00Z")},
		{"-0044-03-15", "uuuu-MM-dd", "", time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC).UnixMilli()},
		{"44 BC", "y G", "", time.Date(-43, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()},
	} {
		args := []any{c.text, c.pattern}
		if c.zone != "" {
			args = append(args, c.zone)
		}
		got, err := invoke(t, b.env, "time.parseFormattedToEpochMilliSeconds", args...)
		if err != nil {
			t.Errorf("parse(%q, %q, %q): %v", c.text, c.pattern, c.zone, err)
			continue
		}
		if got != c.want {
			t.Errorf("parse(%q, %q, %q) = %v, want %d (%s)", c.text, c.pattern, c.zone, got, c.want, time.UnixMilli(c.want).UTC())
		}
	}
}

func TestTimeParseErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, c := range []struct{ text, pattern, want string }{
		{"2018-02-0x", "yyyy-MM-dd", "Text '2018-02-0x' could not be parsed at index 8"},
		{"2018-02-06 extra", "yyyy-MM-dd", "Text '2018-02-06 extra' could not be parsed, unparsed text found at index 10"},
		{"2018-13-01", "yyyy-MM-dd", "Text '2018-13-01' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13"},
		{"2018-02-06 25:00", "yyyy-MM-dd HH:mm", "Invalid value for HourOfDay (valid values 0 - 23): 25"},
		{"2018-02-06 24:01", "yyyy-MM-dd HH:mm", "Invalid value for HourOfDay (valid values 0 - 23): 24"},
		{"Mon 2018-02-06", "EEE yyyy-MM-dd", "Conflict found: Field DayOfWeek 1 differs from DayOfWeek 2"},
		{"06 feb 2018", "dd MMM yyyy", "could not be parsed at index 3"},
		{"2018-366", "yyyy-DDD", "Invalid date 'DayOfYear 366' as '2018' is not a leap year"},
		{"2018-02-06T10:00+19:00", "yyyy-MM-dd'T'HH:mmXXX", "Zone offset not in valid range"},
		{"", "yyyy", "Text '' could not be parsed at index 0"},
		{"2018", "yyyy'", "$util.time.parseFormattedToEpochMilliSeconds: invalid format"},
	} {
		_, err := invoke(t, b.env, "time.parseFormattedToEpochMilliSeconds", c.text, c.pattern)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parse(%q, %q) error = %v, want %q", c.text, c.pattern, err, c.want)
		}
	}
}

func TestTimeISO8601(t *testing.T) {
	t.Parallel()
	runCalls(t, []callCase{
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T19:01:35.749Z"}, want: int64(1517943695749)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T19:01:35Z"}, want: int64(1517943695000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T19:01:35.749123456Z"}, want: int64(1517943695749)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T19:01Z"}, want: int64(1517943660000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-07T03:01:35+0800"}, want: int64(1517943695000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-07T03:01:35+08"}, want: int64(1517943695000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T11:01:35-08:00[America/Los_Angeles]"}, want: int64(1517943695000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T19:01:35"}, want: int64(1517943695000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06"}, want: int64(1517875200000)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"1969-12-31T23:59:59.999Z"}, want: int64(-1)},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06 19:01:35Z"}, err: "unparsed text found at index 10"},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"Feb 6 2018"}, err: "could not be parsed at index 0"},
		{fn: "time.parseISO8601ToEpochMilliSeconds", args: []any{"2018-02-06T19:01:35.Z"}, err: "could not be parsed at index 20"},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{int64(0)}, want: "1970-01-01T00:00:00.000Z"},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{int64(-1)}, want: "1969-12-31T23:59:59.999Z"},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{int64(253402300800000)}, want: "+10000-01-01T00:00:00.000Z"},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{1.5e12}, want: "2017-07-14T02:40:00.000Z"},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{1.5}, err: "argument 1 must be an integer, got 1.5"},
		{fn: "time.epochMilliSecondsToISO8601", args: []any{"0"}, err: "argument 1 must be a number, got String"},
		{fn: "time.epochMilliSecondsToSeconds", args: []any{int64(-1500)}, want: int64(-1)},
		{fn: "time.epochMilliSecondsToSeconds", args: []any{int64(999)}, want: int64(0)},
		{fn: "time.epochMilliSecondsToFormatted", args: []any{int64(0), "yyyy", "Nowhere"}, err: "Unknown time-zone ID: Nowhere"},
	})
}

// FuzzTimeFormat checks that no pattern panics the formatter or the
// parser, and that what a pattern prints, it parses back to the same
// instant when the pattern holds a full date, time and offset.
func FuzzTimeFormat(f *testing.F) {
	for _, p := range []string{
		"yyyy-MM-dd HH:mm:ssZ", "yyyy-MM-dd[XXX]", "uuuuMMddHHmmssSSS", "EEE, dd MMM yyyy HH:mm:ss z",
		"'o''clock' h a", "YYYY-'W'ww-e", "ppH VV O x", "G y D F W Q q L c n N A", "[[[", "]", "'", "p", "{",
		"yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX",
	} {
		f.Add(p, int64(1517943695749))
	}
	f.Add("uuuu", int64(-62135596800000))
	f.Fuzz(func(t *testing.T, pattern string, ms int64) {
		toks, err := compilePattern(pattern)
		if err != nil {
			return
		}
		ms %= 1 << 50 // beyond ±35,000 years the calendar maths is not interesting
		when := time.UnixMilli(ms)
		for _, z := range []zone{utcZone, offsetZone(5*3600 + 1800), mustZone(t, "America/New_York")} {
			s, err := formatJava(when, z, toks)
			if err != nil {
				continue
			}
			back, err := parseJava(s, toks, z)
			if err != nil || !roundTrips(toks) {
				continue
			}
			if !back.Equal(when) {
				t.Errorf("pattern %q zone %s: %d printed %q parsed back as %d", pattern, z.id, ms, s, back.UnixMilli())
			}
		}
	})
}

func mustZone(t testing.TB, id string) zone {
	z, err := loadZone(id)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// roundTrips reports whether a pattern prints everything needed to get
// the instant back: year (u, or y with G), month and day, 24-hour time to
// the millisecond, and an offset, with no optional sections, pads or
// names that are ambiguous.
func roundTrips(toks []tok) bool {
	var have [numFields]bool
	offset := false
	for _, t := range toks {
		switch t.kind {
		case tOptional, tZoneText, tZoneID, tReduced:
			return false
		case tOffset, tLocOffset:
			offset = true
		case tNumber, tText, tFraction:
			if t.pad > 0 {
				return false
			}
			if t.kind == tFraction && t.max < 3 {
				return false
			}
			have[t.field] = true
		}
	}
	year := have[fYear] || have[fYearOfEra] && have[fEra]
	return offset && year && have[fMonth] && have[fDayOfMonth] && have[fHourOfDay] &&
		have[fMinute] && have[fSecond] && have[fNano]
}
