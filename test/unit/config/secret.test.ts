import { Writable } from 'node:stream';
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/config/logger.js';
import { Secret } from '../../../src/config/secret.js';

const VALUE = 'pat-na1-0123456789abcdef';

function captureLogs(): { stream: Writable; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('') };
}

describe('Secret', () => {
  const secret = new Secret(VALUE);

  it('reveals its value only through reveal()', () => {
    expect(secret.reveal()).toBe(VALUE);
  });

  it('never prints through JSON, inspect, templates, String or format', () => {
    const printed = [
      JSON.stringify({ secret }),
      JSON.stringify([secret]),
      inspect({ nested: { secret } }, { depth: 10, showHidden: true }),
      `${secret}`,
      String(secret),
      'token: ' + secret,
      format('%s %o %O %j', secret, secret, secret, { secret }),
      Object.keys(secret).join(','),
      JSON.stringify({ ...secret }),
    ];
    for (const text of printed) expect(text).not.toContain(VALUE);
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
  });

  it('does not leak through structuredClone', () => {
    expect(JSON.stringify(structuredClone({ secret }))).not.toContain(VALUE);
  });

  it('never reaches a pino log line, as a field, a nested field or the message', () => {
    const { stream, lines } = captureLogs();
    const logger = createLogger({ level: 'info' }, stream);
    logger.info({ secret, auth: { token: secret } }, `using ${secret}`);
    logger.child({ secret }).info('child binding');
    expect(lines()).not.toContain(VALUE);
    expect(lines()).toContain('[redacted]');
  });
});
