import type { PersistedFlow } from './types.js';

/** Invoked actors whose input holds a secret, and the fields to strip. */
const SECRET_INPUTS: Record<string, readonly string[]> = { verifyOtp: ['code'] };

interface PersistedChild {
  src?: unknown;
  snapshot?: { input?: Record<string, unknown>; children?: Record<string, PersistedChild> };
}

/**
 * Wraps an XState persisted snapshot for storage: a JSON copy, with every OTP code removed
 * (a restored verify finds no code and asks the host for it again).
 */
export function toPersistedFlow(persistedSnapshot: unknown): PersistedFlow {
  const snapshot = JSON.parse(JSON.stringify(persistedSnapshot)) as {
    children?: Record<string, PersistedChild>;
  };
  scrubChildren(snapshot.children);
  return { version: 1, snapshot };
}

function scrubChildren(children: Record<string, PersistedChild> | undefined): void {
  for (const child of Object.values(children ?? {})) {
    const secrets = typeof child.src === 'string' ? SECRET_INPUTS[child.src] : undefined;
    const input = child.snapshot?.input;
    if (secrets && input) for (const field of secrets) delete input[field];
    scrubChildren(child.snapshot?.children);
  }
}

export class PersistedFlowError extends TypeError {
  override readonly name = 'PersistedFlowError';
}

/** The XState snapshot inside a `PersistedFlow`, after checking its shape and version. */
export function fromPersistedFlow(persisted: PersistedFlow): Record<string, unknown> {
  if (!persisted || typeof persisted !== 'object' || persisted.version !== 1) {
    throw new PersistedFlowError('not a kyc-flow snapshot (expected { version: 1, snapshot })');
  }
  const { snapshot } = persisted;
  if (
    !snapshot ||
    typeof snapshot !== 'object' ||
    !('value' in snapshot) ||
    !('context' in snapshot)
  ) {
    throw new PersistedFlowError('the persisted snapshot has no state value or context');
  }
  // A copy: the restored actor must not share objects with the caller's data.
  return JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown>;
}
