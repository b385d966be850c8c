#!/usr/bin/env node
// Reads jest --json outputs and prints one plain "N passed, N failed" line (CI cannot read jest's summary).
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  // A suite that cannot run (boot error, syntax error) has no test results: count it as a failure.
  const broken = r.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0
  ).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + broken;
  console.log(
    `${path.basename(file, '.json')}: ${r.numPassedTests} passed, ${r.numFailedTests + broken} failed`
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
