package config

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	localKeys = []string{"port", "host", "dataDir", "apiId", "stage", "region", "dynamodb", "databases",
		"lambda", "stepFunctions", "refs", "getAtts", "importValues", "variables"}
	localDynamoKeys = []string{"endpoint", "tables"}
	localLambdaKeys = []string{"endpoint"}
	localSFNKeys    = []string{"stateMachines", "executionUpdates", "store"}
	localSFNUpdKeys = []string{"field"}
)

// decodeLocal reads the local settings (n may be nil) and fills in defaults.
// The values that intrinsics and variables depend on (refs, getAtts,
// importValues, variables, stage, region) are read first and must be plain.
func (s *state) decodeLocal(n *yaml.Node, cfg *Config) {
	l := s.local
	defer func() {
		if !s.localHasPort {
			l.Port = DefaultPort
		}
		if l.Host == "" {
			l.Host = DefaultHost
		}
		if l.DataDir == "" {
			l.DataDir = s.path(DefaultDataDir)
		}
		if l.APIID == "" {
			l.APIID = DefaultAPIID
		}
		if l.Stage == "" {
			l.Stage = s.getStage()
		}
		if l.Region == "" {
			l.Region = s.getRegion()
		}
		s.tablesFromResources()
		cfg.Local = *l
	}()
	if n == nil {
		return
	}
	what := s.localPrefix
	m := s.rawNode(n)
	if m == nil || isNull(m) {
		return
	}
	if m.Kind != yaml.MappingNode {
		s.typeErr(m, what, "a mapping")
		return
	}
	o := s.objectOf(m, what, localKeys)
	l.Pos = s.pos(m)
	for _, k := range []string{"refs", "getAtts", "importValues", "variables"} {
		v, ok := o.get(k)
		if !ok {
			continue
		}
		vals := s.rawStrMap(v, k)
		switch k {
		case "refs":
			l.Refs = vals
		case "getAtts":
			l.GetAtts = vals
		case "importValues":
			l.ImportValues = vals
		case "variables":
			l.Variables = vals
		}
	}
	if v, ok := o.get("stage"); ok {
		l.Stage, _ = s.rawStr(v, "stage")
	}
	if v, ok := o.get("region"); ok {
		l.Region, _ = s.rawStr(v, "region")
	}

	if v, ok := o.get("port"); ok {
		s.localHasPort = true
		l.Port, _ = s.integer(v, "port", 0, 65535)
	}
	if v, ok := o.get("host"); ok {
		l.Host, _ = s.str(v, "host")
	}
	if v, ok := o.get("dataDir"); ok {
		if d, ok := s.str(v, "dataDir"); ok && d != "" {
			l.DataDir = s.path(d)
		}
	}
	if v, ok := o.get("apiId"); ok {
		l.APIID, _ = s.str(v, "apiId")
	}
	if v, ok := o.get("dynamodb"); ok {
		if do := s.object(v, "dynamodb", what+".dynamodb", localDynamoKeys); do != nil {
			if e, ok := do.get("endpoint"); ok {
				l.DynamoDB.Endpoint, _ = s.str(e, "endpoint")
			}
			if t, ok := do.get("tables"); ok {
				l.DynamoDB.Tables = s.namedMaps(t, "tables")
			}
		}
	}
	if v, ok := o.get("databases"); ok {
		l.Databases = s.strMap(v, "databases")
	}
	if v, ok := o.get("lambda"); ok {
		if lo := s.object(v, "lambda", what+".lambda", localLambdaKeys); lo != nil {
			if e, ok := lo.get("endpoint"); ok {
				l.Lambda.Endpoint, _ = s.str(e, "endpoint")
			}
		}
	}
	if v, ok := o.get("stepFunctions"); ok {
		if so := s.object(v, "stepFunctions", what+".stepFunctions", localSFNKeys); so != nil {
			if sm, ok := so.get("stateMachines"); ok {
				l.StepFunctions.StateMachines = s.stateMachines(sm)
			}
			if eu, ok := so.get("executionUpdates"); ok {
				l.StepFunctions.ExecutionUpdates = s.executionUpdates(eu, what+".stepFunctions.executionUpdates")
			}
			if st, ok := so.get("store"); ok {
				l.StepFunctions.Store, _ = s.str(st, "store")
			}
		}
	}
}

// namedMaps reads a mapping of name → mapping, the inner values loose.
func (s *state) namedMaps(n *yaml.Node, key string) map[string]map[string]any {
	m := s.mapping(n, key)
	if m == nil {
		return nil
	}
	out := map[string]map[string]any{}
	for _, p := range s.pairs(m) {
		v := s.mapping(p.val, p.name)
		if v == nil {
			continue
		}
		out[p.name] = s.looseMap(v)
		if out[p.name] == nil {
			out[p.name] = map[string]any{}
		}
	}
	return out
}

// stateMachines reads local.stepFunctions.stateMachines, making a string
// definition an absolute path to an existing file.
func (s *state) stateMachines(n *yaml.Node) map[string]map[string]any {
	out := s.namedMaps(n, "stateMachines")
	m := s.deref(n)
	if m == nil || m.Kind != yaml.MappingNode {
		return out
	}
	for _, p := range s.pairs(m) {
		sm := s.deref(p.val)
		if sm == nil || sm.Kind != yaml.MappingNode || out[p.name] == nil {
			continue
		}
		for _, f := range s.pairs(sm) {
			if f.name != "definition" {
				continue
			}
			d := s.deref(f.val)
			if d == nil || !isStringScalar(d) {
				continue
			}
			if abs, ok := s.existingFile(d, "definition", "state machine definition"); ok {
				out[p.name]["definition"] = abs
			}
		}
	}
	return out
}

// tablesFromResources adds every AWS::DynamoDB::Table under resources that
// local.dynamodb.tables does not list, keyed by table name, with its
// CloudFormation Properties.
func (s *state) tablesFromResources() {
	for _, id := range sortedKeys(s.resources) {
		r := s.resources[id]
		if r.typ != "AWS::DynamoDB::Table" {
			continue
		}
		name, err := s.resourceName(r, id, "TableName", 1)
		if err != nil || name == "" {
			continue
		}
		if _, ok := s.local.DynamoDB.Tables[name]; ok {
			continue
		}
		props, _ := s.eval(r.props, 1, loose)
		pm, _ := props.(map[string]any)
		if pm == nil {
			pm = map[string]any{}
		}
		if s.local.DynamoDB.Tables == nil {
			s.local.DynamoDB.Tables = map[string]map[string]any{}
		}
		s.local.DynamoDB.Tables[name] = pm
	}
}

// executionUpdates reads local.stepFunctions.executionUpdates: {field:
// Type.field}.
func (s *state) executionUpdates(n *yaml.Node, what string) ExecutionUpdates {
	var eu ExecutionUpdates
	o := s.object(n, "executionUpdates", what, localSFNUpdKeys)
	if o == nil {
		return eu
	}
	v, ok := o.get("field")
	if !ok {
		s.missing(o.node, "field", what, "add field: Subscription.<field> (the subscription field that receives execution updates)")
		return eu
	}
	f, ok := s.str(v, "field")
	if !ok {
		return eu
	}
	typ, field, cut := strings.Cut(f, ".")
	if !cut || typ == "" || field == "" || strings.Contains(field, ".") {
		s.errorf(v, "%s.field %q is not Type.field; write it like Subscription.onExecutionUpdate", what, f)
		return eu
	}
	return ExecutionUpdates{Type: typ, Field: field, Pos: s.pos(v)}
}
