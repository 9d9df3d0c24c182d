package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// appSyncKeys are the keys of the appSync block. The deploy-only ones
// (caching, logging, xrayEnabled, visibility, domain, waf, enhancedMetrics,
// tags, esbuild, apiId) are accepted and ignored.
var appSyncKeys = []string{
	"name", "schema", "authentication", "additionalAuthentications", "apiKeys",
	"dataSources", "resolvers", "pipelineFunctions", "substitutions", "environment",
	"introspection", "queryDepthLimit", "resolverCountLimit",
	"caching", "logging", "xrayEnabled", "visibility", "domain", "waf",
	"enhancedMetrics", "tags", "esbuild", "apiId",
}

var (
	authTypes = []string{AuthAPIKey, AuthIAM, AuthCognito, AuthOIDC, AuthLambda}
	authKeys  = []string{"type", "config"}
	// authConfigKeys lists the config keys of each auth type; nil: no config.
	authConfigKeys = map[string][]string{
		AuthCognito: {"userPoolId", "awsRegion", "defaultAction", "appIdClientRegex"},
		AuthOIDC:    {"issuer", "clientId", "iatTTL", "authTTL"},
		AuthLambda:  {"functionName", "functionAlias", "functionArn", "function", "identityValidationExpression", "authorizerResultTtlInSeconds"},
	}

	dataSourceTypes = []string{DataSourceDynamoDB, DataSourceLambda, DataSourceOpenSearch, DataSourceHTTP,
		DataSourceRDS, DataSourceEventBridge, DataSourceBedrock, DataSourceNone, DataSourceStepFunctions}
	dataSourceKeys       = []string{"type", "description", "config"}
	dataSourceConfigKeys = map[string][]string{
		DataSourceDynamoDB:      {"tableName", "region", "useCallerCredentials", "versioned", "deltaSyncConfig"},
		DataSourceLambda:        {"functionName", "functionAlias", "functionArn", "function"},
		DataSourceOpenSearch:    {"endpoint", "domain", "region"},
		DataSourceHTTP:          {"endpoint", "authorizationConfig"},
		DataSourceRDS:           {"dbClusterIdentifier", "awsSecretStoreArn", "databaseName", "schema", "region", "relationalDatabaseSourceType"},
		DataSourceEventBridge:   {"eventBusArn"},
		DataSourceBedrock:       {"models", "region"},
		DataSourceStepFunctions: {"stateMachineArn", "stateMachine"},
	}
	// dataSourceConfigFix is the fix for a missing config, per type.
	dataSourceConfigFix = map[string]string{
		DataSourceDynamoDB:    "add config: {tableName: <table name>}",
		DataSourceLambda:      "add config: {functionName: <function>}",
		DataSourceOpenSearch:  "add config: {endpoint: <https://domain endpoint>}",
		DataSourceHTTP:        "add config: {endpoint: <https://host>}",
		DataSourceRDS:         "add config: {dbClusterIdentifier: <cluster>, awsSecretStoreArn: <secret ARN>}",
		DataSourceEventBridge: "add config: {eventBusArn: <event bus ARN>}",
	}

	resolverKinds = []string{KindUnit, KindPipeline}
	resolverKeys  = []string{"type", "field", "kind", "dataSource", "functions", "code", "request", "response",
		"maxBatchSize", "substitutions", "caching", "sync", "metricsConfig"}
	functionKeys = []string{"dataSource", "description", "code", "request", "response", "maxBatchSize", "substitutions", "sync"}
	apiKeyKeys   = []string{"name", "description", "expiresAfter", "expiresAt", "apiKeyId", "wafRules"}
)

// ref is a name that must match a data source or pipeline function,
// checked once all of them are known.
type ref struct {
	node  *yaml.Node
	name  string
	owner string // "resolver Query.user", for messages
}

// builder accumulates the Config as the appSync block is decoded.
type builder struct {
	cfg       *Config
	dsRefs    []ref
	fnRefs    []ref
	dsKeys    map[string]*yaml.Node // explicit data source keys, for duplicates
	fnKeys    map[string]*yaml.Node
	resolvers map[string]*yaml.Node // Type.field → first key
	late      []func()              // checks that need every data source and function
}

// load decodes the document root into a Config; problems go to s.errs.
func (s *state) load(root *yaml.Node) *Config {
	cfg := &Config{File: s.abs, Dir: s.dir, Introspection: true}
	s.root = root
	base := filepath.Base(s.file)
	rm := s.deref(root)
	if rm == nil || isNull(rm) {
		s.errorf(root, "%s is empty; write the appSync block: name, authentication, dataSources, resolvers", base)
		return nil
	}
	if rm.Kind != yaml.MappingNode {
		s.errorf(rm, "expected a mapping at the top of %s, got %s", base, kindName(rm))
		return nil
	}
	s.root = rm
	lower := strings.ToLower(base)
	s.serverless = strings.HasPrefix(lower, "serverless.") || s.hasKey(rm, "service")

	var appNode, appKey, localNode *yaml.Node
	if s.serverless {
		s.localPrefix = "custom.appsync-local"
		var v1 *yaml.Node
		for _, p := range s.pairs(rm) {
			switch p.name {
			case "appSync":
				appKey, appNode = p.key, p.val
			case "functions":
				s.indexFunctions(p.val)
			case "resources":
				s.indexResources(p.val)
			case "custom":
				if c, _ := s.derefE(p.val, 0); c != nil && c.Kind == yaml.MappingNode {
					for _, cp := range s.pairs(c) {
						switch cp.name {
						case "appsync-local":
							localNode = cp.val
						case "appSync":
							v1 = cp.key
						}
					}
				}
			}
		}
		if appNode == nil {
			if v1 != nil {
				s.errorf(v1, "custom.appSync is the serverless-appsync-plugin v1 layout; move the block to a top-level appSync: key (v2)")
			} else {
				s.errorf(rm, "%s has no appSync block; add a top-level appSync: key (serverless-appsync-plugin v2)", base)
			}
			return nil
		}
	} else {
		s.localPrefix = "local"
		appKey, appNode = rm, rm
		for _, p := range s.pairs(rm) {
			if p.name == "local" {
				localNode = p.val
			}
		}
	}

	s.decodeLocal(localNode, cfg)

	var o *obj
	if s.serverless {
		am := s.mapping(appNode, "appSync")
		if am == nil {
			return nil
		}
		o = s.objectHints(am, "appSync", appSyncKeys, map[string]string{
			"local": "local settings go under custom.appsync-local in serverless.yml; move them there",
		})
	} else {
		o = s.objectHints(rm, base, append(appSyncKeys, "local"), map[string]string{
			"appSync": "in " + base + " the whole file is the appSync block; move its keys to the top level, or name the file serverless.yml",
			"custom":  "local settings go under local: in " + base,
		})
	}
	s.decodeAppSync(o, appKey, cfg)
	return cfg
}

func (s *state) hasKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return true
		}
	}
	return false
}

// objectHints is objectOf with a fixed hint for some unknown keys.
func (s *state) objectHints(m *yaml.Node, what string, known []string, hints map[string]string) *obj {
	o := &obj{node: m, byKey: map[string]pair{}}
	for _, p := range s.pairs(m) {
		if !contains(known, p.name) {
			if h, ok := hints[p.name]; ok {
				s.errorf(p.key, "unknown key %q in %s; %s", p.name, what, h)
			} else {
				s.errorf(p.key, "unknown key %q in %s%s", p.name, what, suggest(p.name, known, "valid keys are"))
			}
			continue
		}
		o.pairs = append(o.pairs, p)
		o.byKey[p.name] = p
	}
	return o
}

// indexFunctions records the keys of serverless functions: (mapping or
// sequence of mappings).
func (s *state) indexFunctions(n *yaml.Node) {
	for _, m := range s.mapsOf(n, "", false) {
		for _, p := range s.pairs(m) {
			s.functions[p.name] = p.val
			if id := logicalID(p.name); id != "" {
				s.fnLogical[id] = p.name
			}
		}
	}
}

// indexResources records resources.Resources (resources may be a mapping or
// a sequence of mappings, each possibly a ${file(...)}).
func (s *state) indexResources(n *yaml.Node) {
	for _, m := range s.mapsOf(n, "", false) {
		for _, p := range s.pairs(m) {
			if p.name != "Resources" {
				continue
			}
			rs, _ := s.derefE(p.val, 0)
			if rs == nil || rs.Kind != yaml.MappingNode {
				continue
			}
			for _, r := range s.pairs(rs) {
				rn, _ := s.derefE(r.val, 0)
				if rn == nil || rn.Kind != yaml.MappingNode {
					continue
				}
				var res resource
				for _, f := range s.pairs(rn) {
					switch f.name {
					case "Type":
						if t, _ := s.derefE(f.val, 0); t != nil && t.Kind == yaml.ScalarNode {
							res.typ = t.Value
						}
					case "Properties":
						res.props = f.val
					}
				}
				s.resources[r.name] = res
			}
		}
	}
}

// mapsOf reads n as a mapping or a sequence of mappings (the plugin's two
// forms for dataSources, resolvers and pipelineFunctions). With report
// false, it skips what does not fit.
func (s *state) mapsOf(n *yaml.Node, key string, report bool) []*yaml.Node {
	var d *yaml.Node
	if report {
		d = s.deref(n)
	} else {
		d, _ = s.derefE(n, 0)
	}
	if d == nil || isNull(d) {
		return nil
	}
	switch d.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{d}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range d.Content {
			var m *yaml.Node
			if report {
				m = s.deref(c)
			} else {
				m, _ = s.derefE(c, 0)
			}
			switch {
			case m == nil:
			case m.Kind == yaml.MappingNode:
				out = append(out, m)
			case report:
				s.typeErr(m, key+" item", "a mapping")
			}
		}
		return out
	}
	if report {
		s.typeErr(d, key, "a mapping or a sequence of mappings")
	}
	return nil
}

func (s *state) decodeAppSync(o *obj, at *yaml.Node, cfg *Config) {
	b := &builder{
		cfg:       cfg,
		dsKeys:    map[string]*yaml.Node{},
		fnKeys:    map[string]*yaml.Node{},
		resolvers: map[string]*yaml.Node{},
	}
	cfg.DataSources = map[string]*DataSource{}
	cfg.PipelineFunctions = map[string]*Function{}
	what := "appSync"
	if !s.serverless {
		what = filepath.Base(s.file)
	}

	if n, ok := o.get("name"); ok {
		if v, ok := s.str(n, "name"); ok {
			if v == "" {
				s.errorf(s.shown(n), "name is empty; give the API a name")
			}
			cfg.Name, cfg.NamePos = v, s.pos(s.shown(n))
		}
	} else {
		s.missing(at, "name", what, "add name: <API name>")
	}

	s.decodeSchema(o, at, cfg)

	if n, ok := o.get("authentication"); ok {
		if a, ok := s.auth(n, "authentication", cfg); ok {
			cfg.Authentication = a
		}
	} else {
		s.missing(at, "authentication", what, "add authentication: {type: API_KEY} (or AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_LAMBDA)")
	}
	if n, ok := o.get("additionalAuthentications"); ok {
		if seq := s.sequence(n, "additionalAuthentications"); seq != nil {
			for _, item := range seq.Content {
				if a, ok := s.auth(item, "additionalAuthentications item", cfg); ok {
					cfg.AdditionalAuthentications = append(cfg.AdditionalAuthentications, a)
				}
			}
		}
	}
	s.checkDefaultAction(o, cfg)

	if n, ok := o.get("substitutions"); ok {
		cfg.Substitutions = s.strMap(n, "substitutions")
	}
	if n, ok := o.get("environment"); ok {
		cfg.Environment = s.strMap(n, "environment")
	}
	if n, ok := o.get("introspection"); ok {
		if v, ok := s.boolean(n, "introspection"); ok {
			cfg.Introspection = v
		}
	}
	if n, ok := o.get("queryDepthLimit"); ok {
		cfg.QueryDepthLimit, _ = s.integer(n, "queryDepthLimit", 1, 75)
	}
	if n, ok := o.get("resolverCountLimit"); ok {
		cfg.ResolverCountLimit, _ = s.integer(n, "resolverCountLimit", 1, 10000)
	}

	if n, ok := o.get("dataSources"); ok {
		for _, m := range s.mapsOf(n, "dataSources", true) {
			for _, p := range s.pairs(m) {
				if first, dup := b.dsKeys[p.name]; dup {
					s.errorf(p.key, "data source %q is already defined at line %d; rename one", p.name, first.Line)
					continue
				}
				b.dsKeys[p.name] = p.key
				if !identRE.MatchString(p.name) {
					s.errorf(p.key, "data source name %q is not valid; use letters, digits and _ (not starting with a digit)", p.name)
				}
				if ds := s.dataSource(p.name, p.key, p.val); ds != nil {
					cfg.DataSources[p.name] = ds
				}
			}
		}
	}
	if n, ok := o.get("pipelineFunctions"); ok {
		for _, m := range s.mapsOf(n, "pipelineFunctions", true) {
			for _, p := range s.pairs(m) {
				if first, dup := b.fnKeys[p.name]; dup {
					s.errorf(p.key, "pipeline function %q is already defined at line %d; rename one", p.name, first.Line)
					continue
				}
				b.fnKeys[p.name] = p.key
				if !identRE.MatchString(p.name) {
					s.errorf(p.key, "pipeline function name %q is not valid; use letters, digits and _ (not starting with a digit)", p.name)
				}
				if fn := s.function(b, p.name, p.key, p.val, "pipeline function "+p.name); fn != nil {
					cfg.PipelineFunctions[p.name] = fn
				}
			}
		}
	}
	if n, ok := o.get("resolvers"); ok {
		for _, m := range s.mapsOf(n, "resolvers", true) {
			for _, p := range s.pairs(m) {
				if r := s.resolver(b, p.key, p.val); r != nil {
					cfg.Resolvers = append(cfg.Resolvers, r)
				}
			}
		}
	}
	s.checkRefs(b)

	s.decodeAPIKeys(o, cfg)
}

func (s *state) sequence(n *yaml.Node, key string) *yaml.Node {
	d := s.deref(n)
	if d == nil || isNull(d) {
		return nil
	}
	if d.Kind != yaml.SequenceNode {
		s.typeErrAt(n, d, key, "a sequence")
		return nil
	}
	return d
}

// auth decodes one authentication mode.
func (s *state) auth(n *yaml.Node, key string, cfg *Config) (Auth, bool) {
	o := s.object(n, key, "authentication", authKeys)
	if o == nil {
		return Auth{}, false
	}
	a := Auth{Pos: s.pos(o.node)}
	tn, ok := o.get("type")
	if !ok {
		s.missing(o.node, "type", "authentication", "add type: one of "+strings.Join(authTypes, ", "))
		return a, false
	}
	if a.Type, ok = s.enum(tn, "authentication type", authTypes); !ok {
		return a, false
	}
	known := authConfigKeys[a.Type]
	cn, hasConfig := o.get("config")
	if known == nil {
		if hasConfig && !isNull(s.shown(cn)) {
			s.errorf(o.keyNode("config"), "%s authentication takes no config; remove it", a.Type)
		}
		return a, true
	}
	if !hasConfig {
		fix := map[string]string{
			AuthCognito: "add config: {userPoolId: <pool id>}",
			AuthOIDC:    "add config: {issuer: <issuer URL>}",
			AuthLambda:  "add config: {functionName: <function>}",
		}[a.Type]
		s.missing(o.node, "config", a.Type+" authentication", fix)
		return a, false
	}
	what := a.Type + " authentication config"
	co := s.object(cn, "config", what, known)
	if co == nil {
		return a, false
	}
	a.Config = s.looseMap(co.node)
	switch a.Type {
	case AuthCognito:
		if n, ok := co.get("userPoolId"); ok {
			s.looseOrString(n, "userPoolId")
		} else {
			s.missing(co.node, "userPoolId", what, "add userPoolId: <pool id>")
		}
		if n, ok := co.get("defaultAction"); ok {
			s.enum(n, "defaultAction", []string{"ALLOW", "DENY"})
		}
	case AuthOIDC:
		if n, ok := co.get("issuer"); ok {
			s.str(n, "issuer")
		} else {
			s.missing(co.node, "issuer", what, "add issuer: <issuer URL>")
		}
		for _, k := range []string{"iatTTL", "authTTL"} {
			if n, ok := co.get(k); ok {
				s.integer(n, k, 0, 1<<62)
			}
		}
	case AuthLambda:
		a.FunctionName = s.lambdaTarget(co, authorizerName(cfg.Name), what)
		if n, ok := co.get("authorizerResultTtlInSeconds"); ok {
			s.integer(n, "authorizerResultTtlInSeconds", 0, 3600)
		}
	}
	return a, true
}

// looseOrString checks that n is a string or an intrinsic (resolvable or
// not).
func (s *state) looseOrString(n *yaml.Node, key string) {
	switch s.loose(n).(type) {
	case string, map[string]any:
	default:
		s.typeErr(s.shown(n), key, "a string")
	}
}

func authorizerName(api string) string {
	return resourceName(api) + "Authorizer"
}

func (s *state) checkDefaultAction(o *obj, cfg *Config) {
	if cfg.Authentication.Type != AuthCognito || len(cfg.AdditionalAuthentications) == 0 {
		return
	}
	if cfg.Authentication.Config["defaultAction"] == "DENY" {
		n, _ := o.get("authentication")
		s.errorf(s.shown(n), "defaultAction DENY is not allowed when additionalAuthentications are set; use ALLOW")
	}
}

// lambdaTarget reads functionName, functionArn or function from a Lambda
// config and returns the function name; own names an inline function.
func (s *state) lambdaTarget(o *obj, own, what string) string {
	var given []string
	for _, k := range []string{"functionName", "functionArn", "function"} {
		if o.has(k) {
			given = append(given, k)
		}
	}
	switch {
	case len(given) == 0:
		s.missing(o.node, "functionName", what, "add one of functionName, functionArn or function")
		return ""
	case len(given) > 1:
		s.errorf(o.keyNode(given[1]), "%s and %s are exclusive in %s; keep one", given[0], given[1], what)
		return ""
	}
	n, _ := o.get(given[0])
	switch given[0] {
	case "functionName":
		v, _ := s.str(n, "functionName")
		return v
	case "functionArn":
		v, ok := s.str(n, "functionArn")
		if !ok {
			return ""
		}
		return functionFromARN(v)
	}
	if s.mapping(n, "function") == nil {
		return ""
	}
	return own
}

// functionFromARN returns the function name in a Lambda ARN (full or
// partial, with or without alias); a bare name is returned as is.
func functionFromARN(arn string) string {
	if _, rest, ok := strings.Cut(arn, ":function:"); ok {
		name, _, _ := strings.Cut(rest, ":")
		return name
	}
	return arn
}

// dataSource decodes one data source; key is where it is named.
func (s *state) dataSource(name string, key, n *yaml.Node) *DataSource {
	o := s.object(n, name, "data source", dataSourceKeys)
	if o == nil {
		return nil
	}
	ds := &DataSource{Name: name, Pos: s.pos(key)}
	tn, ok := o.get("type")
	if !ok {
		s.missing(key, "type", "data source "+name, "add type: one of "+strings.Join(dataSourceTypes, ", "))
		return nil
	}
	if ds.Type, ok = s.enum(tn, "data source type", dataSourceTypes); !ok {
		return nil
	}
	if dn, ok := o.get("description"); ok {
		ds.Description, _ = s.str(dn, "description")
	}
	cn, hasConfig := o.get("config")
	if ds.Type == DataSourceNone {
		if hasConfig && !isNull(s.shown(cn)) {
			s.errorf(o.keyNode("config"), "NONE data sources take no config; remove it")
		}
		return ds
	}
	if !hasConfig {
		if fix := dataSourceConfigFix[ds.Type]; fix != "" {
			s.missing(key, "config", ds.Type+" data source "+name, fix)
			return nil
		}
		return ds
	}
	what := ds.Type + " data source config"
	known := append([]string{"serviceRoleArn", "iamRoleStatements"}, dataSourceConfigKeys[ds.Type]...)
	co := s.object(cn, "config", what, known)
	if co == nil {
		return nil
	}
	ds.Config = s.looseMap(co.node)
	need := func(k, fix string) (*yaml.Node, bool) {
		v, ok := co.get(k)
		if !ok {
			s.missing(co.node, k, what, fix)
		}
		return v, ok
	}
	switch ds.Type {
	case DataSourceDynamoDB:
		if v, ok := need("tableName", "add tableName: <table name>"); ok {
			ds.TableName, _ = s.str(v, "tableName")
		}
	case DataSourceLambda:
		ds.FunctionName = s.lambdaTarget(co, name, what)
	case DataSourceHTTP:
		if v, ok := need("endpoint", "add endpoint: <https://host>"); ok {
			ds.Endpoint, _ = s.str(v, "endpoint")
		}
	case DataSourceOpenSearch:
		switch {
		case co.has("endpoint") && co.has("domain"):
			s.errorf(co.keyNode("domain"), "endpoint and domain are exclusive in %s; keep one", what)
		case co.has("endpoint"):
			v, _ := co.get("endpoint")
			ds.Endpoint, _ = s.str(v, "endpoint")
		case co.has("domain"):
			s.looseOrString(mustGet(co, "domain"), "domain")
		default:
			s.missing(co.node, "endpoint", what, "add endpoint: <https://domain endpoint> or domain: <domain name>")
		}
	case DataSourceRDS:
		for _, k := range []string{"dbClusterIdentifier", "awsSecretStoreArn"} {
			if v, ok := need(k, "add "+k+": <value>"); ok {
				s.looseOrString(v, k)
			}
		}
	case DataSourceEventBridge:
		if v, ok := need("eventBusArn", "add eventBusArn: <event bus ARN>"); ok {
			s.looseOrString(v, "eventBusArn")
		}
	case DataSourceStepFunctions:
		if co.has("stateMachineArn") && co.has("stateMachine") {
			s.errorf(co.keyNode("stateMachine"), "stateMachineArn and stateMachine are exclusive in %s; keep one", what)
		}
		if v, ok := co.get("stateMachineArn"); ok {
			if arn, ok := s.str(v, "stateMachineArn"); ok && !strings.HasPrefix(arn, "arn:") {
				s.errorf(v, "stateMachineArn %q is not an ARN; write arn:aws:states:<region>:<account>:stateMachine:<name>, or give the name as stateMachine", arn)
			}
		}
		if v, ok := co.get("stateMachine"); ok {
			s.str(v, "stateMachine")
		}
	}
	return ds
}

func mustGet(o *obj, k string) *yaml.Node {
	v, _ := o.get(k)
	return v
}

// addDataSource registers an inline data source under name, made unique.
func (s *state) addDataSource(cfg *Config, name string, ds *DataSource) string {
	unique := name
	for i := 2; cfg.DataSources[unique] != nil; i++ {
		unique = fmt.Sprintf("%s_%d", name, i)
	}
	ds.Name = unique
	cfg.DataSources[unique] = ds
	return unique
}

func (s *state) addFunction(cfg *Config, name string, fn *Function) string {
	unique := name
	for i := 2; cfg.PipelineFunctions[unique] != nil; i++ {
		unique = fmt.Sprintf("%s_%d", name, i)
	}
	fn.Name = unique
	cfg.PipelineFunctions[unique] = fn
	return unique
}

// dataSourceRef reads a dataSource value: a name (checked later) or an
// inline data source registered under own.
func (s *state) dataSourceRef(b *builder, n *yaml.Node, own, owner string) string {
	d := s.deref(n)
	if d == nil {
		return ""
	}
	if d.Kind == yaml.MappingNode && !isIntrinsic(d) {
		ds := s.dataSource(own, d, d)
		if ds == nil {
			return ""
		}
		return s.addDataSource(b.cfg, own, ds)
	}
	name, ok := s.str(d, "dataSource")
	if !ok {
		return ""
	}
	b.dsRefs = append(b.dsRefs, ref{node: d, name: name, owner: owner})
	return name
}

func isIntrinsic(n *yaml.Node) bool {
	fn, _ := longIntrinsic(n)
	return fn != "" || shortIntrinsics[n.Tag] != ""
}

// templates reads request, response and code of a resolver or function.
func (s *state) templates(o *obj) (request, response, code, runtime string) {
	hasVTL := false
	for _, k := range []string{"request", "response"} {
		n, ok := o.get(k)
		if !ok {
			continue
		}
		hasVTL = true
		d := s.deref(n)
		if d == nil {
			continue
		}
		if d.Kind == yaml.ScalarNode && d.ShortTag() == "!!bool" {
			if b := true; d.Decode(&b) == nil && !b {
				continue
			}
			s.errorf(d, "%s: expected a file path or false, got true", k)
			continue
		}
		p, _ := s.existingFile(d, k, k+" template")
		if k == "request" {
			request = p
		} else {
			response = p
		}
	}
	if n, ok := o.get("code"); ok {
		code, _ = s.existingFile(n, "code", "code file")
		if hasVTL {
			k := "request"
			if !o.has(k) {
				k = "response"
			}
			s.errorf(o.keyNode(k), "code (APPSYNC_JS) and %s (VTL) are exclusive; keep one runtime", k)
		}
		return request, response, code, RuntimeJS
	}
	if hasVTL {
		return request, response, code, RuntimeVTL
	}
	return request, response, code, ""
}

// mergeSubs overlays own substitutions on the global ones.
func mergeSubs(global, own map[string]string) map[string]string {
	if len(global) == 0 && len(own) == 0 {
		return nil
	}
	out := make(map[string]string, len(global)+len(own))
	for k, v := range global {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// function decodes one pipeline function (a mapping, or a string naming its
// data source).
func (s *state) function(b *builder, name string, key, n *yaml.Node, owner string) *Function {
	d := s.deref(n)
	if d == nil {
		return nil
	}
	fn := &Function{Name: name, Pos: s.pos(key)}
	if isStringScalar(d) || shortIntrinsics[d.Tag] != "" {
		fn.DataSource = s.dataSourceRef(b, d, name, owner)
		fn.Runtime = RuntimeDirectLambda
		fn.Substitutions = mergeSubs(b.cfg.Substitutions, nil)
		s.checkDirect(b, fn.Runtime, &fn.DataSource, key, owner)
		return fn
	}
	if d.Kind != yaml.MappingNode {
		s.typeErr(d, name, "a mapping (or a data source name)")
		return nil
	}
	o := s.objectOf(d, "pipeline function", functionKeys)
	if v, ok := o.get("dataSource"); ok {
		fn.DataSource = s.dataSourceRef(b, v, name, owner)
	} else {
		s.missing(key, "dataSource", owner, "add dataSource: <data source name>")
	}
	if v, ok := o.get("description"); ok {
		fn.Description, _ = s.str(v, "description")
	}
	fn.Request, fn.Response, fn.Code, fn.Runtime = s.templates(o)
	if fn.Runtime == "" {
		fn.Runtime = RuntimeDirectLambda
	}
	if v, ok := o.get("maxBatchSize"); ok {
		fn.MaxBatchSize, _ = s.integer(v, "maxBatchSize", 1, 2000)
	}
	var own map[string]string
	if v, ok := o.get("substitutions"); ok {
		own = s.strMap(v, "substitutions")
	}
	fn.Substitutions = mergeSubs(b.cfg.Substitutions, own)
	s.checkDirect(b, fn.Runtime, &fn.DataSource, key, owner)
	return fn
}

// checkDirect defers the check that a direct Lambda resolver or function
// uses an AWS_LAMBDA data source.
func (s *state) checkDirect(b *builder, runtime string, ds *string, at *yaml.Node, owner string) {
	if runtime != RuntimeDirectLambda {
		return
	}
	b.late = append(b.late, func() {
		d := b.cfg.DataSources[*ds]
		if d == nil || d.Type == DataSourceLambda {
			return
		}
		s.errorf(at, "%s has no request, response or code, which only an AWS_LAMBDA data source allows (direct Lambda); %s is %s: add code: or request:/response:", owner, *ds, d.Type)
	})
}

// resolver decodes one resolver at key.
func (s *state) resolver(b *builder, key, n *yaml.Node) *Resolver {
	kname := key.Value
	r := &Resolver{Pos: s.pos(key)}
	owner := "resolver " + kname
	if t, f, ok := strings.Cut(kname, "."); ok && typeFieldRE.MatchString(kname) {
		r.Type, r.Field = t, f
	}
	d := s.deref(n)
	if d == nil {
		return nil
	}
	if isStringScalar(d) || shortIntrinsics[d.Tag] != "" {
		if r.Type == "" {
			s.errorf(key, "resolver key %q is not Type.field; name it Type.field, or give a mapping with type and field", kname)
			return nil
		}
		r.Kind, r.Runtime = KindUnit, RuntimeDirectLambda
		r.DataSource = s.dataSourceRef(b, d, resourceName(kname), owner)
		r.Substitutions = mergeSubs(b.cfg.Substitutions, nil)
		s.checkDirect(b, r.Runtime, &r.DataSource, key, owner)
		return s.addResolver(b, key, r)
	}
	if d.Kind != yaml.MappingNode {
		s.typeErr(d, kname, "a mapping (or a data source name)")
		return nil
	}
	o := s.objectOf(d, "resolver", resolverKeys)
	for _, k := range []string{"type", "field"} {
		v, ok := o.get(k)
		if !ok {
			continue
		}
		name, ok := s.str(v, k)
		if !ok {
			continue
		}
		if !identRE.MatchString(name) {
			s.errorf(s.shown(v), "%s %q is not a GraphQL name; use letters, digits and _", k, name)
			continue
		}
		if k == "type" {
			r.Type = name
		} else {
			r.Field = name
		}
	}
	if r.Type == "" || r.Field == "" {
		if !typeFieldRE.MatchString(kname) {
			s.errorf(key, "resolver key %q is not Type.field; name it Type.field or set type and field inside", kname)
		}
		return nil
	}
	r.Kind = KindPipeline
	kindOK := true
	if v, ok := o.get("kind"); ok {
		var k string
		if k, kindOK = s.enum(v, "kind", resolverKinds); kindOK {
			r.Kind = k
		}
	}
	dsN, hasDS := o.get("dataSource")
	fnN, hasFns := o.get("functions")
	if !kindOK {
		// Without a kind, which of dataSource and functions belongs is
		// unknown; check only what they name.
		if hasDS {
			r.DataSource = s.dataSourceRef(b, dsN, resourceName(kname), owner)
		}
		if hasFns {
			r.Functions = s.functionList(b, fnN, kname, owner)
		}
	}
	switch {
	case !kindOK:
	case r.Kind == KindUnit:
		if hasFns {
			s.errorf(o.keyNode("functions"), "functions is only for PIPELINE resolvers; remove it or set kind: PIPELINE")
		}
		if hasDS {
			r.DataSource = s.dataSourceRef(b, dsN, resourceName(kname), owner)
		} else {
			s.errorf(key, "UNIT resolver %s has no dataSource; add dataSource: <data source name>", kname)
		}
	case r.Kind == KindPipeline:
		switch {
		case hasDS && hasFns:
			s.errorf(o.keyNode("dataSource"), "dataSource is only for UNIT resolvers; set kind: UNIT, or move it into a pipeline function")
		case hasDS:
			how := "set kind: UNIT to use its dataSource"
			if o.has("kind") {
				how = "set kind: UNIT to use its dataSource, or add functions: [<function name>, ...]"
			}
			s.errorf(key, "resolver %s is a PIPELINE resolver (the default kind) but has no functions; %s", kname, how)
		case !hasFns:
			s.errorf(key, "PIPELINE resolver %s has no functions; add functions: [<function name>, ...], or set kind: UNIT with a dataSource", kname)
		}
		if hasFns {
			r.Functions = s.functionList(b, fnN, kname, owner)
		}
	}
	r.Request, r.Response, r.Code, r.Runtime = s.templates(o)
	if r.Runtime == "" {
		if r.Kind == KindPipeline {
			r.Runtime = RuntimeJS
		} else {
			r.Runtime = RuntimeDirectLambda
		}
	}
	if v, ok := o.get("maxBatchSize"); ok {
		r.MaxBatchSize, _ = s.integer(v, "maxBatchSize", 1, 2000)
	}
	var own map[string]string
	if v, ok := o.get("substitutions"); ok {
		own = s.strMap(v, "substitutions")
	}
	r.Substitutions = mergeSubs(b.cfg.Substitutions, own)
	if r.Kind == KindUnit && kindOK {
		s.checkDirect(b, r.Runtime, &r.DataSource, key, owner)
	}
	return s.addResolver(b, key, r)
}

func (s *state) addResolver(b *builder, key *yaml.Node, r *Resolver) *Resolver {
	tf := r.Type + "." + r.Field
	if first, dup := b.resolvers[tf]; dup {
		s.errorf(key, "a resolver for %s is already defined at line %d; keep one", tf, first.Line)
		return nil
	}
	b.resolvers[tf] = key
	return r
}

// functionList reads a resolver's functions: names or inline functions.
func (s *state) functionList(b *builder, n *yaml.Node, kname, owner string) []string {
	seq := s.sequence(n, "functions")
	if seq == nil {
		return nil
	}
	if len(seq.Content) == 0 {
		s.errorf(seq, "functions is empty; list at least one pipeline function")
	}
	if len(seq.Content) > 10 {
		s.errorf(seq.Content[10], "a pipeline resolver takes at most 10 functions; remove %d", len(seq.Content)-10)
	}
	var out []string
	for i, item := range seq.Content {
		d := s.deref(item)
		if d == nil {
			continue
		}
		if d.Kind == yaml.MappingNode && !isIntrinsic(d) {
			own := fmt.Sprintf("%s_%d", resourceName(kname), i)
			if fn := s.function(b, own, d, d, fmt.Sprintf("function %d of %s", i, owner)); fn != nil {
				out = append(out, s.addFunction(b.cfg, own, fn))
			}
			continue
		}
		name, ok := s.str(d, "functions item")
		if !ok {
			continue
		}
		b.fnRefs = append(b.fnRefs, ref{node: d, name: name, owner: owner})
		out = append(out, name)
	}
	return out
}

// checkRefs reports names that match no data source or pipeline function.
func (s *state) checkRefs(b *builder) {
	dsNames := sortedKeys(b.cfg.DataSources)
	for _, r := range b.dsRefs {
		if b.cfg.DataSources[r.name] == nil {
			hint := suggest(r.name, dsNames, "defined data sources are")
			if hint == "" {
				hint = "; define it under dataSources"
			}
			s.errorf(s.shown(r.node), "%s uses unknown data source %q%s", r.owner, r.name, hint)
		}
	}
	fnNames := sortedKeys(b.cfg.PipelineFunctions)
	for _, r := range b.fnRefs {
		if b.cfg.PipelineFunctions[r.name] == nil {
			hint := suggest(r.name, fnNames, "defined pipeline functions are")
			if hint == "" {
				hint = "; define it under pipelineFunctions"
			}
			s.errorf(s.shown(r.node), "%s uses unknown pipeline function %q%s", r.owner, r.name, hint)
		}
	}
	for _, f := range b.late {
		f()
	}
}
