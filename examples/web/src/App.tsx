import { KycFlowProvider } from 'kyc-flow/react';
import { useState } from 'react';
import { ChartPanel } from './ChartPanel';
import { customerFromUrl, type DemoCustomer, showCustomerInUrl } from './customer';
import type { DemoConfig } from './demo-config';
import { clearEventLog } from './event-log';
import { inspectorFor } from './inspect';
import { Landing } from './Landing';
import { StepView } from './StepView';

/** `?storage=local` keeps the flow across tabs: one tab drives it, the others wait for their turn. */
const storage =
  new URLSearchParams(window.location.search).get('storage') === 'local' ? 'local' : 'session';

export function App({ config }: { readonly config: DemoConfig }) {
  const [customer, setCustomer] = useState(customerFromUrl);
  const choose = (next: DemoCustomer | undefined) => {
    showCustomerInUrl(next);
    clearEventLog();
    setCustomer(next);
  };

  return (
    <div className="page">
      <header className="masthead">
        <h1>Open your account</h1>
        <p className="muted">
          kyc-flow demo · sandbox gateway at speed {config.speed} · the secret stays on the server
        </p>
      </header>
      {customer ? (
        <KycFlowProvider
          key={customer.customerId}
          proxyUrl="/api/kyc"
          customer={customer}
          storage={storage}
          polling={{ timeScale: config.speed }}
          inspect={inspectorFor(customer.customerId)}
        >
          <div className="layout">
            <main className="card">
              <StepView config={config} onLeave={() => choose(undefined)} />
            </main>
            <ChartPanel />
          </div>
        </KycFlowProvider>
      ) : (
        <main className="card narrow">
          <Landing config={config} onStart={choose} />
        </main>
      )}
    </div>
  );
}
