import { describe, expect, it } from 'vitest';
import {
  DailyLimitError,
  HubSpotApiError,
  HubSpotAuthError,
  HubSpotError,
  HubSpotNetworkError,
  HubSpotTimeoutError,
  isDailyLimitError,
  isHubSpotApiError,
  isHubSpotAuthError,
  isHubSpotError,
  isHubSpotNetworkError,
} from '../../../src/hubspot/errors.js';
import { coerceError } from '../../../src/config/index.js';
import { toNetworkError } from '../../../src/hubspot/transport.js';
import { SafeEmitter } from '../../../src/hubspot/events.js';

describe('errors', () => {
  it('carry a code and a cause, with guards', () => {
    const cause = new Error('root');
    const api = new HubSpotApiError(
      { status: 404, method: 'GET', path: '/x', message: 'gone', category: 'OBJECT_NOT_FOUND' },
      { cause },
    );
    expect(api).toMatchObject({ code: 'HUBSPOT_API', status: 404, cause });
    expect(api.message).toBe('HubSpot GET /x failed: 404 OBJECT_NOT_FOUND: gone');
    expect(isHubSpotApiError(api) && isHubSpotError(api)).toBe(true);
    expect(isDailyLimitError(new DailyLimitError('portal', 1, null))).toBe(true);
    expect(isHubSpotNetworkError(new HubSpotTimeoutError('GET', '/x', 5))).toBe(true);
    expect(new HubSpotTimeoutError('GET', '/x', 5).code).toBe('HUBSPOT_TIMEOUT');
    expect(isHubSpotAuthError(new HubSpotAuthError('no'))).toBe(true);
    expect(isHubSpotError(new Error('plain'))).toBe(false);
    expect(new HubSpotError('HUBSPOT_NETWORK', 'x')).toBeInstanceOf(Error);
  });

  it('coerceError turns anything thrown into an Error with the original as cause', () => {
    const error = new Error('kept');
    expect(coerceError(error)).toBe(error);
    expect(coerceError('text')).toMatchObject({ message: 'text', cause: 'text' });
    expect(coerceError({ a: 1 })).toMatchObject({ message: 'non-error thrown: {"a":1}' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(coerceError(circular).message).toBe('non-error thrown: [object Object]');
    expect(coerceError(undefined)).toBeInstanceOf(Error);
  });

  it('maps fetch and socket failures to network errors, and leaves bugs alone', () => {
    const fetchFailed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const mapped = toNetworkError(fetchFailed, 'GET', '/x');
    expect(mapped).toBeInstanceOf(HubSpotNetworkError);
    expect(mapped.message).toBe('HubSpot GET /x: UND_ERR_SOCKET: other side closed');
    expect(
      toNetworkError(
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        'GET',
        '/x',
      ),
    ).toBeInstanceOf(HubSpotNetworkError);
    const bug = new TypeError('Cannot read properties of undefined');
    expect(toNetworkError(bug, 'GET', '/x')).toBe(bug);
  });
});

describe('SafeEmitter', () => {
  it('delivers to every listener even when some throw, and reports what they threw', async () => {
    const reported: unknown[] = [];
    const emitter = new SafeEmitter<{ ping: number }>((error) => reported.push(error));
    const got: number[] = [];
    emitter.on('ping', () => {
      throw new Error('sync');
    });
    emitter.on('ping', async () => {
      throw new Error('async');
    });
    const off = emitter.on('ping', (n) => void got.push(n));
    emitter.emit('ping', 1);
    off();
    emitter.emit('ping', 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual([1]);
    expect(reported.map((e) => (e as Error).message).sort()).toEqual([
      'async',
      'async',
      'sync',
      'sync',
    ]);
  });

  it('survives a throwing error reporter', () => {
    const emitter = new SafeEmitter<{ ping: number }>(() => {
      throw new Error('reporter');
    });
    emitter.on('ping', () => {
      throw new Error('listener');
    });
    expect(() => emitter.emit('ping', 1)).not.toThrow();
  });
});
