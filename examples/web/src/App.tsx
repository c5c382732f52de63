import { KycFlowProvider, readHandoffToken } from 'kyc-flow/react';
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
import { pageStorage } from './saved';

/**
 * Where the flow is kept: by default the proxy keeps it for this browser's session
 * (`storage: 'server'`), so that it survives closing every tab and can continue on a phone;
 * `?storage=local` keeps it in this browser, shared by its tabs (one drives, the others wait
 * their turn); `?storage=session` in this tab only.
 */
const STORAGE_MODES = ['server', 'local', 'session'] as const;
type StorageMode = (typeof STORAGE_MODES)[number];
const asked = new URLSearchParams(window.location.search).get('storage');
const storageMode: StorageMode = STORAGE_MODES.find((mode) => mode === asked) ?? 'server';
/** The demo's own notes (its log, its call counts) stay in the browser. */
const storage = pageStorage(storageMode === 'local' ? 'localStorage' : 'sessionStorage');
/** The token of the handoff link this page was opened with: this is the phone. */
const handoffToken = readHandoffToken();

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
    return { config, customer, storage, canHandOff: storageMode === 'server' };
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

/** The phone that opened a handoff link: it continues the verification the computer handed over. */
function ContinuedOnPhone({ config, token }: { config: DemoConfig; token: string }) {
  const demo = useMemo(() => {
    const customer = { customerId: 'handoff', email: '', phone: '' };
    openEventLog(storage, customer.customerId);
    openCallCounter(storage, customer.customerId);
    return { config, customer, storage, canHandOff: false };
  }, [config]);
  return (
    <DemoContext.Provider value={demo}>
      <KycFlowProvider proxyUrl="/api/kyc" handoff={token} polling={{ timeScale: config.speed }}>
        <main className="card narrow">
          <StepView />
        </main>
      </KycFlowProvider>
    </DemoContext.Provider>
  );
}

export function App({ config }: { readonly config: DemoConfig }) {
  const [customer, setCustomer] = useState(() => customerFromUrl(storage));
  const choose = (next: DemoCustomer | undefined) => {
    showCustomerInUrl(next, storage);
    if (!next) clearEventLog();
    setCustomer(next);
  };

  if (handoffToken) {
    return (
      <div className="page">
        <Masthead config={config} />
        <ContinuedOnPhone config={config} token={handoffToken} />
      </div>
    );
  }
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
