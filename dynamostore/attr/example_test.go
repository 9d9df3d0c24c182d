package attr_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

func Example() {
	var item attr.Item
	err := json.Unmarshal([]byte(`{"pk":{"S":"a"},"n":{"N":"1.50"},"tags":{"SS":["x"]}}`), &item)
	fmt.Println(err, item["n"].Str(), attr.ItemSize(item))

	err = json.Unmarshal([]byte(`{"tags":{"SS":[]}}`), &item)
	fmt.Println(err)

	lo, hi := attr.MustN("-10"), attr.MustN("2")
	fmt.Println(bytes.Compare(attr.KeyBytes(lo), attr.KeyBytes(hi)))
	// Output:
	// <nil> 1.5 12
	// One or more parameter values were invalid: An string set  may not be empty
	// -1
}
