package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// state is one Load in progress.
type state struct {
	now       time.Time
	lookupEnv func(string) (string, bool)

	file string // the config path as given, for messages
	abs  string
	dir  string

	errs Errors
	seen map[string]bool

	nodeFile map[*yaml.Node]string // nodes of files read by ${file(...)}
	files    map[string]*yaml.Node // those files' roots by absolute path
	budget   int

	root        *yaml.Node // the whole document, what ${self:...} reads
	serverless  bool
	localPrefix string // "local" or "custom.appsync-local", for hints

	local     *Local
	functions map[string]*yaml.Node // serverless functions by key
	fnLogical map[string]string     // their CloudFormation logical ids → key
	resources map[string]resource   // resources.Resources by logical id

	stage, region string
	inStage       bool
	inRegion      bool
	localHasPort  bool
}

// resource is one entry of resources.Resources.
type resource struct {
	typ   string     // Type, such as AWS::DynamoDB::Table
	props *yaml.Node // Properties
}

// parse is Load after reading the file; file is the path for messages and
// abs its absolute form.
func (l Loader) parse(file, abs string, data []byte) (*Config, error) {
	s := &state{
		now:       time.Now(),
		lookupEnv: os.LookupEnv,
		file:      file,
		abs:       abs,
		dir:       filepath.Dir(abs),
		seen:      map[string]bool{},
		nodeFile:  map[*yaml.Node]string{},
		files:     map[string]*yaml.Node{},
		budget:    maxBudget,
		functions: map[string]*yaml.Node{},
		fnLogical: map[string]string{},
		resources: map[string]resource{},
		local:     &Local{},
	}
	if l.Now != nil {
		s.now = l.Now()
	}
	if l.LookupEnv != nil {
		s.lookupEnv = l.LookupEnv
	}
	doc, err := s.readYAML(file, data)
	if err != nil {
		return nil, err
	}
	cfg := s.load(doc)
	if len(s.errs) > 0 {
		s.errs.sort()
		return nil, s.errs
	}
	return cfg, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (?:column (\d+): )?`)

// readYAML parses data into its root node; an empty document is a null
// node. Syntax errors come back as Errors.
func (s *state) readYAML(file string, data []byte) (root *yaml.Node, err error) {
	var doc yaml.Node
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("yaml: %v", r)
			}
		}()
		err = yaml.Unmarshal(data, &doc)
	}()
	if err != nil {
		msg := err.Error()
		pos := Pos{File: file, Line: 1}
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			pos.Column, _ = strconv.Atoi(m[2])
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, Errors{{Pos: pos, Message: "invalid YAML: " + msg}}
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: 1, Column: 1}, nil
}

func (s *state) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: s.file}
	}
	f, ok := s.nodeFile[n]
	if !ok {
		f = s.file
	}
	return Pos{File: f, Line: n.Line, Column: n.Column}
}

// errorf records a problem at n.
func (s *state) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{Pos: s.pos(n), Message: fmt.Sprintf(format, args...)}
	k := e.Error()
	if s.seen[k] {
		return
	}
	s.seen[k] = true
	s.errs = append(s.errs, e)
}

// spend charges one unit of work; false when the input is too large or
// self-referencing.
func (s *state) spend(n *yaml.Node) bool {
	s.budget--
	if s.budget == 0 {
		s.errorf(n, "config too large: more than %d nodes after expanding aliases and variables; remove alias or variable loops", maxBudget)
	}
	return s.budget > 0
}

// synth makes a scalar standing for a value computed at n.
func (s *state) synth(at *yaml.Node, tag, value string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value, Line: at.Line, Column: at.Column}
	if f, ok := s.nodeFile[at]; ok {
		s.nodeFile[n] = f
	}
	return n
}

// untag copies n without its intrinsic tag, so that the argument of a
// short-form intrinsic can be evaluated as a plain value.
func (s *state) untag(n *yaml.Node) *yaml.Node {
	c := *n
	switch n.Kind {
	case yaml.ScalarNode:
		c.Tag = "!!str"
	case yaml.SequenceNode:
		c.Tag = "!!seq"
	case yaml.MappingNode:
		c.Tag = "!!map"
	}
	c.Style &^= yaml.TaggedStyle
	if f, ok := s.nodeFile[n]; ok {
		s.nodeFile[&c] = f
	}
	return &c
}

// deref follows aliases and whole-value serverless variables ("${self:x}")
// to the node they stand for. It reports unresolvable variables and returns
// nil for them.
func (s *state) deref(n *yaml.Node) *yaml.Node {
	r, err := s.derefE(n, 0)
	if err != nil {
		s.report(err, "")
		return nil
	}
	return r
}

func (s *state) derefE(n *yaml.Node, depth int) (*yaml.Node, *evalErr) {
	for range maxDepth {
		if n == nil {
			return nil, nil
		}
		if !s.spend(n) {
			return nil, &evalErr{node: n, reason: "too much expansion", silent: true}
		}
		switch {
		case n.Kind == yaml.AliasNode:
			if n.Alias == nil {
				return nil, nil
			}
			n = n.Alias
		case n.Kind == yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil, nil
			}
			n = n.Content[0]
		case n.Kind == yaml.ScalarNode && n.Tag == "!!str" && isWholeVar(n.Value):
			r, err := s.variable(n.Value[2:len(n.Value)-1], n, depth+1)
			if err != nil {
				return nil, err
			}
			n = r
		default:
			return n, nil
		}
	}
	return nil, &evalErr{node: n, reason: "aliases or variables nested more than 64 deep", fix: "remove the loop"}
}

// pairs returns the entries of mapping n (already dereferenced), merging
// "<<" keys the YAML way (explicit keys win) and reporting duplicate and
// non-string keys.
func (s *state) pairs(n *yaml.Node) []pair {
	return s.pairsDepth(n, 0)
}

func (s *state) pairsDepth(n *yaml.Node, depth int) []pair {
	if depth > maxDepth || !s.spend(n) {
		return nil
	}
	explicit := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && k.ShortTag() != "!!merge" {
			if prev, dup := explicit[k.Value]; dup {
				s.errorf(k, "duplicate key %q (first at line %d); remove one", k.Value, prev.Line)
				continue
			}
			explicit[k.Value] = k
		}
	}
	var out []pair
	added := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			for _, m := range s.mergeSources(v, depth) {
				for _, p := range s.pairsDepth(m, depth+1) {
					if _, ok := explicit[p.name]; ok || added[p.name] {
						continue
					}
					added[p.name] = true
					out = append(out, p)
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			s.errorf(k, "a key must be a string, got %s", kindName(k))
			continue
		}
		if explicit[k.Value] != k || added[k.Value] {
			continue // a duplicate, reported above
		}
		added[k.Value] = true
		out = append(out, pair{name: k.Value, key: k, val: v})
	}
	return out
}

func (s *state) mergeSources(v *yaml.Node, depth int) []*yaml.Node {
	v, _ = s.derefE(v, depth)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range v.Content {
			if c, _ = s.derefE(c, depth); c != nil && c.Kind == yaml.MappingNode {
				out = append(out, c)
			} else if c != nil {
				s.errorf(c, "a merge (<<) takes mappings, got %s", kindName(c))
			}
		}
		return out
	}
	s.errorf(v, "a merge (<<) takes a mapping or a sequence of mappings, got %s", kindName(v))
	return nil
}

// mapping dereferences n and checks it is a mapping, reporting
// "key: expected a mapping, got ...". It returns nil otherwise.
func (s *state) mapping(n *yaml.Node, key string) *yaml.Node {
	d := s.deref(n)
	if d == nil {
		return nil
	}
	if d.Kind != yaml.MappingNode {
		s.typeErrAt(n, d, key, "a mapping")
		return nil
	}
	return d
}

func (s *state) typeErr(n *yaml.Node, key, want string) {
	s.typeErrAt(n, n, key, want)
}

// typeErrAt reports that d, which the value written at n stands for (n
// itself, or the target of an alias or variable), is not what is wanted.
func (s *state) typeErrAt(n, d *yaml.Node, key, want string) {
	if key == "" {
		s.errorf(n, "expected %s, got %s", want, kindName(d))
		return
	}
	s.errorf(n, "%s: expected %s, got %s", key, want, kindName(d))
}

// object checks that n (the value of key) is a mapping whose keys are all
// in known; what names the thing for messages ("resolver"). Unknown keys are
// reported with the closest known one. It returns nil when n is not a
// mapping.
func (s *state) object(n *yaml.Node, key, what string, known []string) *obj {
	m := s.mapping(n, key)
	if m == nil {
		return nil
	}
	return s.objectOf(m, what, known)
}

func (s *state) objectOf(m *yaml.Node, what string, known []string) *obj {
	o := &obj{node: m, byKey: map[string]pair{}}
	for _, p := range s.pairs(m) {
		if !contains(known, p.name) {
			s.errorf(p.key, "unknown key %q in %s%s", p.name, what, suggest(p.name, known, "valid keys are"))
			continue
		}
		o.pairs = append(o.pairs, p)
		o.byKey[p.name] = p
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// missing reports a required key absent from o's mapping, at at.
func (s *state) missing(at *yaml.Node, key, what, fix string) {
	s.errorf(at, "missing %q in %s; %s", key, what, fix)
}

// str reads n as a string, resolving serverless variables and intrinsics;
// problems are reported with key and ok is false.
func (s *state) str(n *yaml.Node, key string) (string, bool) {
	if !s.scalarish(n, key) {
		return "", false
	}
	v, err := s.eval(n, 0, strict)
	if err != nil {
		s.report(err, key)
		return "", false
	}
	if v, ok := v.(string); ok {
		return v, true
	}
	s.typeErrAt(n, s.shown(n), key, "a string")
	return "", false
}

// scalarish reports whether n, after aliases and whole-value variables, is a
// scalar or an intrinsic, reporting a type error or an unresolvable variable
// otherwise. It keeps "expected a string" from evaluating a whole mapping.
func (s *state) scalarish(n *yaml.Node, key string) bool {
	d, err := s.derefE(n, 0)
	if err != nil {
		s.report(err, key)
		return false
	}
	if d == nil || d.Kind == yaml.ScalarNode || isIntrinsic(d) {
		return true
	}
	s.typeErrAt(n, d, key, "a string")
	return false
}

// shown is the node to name in a type error: n after aliases, if that works.
func (s *state) shown(n *yaml.Node) *yaml.Node {
	if d, err := s.derefE(n, 0); err == nil && d != nil {
		return d
	}
	return n
}

// scalarString reads n as a string, accepting numbers and booleans as their
// text (for substitution and environment values).
func (s *state) scalarString(n *yaml.Node, key string) (string, bool) {
	if !s.scalarish(n, key) {
		return "", false
	}
	v, err := s.eval(n, 0, strict)
	if err != nil {
		s.report(err, key)
		return "", false
	}
	switch v := v.(type) {
	case string:
		return v, true
	case bool, int, float64:
		return fmt.Sprint(v), true
	}
	s.typeErrAt(n, s.shown(n), key, "a string")
	return "", false
}

func (s *state) boolean(n *yaml.Node, key string) (bool, bool) {
	d := s.deref(n)
	if d == nil {
		return false, false
	}
	var b bool
	if d.Kind != yaml.ScalarNode || d.ShortTag() != "!!bool" || d.Decode(&b) != nil {
		s.typeErrAt(n, d, key, "a boolean (true or false)")
		return false, false
	}
	return b, true
}

// integer reads n as an integer in [lo, hi].
func (s *state) integer(n *yaml.Node, key string, lo, hi int) (int, bool) {
	d := s.deref(n)
	if d == nil {
		return 0, false
	}
	var i int64
	if d.Kind != yaml.ScalarNode || d.ShortTag() != "!!int" || d.Decode(&i) != nil {
		s.typeErrAt(n, d, key, "an integer")
		return 0, false
	}
	if i < int64(lo) || i > int64(hi) {
		s.errorf(d, "%s %d is out of range; use %d..%d", key, i, lo, hi)
		return 0, false
	}
	return int(i), true
}

// enum reads n as one of valid.
func (s *state) enum(n *yaml.Node, key string, valid []string) (string, bool) {
	v, ok := s.str(n, key)
	if !ok {
		return "", false
	}
	if !contains(valid, v) {
		hint := ""
		if c := closest(v, valid); c != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", c)
		}
		s.errorf(s.shown(n), "invalid %s %q%s; use one of %s", key, v, hint, strings.Join(valid, ", "))
		return "", false
	}
	return v, true
}

// strMap reads a mapping of strings (substitutions, environment, ...).
func (s *state) strMap(n *yaml.Node, key string) map[string]string {
	m := s.mapping(n, key)
	if m == nil {
		return nil
	}
	out := map[string]string{}
	for _, p := range s.pairs(m) {
		if v, ok := s.scalarString(p.val, p.name); ok {
			out[p.name] = v
		}
	}
	return out
}

// rawStrMap reads a mapping of plain strings with no variable resolution
// (the local override maps, which must not depend on themselves).
func (s *state) rawStrMap(n *yaml.Node, key string) map[string]string {
	m := s.rawNode(n)
	if m == nil {
		return nil
	}
	if m.Kind != yaml.MappingNode {
		s.typeErr(m, key, "a mapping")
		return nil
	}
	out := map[string]string{}
	for _, p := range s.pairs(m) {
		if v, ok := s.rawStr(p.val, p.name); ok {
			out[p.name] = v
		}
	}
	return out
}

// rawStr reads a plain scalar, following aliases only.
func (s *state) rawStr(n *yaml.Node, key string) (string, bool) {
	v := s.rawNode(n)
	if v == nil {
		return "", false
	}
	if v.Kind != yaml.ScalarNode || isNull(v) || shortIntrinsics[v.Tag] != "" || strings.Contains(v.Value, "${") {
		s.typeErr(v, key, "a plain string (no variables or intrinsics)")
		return "", false
	}
	return v.Value, true
}

// rawNode follows aliases, not variables.
func (s *state) rawNode(n *yaml.Node) *yaml.Node {
	for range maxDepth {
		if n == nil || n.Kind != yaml.AliasNode {
			return n
		}
		n = n.Alias
	}
	return nil
}

// path resolves a file path against the config's directory.
func (s *state) path(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(s.dir, p)
}

// file reads n as a path to an existing regular file; what names it for
// messages ("request template").
func (s *state) existingFile(n *yaml.Node, key, what string) (string, bool) {
	p, ok := s.str(n, key)
	if !ok {
		return "", false
	}
	if p == "" {
		s.errorf(s.shown(n), "%s: empty path; give a file path relative to %s", key, filepath.Base(s.file))
		return "", false
	}
	abs := s.path(p)
	fi, err := os.Stat(abs)
	switch {
	case err != nil:
		s.errorf(s.shown(n), "%s %s not found", what, p)
		return "", false
	case fi.IsDir():
		s.errorf(s.shown(n), "%s %s is a directory; give a file", what, p)
		return "", false
	}
	return abs, true
}
