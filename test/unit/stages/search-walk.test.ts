import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubSpotClient, HubSpotRecord, HubSpotRequest } from '../../../src/hubspot/index.js';
import type { CatalogColumn, CatalogObject } from '../../../src/schema/index.js';
import { StalePropertiesError, type StoreContext } from '../../../src/store/index.js';
import {
  MAX_PROPERTY_REFRESHES,
  walkSearch,
  type SearchWalk,
  type WalkedPage,
} from '../../../src/stages/walk/search-walk.js';
import type { SearchBody, WalkCursor } from '../../../src/stages/walk/cursor.js';

/** `_cursors` in memory: the driver reads it, the fake writes below save to it. */
const saved = new Map<string, unknown>();
vi.mock('../../../src/store/cursors.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/store/cursors.js')>()),
  readCursor: async (_store: unknown, objectType: string, stage: string) =>
    saved.get(`${objectType}/${stage}`),
}));

const T0 = Date.UTC(2024, 0, 1);
const store = {} as StoreContext;

const object: CatalogObject = {
  objectType: 'contacts',
  apiName: 'contacts',
  objectTypeId: '0-1',
  createdProperty: 'createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  columns: new Map(
    ['createdate', 'email'].map((property) => [
      property,
      { property, archived: false } as CatalogColumn,
    ]),
  ),
};

/** Search over `count` records a second apart, with GT/GTE/LT on the date, pages of 3. */
function fakeClient(count: number, options: { onRequest?: () => void } = {}) {
  const records = Array.from({ length: count }, (_, i) => ({ id: i + 1, t: T0 + i * 1000 }));
  const requests: HubSpotRequest[] = [];
  const client = {
    paths: { search: (type: string) => `/crm/v3/objects/${type}/search` },
    request: async (request: HubSpotRequest) => {
      requests.push(request);
      options.onRequest?.();
      request.signal?.throwIfAborted();
      const body = request.body as SearchBody;
      const filters = body.filterGroups[0]?.filters ?? [];
      const matches = records.filter((r) =>
        filters.every((f) => {
          const x = Number(f.value);
          if (f.operator === 'GT') return r.t > x;
          if (f.operator === 'GTE') return r.t >= x;
          if (f.operator === 'LT') return r.t < x;
          return r.t === x;
        }),
      );
      const results: HubSpotRecord[] = matches.slice(0, 3).map((r) => ({
        id: String(r.id),
        properties: { createdate: new Date(r.t).toISOString(), hs_object_id: String(r.id) },
        createdAt: new Date(r.t).toISOString(),
        updatedAt: new Date(r.t).toISOString(),
        archived: false,
      }));
      return {
        status: 200,
        headers: new Headers(),
        body: {
          total: matches.length,
          results,
          ...(matches.length > 3 ? { paging: { next: { after: '3' } } } : {}),
        },
      };
    },
  };
  return { client: client as unknown as HubSpotClient, requests };
}

function walkOf(
  client: HubSpotClient,
  overrides: Partial<SearchWalk> = {},
): SearchWalk & { written: WalkedPage[] } {
  const written: WalkedPage[] = [];
  return {
    store,
    client,
    object,
    dateProperty: 'createdate',
    stage: 'backfill:0',
    initial: { mode: 'range', from: null, inclusive: true },
    priority: 'backfill',
    writePage: async (page) => {
      written.push(page);
      saved.set(`contacts/backfill:0`, page.cursor);
    },
    written,
    ...overrides,
  };
}

beforeEach(() => saved.clear());

describe('walkSearch', () => {
  it('reads bounded pages at its priority and stores each with its cursor', async () => {
    const { client, requests } = fakeClient(10);
    const walk = walkOf(client, { before: T0 + 7000, priority: 'straggler' });
    const result = await walkSearch(walk);
    expect(result).toEqual({ pages: 3, records: 7, propertyRefreshes: 0, finished: true });
    expect(walk.written.flatMap((p) => p.records.map((r) => r.id))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    expect(requests.every((r) => r.priority === 'straggler' && r.kind === 'search')).toBe(true);
    expect(requests[0]!.path).toBe('/crm/v3/objects/contacts/search');
    expect((requests[0]!.body as SearchBody).filterGroups).toEqual([
      { filters: [{ propertyName: 'createdate', operator: 'LT', value: String(T0 + 7000) }] },
    ]);
    expect(walk.written.at(-1)).toMatchObject({
      exhausted: true,
      readWith: ['createdate', 'email'],
    });
  });

  it('resumes from the saved cursor', async () => {
    saved.set('contacts/backfill:0', { mode: 'range', from: T0 + 5000, inclusive: true });
    const { client, requests } = fakeClient(10);
    const walk = walkOf(client);
    await walkSearch(walk);
    expect((requests[0]!.body as SearchBody).filterGroups).toEqual([
      { filters: [{ propertyName: 'createdate', operator: 'GTE', value: String(T0 + 5000) }] },
    ]);
    expect(walk.written.flatMap((p) => p.records).map((r) => r.id)).toEqual([
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
  });

  it('starts from the initial cursor when the saved one is not a walk cursor', async () => {
    saved.set('contacts/backfill:0', { mode: 'range', from: 'yesterday' });
    const { client, requests } = fakeClient(10);
    const initial: WalkCursor = { mode: 'range', from: T0 + 8000, inclusive: true };
    const walk = walkOf(client, { initial });
    await walkSearch(walk);
    expect((requests[0]!.body as SearchBody).filterGroups).toEqual([
      { filters: [{ propertyName: 'createdate', operator: 'GTE', value: String(T0 + 8000) }] },
    ]);
    expect(walk.written.flatMap((p) => p.records).map((r) => r.id)).toEqual(['9', '10']);
  });

  it('reads again from the committed cursor with the new list when a page went stale', async () => {
    const { client, requests } = fakeClient(10);
    const info = vi.fn();
    let stale = 1;
    const walk = walkOf(client, { logger: { info } as unknown as SearchWalk['logger'] });
    const write = walk.writePage;
    walk.writePage = async (page) => {
      if (walk.written.length === 2 && stale-- > 0) {
        throw new Error('transaction failed', {
          cause: new StalePropertiesError('contacts', ['createdate', 'email', 'pet'], ['pet']),
        });
      }
      await write(page);
    };
    const result = await walkSearch(walk);
    expect(result).toEqual({ pages: 5, records: 10, propertyRefreshes: 1, finished: true });
    expect(walk.written.map((p) => p.readWith.length)).toEqual([2, 2, 3, 3, 3]);
    // The second page committed "from record 5 (T0 + 4 s) on"; the refresh starts there.
    const again = requests.find((r) => (r.body as SearchBody).properties.includes('pet'))!;
    expect((again.body as SearchBody).filterGroups[0]!.filters[0]).toMatchObject({
      operator: 'GTE',
      value: String(T0 + 4000),
    });
    expect(info).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith(
      { stage: 'backfill:0', object: 'contacts', added: ['pet'] },
      'properties changed while a page was read; reading it again',
    );
  });

  it(`gives up after ${MAX_PROPERTY_REFRESHES} refreshes`, async () => {
    const { client } = fakeClient(10);
    const walk = walkOf(client);
    walk.writePage = async () => {
      throw new StalePropertiesError('contacts', ['createdate', 'email', 'pet'], ['pet']);
    };
    await expect(walkSearch(walk)).rejects.toBeInstanceOf(StalePropertiesError);
  });

  it('on abort returns what was committed, or throws, as the caller asks', async () => {
    for (const returnWhenAborted of [true, false]) {
      saved.clear();
      const controller = new AbortController();
      let calls = 0;
      const { client } = fakeClient(10, {
        onRequest: () => {
          if (++calls === 2) controller.abort(new Error('stopping'));
        },
      });
      const walk = walkOf(client, { signal: controller.signal, returnWhenAborted });
      if (returnWhenAborted) {
        expect(await walkSearch(walk)).toEqual({
          pages: 1,
          records: 2,
          propertyRefreshes: 0,
          finished: false,
        });
      } else {
        await expect(walkSearch(walk)).rejects.toThrow('stopping');
      }
    }
  });
});
