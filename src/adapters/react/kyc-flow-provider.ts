import { createContext, createElement, type ReactNode, useContext } from 'react';
import type { UseKycFlowOptions, UseKycFlowResult } from './types.js';
import { useKycFlow } from './use-kyc-flow.js';

const KycFlowContext = createContext<UseKycFlowResult | null>(null);

export type KycFlowProviderProps = UseKycFlowOptions & { readonly children?: ReactNode };

/** Runs the customer's flow and shares it with every component below (`useKycFlowContext`). */
export function KycFlowProvider({ children, ...options }: KycFlowProviderProps) {
  const value = useKycFlow(options);
  return createElement(KycFlowContext.Provider, { value }, children);
}

/** The flow of the nearest `KycFlowProvider`. */
export function useKycFlowContext(): UseKycFlowResult {
  const value = useContext(KycFlowContext);
  if (value === null) {
    throw new Error('useKycFlowContext needs a <KycFlowProvider> above this component');
  }
  return value;
}
