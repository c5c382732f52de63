import type { MethodName } from '../../services/wire/methods.js';

/**
 * A gateway whose status answers break the contract beyond any tolerant reading: no
 * `status` at all. Everything else answers as usual, so a flow gets as far as tracking.
 */
export function brokenData(method: MethodName, data: unknown): unknown {
  if (method !== 'workflow.execution.status' || typeof data !== 'object' || data === null) {
    return data;
  }
  const { status: _gone, ...rest } = data as Record<string, unknown>;
  return rest;
}
