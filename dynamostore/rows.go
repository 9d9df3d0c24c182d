package dynamostore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// A row of the items table. Every item has one row with idx "" and one more
// row per secondary index whose key attributes it has (indexes are sparse).
//
//	h   the partition: a 32-bit FNV-1a hash of pk. Rows are ordered by
//	    (h, pk, sk, tk), so a Scan walks partitions in hash order, as
//	    DynamoDB does, and Scan segment i of n is the hash range
//	    [i·2³²/n, (i+1)·2³²/n). A Query fixes h and pk and ranges over sk.
//	pk  attr.KeyBytes of the partition key (of the table or the index)
//	sk  attr.KeyBytes of the sort key, empty when there is none
//	tk  for index rows, the table's primary key (pk and sk of the base row,
//	    length-prefixed), which keeps rows with equal index keys apart;
//	    empty for base rows
//	size attr.ItemSize of the stored item
//	item the item (projected for index rows), encoded as codec.go says
type rowKey struct {
	h      int64
	pk, sk []byte
	tk     []byte
}

var empty = []byte{} // a zero-length BLOB; nil would bind as NULL

func partitionHash(pk []byte) int64 {
	f := fnv.New32a()
	f.Write(pk)
	return int64(f.Sum32())
}

func keyBytes(v attr.Value) []byte {
	b := attr.KeyBytes(v)
	if b == nil {
		return empty
	}
	return b
}

// baseKey is the row key of an item in the table itself. The item must hold
// the key attributes (validated before).
func (t *table) baseKey(it attr.Item) rowKey {
	k := rowKey{pk: keyBytes(it[t.hash.name]), sk: empty, tk: empty}
	if t.rng.name != "" {
		k.sk = keyBytes(it[t.rng.name])
	}
	k.h = partitionHash(k.pk)
	return k
}

// tableKeyBytes encodes the table's primary key for the tk column.
func tableKeyBytes(base rowKey) []byte {
	b := binary.AppendUvarint(make([]byte, 0, 2+len(base.pk)+len(base.sk)), uint64(len(base.pk)))
	b = append(b, base.pk...)
	return append(b, base.sk...)
}

// has tells whether the item has attribute name with the given kind.
func has(it attr.Item, a keyAttr) bool {
	v, ok := it[a.name]
	return ok && v.Kind() == a.kind
}

// indexKey is the row key of an item in a secondary index; ok is false when
// the item lacks an index key attribute and so is not in the index.
func (ix *index) indexKey(it attr.Item, base rowKey) (rowKey, bool) {
	if !has(it, ix.hash) || ix.rng.name != "" && !has(it, ix.rng) {
		return rowKey{}, false
	}
	k := rowKey{pk: keyBytes(it[ix.hash.name]), sk: empty, tk: tableKeyBytes(base)}
	if ix.rng.name != "" {
		k.sk = keyBytes(it[ix.rng.name])
	}
	k.h = partitionHash(k.pk)
	return k, true
}

// project returns the attributes an index keeps of an item.
func (ix *index) project(t *table, it attr.Item) attr.Item {
	if ix.proj == "ALL" {
		return it
	}
	out := make(attr.Item, 4+len(ix.include))
	for _, n := range []string{t.hash.name, t.rng.name, ix.hash.name, ix.rng.name} {
		if v, ok := it[n]; ok && n != "" {
			out[n] = v
		}
	}
	for _, n := range ix.include {
		if v, ok := it[n]; ok {
			out[n] = v
		}
	}
	return out
}

// wtx is a write transaction. All reads and writes of a write go through
// it, never through the readers, so a transaction sees its own writes.
type wtx struct {
	s         *Store
	tx        *sql.Tx
	ctx       context.Context
	deltas    map[*stats]delta
	committed []func()
	stmts     map[string]*sql.Stmt
}

// stmt returns one of the writer's prepared statements, bound to the
// transaction.
func (w *wtx) stmt(query string) (*sql.Stmt, error) {
	if st := w.stmts[query]; st != nil {
		return st, nil
	}
	var st *sql.Stmt
	if prepared := w.s.wstmts[query]; prepared != nil {
		st = w.tx.StmtContext(w.ctx, prepared)
	} else {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, query); err != nil {
			return nil, err
		}
	}
	if w.stmts == nil {
		w.stmts = map[string]*sql.Stmt{}
	}
	w.stmts[query] = st
	return st, nil
}

func (w *wtx) exec(query string, args ...any) error {
	st, err := w.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(w.ctx, args...)
	return err
}

type delta struct{ count, bytes int64 }

func (w *wtx) onCommit(f func()) { w.committed = append(w.committed, f) }

func (w *wtx) count(st *stats, n, bytes int64) {
	if w.deltas == nil {
		w.deltas = map[*stats]delta{}
	}
	d := w.deltas[st]
	d.count += n
	d.bytes += bytes
	w.deltas[st] = d
}

const sqlGetRow = "SELECT item FROM items WHERE tbl = ? AND idx = '' AND h = ? AND pk = ? AND sk = ? AND tk = x''"

// get reads the current item with the given key, or nil.
func (w *wtx) get(t *table, key rowKey) (attr.Item, error) {
	st, err := w.stmt(sqlGetRow)
	if err != nil {
		return nil, fmt.Errorf("prepare get: %w", err)
	}
	var b []byte
	err = st.QueryRowContext(w.ctx, t.id, key.h, key.pk, key.sk).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read item of %s: %w", t.name, err)
	}
	return decodeItem(b)
}

const (
	sqlPutRow    = "INSERT OR REPLACE INTO items (tbl, idx, h, pk, sk, tk, size, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	sqlDeleteRow = "DELETE FROM items WHERE tbl = ? AND idx = ? AND h = ? AND pk = ? AND sk = ? AND tk = ?"
)

// put replaces old (nil if absent) with item and maintains every index.
func (w *wtx) put(t *table, old, item attr.Item) error {
	key := t.baseKey(item)
	b, err := encodeItem(item)
	if err != nil {
		return err
	}
	size := int64(attr.ItemSize(item))
	if err := w.exec(sqlPutRow, t.id, "", key.h, key.pk, key.sk, key.tk, size, b); err != nil {
		return fmt.Errorf("write item of %s: %w", t.name, err)
	}
	st := t.stats[""]
	if old != nil {
		w.count(st, -1, -int64(attr.ItemSize(old)))
	}
	w.count(st, 1, size)
	return w.indexes(t, key, old, item)
}

// remove deletes old, which exists, and its index rows.
func (w *wtx) remove(t *table, old attr.Item) error {
	key := t.baseKey(old)
	if err := w.exec(sqlDeleteRow, t.id, "", key.h, key.pk, key.sk, key.tk); err != nil {
		return fmt.Errorf("delete item of %s: %w", t.name, err)
	}
	w.count(t.stats[""], -1, -int64(attr.ItemSize(old)))
	return w.indexes(t, key, old, nil)
}

// indexes brings the index rows of one item from old to item (either may
// be nil).
func (w *wtx) indexes(t *table, base rowKey, old, item attr.Item) error {
	for _, ix := range t.indexes {
		st := t.stats[ix.name]
		var ok, oldOK bool
		var k, oldK rowKey
		if item != nil {
			k, ok = ix.indexKey(item, base)
		}
		if old != nil {
			oldK, oldOK = ix.indexKey(old, base)
		}
		if oldOK {
			if !ok || string(k.pk) != string(oldK.pk) || string(k.sk) != string(oldK.sk) {
				if err := w.exec(sqlDeleteRow, t.id, ix.name, oldK.h, oldK.pk, oldK.sk, oldK.tk); err != nil {
					return fmt.Errorf("delete index %s row of %s: %w", ix.name, t.name, err)
				}
			}
			w.count(st, -1, -int64(attr.ItemSize(ix.project(t, old))))
		}
		if ok {
			p := ix.project(t, item)
			b, err := encodeItem(p)
			if err != nil {
				return err
			}
			size := int64(attr.ItemSize(p))
			if err := w.exec(sqlPutRow, t.id, ix.name, k.h, k.pk, k.sk, k.tk, size, b); err != nil {
				return fmt.Errorf("write index %s row of %s: %w", ix.name, t.name, err)
			}
			w.count(st, 1, size)
		}
	}
	return nil
}

// backfill adds the rows of a new index for every item of the table,
// reading the table in pages to bound memory.
func (w *wtx) backfill(t *table, ix *index) error {
	one := &table{id: t.id, name: t.name, hash: t.hash, rng: t.rng, indexes: []*index{ix}, stats: t.stats}
	var after rowKey
	first := true
	for {
		var rows *sql.Rows
		var err error
		if first {
			rows, err = w.tx.QueryContext(w.ctx, "SELECT h, pk, sk, item FROM items WHERE tbl = ? AND idx = '' ORDER BY h, pk, sk LIMIT 1000", t.id)
		} else {
			rows, err = w.tx.QueryContext(w.ctx, "SELECT h, pk, sk, item FROM items WHERE tbl = ? AND idx = '' AND (h, pk, sk) > (?, ?, ?) ORDER BY h, pk, sk LIMIT 1000",
				t.id, after.h, after.pk, after.sk)
		}
		if err != nil {
			return fmt.Errorf("backfill index %s of %s: %w", ix.name, t.name, err)
		}
		var items []attr.Item
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&after.h, &after.pk, &after.sk, &b); err != nil {
				rows.Close()
				return fmt.Errorf("backfill index %s of %s: %w", ix.name, t.name, err)
			}
			it, err := decodeItem(b)
			if err != nil {
				rows.Close()
				return err
			}
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("backfill index %s of %s: %w", ix.name, t.name, err)
		}
		for _, it := range items {
			if err := w.indexes(one, t.baseKey(it), nil, it); err != nil {
				return err
			}
		}
		if len(items) < 1000 {
			return nil
		}
		first = false
	}
}
