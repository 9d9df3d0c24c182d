package schema

import (
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The AWS scalar names.
const (
	AWSDate      = "AWSDate"
	AWSTime      = "AWSTime"
	AWSDateTime  = "AWSDateTime"
	AWSTimestamp = "AWSTimestamp"
	AWSEmail     = "AWSEmail"
	AWSJSON      = "AWSJSON"
	AWSURL       = "AWSURL"
	AWSPhone     = "AWSPhone"
	AWSIPAddress = "AWSIPAddress"
)

// awsScalars lists the AWS scalars in the order the prelude declares them.
var awsScalars = []string{
	AWSDate, AWSTime, AWSDateTime, AWSTimestamp, AWSEmail, AWSJSON, AWSURL, AWSPhone, AWSIPAddress,
}

// IsAWSScalar reports whether name is one of the nine AWS scalars.
func IsAWSScalar(name string) bool {
	switch name {
	case AWSDate, AWSTime, AWSDateTime, AWSTimestamp, AWSEmail, AWSJSON, AWSURL, AWSPhone, AWSIPAddress:
		return true
	}
	return false
}

// stringScalar describes an AWS scalar whose values are strings checked by valid
// and passed through unchanged; what names the thing in AppSync's messages
// ("Unable to parse `x` as a valid <what>.").
type stringScalar struct {
	valid func(string) bool
	what  string
}

// stringScalars holds the AWS scalars that are validated strings.
var stringScalars = map[string]stringScalar{
	AWSDate:      {ValidDate, "date"},
	AWSTime:      {ValidTime, "time"},
	AWSDateTime:  {ValidDateTime, "DateTime Object"},
	AWSEmail:     {ValidEmail, "email address"},
	AWSURL:       {ValidURL, "URL"},
	AWSPhone:     {ValidPhone, "phone number"},
	AWSIPAddress: {ValidIPAddress, "IP address"},
}

// ValidDate reports whether s is an AWSDate: YYYY-MM-DD naming a real calendar
// date, optionally followed by Z or an offset ±hh:mm[:ss].
func ValidDate(s string) bool {
	rest, ok := scanDate(s)
	return ok && (rest == "" || validOffset(rest))
}

// ValidTime reports whether s is an AWSTime: hh:mm, optionally :ss and then
// optionally a fraction of 1 to 9 digits, optionally followed by Z or an offset
// ±hh:mm[:ss].
func ValidTime(s string) bool {
	rest, ok := scanTime(s)
	return ok && (rest == "" || validOffset(rest))
}

// ValidDateTime reports whether s is an AWSDateTime: an AWSDate without offset,
// the letter T, an AWSTime without offset, and a mandatory offset (Z or ±hh:mm[:ss]).
func ValidDateTime(s string) bool {
	rest, ok := scanDate(s)
	if !ok || rest == "" || (rest[0] != 'T' && rest[0] != 't') {
		return false
	}
	rest, ok = scanTime(rest[1:])
	return ok && validOffset(rest)
}

// scanDate reads YYYY-MM-DD from the start of s and returns what follows.
func scanDate(s string) (rest string, ok bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return "", false
	}
	year, ok1 := number(s[0:4])
	month, ok2 := number(s[5:7])
	day, ok3 := number(s[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return "", false
	}
	return s[10:], true
}

// daysIn returns the number of days of month in the proleptic Gregorian year.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// scanTime reads hh:mm[:ss[.fffffffff]] from the start of s and returns what
// follows.
func scanTime(s string) (rest string, ok bool) {
	if len(s) < 5 || s[2] != ':' {
		return "", false
	}
	hour, ok1 := number(s[0:2])
	minute, ok2 := number(s[3:5])
	if !ok1 || !ok2 || hour > 23 || minute > 59 {
		return "", false
	}
	s = s[5:]
	if len(s) < 3 || s[0] != ':' || !isDigit(s[1]) || !isDigit(s[2]) {
		return s, true
	}
	if second, _ := number(s[1:3]); second > 59 {
		return "", false
	}
	s = s[3:]
	if s == "" || s[0] != '.' {
		return s, true
	}
	n := 1
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n == 1 || n > 10 {
		return "", false
	}
	return s[n:], true
}

// validOffset reports whether s is exactly a zone offset: Z, or ±hh:mm or
// ±hh:mm:ss no further than 18 hours from UTC (Java's ZoneOffset limits).
func validOffset(s string) bool {
	if s == "Z" || s == "z" {
		return true
	}
	if (len(s) != 6 && len(s) != 9) || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return false
	}
	hours, ok1 := number(s[1:3])
	minutes, ok2 := number(s[4:6])
	seconds, ok3 := 0, true
	if len(s) == 9 {
		if s[6] != ':' {
			return false
		}
		seconds, ok3 = number(s[7:9])
	}
	if !ok1 || !ok2 || !ok3 || minutes > 59 || seconds > 59 {
		return false
	}
	return hours*3600+minutes*60+seconds <= 18*3600
}

// number parses s, which must be all ASCII digits.
func number(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// ValidEmail reports whether s is an AWSEmail: a bare RFC 822 address,
// local-part@domain, without a display name, angle brackets, comments or
// surrounding white space.
func ValidEmail(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "<>()\r\n") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == ""
}

// ValidURL reports whether s is an AWSURL: an absolute URL with any scheme
// (mailto:x@example.com and http://localhost/ are both valid), no white space,
// a valid host when it has an authority, and no "//" inside its path.
func ValidURL(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || !validScheme(s) {
		return false
	}
	if u.Opaque != "" {
		return true // mailto:, urn:, tel: and the like
	}
	hasAuthority := strings.HasPrefix(s[len(u.Scheme)+1:], "//")
	switch {
	case hasAuthority && u.Host == "":
		if u.Scheme != "file" {
			return false
		}
	case hasAuthority:
		if !validHost(u.Host) {
			return false
		}
	case u.Path == "":
		return false // "http:" alone
	}
	return !strings.Contains(u.EscapedPath(), "//")
}

// validScheme reports whether s starts with an RFC 3986 scheme and a colon.
func validScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case j > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// validHost reports whether host (with an optional :port, as url.URL.Host holds
// it) is an IPv4 address, a bracketed IPv6 address or a DNS name.
func validHost(host string) bool {
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return false
		}
		a, err := netip.ParseAddr(host[1:end])
		return err == nil && a.Is6() && a.Zone() == ""
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i] // url.Parse has checked the port's digits
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Is4()
	}
	return validDomain(host)
}

// validDomain reports whether name is a DNS name whose labels hold letters
// (any script), digits and inner hyphens, and whose last label is not numeric.
func validDomain(name string) bool {
	name = strings.TrimSuffix(name, ".")
	if name == "" || len(name) > 253 {
		return false
	}
	labels := strings.Split(name, ".")
	for _, label := range labels {
		if label == "" || utf8.RuneCountInString(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	_, numeric := number(labels[len(labels)-1])
	return !numeric
}

// ValidPhone reports whether s is an AWSPhone: digit groups separated by single
// spaces or hyphens, optionally starting with "+" and a country code. A number
// with a country code has 7 to 15 digits (E.164), 11 when the code is 1. A
// number without one is taken to be North American: 10 digits, or 11 starting
// with the trunk prefix 1. Area and exchange codes are not checked, so
// 555-123-4567 is valid.
func ValidPhone(s string) bool {
	international := strings.HasPrefix(s, "+")
	if international {
		s = s[1:]
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			digits++
		case (c == ' ' || c == '-') && i > 0 && isDigit(s[i-1]) && i+1 < len(s):
		default:
			return false
		}
	}
	if digits == 0 || !isDigit(s[len(s)-1]) {
		return false
	}
	switch {
	case international && s[0] == '1':
		return digits == 11
	case international:
		return digits >= 7 && digits <= 15
	case s[0] == '1':
		return digits == 11
	default:
		return digits == 10
	}
}

// ValidIPAddress reports whether s is an AWSIPAddress: an IPv4 address in
// dotted-quad form or an IPv6 address without brackets or zone, optionally with
// a CIDR prefix length (/0 to /32 for IPv4, /0 to /128 for IPv6).
func ValidIPAddress(s string) bool {
	addr, bits, hasBits := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Zone() != "" {
		return false
	}
	if !hasBits {
		return true
	}
	if len(bits) == 0 || len(bits) > 3 || (len(bits) > 1 && bits[0] == '0') {
		return false
	}
	n, err := strconv.Atoi(bits)
	return err == nil && n >= 0 && n <= a.BitLen()
}
