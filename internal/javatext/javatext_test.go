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
