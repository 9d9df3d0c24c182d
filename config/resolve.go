package config

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file resolves the deploy-time parts of a config: Serverless Framework
// variables (${self:...}, ${opt:...}, ${sls:...}, ${env:...}, ${file(...)})
// and CloudFormation intrinsics (!Ref, !GetAtt, !Sub, !Join, !ImportValue,
// !Select, !Split, !Base64, short and long forms). A value resolves when the
// file itself defines its target or local settings give it; otherwise the
// error names the key and the local setting that would supply it.

// evalErr is a value that cannot be resolved, or a malformed one.
type evalErr struct {
	node   *yaml.Node
	expr   string // the unresolvable expression ("!Ref X", "${ssm:/x}"); "" when malformed
	reason string
	fix    string
	silent bool // already reported
}

// report records e as a problem with the value of key.
func (s *state) report(e *evalErr, key string) {
	if e.silent {
		return
	}
	var b strings.Builder
	if key != "" {
		b.WriteString(key + ": ")
	}
	switch {
	case e.expr != "" && e.reason != "":
		fmt.Fprintf(&b, "cannot resolve %s: %s", e.expr, e.reason)
	case e.expr != "":
		fmt.Fprintf(&b, "cannot resolve %s locally", e.expr)
	default:
		b.WriteString(e.reason)
	}
	if e.fix != "" {
		b.WriteString("; " + e.fix)
	}
	s.errorf(e.node, "%s", b.String())
}

// setting formats the local setting that supplies a value: "local.refs.X"
// or `local.variables["ssm:/x"]`.
func (s *state) setting(group, key string) string {
	if identRE.MatchString(key) {
		return fmt.Sprintf("set %s.%s.%s or write the value as a literal", s.localPrefix, group, key)
	}
	return fmt.Sprintf("set %s.%s[%q] or write the value as a literal", s.localPrefix, group, key)
}

type mode int

const (
	strict mode = iota // every intrinsic and variable must resolve
	loose              // unresolvable ones are kept in CloudFormation form
	raw                // nothing is resolved
)

// eval turns n into a Go value: string, bool, int, float64, nil, []any or
// map[string]any.
func (s *state) eval(n *yaml.Node, depth int, m mode) (any, *evalErr) {
	if depth > maxDepth {
		return nil, &evalErr{node: n, reason: "values nested more than 64 deep", fix: "remove the alias or variable loop"}
	}
	if n == nil {
		return nil, nil
	}
	if !s.spend(n) {
		return nil, &evalErr{node: n, silent: true}
	}
	if m == raw {
		n = s.rawNode(n)
	} else {
		d, err := s.derefE(n, depth)
		if err != nil {
			if m == strict || err.silent {
				return nil, err
			}
			return s.eval(n, depth+1, raw)
		}
		n = d
	}
	if n == nil {
		return nil, nil
	}
	if fn := shortIntrinsics[n.Tag]; fn != "" {
		return s.evalIntrinsic(fn, s.untag(n), n, depth, m)
	}
	switch n.Kind {
	case yaml.MappingNode:
		if fn, arg := longIntrinsic(n); fn != "" {
			return s.evalIntrinsic(fn, arg, n, depth, m)
		}
		out := map[string]any{}
		for _, p := range s.pairs(n) {
			v, err := s.eval(p.val, depth+1, m)
			if err != nil {
				return nil, err
			}
			out[p.name] = v
		}
		return out, nil
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := s.eval(c, depth+1, m)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b, nil
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return int(i), nil
			}
			var f float64
			if n.Decode(&f) == nil {
				return f, nil
			}
		case "!!float":
			var f float64
			if n.Decode(&f) == nil {
				return f, nil
			}
		case "!!str", "!!timestamp", "!!binary":
			if m != raw && strings.Contains(n.Value, "${") {
				v, err := s.interpolate(n.Value, n, depth+1)
				if err != nil {
					if m == strict || err.silent {
						return nil, err
					}
					return n.Value, nil
				}
				return v, nil
			}
			return n.Value, nil
		default:
			if m == raw || m == loose {
				return n.Value, nil
			}
			return nil, &evalErr{node: n, reason: fmt.Sprintf("unknown tag %s", n.Tag), fix: "remove it or use a CloudFormation intrinsic (!Ref, !GetAtt, !Sub, !Join, !ImportValue)"}
		}
		return n.Value, nil
	}
	return nil, nil
}

// loose converts n for a Config map, resolving what can be resolved.
func (s *state) loose(n *yaml.Node) any {
	v, _ := s.eval(n, 0, loose)
	return v
}

func (s *state) looseMap(n *yaml.Node) map[string]any {
	if m, ok := s.loose(n).(map[string]any); ok {
		return m
	}
	return nil
}

// evalString evaluates n and requires a string; numbers are formatted.
func (s *state) evalString(n *yaml.Node, depth int, what string) (string, *evalErr) {
	v, err := s.eval(n, depth, strict)
	if err != nil {
		return "", err
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case int, float64, bool:
		return fmt.Sprint(v), nil
	}
	return "", &evalErr{node: n, reason: fmt.Sprintf("%s must be a string, got %s", what, kindName(s.shown(n)))}
}

// evalIntrinsic evaluates the intrinsic fn with argument arg, written at at.
func (s *state) evalIntrinsic(fn string, arg, at *yaml.Node, depth int, m mode) (any, *evalErr) {
	if m == raw {
		v, err := s.eval(arg, depth+1, raw)
		if err != nil {
			return nil, err
		}
		if str, ok := v.(string); ok && fn == "Fn::GetAtt" {
			if res, attr, ok := strings.Cut(str, "."); ok {
				v = []any{res, attr}
			}
		}
		return map[string]any{fn: v}, nil
	}
	v, err := s.intrinsic(fn, arg, at, depth+1)
	if err != nil && m == loose && !err.silent {
		return s.eval(at, depth+1, raw)
	}
	return v, err
}

func (s *state) intrinsic(fn string, arg, at *yaml.Node, depth int) (any, *evalErr) {
	tag := shortName(fn)
	malformed := func(want string) *evalErr {
		return &evalErr{node: at, reason: fmt.Sprintf("malformed %s: expected %s", tag, want)}
	}
	argN, err := s.derefE(arg, depth)
	if err != nil {
		return nil, err
	}
	if argN == nil {
		return nil, malformed("an argument")
	}
	switch fn {
	case "Ref":
		name, err := s.evalString(argN, depth, "the !Ref target")
		if err != nil {
			return nil, err
		}
		return s.ref(name, at, depth)
	case "Fn::GetAtt":
		var res, attr string
		switch argN.Kind {
		case yaml.ScalarNode:
			v, err := s.evalString(argN, depth, "the !GetAtt target")
			if err != nil {
				return nil, err
			}
			var ok bool
			if res, attr, ok = strings.Cut(v, "."); !ok || res == "" || attr == "" {
				return nil, malformed("Resource.Attribute")
			}
		case yaml.SequenceNode:
			if len(argN.Content) != 2 {
				return nil, malformed("[Resource, Attribute]")
			}
			if res, err = s.evalString(argN.Content[0], depth, "the resource"); err != nil {
				return nil, err
			}
			if attr, err = s.evalString(argN.Content[1], depth, "the attribute"); err != nil {
				return nil, err
			}
		default:
			return nil, malformed("Resource.Attribute")
		}
		return s.getAtt(res, attr, at, depth)
	case "Fn::ImportValue":
		name, err := s.evalString(argN, depth, "the export name")
		if err != nil {
			return nil, err
		}
		if v, ok := s.local.ImportValues[name]; ok {
			return v, nil
		}
		return nil, &evalErr{node: at, expr: "!ImportValue " + name, fix: s.setting("importValues", name)}
	case "Fn::Sub":
		tplN, vars := argN, (*yaml.Node)(nil)
		if argN.Kind == yaml.SequenceNode {
			if len(argN.Content) != 2 {
				return nil, malformed("a string or [string, {variables}]")
			}
			tplN, vars = argN.Content[0], argN.Content[1]
		}
		tplN, err = s.derefE(tplN, depth)
		if err != nil {
			return nil, err
		}
		if tplN == nil || !isStringScalar(tplN) {
			return nil, malformed("a string or [string, {variables}]")
		}
		tpl, err := s.interpolate(tplN.Value, tplN, depth+1)
		if err != nil {
			return nil, err
		}
		var varMap map[string]*yaml.Node
		if vars != nil {
			vn, err := s.derefE(vars, depth)
			if err != nil {
				return nil, err
			}
			if vn == nil || vn.Kind != yaml.MappingNode {
				return nil, malformed("[string, {variables}]")
			}
			varMap = map[string]*yaml.Node{}
			for _, p := range s.pairs(vn) {
				varMap[p.name] = p.val
			}
		}
		return s.sub(tpl, varMap, at, depth)
	case "Fn::Join":
		if argN.Kind != yaml.SequenceNode || len(argN.Content) != 2 {
			return nil, malformed("[delimiter, [values]]")
		}
		delim, err := s.evalString(argN.Content[0], depth, "the delimiter")
		if err != nil {
			return nil, err
		}
		list, err := s.eval(argN.Content[1], depth, strict)
		if err != nil {
			return nil, err
		}
		items, ok := list.([]any)
		if !ok {
			return nil, malformed("[delimiter, [values]]")
		}
		parts := make([]string, len(items))
		for i, it := range items {
			switch it := it.(type) {
			case string:
				parts[i] = it
			case int, float64, bool:
				parts[i] = fmt.Sprint(it)
			default:
				return nil, malformed("a list of strings to join")
			}
		}
		return strings.Join(parts, delim), nil
	case "Fn::Select":
		if argN.Kind != yaml.SequenceNode || len(argN.Content) != 2 {
			return nil, malformed("[index, [values]]")
		}
		idx, err := s.evalString(argN.Content[0], depth, "the index")
		if err != nil {
			return nil, err
		}
		i, convErr := strconv.Atoi(idx)
		list, err := s.eval(argN.Content[1], depth, strict)
		if err != nil {
			return nil, err
		}
		items, ok := list.([]any)
		if convErr != nil || !ok || i < 0 || i >= len(items) {
			return nil, malformed("[index, [values]] with the index in range")
		}
		return items[i], nil
	case "Fn::Split":
		if argN.Kind != yaml.SequenceNode || len(argN.Content) != 2 {
			return nil, malformed("[delimiter, string]")
		}
		delim, err := s.evalString(argN.Content[0], depth, "the delimiter")
		if err != nil {
			return nil, err
		}
		src, err := s.evalString(argN.Content[1], depth, "the string")
		if err != nil {
			return nil, err
		}
		if delim == "" {
			return nil, malformed("a non-empty delimiter")
		}
		var out []any
		for _, p := range strings.Split(src, delim) {
			out = append(out, p)
		}
		return out, nil
	case "Fn::Base64":
		src, err := s.evalString(argN, depth, "the string")
		if err != nil {
			return nil, err
		}
		return base64.StdEncoding.EncodeToString([]byte(src)), nil
	}
	return nil, &evalErr{node: at, expr: tag, reason: "this intrinsic is not evaluated locally", fix: "write the value as a literal"}
}

// pseudo are the CloudFormation pseudo parameters.
func (s *state) pseudo(name string) (any, bool) {
	switch name {
	case "AWS::Region":
		return s.getRegion(), true
	case "AWS::AccountId":
		return AccountID, true
	case "AWS::Partition":
		return "aws", true
	case "AWS::URLSuffix":
		return "amazonaws.com", true
	case "AWS::StackName":
		return s.stackName(), true
	case "AWS::StackId":
		return fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/00000000-0000-0000-0000-000000000000", s.getRegion(), AccountID, s.stackName()), true
	case "AWS::NoValue":
		return nil, true
	case "AWS::NotificationARNs":
		return []any{}, true
	}
	return nil, false
}

func (s *state) stackName() string {
	svc := "appsync-local"
	if n, ok := s.lookup("service"); ok {
		if v, err := s.evalString(n, 1, "service"); err == nil && v != "" {
			svc = v
		}
	}
	return svc + "-" + s.getStage()
}

func (s *state) ref(name string, at *yaml.Node, depth int) (any, *evalErr) {
	if v, ok := s.local.Refs[name]; ok {
		return v, nil
	}
	if v, ok := s.pseudo(name); ok {
		return v, nil
	}
	if key, ok := s.lambdaKey(name); ok {
		return key, nil
	}
	expr := "!Ref " + name
	if r, ok := s.resources[name]; ok {
		switch r.typ {
		case "AWS::DynamoDB::Table":
			return s.resourceName(r, name, "TableName", depth)
		case "AWS::Lambda::Function":
			return s.resourceName(r, name, "FunctionName", depth)
		}
		return nil, &evalErr{node: at, expr: expr, reason: fmt.Sprintf("resource %s is %s, which has no local value", name, r.typ), fix: s.setting("refs", name)}
	}
	return nil, &evalErr{node: at, expr: expr, reason: fmt.Sprintf("no resource or function named %s in this file", name), fix: s.setting("refs", name)}
}

func (s *state) getAtt(res, attr string, at *yaml.Node, depth int) (any, *evalErr) {
	full := res + "." + attr
	if v, ok := s.local.GetAtts[full]; ok {
		return v, nil
	}
	expr := "!GetAtt " + full
	if key, ok := s.lambdaKey(res); ok {
		if attr == "Arn" {
			return s.lambdaArn(key), nil
		}
		return nil, &evalErr{node: at, expr: expr, reason: fmt.Sprintf("function %s has no local value for %s; only Arn", res, attr), fix: s.setting("getAtts", full)}
	}
	if r, ok := s.resources[res]; ok {
		switch {
		case r.typ == "AWS::DynamoDB::Table" && attr == "Arn":
			name, err := s.resourceName(r, res, "TableName", depth)
			if err != nil {
				return nil, err
			}
			return fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", s.getRegion(), AccountID, name), nil
		case r.typ == "AWS::Lambda::Function" && attr == "Arn":
			name, err := s.resourceName(r, res, "FunctionName", depth)
			if err != nil {
				return nil, err
			}
			return s.lambdaArn(name), nil
		}
		return nil, &evalErr{node: at, expr: expr, reason: fmt.Sprintf("attribute %s of %s %s has no local value", attr, r.typ, res), fix: s.setting("getAtts", full)}
	}
	return nil, &evalErr{node: at, expr: expr, reason: fmt.Sprintf("no resource or function named %s in this file", res), fix: s.setting("getAtts", full)}
}

func (s *state) lambdaArn(name string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", s.getRegion(), AccountID, name)
}

// lambdaKey finds a serverless function by key or by its logical id
// (hello → HelloLambdaFunction).
func (s *state) lambdaKey(name string) (string, bool) {
	if _, ok := s.functions[name]; ok {
		return name, true
	}
	key, ok := s.fnLogical[name]
	return key, ok
}

// logicalID is the CloudFormation logical id Serverless gives function key.
func logicalID(key string) string {
	n := strings.ReplaceAll(key, "-", "Dash")
	n = strings.ReplaceAll(n, "_", "Underscore")
	if n == "" {
		return ""
	}
	return strings.ToUpper(n[:1]) + n[1:] + "LambdaFunction"
}

// resourceName reads a resource's name property (TableName, FunctionName),
// defaulting to its logical id as CloudFormation would generate one.
func (s *state) resourceName(r resource, id, prop string, depth int) (string, *evalErr) {
	props, err := s.derefE(r.props, depth)
	if err != nil {
		return "", err
	}
	if props == nil || props.Kind != yaml.MappingNode {
		return id, nil
	}
	for _, p := range s.pairs(props) {
		if p.name == prop {
			return s.evalString(p.val, depth+1, prop)
		}
	}
	return id, nil
}

// sub performs the ${X} replacements of Fn::Sub on tpl (serverless variables
// already resolved).
func (s *state) sub(tpl string, vars map[string]*yaml.Node, at *yaml.Node, depth int) (any, *evalErr) {
	var b strings.Builder
	for i := 0; i < len(tpl); {
		j := strings.Index(tpl[i:], "${")
		if j < 0 {
			b.WriteString(tpl[i:])
			break
		}
		j += i
		b.WriteString(tpl[i:j])
		end := strings.IndexByte(tpl[j:], '}')
		if end < 0 {
			b.WriteString(tpl[j:])
			break
		}
		end += j
		name := strings.TrimSpace(tpl[j+2 : end])
		i = end + 1
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v any
		var err *evalErr
		if n, ok := vars[name]; ok {
			v, err = s.evalString(n, depth+1, name)
		} else if res, attr, ok := strings.Cut(name, "."); ok {
			v, err = s.getAtt(res, attr, at, depth+1)
		} else {
			v, err = s.ref(name, at, depth+1)
		}
		if err != nil {
			return nil, err
		}
		fmt.Fprint(&b, v)
	}
	return b.String(), nil
}

// matchBrace returns the index of the "}" closing the "${" at i, or -1.
func matchBrace(s string, i int) int {
	depth := 0
	for k := i + 1; k < len(s); k++ {
		switch s[k] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// isVarSyntax reports whether the text inside ${} is a Serverless variable
// (a source name followed by ":" or "(") rather than a CloudFormation
// ${Name} or ${AWS::Region}, as Serverless's own variable syntax decides.
func isVarSyntax(inner string) bool {
	inner = strings.TrimSpace(inner)
	for k := 0; k < len(inner); k++ {
		switch c := inner[k]; c {
		case ':':
			return k > 0 && (k+1 == len(inner) || inner[k+1] != ':')
		case '(':
			return k > 0
		case '{', '}', ' ', ',', '$', '\'', '"':
			return false
		}
	}
	return false
}

func isWholeVar(v string) bool {
	return strings.HasPrefix(v, "${") && matchBrace(v, 0) == len(v)-1 && isVarSyntax(v[2:len(v)-1])
}

// interpolate resolves the Serverless variables inside str, leaving
// CloudFormation ${...} references for Fn::Sub.
func (s *state) interpolate(str string, at *yaml.Node, depth int) (string, *evalErr) {
	if depth > maxDepth {
		return "", &evalErr{node: at, reason: "variables nested more than 64 deep", fix: "remove the variable loop"}
	}
	var b strings.Builder
	for i := 0; i < len(str); {
		j := strings.Index(str[i:], "${")
		if j < 0 {
			b.WriteString(str[i:])
			break
		}
		j += i
		b.WriteString(str[i:j])
		end := matchBrace(str, j)
		if end < 0 {
			b.WriteString(str[j:])
			break
		}
		inner := str[j+2 : end]
		i = end + 1
		if !isVarSyntax(inner) {
			if strings.Contains(inner, "${") {
				r, err := s.interpolate(inner, at, depth+1)
				if err != nil {
					return "", err
				}
				inner = r
			}
			b.WriteString("${" + inner + "}")
			continue
		}
		n, err := s.variable(inner, at, depth+1)
		if err != nil {
			return "", err
		}
		v, err := s.eval(n, depth+1, strict)
		if err != nil {
			return "", err
		}
		switch v := v.(type) {
		case string, int, float64, bool:
			fmt.Fprint(&b, v)
		case nil:
		default:
			return "", &evalErr{node: at, expr: "${" + inner + "}", reason: fmt.Sprintf("it is %s, which cannot be part of a string", kindName(s.shown(n))), fix: "use it as the whole value or point it at a string"}
		}
	}
	return b.String(), nil
}

// splitSources splits "a, b, 'c, d'" at top-level commas.
func splitSources(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:k]))
			start = k + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// variable resolves the text inside ${} (sources separated by commas, the
// first that resolves wins) to the node it stands for.
func (s *state) variable(inner string, at *yaml.Node, depth int) (*yaml.Node, *evalErr) {
	if depth > maxDepth {
		return nil, &evalErr{node: at, reason: "variables nested more than 64 deep", fix: "remove the variable loop"}
	}
	expr := "${" + inner + "}"
	if strings.Contains(inner, "${") {
		r, err := s.interpolate(inner, at, depth+1)
		if err != nil {
			return nil, err
		}
		inner = r
	}
	var soft, missSrc, missReason string
	for _, src := range splitSources(inner) {
		n, ok, def, reason, err := s.source(src, at, depth)
		if err != nil {
			return nil, err
		}
		if ok {
			return n, nil
		}
		if soft == "" {
			soft = def
		}
		if missSrc == "" {
			missSrc, missReason = src, reason
		}
	}
	switch soft {
	case "opt:stage":
		return s.synth(at, "!!str", s.getStage()), nil
	case "opt:region":
		return s.synth(at, "!!str", s.getRegion()), nil
	}
	return nil, &evalErr{node: at, expr: expr, reason: missReason, fix: s.setting("variables", missSrc)}
}

// source resolves one variable source. ok is false when it has no value;
// def then names a default to use if no later source has one, and reason
// says why it has none.
func (s *state) source(src string, at *yaml.Node, depth int) (n *yaml.Node, ok bool, def, reason string, err *evalErr) {
	if len(src) >= 2 && (src[0] == '\'' || src[0] == '"') && src[len(src)-1] == src[0] {
		return s.synth(at, "!!str", src[1:len(src)-1]), true, "", "", nil
	}
	if _, e := strconv.ParseInt(src, 10, 64); e == nil {
		return s.synth(at, "!!int", src), true, "", "", nil
	}
	if _, e := strconv.ParseFloat(src, 64); e == nil {
		return s.synth(at, "!!float", src), true, "", "", nil
	}
	if src == "true" || src == "false" {
		return s.synth(at, "!!bool", src), true, "", "", nil
	}
	if v, found := s.local.Variables[src]; found {
		return s.synth(at, "!!str", v), true, "", "", nil
	}
	kind, addr, _ := strings.Cut(src, ":")
	switch {
	case kind == "self":
		if n, found := s.lookup(addr); found {
			d, err := s.derefE(n, depth+1)
			return d, err == nil && d != nil, "", "", err
		}
		switch addr {
		case "provider.stage":
			return s.synth(at, "!!str", s.getStage()), true, "", "", nil
		case "provider.region":
			return s.synth(at, "!!str", s.getRegion()), true, "", "", nil
		}
		return nil, false, "", fmt.Sprintf("%s is not defined in %s", addr, filepath.Base(s.file)), nil
	case kind == "sls" && addr == "stage":
		return s.synth(at, "!!str", s.getStage()), true, "", "", nil
	case kind == "sls" && addr == "instanceId":
		return s.synth(at, "!!str", "local"), true, "", "", nil
	case kind == "opt" && addr == "stage":
		if s.local.Stage != "" {
			return s.synth(at, "!!str", s.local.Stage), true, "", "", nil
		}
		return nil, false, src, "no --stage option is given locally", nil
	case kind == "opt" && addr == "region":
		if s.local.Region != "" {
			return s.synth(at, "!!str", s.local.Region), true, "", "", nil
		}
		return nil, false, src, "no --region option is given locally", nil
	case kind == "opt":
		return nil, false, "", fmt.Sprintf("no --%s option is given locally", addr), nil
	case kind == "aws" && addr == "region":
		return s.synth(at, "!!str", s.getRegion()), true, "", "", nil
	case kind == "aws" && addr == "accountId":
		return s.synth(at, "!!str", AccountID), true, "", "", nil
	case kind == "env":
		if v, found := s.lookupEnv(addr); found {
			return s.synth(at, "!!str", v), true, "", "", nil
		}
		return nil, false, "", fmt.Sprintf("environment variable %s is not set", addr), nil
	case strings.HasPrefix(src, "file("):
		return s.fileSource(src, at, depth)
	}
	if i := strings.IndexAny(kind, "("); i > 0 {
		kind = kind[:i]
	}
	return nil, false, "", fmt.Sprintf("%s variables are not resolved locally", kind), nil
}

// lookup finds a dotted path in the document root (what ${self:path} reads).
func (s *state) lookup(addr string) (*yaml.Node, bool) {
	return s.lookupIn(s.root, addr)
}

func (s *state) lookupIn(root *yaml.Node, addr string) (*yaml.Node, bool) {
	cur := root
	if addr == "" {
		return cur, cur != nil
	}
	for _, seg := range strings.Split(addr, ".") {
		d, err := s.derefE(cur, 1)
		if err != nil || d == nil {
			return nil, false
		}
		switch d.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for _, p := range s.pairs(d) {
				if p.name == seg {
					next = p.val
					break
				}
			}
			if next == nil {
				return nil, false
			}
			cur = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(d.Content) {
				return nil, false
			}
			cur = d.Content[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// fileSource reads ${file(path)} or ${file(path):address}.
func (s *state) fileSource(src string, at *yaml.Node, depth int) (*yaml.Node, bool, string, string, *evalErr) {
	closeIdx := strings.IndexByte(src, ')')
	if closeIdx < 0 {
		return nil, false, "", "", &evalErr{node: at, reason: fmt.Sprintf("malformed variable ${%s}", src), fix: "write ${file(path)} or ${file(path):key}"}
	}
	rel := strings.Trim(strings.TrimSpace(src[len("file("):closeIdx]), `'"`)
	addr := strings.TrimPrefix(strings.TrimSpace(src[closeIdx+1:]), ":")
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".yml", ".yaml", ".json":
	default:
		return nil, false, "", fmt.Sprintf("only YAML and JSON files are read locally, not %s", rel), nil
	}
	abs := s.path(rel)
	root, ok := s.files[abs]
	if !ok {
		data, err := os.ReadFile(abs)
		if err != nil {
			return nil, false, "", fmt.Sprintf("file %s not found", rel), nil
		}
		shown := filepath.Join(filepath.Dir(s.file), rel)
		if filepath.IsAbs(rel) {
			shown = abs
		}
		root, err = s.readYAML(shown, data)
		if err != nil {
			s.errs = append(s.errs, err.(Errors)...)
			s.files[abs] = nil
			return nil, false, "", "", &evalErr{node: at, silent: true}
		}
		s.markFile(root, shown, map[*yaml.Node]bool{})
		s.files[abs] = root
	}
	if root == nil {
		return nil, false, "", "", &evalErr{node: at, silent: true}
	}
	n, found := s.lookupIn(root, addr)
	if !found {
		return nil, false, "", fmt.Sprintf("file %s has no key %s", rel, addr), nil
	}
	d, err := s.derefE(n, depth+1)
	return d, err == nil && d != nil, "", "", err
}

func (s *state) markFile(n *yaml.Node, file string, seen map[*yaml.Node]bool) {
	if n == nil || seen[n] || len(seen) > maxBudget {
		return
	}
	seen[n] = true
	s.nodeFile[n] = file
	for _, c := range n.Content {
		s.markFile(c, file, seen)
	}
}

// getStage is the stage: local.stage, else provider.stage, else dev.
func (s *state) getStage() string {
	if s.local.Stage != "" {
		return s.local.Stage
	}
	if s.stage != "" {
		return s.stage
	}
	if s.inStage {
		return DefaultStage
	}
	s.inStage = true
	defer func() { s.inStage = false }()
	s.stage = DefaultStage
	if n, ok := s.lookup("provider.stage"); ok && s.serverless {
		if v, err := s.evalString(n, 1, "provider.stage"); err == nil && v != "" {
			s.stage = v
		}
	}
	return s.stage
}

// getRegion is the region: local.region, else provider.region, else us-east-1.
func (s *state) getRegion() string {
	if s.local.Region != "" {
		return s.local.Region
	}
	if s.region != "" {
		return s.region
	}
	if s.inRegion {
		return DefaultRegion
	}
	s.inRegion = true
	defer func() { s.inRegion = false }()
	s.region = DefaultRegion
	if n, ok := s.lookup("provider.region"); ok && s.serverless {
		if v, err := s.evalString(n, 1, "provider.region"); err == nil && v != "" {
			s.region = v
		}
	}
	return s.region
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
