import type { Redis as RedisClient } from 'ioredis';

/**
 * A Lua script run by its digest, loaded once (and again after Redis lost it: a restart,
 * SCRIPT FLUSH). One script is one atomic step, whichever process runs it.
 */
export function redisScript(redis: RedisClient, lua: string) {
  let sha: Promise<string> | undefined;
  return async (
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> => {
    sha ??= redis.script('LOAD', lua).then(String, (error: unknown) => {
      sha = undefined;
      throw error;
    });
    try {
      return await redis.evalsha(await sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
