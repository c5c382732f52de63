import type { PollOcrOutput } from '../actors/poll-ocr.js';
import type { OcrState } from '../context.js';
import { errorOf, outputOf } from '../event-data.js';
import { toFlowError } from '../flow-error.js';
import { assignFlow, emitFlow } from './typed.js';

/** The OCR of a submitted identity document: submitted, read, failed. */
export const ocrActions = {
  ocrSubmitted: assignFlow(({ context }) => ({
    ocr: {
      callbackKey: context.node?.callbackKey ?? '',
      status: 'extracting' as const,
      submittedAt: Date.now(),
      reads: 0,
    },
  })),
  /** A read's answer, kept; the chart tells a SUCCESS (`tellOcrResult`) or FAILED after it. */
  ocrRead: assignFlow(({ context, event }) => {
    if (!context.ocr) return {};
    const { status, result, reason } = outputOf<PollOcrOutput>(event);
    let ocr: OcrState = { ...context.ocr, reads: context.ocr.reads + 1 };
    if (status === 'SUCCESS') ocr = { ...ocr, status: 'succeeded', result: result ?? {} };
    else if (status === 'FAILED') ocr = { ...ocr, status: 'failed', ...(reason ? { reason } : {}) };
    // A readable answer: the trouble of the reads before it is over.
    return { ocr, timing: { ...context.timing, suspensions: 0, contractBreaks: 0 } };
  }),
  tellOcrResult: emitFlow(({ context }) => ({
    type: 'ocrResult' as const,
    result: context.ocr?.result ?? {},
  })),
  /** The read itself failed: the OCR failed with its reason (told by `announceOcrFailed`). */
  ocrBroken: assignFlow(({ context, event }) => {
    const error = toFlowError(errorOf(event));
    return {
      ...(context.ocr
        ? { ocr: { ...context.ocr, status: 'failed' as const, reason: error.message } }
        : {}),
      error,
    };
  }),
  /** The OCR failed: its reason, if it has one. */
  announceOcrFailed: emitFlow(({ context }) => ({
    type: 'ocrFailed' as const,
    ...(context.ocr?.reason ? { reason: context.ocr.reason } : {}),
  })),
};
