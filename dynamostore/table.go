package dynamostore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// tableRecord is what the tables row stores as JSON: the description as
// created (counts excluded) and the TTL setting.
type tableRecord struct {
	Table TableDescription
	TTL   *TimeToLiveDescription `json:",omitempty"`
}

// keyAttr is one key attribute and its declared type.
type keyAttr struct {
	name string
	kind attr.Kind
}

// index is a secondary index. Its rows in items have idx = name.
type index struct {
	name    string
	global  bool
	hash    keyAttr
	rng     keyAttr // rng.name == "" when the index has no sort key
	proj    string  // ALL, KEYS_ONLY or INCLUDE
	include []string
}

// stats are the live row count and size of a table or index.
type stats struct {
	count atomic.Int64
	bytes atomic.Int64
}

// table is an immutable snapshot of a table's definition; DDL swaps in a
// new one. The stats are shared between snapshots.
type table struct {
	id      int64
	name    string
	rec     tableRecord
	hash    keyAttr
	rng     keyAttr
	indexes []*index
	byName  map[string]*index
	stats   map[string]*stats // "" for the table itself, else index name
}

func kindOf(t string) attr.Kind {
	switch t {
	case "S":
		return attr.KindS
	case "N":
		return attr.KindN
	case "B":
		return attr.KindB
	}
	return attr.KindInvalid
}

func kindName(k attr.Kind) string {
	switch k {
	case attr.KindS:
		return "S"
	case attr.KindN:
		return "N"
	case attr.KindB:
		return "B"
	case attr.KindBOOL:
		return "BOOL"
	case attr.KindNULL:
		return "NULL"
	case attr.KindM:
		return "M"
	case attr.KindL:
		return "L"
	case attr.KindSS:
		return "SS"
	case attr.KindNS:
		return "NS"
	case attr.KindBS:
		return "BS"
	}
	return ""
}

// newTable derives the working form of a stored definition.
func newTable(id int64, rec *tableRecord) (*table, error) {
	d := &rec.Table
	types := map[string]attr.Kind{}
	for _, a := range d.AttributeDefinitions {
		types[a.AttributeName] = kindOf(a.AttributeType)
	}
	keys := func(ks []KeySchemaElement) (h, r keyAttr, err error) {
		for _, k := range ks {
			ka := keyAttr{k.AttributeName, types[k.AttributeName]}
			if ka.kind == attr.KindInvalid {
				return h, r, fmt.Errorf("key attribute %s has no definition", k.AttributeName)
			}
			if k.KeyType == "HASH" {
				h = ka
			} else {
				r = ka
			}
		}
		return h, r, nil
	}
	t := &table{id: id, name: d.TableName, rec: *rec, byName: map[string]*index{}, stats: map[string]*stats{"": {}}}
	var err error
	if t.hash, t.rng, err = keys(d.KeySchema); err != nil {
		return nil, err
	}
	add := func(name string, global bool, ks []KeySchemaElement, p *Projection) error {
		ix := &index{name: name, global: global, proj: "ALL"}
		if ix.hash, ix.rng, err = keys(ks); err != nil {
			return err
		}
		if p != nil && p.ProjectionType != "" {
			ix.proj = p.ProjectionType
			ix.include = p.NonKeyAttributes
		}
		t.indexes = append(t.indexes, ix)
		t.byName[name] = ix
		t.stats[name] = &stats{}
		return nil
	}
	for _, g := range d.GlobalSecondaryIndexes {
		if err := add(g.IndexName, true, g.KeySchema, g.Projection); err != nil {
			return nil, err
		}
	}
	for _, l := range d.LocalSecondaryIndexes {
		if err := add(l.IndexName, false, l.KeySchema, l.Projection); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// keyNames are the names of the table's key attributes.
func (t *table) keyNames() []string {
	if t.rng.name == "" {
		return []string{t.hash.name}
	}
	return []string{t.hash.name, t.rng.name}
}

// isKey tells whether name is a key attribute of the table.
func (t *table) isKey(name string) bool { return name == t.hash.name || name == t.rng.name }

// describe returns the description with live counts.
func (t *table) describe(status string) *TableDescription {
	d := t.rec.Table
	d.TableStatus = status
	d.ItemCount = t.stats[""].count.Load()
	d.TableSizeBytes = t.stats[""].bytes.Load()
	d.GlobalSecondaryIndexes = slices.Clone(d.GlobalSecondaryIndexes)
	for i := range d.GlobalSecondaryIndexes {
		g := &d.GlobalSecondaryIndexes[i]
		if st := t.stats[g.IndexName]; st != nil {
			g.ItemCount, g.IndexSizeBytes = st.count.Load(), st.bytes.Load()
		}
		if status == "DELETING" {
			g.IndexStatus = "DELETING"
		}
	}
	d.LocalSecondaryIndexes = slices.Clone(d.LocalSecondaryIndexes)
	for i := range d.LocalSecondaryIndexes {
		l := &d.LocalSecondaryIndexes[i]
		if st := t.stats[l.IndexName]; st != nil {
			l.ItemCount, l.IndexSizeBytes = st.count.Load(), st.bytes.Load()
		}
	}
	return &d
}

func uuid4() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func tableArn(name string) string {
	return "arn:aws:dynamodb:" + region + ":" + accountID + ":table/" + name
}

// checkKeySchema validates one KeySchema (of the table or an index) against
// the attribute definitions, with DynamoDB's messages.
func checkKeySchema(ks []KeySchemaElement, defs []string) string {
	if len(ks) == 0 {
		return ""
	}
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.AttributeName
	}
	for _, n := range names {
		if !slices.Contains(defs, n) {
			return "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
				strings.Join(names, ", ") + "], AttributeDefinitions: [" + strings.Join(defs, ", ") + "]"
		}
	}
	if len(ks) == 2 && ks[0].AttributeName == ks[1].AttributeName {
		return "Both the Hash Key and the Range Key element in the KeySchema have the same name"
	}
	if ks[0].KeyType != "HASH" {
		return "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
	}
	if len(ks) == 2 && ks[1].KeyType != "RANGE" {
		return "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
	}
	return ""
}

func checkKeySchemaShape(c *constraints, ks []KeySchemaElement, path string) {
	if ks == nil {
		c.notNull(false, path)
		return
	}
	if len(ks) < 1 {
		c.add(keySchemaString(ks), path, "Member must have length greater than or equal to 1")
	}
	if len(ks) > 2 {
		c.add(keySchemaString(ks), path, "Member must have length less than or equal to 2")
	}
	for i, k := range ks {
		p := fmt.Sprintf("%s.%d.member", path, i+1)
		c.notNull(k.AttributeName != "", p+".attributeName")
		if k.KeyType == "" {
			c.notNull(false, p+".keyType")
		} else {
			c.enum(k.KeyType, p+".keyType", "HASH", "RANGE")
		}
	}
}

func keySchemaString(ks []KeySchemaElement) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = "KeySchemaElement(attributeName=" + k.AttributeName + ", keyType=" + k.KeyType + ")"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func checkProjectionShape(c *constraints, p *Projection, path string) {
	if p == nil {
		c.notNull(false, path)
		return
	}
	c.enum(p.ProjectionType, path+".projectionType", projectionTypeEnum...)
}

func checkProjection(p *Projection) string {
	if p.ProjectionType == "" {
		return "One or more parameter values were invalid: Unknown ProjectionType: null"
	}
	if len(p.NonKeyAttributes) > 0 && p.ProjectionType != "INCLUDE" {
		return "One or more parameter values were invalid: ProjectionType is " + p.ProjectionType + ", but NonKeyAttributes is specified"
	}
	return ""
}

func checkThroughput(c *constraints, p *ProvisionedThroughput, path string) {
	if p == nil {
		return
	}
	c.notNull(p.ReadCapacityUnits != nil, path+".readCapacityUnits")
	c.min(p.ReadCapacityUnits, path+".readCapacityUnits", 1)
	c.notNull(p.WriteCapacityUnits != nil, path+".writeCapacityUnits")
	c.min(p.WriteCapacityUnits, path+".writeCapacityUnits", 1)
}

func throughputDescription(p *ProvisionedThroughput) *ProvisionedThroughputDescription {
	d := &ProvisionedThroughputDescription{}
	if p != nil && p.ReadCapacityUnits != nil && p.WriteCapacityUnits != nil {
		d.ReadCapacityUnits, d.WriteCapacityUnits = *p.ReadCapacityUnits, *p.WriteCapacityUnits
	}
	return d
}

// CreateTable creates a table, ACTIVE at once, with its indexes. It returns
// a ValidationException for an invalid definition and ResourceInUseException
// if the table exists.
func (s *Store) CreateTable(ctx context.Context, in *CreateTableInput) (*CreateTableOutput, error) {
	var c constraints
	if in.AttributeDefinitions == nil {
		c.notNull(false, "attributeDefinitions")
	}
	for i, a := range in.AttributeDefinitions {
		p := fmt.Sprintf("attributeDefinitions.%d.member", i+1)
		c.notNull(a.AttributeName != "", p+".attributeName")
		if a.AttributeType == "" {
			c.notNull(false, p+".attributeType")
		} else {
			c.enum(a.AttributeType, p+".attributeType", "B", "N", "S")
		}
	}
	checkTableName(&c, in.TableName)
	checkKeySchemaShape(&c, in.KeySchema, "keySchema")
	c.enum(in.BillingMode, "billingMode", "PROVISIONED", "PAY_PER_REQUEST")
	checkThroughput(&c, in.ProvisionedThroughput, "provisionedThroughput")
	for i, l := range in.LocalSecondaryIndexes {
		p := fmt.Sprintf("localSecondaryIndexes.%d.member", i+1)
		c.name(l.IndexName, p+".indexName")
		checkKeySchemaShape(&c, l.KeySchema, p+".keySchema")
		checkProjectionShape(&c, l.Projection, p+".projection")
	}
	for i, g := range in.GlobalSecondaryIndexes {
		p := fmt.Sprintf("globalSecondaryIndexes.%d.member", i+1)
		c.name(g.IndexName, p+".indexName")
		checkKeySchemaShape(&c, g.KeySchema, p+".keySchema")
		checkProjectionShape(&c, g.Projection, p+".projection")
		checkThroughput(&c, g.ProvisionedThroughput, p+".provisionedThroughput")
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	if msg := checkCreateTable(in); msg != "" {
		return nil, validation(msg)
	}

	now := float64(s.now().UnixMilli()) / 1000
	d := TableDescription{
		AttributeDefinitions:      in.AttributeDefinitions,
		TableName:                 in.TableName,
		KeySchema:                 in.KeySchema,
		CreationDateTime:          now,
		ProvisionedThroughput:     throughputDescription(in.ProvisionedThroughput),
		TableArn:                  tableArn(in.TableName),
		TableId:                   uuid4(),
		StreamSpecification:       in.StreamSpecification,
		DeletionProtectionEnabled: in.DeletionProtectionEnabled != nil && *in.DeletionProtectionEnabled,
	}
	if in.BillingMode == "PAY_PER_REQUEST" {
		d.BillingModeSummary = &BillingModeSummary{BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: now}
	}
	for _, l := range in.LocalSecondaryIndexes {
		d.LocalSecondaryIndexes = append(d.LocalSecondaryIndexes, LocalSecondaryIndexDescription{
			IndexName: l.IndexName, KeySchema: l.KeySchema, Projection: l.Projection,
			IndexArn: d.TableArn + "/index/" + l.IndexName,
		})
	}
	for _, g := range in.GlobalSecondaryIndexes {
		d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, gsiDescription(&g, d.TableArn))
	}
	rec := &tableRecord{Table: d}
	def, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode table %s: %w", in.TableName, err)
	}

	var t *table
	err = s.write(ctx, func(w *wtx) error {
		if s.table(in.TableName) != nil {
			return &Error{Type: ErrResourceInUse, Message: "Table already exists: " + in.TableName}
		}
		res, err := w.tx.ExecContext(w.ctx, "INSERT INTO tables (name, def) VALUES (?, ?)", in.TableName, def)
		if err != nil {
			return fmt.Errorf("insert table %s: %w", in.TableName, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if t, err = newTable(id, rec); err != nil {
			return err
		}
		w.onCommit(func() { s.setTable(t.name, t) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &CreateTableOutput{TableDescription: t.describe("ACTIVE")}, nil
}

func gsiDescription(g *GlobalSecondaryIndex, arn string) GlobalSecondaryIndexDescription {
	return GlobalSecondaryIndexDescription{
		IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection,
		IndexStatus:           "ACTIVE",
		ProvisionedThroughput: throughputDescription(g.ProvisionedThroughput),
		IndexArn:              arn + "/index/" + g.IndexName,
	}
}

// checkCreateTable is the semantic validation of CreateTable, in
// DynamoDB's order.
func checkCreateTable(in *CreateTableInput) string {
	payPerRequest := in.BillingMode == "PAY_PER_REQUEST"
	if payPerRequest {
		if in.ProvisionedThroughput != nil {
			return "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
		}
	} else {
		p := in.ProvisionedThroughput
		if p == nil || p.ReadCapacityUnits == nil || p.WriteCapacityUnits == nil {
			return "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
		}
		if *p.ReadCapacityUnits > 1000000000000 {
			return fmt.Sprintf("Given value %d for ReadCapacityUnits is out of bounds", *p.ReadCapacityUnits)
		}
		if *p.WriteCapacityUnits > 1000000000000 {
			return fmt.Sprintf("Given value %d for WriteCapacityUnits is out of bounds", *p.WriteCapacityUnits)
		}
	}
	var defs []string
	for _, a := range in.AttributeDefinitions {
		defs = append(defs, a.AttributeName)
	}
	if len(in.KeySchema) > len(defs) {
		return "Invalid KeySchema: Some index key attribute have no definition"
	}
	if msg := checkKeySchema(in.KeySchema, defs); msg != "" {
		if strings.HasPrefix(msg, "One or more") {
			keys := make([]string, len(in.KeySchema))
			for i, k := range in.KeySchema {
				keys[i] = k.AttributeName
			}
			return "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
				strings.Join(keys, ", ") + "], AttributeDefinitions: [" + strings.Join(defs, ", ") + "]"
		}
		return msg
	}
	if in.LocalSecondaryIndexes == nil && in.GlobalSecondaryIndexes == nil && len(in.KeySchema) != len(defs) {
		return "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
	}
	seen := map[string]bool{}
	used := map[string]bool{}
	for _, k := range in.KeySchema {
		used[k.AttributeName] = true
	}
	if in.LocalSecondaryIndexes != nil {
		if len(in.LocalSecondaryIndexes) == 0 {
			return "One or more parameter values were invalid: List of LocalSecondaryIndexes is empty"
		}
		if len(in.KeySchema) != 2 {
			return "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"
		}
		for _, l := range in.LocalSecondaryIndexes {
			if msg := checkKeySchema(l.KeySchema, defs); msg != "" {
				return msg
			}
			if len(l.KeySchema) != 2 {
				return "One or more parameter values were invalid: Index KeySchema does not have a range key for index: " + l.IndexName
			}
			if l.KeySchema[0].AttributeName != in.KeySchema[0].AttributeName {
				return "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
					l.IndexName + ". index hash key: " + l.KeySchema[0].AttributeName + ", table hash key: " + in.KeySchema[0].AttributeName
			}
			if msg := checkProjection(l.Projection); msg != "" {
				return msg
			}
			if seen[l.IndexName] {
				return "One or more parameter values were invalid: Duplicate index name: " + l.IndexName
			}
			seen[l.IndexName] = true
			for _, k := range l.KeySchema {
				used[k.AttributeName] = true
			}
		}
		if len(in.LocalSecondaryIndexes) > 5 {
			return "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5"
		}
	}
	if in.GlobalSecondaryIndexes != nil {
		if len(in.GlobalSecondaryIndexes) == 0 {
			return "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty"
		}
		for _, g := range in.GlobalSecondaryIndexes {
			if msg := checkGSI(&g, defs, payPerRequest); msg != "" {
				return msg
			}
			if seen[g.IndexName] {
				return "One or more parameter values were invalid: Duplicate index name: " + g.IndexName
			}
			seen[g.IndexName] = true
			for _, k := range g.KeySchema {
				used[k.AttributeName] = true
			}
		}
		if len(in.GlobalSecondaryIndexes) > 20 {
			return "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20"
		}
	}
	var usedNames []string
	for _, k := range in.KeySchema {
		usedNames = append(usedNames, k.AttributeName)
	}
	for _, l := range in.LocalSecondaryIndexes {
		for _, k := range l.KeySchema {
			if !slices.Contains(usedNames, k.AttributeName) {
				usedNames = append(usedNames, k.AttributeName)
			}
		}
	}
	for _, g := range in.GlobalSecondaryIndexes {
		for _, k := range g.KeySchema {
			if !slices.Contains(usedNames, k.AttributeName) {
				usedNames = append(usedNames, k.AttributeName)
			}
		}
	}
	for _, d := range defs {
		if !used[d] {
			return "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [" +
				strings.Join(defs, ", ") + "], keys used: [" + strings.Join(usedNames, ", ") + "]"
		}
	}
	return ""
}

func checkGSI(g *GlobalSecondaryIndex, defs []string, payPerRequest bool) string {
	if msg := checkKeySchema(g.KeySchema, defs); msg != "" {
		return msg
	}
	if msg := checkProjection(g.Projection); msg != "" {
		return msg
	}
	if payPerRequest && g.ProvisionedThroughput != nil {
		return "One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: " + g.IndexName + " when BillingMode is PAY_PER_REQUEST"
	}
	if !payPerRequest && g.ProvisionedThroughput == nil {
		return "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: " + g.IndexName
	}
	return ""
}

// DeleteTable deletes a table and all its items. It returns
// ResourceNotFoundException if there is no such table.
func (s *Store) DeleteTable(ctx context.Context, in *DeleteTableInput) (*DeleteTableOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	if err := c.err(); err != nil {
		return nil, err
	}
	var d *TableDescription
	err := s.write(ctx, func(w *wtx) error {
		t := s.table(in.TableName)
		if t == nil {
			return tableNotFoundNamed(in.TableName)
		}
		if t.rec.Table.DeletionProtectionEnabled {
			return validationf("1 validation error detected: Table '%s' can't be deleted while DeletionProtectionEnabled is set to True", in.TableName)
		}
		if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM items WHERE tbl = ?", t.id); err != nil {
			return fmt.Errorf("delete items of %s: %w", t.name, err)
		}
		if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM tables WHERE id = ?", t.id); err != nil {
			return fmt.Errorf("delete table %s: %w", t.name, err)
		}
		d = t.describe("DELETING")
		w.onCommit(func() { s.setTable(t.name, nil) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &DeleteTableOutput{TableDescription: d}, nil
}

// DescribeTable describes a table, always ACTIVE, with live item counts.
func (s *Store) DescribeTable(ctx context.Context, in *DescribeTableInput) (*DescribeTableOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	if err := c.err(); err != nil {
		return nil, err
	}
	t := s.table(in.TableName)
	if t == nil {
		return nil, tableNotFoundNamed(in.TableName)
	}
	return &DescribeTableOutput{Table: t.describe("ACTIVE")}, nil
}

// ListTables lists table names in order, at most Limit (1 to 100, default
// 100) after ExclusiveStartTableName.
func (s *Store) ListTables(ctx context.Context, in *ListTablesInput) (*ListTablesOutput, error) {
	var c constraints
	c.min(in.Limit, "limit", 1)
	c.max(in.Limit, "limit", 100)
	if in.ExclusiveStartTableName != nil {
		c.name(*in.ExclusiveStartTableName, "exclusiveStartTableName")
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	limit := 100
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	s.mu.RLock()
	names := make([]string, 0, len(s.tables))
	for n := range s.tables {
		if in.ExclusiveStartTableName == nil || n > *in.ExclusiveStartTableName {
			names = append(names, n)
		}
	}
	s.mu.RUnlock()
	sort.Strings(names)
	out := &ListTablesOutput{TableNames: names}
	if len(names) > limit {
		out.TableNames = names[:limit]
		out.LastEvaluatedTableName = names[limit-1]
	}
	return out, nil
}

// UpdateTable changes billing mode and throughput (recorded only) and
// creates or deletes global secondary indexes. A new index is backfilled
// from the table's items before UpdateTable returns, so it is ACTIVE at once.
func (s *Store) UpdateTable(ctx context.Context, in *UpdateTableInput) (*UpdateTableOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	c.enum(in.BillingMode, "billingMode", "PROVISIONED", "PAY_PER_REQUEST")
	checkThroughput(&c, in.ProvisionedThroughput, "provisionedThroughput")
	for i, u := range in.GlobalSecondaryIndexUpdates {
		if g := u.Create; g != nil {
			p := fmt.Sprintf("globalSecondaryIndexUpdates.%d.member.create", i+1)
			c.name(g.IndexName, p+".indexName")
			checkKeySchemaShape(&c, g.KeySchema, p+".keySchema")
			checkProjectionShape(&c, g.Projection, p+".projection")
			checkThroughput(&c, g.ProvisionedThroughput, p+".provisionedThroughput")
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	if in.ProvisionedThroughput == nil && in.BillingMode == "" && in.StreamSpecification == nil &&
		len(in.GlobalSecondaryIndexUpdates) == 0 && in.DeletionProtectionEnabled == nil && in.TableClass == "" {
		return nil, validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")
	}
	if in.BillingMode == "PROVISIONED" && in.ProvisionedThroughput == nil {
		return nil, validation("One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
	}
	seen := map[string]bool{}
	for _, u := range in.GlobalSecondaryIndexUpdates {
		var name string
		switch {
		case u.Create != nil:
			name = u.Create.IndexName
		case u.Delete != nil:
			name = u.Delete.IndexName
		case u.Update != nil:
			name = u.Update.IndexName
		default:
			return nil, validation("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null")
		}
		if seen[name] {
			return nil, validation("One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: " + name)
		}
		seen[name] = true
	}

	var nt *table
	err := s.write(ctx, func(w *wtx) error {
		t := s.table(in.TableName)
		if t == nil {
			return tableNotFoundNamed(in.TableName)
		}
		rec := t.rec
		d := &rec.Table
		d.GlobalSecondaryIndexes = slices.Clone(d.GlobalSecondaryIndexes)
		d.AttributeDefinitions = slices.Clone(d.AttributeDefinitions)
		billing := "PROVISIONED"
		if d.BillingModeSummary != nil {
			billing = d.BillingModeSummary.BillingMode
		}
		if in.BillingMode != "" {
			billing = in.BillingMode
		}
		if in.ProvisionedThroughput != nil && billing == "PAY_PER_REQUEST" {
			return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
		now := float64(s.now().UnixMilli()) / 1000
		if billing == "PAY_PER_REQUEST" {
			if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != billing {
				d.BillingModeSummary = &BillingModeSummary{BillingMode: billing, LastUpdateToPayPerRequestDateTime: now}
			}
			d.ProvisionedThroughput = &ProvisionedThroughputDescription{}
		} else {
			if d.BillingModeSummary != nil {
				d.BillingModeSummary = &BillingModeSummary{BillingMode: "PROVISIONED"}
			}
			if in.ProvisionedThroughput != nil {
				d.ProvisionedThroughput = throughputDescription(in.ProvisionedThroughput)
			}
		}
		if in.StreamSpecification != nil {
			d.StreamSpecification = in.StreamSpecification
		}
		if in.DeletionProtectionEnabled != nil {
			d.DeletionProtectionEnabled = *in.DeletionProtectionEnabled
		}
		// Attribute definitions: the table's, plus new ones for new indexes.
		for _, a := range in.AttributeDefinitions {
			found := false
			for _, old := range d.AttributeDefinitions {
				if old.AttributeName == a.AttributeName {
					found = true
					if old.AttributeType != a.AttributeType {
						return validationf("One or more parameter values were invalid: Cannot change the type of attribute %s; existing type: %s, new type: %s", a.AttributeName, old.AttributeType, a.AttributeType)
					}
				}
			}
			if !found {
				d.AttributeDefinitions = append(d.AttributeDefinitions, a)
			}
		}
		var created []string
		for _, u := range in.GlobalSecondaryIndexUpdates {
			switch {
			case u.Create != nil:
				g := u.Create
				if _, ok := t.byName[g.IndexName]; ok || slices.Contains(created, g.IndexName) {
					return validation("One or more parameter values were invalid: Index with name: " + g.IndexName + " already exists")
				}
				if in.AttributeDefinitions == nil {
					return validation("One or more parameter values were invalid: AttributeDefinitions must be provided when creating a global secondary index")
				}
				var defs []string
				for _, a := range d.AttributeDefinitions {
					defs = append(defs, a.AttributeName)
				}
				if msg := checkGSI(g, defs, billing == "PAY_PER_REQUEST"); msg != "" {
					return validation(msg)
				}
				d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, gsiDescription(g, d.TableArn))
				created = append(created, g.IndexName)
			case u.Delete != nil:
				i := slices.IndexFunc(d.GlobalSecondaryIndexes, func(g GlobalSecondaryIndexDescription) bool { return g.IndexName == u.Delete.IndexName })
				if i < 0 {
					return &Error{Type: ErrResourceNotFound, Message: "Requested resource not found: Index: " + u.Delete.IndexName + " not found"}
				}
				d.GlobalSecondaryIndexes = slices.Delete(d.GlobalSecondaryIndexes, i, i+1)
				if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM items WHERE tbl = ? AND idx = ?", t.id, u.Delete.IndexName); err != nil {
					return fmt.Errorf("delete index %s of %s: %w", u.Delete.IndexName, t.name, err)
				}
			case u.Update != nil:
				i := slices.IndexFunc(d.GlobalSecondaryIndexes, func(g GlobalSecondaryIndexDescription) bool { return g.IndexName == u.Update.IndexName })
				if i < 0 {
					return &Error{Type: ErrResourceNotFound, Message: "Requested resource not found: Index: " + u.Update.IndexName + " not found"}
				}
				if u.Update.ProvisionedThroughput != nil {
					d.GlobalSecondaryIndexes[i].ProvisionedThroughput = throughputDescription(u.Update.ProvisionedThroughput)
				}
			}
		}
		// Drop definitions no key uses any more (DynamoDB keeps only those).
		d.AttributeDefinitions = slices.DeleteFunc(d.AttributeDefinitions, func(a AttributeDefinition) bool {
			return !keyUsed(d, a.AttributeName)
		})
		var err error
		if nt, err = newTable(t.id, &rec); err != nil {
			return validation(err.Error())
		}
		for name, st := range t.stats {
			if _, ok := nt.stats[name]; ok {
				nt.stats[name] = st
			}
		}
		def, err := json.Marshal(&rec)
		if err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(w.ctx, "UPDATE tables SET def = ? WHERE id = ?", def, t.id); err != nil {
			return fmt.Errorf("update table %s: %w", t.name, err)
		}
		for _, name := range created {
			if err := w.backfill(nt, nt.byName[name]); err != nil {
				return err
			}
		}
		w.onCommit(func() { s.setTable(nt.name, nt) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &UpdateTableOutput{TableDescription: nt.describe("ACTIVE")}, nil
}

func keyUsed(d *TableDescription, name string) bool {
	has := func(ks []KeySchemaElement) bool {
		return slices.ContainsFunc(ks, func(k KeySchemaElement) bool { return k.AttributeName == name })
	}
	if has(d.KeySchema) {
		return true
	}
	for _, g := range d.GlobalSecondaryIndexes {
		if has(g.KeySchema) {
			return true
		}
	}
	for _, l := range d.LocalSecondaryIndexes {
		if has(l.KeySchema) {
			return true
		}
	}
	return false
}

// UpdateTimeToLive records the TTL attribute of a table, as DescribeTimeToLive
// reports it. The store does not delete expired items.
func (s *Store) UpdateTimeToLive(ctx context.Context, in *UpdateTimeToLiveInput) (*UpdateTimeToLiveOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	if in.TimeToLiveSpecification == nil {
		c.notNull(false, "timeToLiveSpecification")
	} else {
		c.notNull(in.TimeToLiveSpecification.AttributeName != "", "timeToLiveSpecification.attributeName")
		c.notNull(in.TimeToLiveSpecification.Enabled != nil, "timeToLiveSpecification.enabled")
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	spec := in.TimeToLiveSpecification
	var nt *table
	err := s.write(ctx, func(w *wtx) error {
		t := s.table(in.TableName)
		if t == nil {
			return tableNotFoundNamed(in.TableName)
		}
		rec := t.rec
		enabled := rec.TTL != nil && rec.TTL.TimeToLiveStatus == "ENABLED"
		switch {
		case *spec.Enabled && enabled:
			return validation("TimeToLive is already enabled")
		case !*spec.Enabled && !enabled:
			return validation("TimeToLive is already disabled")
		case !*spec.Enabled && rec.TTL.AttributeName != spec.AttributeName:
			return validation("The specified attribute name does not match the attribute name in the current TimeToLive specification")
		}
		if *spec.Enabled {
			rec.TTL = &TimeToLiveDescription{TimeToLiveStatus: "ENABLED", AttributeName: spec.AttributeName}
		} else {
			rec.TTL = nil
		}
		var err error
		if nt, err = newTable(t.id, &rec); err != nil {
			return err
		}
		nt.stats = t.stats
		def, err := json.Marshal(&rec)
		if err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(w.ctx, "UPDATE tables SET def = ? WHERE id = ?", def, t.id); err != nil {
			return fmt.Errorf("update table %s: %w", t.name, err)
		}
		w.onCommit(func() { s.setTable(nt.name, nt) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &UpdateTimeToLiveOutput{TimeToLiveSpecification: spec}, nil
}

// DescribeTimeToLive tells whether TTL is enabled and on which attribute.
func (s *Store) DescribeTimeToLive(ctx context.Context, in *DescribeTimeToLiveInput) (*DescribeTimeToLiveOutput, error) {
	var c constraints
	checkTableName(&c, in.TableName)
	if err := c.err(); err != nil {
		return nil, err
	}
	t := s.table(in.TableName)
	if t == nil {
		return nil, tableNotFoundNamed(in.TableName)
	}
	d := &TimeToLiveDescription{TimeToLiveStatus: "DISABLED"}
	if t.rec.TTL != nil {
		d = t.rec.TTL
	}
	return &DescribeTimeToLiveOutput{TimeToLiveDescription: d}, nil
}
