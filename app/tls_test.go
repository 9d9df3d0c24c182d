package app_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/app"
)

const chatConfig = "../examples/chat/appsync.yml"

// startTLS serves the chat example with args and returns the process and its banner.
func startTLS(t *testing.T, args ...string) (*app.Main, string) {
	t.Helper()
	var out bytes.Buffer
	m := &app.Main{Stdout: &out, Stderr: io.Discard}
	if err := m.Start(append([]string{"--port", "0", "--no-watch", chatConfig}, args...)); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m, out.String()
}

func certPool(t *testing.T, path string) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", path)
	}
	return pool
}

func TestServeTLSGenerated(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	m, banner := startTLS(t, "--tls", "--data-dir", dataDir)
	if !strings.HasPrefix(m.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", m.URL())
	}
	wss := "wss://" + strings.TrimPrefix(m.URL(), "https://") + "/graphql/realtime"
	if !strings.Contains(banner, "Realtime:   "+wss) {
		t.Fatalf("banner does not show %s:\n%s", wss, banner)
	}
	if m.CertFile() != filepath.Join(dataDir, "tls", "cert.pem") {
		t.Fatalf("CertFile %q", m.CertFile())
	}
	pool := certPool(t, m.CertFile())

	// GraphQL over https, verified against the generated certificate.
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest("POST", m.URL()+"/graphql", strings.NewReader(`{"query":"{ ping }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "da2-chatkey")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("https POST: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"ping"`) {
		t.Fatalf("https POST: %d %s", resp.StatusCode, body)
	}

	// AppSync real-time over wss://, also as localhost.
	for _, url := range []string{wss, strings.Replace(wss, "127.0.0.1", "localhost", 1)} {
		d := websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}, HandshakeTimeout: 5 * time.Second,
			Subprotocols: []string{"graphql-ws", "header-" + base64.RawURLEncoding.EncodeToString([]byte(`{"host":"localhost","x-api-key":"da2-chatkey"}`))}}
		ws, _, err := d.Dial(url, nil)
		if err != nil {
			t.Fatalf("dial %s: %v", url, err)
		}
		ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"connection_init"}`))
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, msg, err := ws.ReadMessage()
		ws.Close()
		if err != nil || string(msg) != `{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}` {
			t.Fatalf("%s: %s %v", url, msg, err)
		}
	}

	// A second start with the same data dir keeps the certificate users may have trusted.
	before, _ := os.ReadFile(m.CertFile())
	m2, _ := startTLS(t, "--tls", "--data-dir", dataDir)
	after, _ := os.ReadFile(m2.CertFile())
	if !bytes.Equal(before, after) {
		t.Fatal("the generated certificate was replaced on restart")
	}
}

func TestServeTLSCertFlags(t *testing.T) {
	t.Parallel()
	// A pair made by --tls serves as a user-supplied pair.
	dataDir := t.TempDir()
	gen, _ := startTLS(t, "--tls", "--data-dir", dataDir)
	gen.Close()
	cert, key := filepath.Join(dataDir, "tls", "cert.pem"), filepath.Join(dataDir, "tls", "key.pem")
	m, _ := startTLS(t, "--tls-cert", cert, "--tls-key", key, "--data-dir", t.TempDir())
	if m.CertFile() != cert || !strings.HasPrefix(m.URL(), "https://") {
		t.Fatalf("CertFile %q URL %s", m.CertFile(), m.URL())
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-cert", cert}, "--tls-cert and --tls-key go together"},
		{[]string{"--tls-cert", cert, "--tls-key", filepath.Join(dataDir, "missing.pem")}, "missing.pem"},
		{[]string{"--tls", "--tls-cert", cert, "--tls-key", key}, "do not combine"},
	} {
		m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
		err := m.Start(append([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), chatConfig}, tc.args...))
		if err == nil {
			m.Close()
			t.Fatalf("%v: started", tc.args)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%v: error %q does not mention %q", tc.args, err, tc.want)
		}
	}
}
