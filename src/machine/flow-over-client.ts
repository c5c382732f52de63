import { type ActorRefFrom, createActor, type Snapshot } from 'xstate';
import type { GatewayClient } from '../services/types.js';
import { createFlowActors } from './actors/index.js';
import type { Sleep } from './actors/sleep.js';
import type { FlowContext } from './context.js';
import { FlowStoppedError } from './flow-error.js';
import { refusalOf } from './host-events.js';
import { kycFlowMachine } from './machine.js';
import { fromPersistedFlow, PersistedFlowError, toPersistedFlow } from './persist.js';
import { resolvePollingOptions } from './polling.js';
import { sameData } from './same-data.js';
import { toStatePath } from './to-state-path.js';
import type {
  FlowEmitted,
  FlowOutcome,
  FlowView,
  HostEvent,
  KycFlowOptions,
  PersistedFlow,
} from './types.js';
import { toFlowView } from './view.js';

export interface KycFlow {
  readonly actor: ActorRefFrom<typeof kycFlowMachine>;
  /** Idempotent; does not send START. */
  start(): KycFlow;
  stop(): void;
  /** Events the flow cannot take now are ignored and reported (`eventIgnored`), never thrown. */
  send(event: HostEvent): void;
  /** The same object until something the view shows changes (useSyncExternalStore-safe). */
  getView(): FlowView;
  subscribe(listener: (view: FlowView) => void): () => void;
  /** `'*'` hears every emitted event. */
  on<T extends FlowEmitted['type'] | '*'>(
    type: T,
    handler: (event: T extends '*' ? FlowEmitted : Extract<FlowEmitted, { type: T }>) => void,
  ): () => void;
  /** JSON; never holds an OTP code. */
  persist(): PersistedFlow;
  /**
   * The outcome once the flow reaches a final state. Rejects with `FlowStoppedError`
   * (`FLOW_STOPPED`) if the flow is stopped first, so that no caller waits forever.
   */
  whenDone(): Promise<FlowOutcome>;
}

// A provided chart costs ~150 KB of state nodes: flows over the same client share one, so
// that thousands of flows cost little more than one.
const machines = new WeakMap<GatewayClient, typeof kycFlowMachine>();

/** The chart with real actors over `client`, built once per client (and once per own `sleep`). */
export function machineFor(client: GatewayClient, sleep?: Sleep): typeof kycFlowMachine {
  if (sleep) return kycFlowMachine.provide({ actors: createFlowActors(client, sleep) });
  let machine = machines.get(client);
  if (!machine) {
    machine = kycFlowMachine.provide({ actors: createFlowActors(client) });
    machines.set(client, machine);
  }
  return machine;
}

const newReferenceId = () => `kyc-${globalThis.crypto.randomUUID()}`;

/**
 * `createKycFlow` over a ready client: what adapters that build their own client (the
 * browser's proxy client) call, so that they do not carry the client built from settings.
 */
export function createFlowOverClient(
  options: Omit<KycFlowOptions, 'client'>,
  client: GatewayClient,
): KycFlow {
  const machine = machineFor(client, options.sleep);
  const polling = resolvePollingOptions(options.polling);
  const restored = options.snapshot ? fromPersistedFlow(options.snapshot) : undefined;
  if (restored && options.polling) {
    // The host's pace wins over the one persisted (e.g. a different `--speed`).
    const context = restored.context as FlowContext;
    restored.context = {
      ...context,
      polling: resolvePollingOptions({ ...context.polling, ...options.polling }),
    };
  }
  const actorOptions = {
    input: {
      customer: {
        ...options.customer,
        referenceId: options.customer.referenceId ?? newReferenceId(),
      },
      polling,
    },
    ...(restored ? { snapshot: restored as unknown as Snapshot<unknown> } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  };
  const actor = createActor(machine, actorOptions);
  const initial = actor.getSnapshot();
  if (restored && (initial.status === 'error' || !initial.context)) {
    // A snapshot from another version of the chart names states this one does not have.
    throw new PersistedFlowError('the persisted snapshot does not fit this version of the chart', {
      cause: initial.error,
    });
  }

  const handlers = new Map<string, Set<(event: FlowEmitted) => void>>();
  const dispatch = (event: FlowEmitted) => {
    for (const handler of [...(handlers.get(event.type) ?? [])]) handler(event);
    for (const handler of [...(handlers.get('*') ?? [])]) handler(event);
  };
  actor.on('*', dispatch);

  let last: ReturnType<typeof actor.getSnapshot> | undefined;
  let lastView: FlowView | undefined;
  const getView = (): FlowView => {
    const snapshot = actor.getSnapshot();
    const previous = last;
    last = snapshot;
    // The view reads nothing but these three: a step that changed none of them (an actor
    // started or stopped, an event ignored) shows the same view.
    if (
      lastView &&
      previous &&
      snapshot.context === previous.context &&
      snapshot.value === previous.value &&
      snapshot.status === previous.status
    ) {
      return lastView;
    }
    const view = toFlowView(snapshot);
    // Structural sharing: a poll that changes nothing the view shows keeps the same object.
    if (!lastView || !sameData(view, lastView)) lastView = view;
    return lastView;
  };

  let started = false;
  let stopped = false;
  // Pending whenDone() checks: stop() before start() leaves the actor without a word.
  const onStop = new Set<() => void>();
  const flow: KycFlow = {
    actor,
    start() {
      if (!started) {
        started = true;
        actor.start();
      }
      return flow;
    },
    stop() {
      stopped = true;
      actor.stop();
      for (const settle of [...onStop]) settle();
    },
    send(event) {
      const snapshot = actor.getSnapshot();
      const type = (event as { type?: unknown } | null)?.type;
      // Untyped callers (plain JS, a bridge) can hand anything over: report it, never throw.
      // A forged `xstate.done.actor.*` would settle an outcome the gateway never gave.
      const reason =
        typeof type !== 'string'
          ? 'not an event'
          : snapshot.status !== 'active'
            ? snapshot.status === 'done'
              ? 'the flow is over'
              : 'the flow is stopped'
            : refusalOf(event);
      if (reason === undefined) actor.send(event);
      else {
        dispatch({
          type: 'eventIgnored',
          eventType: String(type),
          state: toStatePath(snapshot.value),
          reason,
        });
      }
    },
    getView,
    subscribe(listener) {
      let previous = getView();
      const subscription = actor.subscribe({
        next: () => {
          const view = getView();
          if (view !== previous) {
            previous = view;
            listener(view);
          }
        },
        error: () => undefined,
      });
      return () => subscription.unsubscribe();
    },
    on(type, handler) {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      const wrapped = handler as (event: FlowEmitted) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    persist() {
      return toPersistedFlow(actor.getPersistedSnapshot());
    },
    whenDone() {
      return new Promise<FlowOutcome>((resolve, reject) => {
        const settle = (): boolean => {
          const snapshot = actor.getSnapshot();
          if (snapshot.status === 'done') resolve(snapshot.output ?? { status: 'failed' });
          else if (snapshot.status === 'error') reject(snapshot.error);
          else if (stopped || snapshot.status === 'stopped') {
            reject(new FlowStoppedError(toStatePath(snapshot.value)));
          } else return false;
          return true;
        };
        if (settle()) return;
        const check = () => {
          if (!settle()) return;
          subscription.unsubscribe();
          onStop.delete(check);
        };
        const subscription = actor.subscribe({ next: check, error: check, complete: check });
        onStop.add(check);
      });
    },
  };
  return flow;
}
