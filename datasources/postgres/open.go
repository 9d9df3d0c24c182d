package postgres

import (
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// Pool defaults, used when the URL does not set them.
const (
	DefaultMaxOpenConns    = 20
	DefaultMaxIdleConns    = 20
	DefaultConnMaxIdleTime = 5 * time.Minute
	// DefaultConnectTimeout bounds the wait for an unreachable server, so a
	// down database fails a request instead of hanging it.
	DefaultConnectTimeout = 10 // seconds, lib/pq's connect_timeout
)

// PoolOptions are the URL parameters Open reads for itself; the rest of the
// URL goes to lib/pq.
var PoolOptions = []string{"maxOpenConns", "maxIdleConns", "connMaxLifetime", "connMaxIdleTime"}

// Open returns a connection pool on a postgres:// URL. It does not connect:
// the first request does, and a database that is down only fails the
// requests made while it is down.
//
// The pool's limits come from URL parameters, removed before the URL goes
// to lib/pq: maxOpenConns and maxIdleConns (numbers; defaults
// DefaultMaxOpenConns and DefaultMaxIdleConns), connMaxLifetime and
// connMaxIdleTime (Go durations such as 30m; defaults none and
// DefaultConnMaxIdleTime). connect_timeout defaults to
// DefaultConnectTimeout seconds. A key=value DSN is passed on as it is,
// with the defaults.
func Open(dsn string) (*sql.DB, error) {
	maxOpen, maxIdle := DefaultMaxOpenConns, DefaultMaxIdleConns
	var lifetime time.Duration
	idleTime := DefaultConnMaxIdleTime
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, fmt.Errorf("database URL: %w", err)
		}
		q := u.Query()
		intOpt := func(name string, dst *int) error {
			if s := q.Get(name); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 {
					return fmt.Errorf("database URL: %s=%q: want a number of connections, 0 or more", name, s)
				}
				*dst = n
			}
			return nil
		}
		durOpt := func(name string, dst *time.Duration) error {
			if s := q.Get(name); s != "" {
				d, err := time.ParseDuration(s)
				if err != nil || d < 0 {
					return fmt.Errorf("database URL: %s=%q: want a duration such as 30s or 5m", name, s)
				}
				*dst = d
			}
			return nil
		}
		if err := intOpt("maxOpenConns", &maxOpen); err != nil {
			return nil, err
		}
		if err := intOpt("maxIdleConns", &maxIdle); err != nil {
			return nil, err
		}
		if err := durOpt("connMaxLifetime", &lifetime); err != nil {
			return nil, err
		}
		if err := durOpt("connMaxIdleTime", &idleTime); err != nil {
			return nil, err
		}
		for _, k := range PoolOptions {
			q.Del(k)
		}
		if q.Get("connect_timeout") == "" {
			q.Set("connect_timeout", strconv.Itoa(DefaultConnectTimeout))
		}
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxIdle)
	db.SetConnMaxLifetime(lifetime)
	db.SetConnMaxIdleTime(idleTime)
	return db, nil
}
