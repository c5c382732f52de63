import { afterEach, describe, expect, it, vi } from 'vitest';
import { HANDOFF_PARAM, readHandoffToken } from '../../src/adapters/browser/handoff-link.js';
import { linkMaker } from '../../src/adapters/browser/link-address.js';
import type { ServerParts } from '../../src/adapters/browser/server-side.js';
import type { BrowserFlowOptions } from '../../src/adapters/browser/types.js';

// Only what making a link reads: the options and the fragment's name.
const partsWith = (options: Partial<BrowserFlowOptions>) =>
  ({ options: { proxyUrl: '/api/kyc', ...options }, param: HANDOFF_PARAM }) as ServerParts;

afterEach(() => vi.unstubAllGlobals());

describe('handoff link addresses', () => {
  it("is this page's address without its query, the token in the fragment", () => {
    vi.stubGlobal('location', new URL('https://shop.example/onboard?customer=C_42#step-3'));
    const link = linkMaker(partsWith({}))('tok_abc-123');
    expect(link).toBe('https://shop.example/onboard#kyc-handoff=tok_abc-123');
    expect(readHandoffToken(link)).toBe('tok_abc-123');
  });

  it('keeps a page opened from a file a working address', () => {
    vi.stubGlobal('location', new URL('file:///home/demo/index.html?x=1'));
    expect(linkMaker(partsWith({}))('t1')).toBe('file:///home/demo/index.html#kyc-handoff=t1');
  });

  it("uses the host's handoffUrl when given, page or not", () => {
    const parts = partsWith({ handoffUrl: (token) => `https://m.shop.example/kyc#t=${token}` });
    expect(linkMaker(parts)('t2')).toBe('https://m.shop.example/kyc#t=t2');
  });

  it('asks for handoffUrl where there is no page address, before any link is made', () => {
    vi.stubGlobal('location', undefined);
    expect(() => linkMaker(partsWith({}))).toThrow(/handoffUrl/);
  });
});
