package config

import (
	"fmt"
	"github.com/agnivade/levenshtein"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits that keep hostile or broken input (alias bombs, cyclic aliases,
// self-referencing variables) from running away.
const (
	maxDepth  = 64
	maxBudget = 1_000_000
)

// pair is one key/value of a mapping.
type pair struct {
	name     string
	key, val *yaml.Node
}

// obj is a mapping whose keys have been checked against a known set.
type obj struct {
	node  *yaml.Node
	pairs []pair
	byKey map[string]pair
}

func (o *obj) get(name string) (*yaml.Node, bool) {
	if o == nil {
		return nil, false
	}
	p, ok := o.byKey[name]
	return p.val, ok
}

func (o *obj) keyNode(name string) *yaml.Node {
	if p, ok := o.byKey[name]; ok {
		return p.key
	}
	return o.node
}

func (o *obj) has(name string) bool {
	_, ok := o.get(name)
	return ok
}

// kindName describes a node for "expected X, got Y" messages.
func kindName(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		if fn, _ := longIntrinsic(n); fn != "" {
			return fn + " (an intrinsic function)"
		}
		return "a mapping"
	case yaml.SequenceNode:
		if shortIntrinsics[n.Tag] != "" {
			return n.Tag + " (an intrinsic function)"
		}
		return "a sequence"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if shortIntrinsics[n.Tag] != "" {
			return n.Tag + " (an intrinsic function)"
		}
		switch n.ShortTag() {
		case "!!str", "!!timestamp", "!!binary":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		}
		return "a value tagged " + n.Tag
	}
	return "nothing"
}

// isNull reports whether n is an explicit or implicit null.
func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// isStringScalar reports whether n is a scalar that reads as a string.
func isStringScalar(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		return true
	}
	return false
}

// shortIntrinsics maps CloudFormation short-form tags to their long names.
var shortIntrinsics = map[string]string{
	"!Ref":          "Ref",
	"!GetAtt":       "Fn::GetAtt",
	"!Sub":          "Fn::Sub",
	"!Join":         "Fn::Join",
	"!ImportValue":  "Fn::ImportValue",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!Base64":       "Fn::Base64",
	"!If":           "Fn::If",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAZs":       "Fn::GetAZs",
	"!Cidr":         "Fn::Cidr",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!Condition":    "Condition",
	"!Length":       "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
	"!Transform":    "Fn::Transform",
}

// shortName returns the YAML short tag for a long intrinsic name.
func shortName(fn string) string {
	return "!" + strings.TrimPrefix(fn, "Fn::")
}

// longIntrinsic reports whether n is the long form of an intrinsic, a
// mapping with the single key Ref or Fn::Name, and returns the name and the
// argument.
func longIntrinsic(n *yaml.Node) (string, *yaml.Node) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Kind != yaml.ScalarNode {
		return "", nil
	}
	k := n.Content[0].Value
	if k == "Ref" || strings.HasPrefix(k, "Fn::") {
		return k, n.Content[1]
	}
	return "", nil
}

var identRE = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]*$`)

var typeFieldRE = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$`)

// quoteList formats names as "a", "b" and "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// closest returns the candidate nearest to s, or "" when none is close.
func closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		d := levenshtein.ComputeDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, len([]rune(s))/3)
	if best != "" && bestD <= limit && bestD < len([]rune(best)) {
		return best
	}
	return ""
}

// suggest returns "; did you mean X?" or a list of the candidates.
func suggest(s string, candidates []string, what string) string {
	if c := closest(s, candidates); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	if len(candidates) == 0 {
		return ""
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	return fmt.Sprintf("; %s: %s", what, strings.Join(sorted, ", "))
}

// resourceName turns a resolver key into a name usable for a data source
// or function, as serverless-appsync-plugin does ("Query.user" → "Query_user").
func resourceName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
