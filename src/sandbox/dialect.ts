import { METHOD_NAMES, type MethodName } from '../services/wire/methods.js';
import type { Answer } from './answer.js';
import { brokenData } from './dialects/broken.js';
import { createDerivedKeys } from './dialects/derived-keys.js';
import { type DecisionStyle, deviantData } from './dialects/deviant.js';
import type { Engine } from './engine.js';

/**
 * How the sandbox words its answers. `standard` is the contract as the brief assumes it;
 * the others play a real gateway that differs from it, to prove the client reads tolerantly:
 * - `deviant`: every difference the client must tolerate. No customerId echoed on register,
 *   no status on start, nodes without callbackKey (or nodeId, or both), lower-case decisions,
 *   PENDING every other RUNNING answer, unknown fields everywhere, `apiCode` as a string,
 *   no `apiMsg`, `data` nested in `data.data`, submissions answered with `data: null`, a
 *   node's `config` and the `result` as JSON text (the config listing a document type the
 *   brief does not know), an `error` as its message alone, an OTP answer's counts as
 *   numeric strings and its `verified` as a word, an OCR answer in lower case with `null`
 *   for what it has not. It takes the callbackKeys a
 *   client derives for nodes sent without one.
 * - `undecided`: `deviant`, with decisions the client cannot know (APPROVED sent as
 *   MANUAL_REVIEW, REJECTED with no decision at all).
 * - `broken`: status answers without a status: a contract no reading can save.
 */
export type SandboxDialect = 'standard' | 'deviant' | 'undecided' | 'broken';

export const SANDBOX_DIALECTS: readonly SandboxDialect[] = [
  'standard',
  'deviant',
  'undecided',
  'broken',
];

const vendorMethods = new Set<string>(METHOD_NAMES);
const isMethod = (api: string): api is MethodName => vendorMethods.has(api);

const DECISIONS: Partial<Record<SandboxDialect, DecisionStyle>> = {
  deviant: 'lowercase',
  undecided: 'unknown',
};

/** The dialect layer between the HTTP face and the engine; switchable while it runs. */
export function createDialect(engine: Engine, initial: SandboxDialect = 'standard') {
  let dialect = checked(initial);
  const keys = createDerivedKeys(engine);
  const reads = new Map<string, number>();
  const statusRead = (executionId: string) => {
    const count = reads.get(executionId) ?? 0;
    reads.set(executionId, count + 1);
    return count;
  };

  return {
    get current(): SandboxDialect {
      return dialect;
    },
    set(next: SandboxDialect): void {
      dialect = checked(next);
    },
    /** Runs a gateway call, reading and answering in the current dialect. */
    call(api: string, body: unknown): Answer {
      const decision = DECISIONS[dialect];
      const request = decision ? keys.translate(body) : body;
      const answer = engine.call(api, request);
      if (!answer.ok || !isMethod(api) || dialect === 'standard') return answer;
      if (dialect === 'broken') return { ok: true, data: brokenData(api, answer.data) };
      const context = { body, decision: decision ?? 'lowercase', statusRead };
      return { ok: true, data: deviantData(api, answer.data, context) };
    },
    /** The envelope around an answer. */
    envelope(answer: Answer): Record<string, unknown> {
      if (!answer.ok) return { apiCode: answer.apiCode, apiMsg: answer.apiMsg, data: null };
      if (!DECISIONS[dialect]) return { apiCode: 200, apiMsg: 'OK', data: answer.data };
      const { data } = answer;
      const nested = typeof data === 'object' && data !== null ? { data, success: true } : data;
      return { apiCode: '200', data: nested };
    },
  };
}
export type Dialect = ReturnType<typeof createDialect>;

function checked(dialect: SandboxDialect): SandboxDialect {
  if (!SANDBOX_DIALECTS.includes(dialect)) {
    throw new RangeError(`unknown dialect "${dialect}" (known: ${SANDBOX_DIALECTS.join(', ')})`);
  }
  return dialect;
}
