package engine

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// Versions and aliases live inside the machine's record, under
// store.StateMachine.Extra[versioningKey] as a JSON string, so every store
// keeps them without new tables, and deleting the machine deletes them.
const versioningKey = "versioning"

// maxVersions is AWS's per-machine version quota.
const maxVersions = 1000

type versionRec struct {
	Number      int       `json:"number"`
	Definition  string    `json:"definition"`
	RoleARN     string    `json:"roleArn"`
	RevisionID  string    `json:"revisionId"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
}

type aliasRec struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Routing     []RoutingEntry `json:"routing"`
	Created     time.Time      `json:"created"`
	Updated     time.Time      `json:"updated"`
}

type versioning struct {
	Next     int          `json:"next"`
	Versions []versionRec `json:"versions"`
	Aliases  []aliasRec   `json:"aliases"`
}

func loadVersioning(sm *store.StateMachine) *versioning {
	v := &versioning{Next: 1}
	if s, ok := sm.Extra[versioningKey].(string); ok && s != "" {
		_ = json.Unmarshal([]byte(s), v)
	}
	return v
}

// saveVersioning stores v in a copy of m's record.
func (e *Engine) saveVersioning(ctx context.Context, m *machine, v *versioning) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sm := *m.sm
	extra := make(map[string]any, len(sm.Extra)+1)
	for k, x := range sm.Extra {
		extra[k] = x
	}
	extra[versioningKey] = string(b)
	sm.Extra = extra
	return e.saveMachine(ctx, &sm, m.def)
}

func (v *versioning) version(n int) *versionRec {
	for i := range v.Versions {
		if v.Versions[i].Number == n {
			return &v.Versions[i]
		}
	}
	return nil
}

func (v *versioning) alias(name string) *aliasRec {
	for i := range v.Aliases {
		if v.Aliases[i].Name == name {
			return &v.Aliases[i]
		}
	}
	return nil
}

// RoutingEntry is one version and its share of an alias's executions.
type RoutingEntry struct {
	StateMachineVersionArn string `json:"stateMachineVersionArn"`
	Weight                 int    `json:"weight"`
}

// splitQualified splits a version or alias ARN into the machine ARN and
// its qualifier; qualifier is "" for an unqualified machine ARN.
func splitQualified(arn string) (base, qualifier string, err *Error) {
	if e := checkMachineARN(arn); e != nil {
		return "", "", e
	}
	_, rest, _ := arnParts(arn)
	name, q, found := strings.Cut(rest, ":")
	if !found {
		return arn, "", nil
	}
	if q == "" || strings.Contains(q, ":") {
		return "", "", invalidARN(arn)
	}
	return strings.TrimSuffix(arn, rest) + name, q, nil
}

func isVersionQualifier(q string) bool {
	n, err := strconv.Atoi(q)
	return err == nil && n > 0 && strconv.Itoa(n) == q
}

var aliasNameRE = regexp.MustCompile(`^[a-zA-Z0-9_.\-]{1,80}$`)

func validAliasName(s string) bool {
	return aliasNameRE.MatchString(s) && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-.")
}

// ---- publishing ----

// publish makes a version of m's current revision, or returns the latest
// version when it already holds that revision, as AWS does.
func (e *Engine) publish(ctx context.Context, m *machine, description string) (*versionRec, error) {
	v := loadVersioning(m.sm)
	if n := len(v.Versions); n > 0 && v.Versions[n-1].RevisionID == m.sm.RevisionID {
		return &v.Versions[n-1], nil
	}
	if len(v.Versions) >= maxVersions {
		return nil, apiErr("ServiceQuotaExceededException", "The state machine "+m.sm.ARN+" has reached the maximum of 1000 versions")
	}
	rec := versionRec{Number: v.Next, Definition: m.sm.Definition, RoleARN: m.sm.RoleARN, RevisionID: m.sm.RevisionID, Description: description, Created: e.p.Now()}
	v.Next++
	v.Versions = append(v.Versions, rec)
	if err := e.saveVersioning(ctx, m, v); err != nil {
		return nil, err
	}
	return &rec, nil
}

func versionARN(machineARN string, n int) string { return machineARN + ":" + strconv.Itoa(n) }

// publishAfterWrite publishes the machine at arn after Create/UpdateStateMachine with publish: true.
func (e *Engine) publishAfterWrite(ctx context.Context, arn, description string) (string, error) {
	e.versionMu.Lock()
	defer e.versionMu.Unlock()
	m, aerr := e.lookup(ctx, arn)
	if aerr != nil {
		return "", aerr
	}
	rec, err := e.publish(ctx, m, description)
	if err != nil {
		return "", err
	}
	return versionARN(arn, rec.Number), nil
}

// PublishStateMachineVersionInput is PublishStateMachineVersion's request.
type PublishStateMachineVersionInput struct {
	StateMachineArn string  `json:"stateMachineArn"`
	RevisionID      *string `json:"revisionId"`
	Description     string  `json:"description"`
}

// PublishStateMachineVersionOutput is PublishStateMachineVersion's response.
type PublishStateMachineVersionOutput struct {
	CreationDate           *Timestamp `json:"creationDate"`
	StateMachineVersionArn string     `json:"stateMachineVersionArn"`
}

// PublishStateMachineVersion freezes the machine's current definition and
// role as a numbered version. A revisionId that is not the current one is
// a ConflictException, so a caller publishes exactly what it last saw.
func (e *Engine) PublishStateMachineVersion(ctx context.Context, in *PublishStateMachineVersionInput) (*PublishStateMachineVersionOutput, error) {
	if len(in.Description) > 256 {
		return nil, apiErr("ValidationException", "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256")
	}
	base, q, aerr := splitQualified(in.StateMachineArn)
	if aerr != nil {
		return nil, aerr
	}
	if q != "" {
		return nil, invalidARN(in.StateMachineArn)
	}
	e.versionMu.Lock()
	defer e.versionMu.Unlock()
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil, aerr
	}
	if in.RevisionID != nil && *in.RevisionID != m.sm.RevisionID {
		return nil, apiErr("ConflictException", "Failed to publish the State Machine version for revision "+*in.RevisionID+". The current State Machine revision is "+m.sm.RevisionID+".")
	}
	rec, err := e.publish(ctx, m, in.Description)
	if err != nil {
		return nil, err
	}
	return &PublishStateMachineVersionOutput{CreationDate: ts(rec.Created), StateMachineVersionArn: versionARN(base, rec.Number)}, nil
}

// VersionListItem is one entry of ListStateMachineVersions.
type VersionListItem struct {
	StateMachineVersionArn string     `json:"stateMachineVersionArn"`
	CreationDate           *Timestamp `json:"creationDate"`
}

// ListStateMachineVersions returns the machine's versions, newest first.
func (e *Engine) ListStateMachineVersions(ctx context.Context, arn string) ([]VersionListItem, error) {
	base, q, aerr := splitQualified(arn)
	if aerr != nil {
		return nil, aerr
	}
	if q != "" {
		return nil, invalidARN(arn)
	}
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil, aerr
	}
	v := loadVersioning(m.sm)
	out := make([]VersionListItem, 0, len(v.Versions))
	for i := len(v.Versions) - 1; i >= 0; i-- {
		out = append(out, VersionListItem{StateMachineVersionArn: versionARN(base, v.Versions[i].Number), CreationDate: ts(v.Versions[i].Created)})
	}
	return out, nil
}

// DeleteStateMachineVersion removes a version. A version an alias routes
// to cannot be deleted (ConflictException); a missing one is not an error.
func (e *Engine) DeleteStateMachineVersion(ctx context.Context, arn string) error {
	base, q, aerr := splitQualified(arn)
	if aerr != nil {
		return aerr
	}
	if !isVersionQualifier(q) {
		return invalidARN(arn)
	}
	n, _ := strconv.Atoi(q)
	e.versionMu.Lock()
	defer e.versionMu.Unlock()
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil // the machine and so its versions are gone
	}
	v := loadVersioning(m.sm)
	if v.version(n) == nil {
		return nil
	}
	for _, a := range v.Aliases {
		for _, r := range a.Routing {
			if r.StateMachineVersionArn == arn {
				return apiErr("ConflictException", "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: ["+base+":"+a.Name+"]")
			}
		}
	}
	kept := v.Versions[:0:0]
	for _, r := range v.Versions {
		if r.Number != n {
			kept = append(kept, r)
		}
	}
	v.Versions = kept
	return e.saveVersioning(ctx, m, v)
}

// ---- aliases ----

// checkRouting validates an alias's routing against the machine's versions.
func checkRouting(base string, v *versioning, routing []RoutingEntry) *Error {
	if len(routing) < 1 || len(routing) > 2 {
		return apiErr("ValidationException", "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must have length between 1 and 2")
	}
	sum := 0
	seen := map[string]bool{}
	for _, r := range routing {
		if r.Weight < 0 || r.Weight > 100 {
			return apiErr("ValidationException", "1 validation error detected: Value '"+strconv.Itoa(r.Weight)+"' at 'routingConfiguration.member.weight' failed to satisfy constraint: Member must have value between 0 and 100")
		}
		sum += r.Weight
		b, q, aerr := splitQualified(r.StateMachineVersionArn)
		if aerr != nil {
			return aerr
		}
		if !isVersionQualifier(q) {
			return apiErr("ValidationException", "Routing configuration must contain state machine version ARNs: '"+r.StateMachineVersionArn+"'")
		}
		if b != base {
			return apiErr("ValidationException", "Routing configuration must reference versions of the same state machine: '"+r.StateMachineVersionArn+"'")
		}
		if seen[r.StateMachineVersionArn] {
			return apiErr("ValidationException", "Routing configuration must contain distinct state machine version ARNs")
		}
		seen[r.StateMachineVersionArn] = true
		n, _ := strconv.Atoi(q)
		if v.version(n) == nil {
			return apiErr("ResourceNotFound", "Resource not found: '"+r.StateMachineVersionArn+"'")
		}
	}
	if sum != 100 {
		return apiErr("ValidationException", "Sum of routing configuration weights must be equal to 100")
	}
	return nil
}

// CreateStateMachineAliasInput is CreateStateMachineAlias's request.
type CreateStateMachineAliasInput struct {
	Name                 string         `json:"name"`
	Description          string         `json:"description"`
	RoutingConfiguration []RoutingEntry `json:"routingConfiguration"`
}

// CreateStateMachineAliasOutput is CreateStateMachineAlias's response.
type CreateStateMachineAliasOutput struct {
	StateMachineAliasArn string     `json:"stateMachineAliasArn"`
	CreationDate         *Timestamp `json:"creationDate"`
}

func sameRouting(a, b []RoutingEntry) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]RoutingEntry(nil), a...)
	y := append([]RoutingEntry(nil), b...)
	less := func(s []RoutingEntry) func(i, j int) bool {
		return func(i, j int) bool { return s[i].StateMachineVersionArn < s[j].StateMachineVersionArn }
	}
	sort.Slice(x, less(x))
	sort.Slice(y, less(y))
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// CreateStateMachineAlias names a routing over one or two versions of a
// machine. Creating an identical alias again returns it; a different one
// with the same name is a ConflictException.
func (e *Engine) CreateStateMachineAlias(ctx context.Context, in *CreateStateMachineAliasInput) (*CreateStateMachineAliasOutput, error) {
	if !validAliasName(in.Name) {
		return nil, apiErr("ValidationException", "Invalid alias name: '"+in.Name+"'")
	}
	if len(in.Description) > 256 {
		return nil, apiErr("ValidationException", "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256")
	}
	if len(in.RoutingConfiguration) == 0 {
		return nil, apiErr("ValidationException", "1 validation error detected: Value null at 'routingConfiguration' failed to satisfy constraint: Member must not be null")
	}
	base, _, aerr := splitQualified(in.RoutingConfiguration[0].StateMachineVersionArn)
	if aerr != nil {
		return nil, aerr
	}
	e.versionMu.Lock()
	defer e.versionMu.Unlock()
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil, aerr
	}
	v := loadVersioning(m.sm)
	if aerr := checkRouting(base, v, in.RoutingConfiguration); aerr != nil {
		return nil, aerr
	}
	arn := base + ":" + in.Name
	if old := v.alias(in.Name); old != nil {
		if old.Description == in.Description && sameRouting(old.Routing, in.RoutingConfiguration) {
			return &CreateStateMachineAliasOutput{StateMachineAliasArn: arn, CreationDate: ts(old.Created)}, nil
		}
		return nil, apiErr("ConflictException", "Alias already exists with a different configuration: '"+arn+"'")
	}
	now := e.p.Now()
	v.Aliases = append(v.Aliases, aliasRec{Name: in.Name, Description: in.Description, Routing: in.RoutingConfiguration, Created: now, Updated: now})
	if err := e.saveVersioning(ctx, m, v); err != nil {
		return nil, err
	}
	return &CreateStateMachineAliasOutput{StateMachineAliasArn: arn, CreationDate: ts(now)}, nil
}

// aliasOf resolves an alias ARN to its machine, versioning and record.
func (e *Engine) aliasOf(ctx context.Context, arn string) (*machine, *versioning, *aliasRec, *Error) {
	base, q, aerr := splitQualified(arn)
	if aerr != nil {
		return nil, nil, nil, aerr
	}
	if q == "" || isVersionQualifier(q) {
		return nil, nil, nil, invalidARN(arn)
	}
	notFound := apiErr("ResourceNotFound", "Resource not found: '"+arn+"'")
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil, nil, nil, notFound
	}
	v := loadVersioning(m.sm)
	a := v.alias(q)
	if a == nil {
		return nil, nil, nil, notFound
	}
	return m, v, a, nil
}

// DescribeStateMachineAliasOutput is DescribeStateMachineAlias's response.
type DescribeStateMachineAliasOutput struct {
	StateMachineAliasArn string         `json:"stateMachineAliasArn"`
	Name                 string         `json:"name"`
	Description          string         `json:"description,omitempty"`
	RoutingConfiguration []RoutingEntry `json:"routingConfiguration"`
	CreationDate         *Timestamp     `json:"creationDate"`
	UpdateDate           *Timestamp     `json:"updateDate"`
}

// DescribeStateMachineAlias returns an alias.
func (e *Engine) DescribeStateMachineAlias(ctx context.Context, arn string) (*DescribeStateMachineAliasOutput, error) {
	_, _, a, aerr := e.aliasOf(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	return &DescribeStateMachineAliasOutput{StateMachineAliasArn: arn, Name: a.Name, Description: a.Description,
		RoutingConfiguration: a.Routing, CreationDate: ts(a.Created), UpdateDate: ts(a.Updated)}, nil
}

// UpdateStateMachineAliasInput is UpdateStateMachineAlias's request.
type UpdateStateMachineAliasInput struct {
	StateMachineAliasArn string         `json:"stateMachineAliasArn"`
	Description          *string        `json:"description"`
	RoutingConfiguration []RoutingEntry `json:"routingConfiguration"`
}

// UpdateStateMachineAlias changes an alias's description and/or routing;
// executions already started keep the version they were routed to.
func (e *Engine) UpdateStateMachineAlias(ctx context.Context, in *UpdateStateMachineAliasInput) (*Timestamp, error) {
	if in.Description == nil && in.RoutingConfiguration == nil {
		return nil, apiErr("MissingRequiredParameter", "Either the description or the RoutingConfiguration must be specified")
	}
	e.versionMu.Lock()
	defer e.versionMu.Unlock()
	m, v, a, aerr := e.aliasOf(ctx, in.StateMachineAliasArn)
	if aerr != nil {
		return nil, aerr
	}
	if in.RoutingConfiguration != nil {
		if aerr := checkRouting(m.sm.ARN, v, in.RoutingConfiguration); aerr != nil {
			return nil, aerr
		}
		a.Routing = in.RoutingConfiguration
	}
	if in.Description != nil {
		a.Description = *in.Description
	}
	a.Updated = e.p.Now()
	if err := e.saveVersioning(ctx, m, v); err != nil {
		return nil, err
	}
	return ts(a.Updated), nil
}

// DeleteStateMachineAlias removes an alias; executions it started are kept.
func (e *Engine) DeleteStateMachineAlias(ctx context.Context, arn string) error {
	e.versionMu.Lock()
	defer e.versionMu.Unlock()
	m, v, a, aerr := e.aliasOf(ctx, arn)
	if aerr != nil {
		if aerr.Code == "ResourceNotFound" {
			return nil
		}
		return aerr
	}
	kept := v.Aliases[:0:0]
	for _, x := range v.Aliases {
		if x.Name != a.Name {
			kept = append(kept, x)
		}
	}
	v.Aliases = kept
	return e.saveVersioning(ctx, m, v)
}

// AliasListItem is one entry of ListStateMachineAliases.
type AliasListItem struct {
	StateMachineAliasArn string     `json:"stateMachineAliasArn"`
	CreationDate         *Timestamp `json:"creationDate"`
}

// ListStateMachineAliases returns the machine's aliases, by name. Given a
// version ARN it returns the aliases that route to that version.
func (e *Engine) ListStateMachineAliases(ctx context.Context, arn string) ([]AliasListItem, error) {
	base, q, aerr := splitQualified(arn)
	if aerr != nil {
		return nil, aerr
	}
	if q != "" && !isVersionQualifier(q) {
		return nil, invalidARN(arn)
	}
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil, aerr
	}
	v := loadVersioning(m.sm)
	if q != "" {
		n, _ := strconv.Atoi(q)
		if v.version(n) == nil {
			return nil, apiErr("ResourceNotFound", "Resource not found: '"+arn+"'")
		}
	}
	aliases := append([]aliasRec(nil), v.Aliases...)
	sort.Slice(aliases, func(i, j int) bool { return aliases[i].Name < aliases[j].Name })
	out := []AliasListItem{}
	for _, a := range aliases {
		if q != "" {
			hit := false
			for _, r := range a.Routing {
				hit = hit || r.StateMachineVersionArn == arn
			}
			if !hit {
				continue
			}
		}
		out = append(out, AliasListItem{StateMachineAliasArn: base + ":" + a.Name, CreationDate: ts(a.Created)})
	}
	return out, nil
}

// ---- starting on a version or alias ----

// pick chooses a routing entry by weight; roll is in [0, 100).
func pick(routing []RoutingEntry, roll int) string {
	for _, r := range routing {
		if roll < r.Weight {
			return r.StateMachineVersionArn
		}
		roll -= r.Weight
	}
	return routing[len(routing)-1].StateMachineVersionArn
}

// roll100 returns a number in [0, 100) from Params.Rand or math/rand.
func (e *Engine) roll100() int {
	if e.p.Rand != nil {
		var b [1]byte
		if _, err := e.p.Rand.Read(b[:]); err == nil {
			return int(b[0]) % 100
		}
	}
	return rand.IntN(100)
}

// lookupQualified resolves a machine, version or alias ARN to the machine
// an execution runs: for a version, the machine with that version's
// definition and role, carrying the version (and alias) ARN.
func (e *Engine) lookupQualified(ctx context.Context, arn string) (*machine, *Error) {
	base, q, aerr := splitQualified(arn)
	if aerr != nil {
		return nil, aerr
	}
	if q == "" {
		return e.lookup(ctx, arn)
	}
	m, aerr := e.lookup(ctx, base)
	if aerr != nil {
		return nil, aerr
	}
	v := loadVersioning(m.sm)
	verARN, aliasARN := arn, ""
	if !isVersionQualifier(q) {
		a := v.alias(q)
		if a == nil {
			return nil, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '"+arn+"'")
		}
		aliasARN = arn
		verARN = pick(a.Routing, e.roll100())
	}
	_, vq, _ := splitQualified(verARN)
	n, _ := strconv.Atoi(vq)
	rec := v.version(n)
	if rec == nil {
		return nil, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '"+verARN+"'")
	}
	def, perr := parseDefinition(rec.Definition, "")
	if perr != nil {
		return nil, perr
	}
	sm := *m.sm
	sm.Definition, sm.RoleARN = rec.Definition, rec.RoleARN
	vm := newMachine(&sm, def)
	vm.versionARN, vm.aliasARN = verARN, aliasARN
	return vm, nil
}

// describeQualified is DescribeStateMachine for a version ARN.
func (e *Engine) describeVersion(ctx context.Context, arn string) (*DescribeStateMachineOutput, error) {
	m, aerr := e.lookupQualified(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	if m.aliasARN != "" {
		return nil, invalidARN(arn)
	}
	_, q, _ := splitQualified(arn)
	n, _ := strconv.Atoi(q)
	rec := loadVersioning(m.sm).version(n)
	out := describeMachine(m.sm)
	out.StateMachineArn = arn
	out.RevisionID = rec.RevisionID
	out.CreationDate = ts(rec.Created)
	out.Description = rec.Description
	return out, nil
}
