// Generates ../testdata/golden.json from ../testdata/cases.json: every case is
// evaluated by jsonata-js (the version pinned in package-lock.json) on Node, with
// Step Functions' functions from ../sfn.js, and its result, undefined-ness or error
// (code, position, message) is recorded. Run: node gen.mjs (or `make jsonata-golden`).
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jsonata = require('jsonata');
const version = require('jsonata/package.json').version;
const here = new URL('.', import.meta.url);
const sfnInstall = new Function(readFileSync(new URL('../sfn.js', here), 'utf8') + '\nreturn sfnInstall;')();

// The same rule as __dropFunctions in ../glue.js: function values are left out of results.
const dropFunctions = (key, value) =>
  value !== null && typeof value === 'object' && (value._jsonata_function === true || value._jsonata_lambda === true) ? undefined : value;

const host = {
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data, 'utf8').digest('hex'),
  uuid: () => randomUUID(),
  random: (seed) => (seed === undefined ? Math.random() : (Math.abs(Math.sin(seed)) * 10000) % 1),
};

const src = JSON.parse(readFileSync(new URL('../testdata/cases.json', here), 'utf8'));
const out = { generator: `jsonata ${version} on Node ${process.version} (js/gen.mjs)`, inputs: src.inputs, bindings: src.bindings, cases: [] };
for (const c of src.cases) {
  const rec = { ...c };
  const input = src.inputs[c.input];
  const bindings = c.bindings ? src.bindings[c.bindings] : undefined;
  try {
    const expr = jsonata(c.expr);
    sfnInstall(expr, host);
    const result = await expr.evaluate(input, bindings);
    const text = result === undefined ? undefined : JSON.stringify(result, dropFunctions);
    if (text === undefined) {
      rec.undefined = true;
    } else {
      rec.want = JSON.parse(text);
    }
  } catch (err) {
    if (err.code === undefined) {
      throw err;
    }
    rec.error = { code: err.code, position: err.position, message: err.message };
  }
  out.cases.push(rec);
}
writeFileSync(new URL('../testdata/golden.json', here), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${out.cases.length} cases`);
