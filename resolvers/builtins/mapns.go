package builtins

import "github.com/appsync-local/appsync-local/resolvers/value"

// mapTable is $util.map.
var mapTable = &table{methods: methods("$util.map.", map[string]spec{
	"copyAndRetainAllKeys": {2, 2, func(c *call) (any, error) { return filterKeys(c, true) }},
	"copyAndRemoveAllKeys": {2, 2, func(c *call) (any, error) { return filterKeys(c, false) }},
})}

// filterKeys copies the map (in its order) keeping (retain) or dropping the
// keys that appear in the list. Only strings in the list name keys, as in
// Java, where the key "1" does not equal the number 1.
func filterKeys(c *call, retain bool) (any, error) {
	m, err := c.mapArg(0)
	if err != nil {
		return nil, err
	}
	keys, err := c.list(1)
	if err != nil {
		return nil, err
	}
	out := value.NewMap()
	m.Range(func(k string, v any) bool {
		if containsEqual(keys.Items, k) == retain {
			out.Put(k, v)
		}
		return true
	})
	return out, nil
}
