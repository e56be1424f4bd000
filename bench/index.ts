/**
 * `npm run bench [-- suite …]`: runs each benchmark suite and prints one JSON document.
 * Every suite measures its naive baseline in the same run, so ratios survive a noisy machine.
 * Each suite is a file in bench/suites exporting `name` and `run()`.
 */
import { suites } from './suites/index.js';

const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
if (unknown.length) {
  process.stderr.write(
    `bench: unknown suite ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}

const report: Record<string, unknown> = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
};
for (const suite of selected) {
  process.stderr.write(`bench: ${suite.name} …\n`);
  const started = Date.now();
  report[suite.name] = { ...(await suite.run()), seconds: (Date.now() - started) / 1000 };
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
