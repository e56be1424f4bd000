import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { readJson } from './helpers.js';

const BIN = new URL('../../../bin/replicator', import.meta.url).pathname;

describe('replicator sandbox', () => {
  it('prints its URL and token, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      BIN,
      ['sandbox', '--port', '0', '--scale', '0.2', '--seed', '5', '--token', 'pat-cli-test'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const lines = createInterface({ input: child.stdout });
    let url: string | undefined;
    const printed: string[] = [];
    for await (const line of lines) {
      printed.push(line);
      url ??= /listening on (http:\/\/\S+)/.exec(line)?.[1];
      if (line.includes('HUBSPOT_ACCESS_TOKEN=')) break;
    }
    expect(url, `${printed.join('\n')}\n${stderr}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.join('\n')).toContain(
      `HUBSPOT_BASE_URL=${url} HUBSPOT_ACCESS_TOKEN=pat-cli-test`,
    );

    const res = await fetch(`${url}/crm/v3/objects/contacts?limit=2`, {
      headers: { authorization: 'Bearer pat-cli-test' },
    });
    expect(res.status).toBe(200);
    expect((await readJson(res)).results).toHaveLength(2);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('answers a bad flag with one line and exit code 2', async () => {
    const child = spawn(BIN, ['sandbox', '--fault-5xx', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'replicator: --fault-5xx: must be a probability between 0 and 1, got 3',
    ]);
  });
});
