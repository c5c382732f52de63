import { GATEWAY_CODES, WORKFLOW_CODES } from '../services/wire/vocabulary.js';

/** What the engine answers a call: the envelope's `data`, or a failure code and message. */
export type Answer =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly apiCode: number; readonly apiMsg: string };

export type Refusal = Extract<Answer, { ok: false }>;

const CODES = { ...GATEWAY_CODES, ...WORKFLOW_CODES };
export type CodeName = keyof typeof CODES;

export const ok = (data: unknown): Answer => ({ ok: true, data });

/** `apiMsg` starts with the code's name, then says what was wrong (never a value). */
export const refuse = (name: CodeName, detail?: string): Refusal => ({
  ok: false,
  apiCode: CODES[name],
  apiMsg: detail ? `${name}: ${detail}` : name,
});
