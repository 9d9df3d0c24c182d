package bench

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/app"
)

// BenchmarkFanout: N subscribers, each on its own WebSocket connection (AppSync's
// protocol), and b.N mutations whose events reach every subscriber. It reports the
// delivered count per mutation, the p50/p99 latency from sending the mutation to each
// delivery, and the server's resident memory per connection, and fails if any event is
// lost, duplicated or out of order. The server runs in a child process (this test binary
// re-executed), so its memory is measured alone and each process needs only N file
// descriptors.
//
//	go test -run='^$' -bench=Fanout -benchtime=50x ./bench/ -fanout.n=200
//	go test -run='^$' -bench=Fanout -benchtime=20x -timeout=30m ./bench/ -fanout.n=10000
//
// By default mutations are sent back to back, so latency includes queueing behind earlier
// mutations' fan-out; -fanout.paced waits for each mutation's deliveries first.
var (
	fanoutN     = flag.Int("fanout.n", 50, "BenchmarkFanout: subscribers (one connection each)")
	fanoutPaced = flag.Bool("fanout.paced", false, "BenchmarkFanout: send each mutation only after every subscriber received the previous one (latency without queueing)")
)

const (
	fanoutEnv  = "APPSYNC_LOCAL_FANOUT_SERVER"
	fanoutKey  = "da2-chatkey"
	fanoutRoom = "fanout"
)

// A child started with fanoutEnv set serves examples/chat, prints its URL and runs until
// its stdin closes.
func init() {
	dataDir := os.Getenv(fanoutEnv)
	if dataDir == "" {
		return
	}
	m := &app.Main{Stdout: io.Discard, Stderr: os.Stderr}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--log-level", "error", "--data-dir", dataDir, "../examples/chat/appsync.yml"}); err != nil {
		fmt.Fprintln(os.Stderr, "fanout server:", err)
		os.Exit(1)
	}
	fmt.Println(m.URL())
	io.Copy(io.Discard, os.Stdin)
	m.Close()
	os.Exit(0)
}

type fanoutServer struct {
	url string
	pid int
}

func startFanoutServer(b *testing.B) *fanoutServer {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fanoutEnv+"="+b.TempDir())
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("fanout server did not start: %v", err)
	}
	return &fanoutServer{url: strings.TrimSpace(line), pid: cmd.Process.Pid}
}

// rssKB reads the child's resident set size.
func (s *fanoutServer) rssKB(b *testing.B) int {
	b.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// subscriber is one connection with one subscription; it records the arrival time of
// each mutation's event, by the mutation's index carried in the message text.
type subscriber struct {
	ws      *websocket.Conn
	arrived []time.Time // by mutation index
	order   []int
	err     error
}

var startData = func() string {
	q := `subscription { onMessage(roomId: "` + fanoutRoom + `") { text } }`
	d := `{"query":` + strconv.Quote(q) + `}`
	return `{"id":"1","type":"start","payload":{"data":` + strconv.Quote(d) + `}}`
}()

func (s *fanoutServer) subscribe(url string) (*subscriber, error) {
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"host":"localhost","x-api-key":"` + fanoutKey + `"}`))
	d := websocket.Dialer{Subprotocols: []string{"graphql-ws", "header-" + header}, HandshakeTimeout: 30 * time.Second}
	ws, _, err := d.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"connection_init"}`))
	ws.WriteMessage(websocket.TextMessage, []byte(startData))
	ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			ws.Close()
			return nil, err
		}
		if bytes.Contains(msg, []byte(`"start_ack"`)) {
			return &subscriber{ws: ws}, nil
		}
		if bytes.Contains(msg, []byte(`"error"`)) {
			ws.Close()
			return nil, fmt.Errorf("start: %s", msg)
		}
	}
}

// read records events until want have arrived or the connection fails; got is called
// with each event's mutation index.
func (s *subscriber) read(want int, got func(int)) {
	s.arrived = make([]time.Time, want)
	prefix := []byte(`"text":"`)
	for len(s.order) < want {
		s.ws.SetReadDeadline(time.Now().Add(2 * time.Minute))
		_, msg, err := s.ws.ReadMessage()
		now := time.Now()
		if err != nil {
			s.err = err
			return
		}
		i := bytes.Index(msg, prefix)
		if i < 0 {
			continue // ka
		}
		rest := msg[i+len(prefix):]
		n, err := strconv.Atoi(string(rest[:bytes.IndexByte(rest, '"')]))
		if err != nil || n < 0 || n >= want {
			s.err = fmt.Errorf("unexpected event %s", msg)
			return
		}
		s.arrived[n] = now
		s.order = append(s.order, n)
		got(n)
	}
}

func BenchmarkFanout(b *testing.B) {
	n := *fanoutN
	srv := startFanoutServer(b)
	wsURL := "ws" + strings.TrimPrefix(srv.url, "http") + "/graphql/realtime"
	before := srv.rssKB(b)

	subs := make([]*subscriber, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var dialErr error
	sem := make(chan struct{}, 64)
	for i := range subs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s, err := srv.subscribe(wsURL)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && dialErr == nil {
				dialErr = fmt.Errorf("subscriber %d: %w", i, err)
			}
			subs[i] = s
		}()
	}
	wg.Wait()
	if dialErr != nil {
		b.Fatalf("%v (raise the file-descriptor limit with ulimit -n for large -fanout.n)", dialErr)
	}
	defer func() {
		for _, s := range subs {
			s.ws.Close()
		}
	}()
	perConnKB := float64(srv.rssKB(b)-before) / float64(n)

	m := b.N
	// all[i] is closed when every subscriber has mutation i's event.
	counts := make([]int, m)
	all := make([]chan struct{}, m)
	for i := range all {
		all[i] = make(chan struct{})
	}
	got := func(i int) {
		mu.Lock()
		counts[i]++
		if counts[i] == n {
			close(all[i])
		}
		mu.Unlock()
	}
	for _, s := range subs {
		wg.Add(1)
		go func() { defer wg.Done(); s.read(m, got) }()
	}
	client := &http.Client{Timeout: time.Minute}
	sent := make([]time.Time, m)
	b.ResetTimer()
	for i := range m {
		body := `{"query":"mutation { sendMessage(roomId: \"` + fanoutRoom + `\", author: \"bench\", text: \"` + strconv.Itoa(i) + `\") { roomId text } }"}`
		req, _ := http.NewRequest("POST", srv.url+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("x-api-key", fanoutKey)
		sent[i] = time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || bytes.Contains(out, []byte(`"errors"`)) {
			b.Fatalf("mutation: %d %s", resp.StatusCode, out)
		}
		if *fanoutPaced {
			select {
			case <-all[i]:
			case <-time.After(2 * time.Minute):
				mu.Lock()
				c := counts[i]
				mu.Unlock()
				b.Fatalf("mutation %d: only %d of %d subscribers received it", i, c, n)
			}
		}
	}
	wg.Wait()
	b.StopTimer()

	var lat []time.Duration
	delivered := 0
	for i, s := range subs {
		if s.err != nil {
			b.Fatalf("subscriber %d after %d events: %v", i, len(s.order), s.err)
		}
		for j, k := range s.order {
			if j != k {
				b.Fatalf("subscriber %d: event %d arrived in position %d (lost, duplicated or reordered)", i, k, j)
			}
			lat = append(lat, s.arrived[k].Sub(sent[k]))
		}
		delivered += len(s.order)
	}
	if delivered != n*m {
		b.Fatalf("delivered %d events, want %d", delivered, n*m)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(float64(delivered)/float64(m), "delivered/op")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(perConnKB, "server-KB/conn")
}
