package postgres_test

import (
	"errors"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/appsync-local/appsync-local/datasources/postgres"
	"github.com/appsync-local/appsync-local/internal/pgtest"
)

// TestTerminatedConnections: connections the server ends (as a restart
// does) are replaced; the next request succeeds.
func TestTerminatedConnections(t *testing.T) {
	t.Parallel()
	s := pgtest.New(t)
	app := "pgtest_term_" + s.Name
	db, err := postgres.Open(s.URL + "&application_name=" + app)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := &testBundle{schema: s, src: &postgres.Source{Name: "blog", DB: db}}
	// Fill the pool with a few idle connections.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.mustInvoke(t, `{"statements": ["SELECT pg_sleep(0.05)"]}`)
		}()
	}
	wg.Wait()
	var killed int
	if err := s.DB.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&killed); err != nil || killed == 0 {
		t.Fatalf("terminated %d backends: %v", killed, err)
	}
	for i := range 6 {
		n := strconv.Itoa(i)
		if out := b.mustInvoke(t, `{"statements": ["SELECT :i AS i"], "variableMap": {":i": `+n+`}}`); !strings.Contains(out, `"longValue":`+n) {
			t.Errorf("after termination: %s", out)
		}
	}
}

// proxy forwards TCP connections to Postgres until stopped, and can start
// again on the same address: a database that goes away and comes back.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target, addr: "127.0.0.1:0"}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseDownAndBack: while the database is unreachable requests fail
// with a clear error; when it is back they succeed on the same Source.
func TestDatabaseDownAndBack(t *testing.T) {
	t.Parallel()
	s := pgtest.New(t)
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	db, err := postgres.Open(u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := &testBundle{schema: s, src: &postgres.Source{Name: "blog", DB: db}}
	b.mustInvoke(t, `{"statements": ["SELECT 1"]}`)

	p.stop()
	_, err = b.invoke(t, `{"statements": ["SELECT 1"]}`)
	var pe *postgres.Error
	if !errors.As(err, &pe) || pe.Type != postgres.TypeUnavailable ||
		!strings.HasPrefix(pe.Error(), `RDSHttp:{"message":"Communications link failure: the database of data source blog is unavailable (`) ||
		!strings.Contains(pe.Error(), "connection refused") {
		t.Fatalf("database down: %v", err)
	}

	p.start()
	if out := b.mustInvoke(t, `{"statements": ["SELECT 2 AS two"]}`); !strings.Contains(out, `"longValue":2`) {
		t.Errorf("database back: %s", out)
	}
}
