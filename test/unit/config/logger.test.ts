import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSensitive } from '../../../src/config/logger.js';

function capture(): { stream: Writable; records: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    records: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes JSON lines with level, time and message', () => {
    const { stream, records } = capture();
    createLogger({ level: 'info' }, stream).info({ object: 'contacts' }, 'loaded');
    const [record] = records();
    expect(record).toMatchObject({ level: 30, object: 'contacts', msg: 'loaded' });
    expect(typeof record!.time).toBe('number');
  });

  it('honours the configured level, taking a Config-like object too', () => {
    const { stream, records } = capture();
    const logger = createLogger({ logLevel: 'warn' }, stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('censors sensitive keys at any depth and in any case, in fields and child bindings', () => {
    const { stream, records } = capture();
    const logger = createLogger({ level: 'info' }, stream).child({ clientSecret: 'cs-1' });
    logger.info({
      token: 't-1',
      request: { headers: { Authorization: 'Bearer t-2' } },
      list: [{ accessToken: 't-3' }, { REFRESH_TOKEN: 't-4' }],
      deep: { a: { b: { c: { refreshToken: 't-5' } } } },
      databaseUrl: 'postgres://user:pw@host/db',
      keep: 'visible',
    });
    const text = JSON.stringify(records());
    for (const value of ['cs-1', 't-1', 't-2', 't-3', 't-4', 't-5', 'user:pw']) {
      expect(text).not.toContain(value);
    }
    expect(records()[0]).toMatchObject({ keep: 'visible', token: '[redacted]' });
  });

  it('leaves errors to the error serializer', () => {
    const { stream, records } = capture();
    createLogger({ level: 'info' }, stream).error({ err: new Error('boom') }, 'failed');
    expect(records()[0]).toMatchObject({ err: { message: 'boom', type: 'Error' } });
  });
});

describe('redactSensitive', () => {
  it('copies rather than mutating the logged object', () => {
    const input = { token: 'x', nested: { password: 'y' } };
    redactSensitive(input);
    expect(input).toEqual({ token: 'x', nested: { password: 'y' } });
  });
});
