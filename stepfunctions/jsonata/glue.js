// Runs in every goja runtime after the jsonata bundle and sfn.js: the two entry
// points the Go side calls. Values cross as JSON text, so the runtime never holds
// the caller's Go values and numbers come back exactly as JSON.stringify writes them.
// js/gen.mjs serializes results with the same __dropFunctions rule.
var __jsonata = window.jsonata;

function __compile(src) {
  var expr = __jsonata(src);
  sfnInstall(expr, __host);
  return expr;
}

// dropFunctions leaves functions out of results: jsonata-js's function values
// are objects that JSON.stringify would print with internal fields (including a
// position left over from an earlier evaluation), which no workflow wants.
function __dropFunctions(key, value) {
  if (value !== null && typeof value === 'object' && (value._jsonata_function === true || value._jsonata_lambda === true)) {
    return undefined;
  }
  return value;
}

function __eval(expr, input, bindings) {
  return expr.evaluate(
    input === undefined ? undefined : JSON.parse(input),
    bindings === undefined ? undefined : JSON.parse(bindings)
  ).then(function (result) {
    return result === undefined ? undefined : JSON.stringify(result, __dropFunctions);
  });
}

function __ast(expr) {
  return JSON.stringify(expr.ast());
}
