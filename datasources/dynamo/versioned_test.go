package dynamo_test

import (
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// fakeClock is a versioned source's clock, moved by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// set moves the clock to ms epoch milliseconds.
func (c *fakeClock) set(ms int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = time.UnixMilli(ms)
}

// setupVersioned is setup for a versioned source over Posts on the
// embedded store, its clock at 1000 ms.
func setupVersioned(t *testing.T) (*testBundle, *fakeClock) {
	t.Helper()
	tb := setup(t, storeBackend(), []string{"Posts"}, "", true)
	clock := &fakeClock{}
	clock.set(1000)
	tb.source.Now = clock.Now
	return tb, clock
}

// expect runs a step and checks its result and error.
func expect(t *testing.T, tb *testBundle, st step) {
	t.Helper()
	res, typ, msg := tb.invoke(t, st.req)
	if typ != st.errType || msg != st.errMsg {
		t.Errorf("error %q %q, want %q %q\nrequest: %s", typ, msg, st.errType, st.errMsg, st.req)
	}
	if st.check != nil {
		st.check(t, tb, res)
		return
	}
	if st.sorted {
		sortItems(res)
	}
	if got := tb.collapse(value.ToJSON(res)); got != st.want {
		t.Errorf("result\n got %s\nwant %s\nrequest: %s", got, st.want, st.req)
	}
}

const (
	putV1 = `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}},
		"attributeValues": {"title": {"S": "One"}}}`
	syncAll = `{"version": "2018-05-29", "operation": "Sync"}`
)

func TestVersioned(t *testing.T) {
	t.Parallel()

	t.Run("PutItem creates version 1, UpdateItem needs the stored version", func(t *testing.T) {
		t.Parallel()
		tb, clock := setupVersioned(t)
		expect(t, tb, step{req: putV1, want: `{"_lastChangedAt":1000,"_version":1,"id":"p1","title":"One"}`})
		clock.set(2000)
		expect(t, tb, step{
			req: `{"version": "2018-05-29", "operation": "UpdateItem", "key": {"id": {"S": "p1"}}, "_version": 1,
				"update": {"expression": "SET #t = :t", "expressionNames": {"#t": "title"}, "expressionValues": {":t": {"S": "Two"}}}}`,
			want: `{"_lastChangedAt":2000,"_version":2,"id":"p1","title":"Two"}`,
		})
		clock.set(3000)
		// A stale version is AppSync's ConflictUnhandled, the current item as data.
		expect(t, tb, step{
			req: `{"version": "2018-05-29", "operation": "UpdateItem", "key": {"id": {"S": "p1"}}, "_version": 1,
				"update": {"expression": "SET title = :t", "expressionValues": {":t": {"S": "Stale"}}}}`,
			want:    `{"_lastChangedAt":2000,"_version":2,"id":"p1","title":"Two"}`,
			errType: "ConflictUnhandled",
			errMsg:  "Conflict resolver rejects mutation.",
		})
		// An update without a SET clause gets one.
		expect(t, tb, step{
			req:  `{"version": "2018-05-29", "operation": "UpdateItem", "key": {"id": {"S": "p1"}}, "_version": 2, "update": {"expression": "REMOVE title"}}`,
			want: `{"_lastChangedAt":3000,"_version":3,"id":"p1"}`,
		})
		expect(t, tb, step{
			req:  `{"version": "2018-05-29", "operation": "GetItem", "key": {"id": {"S": "p1"}}}`,
			want: `{"_lastChangedAt":3000,"_version":3,"id":"p1"}`,
		})
	})

	t.Run("PutItem over an item needs its version", func(t *testing.T) {
		t.Parallel()
		tb, _ := setupVersioned(t)
		expect(t, tb, step{req: putV1, want: `{"_lastChangedAt":1000,"_version":1,"id":"p1","title":"One"}`})
		expect(t, tb, step{req: putV1, want: `{"_lastChangedAt":1000,"_version":1,"id":"p1","title":"One"}`,
			errType: "ConflictUnhandled", errMsg: "Conflict resolver rejects mutation."})
		expect(t, tb, step{
			req:     `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}}, "_version": 7, "attributeValues": {"title": {"S": "X"}}}`,
			want:    `{"_lastChangedAt":1000,"_version":1,"id":"p1","title":"One"}`,
			errType: "ConflictUnhandled", errMsg: "Conflict resolver rejects mutation.",
		})
		expect(t, tb, step{
			req:  `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}}, "_version": 1, "attributeValues": {"title": {"S": "X"}}}`,
			want: `{"_lastChangedAt":1000,"_version":2,"id":"p1","title":"X"}`,
		})
		// The request's own condition still follows its strategy.
		expect(t, tb, step{
			req: `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "p1"}}, "_version": 2, "attributeValues": {"title": {"S": "Y"}},
				"condition": {"expression": "title = :t", "expressionValues": {":t": {"S": "nope"}}}}`,
			want:    `{"_lastChangedAt":1000,"_version":2,"id":"p1","title":"X"}`,
			errType: "DynamoDB:ConditionalCheckFailedException", errMsg: "The conditional request failed",
		})
	})

	t.Run("DeleteItem leaves a tombstone that Sync returns", func(t *testing.T) {
		t.Parallel()
		tb, clock := setupVersioned(t)
		expect(t, tb, step{req: putV1, want: `{"_lastChangedAt":1000,"_version":1,"id":"p1","title":"One"}`})
		clock.set(5000)
		expect(t, tb, step{
			req:     `{"version": "2018-05-29", "operation": "DeleteItem", "key": {"id": {"S": "p1"}}, "_version": 9}`,
			want:    `{"_lastChangedAt":1000,"_version":1,"id":"p1","title":"One"}`,
			errType: "ConflictUnhandled", errMsg: "Conflict resolver rejects mutation.",
		})
		// _ttl: 5 s + 30 days, in epoch seconds.
		tomb := `{"_deleted":true,"_lastChangedAt":5000,"_ttl":2592005,"_version":2,"id":"p1","title":"One"}`
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "DeleteItem", "key": {"id": {"S": "p1"}}, "_version": 1}`, want: tomb})
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "GetItem", "key": {"id": {"S": "p1"}}}`, want: tomb})
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "DeleteItem", "key": {"id": {"S": "p2"}}}`, want: `null`})
		clock.set(6000)
		expect(t, tb, step{req: syncAll, want: `{"items":[` + tomb + `],"nextToken":null,"scannedCount":1,"startedAt":6000}`})
	})

	t.Run("Sync with lastSync returns the items changed since", func(t *testing.T) {
		t.Parallel()
		tb, clock := setupVersioned(t)
		for i, id := range []string{"a", "b", "c"} {
			clock.set(int64(1000 * (i + 1)))
			expect(t, tb, step{
				req:  `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "` + id + `"}}}`,
				want: `{"_lastChangedAt":` + []string{"1000", "2000", "3000"}[i] + `,"_version":1,"id":"` + id + `"}`,
			})
		}
		clock.set(9000)
		expect(t, tb, step{
			req:    `{"version": "2018-05-29", "operation": "Sync", "lastSync": 2000}`,
			want:   `{"items":[{"_lastChangedAt":3000,"_version":1,"id":"c"}],"nextToken":null,"scannedCount":3,"startedAt":9000}`,
			sorted: true,
		})
		expect(t, tb, step{
			req: `{"version": "2018-05-29", "operation": "Sync", "lastSync": 1000,
				"filter": {"expression": "id <> :id", "expressionValues": {":id": {"S": "c"}}}}`,
			want: `{"items":[{"_lastChangedAt":2000,"_version":1,"id":"b"}],"nextToken":null,"scannedCount":3,"startedAt":9000}`,
		})
	})

	t.Run("Sync pages with limit and nextToken", func(t *testing.T) {
		t.Parallel()
		tb, _ := setupVersioned(t)
		for _, id := range []string{"a", "b", "c", "d", "e"} {
			expect(t, tb, step{
				req:  `{"version": "2018-05-29", "operation": "PutItem", "key": {"id": {"S": "` + id + `"}}}`,
				want: `{"_lastChangedAt":1000,"_version":1,"id":"` + id + `"}`,
			})
		}
		seen := map[string]bool{}
		collect := func(n int, more bool) func(t *testing.T, tb *testBundle, r any) {
			return func(t *testing.T, tb *testBundle, r any) {
				t.Helper()
				pageOf(n, more)(t, tb, r)
				items, _ := r.(*value.Map).Get("items")
				for _, it := range items.(*value.List).Items {
					id, _ := it.(*value.Map).Get("id")
					seen[id.(string)] = true
				}
			}
		}
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "Sync", "limit": 2}`, check: collect(2, true)})
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "Sync", "limit": 2, "nextToken": "@token"}`, check: collect(2, true)})
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "Sync", "limit": 2, "nextToken": "@token"}`, check: collect(1, false)})
		if len(seen) != 5 {
			t.Errorf("the pages returned %v, want a to e", seen)
		}
		// A Scan's token is not a Sync's.
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "Scan", "limit": 2}`, check: pageOf(2, true)})
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "Sync", "nextToken": "@token"}`, want: `null`,
			errType: "DynamoDB:UserIllegalArgumentException",
			errMsg:  "com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given."})
		expect(t, tb, step{req: `{"version": "2018-05-29", "operation": "Sync", "limit": 1001}`, want: `null`, errType: "MappingTemplate",
			errMsg: "Value 1001 of '$[limit]' is out of range: a Sync evaluates 1 to 1000 items."})
	})
}
