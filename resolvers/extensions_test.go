package resolvers_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/appsync-local/appsync-local/datasources/none"
	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// runResponse resolves a field with a NONE data source and the given
// response template, returning the request the resolver recorded on.
func runResponse(t *testing.T, response string) (*executor.Request, error) {
	t.Helper()
	tmpl, err := vtl.Parse("res.vtl", response)
	if err != nil {
		t.Fatal(err)
	}
	req := &executor.Request{}
	u := &resolvers.VTLUnit{Source: none.Source{}, Mapping: resolvers.Mapping{Response: tmpl}}
	_, err = u.Resolve(context.Background(), &executor.ResolveParams{
		Arguments: map[string]any{"room": "r1"},
		Request:   req,
		Info:      &executor.Info{FieldName: "onMessage", ParentTypeName: "Subscription"},
	})
	return req, err
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestExtensionsSetSubscriptionFilter(t *testing.T) {
	t.Parallel()
	req, err := runResponse(t, `$extensions.setSubscriptionFilter($util.transform.toSubscriptionFilter({"room": {"eq": $ctx.args.room}, "n": {"between": [1, 5]}}))
$extensions.setSubscriptionInvalidationFilter({"filterGroup": [{"filters": [{"fieldName": "room", "operator": "eq", "value": "r1"}]}]})
null`)
	if err != nil {
		t.Fatal(err)
	}
	f, inv := req.SubscriptionFilters()
	if got, want := asJSON(f), `{"filterGroup":[{"filters":[{"fieldName":"room","operator":"eq","value":"r1"},{"fieldName":"n","operator":"between","value":[1,5]}]}]}`; got != want {
		t.Errorf("filter %s\nwant   %s", got, want)
	}
	if got, want := asJSON(inv), `{"filterGroup":[{"filters":[{"fieldName":"room","operator":"eq","value":"r1"}]}]}`; got != want {
		t.Errorf("invalidation filter %s\nwant %s", got, want)
	}
}

func TestExtensionsFilterLimits(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`$extensions.setSubscriptionFilter($util.transform.toSubscriptionFilter({"a": {"eq": 1}, "b": {"eq": 1}, "c": {"eq": 1}, "d": {"eq": 1}, "e": {"eq": 1}, "f": {"eq": 1}}))`: "Filters exceed maximum attributes limit 5 for subscription.",
		`$extensions.setSubscriptionFilter($util.transform.toSubscriptionFilter({"a": {"in": [1, 2, 3, 4, 5, 6]}}))`:                                                                "subscription exceeds maximum value limit 5 for operator `in`.",
		`$extensions.setSubscriptionInvalidationFilter({"filterGroup": [{"filters": [{"fieldName": "a", "operator": "like", "value": 1}]}]})`:                                       "subscription filter has invalid operator `like`.",
		`$extensions.setSubscriptionFilter()`: "$extensions.setSubscriptionFilter takes one argument, the filter, got 0",
	}
	for tmpl, want := range cases {
		_, err := runResponse(t, tmpl)
		var fe *executor.Error
		if !errors.As(err, &fe) || fe.Message != want {
			t.Errorf("%s\n got %v\nwant %s", tmpl, err, want)
		}
	}
}

func TestExtensionsInvalidateSubscriptions(t *testing.T) {
	t.Parallel()
	req, err := runResponse(t, `#foreach($i in [1, 2, 3, 4, 5, 1])
$extensions.invalidateSubscriptions({"subscriptionField": "onMessage", "payload": {"n": $i}})
#end
$extensions.invalidateSubscriptions({"subscriptionField": "onOther"})
$extensions.evictFromApiCache("Query", "getThing", {"context.arguments.id": "1"})
null`)
	if err == nil {
		t.Fatal("a sixth distinct call was accepted")
	}
	if got := len(req.Invalidations()); got != 5 {
		t.Errorf("%d invalidations recorded, want 5 (the repeated call counts once)", got)
	}
	req, err = runResponse(t, `$extensions.invalidateSubscriptions({"subscriptionField": "onMessage", "payload": {"room": $ctx.args.room}})
null`)
	if err != nil {
		t.Fatal(err)
	}
	want := []executor.Invalidation{{Field: "onMessage", Payload: map[string]any{"room": "r1"}}}
	if got := req.Invalidations(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{`$extensions.invalidateSubscriptions("onMessage")`, `$extensions.invalidateSubscriptions({"payload": {}})`, `$extensions.invalidateSubscriptions({"subscriptionField": "x", "payload": 3})`} {
		if _, err := runResponse(t, bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
