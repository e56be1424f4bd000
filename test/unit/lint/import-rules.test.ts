import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The rooms' import rules (scripts/import-rules.js), checked through the same eslint
// configuration `npm run lint` uses, on code that breaks them and code that keeps them.
const eslint = new ESLint();

async function ruleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('import rules', () => {
  it.each([
    ['src/hubspot/x.ts', "export { a } from '../store/index.js';"],
    ['src/hubspot/x.ts', "export { a } from '../stages/ids.js';"],
    ['src/store/x.ts', "export { a } from '../hubspot/index.js';"],
    ['src/store/deep/x.ts', "export { a } from '../../stages/ids.js';"],
    ['src/schema/x.ts', "export { a } from '../store/index.js';"],
    ['src/stages/poll/x.ts', "export { a } from '../../daemon/loop.js';"],
    ['src/stages/x.ts', "export { a } from '../cli/errors.js';"],
    ['src/daemon/x.ts', "export { a } from '../cli/main.js';"],
    ['src/daemon/x.ts', "export { a } from '../sandbox/index.js';"],
    ['src/cli/commands/run.ts', "export { a } from '../../sandbox/index.js';"],
    ['src/cli/commands/run.ts', "export const f = () => import('../../sandbox/index.js');"],
    ['src/sandbox/x.ts', "export { a } from '../store/index.js';"],
    ['src/config/x.ts', "export { a } from '../cli/errors.js';"],
    ['src/values/x.ts', "export { a } from '../hubspot/index.js';"],
    ['src/daemon/x.ts', "import pg from 'pg'; export const p = pg;"],
    ['src/stages/x.ts', "import { sql } from 'kysely'; export const s = sql;"],
    ['src/stages/x.ts', "export const q = 'select id from contacts where id = 1';"],
    ['src/daemon/x.ts', 'export const q = `delete from ${"t"} where id = 1`;'],
  ])('%s: %s is refused', async (file, code) => {
    expect(await ruleErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/hubspot/x.ts', "export { a } from '../config/index.js';"],
    ['src/store/x.ts', "export { a } from '../schema/index.js';"],
    ['src/store/x.ts', "import pg from 'pg'; export const p = pg;"],
    ['src/store/x.ts', "export const q = 'select id from contacts';"],
    ['src/stages/poll/x.ts', "export { a } from '../walk/cursor.js';"],
    ['src/stages/poll/x.ts', "export { a } from '../../store/index.js';"],
    ['src/daemon/x.ts', "export { a } from '../stages/live-stages.js';"],
    ['src/cli/commands/sandbox.ts', "export const f = () => import('../../sandbox/index.js');"],
    ['src/cli/commands/demo.ts', "export { a } from '../../sandbox/index.js';"],
    ['src/demo/x.ts', "export { a } from '../sandbox/index.js';"],
    ['test/unit/x.test.ts', "export { a } from '../../src/sandbox/index.js';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await ruleErrors(file, code)).toEqual([]);
  });
});
