/**
 * The part of a Redis client a Lua script needs: an `ioredis` `Redis` has it.
 */
export interface RedisScripting {
  script(subcommand: 'LOAD', script: string): Promise<unknown>;
  evalsha(sha: string, numberOfKeys: number, ...args: Array<string | number>): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/**
 * A Lua script run by its digest, loaded once (and again after Redis lost it: a restart,
 * SCRIPT FLUSH). One script is one atomic step, whichever process runs it.
 */
export function redisScript(redis: RedisScripting, lua: string) {
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
