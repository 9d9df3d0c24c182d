// Package jsonata evaluates the JSONata expressions of Step Functions
// definitions that use QueryLanguage JSONata: the text inside "{% ... %}" in
// Arguments, Output, Assign, Condition, Items, Seconds, TimeoutSeconds and the
// like. Step Functions implements JSONata 2.0.6, adds $partition, $range,
// $hash, $random, $uuid and $parse, and offers no $eval; so does this package.
//
// # Lifecycle
//
// Compile parses an expression once, at CreateStateMachine, and reports a
// syntax error as an *Error with jsonata-js's code and position. Expr.Eval
// (Go values) or Expr.EvalJSON (JSON text, keeping key order) evaluates it
// with the state's input as the context item and $states and the workflow
// variables as bindings. An expression that returns nothing gives an *Error
// wrapping ErrUndefined (States.QueryEvaluationError "returned nothing
// (undefined)"); evaluation errors give jsonata-js's code, message and
// position. Evaluation stops when its context ends (an *Error with
// CodeTimeout wrapping ctx.Err()). WithClock and WithEntropy make $now,
// $millis, $uuid and $random reproducible. Expr.References lists the names an
// expression reads from the (absent) top-level context and the $states fields
// it reads, for the UNSUPPORTED_JSONATA_EXPRESSION checks of
// CreateStateMachine.
//
// # Implementation: jsonata-js in goja
//
// Expressions run in the official jsonata-js (npm jsonata 2.0.6, the version
// Step Functions documents) inside goja runtimes. The bundle is not committed:
// `make jsonata` (scripts/jsonata-assets.sh) installs it from the npm registry,
// pinned by js/package-lock.json, into bundle/, which is embedded. A binary
// built without it compiles nothing and returns ErrNoBundle, whose text says
// to run `make jsonata`; the tests skip with that message.
//
// A goja runtime is not safe for concurrent use, and loading the bundle takes
// tens of milliseconds, so runtimes are pooled (2 × GOMAXPROCS, at least 4,
// created on demand) and each keeps its parsed expressions; Expr holds only
// the source and is safe to share. A runtime that was interrupted or failed
// is dropped, never reused.
//
// Values cross into JavaScript as JSON text and come back the same way, so
// the runtime never holds the caller's values, objects returned are fresh,
// and numbers are int64 when JavaScript prints them as integers (2.5 * 2 is
// int64(5)) and float64 otherwise. A function value in a result is left out,
// like any value JSON.stringify cannot write (jsonata-js would otherwise print
// its internal descriptor, with a position left over from another
// evaluation).
//
// Plain paths from a variable ($states.input, $states.result.Payload.body,
// $myVar.id), the commonest expressions in definitions, are answered by Eval in Go
// (EvalJSON always runs jsonata-js) when every value on the way is an object; the
// answer is identical (TestFastPath compares both on the same values).
//
// # Step Functions functions
//
// sfn.js (ours) registers them on every expression, with jsonata signatures:
//
//	$partition(array, size)      chunks of size; the last may be shorter
//	$range(start, end, step)     start, start+step, ... up to end inclusive; a
//	                             single item collapses to itself ($range(1,9,9)
//	                             is 1, as recorded on AWS)
//	$hash(string, algorithm)     hex digest of the UTF-8 bytes; MD5, SHA-1,
//	                             SHA-256, SHA-384 or SHA-512
//	$random([seed])              a number in [0, 1); with an integer seed it is
//	                             java.util.Random(seed).nextDouble(), as the
//	                             seeded States.MathRandom is
//	$uuid()                      a version 4 UUID
//	$parse(json)                 the value a JSON string holds
//
// Calling $eval fails as calling a function that does not exist does (T1006
// "Attempted to invoke a non-function"). Our own failures use codes SFN0001
// ($partition size), SFN0002 ($range step or size), SFN0003 ($hash
// algorithm), SFN0004 ($random seed), SFN0005 ($parse input) and SFN0006 (no
// entropy). AWS's exact messages for these are not recorded; the engine
// reports them all as States.QueryEvaluationError.
//
// # Choice by measurement
//
// testdata/cases.json holds 270 expressions relevant to Step Functions:
// paths, predicates, sequences and singleton collapse, arithmetic and number
// formatting, strings, regular expressions, aggregation, sorting and
// grouping, object constructors, transforms, higher-order functions, dates,
// errors, $states and variables, and Step Functions' functions.
// js/gen.mjs evaluates them with jsonata-js 2.0.6 on Node 20 and writes the
// results, undefined-ness or errors (code, position, message) to
// testdata/golden.json; TestGolden requires the same from Eval and EvalJSON.
// Candidates measured on it (pure-Go libraries in a scratch module outside the
// repository, scored leniently: any error where an error is expected, object
// key order ignored; speed on a 2-core AMD EPYC):
//
//	implementation                 all 270   without $partition…   $sum(a.b.(p*q))   filter+constructor
//	jsonata-js 2.0.6 in goja       270       248/248               ~980 µs           ~2040 µs
//	blues/jsonata-go v1.5.4        228       225/248               ~10 µs            ~15 µs
//	xiatechs/jsonata-go v1.8.8     224       222/248               ~22 µs            ~20 µs
//
// The pure-Go ports fail on % (parent), @ and # bindings, $formatInteger, $parseInteger,
// $assert and the pretty form of $string, return "0.30000000000000004" for
// $string(0.1+0.2), do not collapse singletons from $map/$filter, treat null
// as missing in $exists and $type, and (xiatechs) round 10/3 to 3.33333334.
// JSONata 2.x Go ports (sandrolain/gosonata, tiaanduplessis/jsonata-go,
// recolabs/gnata) are not available from the module proxy here (403).
// Conformance decided: jsonata-js in goja. Its cost is goja's promise
// machinery (jsonata 2.x evaluates asynchronously): BenchmarkEval, an
// Arguments-style object constructor over $states, takes about 1 ms;
// BenchmarkEvalPath, a plain path on the fast path, about 4 µs;
// BenchmarkCompile about 1.3 ms. The package's ES5 build (jsonata-es5.min.js,
// generators instead of async functions) passes the same cases but takes
// about 6.7 ms for BenchmarkEval, so the ES2017 build is embedded. Known
// deviations from the golden data: none.
//
// To change the test set: edit testdata/cases.json, then
// `bash scripts/npm-ci.sh stepfunctions/jsonata/js && node stepfunctions/jsonata/js/gen.mjs`.
package jsonata
