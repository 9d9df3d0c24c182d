// Command appsync-local serves AWS AppSync APIs locally. See package app for
// the commands and flags, and for embedding the server with Go handlers.
package main

import (
	"os"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

func main() {
	os.Exit(app.Execute(gohandler.NewRegistry()))
}
