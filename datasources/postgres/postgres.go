package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"

	"github.com/lib/pq"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Source is one RELATIONAL_DATABASE data source on a Postgres database.
type Source struct {
	// Name is the data source's name, for messages.
	Name string
	// DB is the connection pool (see Open). A Source does not close it.
	DB *sql.DB
}

// The errorType values of Error.
const (
	// TypeMappingTemplate is a request document AppSync cannot run.
	TypeMappingTemplate = "MappingTemplate"
	// TypeBadRequest is the Data API refusing a statement: a Postgres
	// error, an unbindable variable. AppSync reports the Data API's HTTP
	// status as the type.
	TypeBadRequest = "400 Bad Request"
	// TypeUnavailable is a database that cannot be reached.
	TypeUnavailable = "503 Service Unavailable"
)

// Error is a failed invocation. Its message is what AppSync puts in
// $ctx.error.message: for Data API errors "RDSHttp:" and the Data API's
// error body, {"message":"ERROR: <Postgres message>; SQLState: <code>"}.
type Error struct {
	// Type is the errorType: TypeMappingTemplate, TypeBadRequest or
	// TypeUnavailable.
	Type string
	// Message is the whole message.
	Message string
	// SQLState is the Postgres error code ("23505"), if Postgres sent one.
	SQLState string
	// Err is the underlying error, if any.
	Err error
}

func (e *Error) Error() string { return e.Message }

// ErrorType returns AppSync's errorType.
func (e *Error) ErrorType() string { return e.Type }

func (e *Error) Unwrap() error { return e.Err }

func mappingErrorf(format string, args ...any) *Error {
	return &Error{Type: TypeMappingTemplate, Message: fmt.Sprintf(format, args...)}
}

// dataAPIError builds an error as AppSync reports a Data API failure.
func dataAPIError(typ, msg, sqlState string, err error) *Error {
	body, _ := json.Marshal(map[string]string{"message": msg})
	return &Error{Type: typ, Message: "RDSHttp:" + string(body), SQLState: sqlState, Err: err}
}

const version2018 = "2018-05-29"

// MaxStatements is how many statements one request may hold, as on AppSync.
const MaxStatements = 2

// typeHints maps the Data API's type hints to the Postgres type a hinted
// parameter is cast to.
var typeHints = map[string]string{
	"DECIMAL":   "numeric",
	"DATE":      "date",
	"TIME":      "time",
	"TIMESTAMP": "timestamp",
	"UUID":      "uuid",
	"JSON":      "json",
}

// The formats the Data API accepts for hinted date and time strings.
var hintFormats = map[string]*regexp.Regexp{
	"DATE":      regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`),
	"TIME":      regexp.MustCompile(`^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$`),
	"TIMESTAMP": regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$`),
}

var hintFormatText = map[string]string{
	"DATE":      "YYYY-MM-DD",
	"TIME":      "HH:MM:SS[.FFF]",
	"TIMESTAMP": "YYYY-MM-DD HH:MM:SS[.FFF]",
}

// request is a checked request document.
type request struct {
	statements []string
	variables  *value.Map
	hints      map[string]string // placeholder (with colon) → hint
}

func parseRequest(doc *value.Map) (*request, error) {
	if v, ok := doc.Get("version"); ok && v != nil {
		if s, _ := v.(string); s != version2018 {
			return nil, mappingErrorf("Unsupported template version '%v': RELATIONAL_DATABASE data sources support %s.", v, version2018)
		}
	}
	sv, ok := doc.Get("statements")
	if !ok || sv == nil {
		return nil, mappingErrorf("Value for field '$[statements]' not found.")
	}
	list, ok := sv.(*value.List)
	if !ok {
		return nil, mappingErrorf("'$[statements]' must be a list of SQL strings, got %s.", value.TypeOf(sv))
	}
	if len(list.Items) == 0 || len(list.Items) > MaxStatements {
		return nil, mappingErrorf("'$[statements]' must hold 1 or %d statements, got %d.", MaxStatements, len(list.Items))
	}
	r := &request{variables: value.NewMap(), hints: map[string]string{}}
	for i, s := range list.Items {
		text, ok := s.(string)
		if !ok || strings.TrimSpace(text) == "" {
			return nil, mappingErrorf("'$[statements][%d]' must be a non-empty SQL string, got %s.", i, value.TypeOf(s))
		}
		r.statements = append(r.statements, text)
	}
	if v, ok := doc.Get("variableMap"); ok && v != nil {
		m, ok := v.(*value.Map)
		if !ok {
			return nil, mappingErrorf("'$[variableMap]' must be an object, got %s.", value.TypeOf(v))
		}
		r.variables = m
	}
	if v, ok := doc.Get("variableTypeHintMap"); ok && v != nil {
		m, ok := v.(*value.Map)
		if !ok {
			return nil, mappingErrorf("'$[variableTypeHintMap]' must be an object, got %s.", value.TypeOf(v))
		}
		var err error
		m.Range(func(k string, h any) bool {
			s, _ := h.(string)
			if _, known := typeHints[s]; !known {
				err = mappingErrorf("'$[variableTypeHintMap][%s]': unsupported type hint %s; use one of DATE, DECIMAL, JSON, TIME, TIMESTAMP, UUID.", k, value.ToJSON(h))
				return false
			}
			r.hints[k] = s
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// hint returns the type hint of placeholder name (with colon): an exact
// match, else one that differs in case only (AppSync's own documentation
// pairs ":ID" in variableMap with ":id" in variableTypeHintMap).
func (r *request) hint(name string) string {
	if h, ok := r.hints[name]; ok {
		return h
	}
	for k, h := range r.hints {
		if strings.EqualFold(k, name) {
			return h
		}
	}
	return ""
}

// bind returns the statement rewritten for Postgres and its arguments.
// Values are bound as the Data API binds them: strings as varchar, integers
// as int8, other numbers as float8, booleans as bool, null untyped; a hinted
// value is cast to its hint's type instead.
func (r *request) bind(text string) (statement, []driver.NamedValue, error) {
	var bindErr error
	st := rewrite(text, func(name string) string {
		key := ":" + name
		v, ok := r.variables.Get(key)
		if !ok {
			return ""
		}
		if h := r.hint(key); h != "" {
			return typeHints[h]
		}
		switch v.(type) {
		case string:
			return "varchar"
		case int64:
			return "int8"
		case float64:
			return "float8"
		case bool:
			return "bool"
		}
		return ""
	})
	args := make([]driver.NamedValue, len(st.names))
	for i, name := range st.names {
		key := ":" + name
		v, ok := r.variables.Get(key)
		if !ok {
			bindErr = dataAPIError(TypeBadRequest, fmt.Sprintf("No value specified for parameter %s; add \"%s\" to variableMap.", key, key), "", nil)
			break
		}
		h := r.hint(key)
		switch x := v.(type) {
		case nil, int64, float64, bool:
		case string:
			if re := hintFormats[h]; re != nil && !re.MatchString(x) {
				bindErr = dataAPIError(TypeBadRequest, fmt.Sprintf("Parameter %s has type hint %s, but %q is not in the format %s.", key, h, x, hintFormatText[h]), "", nil)
			}
		default:
			bindErr = dataAPIError(TypeBadRequest, fmt.Sprintf("Parameter %s is a %s; the Data API binds strings, numbers, booleans and null only (for JSON, pass $util.toJson(...) with the JSON type hint).", key, value.TypeOf(v)), "", nil)
		}
		if bindErr != nil {
			break
		}
		args[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return st, args, bindErr
}

// Invoke runs the request document's statements, the two of a two-statement
// request in one transaction, and returns the Data API result as a JSON
// string. Errors are *Error.
func (s *Source) Invoke(ctx context.Context, doc *value.Map) (any, error) {
	req, err := parseRequest(doc)
	if err != nil {
		return nil, err
	}
	if s.DB == nil {
		return nil, dataAPIError(TypeUnavailable, fmt.Sprintf("Data source %s has no database connection.", s.Name), "", nil)
	}
	type bound struct {
		st   statement
		args []driver.NamedValue
	}
	stmts := make([]bound, len(req.statements))
	for i, text := range req.statements {
		st, args, err := req.bind(text)
		if err != nil {
			return nil, err
		}
		stmts[i] = bound{st, args}
	}
	var result dataAPIResult
	// A pooled connection the server dropped (a restart,
	// pg_terminate_backend) fails on first use, before anything ran on it:
	// take another, as many times as there were idle ones.
	retries := min(s.DB.Stats().Idle+1, 64)
	for attempt := 0; ; attempt++ {
		result.SQLStatementResults = result.SQLStatementResults[:0]
		ran := false
		err = s.withConn(ctx, func(q queryer) error {
			tx := len(stmts) > 1
			if tx {
				if err := q.exec(ctx, "BEGIN"); err != nil {
					return err
				}
			}
			for i, b := range stmts {
				res, err := q.query(ctx, b.st.sql, b.args)
				if err != nil {
					if tx && !connectionLost(err) {
						q.exec(context.WithoutCancel(ctx), "ROLLBACK") //nolint:errcheck // err is the error to report
					}
					return stmtError{i, b.st, err}
				}
				ran = true
				result.SQLStatementResults = append(result.SQLStatementResults, res)
			}
			if tx {
				return q.exec(ctx, "COMMIT")
			}
			return nil
		})
		if err == nil {
			break
		}
		if ran || attempt >= retries || !retryable(err) {
			return nil, s.convert(err)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(result); err != nil {
		return nil, fmt.Errorf("encode Data API result: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// stmtError is an error of statement index.
type stmtError struct {
	index int
	st    statement
	err   error
}

func (e stmtError) Error() string { return e.err.Error() }
func (e stmtError) Unwrap() error { return e.err }

// convert turns an error of the database into AppSync's.
func (s *Source) convert(err error) error {
	var pe *pq.Error
	if errors.As(err, &pe) && !fatal(pe) {
		msg := "ERROR: " + pe.Message
		if pe.Detail != "" {
			msg += "\n  Detail: " + pe.Detail
		}
		if pe.Hint != "" {
			msg += "\n  Hint: " + pe.Hint
		}
		if pe.Position != "" {
			pos := pe.Position
			var se stmtError
			if errors.As(err, &se) {
				var p int
				if _, e := fmt.Sscan(pe.Position, &p); e == nil {
					pos = fmt.Sprint(se.st.position(p))
				}
			}
			msg += "\n  Position: " + pos
		}
		msg += "; SQLState: " + string(pe.Code)
		return dataAPIError(TypeBadRequest, msg, string(pe.Code), err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return dataAPIError(TypeUnavailable, "The request to the database was cancelled or timed out: "+err.Error(), "", err)
	}
	code := ""
	if pe != nil {
		code = string(pe.Code)
	}
	return dataAPIError(TypeUnavailable, fmt.Sprintf("Communications link failure: the database of data source %s is unavailable (%v).", s.Name, err), code, err)
}

// fatal reports whether a Postgres error ended the connection.
func fatal(pe *pq.Error) bool {
	return pe.Severity == "FATAL" || pe.Severity == "PANIC" || strings.HasPrefix(string(pe.Code), "57P") || strings.HasPrefix(string(pe.Code), "08")
}

// connectionLost reports whether err says the connection failed rather
// than a statement.
func connectionLost(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return fatal(pe)
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// retryable reports whether err proves that nothing ran, so the request
// may be repeated on another connection: the server said it was ending the
// connection (which aborts an unfinished statement), lib/pq refused to use a
// connection it knew was broken, or no connection could be made. A
// connection that broke while a statement's result was being read is not
// retried: the statement may have committed.
func retryable(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return fatal(pe)
	}
	var bc badConn
	if errors.As(err, &bc) {
		err = bc.err // badConn itself always says ErrBadConn
	}
	if errors.Is(err, driver.ErrBadConn) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}

// queryer runs statements on one driver connection.
type queryer struct {
	q driver.QueryerContext
	e driver.ExecerContext
}

func (q queryer) exec(ctx context.Context, text string) error {
	_, err := q.e.ExecContext(ctx, text, nil)
	return err
}

// resulter is lib/pq's rows: the command's result once the rows are read.
type resulter interface {
	Result() driver.Result
}

// query runs one statement and reads its whole result.
func (q queryer) query(ctx context.Context, text string, args []driver.NamedValue) (statementResult, error) {
	var res statementResult
	rows, err := q.q.QueryContext(ctx, text, args)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	cols := columns(rows)
	var records [][]field
	if len(cols) > 0 {
		records = [][]field{}
		res.Records = &records
		res.ColumnMetadata = make([]columnMetadata, len(cols))
		for i, c := range cols {
			res.ColumnMetadata[i] = c.meta
		}
	}
	dest := make([]driver.Value, len(cols))
	for {
		err := rows.Next(dest)
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, err
		}
		rec := make([]field, len(cols))
		for i, c := range cols {
			f, err := c.toField(dest[i])
			if err != nil {
				return res, err
			}
			rec[i] = f
		}
		records = append(records, rec)
	}
	if len(cols) > 0 {
		res.Records = &records
	}
	// As on the Data API, a statement that returns rows (a SELECT, or an
	// INSERT ... RETURNING) reports 0 records updated.
	if r, ok := rows.(resulter); ok && len(cols) == 0 {
		if n, err := r.Result().RowsAffected(); err == nil {
			res.NumberOfRecordsUpdated = n
		}
	}
	return res, nil
}

// withConn runs f on one connection of the pool.
func (s *Source) withConn(ctx context.Context, f func(queryer) error) error {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		q, ok1 := dc.(driver.QueryerContext)
		e, ok2 := dc.(driver.ExecerContext)
		if !ok1 || !ok2 {
			return fmt.Errorf("the database driver %T cannot run queries directly; use lib/pq", dc)
		}
		err := f(queryer{q, e})
		if connectionLost(err) {
			// Make database/sql drop this connection rather than reuse it.
			return badConn{err}
		}
		return err
	})
}

// badConn is an error that makes database/sql discard the connection.
type badConn struct{ err error }

func (e badConn) Error() string        { return e.err.Error() }
func (e badConn) Unwrap() error        { return e.err }
func (e badConn) Is(target error) bool { return target == driver.ErrBadConn }
