import { describe, expect, it } from 'vitest';
import { type BodyPace, readLimitedBody } from '../../src/adapters/proxy/read-body.js';

const PACE: BodyPace = { withinMs: 3000, graceMs: 60, minBytesPerSecond: 10_000 };

/** A request whose body hands over `size` bytes every `everyMs`, `count` times. */
const trickle = (size: number, everyMs: number, count: number) => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      if (sent === count) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      sent += 1;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return new Request('http://proxy.test/', { method: 'POST', body, duplex: 'half' } as RequestInit);
};

describe('readLimitedBody', () => {
  it('reads a body that keeps its pace, however many chunks it comes in', async () => {
    // 2000 bytes every 10 ms: 200 kB/s, far above the 10 kB/s floor.
    const read = await readLimitedBody(trickle(2000, 10, 10), 1_000_000, PACE);
    expect(read).toMatchObject({ ok: true });
    expect(read.ok && read.bytes.byteLength).toBe(20_000);
  });

  it('cuts a body that stalls past the grace, or falls below the floor after it', async () => {
    const stalled = new Request('http://proxy.test/', {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) }),
      duplex: 'half',
    } as RequestInit);
    const began = Date.now();
    expect(await readLimitedBody(stalled, 1_000_000, PACE)).toEqual({
      ok: false,
      reason: 'tooSlow',
    });
    expect(Date.now() - began).toBeGreaterThanOrEqual(PACE.graceMs - 5);
    // 100 bytes every 30 ms: about 3 kB/s, under the floor once the grace is over.
    expect(await readLimitedBody(trickle(100, 30, 100), 1_000_000, PACE)).toEqual({
      ok: false,
      reason: 'tooSlow',
    });
  });

  it('cuts a body at its deadline even while it keeps the floor', async () => {
    // 2000 bytes every 10 ms (200 kB/s) for 300 chunks: 3 s at least, past the 300 ms.
    const began = Date.now();
    const deadline = { ...PACE, withinMs: 300 };
    expect(await readLimitedBody(trickle(2000, 10, 300), 10_000_000, deadline)).toEqual({
      ok: false,
      reason: 'tooSlow',
    });
    expect(Date.now() - began).toBeLessThan(2500);
  });

  it('still refuses a body past its limit', async () => {
    expect(await readLimitedBody(trickle(1000, 1, 5), 3000, PACE)).toEqual({
      ok: false,
      reason: 'tooLarge',
    });
  });
});
