// Package golden runs table tests kept as txtar files in testdata/: each file
// holds a case's inputs and expected outputs as named sections, so a case is
// read and reviewed in one place. With -update, tests rewrite the expected
// sections from what the code produced.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected sections of golden files")

// Case is one golden file.
type Case struct {
	Path    string
	Comment string
	archive *txtar.Archive
}

// Section returns the named section's text and whether it exists.
func (c *Case) Section(name string) (string, bool) {
	for _, f := range c.archive.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

// Sections returns the section names in file order.
func (c *Case) Sections() []string {
	out := make([]string, len(c.archive.Files))
	for i, f := range c.archive.Files {
		out[i] = f.Name
	}
	return out
}

// Check compares got with the named expected section. With -update it
// rewrites the section instead (adding it if missing).
func (c *Case) Check(t testing.TB, name, got string) {
	t.Helper()
	if *update {
		for i, f := range c.archive.Files {
			if f.Name == name {
				c.archive.Files[i].Data = []byte(got)
				c.write(t)
				return
			}
		}
		c.archive.Files = append(c.archive.Files, txtar.File{Name: name, Data: []byte(got)})
		c.write(t)
		return
	}
	want, ok := c.Section(name)
	if !ok {
		t.Fatalf("%s: no %q section (run with -update to create it); got:\n%s", c.Path, name, got)
	}
	if got != want {
		t.Errorf("%s: %s differs\n--- got ---\n%s\n--- want ---\n%s", c.Path, name, got, want)
	}
}

func (c *Case) write(t testing.TB) {
	t.Helper()
	if err := os.WriteFile(c.Path, txtar.Format(c.archive), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Run calls f, as a parallel subtest named after the file, for every file
// matching pattern (a filepath.Glob pattern such as "testdata/*.txtar").
func Run(t *testing.T, pattern string, f func(t *testing.T, c *Case)) {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no golden files match %s", pattern)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &Case{Path: p, archive: txtar.Parse(data)}
		c.Comment = string(c.archive.Comment)
		t.Run(filepath.Base(p), func(t *testing.T) {
			if !*update {
				t.Parallel()
			}
			f(t, c)
		})
	}
}
