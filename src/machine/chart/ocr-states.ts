import { ocrReadAt } from '../deadlines.js';
import { stateConfig } from '../setup.js';
import { awaitingHost } from './awaiting-host.js';
import { movedOnRoutes } from './error-routes.js';
import { POLLING } from './ids.js';

/**
 * Reads of one document's OCR before one still not done counts as failed: about 2½ minutes
 * of reads at the default pace (the vendor: OCR takes 5–15 s).
 */
const OCR_MAX_READS = 40;

/** After an identity document: its OCR, read until it succeeds or fails. */
export const ocrStates = {
  extracting: stateConfig({
    tags: ['ocr'],
    invoke: {
      id: 'pollOcr',
      src: 'pollOcr',
      input: ({ context }) => ({
        executionId: context.executionId ?? '',
        callbackKey: context.ocr?.callbackKey ?? context.node?.callbackKey ?? '',
        notBefore: ocrReadAt(context),
        last: (context.ocr?.reads ?? 0) >= OCR_MAX_READS - 1,
      }),
      onDone: [
        {
          guard: { type: 'ocrIs', params: { status: 'SUCCESS' } },
          target: POLLING,
          actions: ['ocrRead', 'tellOcrResult'],
        },
        {
          guard: { type: 'ocrIs', params: { status: 'FAILED' } },
          target: 'ocrFailed',
          actions: ['ocrRead', 'announceOcrFailed'],
        },
        { target: 'extracting', reenter: true, actions: 'ocrRead' },
      ],
      onError: [
        ...movedOnRoutes,
        { target: 'ocrFailed', actions: ['ocrBroken', 'announceOcrFailed'] },
      ],
    },
  }),
  ocrFailed: stateConfig({
    ...awaitingHost('identityDocument', 'ocrFailed', ['RETAKE']),
    on: { RETAKE: { target: POLLING, actions: 'expectNode' } },
  }),
};
