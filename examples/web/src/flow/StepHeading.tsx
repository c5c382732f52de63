import { useKycFlowContext } from 'kyc-flow/react';
import { createContext, type ReactNode, useContext, useEffect, useRef } from 'react';

/** The heading the step area showed last: the first one of a page load takes no focus. */
const LastHeading = createContext<{ current: string | undefined }>({ current: undefined });

export function StepHeadings({ children }: { readonly children: ReactNode }) {
  const last = useRef<string | undefined>(undefined);
  return <LastHeading.Provider value={last}>{children}</LastHeading.Provider>;
}

/** What the flow last refused or tripped over, in the customer's words, under the heading. */
export function ErrorNotice() {
  const { error } = useKycFlowContext();
  if (!error) return null;
  return (
    <p className="notice error" role="alert">
      {error.customerMessage}
    </p>
  );
}

/**
 * A step's heading. When the step area changes to a new one, focus moves here, so that
 * keyboard and screen-reader users start reading at the new step, not at the page's top.
 */
export function StepHeading({
  children,
  showError = true,
}: {
  readonly children: string;
  /** `false` where the step words the error itself. */
  readonly showError?: boolean;
}) {
  const last = useContext(LastHeading);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (last.current !== undefined && last.current !== children) heading.current?.focus();
    last.current = children;
  }, [children, last]);
  return (
    <>
      <h2 ref={heading} tabIndex={-1} className="step-heading">
        {children}
      </h2>
      {showError ? <ErrorNotice /> : null}
    </>
  );
}
