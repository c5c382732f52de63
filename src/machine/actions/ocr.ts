import type { PollOcrOutput } from '../actors/poll-ocr.js';
import type { OcrState } from '../context.js';
import { errorOf, outputOf } from '../event-data.js';
import { toFlowError } from '../flow-error.js';
import { assignFlow, emitFlow, enqueueFlow } from './typed.js';

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
  ocrRead: enqueueFlow(({ context, event, enqueue }) => {
    if (!context.ocr) return;
    const { status, result, reason } = outputOf<PollOcrOutput>(event);
    let ocr: OcrState = { ...context.ocr, reads: context.ocr.reads + 1 };
    if (status === 'SUCCESS') {
      const ocrResult = result ?? {};
      ocr = { ...ocr, status: 'succeeded', result: ocrResult };
      enqueue.emit({ type: 'ocrResult', result: ocrResult });
    } else if (status === 'FAILED') {
      ocr = { ...ocr, status: 'failed', ...(reason ? { reason } : {}) };
      enqueue.emit({ type: 'ocrFailed', ...(reason ? { reason } : {}) });
    }
    // A readable answer: the trouble of the reads before it is over.
    enqueue.assign({ ocr, timing: { ...context.timing, suspensions: 0, contractBreaks: 0 } });
  }),
  ocrBroken: enqueueFlow(({ context, event, enqueue }) => {
    const error = toFlowError(errorOf(event));
    if (context.ocr)
      enqueue.assign({ ocr: { ...context.ocr, status: 'failed', reason: error.message } });
    enqueue.assign({ error });
    enqueue.emit({ type: 'ocrFailed', reason: error.message });
  }),
  announceOcrFailed: emitFlow(({ context }) => ({
    type: 'ocrFailed' as const,
    ...(context.ocr?.reason ? { reason: context.ocr.reason } : {}),
  })),
};
