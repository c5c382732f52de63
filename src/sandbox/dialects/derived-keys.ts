import { callbackKeyFor } from '../../services/wire/fallbacks.js';
import type { Engine } from '../engine.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How a gateway that sends no callbackKey takes the ones a client derives for it (see
 * `fallbackCallbackKey`): a key spelled for the node the execution is at (`kyc:<word>:
 * <executionId>:…`, the word of that node's type) names that node, and stays bound to it.
 * So repeats under the key are idempotent, and a key bound to a node that has moved on
 * meets NODE_NOT_WAITING like any stale key.
 */
export function createDerivedKeys(engine: Engine) {
  const bound = new Map<string, string>();

  const resolve = (executionId: string, key: string): string => {
    const known = bound.get(key);
    if (known !== undefined) return known;
    const node = engine.execution(executionId)?.node;
    if (!node || node.callbackKey === key) return key;
    if (!key.startsWith(callbackKeyFor(node.nodeType, executionId, ''))) return key;
    bound.set(key, node.callbackKey);
    return node.callbackKey;
  };

  return {
    /** The request with a derived callbackKey replaced by the key of the node it names. */
    translate(body: unknown): unknown {
      if (!isRecord(body)) return body;
      const { executionId, callbackKey } = body;
      if (typeof executionId !== 'string' || typeof callbackKey !== 'string') return body;
      const real = resolve(executionId, callbackKey);
      return real === callbackKey ? body : { ...body, callbackKey: real };
    },
  };
}
export type DerivedKeys = ReturnType<typeof createDerivedKeys>;
