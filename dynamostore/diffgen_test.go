package dynamostore_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The randomized half of the differential tests: random tables, items and
// operations from a fixed seed, each compared on both sides.
//
// The generator leaves out what dynalite is known to get wrong (see
// dynaliteWrong for the evidence), so that a difference means a new
// finding: no equality or IN of lists and maps, no contains() of a list or
// map operand, no empty strings or binaries (dynalite's size() of them),
// no comparison of two paths (dynalite finds two missing attributes
// equal), no NOT NOT, no BETWEEN of booleans, no SET a.b = a (it crashes
// dynalite), no two list indexes of one
// list in a REMOVE, no parentheses in SET values, no BOOL false (dynalite's
// attribute_type and IN fail on it), no REMOVE- or DELETE-only
// update of a missing item, no local secondary index that does not project
// ALL, and numbers small enough never to round.

// genTable is a generated table: its key schema and indexes.
type genTable struct {
	name      string
	hash, rng string // attribute names; rng "" for a hash-only table
	types     map[string]string
	gsi, lsi  string // index names, "" if none
	gsiHash   string
	gsiRange  string
	lsiRange  string
}

// gen draws operations from a seeded source and remembers which items
// exist (as the store reports), to steer clear of known dynalite bugs.
type gen struct {
	r      *rand.Rand
	tables []*genTable
	exists map[string]bool // table + canonical key
	vals   map[string]types.AttributeValue
	names  map[string]string

	targets, operands []string // top-level attributes an update changes and copies
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), exists: map[string]bool{}}
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pickOne[T any](g *gen, xs ...T) T { return xs[g.r.IntN(len(xs))] }

// Value pools: small, so that keys collide and conditions sometimes hold.
var (
	genStrings = []string{"a", "b", "ab", "abc", "b\u00e9", "x", "xy", "hello", "z"}
	genNumbers = []string{"-2.5", "-1", "0", "1", "1.5", "2", "3", "10", "100"}
	genBinary  = []string{"a", "b", "ab", "\x01", "\x01\x02", "zz"}
	genAttrs   = []string{"a", "b", "c", "d", "e"}
	genMapKeys = []string{"p", "q", "r"}
)

// tables creates the generated tables' definitions.
func (g *gen) makeTables() []*dynamodb.CreateTableInput {
	keyType := func() string { return pickOne(g, "S", "N", "B") }
	var ins []*dynamodb.CreateTableInput
	for i := range 3 {
		t := &genTable{name: "rnd" + itoa(i), hash: "pk", types: map[string]string{}}
		t.types["pk"] = keyType()
		if i > 0 {
			t.rng = "sk"
			t.types["sk"] = keyType()
		}
		mods := []func(*dynamodb.CreateTableInput){}
		if i == 0 || g.chance(0.7) {
			t.gsi, t.gsiHash = "gsi"+itoa(i), "g"
			t.types["g"] = keyType()
			defs := []types.AttributeDefinition{attrDef("g", t.types["g"])}
			if g.chance(0.5) {
				t.gsiRange = "h"
				t.types["h"] = keyType()
				defs = append(defs, attrDef("h", t.types["h"]))
			}
			proj := pickOne(g, projAll(), projKeys(), projInclude("a", "c"))
			mods = append(mods, withGSI(t.gsi, t.gsiHash, t.gsiRange, proj, defs...))
		}
		if t.rng != "" && g.chance(0.6) {
			t.lsi, t.lsiRange = "lsi"+itoa(i), "l"
			t.types["l"] = keyType()
			mods = append(mods, withLSI(t.lsi, "pk", "l", projAll(), attrDef("l", t.types["l"])))
		}
		rng := ""
		if t.rng != "" {
			rng = "sk " + t.types["sk"]
		}
		g.tables = append(g.tables, t)
		ins = append(ins, tableInput(t.name, "pk "+t.types["pk"], rng, mods...))
	}
	return ins
}

// scalar returns a value of a key type from the pools.
func (g *gen) scalar(typ string) types.AttributeValue {
	switch typ {
	case "N":
		return N(pickOne(g, genNumbers...))
	case "B":
		return B(pickOne(g, genBinary...))
	}
	return S(pickOne(g, genStrings...))
}

// value returns a random attribute value of any type, nested up to depth.
func (g *gen) value(depth int) types.AttributeValue {
	k := g.pick(10)
	if depth <= 0 && k >= 8 {
		k = g.pick(8)
	}
	switch k {
	case 0, 1:
		return g.scalar("S")
	case 2, 3:
		return g.scalar("N")
	case 4:
		return g.scalar("B")
	case 5:
		if g.chance(0.5) {
			return BOOL(true) // not false: see conditions/put:attribute_type(fb, :tBOOL)
		}
		return NULL()
	case 6:
		return g.set()
	case 7:
		return g.set()
	case 8:
		n := g.pick(4)
		l := make([]types.AttributeValue, n)
		for i := range l {
			l[i] = g.value(depth - 1)
		}
		return L(l...)
	default:
		m := item{}
		for range g.pick(4) {
			m[pickOne(g, genMapKeys...)] = g.value(depth - 1)
		}
		return M(m)
	}
}

// set returns a non-empty string, number or binary set.
func (g *gen) set() types.AttributeValue {
	pool := genStrings
	typ := pickOne(g, "SS", "NS", "BS")
	switch typ {
	case "NS":
		pool = genNumbers
	case "BS":
		pool = genBinary
	}
	var members []string
	for range 1 + g.pick(3) {
		m := pickOne(g, pool...)
		if !slices.Contains(members, m) {
			members = append(members, m)
		}
	}
	switch typ {
	case "NS":
		return NS(members...)
	case "BS":
		return BS(members...)
	}
	return SS(members...)
}

// key returns a random primary key of t, rarely of a wrong shape.
func (g *gen) key(t *genTable) item {
	k := item{"pk": g.scalar(t.types["pk"])}
	if t.rng != "" {
		k["sk"] = g.scalar(t.types["sk"])
	}
	if g.chance(0.02) {
		switch g.pick(3) {
		case 0:
			// A value out of the pools, so that it cannot collide with
			// a key of the right type (see batch/get-key-types).
			k["pk"] = pickOne(g, S("wrong-s"), N("999"), B("wrong-b"))
		case 1:
			delete(k, "pk")
		default:
			k["extra"] = S("x")
		}
	}
	return k
}

func (g *gen) itemFor(t *genTable) item {
	it := g.key(t)
	for range g.pick(5) {
		it[pickOne(g, genAttrs...)] = g.value(2)
	}
	for _, ix := range []string{t.gsiHash, t.gsiRange, t.lsiRange} {
		if ix != "" && g.chance(0.6) {
			typ := t.types[ix]
			if g.chance(0.03) {
				typ = pickOne(g, "S", "N", "B") // sometimes the wrong type
			}
			it[ix] = g.scalar(typ)
		}
	}
	return it
}

func keyID(table string, k item) string {
	return table + canon(map[string]any{"pk": avText(k["pk"]), "sk": avText(k["sk"])})
}

// expression building: placeholders are collected in g.vals and g.names.

func (g *gen) reset() {
	g.vals = map[string]types.AttributeValue{}
	g.names = map[string]string{}
}

func (g *gen) val(v types.AttributeValue) string {
	p := ":v" + itoa(len(g.vals))
	g.vals[p] = v
	return p
}

func (g *gen) nameRef(n string) string {
	if g.chance(0.3) || n == "name" || n == "pk" || n == "sk" {
		p := "#n" + itoa(len(g.names))
		g.names[p] = n
		return p
	}
	return n
}

// path returns a document path over the generated attributes.
func (g *gen) path(t *genTable) string {
	top := pickOne(g, genAttrs...)
	if g.chance(0.1) {
		top = pickOne(g, t.gsiHash, t.lsiRange, "name")
		if top == "" {
			top = "a"
		}
		if top == "name" && g.chance(0.3) {
			return "name" // a reserved word, unaliased: an error on both sides
		}
	}
	p := g.nameRef(top)
	for range g.pick(3) {
		if g.chance(0.5) {
			p += "[" + itoa(g.pick(3)) + "]"
		} else {
			p += "." + g.nameRef(pickOne(g, genMapKeys...))
		}
	}
	return p
}

// cond returns a condition or filter expression.
func (g *gen) cond(t *genTable, depth int) string {
	if depth > 0 && g.chance(0.3) {
		switch g.pick(3) {
		case 0:
			return g.cond(t, depth-1) + " AND " + g.cond(t, depth-1)
		case 1:
			return g.cond(t, depth-1) + " OR " + g.cond(t, depth-1)
		default:
			return "NOT (" + g.cond(t, depth-1) + ")"
		}
	}
	p := g.path(t)
	switch g.pick(9) {
	case 0, 1:
		op := pickOne(g, "=", "<>")
		return p + " " + op + " " + g.val(g.comparable())
	case 2:
		op := pickOne(g, "<", "<=", ">", ">=")
		return p + " " + op + " " + g.val(g.scalar(pickOne(g, "S", "N", "B")))
	case 3:
		typ := pickOne(g, "S", "N", "B")
		return p + " BETWEEN " + g.val(g.scalar(typ)) + " AND " + g.val(g.scalar(typ))
	case 4:
		n := 1 + g.pick(3)
		vs := make([]string, n)
		for i := range vs {
			vs[i] = g.val(g.comparable())
		}
		return p + " IN (" + strings.Join(vs, ", ") + ")"
	case 5:
		return pickOne(g, "attribute_exists", "attribute_not_exists") + "(" + p + ")"
	case 6:
		typ := pickOne(g, "S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M")
		return "attribute_type(" + p + ", " + g.val(S(typ)) + ")"
	case 7:
		if g.chance(0.5) {
			return "begins_with(" + p + ", " + g.val(g.scalar(pickOne(g, "S", "B"))) + ")"
		}
		return "contains(" + p + ", " + g.val(g.scalar(pickOne(g, "S", "N", "B"))) + ")"
	default:
		op := pickOne(g, "=", "<>", "<", "<=", ">", ">=")
		return "size(" + p + ") " + op + " " + g.val(N(itoa(g.pick(4))))
	}
}

// comparable is a value for = and IN: anything but a list or map.
func (g *gen) comparable() types.AttributeValue {
	for {
		v := g.value(0)
		switch v.(type) {
		case *types.AttributeValueMemberL, *types.AttributeValueMemberM:
			continue
		}
		return v
	}
}

// update returns an update expression and whether it only removes. No SET
// copies an attribute that an action of the same update changes: dynalite
// copies by reference, so the copy would change too (see
// updates/*:SET l[0] = :s2, x = l).
func (g *gen) update(t *genTable) (string, bool) {
	for {
		g.targets, g.operands = nil, nil
		u, removesOnly := g.update1(t)
		if !slices.ContainsFunc(g.operands, func(o string) bool { return slices.Contains(g.targets, o) }) {
			return u, removesOnly
		}
	}
}

func (g *gen) update1(t *genTable) (string, bool) {
	var sections []string
	removesOnly := true
	order := g.r.Perm(4)
	n := 1 + g.pick(2)
	for _, s := range order[:n] {
		var acts []string
		switch s {
		case 0:
			removesOnly = false
			for range 1 + g.pick(3) {
				target := g.target(t)
				acts = append(acts, target+" = "+g.setValue(t, target))
			}
			sections = append(sections, "SET "+strings.Join(acts, ", "))
		case 1:
			listed := false
			for range 1 + g.pick(2) {
				p := g.target(t)
				if strings.Contains(p, "[") {
					if listed {
						continue
					}
					listed = true
				}
				acts = append(acts, p)
			}
			sections = append(sections, "REMOVE "+strings.Join(acts, ", "))
		case 2:
			removesOnly = false
			v := g.set()
			if g.chance(0.5) {
				v = g.scalar("N")
			}
			sections = append(sections, "ADD "+g.target(t)+" "+g.val(v))
		default:
			sections = append(sections, "DELETE "+g.target(t)+" "+g.val(g.set()))
		}
	}
	return strings.Join(sections, " "), removesOnly
}

func (g *gen) setValue(t *genTable, target string) string {
	switch g.pick(7) {
	case 0, 1:
		return g.val(g.value(2))
	case 2:
		return g.operand(t, target)
	case 3:
		return g.operand(t, target) + " + " + g.val(g.scalar("N"))
	case 4:
		return g.val(g.scalar("N")) + " - " + g.operand(t, target)
	case 5:
		return "if_not_exists(" + g.operand(t, target) + ", " + g.val(g.value(1)) + ")"
	default:
		l := L(g.value(0))
		if g.chance(0.5) {
			return "list_append(" + g.operand(t, target) + ", " + g.val(l) + ")"
		}
		return "list_append(" + g.val(l) + ", " + g.operand(t, target) + ")"
	}
}

// target returns a path an update action changes, noting its attribute.
func (g *gen) target(t *genTable) string {
	p := g.path(t)
	g.targets = append(g.targets, strings.Split(g.resolve(p), ".")[0])
	return p
}

// operand returns a path for the value of a SET of target, one that does
// not contain target: dynalite 4.0.0 crashes (its item size computation
// recurses until the stack overflows) on SET a.b = a, which links the map
// into itself.
func (g *gen) operand(t *genTable, target string) string {
	tp := g.resolve(target)
	for {
		p := g.path(t)
		op := g.resolve(p)
		if !strings.HasPrefix(tp, op+".") && !strings.HasPrefix(tp, op+"[") {
			g.operands = append(g.operands, strings.Split(op, ".")[0])
			return p
		}
	}
}

// resolve replaces the #name placeholders of a path by their names.
func (g *gen) resolve(p string) string {
	parts := strings.FieldsFunc(p, func(r rune) bool { return r == '.' || r == '[' })
	for i, part := range parts {
		if n, ok := g.names[part]; ok {
			parts[i] = n
		}
	}
	return strings.Join(parts, ".")
}

// mangle sometimes breaks an expression: a dropped or extra token, an
// undefined placeholder.
func (g *gen) mangle(e string) string {
	if e == "" || !g.chance(0.08) {
		return e
	}
	toks := strings.Fields(e)
	i := g.pick(len(toks))
	switch g.pick(4) {
	case 0:
		toks = slices.Delete(toks, i, i+1)
	case 1:
		toks = slices.Insert(toks, i, pickOne(g, "AND", ")", "(", ",", "=", "SET", "REMOVE", ":nope", "#nope", "BETWEEN", "size"))
	case 2:
		toks[i] = strings.ToLower(toks[i])
	default:
		toks = append(toks, pickOne(g, "OR", "AND", "+", "x"))
	}
	return strings.Join(toks, " ")
}

// placeholders returns the values and names the expressions use, plus
// sometimes an unused one.
func (g *gen) placeholders(exprs ...string) (item, map[string]string) {
	vals := valuesFor(g.vals, exprs...)
	names := namesFor(g.names, exprs...)
	if g.chance(0.02) {
		if vals == nil {
			vals = item{}
		}
		vals[":unused"] = N("1")
	}
	if g.chance(0.02) {
		if names == nil {
			names = map[string]string{}
		}
		names["#unused"] = "u"
	}
	return vals, names
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// step runs one random operation and returns false if the sides differed.
func (g *gen) step(d *differ, i int) bool {
	d.tb.Helper()
	t := g.tables[g.pick(len(g.tables))]
	g.reset()
	name := fmt.Sprintf("op%d", i)
	switch k := g.pick(20); {
	case k < 5: // PutItem
		it := g.itemFor(t)
		c := ""
		if g.chance(0.4) {
			c = g.mangle(g.cond(t, 2))
		}
		vals, names := g.placeholders(c)
		in := &dynamodb.PutItemInput{TableName: aws.String(t.name), Item: it, ConditionExpression: optional(c),
			ExpressionAttributeValues: vals, ExpressionAttributeNames: names, ReturnValues: pickOne(g, types.ReturnValueNone, types.ReturnValueAllOld, "")}
		ours, _, same := step(d, name+"-put", func(c *dynamodb.Client) (*dynamodb.PutItemOutput, error) { return c.PutItem(ctx, in) }, nil)
		if ours != nil {
			g.exists[keyID(t.name, it)] = true
		}
		return same
	case k < 7: // GetItem
		key := g.key(t)
		p := ""
		if g.chance(0.4) {
			paths := []string{g.path(t)}
			for range g.pick(3) {
				paths = append(paths, g.path(t))
			}
			p = g.mangle(strings.Join(paths, ", "))
		}
		_, names := g.placeholders(p)
		in := &dynamodb.GetItemInput{TableName: aws.String(t.name), Key: key, ProjectionExpression: optional(p), ExpressionAttributeNames: names,
			ConsistentRead: aws.Bool(g.chance(0.5))}
		_, _, same := step(d, name+"-get", func(c *dynamodb.Client) (*dynamodb.GetItemOutput, error) { return c.GetItem(ctx, in) }, nil)
		return same
	case k < 12: // UpdateItem
		key := g.key(t)
		u, removesOnly := g.update(t)
		if removesOnly && !g.exists[keyID(t.name, key)] {
			u += " SET " + g.path(t) + " = " + g.val(g.scalar("S"))
		}
		u = g.mangle(u)
		c := ""
		if g.chance(0.3) {
			c = g.mangle(g.cond(t, 1))
		}
		vals, names := g.placeholders(u, c)
		in := &dynamodb.UpdateItemInput{TableName: aws.String(t.name), Key: key, UpdateExpression: optional(u), ConditionExpression: optional(c),
			ExpressionAttributeValues: vals, ExpressionAttributeNames: names,
			ReturnValues: pickOne(g, types.ReturnValueNone, types.ReturnValueAllOld, types.ReturnValueAllNew, types.ReturnValueUpdatedOld, types.ReturnValueUpdatedNew)}
		ours, _, same := step(d, name+"-update", func(c *dynamodb.Client) (*dynamodb.UpdateItemOutput, error) { return c.UpdateItem(ctx, in) }, nil)
		if ours != nil {
			g.exists[keyID(t.name, key)] = true
		}
		return same
	case k < 14: // DeleteItem
		key := g.key(t)
		c := ""
		if g.chance(0.4) {
			c = g.mangle(g.cond(t, 1))
		}
		vals, names := g.placeholders(c)
		in := &dynamodb.DeleteItemInput{TableName: aws.String(t.name), Key: key, ConditionExpression: optional(c),
			ExpressionAttributeValues: vals, ExpressionAttributeNames: names, ReturnValues: pickOne(g, types.ReturnValueNone, types.ReturnValueAllOld)}
		ours, _, same := step(d, name+"-delete", func(c *dynamodb.Client) (*dynamodb.DeleteItemOutput, error) { return c.DeleteItem(ctx, in) }, nil)
		if ours != nil {
			delete(g.exists, keyID(t.name, key))
		}
		return same
	case k < 17: // Query
		return g.query(d, name+"-query", t)
	case k < 19: // Scan
		return g.scan(d, name+"-scan", t)
	default:
		return g.batch(d, name+"-batch", t)
	}
}

func (g *gen) query(d *differ, name string, t *genTable) bool {
	hash, rng, index := "pk", t.rng, ""
	switch g.pick(3) {
	case 1:
		if t.gsi != "" {
			hash, rng, index = t.gsiHash, t.gsiRange, t.gsi
		}
	case 2:
		if t.lsi != "" {
			rng, index = t.lsiRange, t.lsi
		}
	}
	kc := g.nameRef(hash) + " = " + g.val(g.scalar(t.types[hash]))
	if rng != "" && g.chance(0.6) {
		r, typ := g.nameRef(rng), t.types[rng]
		switch g.pick(4) {
		case 0:
			kc += " AND " + r + " " + pickOne(g, "=", "<", "<=", ">", ">=") + " " + g.val(g.scalar(typ))
		case 1:
			kc += " AND " + r + " BETWEEN " + g.val(g.scalar(typ)) + " AND " + g.val(g.scalar(typ))
		case 2:
			kc += " AND begins_with(" + r + ", " + g.val(g.scalar(typ)) + ")"
		default:
			kc = r + " " + pickOne(g, "=", "<", ">") + " " + g.val(g.scalar(typ)) + " AND " + kc
		}
	}
	kc = g.mangle(kc)
	f := ""
	if g.chance(0.4) {
		f = g.mangle(g.cond(t, 1))
	}
	p := ""
	if g.chance(0.2) {
		p = g.path(t) + ", " + g.path(t)
	}
	limit := int32(0)
	if g.chance(0.6) {
		limit = int32(1 + g.pick(5))
	}
	fwd := g.chance(0.5)
	sel := types.Select("")
	if p == "" && g.chance(0.15) {
		sel = types.SelectCount
	}
	vals, names := g.placeholders(kc, f, p)
	ties := []string{hash}
	if rng != "" {
		ties = append(ties, rng)
	}
	return d.paginate(name, 1, func(int) pageFunc {
		return func(c *dynamodb.Client, esk item) (item, error) {
			in := &dynamodb.QueryInput{TableName: aws.String(t.name), KeyConditionExpression: aws.String(kc), FilterExpression: optional(f),
				ProjectionExpression: optional(p), ExpressionAttributeValues: vals, ExpressionAttributeNames: names, ScanIndexForward: aws.Bool(fwd),
				ExclusiveStartKey: esk, Select: sel, IndexName: optional(index)}
			if limit > 0 {
				in.Limit = aws.Int32(limit)
			}
			out, err := c.Query(ctx, in)
			if err != nil {
				return nil, err
			}
			return out.LastEvaluatedKey, nil
		}
	}, sortTies(ties...))
}

func (g *gen) scan(d *differ, name string, t *genTable) bool {
	index := ""
	if g.chance(0.3) {
		index = pickOne(g, t.gsi, t.lsi)
	}
	f := ""
	if g.chance(0.5) {
		f = g.mangle(g.cond(t, 2))
	}
	limit := int32(0)
	if g.chance(0.5) {
		limit = int32(1 + g.pick(10))
	}
	segs := 1
	if g.chance(0.3) {
		segs = 2 + g.pick(3)
	}
	vals, names := g.placeholders(f)
	return d.paginate(name, segs, func(seg int) pageFunc {
		return func(c *dynamodb.Client, esk item) (item, error) {
			in := &dynamodb.ScanInput{TableName: aws.String(t.name), FilterExpression: optional(f), ExpressionAttributeValues: vals,
				ExpressionAttributeNames: names, ExclusiveStartKey: esk, IndexName: optional(index)}
			if segs > 1 {
				in.Segment, in.TotalSegments = aws.Int32(int32(seg)), aws.Int32(int32(segs))
			}
			if limit > 0 {
				in.Limit = aws.Int32(limit)
			}
			out, err := c.Scan(ctx, in)
			if err != nil {
				return nil, err
			}
			return out.LastEvaluatedKey, nil
		}
	}, sortItems)
}

func (g *gen) batch(d *differ, name string, t *genTable) bool {
	seen := map[string]bool{}
	if g.chance(0.5) {
		var reqs []types.WriteRequest
		var puts, dels []item
		for range 1 + g.pick(6) {
			if g.chance(0.6) {
				it := g.itemFor(t)
				if seen[keyID(t.name, it)] {
					continue
				}
				seen[keyID(t.name, it)] = true
				puts = append(puts, it)
				reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
			} else {
				k := g.key(t)
				if seen[keyID(t.name, k)] {
					continue
				}
				seen[keyID(t.name, k)] = true
				dels = append(dels, k)
				reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}})
			}
		}
		in := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{t.name: reqs}}
		ours, _, same := step(d, name+"-write", func(c *dynamodb.Client) (*dynamodb.BatchWriteItemOutput, error) { return c.BatchWriteItem(ctx, in) }, nil)
		if ours != nil {
			for _, it := range puts {
				g.exists[keyID(t.name, it)] = true
			}
			for _, k := range dels {
				delete(g.exists, keyID(t.name, k))
			}
		}
		return same
	}
	var keys []item
	for range 1 + g.pick(8) {
		k := g.key(t)
		if !seen[keyID(t.name, k)] {
			seen[keyID(t.name, k)] = true
			keys = append(keys, k)
		}
	}
	ka := types.KeysAndAttributes{Keys: keys}
	if g.chance(0.3) {
		ka.ProjectionExpression = aws.String(g.path(t))
		_, ka.ExpressionAttributeNames = g.placeholders(*ka.ProjectionExpression)
	}
	in := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{t.name: ka}}
	_, _, same := step(d, name+"-get", func(c *dynamodb.Client) (*dynamodb.BatchGetItemOutput, error) { return c.BatchGetItem(ctx, in) }, sortResponses)
	return same
}
