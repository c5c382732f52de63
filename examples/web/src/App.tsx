import { KycFlowProvider } from 'kyc-flow/react';
import { useMemo, useState } from 'react';
import { customerFromUrl, type DemoCustomer, showCustomerInUrl } from './customer';
import type { DemoConfig } from './demo-config';
import { DemoContext } from './demo-context';
import { StepView } from './flow/StepView';
import { inspectorFor } from './inspect';
import { Landing } from './Landing';
import { openCallCounter } from './panel/call-counter';
import { DeveloperPanel } from './panel/DeveloperPanel';
import { clearEventLog, openEventLog } from './panel/event-log';

/** `?storage=local` keeps the flow across tabs: one tab drives it, the others wait for their turn. */
const storageMode =
  new URLSearchParams(window.location.search).get('storage') === 'local' ? 'local' : 'session';
const storage = storageMode === 'local' ? window.localStorage : window.sessionStorage;

function Masthead({
  config,
  onSwitch,
}: {
  readonly config: DemoConfig;
  readonly onSwitch?: () => void;
}) {
  return (
    <header className="masthead">
      <div>
        <h1>Open your account</h1>
        <p className="subtitle">Confirm who you are. It takes about five minutes.</p>
      </div>
      <p className="demo-bar">
        <span>
          kyc-flow demo · sandbox at speed {config.speed} · the API secret stays on the server
        </span>
        {onSwitch ? (
          <button type="button" className="link" onClick={onSwitch}>
            Switch customer
          </button>
        ) : null}
      </p>
    </header>
  );
}

function Onboarding({ config, customer }: { config: DemoConfig; customer: DemoCustomer }) {
  const demo = useMemo(() => {
    openEventLog(storage, customer.customerId);
    openCallCounter(storage, customer.customerId);
    return { config, customer, storage };
  }, [config, customer]);
  return (
    <DemoContext.Provider value={demo}>
      <KycFlowProvider
        key={customer.customerId}
        proxyUrl="/api/kyc"
        customer={customer}
        storage={storageMode}
        polling={{ timeScale: config.speed }}
        inspect={inspectorFor(customer.customerId)}
      >
        <div className="layout">
          <main className="card">
            <StepView />
          </main>
          <DeveloperPanel />
        </div>
      </KycFlowProvider>
    </DemoContext.Provider>
  );
}

export function App({ config }: { readonly config: DemoConfig }) {
  const [customer, setCustomer] = useState(customerFromUrl);
  const choose = (next: DemoCustomer | undefined) => {
    showCustomerInUrl(next);
    if (!next) clearEventLog();
    setCustomer(next);
  };

  return (
    <div className="page">
      <Masthead config={config} {...(customer ? { onSwitch: () => choose(undefined) } : {})} />
      {customer ? (
        <Onboarding config={config} customer={customer} />
      ) : (
        <main className="card narrow">
          <Landing config={config} onStart={choose} />
        </main>
      )}
    </div>
  );
}
