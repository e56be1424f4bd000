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

  it('serves --custom-objects generated types with --custom-object-records records each', async () => {
    const child = spawn(
      BIN,
      [
        'sandbox',
        '--port',
        '0',
        '--json',
        '--scale',
        '0.1',
        '--custom-objects',
        '3',
        '--custom-object-records',
        '12',
        '--archived',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const lines = createInterface({ input: child.stdout });
    let started: { url: string; token: string } | undefined;
    for await (const line of lines) {
      started = JSON.parse(line) as { url: string; token: string };
      break;
    }
    expect(started?.url, stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = (await readJson(await fetch(`${started!.url}/_sandbox/health`))) as {
      objects: Record<string, number>;
    };
    const names = Object.keys(health.objects);
    expect(names).toHaveLength(16);
    const generated = names.slice(names.indexOf('car') + 1);
    expect(generated).toHaveLength(3);
    for (const name of generated) expect(health.objects[name]).toBe(12);
    const schemas = (await readJson(
      await fetch(`${started!.url}/crm-object-schemas/v3/schemas`, {
        headers: { authorization: `Bearer ${started!.token}` },
      }),
    )) as { results: Array<{ name: string }> };
    expect(schemas.results.map((s) => s.name)).toEqual(['car', ...generated]);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
