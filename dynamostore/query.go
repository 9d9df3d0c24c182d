package dynamostore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// maxPageBytes is DynamoDB's limit on the data a Query or Scan evaluates
// per call.
const maxPageBytes = 1 << 20

// read is one Query or Scan, resolved against a table.
type read struct {
	t        *table
	ix       *index // nil for the table itself
	idx      string
	scan     bool
	forward  bool
	limit    int // 0 for none
	filter   *expr.Condition
	proj     *expr.Projection
	pick     []string // AttributesToGet
	count    bool     // Select COUNT
	fetch    bool     // read the full item from the table (LSI, ALL_ATTRIBUTES)
	where    []string
	args     []any
	startKey []string // attribute names of LastEvaluatedKey
	capMode  string
	consist  bool
}

// rangeBounds turns a sort key condition into conditions on the sk column.
// begins_with becomes [prefix, successor(prefix)): S and B key bytes are
// the raw bytes, so a prefix of the value is a prefix of its encoding.
func rangeBounds(op keyOp, vals []attr.Value) (where []string, args []any) {
	switch op {
	case opEQ:
		return []string{"sk = ?"}, []any{keyBytes(vals[0])}
	case opLT:
		return []string{"sk < ?"}, []any{keyBytes(vals[0])}
	case opLE:
		return []string{"sk <= ?"}, []any{keyBytes(vals[0])}
	case opGT:
		return []string{"sk > ?"}, []any{keyBytes(vals[0])}
	case opGE:
		return []string{"sk >= ?"}, []any{keyBytes(vals[0])}
	case opBetween:
		return []string{"sk >= ?", "sk <= ?"}, []any{keyBytes(vals[0]), keyBytes(vals[1])}
	case opBeginsWith:
		p := keyBytes(vals[0])
		where, args = []string{"sk >= ?"}, []any{p}
		if succ := successor(p); succ != nil {
			where, args = append(where, "sk < ?"), append(args, succ)
		}
		return where, args
	}
	return nil, nil
}

// successor returns the smallest byte string greater than every string
// that has prefix p, or nil if there is none (p is all 0xFF).
func successor(p []byte) []byte {
	s := append([]byte(nil), p...)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0xFF {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}

// run executes the read and builds the response.
func (s *Store) run(ctx context.Context, r *read) (*QueryOutput, error) {
	q := "SELECT size, item FROM items WHERE tbl = ? AND idx = ?"
	if len(r.where) > 0 {
		q += " AND " + strings.Join(r.where, " AND ")
	}
	switch {
	case r.scan:
		q += " ORDER BY h, pk, sk, tk"
	case r.forward:
		q += " ORDER BY sk, tk"
	default:
		q += " ORDER BY sk DESC, tk DESC"
	}
	args := append([]any{r.t.id, r.idx}, r.args...)
	if r.limit > 0 {
		// A literal: SQLite re-plans a statement whose LIMIT is a bound
		// parameter on every run, which costs more than the query.
		q += " LIMIT " + strconv.Itoa(r.limit)
	}

	st, done, err := s.readStmt(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare read: %w", err)
	}
	defer done()
	// One statement reads one snapshot. When the items are also fetched
	// from the table (an LSI read), a read transaction spans both.
	var tx *sql.Tx
	if r.fetch {
		if tx, err = s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			return nil, fmt.Errorf("begin read: %w", err)
		}
		defer tx.Rollback()
		st = tx.StmtContext(ctx, st)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", r.t.name, err)
	}
	defer rows.Close()

	out := &QueryOutput{}
	if !r.count {
		out.Items = []attr.Item{}
	}
	var (
		total int
		last  []byte
		full  []attr.Item
	)
	for rows.Next() {
		var size int
		var b []byte
		if err := rows.Scan(&size, &b); err != nil {
			return nil, fmt.Errorf("read %s: %w", r.t.name, err)
		}
		out.ScannedCount++
		total += size
		last = b
		if r.count && r.filter == nil {
			out.Count++
		} else {
			it, err := decodeItem(b)
			if err != nil {
				return nil, err
			}
			full = append(full, it)
		}
		if total >= maxPageBytes {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", r.t.name, err)
	}
	rows.Close()
	if last != nil && (r.limit > 0 && int(out.ScannedCount) >= r.limit || total >= maxPageBytes) {
		it, err := decodeItem(last)
		if err != nil {
			return nil, err
		}
		out.LastEvaluatedKey = pick(it, r.startKey)
	}
	for _, it := range full {
		if r.filter != nil {
			ok, err := r.filter.Eval(it)
			if err != nil {
				return nil, asDynamo(err)
			}
			if !ok {
				continue
			}
		}
		out.Count++
		if r.count {
			continue
		}
		if r.fetch {
			base, err := getInTx(ctx, tx, r.t, r.t.baseKey(it))
			if err != nil {
				return nil, err
			}
			if base != nil {
				it = base
			}
		}
		switch {
		case r.proj != nil:
			it = r.proj.Apply(it)
		case r.pick != nil:
			it = pick(it, r.pick)
		}
		out.Items = append(out.Items, it)
	}
	out.ConsumedCapacity = consumed(r.capMode, r.t.name, readUnits(total, r.consist))
	return out, nil
}

func getInTx(ctx context.Context, tx *sql.Tx, t *table, key rowKey) (attr.Item, error) {
	var b []byte
	err := tx.QueryRowContext(ctx, sqlGetRow, t.id, key.h, key.pk, key.sk).Scan(&b)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read item of %s: %w", t.name, err)
	}
	return decodeItem(b)
}

// selectParams is what Query and Scan share.
type selectParams struct {
	op         string // "Query" or "Scan"
	tableName  string
	indexName  *string
	sel        string
	projection *string
	attrsToGet []string
	limit      *int64
	consistent *bool
	esk        attr.Item
}

// prepare resolves the table, index, Select and projection of a read.
func (s *Store) prepare(p *selectParams, proj *expr.Projection) (*read, error) {
	prefix := ""
	if p.op == "Query" {
		prefix = "1 validation error detected: "
	}
	switch {
	case p.sel == "SPECIFIC_ATTRIBUTES" && p.projection == nil && p.attrsToGet == nil:
		return nil, validation(prefix + "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
	case p.sel != "" && p.sel != "SPECIFIC_ATTRIBUTES" && (p.projection != nil || p.attrsToGet != nil):
		what := p.sel
		if what == "COUNT" {
			what = "only the Count"
		}
		param := "ProjectionExpression"
		if p.projection == nil {
			param = "AttributesToGet"
		}
		return nil, validation(prefix + "Cannot specify the " + param + " when choosing to get " + what)
	case p.sel == "ALL_PROJECTED_ATTRIBUTES" && p.indexName == nil:
		return nil, validation(prefix + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
	}
	t, err := s.lookup(p.tableName)
	if err != nil {
		return nil, err
	}
	r := &read{t: t, forward: true, proj: proj, pick: p.attrsToGet, count: p.sel == "COUNT", consist: isTrue(p.consistent)}
	r.startKey = t.keyNames()
	if p.indexName != nil {
		ix := t.byName[*p.indexName]
		if ix == nil {
			return nil, validation("The table does not have the specified index: " + *p.indexName)
		}
		if ix.global && isTrue(p.consistent) {
			return nil, validation("Consistent reads are not supported on global secondary indexes")
		}
		if p.sel == "ALL_ATTRIBUTES" && ix.proj != "ALL" {
			if ix.global {
				return nil, validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index " +
					ix.name + " because its projection type is not ALL")
			}
			r.fetch = true
		}
		if !ix.global && ix.proj != "ALL" && (proj != nil || p.attrsToGet != nil) {
			// An LSI reads what it does not project from the table.
			r.fetch = true
		}
		r.ix, r.idx = ix, ix.name
		for _, n := range []string{ix.hash.name, ix.rng.name} {
			if n != "" && !t.isKey(n) {
				r.startKey = append(r.startKey, n)
			}
		}
	}
	if p.limit != nil {
		r.limit = int(*p.limit)
	}
	return r, nil
}

// checkStartKey validates ExclusiveStartKey's shape: exactly the table's
// and the index's key attributes, well typed.
func (r *read) checkStartKey(esk attr.Item) error {
	if len(esk) != len(r.startKey) {
		if r.ix == nil && r.scan {
			return validation("The provided starting key is invalid: " + msgKeyMismatch)
		}
		return validation("The provided starting key is invalid")
	}
	// The key a Query reads by (the index's, or the table's) is checked
	// piece by piece first; a Scan of the table checks only the table key,
	// below.
	var ks []keyAttr
	switch {
	case r.ix != nil:
		ks = []keyAttr{r.ix.hash, r.ix.rng}
	case !r.scan:
		ks = []keyAttr{r.t.hash, r.t.rng}
	}
	if ks != nil {
		for i, a := range ks {
			if a.name == "" {
				continue
			}
			v, ok := esk[a.name]
			if !ok {
				return validation("The provided starting key is invalid")
			}
			if v.Kind() != a.kind {
				return validation(msgKeyMismatch)
			}
			if err := checkKeyValue(a, v, i == 0); err != nil {
				return err
			}
		}
	}
	if err := r.t.checkKey(r.t.keyOf(esk)); err != nil {
		return validation("The provided starting key is invalid: " + err.(*Error).Message)
	}
	return nil
}

// startRow is the row key ExclusiveStartKey names in the read's index.
func (r *read) startRow(esk attr.Item) rowKey {
	base := r.t.baseKey(esk)
	if r.ix == nil {
		return base
	}
	k, _ := r.ix.indexKey(esk, base)
	return k
}

// Query reads the items of one partition of a table or index, in sort key
// order (ScanIndexForward false for descending), as an index range scan.
func (s *Store) Query(ctx context.Context, in *QueryInput) (*QueryOutput, error) {
	var c constraints
	c.enum(in.Select, "select", selectEnum...)
	if in.IndexName != nil {
		c.name(*in.IndexName, "indexName")
	}
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	checkTableName(&c, in.TableName)
	c.enum(in.ConditionalOperator, "conditionalOperator", conditionalOperatorEnum...)
	c.min(in.Limit, "limit", 1)
	if err := c.err(); err != nil {
		return nil, err
	}
	var legacy []string
	for _, l := range []struct {
		name string
		set  bool
	}{{"AttributesToGet", in.AttributesToGet != nil}, {"QueryFilter", in.QueryFilter != nil}, {"ConditionalOperator", in.ConditionalOperator != ""}, {"KeyConditions", in.KeyConditions != nil}} {
		if l.set {
			legacy = append(legacy, l.name)
		}
	}
	if in.KeyConditions != nil && in.KeyConditionExpression == nil {
		legacy = legacy[:len(legacy)-1]
	}
	ex, err := newExprs(in.ExpressionAttributeNames, in.ExpressionAttributeValues, exprParams{
		present:  present("ProjectionExpression", in.ProjectionExpression, "FilterExpression", in.FilterExpression, "KeyConditionExpression", in.KeyConditionExpression),
		accepted: []string{"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
		legacy:   legacy,
	})
	if err != nil {
		return nil, err
	}
	if in.KeyConditions == nil && in.KeyConditionExpression == nil {
		return nil, validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
	}
	if err := checkLegacy("KeyConditions", in.KeyConditions != nil, "QueryFilter", in.QueryFilter != nil); err != nil {
		return nil, err
	}
	kc, err := ex.keyCondition(in.KeyConditionExpression)
	if err != nil {
		return nil, err
	}
	filter, err := ex.filter(in.FilterExpression)
	if err != nil {
		return nil, err
	}
	proj, err := ex.projection(in.ProjectionExpression)
	if err != nil {
		return nil, err
	}
	if err := ex.unused(); err != nil {
		return nil, err
	}
	r, err := s.prepare(&selectParams{op: "Query", tableName: in.TableName, indexName: in.IndexName, sel: in.Select,
		projection: in.ProjectionExpression, attrsToGet: in.AttributesToGet, limit: in.Limit, consistent: in.ConsistentRead}, proj)
	if err != nil {
		return nil, err
	}
	r.filter = filter
	r.forward = in.ScanIndexForward == nil || *in.ScanIndexForward
	r.capMode = in.ReturnConsumedCapacity

	hash, rng := r.t.hash, r.t.rng
	if r.ix != nil {
		hash, rng = r.ix.hash, r.ix.rng
	}
	cond, err := resolveKeyCondition(kc, hash, rng)
	if err != nil {
		return nil, err
	}
	if proj != nil {
		if err := r.t.checkKeyPaths(proj.NestedAttributes()); err != nil {
			return nil, err
		}
	}
	if filter != nil {
		for _, n := range conditionAttrs(filter) {
			if n == hash.name || n == rng.name {
				return nil, validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + n)
			}
		}
		if err := r.t.checkKeyPaths(filter.NestedAttributes()); err != nil {
			return nil, err
		}
	}
	pk := keyBytes(cond.hash)
	r.where = []string{"h = ?", "pk = ?"}
	r.args = []any{partitionHash(pk), pk}
	w, a := rangeBounds(cond.op, cond.vals)
	r.where, r.args = append(r.where, w...), append(r.args, a...)

	if in.ExclusiveStartKey != nil {
		if err := r.checkStartKey(in.ExclusiveStartKey); err != nil {
			return nil, err
		}
		if cond.op != opNone && !cond.match(in.ExclusiveStartKey[rng.name]) {
			return nil, validation("The provided starting key does not match the range key predicate")
		}
		if !attr.Equal(in.ExclusiveStartKey[hash.name], cond.hash) {
			if cond.op != opNone {
				return nil, validation("The query can return at most one row and cannot be restarted")
			}
			return nil, validation("The provided starting key is outside query boundaries based on provided conditions")
		}
		start := r.startRow(in.ExclusiveStartKey)
		if r.forward {
			r.where = append(r.where, "(sk, tk) > (?, ?)")
		} else {
			r.where = append(r.where, "(sk, tk) < (?, ?)")
		}
		r.args = append(r.args, start.sk, start.tk)
	}
	return s.run(ctx, r)
}

// keyCond is a key condition resolved against a key schema.
type keyCond struct {
	hash  attr.Value
	op    keyOp // opNone when the sort key is not constrained
	vals  []attr.Value
	match func(attr.Value) bool // whether a sort key value satisfies it
}

// Scan reads every item of a table or index, in partition hash order, or
// one segment of them.
func (s *Store) Scan(ctx context.Context, in *ScanInput) (*ScanOutput, error) {
	var c constraints
	c.enum(in.Select, "select", selectEnum...)
	if in.IndexName != nil {
		c.name(*in.IndexName, "indexName")
	}
	c.min(in.TotalSegments, "totalSegments", 1)
	c.max(in.TotalSegments, "totalSegments", 1000000)
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", returnCapacityEnum...)
	checkTableName(&c, in.TableName)
	c.enum(in.ConditionalOperator, "conditionalOperator", conditionalOperatorEnum...)
	c.min(in.Segment, "segment", 0)
	c.max(in.Segment, "segment", 999999)
	c.min(in.Limit, "limit", 1)
	if err := c.err(); err != nil {
		return nil, err
	}
	var legacy []string
	for _, l := range []struct {
		name string
		set  bool
	}{{"AttributesToGet", in.AttributesToGet != nil}, {"ScanFilter", in.ScanFilter != nil}, {"ConditionalOperator", in.ConditionalOperator != ""}} {
		if l.set {
			legacy = append(legacy, l.name)
		}
	}
	ex, err := newExprs(in.ExpressionAttributeNames, in.ExpressionAttributeValues, exprParams{
		present:  present("ProjectionExpression", in.ProjectionExpression, "FilterExpression", in.FilterExpression),
		accepted: []string{"ProjectionExpression", "FilterExpression"},
		legacy:   legacy,
	})
	if err != nil {
		return nil, err
	}
	if in.Segment != nil && in.TotalSegments == nil {
		return nil, validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	}
	if in.TotalSegments != nil {
		if in.Segment == nil {
			return nil, validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
		}
		if *in.Segment >= *in.TotalSegments {
			return nil, validationf("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", *in.Segment, *in.TotalSegments)
		}
	}
	if err := checkLegacy("ScanFilter", in.ScanFilter != nil); err != nil {
		return nil, err
	}
	filter, err := ex.filter(in.FilterExpression)
	if err != nil {
		return nil, err
	}
	proj, err := ex.projection(in.ProjectionExpression)
	if err != nil {
		return nil, err
	}
	if err := ex.unused(); err != nil {
		return nil, err
	}
	r, err := s.prepare(&selectParams{op: "Scan", tableName: in.TableName, indexName: in.IndexName, sel: in.Select,
		projection: in.ProjectionExpression, attrsToGet: in.AttributesToGet, limit: in.Limit, consistent: in.ConsistentRead}, proj)
	if err != nil {
		return nil, err
	}
	r.scan = true
	r.filter = filter
	r.capMode = in.ReturnConsumedCapacity

	lo, hi := int64(0), int64(1)<<32
	if in.TotalSegments != nil && *in.TotalSegments > 1 {
		n, i := *in.TotalSegments, *in.Segment
		lo, hi = (i<<32)/n, ((i+1)<<32)/n
		r.where = append(r.where, "h >= ?", "h < ?")
		r.args = append(r.args, lo, hi)
	}
	if in.ExclusiveStartKey != nil {
		if err := r.checkStartKey(in.ExclusiveStartKey); err != nil {
			return nil, err
		}
		start := r.startRow(in.ExclusiveStartKey)
		if start.h < lo || start.h >= hi {
			return nil, validationf("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: %d Segment: %d", *in.TotalSegments, *in.Segment)
		}
		r.where = append(r.where, "(h, pk, sk, tk) > (?, ?, ?, ?)")
		r.args = append(r.args, start.h, start.pk, start.sk, start.tk)
	}
	for _, nested := range [][]string{proj.NestedAttributes(), filter.NestedAttributes()} {
		if err := r.t.checkKeyPaths(nested); err != nil {
			return nil, err
		}
	}
	return s.run(ctx, r)
}
