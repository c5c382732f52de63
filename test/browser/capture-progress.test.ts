import { describe, expect, it } from 'vitest';
import {
  identityDocumentEvent,
  type Uploading,
} from '../../src/adapters/browser/capture-events.js';
import type { UploadProgress } from '../../src/adapters/browser/types.js';

/** An upload that reports as XMLHttpRequest does: the whole form, a file and its parts. */
const FORM_OVERHEAD = 300;
const sending: Uploading = {
  async upload(file, options = {}) {
    const body = file.size + FORM_OVERHEAD;
    for (const loaded of [0, Math.round(body / 2), body]) {
      options.onProgress?.({ loaded, total: body });
      await Promise.resolve();
    }
    return { url: `s3://bucket/${file.size}`, filename: 'side.png', content_type: 'image/png' };
  },
};

describe('the progress of a capture sent in several files', () => {
  it('never goes past 100 %, and ends at it', async () => {
    const seen: UploadProgress[] = [];
    await identityDocumentEvent(
      sending,
      {
        documentType: 'INTERNATIONAL_PASSPORT',
        region: 'SG',
        front: new File([new Uint8Array(23_990)], 'front.png', { type: 'image/png' }),
        back: new File([new Uint8Array(6_853)], 'back.png', { type: 'image/png' }),
      },
      { onProgress: (progress) => seen.push(progress) },
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter(({ loaded, total = 0 }) => loaded > total)).toEqual([]);
    const last = seen.at(-1);
    expect(last?.loaded).toBe(last?.total);
  });
});
