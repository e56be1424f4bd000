import { Readable } from 'node:stream';

const CHUNK_CHARS = 64 * 1024;

/** Serialises `{"<key>":[…]}` item by item, so a million records never sit in one string. */
export function streamJsonList(key: string, items: Iterable<unknown>): Readable {
  function* generate(): Generator<string> {
    let chunk = `{${JSON.stringify(key)}:[`;
    let first = true;
    for (const item of items) {
      chunk += (first ? '' : ',') + JSON.stringify(item);
      first = false;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}]}`;
  }
  return Readable.from(generate(), { objectMode: false });
}
