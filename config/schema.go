package config

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decodeSchema reads schema: a path or glob, or a sequence of them; default
// schema.graphql.
func (s *state) decodeSchema(o *obj, at *yaml.Node, cfg *Config) {
	n, ok := o.get("schema")
	if !ok {
		cfg.SchemaPos = s.pos(at)
		p := s.path("schema.graphql")
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			s.errorf(at, "schema file schema.graphql not found; create it or set schema: to your schema file(s)")
			return
		}
		cfg.Schema = []string{p}
		return
	}
	d := s.deref(n)
	if d == nil {
		return
	}
	cfg.SchemaPos = s.pos(d)
	var items []*yaml.Node
	switch {
	case d.Kind == yaml.SequenceNode:
		items = d.Content
		if len(items) == 0 {
			s.errorf(d, "schema is empty; list your schema file(s)")
		}
	default:
		items = []*yaml.Node{d}
	}
	seen := map[string]bool{}
	for _, it := range items {
		pat, ok := s.str(it, "schema")
		if !ok {
			continue
		}
		shown := s.shown(it)
		if pat == "" {
			s.errorf(shown, "schema: empty path; give a schema file or glob")
			continue
		}
		var files []string
		if strings.ContainsAny(pat, "*?[") {
			files = globFiles(s.path(pat))
			if len(files) == 0 {
				s.errorf(shown, "schema glob %s matches no files", pat)
				continue
			}
		} else {
			p := s.path(pat)
			fi, err := os.Stat(p)
			switch {
			case err != nil:
				s.errorf(shown, "schema file %s not found", pat)
				continue
			case fi.IsDir():
				s.errorf(shown, "schema file %s is a directory; give a file or a glob such as %s/*.graphql", pat, strings.TrimSuffix(pat, "/"))
				continue
			}
			files = []string{p}
		}
		for _, f := range files {
			if !seen[f] {
				seen[f] = true
				cfg.Schema = append(cfg.Schema, f)
			}
		}
	}
}

// globFiles returns the regular files matching the absolute pattern, sorted.
// Besides filepath.Match syntax, a "**" segment matches any number of
// directories. A malformed pattern matches nothing.
func globFiles(pattern string) []string {
	pattern = filepath.ToSlash(pattern)
	segs := strings.Split(pattern, "/")
	base := 0
	for base < len(segs) && !strings.ContainsAny(segs[base], "*?[") {
		base++
	}
	root := strings.Join(segs[:base], "/")
	if root == "" {
		root = "/"
	}
	rest := segs[base:]
	var out []string
	if !strings.Contains(pattern, "**") {
		matches, _ := filepath.Glob(filepath.FromSlash(pattern))
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.Mode().IsRegular() {
				out = append(out, m)
			}
		}
		return out
	}
	_ = filepath.WalkDir(filepath.FromSlash(root), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(filepath.FromSlash(root), p)
		if err != nil {
			return nil
		}
		if matchSegs(rest, strings.Split(filepath.ToSlash(rel), "/")) {
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
