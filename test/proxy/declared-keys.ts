import type { RedisScriptClient } from '../../src/adapters/proxy/index.js';

/**
 * Runs in front of every script: `redis` inside the script is a stand-in whose `call` and
 * `pcall` fail on a key the script was not given in KEYS. Redis itself checks this only on
 * a cluster (and only across slots); the rule holds everywhere: a script names every key
 * it touches, or a cluster cannot route it and a proxy of Redis cannot tell what it reads.
 */
const GUARD = `
local declared = {}
for _, name in ipairs(KEYS) do declared[name] = true end
local server = redis
local function checked(run)
  return function(command, key, ...)
    if key ~= nil and not declared[key] then
      error('a script touched ' .. tostring(key) .. ' (' .. command .. ') without declaring it in KEYS')
    end
    return run(command, key, ...)
  end
end
local redis = setmetatable({ call = checked(server.call), pcall = checked(server.pcall) }, { __index = server })
`;

/** The client, its scripts refused whenever they touch a key they did not declare. */
export const declaredKeysOnly = <Client extends RedisScriptClient>(client: Client): Client =>
  new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'script') {
        return (subcommand: 'LOAD', lua: string) => target.script(subcommand, GUARD + lua);
      }
      if (property === 'eval') {
        return (lua: string, numkeys: number, ...args: Array<string | number>) =>
          target.eval(GUARD + lua, numkeys, ...args);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
