import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that nothing listens on now: the given one if it is free (else an error
 * whose code is EADDRINUSE, like a listen's), any free one for 0. Postgres itself only logs a
 * taken port and exits, so we ask first.
 */
export function claimPort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const claimed = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(claimed));
    });
  });
}
