package dynamo

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Versioned data sources: conflict detection (optimistic concurrency) and
// Sync.

// The metadata attributes AppSync keeps on the items of a versioned source.
const (
	attrVersion       = "_version"       // number, 1 on create, +1 on each change
	attrLastChangedAt = "_lastChangedAt" // number, epoch milliseconds
	attrDeleted       = "_deleted"       // true on a tombstone
	attrTTL           = "_ttl"           // number, epoch seconds the tombstone expires
)

// DefaultBaseTableTTL is how long a deleted item stays in the table as a
// tombstone when Source.BaseTableTTL is zero: 43200 minutes (30 days), the
// default of the AppSync console and Amplify.
const DefaultBaseTableTTL = 43200 * time.Minute

// TypeConflictUnhandled is AppSync's errorType for a write to a versioned
// source whose _version is not the stored item's, under the default
// OPTIMISTIC_CONCURRENCY conflict handler; the error's data is the current
// item.
const TypeConflictUnhandled = "ConflictUnhandled"

// conflictMessage is AppSync's message for TypeConflictUnhandled.
const conflictMessage = "Conflict resolver rejects mutation."

// Sync's page size: AppSync's default and maximum.
const (
	syncDefaultLimit = 100
	syncMaxLimit     = 1000
)

func (s *Source) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Source) baseTableTTL() time.Duration {
	if s.BaseTableTTL > 0 {
		return s.BaseTableTTL
	}
	return DefaultBaseTableTTL
}

// int64Member reads an optional integer member, nil when absent.
func (o object) int64Member(name string) (*int64, error) {
	v, ok := o.get(name)
	if !ok {
		return nil, nil
	}
	switch x := v.(type) {
	case int64:
		return &x, nil
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return nil, typeError(member(o.path, name), "an integer", v)
		}
		n := int64(x)
		return &n, nil
	}
	return nil, typeError(member(o.path, name), "NUMBER", v)
}

func number(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

// storedVersion returns an item's _version, and whether it has one.
func storedVersion(item map[string]types.AttributeValue) (int64, bool) {
	n, ok := item[attrVersion].(*types.AttributeValueMemberN)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	return v, err == nil
}

// versionedWrite is what a write to a versioned source adds to the
// request: the version condition and the metadata placeholders.
type versionedWrite struct {
	expected *int64 // the request's _version
	ph       placeholders
	cond     string // the whole condition, the request's AND the version's
}

// prepare reads _version and builds the condition: the request's, if any,
// and versionCond (with the placeholders #_key, #_version,
// :_expectedVersion), if not "".
func (s *Source) prepare(req object, key map[string]types.AttributeValue, cond *condition, versionCond func(expected *int64) string) (*versionedWrite, error) {
	if len(key) == 0 {
		return nil, mappingErrorf("Value for field '%s' is empty: a write to a versioned data source names the item's key.", member(req.path, "key"))
	}
	w := &versionedWrite{}
	var err error
	if w.expected, err = req.int64Member("_version"); err != nil {
		return nil, err
	}
	var parts []string
	if cond != nil {
		if err := w.ph.add(cond.expression, member(req.path, "condition")); err != nil {
			return nil, err
		}
		parts = append(parts, "("+cond.text+")")
	}
	if vc := versionCond(w.expected); vc != "" {
		meta := expression{text: vc, names: map[string]string{}}
		if strings.Contains(vc, "#_key") {
			meta.names["#_key"] = sortedNames(key)[0]
		}
		if w.expected != nil {
			meta.names["#_version"] = attrVersion
			meta.values = map[string]types.AttributeValue{":_expectedVersion": number(*w.expected)}
		}
		if err := w.ph.add(meta, req.path); err != nil {
			return nil, err
		}
		parts = append(parts, "("+vc+")")
	}
	for i, p := range parts {
		if i > 0 {
			w.cond += " AND "
		}
		w.cond += p
	}
	return w, nil
}

func (w *versionedWrite) condition() *string { return optional(w.cond) }

// failed handles the failure of a versioned write: a version that is not
// the stored one (versionOK says whether it is) is AppSync's
// ConflictUnhandled error with the current item as data; a failed
// condition of the request follows its strategy, as on an unversioned
// source (done says whether the current item already is the result).
func (s *Source) failed(ctx context.Context, err error, cond *condition, key map[string]types.AttributeValue, versionOK, done func(current map[string]types.AttributeValue) bool) (any, error) {
	e := apiError(err)
	if e.Code() != "ConditionalCheckFailedException" {
		return nil, e
	}
	consistent := true
	if cond != nil {
		consistent = cond.consistentRead
	}
	current, err := s.currentItem(ctx, err, key, consistent)
	if err != nil {
		return nil, err
	}
	if !versionOK(current) {
		return itemOrNil(current, nil), &Error{Type: TypeConflictUnhandled, Message: conflictMessage, Err: e}
	}
	if cond == nil {
		if done(current) {
			return itemOrNil(current, nil), nil
		}
		return itemOrNil(current, nil), e
	}
	return cond.reject(e, current, done)
}

// versionIs says whether item's stored _version is the expected one.
func versionIs(item map[string]types.AttributeValue, expected int64) bool {
	v, ok := storedVersion(item)
	return ok && v == expected
}

// putVersioned writes item with _version 1 (or the request's _version + 1)
// and _lastChangedAt, if the item is new or its _version is the request's.
func (s *Source) putVersioned(ctx context.Context, req object, key, item map[string]types.AttributeValue, cond *condition) (any, error) {
	w, err := s.prepare(req, key, cond, func(expected *int64) string {
		if expected == nil {
			return "attribute_not_exists(#_key)"
		}
		return "attribute_not_exists(#_key) OR #_version = :_expectedVersion"
	})
	if err != nil {
		return nil, err
	}
	next := int64(1)
	if w.expected != nil {
		next = *w.expected + 1
	}
	item[attrVersion] = number(next)
	item[attrLastChangedAt] = number(s.now().UnixMilli())
	in := &dynamodb.PutItemInput{
		TableName:                           &s.TableName,
		Item:                                item,
		ConditionExpression:                 w.condition(),
		ExpressionAttributeNames:            w.ph.names,
		ExpressionAttributeValues:           w.ph.values,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}
	if _, err := s.Client.PutItem(ctx, in); err != nil {
		var ignore []string
		if cond != nil {
			ignore = cond.equalsIgnore
		}
		ignore = append(slices.Clone(ignore), attrVersion, attrLastChangedAt)
		return s.failed(ctx, err, cond, key, func(current map[string]types.AttributeValue) bool {
			if w.expected == nil {
				return current == nil
			}
			return current == nil || versionIs(current, *w.expected)
		}, func(current map[string]types.AttributeValue) bool {
			return current != nil && equalItems(current, item, ignore)
		})
	}
	return itemValue(item, nil), nil
}

// setClause finds the SET keyword of an update expression.
var setClause = regexp.MustCompile(`(?i)(^|\s)SET\s`)

// withMetadata adds assignments to the SET clause of an update expression,
// or a SET clause when it has none (DynamoDB allows one of each clause).
func withMetadata(update, assignments string) string {
	if loc := setClause.FindStringIndex(update); loc != nil {
		return update[:loc[1]] + assignments + ", " + update[loc[1]:]
	}
	return "SET " + assignments + " " + update
}

const bumpVersion = "#_version = if_not_exists(#_version, :_zero) + :_one, #_lastChangedAt = :_now"

// metadataPlaceholders returns the placeholders of bumpVersion, and of
// the tombstone's attributes when deleted.
func (s *Source) metadataPlaceholders(now time.Time, deleted bool) expression {
	e := expression{
		names:  map[string]string{"#_version": attrVersion, "#_lastChangedAt": attrLastChangedAt},
		values: map[string]types.AttributeValue{":_zero": number(0), ":_one": number(1), ":_now": number(now.UnixMilli())},
	}
	if deleted {
		e.names["#_deleted"], e.names["#_ttl"] = attrDeleted, attrTTL
		e.values[":_true"] = &types.AttributeValueMemberBOOL{Value: true}
		e.values[":_ttl"] = number(now.Add(s.baseTableTTL()).Unix())
	}
	return e
}

// updateVersioned runs the update, incrementing _version and setting
// _lastChangedAt, if the request has no _version or it is the stored one.
func (s *Source) updateVersioned(ctx context.Context, req object, key map[string]types.AttributeValue, update expression, updatePath string, cond *condition) (any, error) {
	w, err := s.prepare(req, key, cond, func(expected *int64) string {
		if expected == nil {
			return ""
		}
		return "#_version = :_expectedVersion"
	})
	if err != nil {
		return nil, err
	}
	if err := w.ph.add(update, updatePath); err != nil {
		return nil, err
	}
	meta := s.metadataPlaceholders(s.now(), false)
	meta.text = bumpVersion
	if err := w.ph.add(meta, req.path); err != nil {
		return nil, err
	}
	out, err := s.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                           &s.TableName,
		Key:                                 key,
		UpdateExpression:                    ptr(withMetadata(update.text, bumpVersion)),
		ConditionExpression:                 w.condition(),
		ExpressionAttributeNames:            w.ph.names,
		ExpressionAttributeValues:           w.ph.values,
		ReturnValues:                        types.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if err != nil {
		return s.failed(ctx, err, cond, key, func(current map[string]types.AttributeValue) bool {
			return w.expected == nil || (current != nil && versionIs(current, *w.expected))
		}, func(map[string]types.AttributeValue) bool { return false })
	}
	return itemOrNil(out.Attributes, nil), nil
}

// deleteVersioned soft-deletes an item: it stays, with _deleted true,
// _version incremented, _lastChangedAt and _ttl (now + BaseTableTTL, in
// epoch seconds), and is the result. Deleting no item is done already
// (null).
func (s *Source) deleteVersioned(ctx context.Context, req object, key map[string]types.AttributeValue, cond *condition) (any, error) {
	w, err := s.prepare(req, key, cond, func(expected *int64) string {
		if expected == nil {
			return "attribute_exists(#_key)"
		}
		return "attribute_exists(#_key) AND #_version = :_expectedVersion"
	})
	if err != nil {
		return nil, err
	}
	meta := s.metadataPlaceholders(s.now(), true)
	meta.text = "SET #_deleted = :_true, #_ttl = :_ttl, " + bumpVersion
	if err := w.ph.add(meta, req.path); err != nil {
		return nil, err
	}
	out, err := s.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                           &s.TableName,
		Key:                                 key,
		UpdateExpression:                    &meta.text,
		ConditionExpression:                 w.condition(),
		ExpressionAttributeNames:            w.ph.names,
		ExpressionAttributeValues:           w.ph.values,
		ReturnValues:                        types.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if err != nil {
		return s.failed(ctx, err, cond, key, func(current map[string]types.AttributeValue) bool {
			return w.expected == nil || current == nil || versionIs(current, *w.expected)
		}, func(current map[string]types.AttributeValue) bool { return current == nil })
	}
	return itemOrNil(out.Attributes, nil), nil
}

func ptr[T any](v T) *T { return &v }

// sync is AppSync's Sync: a page of a Scan of the base table, tombstones
// included, limited to the items changed after lastSync when it is given.
// The result is {items, nextToken, scannedCount, startedAt}.
func (s *Source) sync(ctx context.Context, req object) (any, error) {
	if !s.Versioned {
		return nil, mappingErrorf("Sync is only supported on versioned data sources; data source %s is not versioned.", s.Name)
	}
	if err := req.only("version", "operation", "limit", "nextToken", "lastSync", "filter", "basePartitionKey", "deltaIndexName"); err != nil {
		return nil, err
	}
	startedAt := s.now().UnixMilli()
	limit, err := req.int32("limit")
	if err != nil {
		return nil, err
	}
	if limit == nil {
		limit = ptr(int32(syncDefaultLimit))
	} else if *limit < 1 || *limit > syncMaxLimit {
		return nil, mappingErrorf("Value %d of '%s' is out of range: a Sync evaluates 1 to %d items.", *limit, member(req.path, "limit"), syncMaxLimit)
	}
	lastSync, err := req.int64Member("lastSync")
	if err != nil {
		return nil, err
	}
	// The delta table and its index are not used: tombstones stay in the
	// base table, which has every change since lastSync.
	for _, name := range []string{"basePartitionKey", "deltaIndexName"} {
		if _, _, err := req.string(name, false); err != nil {
			return nil, err
		}
	}
	var start map[string]types.AttributeValue
	token, ok, err := req.string("nextToken", false)
	if err != nil {
		return nil, err
	}
	if ok && token != "" {
		if start, err = decodeToken(token, "Sync", s.TableName, ""); err != nil {
			return nil, err
		}
	}
	var ph placeholders
	var parts []string
	f, ok, err := req.object("filter", false)
	if err != nil {
		return nil, err
	}
	if ok {
		e, err := f.expression(true)
		if err != nil {
			return nil, err
		}
		if err := ph.add(e, f.path); err != nil {
			return nil, err
		}
		parts = append(parts, "("+e.text+")")
	}
	if lastSync != nil {
		e := expression{
			text:   "#_lastChangedAt > :_lastSync",
			names:  map[string]string{"#_lastChangedAt": attrLastChangedAt},
			values: map[string]types.AttributeValue{":_lastSync": number(*lastSync)},
		}
		if err := ph.add(e, member(req.path, "lastSync")); err != nil {
			return nil, err
		}
		parts = append(parts, "("+e.text+")")
	}
	var filter string
	for i, p := range parts {
		if i > 0 {
			filter += " AND "
		}
		filter += p
	}
	out, err := s.Client.Scan(ctx, &dynamodb.ScanInput{
		TableName:                 &s.TableName,
		FilterExpression:          optional(filter),
		ExpressionAttributeNames:  ph.names,
		ExpressionAttributeValues: ph.values,
		Limit:                     limit,
		ExclusiveStartKey:         start,
	})
	if err != nil {
		return nil, apiError(err)
	}
	page := s.page("Sync", &listing{}, out.Items, out.LastEvaluatedKey, out.ScannedCount)
	page.Put("startedAt", startedAt)
	return page, nil
}
