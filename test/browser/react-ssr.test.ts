import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { KycFlowProvider, useKycFlowContext } from '../../src/adapters/react/index.js';

function StepName() {
  const { step, expects } = useKycFlowContext();
  return createElement('p', null, `${step}:${expects.join(',')}`);
}

it('renders on the server (no DOM, relative proxy URL) without calling anyone', () => {
  expect(typeof window).toBe('undefined');
  const calls: string[] = [];
  const html = renderToString(
    createElement(
      KycFlowProvider,
      {
        proxyUrl: '/api/kyc',
        customer: { customerId: 'C_ssr' },
        fetch: async (input) => {
          calls.push(String(input));
          return new Response('{}');
        },
      },
      createElement(StepName),
    ),
  );
  expect(html).toBe('<p>idle:START</p>');
  expect(calls).toEqual([]);
});
