import pg from 'pg';

export type Listener<T = Record<string, unknown>> = Awaited<ReturnType<typeof listenChannel<T>>>;

/** A LISTEN connection collecting the JSON notifications of one channel. */
export async function listenChannel<T = Record<string, unknown>>(url: string, channel: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const received: T[] = [];
  client.on('notification', (n) => {
    if (n.channel === channel && n.payload) received.push(JSON.parse(n.payload) as T);
  });
  await client.query(`listen "${channel}"`);
  return {
    /** Everything received so far, emptied, once none has arrived for a moment (they come after commit). */
    async take(): Promise<T[]> {
      await client.query('select 1');
      let count = -1;
      while (count !== received.length) {
        count = received.length;
        await new Promise((r) => setTimeout(r, 50));
      }
      return received.splice(0);
    },
    close: () => client.end(),
  };
}
