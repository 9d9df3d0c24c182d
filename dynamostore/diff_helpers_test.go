package dynamostore_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/appsync-local/appsync-local/dynamostore"
	"github.com/appsync-local/appsync-local/internal/dynalite"
)

// The differential harness: every operation runs through the AWS SDK
// against the store and against dynalite, and the two answers are compared
// as JSON documents after normalising only what legitimately differs (see
// normalise). A difference fails the test unless the step is in the skip
// list (difftest_test.go), which records why dynalite, not the store, is
// wrong there.

var diffVerbose = flag.Bool("diff.v", false, "log every differential step, matching or not")

// recorder is an http.RoundTripper that keeps the last request and
// response bodies, so that the harness compares what was on the wire and
// logs the request that failed.
type recorder struct {
	next   http.RoundTripper
	mu     sync.Mutex
	req    []byte
	resp   []byte
	status int
	sent   bool
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body.Close()
		body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	res, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(b))
	r.mu.Lock()
	r.req, r.resp, r.status, r.sent = body, b, res.StatusCode, true
	r.mu.Unlock()
	return res, nil
}

// reset forgets the last exchange before a step.
func (r *recorder) reset() {
	r.mu.Lock()
	r.req, r.resp, r.status, r.sent = nil, nil, 0, false
	r.mu.Unlock()
}

// side is one implementation under comparison.
type side struct {
	name string
	c    *dynamodb.Client
	rec  *recorder
}

func newSide(name, url string, rt http.RoundTripper) *side {
	rec := &recorder{next: rt}
	c := dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(url),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: rec},
	})
	return &side{name: name, c: c, rec: rec}
}

// outcome is what one side answered to one step, normalised.
type outcome struct {
	req    []byte // the request document sent
	sent   bool   // the request reached the server
	status int    // HTTP status
	doc    any    // the normalised response document
	err    string // the SDK's error when the request did not reach the server, or the decoded API error
}

func (o outcome) String() string {
	b, _ := json.Marshal(o.doc)
	if !o.sent {
		return "client error: " + o.err
	}
	return fmt.Sprintf("%d %s", o.status, b)
}

// differ runs steps on both sides and compares them.
type differ struct {
	tb      testing.TB
	ours    *side
	ref     *side
	skips   map[string]string // step name (or pattern with *) -> why dynalite is wrong there
	skipped map[string]int    // skip keys that matched a differing step
	divs    []divergence      // known ways dynalite departs from DynamoDB
	divHits map[string]int    // divergences that matched, by name
	steps   int
	prefix  string // prepended to step names (the case name)
	refURL  string // dynalite's endpoint
	quiet   bool   // log nothing for matching steps
	failed  bool
	onFail  func(step string, ours, ref outcome) // the random test logs its seed
}

// newDiffer starts dynalite and opens an in-memory store for the test.
func newDiffer(tb testing.TB, skips map[string]string, divs []divergence) *differ {
	tb.Helper()
	url := dynalite.Start(tb)
	s, err := dynamostore.Open(dynamostore.Options{})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return &differ{
		tb:      tb,
		ours:    newSide("store", "http://store.local", s.Transport()),
		ref:     newSide("dynalite", url, http.DefaultTransport),
		refURL:  url,
		skips:   skips,
		skipped: map[string]int{},
		divs:    divs,
		divHits: map[string]int{},
	}
}

// exchange runs one call on one side and returns its outcome with the
// output the SDK decoded (nil on error).
func exchange[O any](s *side, call func(c *dynamodb.Client) (O, error), norm func(any) any) (outcome, O) {
	s.rec.reset()
	out, err := call(s.c)
	s.rec.mu.Lock()
	sent, status, resp, req := s.rec.sent, s.rec.status, s.rec.resp, s.rec.req
	s.rec.mu.Unlock()
	o := outcome{req: req, sent: sent, status: status}
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) {
			o.err = ae.ErrorCode() + ": " + ae.ErrorMessage()
		} else {
			o.err = err.Error()
		}
	}
	if sent {
		var doc any
		d := json.NewDecoder(bytes.NewReader(resp))
		d.UseNumber()
		if derr := d.Decode(&doc); derr != nil {
			doc = "undecodable body: " + string(resp)
		}
		doc = normaliseDoc(doc)
		if norm != nil && status == 200 {
			doc = norm(doc)
		}
		o.doc = doc
		if err != nil && o.err != "" && status == 200 {
			// The SDK could not read a successful answer: keep that.
			o.doc = map[string]any{"sdk error": o.err}
		}
	}
	return o, out
}

// step runs call on both sides, compares the outcomes and returns the two
// outputs. name identifies the step in failures and in the skip list.
func step[O any](d *differ, name string, call func(c *dynamodb.Client) (O, error), norm func(any) any) (ours, ref O, same bool) {
	d.tb.Helper()
	d.steps++
	name = d.prefix + name
	oo, ours := exchange(d.ours, call, norm)
	ro, ref := exchange(d.ref, call, norm)
	return ours, ref, d.compare(name, oo, ro)
}

// compare reports a difference between the outcomes of a step.
func (d *differ) compare(name string, oo, ro outcome) bool {
	d.tb.Helper()
	if *diffVerbose {
		d.tb.Logf("%s\nrequest:  %s\nstore:    %v\ndynalite: %v", name, oo.req, oo, ro)
	}
	if oo.sent == ro.sent && oo.status == ro.status && reflect.DeepEqual(oo.doc, ro.doc) && (oo.sent || oo.err == ro.err) {
		return true
	}
	if key := d.skipFor(name); key != "" {
		d.skipped[key]++
		return false
	}
	for _, dv := range d.divs {
		if dv.match(oo, ro) {
			d.divHits[dv.name]++
			return false
		}
	}
	d.failed = true
	if d.onFail != nil {
		d.onFail(name, oo, ro)
	}
	d.tb.Errorf("%s differs\nrequest:  %s\nstore:    %v\ndynalite: %v", name, oo.req, oo, ro)
	return false
}

// skipFor returns the skip list key that names the step: the step name,
// or a pattern in which * stands for any text.
func (d *differ) skipFor(name string) string {
	if _, ok := d.skips[name]; ok {
		return name
	}
	for k := range d.skips {
		if wildMatch(k, name) {
			return k
		}
	}
	return ""
}

// wildMatch matches name against pattern, where * matches any text and
// every other character itself.
func wildMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}

// normaliseDoc removes from a response document what legitimately differs
// between two DynamoDB implementations: consumed capacity, the generated
// parts of table descriptions (timestamps, ARNs, ids, statuses that
// dynalite reaches asynchronously) and the order of set members, which
// DynamoDB does not define.
func normaliseDoc(v any) any {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "ConsumedCapacity")
		for _, k := range []string{"TableDescription", "Table"} {
			if td, ok := v[k].(map[string]any); ok {
				normaliseTable(td)
			}
		}
		for k, x := range v {
			v[k] = normaliseDoc(x)
		}
		if len(v) == 1 {
			for _, k := range []string{"SS", "NS", "BS"} {
				if l, ok := v[k].([]any); ok {
					slices.SortFunc(l, func(a, b any) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
				}
			}
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = normaliseDoc(x)
		}
		return v
	}
	return v
}

func normaliseTable(td map[string]any) {
	// DeletionProtectionEnabled (2023) is newer than dynalite;
	// TableThroughputModeSummary is an undocumented field dynalite adds.
	// DynamoDB refreshes ItemCount and the sizes about every six hours
	// (the store keeps them live, dynalite reports 0).
	for _, k := range []string{"CreationDateTime", "TableArn", "TableId", "LatestStreamArn", "LatestStreamLabel", "TableStatus",
		"DeletionProtectionEnabled", "TableThroughputModeSummary", "ItemCount", "TableSizeBytes"} {
		delete(td, k)
	}
	if bm, ok := td["BillingModeSummary"].(map[string]any); ok {
		delete(bm, "LastUpdateToPayPerRequestDateTime")
	}
	for _, k := range []string{"GlobalSecondaryIndexes", "LocalSecondaryIndexes"} {
		l, _ := td[k].([]any)
		for _, ix := range l {
			if m, ok := ix.(map[string]any); ok {
				for _, k := range []string{"IndexArn", "IndexStatus", "ItemCount", "IndexSizeBytes"} {
					delete(m, k)
				}
			}
		}
	}
}

// canon is a canonical text of a JSON value, to sort by and compare.
func canon(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// sortItems orders a response's Items by their canonical text: for Scan,
// whose order is the partition hash's and so implementation-defined.
func sortItems(doc any) any {
	if m, ok := doc.(map[string]any); ok {
		if items, ok := m["Items"].([]any); ok {
			slices.SortFunc(items, func(a, b any) int { return cmp.Compare(canon(a), canon(b)) })
		}
	}
	return doc
}

// sortTies orders, within each run of items with equal values of the
// named attributes (an index's key), the items by their canonical text:
// DynamoDB does not define the order of items with equal index keys.
func sortTies(names ...string) func(any) any {
	return func(doc any) any {
		m, ok := doc.(map[string]any)
		if !ok {
			return doc
		}
		items, ok := m["Items"].([]any)
		if !ok {
			return doc
		}
		key := func(it any) string {
			im, _ := it.(map[string]any)
			parts := make([]string, len(names))
			for i, n := range names {
				parts[i] = canon(im[n])
			}
			return strings.Join(parts, "\x00")
		}
		for i := 0; i < len(items); {
			j := i + 1
			for j < len(items) && key(items[j]) == key(items[i]) {
				j++
			}
			slices.SortFunc(items[i:j], func(a, b any) int { return cmp.Compare(canon(a), canon(b)) })
			i = j
		}
		return doc
	}
}

// sortResponses orders BatchGetItem's Responses, which come in no
// particular order.
func sortResponses(doc any) any {
	m, _ := doc.(map[string]any)
	r, _ := m["Responses"].(map[string]any)
	for _, items := range r {
		if l, ok := items.([]any); ok {
			slices.SortFunc(l, func(a, b any) int { return cmp.Compare(canon(a), canon(b)) })
		}
	}
	return doc
}

// waitActive waits until dynalite reports a table (and its indexes)
// ACTIVE: it creates tables asynchronously, even with --createTableMs 0.
func (d *differ) waitActive(name string) {
	d.tb.Helper()
	for i := 0; i < 10000; i++ {
		out, err := d.ref.c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			var nf *types.ResourceNotFoundException
			if errors.As(err, &nf) {
				return
			}
			d.tb.Fatalf("describe %s on dynalite: %v", name, err)
		}
		active := out.Table.TableStatus == types.TableStatusActive
		for _, g := range out.Table.GlobalSecondaryIndexes {
			active = active && g.IndexStatus == types.IndexStatusActive
		}
		if active {
			return
		}
	}
	d.tb.Fatalf("table %s did not become active on dynalite", name)
}

// waitGone waits until dynalite has deleted a table.
func (d *differ) waitGone(name string) {
	d.tb.Helper()
	for i := 0; i < 10000; i++ {
		_, err := d.ref.c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return
		}
	}
	d.tb.Fatalf("table %s was not deleted on dynalite", name)
}

// Shorthands for attribute values.

func B(s string) types.AttributeValue     { return &types.AttributeValueMemberB{Value: []byte(s)} }
func BOOL(b bool) types.AttributeValue    { return &types.AttributeValueMemberBOOL{Value: b} }
func NULL() types.AttributeValue          { return &types.AttributeValueMemberNULL{Value: true} }
func SS(s ...string) types.AttributeValue { return &types.AttributeValueMemberSS{Value: s} }
func NS(s ...string) types.AttributeValue { return &types.AttributeValueMemberNS{Value: s} }
func BS(s ...string) types.AttributeValue {
	v := make([][]byte, len(s))
	for i, x := range s {
		v[i] = []byte(x)
	}
	return &types.AttributeValueMemberBS{Value: v}
}
func L(v ...types.AttributeValue) types.AttributeValue { return &types.AttributeValueMemberL{Value: v} }
func M(v item) types.AttributeValue                    { return &types.AttributeValueMemberM{Value: v} }

// The operations, each one step compared on both sides. norm, where
// given, normalises a successful answer further (the order of Scan items).

func (d *differ) createTable(name string, in *dynamodb.CreateTableInput) bool {
	d.tb.Helper()
	_, ref, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.CreateTableOutput, error) { return c.CreateTable(ctx, in) }, nil)
	if ref != nil {
		d.waitActive(aws.ToString(in.TableName))
	}
	return same
}

func (d *differ) deleteTable(name, table string) bool {
	d.tb.Helper()
	_, ref, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.DeleteTableOutput, error) {
		return c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(table)})
	}, nil)
	if ref != nil {
		d.waitGone(table)
	}
	return same
}

func (d *differ) describe(name, table string) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.DescribeTableOutput, error) {
		return c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	}, nil)
	return same
}

func (d *differ) put(name string, in *dynamodb.PutItemInput) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.PutItemOutput, error) { return c.PutItem(ctx, in) }, nil)
	return same
}

func (d *differ) get(name string, in *dynamodb.GetItemInput) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.GetItemOutput, error) { return c.GetItem(ctx, in) }, nil)
	return same
}

func (d *differ) update(name string, in *dynamodb.UpdateItemInput) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.UpdateItemOutput, error) { return c.UpdateItem(ctx, in) }, nil)
	return same
}

func (d *differ) delete(name string, in *dynamodb.DeleteItemInput) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.DeleteItemOutput, error) { return c.DeleteItem(ctx, in) }, nil)
	return same
}

func (d *differ) query(name string, in *dynamodb.QueryInput, norm func(any) any) (ours, ref *dynamodb.QueryOutput, same bool) {
	d.tb.Helper()
	return step(d, name, func(c *dynamodb.Client) (*dynamodb.QueryOutput, error) { return c.Query(ctx, in) }, norm)
}

func (d *differ) scan(name string, in *dynamodb.ScanInput, norm func(any) any) (ours, ref *dynamodb.ScanOutput, same bool) {
	d.tb.Helper()
	return step(d, name, func(c *dynamodb.Client) (*dynamodb.ScanOutput, error) { return c.Scan(ctx, in) }, norm)
}

func (d *differ) batchGet(name string, in *dynamodb.BatchGetItemInput) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.BatchGetItemOutput, error) { return c.BatchGetItem(ctx, in) }, sortResponses)
	return same
}

func (d *differ) batchWrite(name string, in *dynamodb.BatchWriteItemInput) bool {
	d.tb.Helper()
	_, _, same := step(d, name, func(c *dynamodb.Client) (*dynamodb.BatchWriteItemOutput, error) { return c.BatchWriteItem(ctx, in) }, nil)
	return same
}

// placeholders returns the :value or #name placeholders (by sigil) that
// the expressions use, so that a case can draw from one shared pool
// without tripping the "unused in expressions" check.
func placeholders(sigil byte, exprs ...string) []string {
	var out []string
	for _, e := range exprs {
		for i := 0; i < len(e); i++ {
			if e[i] != sigil {
				continue
			}
			j := i + 1
			for j < len(e) && (e[j] == '_' || e[j] >= '0' && e[j] <= '9' || e[j] >= 'a' && e[j] <= 'z' || e[j] >= 'A' && e[j] <= 'Z') {
				j++
			}
			if j > i+1 && !slices.Contains(out, e[i:j]) {
				out = append(out, e[i:j])
			}
			i = j - 1
		}
	}
	return out
}

// valuesFor picks from pool the values the expressions use; nil if none.
func valuesFor(pool item, exprs ...string) item {
	var out item
	for _, p := range placeholders(':', exprs...) {
		if v, ok := pool[p]; ok {
			if out == nil {
				out = item{}
			}
			out[p] = v
		}
	}
	return out
}

// namesFor picks from pool the names the expressions use; nil if none.
func namesFor(pool map[string]string, exprs ...string) map[string]string {
	var out map[string]string
	for _, p := range placeholders('#', exprs...) {
		if v, ok := pool[p]; ok {
			if out == nil {
				out = map[string]string{}
			}
			out[p] = v
		}
	}
	return out
}

// raw posts a request document to both sides without the SDK, for
// requests the SDK refuses to send (missing required members).
func (d *differ) raw(name, target, body string) bool {
	d.tb.Helper()
	d.steps++
	name = d.prefix + name
	res := func(s *side, url string) outcome {
		req, err := http.NewRequest("POST", url, strings.NewReader(body))
		if err != nil {
			d.tb.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+target)
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=a/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00")
		req.Header.Set("X-Amz-Date", "20240101T000000Z")
		s.rec.reset()
		res, err := (&http.Client{Transport: s.rec}).Do(req)
		if err != nil {
			d.tb.Fatalf("%s: %v", s.name, err)
		}
		res.Body.Close()
		var doc any
		dec := json.NewDecoder(bytes.NewReader(s.rec.resp))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			doc = "undecodable body: " + string(s.rec.resp)
		}
		return outcome{sent: true, status: res.StatusCode, doc: normaliseDoc(doc)}
	}
	return d.compare(name, res(d.ours, "http://store.local/"), res(d.ref, d.refURL))
}

// divergence is a known way in which dynalite departs from DynamoDB's
// documented or observed behaviour while the store follows DynamoDB: a
// step whose outcomes differ exactly so is not a failure. The hand-written
// cases check that each divergence still happens, so the list stays true.
type divergence struct {
	name  string
	why   string
	match matcher
}

// matcher tells whether a step's outcomes differ in a known way.
type matcher func(ours, ref outcome) bool

// and is m, further restricted by n.
func (m matcher) and(n matcher) matcher {
	return func(ours, ref outcome) bool { return m(ours, ref) && n(ours, ref) }
}

// errorOf returns the exception name and message of an error outcome.
func errorOf(o outcome) (typ, msg string, ok bool) {
	m, isMap := o.doc.(map[string]any)
	if !o.sent || o.status != 400 || !isMap {
		return "", "", false
	}
	t, _ := m["__type"].(string)
	_, typ, _ = strings.Cut(t, "#")
	msg, _ = m["message"].(string)
	if msg == "" {
		msg, _ = m["Message"].(string)
	}
	return typ, msg, true
}

// bothErrors matches steps where both sides fail with the same exception
// type and messages for which same returns true.
func bothErrors(same func(ours, ref string) bool) matcher {
	return func(ours, ref outcome) bool {
		ot, om, ok1 := errorOf(ours)
		rt, rm, ok2 := errorOf(ref)
		return ok1 && ok2 && ot == rt && same(om, rm)
	}
}

// pageFunc reads one page starting after esk and returns its
// LastEvaluatedKey.
type pageFunc func(c *dynamodb.Client, esk item) (item, error)

// paginate reads every page of a Query or Scan on each side, following
// that side's own LastEvaluatedKey, and compares the concatenated items
// (normalised by norm: the order of Scan items and of items with equal
// index keys is not defined) and the per-page ScannedCount and
// LastEvaluatedKey presence, which are.
func (d *differ) paginate(name string, segments int, call func(segment int) pageFunc, norm func(any) any) bool {
	d.tb.Helper()
	d.steps++
	name = d.prefix + name
	collect := func(s *side) outcome {
		var pages, items []any
		count := 0
		for seg := 0; seg < segments; seg++ {
			var esk item
			for range 1000 {
				o, lek := exchange(s, func(c *dynamodb.Client) (item, error) { return call(seg)(c, esk) }, nil)
				m, ok := o.doc.(map[string]any)
				if !ok || o.status != 200 {
					if len(pages) > 0 {
						o.doc = map[string]any{"pages": pages, "error": o.doc}
					}
					return o
				}
				n, _ := m["Count"].(json.Number).Int64()
				count += int(n)
				l, _ := m["Items"].([]any)
				items = append(items, l...)
				pages = append(pages, map[string]any{"ScannedCount": m["ScannedCount"], "more": lek != nil})
				if lek == nil {
					break
				}
				esk = lek
			}
		}
		doc := map[string]any{"Items": items, "Count": count}
		if segments == 1 {
			doc["pages"] = pages
		}
		if norm != nil {
			doc = norm(doc).(map[string]any)
		}
		return outcome{sent: true, status: 200, doc: doc}
	}
	return d.compare(name, collect(d.ours), collect(d.ref))
}

// avText is a short text of an attribute value, for step names.
func avText(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return "S:" + strconv.Quote(v.Value)
	case *types.AttributeValueMemberN:
		return "N:" + v.Value
	case *types.AttributeValueMemberB:
		return "B:" + strconv.Quote(string(v.Value))
	case *types.AttributeValueMemberBOOL:
		return "BOOL:" + strconv.FormatBool(v.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL:" + strconv.FormatBool(v.Value)
	case *types.AttributeValueMemberSS:
		return "SS:" + fmt.Sprint(v.Value)
	case *types.AttributeValueMemberNS:
		return "NS:" + fmt.Sprint(v.Value)
	case *types.AttributeValueMemberBS:
		return "BS:" + fmt.Sprintf("%q", v.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(v.Value))
		for i, x := range v.Value {
			parts[i] = avText(x)
		}
		return "L:[" + strings.Join(parts, " ") + "]"
	case *types.AttributeValueMemberM:
		parts := make([]string, 0, len(v.Value))
		for _, k := range slices.Sorted(maps.Keys(v.Value)) {
			parts = append(parts, strconv.Quote(k)+"="+avText(v.Value[k]))
		}
		return "M:{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprintf("%T", v)
}
