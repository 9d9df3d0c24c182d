package javatext

import "testing"

func TestDouble(t *testing.T) {
	t.Parallel()
	for f, want := range map[float64]string{
		1: "1.0", 0.001: "0.001", 1e7: "1.0E7", 1.5e-4: "1.5E-4", 1.6841268e12: "1.6841268E12",
		-2.5: "-2.5", 0: "0.0", 1e21: "1.0E21", 123456.789: "123456.789", 9999999: "9999999.0",
	} {
		if got := Double(f); got != want {
			t.Errorf("Double(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestAppendQuoted(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":        `"plain"`,
		"q\"b\\s":      `"q\"b\\s"`,
		"nl\n\r\t\b\f": `"nl\n\r\t\b\f"`,
		"\x01":         `"\u0001"`,
		"<&> é \u2028": "\"<&> é \u2028\"",
		"bad\xffutf8":  `"bad\ufffdutf8"`,
	} {
		if got := string(AppendQuoted(nil, in)); got != want {
			t.Errorf("AppendQuoted(%q) = %s, want %s", in, got, want)
		}
	}
}
