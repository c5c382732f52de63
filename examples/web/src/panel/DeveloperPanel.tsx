import { useKycFlowContext } from 'kyc-flow/react';
import { useMemo } from 'react';
import { count } from '../words';
import { type CallCounts, useCallCounts } from './call-counter';
import { type LogEntry, useEventLog } from './event-log';
import { StateChart } from './StateChart';
import { waitsFor } from './waits-for';

const time = (at: number) =>
  `${new Date(at).toLocaleTimeString(undefined, { hour12: false })}.${String(at % 1000).padStart(3, '0')}`;

/** A dotted path that breaks only between its parts. */
function Path({ value }: { readonly value: string }) {
  const parts = value.split('.');
  return (
    <>
      {parts.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one path, in order
        <span key={index}>
          {index > 0 ? '.' : ''}
          {index > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </>
  );
}

const WORDS: ReadonlyArray<readonly [string, string]> = [
  ['workflow.applicant.register', 'registration'],
  ['workflow.apply.submit', 'start'],
  ['workflow.execution.status', 'status poll'],
  ['storage.upload', 'upload'],
  ['workflow.kyc.ocr.data', 'OCR poll'],
];

/** How many calls of the methods `which` picks, among those not named in `WORDS`. */
const countOf = (counts: CallCounts, which: (method: string) => boolean): number =>
  Object.entries(counts)
    .filter(([method]) => which(method) && !WORDS.some(([known]) => known === method))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * The page's calls in words: the usual ones by name, the submissions together, and the
 * proxy's own calls that keep the flow or hand it off (`flow.*`, `handoff.*`) apart.
 */
const describeCalls = (counts: CallCounts): string => {
  const named = WORDS.filter(([method]) => counts[method]).map(([method, word]) =>
    count(counts[method] ?? 0, word),
  );
  const submissions = countOf(counts, (method) => method.startsWith('workflow.'));
  const keeping = countOf(counts, (method) => !method.startsWith('workflow.'));
  const all = [
    ...named,
    ...(submissions > 0 ? [count(submissions, 'submission')] : []),
    ...(keeping > 0 ? [count(keeping, 'flow-keeping call')] : []),
  ];
  return all.length > 0 ? all.join(' · ') : 'none yet';
};

/** The states the log says the flow went through, and their ancestors. */
const visitedStates = (log: readonly LogEntry[]): Set<string> => {
  const visited = new Set<string>();
  for (const entry of log) {
    const parts = entry.state?.split('.') ?? [];
    for (let depth = 1; depth <= parts.length; depth += 1)
      visited.add(parts.slice(0, depth).join('.'));
  }
  return visited;
};

function EventLog({ log }: { readonly log: readonly LogEntry[] }) {
  return (
    <ol className="log" aria-label="Event log">
      {log.map((entry) =>
        entry.type === 'page loaded' ? (
          <li key={entry.id} className="separator">
            {time(entry.at)} · page loaded, the flow resumed
          </li>
        ) : (
          <li key={entry.id}>
            <span className="when">{time(entry.at)}</span> <code>{entry.type}</code>
            {entry.state ? (
              <span className="to">
                {' → '}
                <Path value={entry.state} />
              </span>
            ) : null}
            {entry.detail ? <div className="detail">{entry.detail}</div> : null}
          </li>
        ),
      )}
    </ol>
  );
}

/** Beside the page, for the team evaluating kyc-flow: what the flow brain is doing. */
export function DeveloperPanel() {
  const flow = useKycFlowContext();
  const log = useEventLog();
  const calls = useCallCounts();
  const visited = useMemo(() => visitedStates(log), [log]);
  return (
    <aside className="card panel" aria-label="Flow brain">
      <h2>Flow brain</h2>
      <p className="panel-note">
        For developers: what the page's flow is doing. Customers never see this.
      </p>
      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd data-testid="state-path">
            <Path value={flow.state} />
          </dd>
        </div>
        <div>
          <dt>Execution</dt>
          <dd data-testid="execution-id">{flow.executionId ?? '—'}</dd>
        </div>
        <div>
          <dt>Waits for</dt>
          <dd data-testid="waits-for">{waitsFor(flow)}</dd>
        </div>
        <div>
          <dt>Proxy calls</dt>
          <dd data-testid="call-counts">{describeCalls(calls)}</dd>
        </div>
      </dl>
      <h3>Chart</h3>
      <StateChart active={flow.state} visited={visited} done={flow.done} />
      <h3>Events</h3>
      <EventLog log={log} />
    </aside>
  );
}
