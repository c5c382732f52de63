import { createContext, useContext } from 'react';
import type { DemoCustomer } from './customer';
import type { DemoConfig } from './demo-config';

/** What every part of the demo page may need besides the flow. */
export interface Demo {
  readonly config: DemoConfig;
  readonly customer: DemoCustomer;
  /** Where the demo keeps its own notes (progress, log, call counts): the flow's storage. */
  readonly storage: Storage;
  /** Whether this page may hand the verification to a phone (the proxy keeps the flow, and this is not the phone). */
  readonly canHandOff: boolean;
}

export const DemoContext = createContext<Demo | null>(null);

export function useDemo(): Demo {
  const demo = useContext(DemoContext);
  if (!demo) throw new Error('useDemo needs a DemoContext above it');
  return demo;
}
