package app

import (
	"net/http"

	"github.com/appsync-local/appsync-local/stepfunctions/console"
)

// consolePattern and consoleHandler mount the Step Functions console, which
// calls the Step Functions API the server serves at "/".
const consolePattern = console.Pattern

func consoleHandler() http.Handler { return console.Handler(console.Params{}) }
