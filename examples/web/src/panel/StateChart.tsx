import { CHART, type ChartState, edgesFrom } from './chart-model';

type Lit = 'active' | 'visited' | '';

const litOf = (state: ChartState, active: string, visited: ReadonlySet<string>): Lit =>
  active === state.path || active.startsWith(`${state.path}.`)
    ? 'active'
    : visited.has(state.path)
      ? 'visited'
      : '';

/**
 * One state as Harel draws it: a rounded box, its children inside, the initial one marked
 * with a dot, final ones with a double border. The active path is lit; states the flow
 * has been through are tinted.
 */
function StateBox({
  state,
  active,
  visited,
}: {
  readonly state: ChartState;
  readonly active: string;
  readonly visited: ReadonlySet<string>;
}) {
  const lit = litOf(state, active, visited);
  const classes = [
    'state',
    lit,
    state.final ? 'final' : '',
    state.children.length ? 'compound' : 'leaf',
  ];
  return (
    <li
      className={classes.filter(Boolean).join(' ')}
      data-path={state.path}
      aria-current={active === state.path ? 'true' : undefined}
    >
      <span className="state-name">
        {state.initial ? <span className="initial" aria-label="initial state" role="img" /> : null}
        {state.key}
      </span>
      {state.children.length > 0 ? (
        <ul>
          {state.children.map((child) => (
            <StateBox key={child.key} state={child} active={active} visited={visited} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The chart's states as nested boxes, the active path lit, and the ways out of it now. */
export function StateChart({
  active,
  visited,
  done,
}: {
  readonly active: string;
  readonly visited: ReadonlySet<string>;
  /** The flow has ended: a final state takes no event. */
  readonly done: boolean;
}) {
  const edges = done ? [] : edgesFrom(active);
  return (
    <div className="statechart">
      <ul className="chart-root" aria-label="States of the chart">
        {CHART.children.map((state) => (
          <StateBox key={state.key} state={state} active={active} visited={visited} />
        ))}
      </ul>
      <h4>Ways out of {active.slice(active.lastIndexOf('.') + 1)}</h4>
      {edges.length === 0 ? <p className="guard">None: the flow has ended.</p> : null}
      <ul className="edges">
        {edges.map((edge) => (
          <li key={edge.event}>
            <code>{edge.event}</code> → {edge.targets.join(' | ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
