import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createBrowserFlow, readHandoffToken } from '../../src/adapters/browser/index.js';
import { KycFlowProvider } from '../../src/adapters/react/index.js';

/**
 * A browser flow is some customer's: the page names them, or the handoff link it was opened
 * with does. One with neither could be neither saved nor resumed, so the types refuse it
 * where it is written, and it throws at run time for plain JavaScript callers.
 */
describe('whose flow a page runs', () => {
  it('refuses a flow with neither customer nor handoff, by type and at run time', () => {
    // @ts-expect-error the type asks for `customer` unless `handoff` is given
    expect(() => createBrowserFlow({ proxyUrl: '/api/kyc' })).toThrow(TypeError);
    // @ts-expect-error a token that may be missing is no customer
    expect(() => createBrowserFlow({ proxyUrl: '/api/kyc', handoff: undefined })).toThrow(
      /needs customer/,
    );
  });

  it('refuses it in React too, where it would throw during render', () => {
    // @ts-expect-error the provider takes the flow's options, `customer` included
    const page = createElement(KycFlowProvider, { proxyUrl: '/api/kyc' });
    expect(() => renderToString(page)).toThrow(TypeError);
  });

  it("takes a link's token in place of the customer, and beside one when the page may have none", () => {
    const token = readHandoffToken('https://shop.example/onboard');
    expectTypeOf(token).toEqualTypeOf<string | undefined>();
    const customer = { customerId: 'C_phone' };
    const own = createBrowserFlow({ proxyUrl: '/api/kyc', handoff: token, customer });
    const handedOver = createBrowserFlow({ proxyUrl: '/api/kyc', handoff: 'tok_1' });
    expect(own.getView().step).toBe('idle');
    expect(handedOver.getView().step).toBe('idle');
  });
});
