// Package sqlcore is the SQL implementation shared by sqlitestore and
// pgstore: one schema shape, one set of queries, and a group-commit writer
// (concurrent writes share one transaction and one fsync). The two stores
// differ only in their Dialect: DDL, placeholders and row locking.
//
// Records (machines, executions, events, activities, tasks) are kept as JSON
// documents next to the few columns queries filter and sort on, so fields
// added to the store types later are stored without a schema change.
package sqlcore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("store closed")

// Dialect is what differs between SQL engines.
type Dialect struct {
	// Name is used in error messages ("sqlite", "postgres").
	Name string
	// Schema is run once at Open: CREATE TABLE IF NOT EXISTS statements.
	Schema []string
	// Dollar rewrites ? placeholders to $1, $2, ... (Postgres).
	Dollar bool
	// ForUpdate is appended to SELECTs that read a row to change it
	// (" FOR UPDATE" on Postgres; "" on SQLite, whose writer is exclusive).
	ForUpdate string
	// SkipLocked is appended to the task-claim SELECT (" FOR UPDATE SKIP
	// LOCKED" on Postgres, so concurrent processes claim different tasks).
	SkipLocked string
}

// Options configures New.
type Options struct {
	// MaxBatch bounds how many queued writes share one transaction (0 = 256).
	MaxBatch int
	// Writers is how many group-commit writers run at once, each on its own
	// connection of w (0 = 1). SQLite has one writer; Postgres commits
	// several transactions at once, and a writer spends most of its time
	// waiting for round trips, so more writers overlap them. Writes to one
	// execution (its record and history) always go to the same writer, in
	// order; every other write goes to the first, so no two writers ever
	// lock the same row.
	Writers int
}

// Store implements store.Store and store.TaskStore on a database.
type Store struct {
	d     Dialect
	w     *sql.DB // writes: used by the writer goroutines only
	r     *sql.DB // reads
	lanes []*lane // the writers
	max   int
	mu    sync.RWMutex // guards closed against sends
	close bool
	// stmts holds the statements prepared in each writer's current
	// transaction.
	stmtMu sync.Mutex
	stmts  map[*sql.Tx]map[string]*sql.Stmt
}

// lane is one group-commit writer and its queue.
type lane struct {
	ops  chan *op
	done chan struct{}
}

type op struct {
	fn  func(tx *sql.Tx) error
	res chan error
}

var (
	_ store.Store     = (*Store)(nil)
	_ store.TaskStore = (*Store)(nil)
)

// New creates the schema on w and starts the writer. w is used by one
// goroutine; r serves reads (it may be w). Close closes both.
func New(d Dialect, w, r *sql.DB, opts Options) (*Store, error) {
	for _, q := range d.Schema {
		if _, err := w.Exec(q); err != nil {
			return nil, fmt.Errorf("%s: create schema: %w", d.Name, err)
		}
	}
	s := &Store{d: d, w: w, r: r, max: opts.MaxBatch, stmts: map[*sql.Tx]map[string]*sql.Stmt{}}
	if s.max <= 0 {
		s.max = 256
	}
	for range max(1, opts.Writers) {
		l := &lane{ops: make(chan *op, 1024), done: make(chan struct{})}
		s.lanes = append(s.lanes, l)
		go s.writer(l)
	}
	return s, nil
}

// q rewrites placeholders for the dialect.
func (s *Store) q(query string) string {
	if !s.d.Dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// stmt returns query (with ? placeholders) prepared in tx, the writer's
// current transaction, once per transaction: a group commit runs the same
// few statements for every op, and a prepared statement runs in one round
// trip to the server where lib/pq's Exec with arguments takes two (parse,
// then bind and execute). The transaction closes its statements when it
// ends; begin forgets them. Only ops run by the writer may call it.
func (s *Store) stmt(tx *sql.Tx, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	prepared := s.stmts[tx]
	s.stmtMu.Unlock()
	if st, ok := prepared[query]; ok {
		return st, nil
	}
	st, err := tx.Prepare(s.q(query))
	if err != nil {
		return nil, err
	}
	if prepared != nil { // only the writer that owns tx touches its map
		prepared[query] = st
	}
	return st, nil
}

// begin starts a writer's transaction with no statements prepared.
func (s *Store) begin() (*sql.Tx, error) {
	tx, err := s.w.Begin()
	if err != nil {
		return nil, err
	}
	s.stmtMu.Lock()
	s.stmts[tx] = map[string]*sql.Stmt{}
	s.stmtMu.Unlock()
	return tx, nil
}

// end forgets tx's statements (the transaction closed them as it ended).
func (s *Store) end(tx *sql.Tx) {
	s.stmtMu.Lock()
	delete(s.stmts, tx)
	s.stmtMu.Unlock()
}

// exec runs query in tx as a prepared statement (see stmt).
func (s *Store) exec(tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	st, err := s.stmt(tx, query)
	if err != nil {
		return nil, err
	}
	return st.Exec(args...)
}

// write runs fn in the next group commit and waits for that commit.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeFor(ctx, "", fn)
}

// writeFor is write for the execution with ARN key: its writes all go to
// the same writer, in order.
func (s *Store) writeFor(ctx context.Context, key string, fn func(tx *sql.Tx) error) error {
	o := &op{fn: fn, res: make(chan error, 1)}
	l := s.lanes[0]
	if key != "" && len(s.lanes) > 1 {
		h := fnv.New32a()
		h.Write([]byte(key)) //nolint:errcheck // hashes do not fail
		l = s.lanes[h.Sum32()%uint32(len(s.lanes))]
	}
	s.mu.RLock()
	if s.close {
		s.mu.RUnlock()
		return ErrClosed
	}
	select {
	case l.ops <- o:
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	s.mu.RUnlock()
	// Once queued the op runs; wait for its commit even if ctx ends, so
	// the caller never sees "cancelled" for a write that did commit.
	return <-o.res
}

// writer is a goroutine that commits: it takes every op queued on its lane
// while the previous commit ran (up to MaxBatch) and commits them together.
// No timer: under load the queue fills during each fsync, which is the
// batching window; an idle store commits a lone write at once.
func (s *Store) writer(l *lane) {
	defer close(l.done)
	batch := make([]*op, 0, s.max)
	for o := range l.ops {
		batch = append(batch[:0], o)
	fill:
		for len(batch) < s.max {
			select {
			case o2, ok := <-l.ops:
				if !ok {
					break fill
				}
				batch = append(batch, o2)
			default:
				break fill
			}
		}
		s.commit(batch)
	}
}

// commit runs batch in one transaction. It first runs the ops one after
// another with nothing between them (a savepoint costs a round trip to the
// server per op); if one fails it rolls back and runs the batch again with
// each op inside a savepoint, so that an op failing (a domain error such as
// ErrNotFound, or an SQL error) undoes only its own writes. Ops reset what
// they capture before they write, so running one twice is safe.
func (s *Store) commit(batch []*op) {
	errs := make([]error, len(batch))
	failed, err := s.commitFast(batch)
	switch {
	case failed != nil && len(batch) == 1:
		errs[0] = failed // already rolled back: nothing to run again
	case failed != nil:
		err = s.commitSavepoints(batch, errs)
	}
	for i, o := range batch {
		if err != nil {
			o.res <- fmt.Errorf("%s: commit: %w", s.d.Name, err)
		} else {
			o.res <- errs[i]
		}
	}
}

// commitFast runs batch in one transaction without savepoints. If an op
// returns an error, it rolls the transaction back and returns that error
// as failed.
func (s *Store) commitFast(batch []*op) (failed, err error) {
	tx, err := s.begin()
	if err != nil {
		return nil, err
	}
	defer s.end(tx)
	for _, o := range batch {
		if err := o.fn(tx); err != nil {
			tx.Rollback() //nolint:errcheck
			return err, nil
		}
	}
	return nil, tx.Commit()
}

// commitSavepoints runs batch in one transaction, each op inside a
// savepoint, and records each op's error in errs.
func (s *Store) commitSavepoints(batch []*op, errs []error) error {
	tx, err := s.begin()
	if err != nil {
		return err
	}
	defer s.end(tx)
	for i, o := range batch {
		if _, err := tx.Exec("SAVEPOINT op"); err != nil {
			tx.Rollback() //nolint:errcheck
			return err
		}
		if errs[i] = o.fn(tx); errs[i] != nil {
			if _, err := tx.Exec("ROLLBACK TO SAVEPOINT op"); err != nil {
				tx.Rollback() //nolint:errcheck
				return err
			}
		}
		if _, err := tx.Exec("RELEASE SAVEPOINT op"); err != nil {
			tx.Rollback() //nolint:errcheck
			return err
		}
	}
	return tx.Commit()
}

// Close stops the writer after the queued writes commit, then closes the
// databases.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.close {
		s.mu.Unlock()
		return nil
	}
	s.close = true
	for _, l := range s.lanes {
		close(l.ops)
	}
	s.mu.Unlock()
	for _, l := range s.lanes {
		<-l.done
	}
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

func enc(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// dec decodes with UseNumber so integers in details keep their precision.
func dec(s string, v any) error {
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	return d.Decode(v)
}

// get reads the one record query selects by key; store.ErrNotFound when
// there is none.
func get[T any](ctx context.Context, s *Store, query string, key string) (*T, error) {
	var body string
	err := s.r.QueryRowContext(ctx, s.q(query), key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	v := new(T)
	return v, dec(body, v)
}

// ---- state machines ----

// CreateStateMachine implements store.Store.
func (s *Store) CreateStateMachine(ctx context.Context, sm *store.StateMachine) error {
	body, err := enc(sm)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(s.q(`INSERT INTO sfn_machines (arn, created_ns, name, body) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`),
			sm.ARN, sm.Created.UnixNano(), sm.Name, body)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrExists
		}
		return nil
	})
}

// UpdateStateMachine implements store.Store.
func (s *Store) UpdateStateMachine(ctx context.Context, sm *store.StateMachine) error {
	body, err := enc(sm)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(s.q(`UPDATE sfn_machines SET created_ns = ?, name = ?, body = ? WHERE arn = ?`), sm.Created.UnixNano(), sm.Name, body, sm.ARN)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		return nil
	})
}

// GetStateMachine implements store.Store.
func (s *Store) GetStateMachine(ctx context.Context, arn string) (*store.StateMachine, error) {
	return get[store.StateMachine](ctx, s, `SELECT body FROM sfn_machines WHERE arn = ?`, arn)
}

// DeleteStateMachine implements store.Store.
func (s *Store) DeleteStateMachine(ctx context.Context, arn string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(s.q(`DELETE FROM sfn_machines WHERE arn = ?`), arn)
		return err
	})
}

// ListStateMachines implements store.Store.
func (s *Store) ListStateMachines(ctx context.Context) ([]*store.StateMachine, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT body FROM sfn_machines ORDER BY created_ns, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*store.StateMachine{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		sm := new(store.StateMachine)
		if err := dec(body, sm); err != nil {
			return nil, err
		}
		out = append(out, sm)
	}
	return out, rows.Err()
}

// ---- executions and history ----

// appendEvents adds events after the execution's last one; the counter row
// is locked by the UPDATE, so positions stay contiguous across processes.
func (s *Store) appendEvents(tx *sql.Tx, arn string, events []store.Event) error {
	st, err := s.stmt(tx, `UPDATE sfn_executions SET nevents = nevents + ? WHERE arn = ? RETURNING nevents`)
	if err != nil {
		return err
	}
	var n int64
	err = st.QueryRow(len(events), arn).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.insertEvents(tx, arn, n-int64(len(events)), events)
}

// insertEvents inserts events at positions first, first+1, ... with one
// prepared multi-row INSERT per insertChunk events: one statement costs one
// round trip to the server whatever its number of rows.
func (s *Store) insertEvents(tx *sql.Tx, arn string, first int64, events []store.Event) error {
	for len(events) > 0 {
		n := min(len(events), insertChunk)
		var q strings.Builder
		q.WriteString(`INSERT INTO sfn_events (exec_arn, pos, body) VALUES `)
		args := make([]any, 0, 3*n)
		for i := range events[:n] {
			body, err := enc(&events[i])
			if err != nil {
				return err
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?)")
			args = append(args, arn, first+int64(i), body)
		}
		if _, err := s.exec(tx, q.String(), args...); err != nil {
			return err
		}
		events, first = events[n:], first+int64(n)
	}
	return nil
}

// insertChunk bounds the rows of one INSERT, and so the number of INSERT
// statements kept prepared (one per row count).
const insertChunk = 16

// CreateExecution implements store.Store.
func (s *Store) CreateExecution(ctx context.Context, e *store.Execution, events []store.Event) (*store.Execution, bool, error) {
	body, err := enc(e)
	if err != nil {
		return nil, false, err
	}
	var existing *store.Execution
	err = s.writeFor(ctx, e.ARN, func(tx *sql.Tx) error {
		existing = nil
		res, err := s.exec(tx, `INSERT INTO sfn_executions (arn, machine, status, map_run, nevents, body) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`,
			e.ARN, e.StateMachineARN, e.Status, e.MapRunARN, len(events), body)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var old string
			if err := tx.QueryRow(s.q(`SELECT body FROM sfn_executions WHERE arn = ?`), e.ARN).Scan(&old); err != nil {
				return err
			}
			existing = new(store.Execution)
			return dec(old, existing)
		}
		return s.insertEvents(tx, e.ARN, 0, events)
	})
	if err != nil {
		return nil, false, err
	}
	return existing, existing == nil, nil
}

// AppendEvents implements store.Store.
func (s *Store) AppendEvents(ctx context.Context, arn string, events []store.Event) error {
	return s.writeFor(ctx, arn, func(tx *sql.Tx) error { return s.appendEvents(tx, arn, events) })
}

// FinishExecution implements store.Store: the closing events and the new
// status commit in one transaction.
func (s *Store) FinishExecution(ctx context.Context, e *store.Execution, events []store.Event) error {
	body, err := enc(e)
	if err != nil {
		return err
	}
	return s.writeFor(ctx, e.ARN, func(tx *sql.Tx) error {
		if err := s.appendEvents(tx, e.ARN, events); err != nil {
			return err
		}
		_, err := s.exec(tx, `UPDATE sfn_executions SET status = ?, map_run = ?, body = ? WHERE arn = ?`, e.Status, e.MapRunARN, body, e.ARN)
		return err
	})
}

// GetExecution implements store.Store.
func (s *Store) GetExecution(ctx context.Context, arn string) (*store.Execution, error) {
	return get[store.Execution](ctx, s, `SELECT body FROM sfn_executions WHERE arn = ?`, arn)
}

// ListExecutions implements store.Store.
func (s *Store) ListExecutions(ctx context.Context, machineARN, status, mapRunARN string) ([]*store.Execution, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT body FROM sfn_executions WHERE machine = ? AND (? = '' OR status = ?) AND map_run = ? ORDER BY id DESC`),
		machineARN, status, status, mapRunARN)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*store.Execution{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		e := new(store.Execution)
		if err := dec(body, e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// History implements store.Store.
func (s *Store) History(ctx context.Context, arn string) ([]store.Event, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck
	var one int
	if err := tx.QueryRow(s.q(`SELECT 1 FROM sfn_executions WHERE arn = ?`), arn).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	} else if err != nil {
		return nil, err
	}
	rows, err := tx.Query(s.q(`SELECT body FROM sfn_events WHERE exec_arn = ? ORDER BY pos`), arn)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var ev store.Event
		if err := dec(body, &ev); err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// ---- activities and tasks ----

// CreateActivity implements store.TaskStore.
func (s *Store) CreateActivity(ctx context.Context, a *store.Activity) error {
	body, err := enc(a)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(s.q(`INSERT INTO sfn_activities (arn, created_ns, name, body) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`),
			a.ARN, a.Created.UnixNano(), a.Name, body)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrExists
		}
		return nil
	})
}

// GetActivity implements store.TaskStore.
func (s *Store) GetActivity(ctx context.Context, arn string) (*store.Activity, error) {
	return get[store.Activity](ctx, s, `SELECT body FROM sfn_activities WHERE arn = ?`, arn)
}

// ListActivities implements store.TaskStore.
func (s *Store) ListActivities(ctx context.Context) ([]*store.Activity, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT body FROM sfn_activities ORDER BY created_ns, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*store.Activity{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		a := new(store.Activity)
		if err := dec(body, a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteActivity implements store.TaskStore.
func (s *Store) DeleteActivity(ctx context.Context, arn string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(s.q(`DELETE FROM sfn_activities WHERE arn = ?`), arn)
		return err
	})
}

// PutTask implements store.TaskStore.
func (s *Store) PutTask(ctx context.Context, t *store.TaskRecord) error {
	body, err := enc(t)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(s.q(`INSERT INTO sfn_tasks (token, activity, exec_arn, status, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (token) DO NOTHING`),
			t.Token, t.ActivityARN, t.ExecutionARN, t.Status, body)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrExists
		}
		return nil
	})
}

// GetTask implements store.TaskStore.
func (s *Store) GetTask(ctx context.Context, token string) (*store.TaskRecord, error) {
	return get[store.TaskRecord](ctx, s, `SELECT body FROM sfn_tasks WHERE token = ?`, token)
}

func (s *Store) putTaskBody(tx *sql.Tx, t *store.TaskRecord) error {
	body, err := enc(t)
	if err != nil {
		return err
	}
	_, err = tx.Exec(s.q(`UPDATE sfn_tasks SET status = ?, body = ? WHERE token = ?`), t.Status, body, t.Token)
	return err
}

// ClaimTask implements store.TaskStore. On Postgres the oldest waiting row
// is locked with SKIP LOCKED, so processes sharing the database never claim
// the same task.
func (s *Store) ClaimTask(ctx context.Context, activityARN, worker string, now time.Time) (*store.TaskRecord, error) {
	var got *store.TaskRecord
	err := s.write(ctx, func(tx *sql.Tx) error {
		got = nil
		var body string
		err := tx.QueryRow(s.q(`SELECT body FROM sfn_tasks WHERE activity = ? AND status = ? ORDER BY id LIMIT 1`+s.d.SkipLocked),
			activityARN, store.TaskScheduled).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		t := new(store.TaskRecord)
		if err := dec(body, t); err != nil {
			return err
		}
		t.Status, t.Worker, t.Heartbeat = store.TaskStarted, worker, now
		if err := s.putTaskBody(tx, t); err != nil {
			return err
		}
		got = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	return got, nil
}

func (s *Store) lockTask(tx *sql.Tx, token string) (*store.TaskRecord, error) {
	var body string
	err := tx.QueryRow(s.q(`SELECT body FROM sfn_tasks WHERE token = ?`+s.d.ForUpdate), token).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t := new(store.TaskRecord)
	return t, dec(body, t)
}

// HeartbeatTask implements store.TaskStore.
func (s *Store) HeartbeatTask(ctx context.Context, token string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		t, err := s.lockTask(tx, token)
		if err != nil {
			return err
		}
		if !t.Open() {
			return store.ErrTaskClosed
		}
		t.Heartbeat = now
		return s.putTaskBody(tx, t)
	})
}

// CloseTask implements store.TaskStore.
func (s *Store) CloseTask(ctx context.Context, token string, end store.TaskEnd) (*store.TaskRecord, error) {
	var was *store.TaskRecord
	err := s.write(ctx, func(tx *sql.Tx) error {
		t, err := s.lockTask(tx, token)
		if err != nil {
			return err
		}
		c := *t
		was = &c
		if !t.Open() {
			return store.ErrTaskClosed
		}
		t.Status, t.Output, t.Error, t.Cause = end.Status, end.Output, end.Error, end.Cause
		return s.putTaskBody(tx, t)
	})
	return was, err
}

// OpenTasks implements store.TaskStore.
func (s *Store) OpenTasks(ctx context.Context, executionARN string) ([]*store.TaskRecord, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT body FROM sfn_tasks WHERE status IN (?, ?) AND (? = '' OR exec_arn = ?) ORDER BY id`),
		store.TaskScheduled, store.TaskStarted, executionARN, executionARN)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.TaskRecord
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		t := new(store.TaskRecord)
		if err := dec(body, t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Schema returns the DDL with the id column type the dialect uses for an
// auto-increment primary key ("INTEGER PRIMARY KEY AUTOINCREMENT" on SQLite,
// "BIGSERIAL PRIMARY KEY" on Postgres).
func Schema(serial string) []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS sfn_machines (arn TEXT PRIMARY KEY, created_ns BIGINT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS sfn_executions (id ` + serial + `, arn TEXT NOT NULL UNIQUE, machine TEXT NOT NULL, status TEXT NOT NULL, map_run TEXT NOT NULL, nevents BIGINT NOT NULL, body TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS sfn_executions_machine ON sfn_executions (machine, id)`,
		`CREATE TABLE IF NOT EXISTS sfn_events (exec_arn TEXT NOT NULL, pos BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (exec_arn, pos))`,
		`CREATE TABLE IF NOT EXISTS sfn_activities (arn TEXT PRIMARY KEY, created_ns BIGINT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS sfn_tasks (id ` + serial + `, token TEXT NOT NULL UNIQUE, activity TEXT NOT NULL, exec_arn TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS sfn_tasks_activity ON sfn_tasks (activity, status, id)`,
	}
}
