package config_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/appsync-local/appsync-local/config"
)

func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "schema.graphql"), []byte("type Query { hello: String }"), 0o644)
	os.WriteFile(filepath.Join(dir, "appsync.yml"), []byte(`
name: hello
authentication: {type: API_KEY}
dataSources:
  greeter: {type: AWS_LAMBDA, config: {functionName: greet}}
resolvers:
  Query.hello: {kind: UNIT, dataSource: greeter}
local:
  port: 4000
`), 0o644)

	path, err := config.Find(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := config.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := c.Resolvers[0]
	fmt.Println(c.Name, c.Local.Port, len(c.APIKeys))
	fmt.Println(r.Type+"."+r.Field, r.Kind, r.Runtime, c.DataSources[r.DataSource].FunctionName)
	// Output:
	// hello 4000 1
	// Query.hello UNIT DIRECT_LAMBDA greet
}

func ExampleErrors() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "schema.graphql"), []byte("type Query { hello: String }"), 0o644)
	os.WriteFile(filepath.Join(dir, "appsync.yml"), []byte(`name: hello
authentication: {type: API_KEY}
dataSources:
  greeter: {type: AWS_LAMBDA, config: {functionName: greet}}
resolvers:
  Query.hello: {kind: UNIT, dataSorce: greeter}
`), 0o644)

	_, err := config.Load(filepath.Join(dir, "appsync.yml"))
	if errs, ok := err.(config.Errors); ok {
		for _, e := range errs {
			fmt.Printf("%d:%d: %s\n", e.Line, e.Column, e.Message)
		}
	}
	// Output:
	// 6:3: UNIT resolver Query.hello has no dataSource; add dataSource: <data source name>
	// 6:29: unknown key "dataSorce" in resolver; did you mean "dataSource"?
}
