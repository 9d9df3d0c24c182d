package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary YAML to the parser as both appsync.yml and
// serverless.yml: it must return a Config or Errors, never panic.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/full/appsync.yml", "testdata/serverless/serverless.yml", "testdata/serverless/resources/audit.yml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"a: &a [*a, *a]\nb: *a\n",
		"name: ${self:name}\n",
		"name: !Sub [\"${A}\", {A: !Ref B}]\nauthentication: {type: API_KEY}\n",
		"<<: {name: x}\n<<: [*x]\n",
		"resolvers: [{Query.x: {functions: [{dataSource: {type: NONE}}]}}]\n",
		"service: s\nappSync: ${file(x.yml):a}\n",
		"local: {refs: {A: ${x}}}\nname: !GetAtt [a]\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := Loader{Now: func() time.Time { return now }, LookupEnv: func(string) (string, bool) { return "", false }}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"appsync.yml", "serverless.yml"} {
			p := filepath.Join(dir, name)
			c, err := l.parse(p, p, data)
			var errs Errors
			switch {
			case err == nil && c == nil:
				t.Fatalf("%s: no Config and no error", name)
			case err != nil && !errors.As(err, &errs):
				t.Fatalf("%s: error %T, want Errors", name, err)
			case err != nil && len(errs) == 0:
				t.Fatalf("%s: empty Errors", name)
			}
		}
	})
}
