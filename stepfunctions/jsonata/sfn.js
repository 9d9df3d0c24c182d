// Step Functions' own JSONata functions, installed on every compiled expression.
// Shared by the Go package (run in goja, with host functions written in Go) and by
// js/gen.mjs (run in Node, with host functions from node:crypto), so the golden data
// and the engine run the same code. host provides hash(data, alg), uuid() and
// random(seed or undefined).
function sfnInstall(expr, host) {
  'use strict';
  function fail(code, message) {
    return { code: code, message: message };
  }
  // A sequence collapses to its only item when returned, as $range(1, 9, 9)
  // does in Step Functions (recorded: it returns 1, not [1]).
  function sequence(items) {
    items.sequence = true;
    return items;
  }
  expr.registerFunction('partition', function (array, size) {
    if (typeof array === 'undefined') {
      return undefined;
    }
    if (!Number.isInteger(size) || size < 1) {
      throw fail('SFN0001', '$partition: the chunk size must be a positive integer, got ' + size);
    }
    var out = [];
    for (var i = 0; i < array.length; i += size) {
      out.push(array.slice(i, i + size));
    }
    return out;
  }, '<an:a>');
  expr.registerFunction('range', function (start, end, step) {
    if (step === 0 || !isFinite(step)) {
      throw fail('SFN0002', '$range: the step must be a non-zero number, got ' + step);
    }
    var count = Math.floor((end - start) / step) + 1;
    if (count > 10000000) {
      throw fail('SFN0002', '$range: the range has ' + count + ' items, more than the limit of 10000000');
    }
    var out = [];
    for (var i = 0; i < count; i++) {
      out.push(start + i * step);
    }
    return sequence(out);
  }, '<nnn:a<n>>');
  expr.registerFunction('hash', function (data, algorithm) {
    if (typeof data === 'undefined') {
      return undefined;
    }
    var algorithms = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
    if (algorithms.indexOf(algorithm) < 0) {
      throw fail('SFN0003', "$hash: the algorithm '" + algorithm + "' is not supported; use one of " + algorithms.join(', '));
    }
    return host.hash(data, algorithm);
  }, '<s-s:s>');
  expr.registerFunction('random', function (seed) {
    if (typeof seed !== 'undefined' && !Number.isInteger(seed)) {
      throw fail('SFN0004', '$random: the seed must be an integer, got ' + seed);
    }
    return host.random(seed);
  }, '<n?:n>');
  expr.registerFunction('uuid', function () {
    return host.uuid();
  }, '<:s>');
  expr.registerFunction('parse', function (text) {
    if (typeof text === 'undefined') {
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw fail('SFN0005', '$parse: the argument is not valid JSON');
    }
  }, '<s-:j>');
  // Step Functions offers every JSONata 2.0.6 function but $eval: calling it
  // fails as calling a function that does not exist does.
  expr.registerFunction('eval', function () {
    throw { code: 'T1006', message: 'Attempted to invoke a non-function', token: 'eval' };
  });
}
