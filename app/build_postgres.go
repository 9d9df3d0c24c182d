package app

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/postgres"
	"github.com/appsync-local/appsync-local/resolvers"
)

// pgPools keeps one connection pool per database URL for the life of the
// process: rebuilds (watch mode, schema uploads) reuse them, and Main.Close
// closes them. The zero value is ready to use.
type pgPools struct {
	mu  sync.Mutex
	dbs map[string]*sql.DB
}

// open returns the pool for url, opening it the first time.
func (p *pgPools) open(url string) (*sql.DB, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if db, ok := p.dbs[url]; ok {
		return db, nil
	}
	db, err := postgres.Open(url)
	if err != nil {
		return nil, err
	}
	if p.dbs == nil {
		p.dbs = map[string]*sql.DB{}
	}
	p.dbs[url] = db
	return db, nil
}

// Close closes every pool.
func (p *pgPools) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	for _, db := range p.dbs {
		err = errors.Join(err, db.Close())
	}
	p.dbs = nil
	return err
}

// postgresSource builds a RELATIONAL_DATABASE data source. Its database URL
// is local.databases[<data source name>], else
// local.databases[<config.databaseName>]: the data source's own name wins,
// so two data sources on one database name can still point at different
// databases. Without b.postgres (validate) the URL is checked, not opened.
func (b *builder) postgresSource(name string, ds *config.DataSource) (resolvers.DataSource, error) {
	url, ok := b.cfg.Local.Databases[name]
	dbName, _ := ds.Config["databaseName"].(string)
	if !ok && dbName != "" {
		url, ok = b.cfg.Local.Databases[dbName]
	}
	if !ok || url == "" {
		also := ""
		if dbName != "" {
			also = fmt.Sprintf(" (or local.databases.%s, its databaseName)", dbName)
		}
		return nil, fmt.Errorf("data source %s: no Postgres URL for this RELATIONAL_DATABASE data source; add local.databases.%s%s: \"postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable\" to the config", name, name, also)
	}
	if b.postgres == nil {
		db, err := postgres.Open(url)
		if err != nil {
			return nil, fmt.Errorf("data source %s: %w", name, err)
		}
		db.Close()
		return &postgres.Source{Name: name}, nil
	}
	db, err := b.postgres.open(url)
	if err != nil {
		return nil, fmt.Errorf("data source %s: %w", name, err)
	}
	return &postgres.Source{Name: name, DB: db}, nil
}
