package schema

import "testing"

// scalarCase is one value of an AWS scalar and whether AppSync accepts it.
type scalarCase struct {
	in    string
	valid bool
}

// scalarRules holds, per AWS scalar validated as a string, accepted and rejected
// values. Each case comment says where the expectation comes from when it is
// not plain from the AppSync scalar documentation.
var scalarRules = map[string][]scalarCase{
	AWSDate: {
		{"1970-01-01", true},
		{"1970-01-01Z", true},
		{"1970-01-01z", true}, // Java ISO formatters parse case-insensitively
		{"1970-01-01-07:00", true},
		{"1970-01-01+05:30", true},
		{"1970-01-01+05:30:15", true}, // seconds in the offset are allowed
		{"2020-02-29", true},
		{"2000-02-29", true},
		{"0001-01-01", true},
		{"9999-12-31+18:00", true},
		{"2019-02-29", false}, // not a real date
		{"1900-02-29", false},
		{"2020-04-31", false},
		{"2020-13-01", false},
		{"2020-00-10", false},
		{"2020-01-00", false},
		{"2020-01-32", false},
		{"2020-1-01", false},
		{"20-01-01", false},
		{"2020/01/01", false},
		{"2020-01-01T00:00Z", false}, // a date-time is not a date
		{"2019-12-24T04:15:57.798Z", false},
		{"2020-01-01+0100", false},
		{"2020-01-01+01", false},
		{"2020-01-01+19:00", false}, // beyond ±18:00
		{"2020-01-01+18:00:01", false},
		{"2020-01-01+01:60", false},
		{"2020-01-01 ", false},
		{" 2020-01-01", false},
		{"", false},
	},
	AWSTime: {
		{"12:30", true}, // seconds are optional
		{"12:30Z", true},
		{"12:30:24", true},
		{"12:30:24-07:00", true},
		{"12:30:24.500+05:30", true},
		{"12:30:24.5", true},
		{"12:30:24.123456789", true},
		{"00:00:00.000Z", true},
		{"23:59:59.999999999+05:30:15", true},
		{"12:30:24.1234567890", false}, // at most 9 fraction digits
		{"12:30:24.", false},
		{"12:30.5", false}, // a fraction needs seconds
		{"24:00", false},
		{"12:60", false},
		{"12:30:60", false},
		{"1:30", false},
		{"12:3", false},
		{"12", false},
		{"12:30:", false},
		{"12:30:24+0530", false},
		{"12:30 ", false},
		{"T12:30", false},
		{"", false},
	},
	AWSDateTime: {
		{"1970-01-01T12:30Z", true}, // seconds are optional
		{"2020-01-01T00:00+00:00", true},
		{"2020-05-23T06:04:37.000Z", true},
		{"2023-11-30T11:04:03+08:00:30", true}, // accepted by AppSync (amplify-swift#3393)
		{"2020-01-01T00:00:00.123456789-07:00", true},
		{"2020-01-01t00:00:00z", true},     // Java ISO formatters parse case-insensitively
		{"2026-05-06T00:00:00.000", false}, // the offset is mandatory
		{"2020-01-01T00:00", false},
		{"2023-11-30T11:04:03+0800", false}, // rejected by AppSync (amplify-swift#3393)
		{"2024-05-12T07:49:46+0000", false},
		{"2020-05-23T06:4:37.000Z", false}, // rejected by AppSync (amplify-js#5963)
		{"2020-01-01 00:00Z", false},
		{"2020-01-01", false},
		{"2020-01-01Z", false},
		{"2020-02-30T00:00Z", false},
		{"2020-01-01T25:00Z", false},
		{"2020-01-01T00:00:00.Z", false},
		{"2019", false}, // rejected by AppSync (amplify-cli#2033)
		{"", false},
	},
	AWSEmail: {
		{"username@example.com", true},
		{"a@b", true},
		{"a@b.c", true},
		{"a+tag@example.co.uk", true},
		{"first.last@example.com", true},
		{"a@localhost", true},
		{"Name <a@b.com>", false}, // a display name is not a bare address
		{"<a@b.com>", false},
		{"a@b.com (comment)", false},
		{"a@", false},
		{"@b", false},
		{"ab", false},
		{"a b@c.com", false},
		{"a..b@c.com", false},
		{"a@b..c", false},
		{" a@b.com", false},
		{"a@b.com ", false},
		{"a@b.com,c@d.com", false},
		{"", false},
	},
	AWSURL: {
		{"https://www.amazon.com/dp/B000NZW3KC/", true},
		{"http://localhost/", true},
		{"http://localhost:3000/path?q=1#frag", true},
		{"mailto:example@example.com", true},
		{"ftp://ftp.example.com/file.txt", true},
		{"urn:isbn:0451450523", true},
		{"file:///etc/hosts", true},
		{"http://127.0.0.1:8080", true},
		{"http://[::1]:8080/x", true},
		{"http://user:pass@example.com/", true},
		{"http://example.com/?next=http://other.example/", true}, // "//" outside the path
		{"custom+scheme://host.example/a/b", true},
		{"http://münchen.de/", true},
		{"www.amazon.com", false}, // the scheme is required
		{"/relative/path", false},
		{"//example.com/x", false},
		{"http://example.com//double", false}, // "//" in the path
		{"http://example.com/a//b", false},
		{"http://", false},
		{"http:", false},
		{"http:///path", false},
		{"://example.com", false},
		{"1http://example.com", false},
		{"http://exa mple.com/", false},
		{"http://example.com/a b", false},
		{"http://example.com:port/", false},
		{"http://-example.com/", false},
		{"http://exa_mple.com/", false},
		{"http://999.1.1.1/", false},
		{"http://[::1/", false},
		{"http://example.com/%zz", false},
		{"", false},
	},
	AWSPhone: {
		{"555-123-4567", true}, // the Amplify simulator's rejection of this is a bug
		{"555 123 4567", true},
		{"5551234567", true},
		{"1-555-123-4567", true},
		{"+1 555-123-4567", true},
		{"+1-555-123-4567", true},
		{"+15551234567", true},
		{"+44 20 7946 0958", true},
		{"+61 483 911 111", true},
		{"+683 4002", true},
		{"+12312", false}, // too short; rejected by AppSync (amplify-studio#759)
		{"555-1234", false},
		{"22345678901", false}, // 11 digits need the trunk prefix 1
		{"+1 555 123 456", false},
		{"+1234567890123456", false}, // over 15 digits
		{"(555) 123-4567", false},
		{"555.123.4567", false},
		{"555--123-4567", false},
		{"555 - 123 - 4567", false},
		{"-555-123-4567", false},
		{"555-123-4567-", false},
		{"+ 1 555 123 4567", false},
		{"++15551234567", false},
		{"555-123-456a", false},
		{"+", false},
		{"", false},
	},
	AWSIPAddress: {
		{"123.12.34.56", true},
		{"0.0.0.0", true},
		{"255.255.255.255", true},
		{"123.45.67.89/16", true}, // CIDR suffix, per the scalar documentation
		{"10.0.0.0/0", true},
		{"10.0.0.1/32", true},
		{"1a2b:3c4b::1234:4567", true},
		{"::1", true},
		{"::", true},
		{"2001:db8::/32", true},
		{"2001:db8::1/128", true},
		{"::ffff:192.168.86.27", true},
		{"256.1.1.1", false},
		{"1.2.3", false},
		{"1.2.3.4.5", false},
		{"01.2.3.4", false},
		{"1.2.3.4/33", false},
		{"2001:db8::1/129", false},
		{"1.2.3.4/", false},
		{"1.2.3.4/-1", false},
		{"1.2.3.4/016", false},
		{"1.2.3.4/a", false},
		{"[::1]", false},
		{"fe80::1%eth0", false},
		{"1:2:3:4:5:6:7:8:9", false},
		{"example.com", false},
		{" 1.2.3.4", false},
		{"", false},
	},
}

func TestStringScalarRules(t *testing.T) {
	t.Parallel()
	for name, cases := range scalarRules {
		valid := stringScalars[name].valid
		for _, tc := range cases {
			t.Run(name+"/"+tc.in, func(t *testing.T) {
				t.Parallel()
				if got := valid(tc.in); got != tc.valid {
					t.Errorf("%s(%q) = %v, want %v", name, tc.in, got, tc.valid)
				}
			})
		}
	}
}

func TestIsAWSScalar(t *testing.T) {
	t.Parallel()
	for _, name := range awsScalars {
		if !IsAWSScalar(name) {
			t.Errorf("IsAWSScalar(%q) = false", name)
		}
	}
	for _, name := range []string{"String", "Int", "awsdate", "AWSJson", "AWS", ""} {
		if IsAWSScalar(name) {
			t.Errorf("IsAWSScalar(%q) = true", name)
		}
	}
	if len(awsScalars) != 9 {
		t.Errorf("%d AWS scalars, want 9", len(awsScalars))
	}
}
