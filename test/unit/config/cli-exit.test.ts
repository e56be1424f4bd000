import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/replicator', import.meta.url));

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr, stdout });
      },
    );
  });
}

// Each run starts node and tsx: seconds on a busy machine.
describe.concurrent('bad configuration through the real CLI', { timeout: 30_000 }, () => {
  it('prints one line naming the flag and exits 2, before touching anything', async () => {
    const env = { PATH: process.env.PATH ?? '', HUBSPOT_ACCESS_TOKEN: 'pat-never-printed' };
    const result = await run(
      ['migrate', '--database-url', 'postgres://127.0.0.1:1/x', '--poll-interval', '5x'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'replicator: --poll-interval: "5x" is not a duration (use 500ms, 30s, 5m, 1h)\n',
    );
    expect(result.stdout + result.stderr).not.toContain('pat-never-printed');
  });

  it('rejects a schema name too long for its derived names before opening the store', async () => {
    const schema = 's'.repeat(60);
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://127.0.0.1:1/x' };
    const result = await run(['migrate', '--schema', schema], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^replicator: --schema: "s{60}" is not a valid schema name \(.*\)\n$/,
    );
  });

  it('names the missing variable', async () => {
    const result = await run(['migrate'], { PATH: process.env.PATH ?? '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('replicator: DATABASE_URL (or --database-url) is required\n');
  });
});
