package app_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// runOn starts arn (a machine, version or alias ARN), waits for the end
// and returns the execution as DescribeExecution reports it.
func (b *sfnBundle) runOn(t *testing.T, arn string) *sfn.DescribeExecutionOutput {
	t.Helper()
	out, err := b.client.StartExecution(ctxT(t), &sfn.StartExecutionInput{StateMachineArn: &arn, Input: aws.String("{}")})
	if err != nil {
		t.Fatalf("StartExecution(%s): %v", arn, err)
	}
	if err := b.main.StepFunctions().Wait(ctxT(t), *out.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	d, err := b.client.DescribeExecution(ctxT(t), &sfn.DescribeExecutionInput{ExecutionArn: out.ExecutionArn})
	if err != nil {
		t.Fatalf("DescribeExecution: %v", err)
	}
	return d
}

func routing(pairs ...any) []types.RoutingConfigurationListItem {
	var r []types.RoutingConfigurationListItem
	for i := 0; i < len(pairs); i += 2 {
		r = append(r, types.RoutingConfigurationListItem{StateMachineVersionArn: aws.String(pairs[i].(string)), Weight: int32(pairs[i+1].(int))})
	}
	return r
}

func TestSFNVersionsAndAliases(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	c := b.client
	defV := func(v string) string { return pass(`"Result": {"v": "` + v + `"}`) }

	// Publish on create.
	name := "versioned-" + nameSafe.ReplaceAllString(t.Name(), "-")
	cr, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name: aws.String(name), Definition: aws.String(defV("one")), RoleArn: aws.String("arn:aws:iam::123456789012:role/test"),
		Publish: true, VersionDescription: aws.String("first"),
	})
	if err != nil {
		t.Fatalf("CreateStateMachine: %v", err)
	}
	arn := *cr.StateMachineArn
	v1 := arn + ":1"
	if got := str(cr.StateMachineVersionArn); got != v1 {
		t.Fatalf("create version ARN = %s, want %s", got, v1)
	}

	// Publish on update.
	up, err := c.UpdateStateMachine(ctx, &sfn.UpdateStateMachineInput{StateMachineArn: &arn, Definition: aws.String(defV("two")), Publish: true, VersionDescription: aws.String("second")})
	if err != nil {
		t.Fatalf("UpdateStateMachine: %v", err)
	}
	v2 := arn + ":2"
	if got := str(up.StateMachineVersionArn); got != v2 {
		t.Fatalf("update version ARN = %s, want %s", got, v2)
	}
	// Publishing an already published revision returns that version.
	pub, err := c.PublishStateMachineVersion(ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: &arn})
	if err != nil || str(pub.StateMachineVersionArn) != v2 {
		t.Fatalf("republish = %v, %v; want %s", pub, err, v2)
	}
	// A stale revision id conflicts.
	_, err = c.PublishStateMachineVersion(ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: &arn, RevisionId: aws.String("stale")})
	if got := apiErr(err); !strings.HasPrefix(got, "ConflictException:") {
		t.Errorf("publish with stale revision: %s", got)
	}
	// An update without publish, then an explicit publish, makes version 3.
	if _, err := c.UpdateStateMachine(ctx, &sfn.UpdateStateMachineInput{StateMachineArn: &arn, Definition: aws.String(defV("three"))}); err != nil {
		t.Fatal(err)
	}
	cur, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	pub, err = c.PublishStateMachineVersion(ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: &arn, RevisionId: cur.RevisionId, Description: aws.String("third")})
	v3 := arn + ":3"
	if err != nil || str(pub.StateMachineVersionArn) != v3 {
		t.Fatalf("publish = %v, %v; want %s", pub, err, v3)
	}

	// List and describe versions.
	lv, err := c.ListStateMachineVersions(ctx, &sfn.ListStateMachineVersionsInput{StateMachineArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range lv.StateMachineVersions {
		got = append(got, *v.StateMachineVersionArn)
	}
	if strings.Join(got, " ") != v3+" "+v2+" "+v1 {
		t.Errorf("ListStateMachineVersions = %v", got)
	}
	dv, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: &v1})
	if err != nil {
		t.Fatal(err)
	}
	if str(dv.StateMachineArn) != v1 || str(dv.Definition) != defV("one") || str(dv.Description) != "first" {
		t.Errorf("DescribeStateMachine(v1) = arn %s, def %s, description %s", str(dv.StateMachineArn), str(dv.Definition), str(dv.Description))
	}

	// Start on a version: it runs that version's definition.
	d := b.runOn(t, v1)
	if str(d.Output) != `{"v":"one"}` || str(d.StateMachineVersionArn) != v1 || d.StateMachineAliasArn != nil || str(d.StateMachineArn) != arn {
		t.Errorf("on v1: output %s, version %s, alias %s, machine %s", str(d.Output), str(d.StateMachineVersionArn), str(d.StateMachineAliasArn), str(d.StateMachineArn))
	}
	// Start on the machine: the current definition, no version.
	if d := b.runOn(t, arn); str(d.Output) != `{"v":"three"}` || d.StateMachineVersionArn != nil {
		t.Errorf("on machine: output %s, version %s", str(d.Output), str(d.StateMachineVersionArn))
	}

	// Aliases.
	ca, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("prod"), Description: aws.String("production"), RoutingConfiguration: routing(v2, 100)})
	if err != nil {
		t.Fatalf("CreateStateMachineAlias: %v", err)
	}
	alias := arn + ":prod"
	if str(ca.StateMachineAliasArn) != alias {
		t.Fatalf("alias ARN = %s", str(ca.StateMachineAliasArn))
	}
	if _, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("prod"), Description: aws.String("production"), RoutingConfiguration: routing(v2, 100)}); err != nil {
		t.Errorf("creating the same alias again: %v", err)
	}
	d = b.runOn(t, alias)
	if str(d.Output) != `{"v":"two"}` || str(d.StateMachineVersionArn) != v2 || str(d.StateMachineAliasArn) != alias {
		t.Errorf("on alias: output %s, version %s, alias %s", str(d.Output), str(d.StateMachineVersionArn), str(d.StateMachineAliasArn))
	}
	da, err := c.DescribeStateMachineAlias(ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: &alias})
	if err != nil || str(da.Name) != "prod" || str(da.Description) != "production" || len(da.RoutingConfiguration) != 1 || str(da.RoutingConfiguration[0].StateMachineVersionArn) != v2 {
		t.Errorf("DescribeStateMachineAlias = %+v, %v", da, err)
	}

	// Weighted routing: 0 % never runs, and a 50/50 split reaches both
	// versions over 60 starts (the chance it does not is 2^-59).
	if _, err := c.UpdateStateMachineAlias(ctx, &sfn.UpdateStateMachineAliasInput{StateMachineAliasArn: &alias, RoutingConfiguration: routing(v1, 0, v3, 100)}); err != nil {
		t.Fatalf("UpdateStateMachineAlias: %v", err)
	}
	for range 10 {
		if d := b.runOn(t, alias); str(d.StateMachineVersionArn) != v3 || str(d.Output) != `{"v":"three"}` {
			t.Fatalf("0/100 routing ran %s with output %s", str(d.StateMachineVersionArn), str(d.Output))
		}
	}
	if _, err := c.UpdateStateMachineAlias(ctx, &sfn.UpdateStateMachineAliasInput{StateMachineAliasArn: &alias, RoutingConfiguration: routing(v1, 50, v3, 50)}); err != nil {
		t.Fatalf("UpdateStateMachineAlias: %v", err)
	}
	counts := map[string]int{}
	for range 60 {
		d := b.runOn(t, alias)
		counts[str(d.StateMachineVersionArn)]++
	}
	if counts[v1] == 0 || counts[v3] == 0 || counts[v1]+counts[v3] != 60 {
		t.Errorf("50/50 routing over 60 starts: %v", counts)
	}

	// ListExecutions on an alias or version ARN lists only its executions.
	le, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &alias})
	if err != nil {
		t.Fatalf("ListExecutions(alias): %v", err)
	}
	if err != nil || len(le.Executions) != 71 {
		t.Fatalf("ListExecutions(alias) = %d executions, %v; want 71", len(le.Executions), err)
	}
	for _, it := range le.Executions {
		if str(it.StateMachineAliasArn) != alias || str(it.StateMachineArn) != arn {
			t.Errorf("alias execution listed with alias %s, machine %s", str(it.StateMachineAliasArn), str(it.StateMachineArn))
		}
	}
	le, err = c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &v1})
	if err != nil {
		t.Fatalf("ListExecutions(v1): %v", err)
	}
	if err != nil || len(le.Executions) != 1+counts[v1] {
		t.Errorf("ListExecutions(v1) = %d executions, %v; want %d", len(le.Executions), err, 1+counts[v1])
	}

	la, err := c.ListStateMachineAliases(ctx, &sfn.ListStateMachineAliasesInput{StateMachineArn: &arn})
	if err != nil || len(la.StateMachineAliases) != 1 || str(la.StateMachineAliases[0].StateMachineAliasArn) != alias {
		t.Errorf("ListStateMachineAliases = %+v, %v", la, err)
	}
	la, err = c.ListStateMachineAliases(ctx, &sfn.ListStateMachineAliasesInput{StateMachineArn: &v2})
	if err != nil || len(la.StateMachineAliases) != 0 {
		t.Errorf("ListStateMachineAliases(v2) = %+v, %v", la, err)
	}

	// Error cases.
	errCases := []struct {
		name string
		call func() error
		want string
	}{
		{"weights not 100", func() error {
			_, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("bad"), RoutingConfiguration: routing(v1, 40, v2, 50)})
			return err
		}, "ValidationException:"},
		{"three versions", func() error {
			_, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("bad"), RoutingConfiguration: routing(v1, 40, v2, 30, v3, 30)})
			return err
		}, "ValidationException:"},
		{"same version twice", func() error {
			_, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("bad"), RoutingConfiguration: routing(v1, 50, v1, 50)})
			return err
		}, "ValidationException:"},
		{"missing version", func() error {
			_, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("bad"), RoutingConfiguration: routing(arn+":9", 100)})
			return err
		}, "ResourceNotFound:"},
		{"numeric alias name", func() error {
			_, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("42"), RoutingConfiguration: routing(v1, 100)})
			return err
		}, "ValidationException:"},
		{"alias name reused differently", func() error {
			_, err := c.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("prod"), RoutingConfiguration: routing(v1, 100)})
			return err
		}, "ConflictException:"},
		{"delete version used by alias", func() error {
			_, err := c.DeleteStateMachineVersion(ctx, &sfn.DeleteStateMachineVersionInput{StateMachineVersionArn: &v1})
			return err
		}, "ConflictException:"},
		{"describe missing alias", func() error {
			_, err := c.DescribeStateMachineAlias(ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: aws.String(arn + ":nope")})
			return err
		}, "ResourceNotFound:"},
		{"start on missing version", func() error {
			_, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(arn + ":9")})
			return err
		}, "StateMachineDoesNotExist:"},
		{"start on missing alias", func() error {
			_, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(arn + ":nope")})
			return err
		}, "StateMachineDoesNotExist:"},
	}
	for _, ec := range errCases {
		if got := apiErr(ec.call()); !strings.HasPrefix(got, ec.want) {
			t.Errorf("%s: got %s, want %s...", ec.name, got, ec.want)
		}
	}

	// Deleting the alias frees its versions; deleting a version hides it.
	if _, err := c.DeleteStateMachineAlias(ctx, &sfn.DeleteStateMachineAliasInput{StateMachineAliasArn: &alias}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteStateMachineVersion(ctx, &sfn.DeleteStateMachineVersionInput{StateMachineVersionArn: &v1}); err != nil {
		t.Fatalf("DeleteStateMachineVersion: %v", err)
	}
	lv, err = c.ListStateMachineVersions(ctx, &sfn.ListStateMachineVersionsInput{StateMachineArn: &arn})
	if err != nil {
		t.Fatalf("ListStateMachineVersions: %v", err)
	}
	if len(lv.StateMachineVersions) != 2 {
		t.Errorf("versions after delete = %+v, %v", lv, err)
	}
	if _, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &v1}); !strings.HasPrefix(apiErr(err), "StateMachineDoesNotExist:") {
		t.Errorf("start on deleted version: %s", apiErr(err))
	}
	// Version numbers are never reused.
	if _, err := c.UpdateStateMachine(ctx, &sfn.UpdateStateMachineInput{StateMachineArn: &arn, Definition: aws.String(defV("four")), Publish: true}); err != nil {
		t.Fatal(err)
	}
	lv, err = c.ListStateMachineVersions(ctx, &sfn.ListStateMachineVersionsInput{StateMachineArn: &arn})
	if err != nil {
		t.Fatalf("ListStateMachineVersions: %v", err)
	}
	if len(lv.StateMachineVersions) == 0 || str(lv.StateMachineVersions[0].StateMachineVersionArn) != arn+":4" {
		t.Errorf("newest version after delete = %+v", lv.StateMachineVersions)
	}
}
