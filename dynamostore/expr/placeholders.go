package expr

import (
	"maps"
	"slices"
)

// CheckPlaceholders validates the keys of ExpressionAttributeNames and
// ExpressionAttributeValues as DynamoDB does before it parses expressions:
// a map that is present must not be empty ("ExpressionAttributeNames must
// not be empty"), and keys must be #name / :name with letters, digits and
// underscores ("ExpressionAttributeValues contains invalid key: Syntax
// error; key: \"x\""). A nil map is absent and passes.
func CheckPlaceholders(names Names, values Values) error {
	if names != nil && len(names) == 0 {
		return plainError("ExpressionAttributeNames must not be empty")
	}
	for _, k := range slices.Sorted(maps.Keys(names)) {
		if !validPlaceholder(k, '#') {
			return plainError("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"")
		}
	}
	if values != nil && len(values) == 0 {
		return plainError("ExpressionAttributeValues must not be empty")
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if !validPlaceholder(k, ':') {
			return plainError("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k + "\"")
		}
	}
	return nil
}

func validPlaceholder(k string, sigil byte) bool {
	if len(k) < 2 || k[0] != sigil {
		return false
	}
	for _, r := range k[1:] {
		if !isIdentPart(r) {
			return false
		}
	}
	return true
}

// InvalidValueError words a validation error of one
// ExpressionAttributeValues entry as DynamoDB does: "ExpressionAttributeValues
// contains invalid value: <message> for key :v".
func InvalidValueError(key string, err error) error {
	return plainError("ExpressionAttributeValues contains invalid value: " + err.Error() + " for key " + key)
}
