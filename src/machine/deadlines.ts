import type { ExecutionState } from '../services/wire/records.js';
import type { FlowContext } from './context.js';
import { nextPollDelay, nextRetryDelay, type PollPhase, statusFloorMs } from './polling.js';
import { isUnknownStatus } from './routing.js';

/**
 * Every deadline the chart waits for, computed here from the pure policy (`polling.ts`) and
 * carried in its actor's input, so that a restored wait ends on time (epoch ms).
 */

/**
 * The next status read: never sooner than the floor after the last answer (`lastPollAt`),
 * nor than the time a read the gateway refused with a `Retry-After` named (a watch's; one
 * that suspends the flow is waited out by `suspended`, `retryAt`).
 */
export function statusReadAt(context: FlowContext, phase: PollPhase, at = Date.now()): number {
  const { lastSubmitAt, lastPollAt, pollAttempts, notBefore = 0 } = context.timing;
  const delay = nextPollDelay(
    {
      phase,
      attempts: pollAttempts,
      ...(lastSubmitAt === undefined ? {} : { sinceSubmitMs: at - lastSubmitAt }),
    },
    context.polling,
  );
  const afterFloor = lastPollAt === undefined ? 0 : lastPollAt + statusFloorMs(context.polling);
  return Math.max(at + delay, afterFloor, notBefore);
}

/** The next read of the OCR result, paced by the reads made so far. */
export const ocrReadAt = (context: FlowContext, at = Date.now()): number =>
  at + nextPollDelay({ phase: 'ocr', attempts: context.ocr?.reads ?? 0 }, context.polling);

/** The end of `suspended`'s back-off, counted from when the flow was suspended. */
export const retryAt = (context: FlowContext, at = Date.now()): number =>
  (context.timing.suspendedAt ?? at) +
  nextRetryDelay(context.timing.suspensions, context.polling, context.timing.retryAfterMs);

/**
 * How long a node may keep waiting under the callbackKey of an answer the gateway took
 * (scaled like every wait) before the flow sends that answer once more, and, after that
 * one, before it stops in `needsAttention`: an engine that screens, reads a document or
 * waits on a back office moves on well within it; one that never does would be read for
 * ever. As long as a flow lets an unlisted status last by default (`maxUnknownStatusMs`).
 */
export const ANSWER_WAIT_MS = 600_000;

/** Without a cooldown from the gateway, the vendor's usual 30 s (scaled like every wait). */
export const DEFAULT_OTP_COOLDOWN_MS = 30_000;

/**
 * The longest cooldown waited out before RESEND_OTP is allowed (scaled like every wait): a
 * gateway's figure past it (a typo, milliseconds sent as seconds) would strand the customer
 * for ever; a resend the gateway still refuses then comes back to the host as its refusal.
 */
export const MAX_OTP_COOLDOWN_MS = 600_000;

/** When a code sent at `sentAt` may be sent again: the gateway's cooldown, else the usual one. */
export const resendAt = (
  { polling }: FlowContext,
  sentAt: number,
  cooldownSeconds: number | undefined,
): number =>
  sentAt +
  Math.min(
    cooldownSeconds === undefined
      ? DEFAULT_OTP_COOLDOWN_MS / polling.timeScale
      : cooldownSeconds * 1000,
    MAX_OTP_COOLDOWN_MS / polling.timeScale,
  );

/**
 * How long the execution may show a status the guide does not list (or WAITING with no
 * node) before the flow stops in `needsAttention` (`UNKNOWN_STATUS`), in real ms, not
 * scaled: the option `maxUnknownStatusMs` of a flow, a page and a run.
 */
export const DEFAULT_MAX_UNKNOWN_STATUS_MS = 600_000;

/** Neither running nor final as far as the guide says, nor a node to answer. */
const unlisted = (status: string | undefined, node: unknown): boolean =>
  status !== undefined && (isUnknownStatus(status) || (status === 'WAITING' && !node));

/**
 * Since when the execution has shown an unlisted status (now, if the answer before was one
 * the guide describes), or `undefined` for an answer the guide describes. Whatever the
 * word: a gateway counting `STEP_3`, `STEP_4`… is no nearer an outcome the guide names.
 */
export const unlistedSince = (
  { status, node, timing }: FlowContext,
  execution: ExecutionState,
): number | undefined =>
  unlisted(execution.status, execution.currentNode)
    ? (unlisted(status, node) && timing.unlistedSince) || Date.now()
    : undefined;
