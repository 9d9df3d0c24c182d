package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"strconv"
	"strings"
)

func TestSlowCorpus(t *testing.T) {
	dir := os.Getenv("CORPUS")
	ents, _ := os.ReadDir(dir)
	l := Loader{Now: time.Now}
	td := t.TempDir()
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		lines := strings.SplitN(string(b), "\n", 3)
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil { t.Log(err); continue }
		for _, name := range []string{"appsync.yml", "serverless.yml"} {
			start := time.Now()
			p := filepath.Join(td, name)
			l.parse(p, p, []byte(s))
			if d := time.Since(start); d > 50*time.Millisecond {
				t.Logf("%s %s %v: %q", e.Name(), name, d, s)
			}
		}
	}
}
