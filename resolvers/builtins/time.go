package builtins

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // zones by IANA id on hosts without a zoneinfo database
)

// timeTable is $util.time. Formats are java.time DateTimeFormatter patterns
// in the English locale; zones are java.time ZoneId strings. Without a zone
// argument times are in UTC.
var timeTable = &table{methods: methods("$util.time.", map[string]spec{
	"nowISO8601":           {0, 0, func(c *call) (any, error) { return formatISO(c.env.now()), nil }},
	"nowEpochSeconds":      {0, 0, func(c *call) (any, error) { return c.env.now().Unix(), nil }},
	"nowEpochMilliSeconds": {0, 0, func(c *call) (any, error) { return c.env.now().UnixMilli(), nil }},
	"nowFormatted": {1, 2, func(c *call) (any, error) {
		return c.formatTime(c.env.now(), 0)
	}},
	"parseFormattedToEpochMilliSeconds": {2, 3, parseFormattedMethod},
	"parseISO8601ToEpochMilliSeconds":   {1, 1, parseISOMethod},
	"epochMilliSecondsToSeconds": {1, 1, func(c *call) (any, error) {
		ms, err := c.integer(0)
		if err != nil {
			return nil, err
		}
		return ms / 1000, nil
	}},
	"epochMilliSecondsToISO8601": {1, 1, func(c *call) (any, error) {
		ms, err := c.integer(0)
		if err != nil {
			return nil, err
		}
		return formatISO(time.UnixMilli(ms)), nil
	}},
	"epochMilliSecondsToFormatted": {2, 3, func(c *call) (any, error) {
		ms, err := c.integer(0)
		if err != nil {
			return nil, err
		}
		return c.formatTime(time.UnixMilli(ms), 1)
	}},
})}

// formatISO renders t in UTC with milliseconds, as AppSync's nowISO8601
// does: 2018-02-06T19:01:35.749Z.
func formatISO(t time.Time) string {
	t = t.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		s, _ := formatJava(t, utcZone, mustCompile("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'"))
		return s
	}
	return t.Format("2006-01-02T15:04:05.000Z")
}

// patternAndZone reads a DateTimeFormatter pattern at args[at] and the
// optional zone id after it (UTC when absent).
func (c *call) patternAndZone(at int) ([]tok, zone, error) {
	pattern, err := c.str(at)
	if err != nil {
		return nil, zone{}, err
	}
	z := utcZone
	if len(c.args) > at+1 {
		id, err := c.str(at + 1)
		if err != nil {
			return nil, zone{}, err
		}
		if z, err = loadZone(id); err != nil {
			return nil, zone{}, c.errorf("%v", err)
		}
	}
	toks, err := compilePattern(pattern)
	if err != nil {
		return nil, zone{}, c.errorf("invalid format %q: %v", pattern, err)
	}
	return toks, z, nil
}

// formatTime formats t with the pattern at args[at] and the optional zone
// after it.
func (c *call) formatTime(t time.Time, at int) (any, error) {
	toks, z, err := c.patternAndZone(at)
	if err != nil {
		return nil, err
	}
	s, err := formatJava(t, z, toks)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return s, nil
}

func parseFormattedMethod(c *call) (any, error) {
	text, err := c.str(0)
	if err != nil {
		return nil, err
	}
	toks, z, err := c.patternAndZone(1)
	if err != nil {
		return nil, err
	}
	t, err := parseJava(text, toks, z)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return t.UnixMilli(), nil
}

func parseISOMethod(c *call) (any, error) {
	text, err := c.str(0)
	if err != nil {
		return nil, err
	}
	t, err := parseISO8601(text)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return t.UnixMilli(), nil
}

// ---- zones ----

// zone is a java.time ZoneId: a region (loc from the tz database) or a fixed
// offset (a ZoneOffset, whose id is "Z" or "+08:00").
type zone struct {
	id    string
	loc   *time.Location
	fixed bool
}

var utcZone = zone{id: "UTC", loc: time.UTC}

// zoneCache holds loaded zones: the tz database is read once per id.
var (
	zoneCache      sync.Map // id → zone
	zoneCacheCount atomic.Int64
)

const maxCachedZones = 1024

// loadZone resolves a zone id as java.time's ZoneId.of does: "Z", offsets
// (+8, +08, +0800, +08:00, +08:00:30), UTC/GMT/UT with or without an
// offset, and tz database region ids.
func loadZone(id string) (zone, error) {
	if z, ok := zoneCache.Load(id); ok {
		return z.(zone), nil
	}
	z, err := loadZoneUncached(id)
	if err == nil && zoneCacheCount.Load() < maxCachedZones {
		if _, loaded := zoneCache.LoadOrStore(id, z); !loaded {
			zoneCacheCount.Add(1)
		}
	}
	return z, err
}

func loadZoneUncached(id string) (zone, error) {
	switch {
	case id == "Z" || strings.HasPrefix(id, "+") || strings.HasPrefix(id, "-"):
		secs, err := parseOffsetID(id)
		if err != nil {
			return zone{}, err
		}
		return offsetZone(secs), nil
	case id == "UTC" || id == "GMT" || id == "UT":
		return zone{id: id, loc: time.FixedZone(id, 0)}, nil
	}
	for _, prefix := range []string{"UTC", "GMT", "UT"} {
		if rest, ok := strings.CutPrefix(id, prefix); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			secs, err := parseOffsetID(rest)
			if err != nil {
				return zone{}, fmt.Errorf("Invalid ID for offset-based ZoneId: %s", id)
			}
			if secs == 0 {
				return zone{id: prefix, loc: time.FixedZone(prefix, 0)}, nil
			}
			zid := prefix + offsetID(secs)
			return zone{id: zid, loc: time.FixedZone(zid, secs)}, nil
		}
	}
	if !validRegionID(id) {
		return zone{}, fmt.Errorf("Invalid ID for region-based ZoneId, invalid format: %s", id)
	}
	loc, err := time.LoadLocation(id)
	if err != nil || id == "Local" {
		return zone{}, fmt.Errorf("Unknown time-zone ID: %s", id)
	}
	return zone{id: id, loc: loc}, nil
}

// validRegionID is java.time's region id syntax, [A-Za-z][A-Za-z0-9~/._+-]+.
func validRegionID(id string) bool {
	if len(id) < 2 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if i == 0 && !letter {
			return false
		}
		if !letter && !('0' <= c && c <= '9') && !strings.ContainsRune("~/._+-", rune(c)) {
			return false
		}
	}
	return true
}

func offsetZone(secs int) zone {
	id := offsetID(secs)
	return zone{id: id, loc: time.FixedZone(id, secs), fixed: true}
}

// offsetID is ZoneOffset.getId: Z, +08:00 or +08:00:30.
func offsetID(secs int) string {
	if secs == 0 {
		return "Z"
	}
	sign := byte('+')
	if secs < 0 {
		sign, secs = '-', -secs
	}
	s := fmt.Sprintf("%c%02d:%02d", sign, secs/3600, secs/60%60)
	if secs%60 != 0 {
		s += fmt.Sprintf(":%02d", secs%60)
	}
	return s
}

// parseOffsetID is ZoneOffset.of: Z, ±h, ±hh, ±hh:mm, ±hhmm, ±hh:mm:ss,
// ±hhmmss, within ±18:00.
func parseOffsetID(id string) (int, error) {
	if id == "Z" {
		return 0, nil
	}
	bad := fmt.Errorf("Invalid ID for ZoneOffset, invalid format: %s", id)
	if len(id) < 2 || (id[0] != '+' && id[0] != '-') {
		return 0, bad
	}
	num := func(s string) (int, bool) {
		if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
			return 0, false
		}
		return int(s[0]-'0')*10 + int(s[1]-'0'), true
	}
	body := id[1:]
	var h, m, s int
	ok := true
	switch len(body) {
	case 1:
		h, ok = int(body[0]-'0'), body[0] >= '0' && body[0] <= '9'
	case 2:
		h, ok = num(body)
	case 4:
		var ok2 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[2:])
		ok = ok && ok2
	case 5:
		var ok2 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[3:])
		ok = ok && ok2 && body[2] == ':'
	case 6:
		var ok2, ok3 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[2:4])
		s, ok3 = num(body[4:])
		ok = ok && ok2 && ok3
	case 8:
		var ok2, ok3 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[3:5])
		s, ok3 = num(body[6:])
		ok = ok && ok2 && ok3 && body[2] == ':' && body[5] == ':'
	default:
		ok = false
	}
	if !ok {
		return 0, bad
	}
	if h > 18 || m > 59 || s > 59 || (h == 18 && (m > 0 || s > 0)) {
		return 0, fmt.Errorf("Zone offset not in valid range: -18:00 to +18:00: %s", id)
	}
	secs := h*3600 + m*60 + s
	if id[0] == '-' {
		secs = -secs
	}
	return secs, nil
}

// ---- patterns ----

// field is a java.time field a pattern letter prints or parses.
type field uint8

const (
	fNone field = iota
	fEra
	fYearOfEra
	fYear
	fQuarter
	fMonth
	fDayOfYear
	fDayOfMonth
	fAlignedDowInMonth
	fDayOfWeek
	fAmPm
	fHourOfDay
	fClockHourOfDay
	fHourOfAmPm
	fClockHourOfAmPm
	fMinute
	fSecond
	fNano
	fMilliOfDay
	fNanoOfDay
	fLocalDayOfWeek
	fWeekOfMonth
	fWeekOfWeekBasedYear
	fWeekBasedYear
	numFields
)

var fieldNames = [numFields]string{
	"", "Era", "YearOfEra", "Year", "QuarterOfYear", "MonthOfYear", "DayOfYear",
	"DayOfMonth", "AlignedDayOfWeekInMonth", "DayOfWeek", "AmPmOfDay", "HourOfDay",
	"ClockHourOfDay", "HourOfAmPm", "ClockHourOfAmPm", "MinuteOfHour",
	"SecondOfMinute", "NanoOfSecond", "MilliOfDay", "NanoOfDay",
	"DayOfWeek[WeekFields[SUNDAY,1]]", "WeekOfMonth[WeekFields[SUNDAY,1]]",
	"WeekOfWeekBasedYear[WeekFields[SUNDAY,1]]", "WeekBasedYear[WeekFields[SUNDAY,1]]",
}

// fieldRanges are the valid values java.time checks when resolving.
var fieldRanges = [numFields][2]int64{
	fEra: {0, 1}, fYearOfEra: {1, 999999999}, fYear: {-999999999, 999999999},
	fQuarter: {1, 4}, fMonth: {1, 12}, fDayOfYear: {1, 366}, fDayOfMonth: {1, 31},
	fAlignedDowInMonth: {1, 7}, fDayOfWeek: {1, 7}, fAmPm: {0, 1}, fHourOfDay: {0, 23},
	fClockHourOfDay: {1, 24}, fHourOfAmPm: {0, 11}, fClockHourOfAmPm: {1, 12},
	fMinute: {0, 59}, fSecond: {0, 59}, fNano: {0, 999999999},
	fMilliOfDay: {0, 86399999}, fNanoOfDay: {0, 86399999999999},
	fLocalDayOfWeek: {1, 7}, fWeekOfMonth: {0, 6}, fWeekOfWeekBasedYear: {0, 54},
	fWeekBasedYear: {-999999999, 999999999},
}

type tokKind uint8

const (
	tLiteral   tokKind = iota
	tNumber            // appendValue
	tReduced           // appendValueReduced: two-digit year, base 2000
	tFraction          // appendFraction
	tText              // appendText
	tOffset            // appendOffset
	tLocOffset         // appendLocalizedOffset
	tZoneID            // appendZoneId
	tZoneText          // appendZoneText
	tOptional          // [ ... ]
)

type signStyle uint8

const (
	signNormal signStyle = iota
	signNotNegative
	signExceedsPad
)

type textStyle uint8

const (
	styleShort textStyle = iota
	styleFull
	styleNarrow
)

// tok is one element of a compiled pattern.
type tok struct {
	kind     tokKind
	field    field
	lit      string
	min, max int // digits (numbers, fractions)
	sign     signStyle
	style    textStyle
	offType  int    // index into offsetPatterns
	noOffset string // text for a zero offset
	pad      int    // width from a preceding 'p' run; 0 for none
	reserve  int    // digits the following fixed-width numbers need (adjacent value parsing)
	sub      []tok  // optional section
}

// offsetPatterns are java.time's OffsetIdPrinterParser patterns by type.
var offsetPatterns = []string{"+HH", "+HHmm", "+HH:mm", "+HHMM", "+HH:MM", "+HHMMss", "+HH:MM:ss", "+HHMMSS", "+HH:MM:SS"}

var (
	patternCache      sync.Map // pattern → []tok
	patternCacheCount atomic.Int64
)

const maxCachedPatterns = 1024

func mustCompile(p string) []tok {
	toks, err := compilePattern(p)
	if err != nil {
		panic(err)
	}
	return toks
}

// compilePattern compiles a DateTimeFormatter.ofPattern pattern, with the
// errors java.time raises for bad ones.
func compilePattern(p string) ([]tok, error) {
	if toks, ok := patternCache.Load(p); ok {
		return toks.([]tok), nil
	}
	toks, err := compilePatternUncached(p)
	if err != nil {
		return nil, err
	}
	if len(p) <= maxCachedPatternLen && patternCacheCount.Load() < maxCachedPatterns {
		if _, loaded := patternCache.LoadOrStore(p, toks); !loaded {
			patternCacheCount.Add(1)
		}
	}
	return toks, nil
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func compilePatternUncached(p string) ([]tok, error) {
	stack := [][]tok{nil} // innermost section last
	emit := func(t tok) { stack[len(stack)-1] = append(stack[len(stack)-1], t) }
	for pos := 0; pos < len(p); pos++ {
		cur := p[pos]
		switch {
		case isLetter(cur):
			start := pos
			for pos+1 < len(p) && p[pos+1] == cur {
				pos++
			}
			count := pos - start + 1
			pad := 0
			if cur == 'p' {
				if pos+1 < len(p) && isLetter(p[pos+1]) {
					pad = count
					pos++
					cur, start = p[pos], pos
					for pos+1 < len(p) && p[pos+1] == cur {
						pos++
					}
					count = pos - start + 1
				} else {
					return nil, fmt.Errorf("Pad letter 'p' must be followed by valid pad pattern: %s", p)
				}
			}
			t, err := letterToken(cur, count)
			if err != nil {
				return nil, err
			}
			t.pad = pad
			emit(t)
		case cur == '\'':
			start := pos
			pos++
			for ; pos < len(p); pos++ {
				if p[pos] == '\'' {
					if pos+1 < len(p) && p[pos+1] == '\'' {
						pos++
					} else {
						break
					}
				}
			}
			if pos >= len(p) {
				return nil, fmt.Errorf("Pattern ends with an incomplete string literal: %s", p)
			}
			s := p[start+1 : pos]
			if s == "" {
				s = "'"
			} else {
				s = strings.ReplaceAll(s, "''", "'")
			}
			emit(tok{kind: tLiteral, lit: s})
		case cur == '[':
			stack = append(stack, nil)
		case cur == ']':
			if len(stack) == 1 {
				return nil, errors.New("Pattern invalid as it contains ] without previous [")
			}
			sub := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			emit(tok{kind: tOptional, sub: sub})
		case cur == '{' || cur == '}' || cur == '#':
			return nil, fmt.Errorf("Pattern includes reserved character: '%c'", cur)
		default:
			emit(tok{kind: tLiteral, lit: p[pos : pos+1]}) // mergeLiterals rejoins multi-byte characters
		}
	}
	for len(stack) > 1 { // java.time closes open optional sections
		sub := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		emit(tok{kind: tOptional, sub: sub})
	}
	toks := mergeLiterals(stack[0])
	markAdjacent(toks)
	return toks, nil
}

// mergeLiterals joins runs of literal tokens (and the bytes of non-ASCII
// characters the compiler saw one at a time).
func mergeLiterals(toks []tok) []tok {
	out := toks[:0]
	for _, t := range toks {
		if t.kind == tOptional {
			t.sub = mergeLiterals(t.sub)
			markAdjacent(t.sub)
		}
		if n := len(out); n > 0 && t.kind == tLiteral && t.pad == 0 && out[n-1].kind == tLiteral && out[n-1].pad == 0 {
			out[n-1].lit += t.lit
			continue
		}
		out = append(out, t)
	}
	return out
}

// markAdjacent sets reserve on variable-width numbers followed directly by
// fixed-width numbers and fractions, so that "yyyyMMddHHmmssSSS" parses
// 20180206190135749 (java.time's adjacent value parsing, which takes in
// fractions since Java 9).
func markAdjacent(toks []tok) {
	for i := range toks {
		if toks[i].kind != tNumber || toks[i].min == toks[i].max || toks[i].pad != 0 {
			continue
		}
		for j := i + 1; j < len(toks); j++ {
			t := toks[j]
			if t.pad != 0 || !((t.kind == tNumber || t.kind == tFraction) && t.min == t.max || t.kind == tReduced) {
				break
			}
			toks[i].reserve += t.max
		}
	}
}

func tooMany(c byte) error { return fmt.Errorf("Too many pattern letters: %c", c) }

func number(f field, min, max int, sign signStyle) (tok, error) {
	if min < 1 || min > 19 {
		return tok{}, fmt.Errorf("The minimum width must be from 1 to 19 inclusive but was %d", min)
	}
	if max < min {
		return tok{}, fmt.Errorf("The maximum width must exceed or equal the minimum width but %d < %d", max, min)
	}
	return tok{kind: tNumber, field: f, min: min, max: max, sign: sign}, nil
}

// value1 is appendValue(field); valueN is appendValue(field, width).
func value1(f field) (tok, error)            { return number(f, 1, 19, signNormal) }
func valueN(f field, w int) (tok, error)     { return number(f, w, w, signNotNegative) }
func text(f field, s textStyle) (tok, error) { return tok{kind: tText, field: f, style: s}, nil }

var letterFields = map[byte]field{
	'G': fEra, 'y': fYearOfEra, 'u': fYear, 'Q': fQuarter, 'q': fQuarter,
	'M': fMonth, 'L': fMonth, 'D': fDayOfYear, 'd': fDayOfMonth,
	'F': fAlignedDowInMonth, 'E': fDayOfWeek, 'c': fDayOfWeek, 'e': fDayOfWeek,
	'a': fAmPm, 'H': fHourOfDay, 'k': fClockHourOfDay, 'K': fHourOfAmPm,
	'h': fClockHourOfAmPm, 'm': fMinute, 's': fSecond, 'S': fNano,
	'A': fMilliOfDay, 'n': fNano, 'N': fNanoOfDay,
}

// letterToken is DateTimeFormatterBuilder.parsePattern for one letter run.
func letterToken(cur byte, count int) (tok, error) {
	if f, ok := letterFields[cur]; ok {
		return fieldToken(cur, count, f)
	}
	switch cur {
	case 'z':
		if count > 4 {
			return tok{}, tooMany(cur)
		}
		if count == 4 {
			return tok{kind: tZoneText, style: styleFull}, nil
		}
		return tok{kind: tZoneText, style: styleShort}, nil
	case 'V':
		if count != 2 {
			return tok{}, fmt.Errorf("Pattern letter count must be 2: %c", cur)
		}
		return tok{kind: tZoneID}, nil
	case 'Z':
		switch {
		case count < 4:
			return tok{kind: tOffset, offType: 3, noOffset: "+0000"}, nil
		case count == 4:
			return tok{kind: tLocOffset, style: styleFull}, nil
		case count == 5:
			return tok{kind: tOffset, offType: 6, noOffset: "Z"}, nil
		}
		return tok{}, tooMany(cur)
	case 'O':
		switch count {
		case 1:
			return tok{kind: tLocOffset, style: styleShort}, nil
		case 4:
			return tok{kind: tLocOffset, style: styleFull}, nil
		}
		return tok{}, fmt.Errorf("Pattern letter count must be 1 or 4: %c", cur)
	case 'X', 'x':
		if count > 5 {
			return tok{}, tooMany(cur)
		}
		typ := count
		if count > 1 {
			typ = count + 1
		}
		zero := "Z"
		if cur == 'x' {
			switch {
			case count == 1:
				zero = "+00"
			case count%2 == 0:
				zero = "+0000"
			default:
				zero = "+00:00"
			}
		}
		return tok{kind: tOffset, offType: typ, noOffset: zero}, nil
	case 'W':
		if count > 1 {
			return tok{}, tooMany(cur)
		}
		return weekToken(cur, count)
	case 'w':
		if count > 2 {
			return tok{}, tooMany(cur)
		}
		return weekToken(cur, count)
	case 'Y':
		return weekToken(cur, count)
	}
	return tok{}, fmt.Errorf("Unknown pattern letter: %c", cur)
}

// weekToken is WeekBasedFieldPrinterParser in the US week definition
// (weeks start on Sunday; week 1 holds January 1st).
func weekToken(cur byte, count int) (tok, error) {
	var f field
	switch cur {
	case 'Y':
		if count == 2 {
			return tok{kind: tReduced, field: fWeekBasedYear, min: 2, max: 2}, nil
		}
		sign := signNormal
		if count >= 4 {
			sign = signExceedsPad
		}
		return number(fWeekBasedYear, count, 19, sign)
	case 'e', 'c':
		f = fLocalDayOfWeek
	case 'w':
		f = fWeekOfWeekBasedYear
	case 'W':
		f = fWeekOfMonth
	}
	min := 1
	if count == 2 {
		min = 2
	}
	return number(f, min, 2, signNotNegative)
}

// fieldToken is DateTimeFormatterBuilder.parseField.
func fieldToken(cur byte, count int, f field) (tok, error) {
	switch cur {
	case 'G':
		switch count {
		case 1, 2, 3:
			return text(f, styleShort)
		case 4:
			return text(f, styleFull)
		case 5:
			return text(f, styleNarrow)
		}
		return tok{}, tooMany(cur)
	case 'u', 'y':
		switch {
		case count == 2:
			return tok{kind: tReduced, field: f, min: 2, max: 2}, nil
		case count < 4:
			return number(f, count, 19, signNormal)
		}
		return number(f, count, 19, signExceedsPad)
	case 'c', 'L', 'q', 'M', 'Q', 'E', 'e':
		if cur == 'c' && count == 2 {
			return tok{}, errors.New(`Invalid pattern "cc"`)
		}
		switch count {
		case 1, 2:
			switch cur {
			case 'c', 'e':
				return weekToken(cur, count)
			case 'E':
				return text(f, styleShort)
			}
			if count == 1 {
				return value1(f)
			}
			return valueN(f, 2)
		case 3:
			return text(f, styleShort)
		case 4:
			return text(f, styleFull)
		case 5:
			return text(f, styleNarrow)
		}
		return tok{}, tooMany(cur)
	case 'a':
		if count == 1 {
			return text(f, styleShort)
		}
		return tok{}, tooMany(cur)
	case 'S':
		if count > 9 {
			return tok{}, fmt.Errorf("Maximum width must be from 1 to 9 inclusive but was %d", count)
		}
		return tok{kind: tFraction, field: fNano, min: count, max: count}, nil
	case 'F':
		if count == 1 {
			return value1(f)
		}
		return tok{}, tooMany(cur)
	case 'd', 'h', 'H', 'k', 'K', 'm', 's':
		switch count {
		case 1:
			return value1(f)
		case 2:
			return valueN(f, 2)
		}
		return tok{}, tooMany(cur)
	case 'D':
		switch count {
		case 1:
			return value1(f)
		case 2, 3:
			return number(f, count, 3, signNotNegative)
		}
		return tok{}, tooMany(cur)
	}
	if count == 1 {
		return value1(f)
	}
	return valueN(f, count)
}

// ---- English text ----

var (
	monthsFull  = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsShort = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	daysFull    = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	daysShort   = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	quartersFul = []string{"1st quarter", "2nd quarter", "3rd quarter", "4th quarter"}
)

// texts returns the names of f's values in style, indexed from the field's
// first value, and that first value.
func texts(f field, s textStyle) ([]string, int64) {
	narrow := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = n[:1]
		}
		return out
	}
	switch f {
	case fMonth:
		switch s {
		case styleFull:
			return monthsFull, 1
		case styleNarrow:
			return narrow(monthsFull), 1
		}
		return monthsShort, 1
	case fDayOfWeek:
		switch s {
		case styleFull:
			return daysFull, 1
		case styleNarrow:
			return narrow(daysFull), 1
		}
		return daysShort, 1
	case fAmPm:
		if s == styleNarrow {
			return []string{"a", "p"}, 0
		}
		return []string{"AM", "PM"}, 0
	case fEra:
		switch s {
		case styleFull:
			return []string{"Before Christ", "Anno Domini"}, 0
		case styleNarrow:
			return []string{"B", "A"}, 0
		}
		return []string{"BC", "AD"}, 0
	case fQuarter:
		switch s {
		case styleFull:
			return quartersFul, 1
		case styleNarrow:
			return []string{"1", "2", "3", "4"}, 1
		}
		return []string{"Q1", "Q2", "Q3", "Q4"}, 1
	}
	return nil, 0
}

// zoneNames are the English long names (zzzz) of common abbreviations.
var zoneNames = map[string]string{
	"UTC": "Coordinated Universal Time", "GMT": "Greenwich Mean Time",
	"BST": "British Summer Time", "IST": "India Standard Time",
	"WET": "Western European Time", "WEST": "Western European Summer Time",
	"CET": "Central European Standard Time", "CEST": "Central European Summer Time",
	"EET": "Eastern European Standard Time", "EEST": "Eastern European Summer Time",
	"MSK": "Moscow Standard Time", "SAST": "South Africa Standard Time",
	"EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
	"CST": "Central Standard Time", "CDT": "Central Daylight Time",
	"MST": "Mountain Standard Time", "MDT": "Mountain Daylight Time",
	"PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time",
	"AKST": "Alaska Standard Time", "AKDT": "Alaska Daylight Time",
	"HST": "Hawaii-Aleutian Standard Time", "AST": "Atlantic Standard Time",
	"ADT": "Atlantic Daylight Time", "NST": "Newfoundland Standard Time",
	"NDT": "Newfoundland Daylight Time", "JST": "Japan Standard Time",
	"KST": "Korean Standard Time", "HKT": "Hong Kong Standard Time",
	"PHT": "Philippine Standard Time", "WIB": "Western Indonesia Time",
	"AWST": "Australian Western Standard Time", "ACST": "Australian Central Standard Time",
	"ACDT": "Australian Central Daylight Time", "AEST": "Australian Eastern Standard Time",
	"AEDT": "Australian Eastern Daylight Time", "NZST": "New Zealand Standard Time",
	"NZDT": "New Zealand Daylight Time", "ChST": "Chamorro Standard Time",
	"SST": "Samoa Standard Time",
}

// zoneAbbrevIDs resolve parsed zone names to a zone.
var zoneAbbrevIDs = map[string]string{
	"UTC": "UTC", "GMT": "GMT", "BST": "Europe/London", "WET": "WET", "WEST": "WET",
	"CET": "CET", "CEST": "CET", "EET": "EET", "EEST": "EET", "MSK": "Europe/Moscow",
	"EST": "America/New_York", "EDT": "America/New_York", "CST": "America/Chicago",
	"CDT": "America/Chicago", "MST": "America/Denver", "MDT": "America/Denver",
	"PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
	"AKST": "America/Anchorage", "AKDT": "America/Anchorage", "HST": "Pacific/Honolulu",
	"AST": "America/Halifax", "ADT": "America/Halifax", "NST": "America/St_Johns",
	"NDT": "America/St_Johns", "JST": "Asia/Tokyo", "KST": "Asia/Seoul",
	"HKT": "Asia/Hong_Kong", "IST": "Asia/Kolkata", "SAST": "Africa/Johannesburg",
	"AWST": "Australia/Perth", "ACST": "Australia/Adelaide", "ACDT": "Australia/Adelaide",
	"AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland",
	"NZDT": "Pacific/Auckland",
}

// ---- formatting ----

// formatJava formats the instant t in zone z.
func formatJava(t time.Time, z zone, toks []tok) (string, error) {
	var b strings.Builder
	st := newFields(t.In(z.loc), z)
	if err := st.format(&b, toks); err != nil {
		return "", err
	}
	return b.String(), nil
}

// fields is a zoned date-time broken into what the pattern letters print.
type fields struct {
	t    time.Time
	z    zone
	off  int
	abbr string
}

func newFields(t time.Time, z zone) *fields {
	abbr, off := t.Zone()
	return &fields{t: t, z: z, off: off, abbr: abbr}
}

func (s *fields) get(f field) int64 {
	t := s.t
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	switch f {
	case fEra:
		if y > 0 {
			return 1
		}
		return 0
	case fYearOfEra:
		if y > 0 {
			return int64(y)
		}
		return int64(1 - y)
	case fYear:
		return int64(y)
	case fQuarter:
		return int64(mo-1)/3 + 1
	case fMonth:
		return int64(mo)
	case fDayOfYear:
		return int64(t.YearDay())
	case fDayOfMonth:
		return int64(d)
	case fAlignedDowInMonth:
		return int64(d-1)%7 + 1
	case fDayOfWeek:
		return int64((t.Weekday()+6)%7) + 1
	case fAmPm:
		return int64(h / 12)
	case fHourOfDay:
		return int64(h)
	case fClockHourOfDay:
		if h == 0 {
			return 24
		}
		return int64(h)
	case fHourOfAmPm:
		return int64(h % 12)
	case fClockHourOfAmPm:
		if h%12 == 0 {
			return 12
		}
		return int64(h % 12)
	case fMinute:
		return int64(mi)
	case fSecond:
		return int64(sec)
	case fNano:
		return int64(t.Nanosecond())
	case fMilliOfDay:
		return int64(h*3600+mi*60+sec)*1000 + int64(t.Nanosecond()/1e6)
	case fNanoOfDay:
		return int64(h*3600+mi*60+sec)*1e9 + int64(t.Nanosecond())
	case fLocalDayOfWeek:
		return int64(t.Weekday()) + 1
	case fWeekOfMonth:
		first := int64(time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Weekday())
		return (int64(d)+first-1)/7 + 1
	case fWeekOfWeekBasedYear, fWeekBasedYear:
		wby, w := usWeek(y, mo, d)
		if f == fWeekBasedYear {
			return wby
		}
		return w
	}
	return 0
}

// usWeek returns the week-based year and week of a date in the US week
// definition: weeks run Sunday to Saturday and week 1 contains January 1st.
func usWeek(y int, mo time.Month, d int) (wby, week int64) {
	date := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	sunday := date.AddDate(0, 0, -int(date.Weekday()))
	saturday := sunday.AddDate(0, 0, 6)
	wy := saturday.Year()
	jan1 := time.Date(wy, 1, 1, 0, 0, 0, 0, time.UTC)
	firstSunday := jan1.AddDate(0, 0, -int(jan1.Weekday()))
	days := sunday.Sub(firstSunday).Hours() / 24
	return int64(wy), int64(math.Round(days))/7 + 1
}

func (s *fields) format(b *strings.Builder, toks []tok) error {
	for _, t := range toks {
		if t.pad > 0 {
			var inner strings.Builder
			t2 := t
			t2.pad = 0
			if err := s.format(&inner, []tok{t2}); err != nil {
				return err
			}
			if inner.Len() > t.pad {
				return fmt.Errorf("Cannot print as output of %d characters exceeds pad width of %d", inner.Len(), t.pad)
			}
			b.WriteString(strings.Repeat(" ", t.pad-inner.Len()))
			b.WriteString(inner.String())
			continue
		}
		switch t.kind {
		case tLiteral:
			b.WriteString(t.lit)
		case tOptional:
			if err := s.format(b, t.sub); err != nil {
				return err
			}
		case tNumber:
			if err := formatNumber(b, t, s.get(t.field)); err != nil {
				return err
			}
		case tReduced:
			v := s.get(t.field)
			if v < 0 {
				v = -v
			}
			fmt.Fprintf(b, "%02d", v%100)
		case tFraction:
			digits := fmt.Sprintf("%09d", s.t.Nanosecond())
			b.WriteString(digits[:t.max])
		case tText:
			names, first := texts(t.field, t.style)
			v := s.get(t.field)
			if i := v - first; i >= 0 && int(i) < len(names) {
				b.WriteString(names[i])
			} else {
				b.WriteString(strconv.FormatInt(v, 10))
			}
		case tOffset:
			b.WriteString(formatOffset(s.off, t.offType, t.noOffset))
		case tLocOffset:
			b.WriteString(formatLocalizedOffset(s.off, t.style))
		case tZoneID:
			b.WriteString(s.z.id)
		case tZoneText:
			b.WriteString(s.zoneText(t.style))
		}
	}
	return nil
}

func formatNumber(b *strings.Builder, t tok, v int64) error {
	var digits string
	if v == math.MinInt64 {
		digits = "9223372036854775808"
	} else if v < 0 {
		digits = strconv.FormatInt(-v, 10)
	} else {
		digits = strconv.FormatInt(v, 10)
	}
	name := fieldNames[t.field]
	if len(digits) > t.max {
		return fmt.Errorf("Field %s cannot be printed as the value %d exceeds the maximum print width of %d", name, v, t.max)
	}
	if v >= 0 {
		if t.sign == signExceedsPad && t.min < 19 && len(digits) > t.min {
			b.WriteByte('+')
		}
	} else {
		if t.sign == signNotNegative {
			return fmt.Errorf("Field %s cannot be printed as the value %d cannot be negative according to the SignStyle", name, v)
		}
		b.WriteByte('-')
	}
	for i := len(digits); i < t.min; i++ {
		b.WriteByte('0')
	}
	b.WriteString(digits)
	return nil
}

// formatOffset is OffsetIdPrinterParser.format.
func formatOffset(total, typ int, noOffset string) string {
	if total == 0 {
		return noOffset
	}
	abs := total
	if abs < 0 {
		abs = -abs
	}
	h, m, s := abs/3600, abs/60%60, abs%60
	var b strings.Builder
	if total < 0 {
		b.WriteByte('-')
	} else {
		b.WriteByte('+')
	}
	fmt.Fprintf(&b, "%02d", h)
	output := h
	sep := ""
	if typ%2 == 0 {
		sep = ":"
	}
	if typ >= 3 || (typ >= 1 && m > 0) {
		fmt.Fprintf(&b, "%s%02d", sep, m)
		output += m
		if typ >= 7 || (typ >= 5 && s > 0) {
			fmt.Fprintf(&b, "%s%02d", sep, s)
			output += s
		}
	}
	if output == 0 {
		return noOffset
	}
	return b.String()
}

// formatLocalizedOffset is LocalizedOffsetIdPrinterParser.format: GMT,
// GMT+8, GMT+08:00.
func formatLocalizedOffset(total int, style textStyle) string {
	if total == 0 {
		return "GMT"
	}
	abs := total
	sign := "+"
	if abs < 0 {
		abs, sign = -abs, "-"
	}
	h, m, s := abs/3600, abs/60%60, abs%60
	if style == styleFull {
		out := fmt.Sprintf("GMT%s%02d:%02d", sign, h, m)
		if s != 0 {
			out += fmt.Sprintf(":%02d", s)
		}
		return out
	}
	out := fmt.Sprintf("GMT%s%d", sign, h)
	if m != 0 || s != 0 {
		out += fmt.Sprintf(":%02d", m)
		if s != 0 {
			out += fmt.Sprintf(":%02d", s)
		}
	}
	return out
}

// zoneText is what z and zzzz print: an offset's id; for a region the
// zone's abbreviation at that instant, or its long English name for zzzz.
// Zones the tz database abbreviates only numerically print as GMT+08:00,
// and prefixed offsets (UTC+08:00) as their id, as java.time does.
func (s *fields) zoneText(style textStyle) string {
	if s.z.fixed || isPrefixedOffset(s.z.id) {
		return s.z.id
	}
	abbr := s.abbr
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		return formatLocalizedOffset(s.off, styleFull)
	}
	if style == styleFull {
		if n, ok := zoneNames[abbr]; ok {
			return n
		}
	}
	return abbr
}

func isPrefixedOffset(id string) bool {
	for _, prefix := range []string{"UTC", "GMT", "UT"} {
		if rest, ok := strings.CutPrefix(id, prefix); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			return true
		}
	}
	return false
}

// ---- parsing ----

// parsed collects what parsing found, as java.time's Parsed does.
type parsed struct {
	v       [numFields]int64
	set     uint32
	off     int
	hasOff  bool
	zone    zone
	hasZone bool
}

func (p *parsed) has(f field) bool { return p.set&(1<<f) != 0 }

type parseError struct {
	text string
	at   int
	msg  string
}

func (e *parseError) Error() string {
	if e.msg != "" {
		return fmt.Sprintf("Text '%s' could not be parsed: %s", e.text, e.msg)
	}
	return fmt.Sprintf("Text '%s' could not be parsed at index %d", e.text, e.at)
}

type textParser struct {
	text string
	p    parsed
}

// setField records v for f; a second, different value is a conflict.
func (tp *textParser) setField(f field, v int64) bool {
	if tp.p.has(f) && tp.p.v[f] != v {
		return false
	}
	tp.p.v[f] = v
	tp.p.set |= 1 << f
	return true
}

// parseJava parses text with a compiled pattern; a date-time without an
// offset or zone in the text is in z. Missing fields default to the start
// of the epoch: no date is 1970-01-01, no time is midnight.
func parseJava(text string, toks []tok, z zone) (time.Time, error) {
	tp := &textParser{text: text}
	pos, ok := tp.parse(toks, 0)
	if !ok {
		return time.Time{}, &parseError{text: text, at: pos}
	}
	if pos < len(text) {
		return time.Time{}, fmt.Errorf("Text '%s' could not be parsed, unparsed text found at index %d", text, pos)
	}
	t, err := tp.p.resolve(z)
	if err != nil {
		return time.Time{}, &parseError{text: text, msg: err.Error()}
	}
	return t, nil
}

// parse parses toks from pos; on failure it returns the failing position
// and false.
func (tp *textParser) parse(toks []tok, pos int) (int, bool) {
	for _, t := range toks {
		if t.kind == tOptional {
			saved := tp.p
			if np, ok := tp.parse(t.sub, pos); ok {
				pos = np
			} else {
				tp.p = saved
			}
			continue
		}
		limit := len(tp.text)
		if t.pad > 0 {
			end := pos + t.pad
			if end > len(tp.text) {
				return pos, false
			}
			for pos < end && tp.text[pos] == ' ' {
				pos++
			}
			limit = end
		}
		np, ok := tp.parseOne(t, pos, limit)
		if !ok {
			return np, false
		}
		if t.pad > 0 && np != limit {
			return np, false
		}
		pos = np
	}
	return pos, true
}

func (tp *textParser) parseOne(t tok, pos, limit int) (int, bool) {
	s := tp.text[:limit]
	switch t.kind {
	case tLiteral:
		if strings.HasPrefix(s[pos:], t.lit) {
			return pos + len(t.lit), true
		}
		return pos, false
	case tNumber:
		return tp.parseNumber(t, s, pos)
	case tReduced:
		if pos+2 > len(s) || !isDigit(s[pos]) || !isDigit(s[pos+1]) {
			return pos, false
		}
		v := int64(s[pos]-'0')*10 + int64(s[pos+1]-'0')
		if !tp.setField(t.field, 2000+v) {
			return pos, false
		}
		return pos + 2, true
	case tFraction:
		end := pos
		for end < len(s) && end-pos < t.max && isDigit(s[end]) {
			end++
		}
		if end-pos < t.min {
			return pos, false
		}
		digits := s[pos:end] + strings.Repeat("0", 9-(end-pos))
		v, _ := strconv.ParseInt(digits, 10, 64)
		if !tp.setField(fNano, v) {
			return pos, false
		}
		return end, true
	case tText:
		names, first := texts(t.field, t.style)
		best, bestLen := int64(-1), 0
		for i, n := range names {
			if len(n) > bestLen && strings.HasPrefix(s[pos:], n) {
				best, bestLen = int64(i)+first, len(n)
			}
		}
		if bestLen == 0 || !tp.setField(t.field, best) {
			return pos, false
		}
		return pos + bestLen, true
	case tOffset:
		return tp.parseOffset(s, pos, t.offType, t.noOffset)
	case tLocOffset:
		return tp.parseLocalizedOffset(s, pos, t.style)
	case tZoneID:
		return tp.parseZoneID(s, pos, false)
	case tZoneText:
		return tp.parseZoneID(s, pos, true)
	}
	return pos, false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parseNumber is NumberPrinterParser.parse in strict mode, with adjacent
// value parsing: a variable-width number leaves t.reserve digits for the
// fixed-width numbers that follow it.
func (tp *textParser) parseNumber(t tok, s string, pos int) (int, bool) {
	start := pos
	neg := false
	if pos < len(s) {
		switch c := s[pos]; {
		case c == '-' && t.sign != signNotNegative:
			neg = true
			pos++
		case c == '+' && t.sign == signExceedsPad:
			pos++
		}
	}
	n := 0
	for pos+n < len(s) && n < t.max+t.reserve && isDigit(s[pos+n]) {
		n++
	}
	take := n
	if t.reserve > 0 {
		take = n - t.reserve
		if take < t.min {
			take = t.min
		}
	}
	if take > t.max {
		take = t.max
	}
	if take < t.min || take > n {
		return start, false
	}
	v, err := strconv.ParseInt(s[pos:pos+take], 10, 64)
	if err != nil {
		return start, false
	}
	if neg {
		if v == 0 {
			return start, false // strict parsing rejects -0
		}
		v = -v
	}
	if !tp.setField(t.field, v) {
		return start, false
	}
	return pos + take, true
}

// parseOffset is OffsetIdPrinterParser.parse.
func (tp *textParser) parseOffset(s string, pos, typ int, noOffset string) (int, bool) {
	if noOffset != "" && strings.HasPrefix(s[pos:], noOffset) {
		if tp.setOffset(0) {
			return pos + len(noOffset), true
		}
		return pos, false
	}
	if pos < len(s) && (s[pos] == '+' || s[pos] == '-') {
		sign := 1
		if s[pos] == '-' {
			sign = -1
		}
		var parts [4]int
		parts[0] = pos + 1
		// number parses parts[idx]; it reports failure, which only counts
		// when the part is required.
		number := func(idx int, required bool) bool {
			if (typ+3)/2 < idx {
				return false
			}
			p := parts[0]
			if typ%2 == 0 && idx > 1 {
				if p+1 > len(s) || s[p] != ':' {
					return required
				}
				p++
			}
			if p+2 > len(s) || !isDigit(s[p]) || !isDigit(s[p+1]) {
				return required
			}
			v := int(s[p]-'0')*10 + int(s[p+1]-'0')
			if v > 59 {
				return required
			}
			parts[idx], parts[0] = v, p+2
			return false
		}
		if !(number(1, true) || number(2, typ >= 3) || number(3, false)) {
			secs := sign * (parts[1]*3600 + parts[2]*60 + parts[3])
			if tp.setOffset(secs) {
				return parts[0], true
			}
			return pos, false
		}
	}
	if noOffset == "" {
		if tp.setOffset(0) {
			return pos, true
		}
	}
	return pos, false
}

func (tp *textParser) setOffset(secs int) bool {
	if tp.p.hasOff && tp.p.off != secs {
		return false
	}
	tp.p.off, tp.p.hasOff = secs, true
	return true
}

// parseLocalizedOffset parses GMT, GMT+8, GMT+08:00 (and seconds).
func (tp *textParser) parseLocalizedOffset(s string, pos int, style textStyle) (int, bool) {
	if !strings.HasPrefix(s[pos:], "GMT") {
		return pos, false
	}
	p := pos + 3
	if p >= len(s) || (s[p] != '+' && s[p] != '-') {
		if tp.setOffset(0) {
			return p, true
		}
		return pos, false
	}
	sign := 1
	if s[p] == '-' {
		sign = -1
	}
	p++
	digits := func(min, max int) (int, bool) {
		n := 0
		for p+n < len(s) && n < max && isDigit(s[p+n]) {
			n++
		}
		if n < min {
			return 0, false
		}
		v, _ := strconv.Atoi(s[p : p+n])
		p += n
		return v, true
	}
	var h, m, sec int
	var ok bool
	if style == styleFull {
		h, ok = digits(2, 2)
	} else {
		h, ok = digits(1, 2)
	}
	if !ok {
		return pos, false
	}
	if p < len(s) && s[p] == ':' {
		p++
		if m, ok = digits(2, 2); !ok {
			return pos, false
		}
		if p < len(s) && s[p] == ':' {
			p++
			if sec, ok = digits(2, 2); !ok {
				return pos, false
			}
		}
	} else if style == styleFull {
		return pos, false
	}
	if h > 18 || m > 59 || sec > 59 || !tp.setOffset(sign*(h*3600+m*60+sec)) {
		return pos, false
	}
	return p, true
}

// parseZoneID parses a zone id (VV) or, with names, a zone name or
// abbreviation too (z).
func (tp *textParser) parseZoneID(s string, pos int, names bool) (int, bool) {
	rest := s[pos:]
	set := func(z zone, n int) (int, bool) {
		tp.p.zone, tp.p.hasZone = z, true
		return pos + n, true
	}
	if rest == "" {
		return pos, false
	}
	if rest[0] == '+' || rest[0] == '-' {
		saved := tp.p
		np, ok := tp.parseOffset(s, pos, 6, "Z")
		off := tp.p.off
		tp.p = saved
		if ok {
			return set(offsetZone(off), np-pos)
		}
		return pos, false
	}
	for _, prefix := range []string{"UTC", "GMT", "UT"} {
		if !strings.HasPrefix(rest, prefix) {
			continue
		}
		p := pos + len(prefix)
		if p < len(s) && (s[p] == '+' || s[p] == '-') {
			saved := tp.p
			np, ok := tp.parseOffset(s, p, 6, "Z")
			off := tp.p.off
			tp.p = saved
			if ok {
				z, err := loadZone(prefix + offsetID(off))
				if off == 0 {
					z, err = loadZone(prefix)
				}
				if err == nil {
					return set(z, np-pos)
				}
			}
		}
		z, _ := loadZone(prefix)
		return set(z, len(prefix))
	}
	if names {
		// Long names first, then abbreviations; longest match wins.
		best, bestLen := "", 0
		for abbr, full := range zoneNames {
			if len(full) > bestLen && strings.HasPrefix(rest, full) {
				best, bestLen = abbr, len(full)
			}
		}
		for abbr := range zoneAbbrevIDs {
			if len(abbr) > bestLen && strings.HasPrefix(rest, abbr) && !followsLetter(rest, len(abbr)) {
				best, bestLen = abbr, len(abbr)
			}
		}
		if bestLen > 0 {
			if z, err := loadZone(zoneAbbrevIDs[best]); err == nil {
				return set(z, bestLen)
			}
		}
	}
	n := 0
	for n < len(rest) && n < 64 && (isLetter(rest[n]) || isDigit(rest[n]) || strings.IndexByte("~/._+-", rest[n]) >= 0) {
		n++
	}
	for ; n >= 2; n-- {
		id := rest[:n]
		if !validRegionID(id) || strings.HasSuffix(id, "/") {
			continue
		}
		if z, err := loadZone(id); err == nil {
			return set(z, n)
		}
	}
	if rest[0] == 'Z' {
		return set(offsetZone(0), 1)
	}
	return pos, false
}

func followsLetter(s string, n int) bool { return n < len(s) && isLetter(s[n]) }

func checkRange(f field, v int64) error {
	r := fieldRanges[f]
	if v < r[0] || v > r[1] {
		return fmt.Errorf("Invalid value for %s (valid values %d - %d): %d", fieldNames[f], r[0], r[1], v)
	}
	return nil
}

func daysIn(y int64, m int64) int64 {
	return int64(time.Date(int(y), time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day())
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// resolve turns parsed fields into an instant, as java.time's SMART
// resolver does, with missing date fields from 1970-01-01 and missing time
// fields zero.
func (p *parsed) resolve(z zone) (time.Time, error) {
	for f := fEra; f < numFields; f++ {
		if p.has(f) && !(f == fHourOfDay && p.v[f] == 24) {
			if err := checkRange(f, p.v[f]); err != nil {
				return time.Time{}, err
			}
		}
	}
	conflict := func(f field, a, b int64) error {
		return fmt.Errorf("Conflict found: Field %s %d differs from %s %d derived from the other fields", fieldNames[f], a, fieldNames[f], b)
	}
	// Year.
	year, hasYear := int64(1970), false
	if p.has(fYear) {
		year, hasYear = p.v[fYear], true
	}
	if p.has(fYearOfEra) {
		era := int64(1)
		if p.has(fEra) {
			era = p.v[fEra]
		}
		y := p.v[fYearOfEra]
		if era == 0 {
			y = 1 - y
		}
		if hasYear && y != year {
			return time.Time{}, conflict(fYear, year, y)
		}
		year, hasYear = y, true
	} else if p.has(fEra) && hasYear {
		era := int64(0)
		if year > 0 {
			era = 1
		}
		if era != p.v[fEra] {
			return time.Time{}, conflict(fEra, p.v[fEra], era)
		}
	}
	// Date.
	var month, day int64 = 1, 1
	switch {
	case p.has(fMonth) || p.has(fDayOfMonth):
		if p.has(fMonth) {
			month = p.v[fMonth]
		}
		if p.has(fDayOfMonth) {
			day = p.v[fDayOfMonth]
		}
		if max := daysIn(year, month); day > max {
			day = max // SMART: clamp to the month's last day
		}
		if p.has(fDayOfYear) {
			doy := int64(time.Date(int(year), time.Month(month), int(day), 0, 0, 0, 0, time.UTC).YearDay())
			if doy != p.v[fDayOfYear] {
				return time.Time{}, conflict(fDayOfYear, p.v[fDayOfYear], doy)
			}
		}
	case p.has(fDayOfYear):
		doy := p.v[fDayOfYear]
		if doy == 366 && !isLeap(year) {
			return time.Time{}, fmt.Errorf("Invalid date 'DayOfYear 366' as '%d' is not a leap year", year)
		}
		d := time.Date(int(year), 1, int(doy), 0, 0, 0, 0, time.UTC)
		month, day = int64(d.Month()), int64(d.Day())
	case p.has(fWeekBasedYear) || p.has(fWeekOfWeekBasedYear):
		wby := year
		if p.has(fWeekBasedYear) {
			wby, hasYear = p.v[fWeekBasedYear], true
		}
		week := int64(1)
		if p.has(fWeekOfWeekBasedYear) {
			week = p.v[fWeekOfWeekBasedYear]
		}
		dow := int64(1) // Sunday
		if p.has(fLocalDayOfWeek) {
			dow = p.v[fLocalDayOfWeek]
		} else if p.has(fDayOfWeek) {
			dow = p.v[fDayOfWeek]%7 + 1
		}
		jan1 := time.Date(int(wby), 1, 1, 0, 0, 0, 0, time.UTC)
		d := jan1.AddDate(0, 0, -int(jan1.Weekday())+int(week-1)*7+int(dow-1))
		year, month, day = int64(d.Year()), int64(d.Month()), int64(d.Day())
	}
	date := time.Date(int(year), time.Month(month), int(day), 0, 0, 0, 0, time.UTC)
	if p.has(fQuarter) && (month-1)/3+1 != p.v[fQuarter] && (p.has(fMonth) || p.has(fDayOfYear)) {
		return time.Time{}, conflict(fQuarter, p.v[fQuarter], (month-1)/3+1)
	}
	// Time.
	var hour, minute, sec, nano int64
	hasHour := false
	if p.has(fHourOfDay) {
		hour, hasHour = p.v[fHourOfDay], true
	}
	if p.has(fClockHourOfDay) {
		h := p.v[fClockHourOfDay] % 24
		if hasHour && h != hour {
			return time.Time{}, conflict(fHourOfDay, hour, h)
		}
		hour, hasHour = h, true
	}
	ampmHour, hasAmPmHour := int64(0), false
	if p.has(fHourOfAmPm) {
		ampmHour, hasAmPmHour = p.v[fHourOfAmPm], true
	}
	if p.has(fClockHourOfAmPm) {
		h := p.v[fClockHourOfAmPm] % 12
		if hasAmPmHour && h != ampmHour {
			return time.Time{}, conflict(fHourOfAmPm, ampmHour, h)
		}
		ampmHour, hasAmPmHour = h, true
	}
	switch {
	case hasAmPmHour:
		h := ampmHour
		if p.has(fAmPm) {
			h += 12 * p.v[fAmPm]
		}
		if hasHour && h != hour {
			return time.Time{}, conflict(fHourOfDay, hour, h)
		}
		hour, hasHour = h, true
	case p.has(fAmPm) && hasHour && hour/12 != p.v[fAmPm]:
		return time.Time{}, conflict(fAmPm, p.v[fAmPm], hour/12)
	}
	if p.has(fMinute) {
		minute = p.v[fMinute]
	}
	if p.has(fSecond) {
		sec = p.v[fSecond]
	}
	if p.has(fNano) {
		nano = p.v[fNano]
	}
	if p.has(fMilliOfDay) {
		ms := p.v[fMilliOfDay]
		hour, minute, sec, nano = ms/3600000, ms/60000%60, ms/1000%60, ms%1000*1e6
	}
	if p.has(fNanoOfDay) {
		ns := p.v[fNanoOfDay]
		hour, minute, sec, nano = ns/3600e9, ns/60e9%60, ns/1e9%60, ns%1e9
	}
	if hour == 24 { // SMART: 24:00 is midnight at the end of the day
		if minute != 0 || sec != 0 || nano != 0 {
			return time.Time{}, checkRange(fHourOfDay, 24)
		}
		hour, date = 0, date.AddDate(0, 0, 1)
	}
	local := date.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(nano))
	// Cross-check a parsed day of week against the date.
	if p.has(fDayOfWeek) && (hasYear || p.has(fMonth) || p.has(fDayOfMonth) || p.has(fDayOfYear)) {
		if d := int64((date.Weekday()+6)%7) + 1; d != p.v[fDayOfWeek] {
			return time.Time{}, conflict(fDayOfWeek, p.v[fDayOfWeek], d)
		}
	}
	// Zone: a parsed offset wins, then a parsed zone, then the default.
	switch {
	case p.hasOff:
		if p.off < -18*3600 || p.off > 18*3600 {
			return time.Time{}, errors.New("Zone offset not in valid range: -18:00 to +18:00")
		}
		return local.Add(-time.Duration(p.off) * time.Second), nil
	case p.hasZone:
		z = p.zone
	}
	return localToInstant(local, z.loc), nil
}

// localToInstant interprets local (a wall time stored as UTC) in loc as
// java.time's ZonedDateTime.ofLocal does: in an overlap the earlier
// offset, in a gap the wall time moved forward by the gap's length.
func localToInstant(local time.Time, loc *time.Location) time.Time {
	offsetAt := func(t time.Time) int { _, off := t.In(loc).Zone(); return off }
	before := offsetAt(local.Add(-36 * time.Hour))
	after := offsetAt(local.Add(36 * time.Hour))
	for _, off := range []int{before, after} {
		t := local.Add(-time.Duration(off) * time.Second)
		if offsetAt(t) == off {
			// In an overlap both match; prefer the offset in force before.
			if off == after && before != after {
				tb := local.Add(-time.Duration(before) * time.Second)
				if offsetAt(tb) == before {
					return tb
				}
			}
			return t
		}
	}
	// Offsets that changed within the window may be neither before nor
	// after; try the offset at the naive instant.
	naive := local.Add(-time.Duration(offsetAt(local)) * time.Second)
	if off := offsetAt(naive); offsetAt(local.Add(-time.Duration(off)*time.Second)) == off {
		return local.Add(-time.Duration(off) * time.Second)
	}
	// Gap: keep the offset before the transition.
	return local.Add(-time.Duration(before) * time.Second)
}

// parseISO8601 parses an ISO 8601 date-time: a date (yyyy-MM-dd, with an
// optional sign and more year digits), optionally T and a time (HH:mm,
// seconds and a fraction of up to nine digits optional), and an optional
// offset (Z, ±HH, ±HHMM, ±HH:MM, ±HH:MM:SS), with an optional [zone id]
// after it. Without an offset the time is UTC.
func parseISO8601(s string) (time.Time, error) {
	pos := 0
	fail := func() (time.Time, error) { return time.Time{}, &parseError{text: s, at: pos} }
	digits := func(min, max int) (int64, bool) {
		n := 0
		for pos+n < len(s) && n < max && isDigit(s[pos+n]) {
			n++
		}
		if n < min {
			return 0, false
		}
		v, _ := strconv.ParseInt(s[pos:pos+n], 10, 64)
		pos += n
		return v, true
	}
	lit := func(c byte) bool {
		if pos < len(s) && s[pos] == c {
			pos++
			return true
		}
		return false
	}
	neg := false
	if pos < len(s) && (s[pos] == '+' || s[pos] == '-') {
		neg = s[pos] == '-'
		pos++
	}
	year, ok := digits(4, 9)
	if !ok {
		return fail()
	}
	if neg {
		year = -year
	}
	if !lit('-') {
		return fail()
	}
	month, ok := digits(2, 2)
	if !ok {
		return fail()
	}
	if !lit('-') {
		return fail()
	}
	day, ok := digits(2, 2)
	if !ok {
		return fail()
	}
	var p parsed
	set := func(f field, v int64) {
		p.v[f] = v
		p.set |= 1 << f
	}
	set(fYear, year)
	set(fMonth, month)
	set(fDayOfMonth, day)
	if lit('T') || lit('t') {
		h, ok := digits(2, 2)
		if !ok || !lit(':') {
			return fail()
		}
		m, ok := digits(2, 2)
		if !ok {
			return fail()
		}
		set(fHourOfDay, h)
		set(fMinute, m)
		if lit(':') {
			sec, ok := digits(2, 2)
			if !ok {
				return fail()
			}
			set(fSecond, sec)
			if lit('.') || lit(',') {
				start := pos
				if _, ok := digits(1, 9); !ok {
					return fail()
				}
				frac := s[start:pos] + strings.Repeat("0", 9-(pos-start))
				n, _ := strconv.ParseInt(frac, 10, 64)
				set(fNano, n)
			}
		}
	}
	tp := &textParser{text: s, p: p}
	if pos < len(s) {
		switch s[pos] {
		case 'Z', 'z':
			tp.p.off, tp.p.hasOff = 0, true
			pos++
		case '+', '-':
			np, ok := tp.parseOffset(s, pos, 6, "Z")
			if !ok {
				// ±HHMM and ±HH forms.
				np, ok = tp.parseOffset(s, pos, 1, "Z")
			}
			if !ok {
				return fail()
			}
			pos = np
		}
	}
	if pos < len(s) && s[pos] == '[' {
		end := strings.IndexByte(s[pos:], ']')
		if end < 0 {
			return fail()
		}
		z, err := loadZone(s[pos+1 : pos+end])
		if err != nil {
			return fail()
		}
		tp.p.zone, tp.p.hasZone = z, true
		pos += end + 1
	}
	if pos != len(s) {
		return time.Time{}, fmt.Errorf("Text '%s' could not be parsed, unparsed text found at index %d", s, pos)
	}
	t, err := tp.p.resolve(utcZone)
	if err != nil {
		return time.Time{}, &parseError{text: s, msg: err.Error()}
	}
	return t, nil
}
