import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedisServer } from './redis-server.js';

/**
 * A private redis-server for the suite that calls it, and one client connected to it; both
 * gone after the suite. Read `client` and `url` inside tests (they exist once it started).
 */
export function useRedisServer(): { readonly client: Redis; readonly url: string } {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.quit();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite’s redis-server has not started yet');
    return value;
  };
  return {
    get client() {
      return started(client);
    },
    get url() {
      return started(server).url;
    },
  };
}
