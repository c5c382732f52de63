import { createElement, Fragment, StrictMode } from 'react';
import { KycFlowProvider, useKycFlowContext } from '../../src/adapters/react/index.js';

/**
 * A host's onboarding page rendered on its server and hydrated in the browser, the same
 * code on both sides: the step, and the execution it belongs to.
 */
export interface HydrationPageProps {
  readonly customerId: string;
  readonly authorization: string;
  readonly timeScale: number;
}

function StepShown() {
  const { step, executionId } = useKycFlowContext();
  return createElement(
    Fragment,
    null,
    createElement('p', { id: 'step' }, step),
    createElement('p', { id: 'execution' }, executionId ?? 'none'),
  );
}

export function HydrationPage({ customerId, authorization, timeScale }: HydrationPageProps) {
  return createElement(
    StrictMode,
    null,
    createElement(
      KycFlowProvider,
      {
        proxyUrl: '/api/kyc',
        customer: { customerId },
        headers: { authorization },
        polling: { timeScale, jitter: 0 },
      },
      createElement(StepShown),
    ),
  );
}
