// Package console serves the Step Functions console at /console: a
// single-page app that lists state machines and their executions, starts
// executions, draws an execution's state machine as a graph coloured by what
// each state did, shows the event history with every state's input and
// output, and answers task tokens with SendTaskSuccess/SendTaskFailure.
//
// The page talks only to the public AWS JSON 1.0 API (POST with
// X-Amz-Target: AWSStepFunctions.<Operation>), so it works against any
// engine that speaks it. Its graph layout library (@dagrejs/dagre) is
// installed from the npm registry by `make console` and embedded from dist/;
// the page's own script and stylesheet are embedded from static/. Nothing is
// loaded from the network at run time.
package console
