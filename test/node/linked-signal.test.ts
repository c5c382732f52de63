import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkedSignal } from '../../src/adapters/node/linked-signal.js';

describe('linkedSignal', () => {
  it('aborts every run following a source with its reason, by one listener on it', () => {
    const shutdown = new AbortController();
    const job = new AbortController();
    const links = Array.from({ length: 50 }, () => linkedSignal([shutdown.signal, job.signal]));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(1);
    const reason = new Error('shutting down');
    shutdown.abort(reason);
    expect(links.map((link) => link.signal.reason)).toEqual(links.map(() => reason));
    for (const link of links) link.release();
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
  });

  it('leaves nothing on its sources once every run has let go, and follows them afresh', () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 3; i++) linkedSignal([shutdown.signal]).release();
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    const late = linkedSignal([shutdown.signal]);
    shutdown.abort('late');
    expect(late.signal.reason).toBe('late');
  });

  it('is aborted at once when a source already is', () => {
    const link = linkedSignal([new AbortController().signal, AbortSignal.abort('gone')]);
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('gone');
  });
});
