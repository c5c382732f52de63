import { describe, expect, it } from 'vitest';
import { createFlowActions } from '../../src/adapters/browser/flow-actions.js';
import type { HostEvent } from '../../src/machine/types.js';

/** A page's flow with uploads that take a moment, counted. */
const page = () => {
  const uploaded: string[] = [];
  const sent: HostEvent['type'][] = [];
  const actions = createFlowActions({
    send: (event) => sent.push(event.type),
    getView: () => ({ executionId: 'exec-1' }),
    async upload(file) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const name = file instanceof File ? file.name : 'blob';
      uploaded.push(name);
      return { url: `s3://bucket/${name}`, filename: name, content_type: 'image/png' };
    },
  });
  return { actions, uploaded, sent };
};

const photo = (name: string) => new File([new Uint8Array(1_000)], name, { type: 'image/png' });

describe('a capture made twice', () => {
  it('with the same files while the first is sent (a double click): uploaded and submitted once', async () => {
    const { actions, uploaded, sent } = page();
    const capture = {
      documentType: 'INTERNATIONAL_PASSPORT' as const,
      region: 'SG',
      front: photo('front.png'),
      back: photo('back.png'),
    };
    await Promise.all([
      actions.submitIdentityDocument(capture),
      actions.submitIdentityDocument(capture),
    ]);
    expect(uploaded.sort()).toEqual(['back.png', 'front.png']);
    expect(sent).toEqual(['SUBMIT_IDENTITY_DOCUMENT']);

    const face = photo('selfie.png');
    await Promise.all([actions.submitLiveness({ face }), actions.submitLiveness({ face })]);
    expect(uploaded.filter((name) => name === 'selfie.png')).toEqual(['selfie.png']);
  });

  it('with other files, or once the first is sent: each goes', async () => {
    const { actions, uploaded, sent } = page();
    await Promise.all([
      actions.submitLiveness({ face: photo('first.png') }),
      actions.submitLiveness({ face: photo('second.png') }),
    ]);
    const face = photo('again.png');
    await actions.submitLiveness({ face });
    await actions.submitLiveness({ face });
    expect(uploaded.sort()).toEqual(['again.png', 'again.png', 'first.png', 'second.png']);
    expect(sent).toHaveLength(4);
  });
});
