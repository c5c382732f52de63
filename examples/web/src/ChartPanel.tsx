import { kycFlowMachine, useKycFlowContext } from 'kyc-flow/react';
import { useEffect, useState } from 'react';
import { useEventLog } from './event-log';

/** The parts of an XState state node the tree needs. */
interface ChartNode {
  readonly key: string;
  readonly type: string;
  readonly states: Readonly<Record<string, ChartNode>>;
}

function StateTree({ node, path, active }: { node: ChartNode; path: string; active: string }) {
  const isActive = path === '' || active === path || active.startsWith(`${path}.`);
  const children = Object.values(node.states);
  // Only the active branch unfolds; the rest stays one line each.
  const open = isActive && children.length > 0;
  return (
    <li
      className={`${isActive ? 'active' : ''} ${node.type === 'final' ? 'final' : ''}`}
      data-path={path || node.key}
    >
      <span>{node.key}</span>
      {open ? (
        <ul>
          {children.map((child) => (
            <StateTree
              key={child.key}
              node={child}
              path={path ? `${path}.${child.key}` : child.key}
              active={active}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

interface SandboxCounters {
  readonly registrations: number;
  readonly starts: number;
  readonly calls: Record<string, number>;
}

/** The sandbox's counters, read every few seconds while the page is visible. */
function useSandboxCounters(): SandboxCounters | undefined {
  const [counters, setCounters] = useState<SandboxCounters>();
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      if (document.visibilityState === 'hidden') return;
      const response = await fetch('/demo/stats').catch(() => undefined);
      if (!stopped && response?.ok) setCounters((await response.json()) as SandboxCounters);
    };
    void read();
    const timer = setInterval(() => void read(), 2_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return counters;
}

const time = (at: number) =>
  new Date(at).toLocaleTimeString(undefined, { hour12: false }) +
  `.${String(at % 1000).padStart(3, '0')}`;

export function ChartPanel() {
  const flow = useKycFlowContext();
  const log = useEventLog();
  const counters = useSandboxCounters();
  const root = kycFlowMachine.root as unknown as ChartNode;
  const polls = counters?.calls['workflow.execution.status'] ?? 0;

  return (
    <aside className="card chart" aria-label="Flow brain">
      <h2>Flow brain</h2>
      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd data-testid="state-path">{flow.state}</dd>
        </div>
        <div>
          <dt>Execution</dt>
          <dd data-testid="execution-id">{flow.executionId ?? '—'}</dd>
        </div>
        <div>
          <dt>Waits for</dt>
          <dd>
            {flow.expects.length > 0 ? flow.expects.join(', ') : 'nothing (working by itself)'}
          </dd>
        </div>
        <div>
          <dt>Sandbox</dt>
          <dd data-testid="sandbox-counters">
            {counters
              ? `${counters.registrations} registration · ${counters.starts} start · ${polls} status polls`
              : '…'}
          </dd>
        </div>
      </dl>
      <h3>Chart</h3>
      <ul className="tree">
        <StateTree node={root} path="" active={flow.state} />
      </ul>
      <h3>Events</h3>
      <ol className="log" aria-label="Event log">
        {log.map((entry) => (
          <li key={entry.id}>
            <span className="muted small">{time(entry.at)}</span> <code>{entry.type}</code>
            {entry.state ? <span className="muted small"> → {entry.state}</span> : null}
            {entry.detail ? <div className="detail">{entry.detail}</div> : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
