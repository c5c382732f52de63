import { type ActorRefFrom, createActor, type Snapshot } from 'xstate';
import type { GatewayClient } from '../services/types.js';
import { createFlowActors } from './actors/index.js';
import type { Sleep } from './actors/sleep.js';
import type { FlowContext } from './context.js';
import { whenDone } from './flow-done.js';
import { dispatchTo, type FlowHandler, type FlowHandlers, listen } from './flow-emitter.js';
import { flowViews } from './flow-views.js';
import { refusalOf } from './host-events.js';
import { kycFlowMachine } from './machine.js';
import { fromPersistedFlow, PersistedFlowError, toPersistedFlow } from './persist.js';
import { resolvePollingOptions } from './polling.js';
import { toStatePath } from './to-state-path.js';
import type {
  FlowEmitted,
  FlowOutcome,
  FlowView,
  HostEvent,
  KycFlowOptions,
  PersistedFlow,
} from './types.js';

type FlowActor = ActorRefFrom<typeof kycFlowMachine>;

export interface KycFlow {
  readonly actor: FlowActor;
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

// Flows over the same client share one provided chart: its state nodes are built once.
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

/** The actor's input, and the persisted snapshot it resumes from (the host's pace wins). */
function actorOptions(options: Omit<KycFlowOptions, 'client'>) {
  const restored = options.snapshot ? fromPersistedFlow(options.snapshot) : undefined;
  // Anything but a positive number of ms is none: the default.
  const maxUnknownStatusMs =
    (options.maxUnknownStatusMs as number) > 0 ? options.maxUnknownStatusMs : undefined;
  if (restored && (options.polling || maxUnknownStatusMs)) {
    // The host's pace wins over the one persisted (e.g. a different `--speed`), and its bound.
    const context = restored.context as FlowContext;
    restored.context = {
      ...context,
      polling: resolvePollingOptions({ ...context.polling, ...options.polling }),
      ...(maxUnknownStatusMs && { maxUnknownStatusMs }),
    };
  }
  return {
    input: {
      customer: {
        ...options.customer,
        referenceId: options.customer.referenceId ?? newReferenceId(),
      },
      polling: resolvePollingOptions(options.polling),
      maxUnknownStatusMs,
    },
    ...(restored ? { snapshot: restored as unknown as Snapshot<unknown> } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  };
}

/**
 * `createKycFlow` over a ready client: what adapters that build their own client (the
 * browser's proxy client) call, so that they do not carry the client built from settings.
 */
export function createFlowOverClient(
  options: Omit<KycFlowOptions, 'client'>,
  client: GatewayClient,
): KycFlow {
  const settings = actorOptions(options);
  const actor = createActor(machineFor(client, options.sleep), settings);
  const initial = actor.getSnapshot();
  if (settings.snapshot && (initial.status === 'error' || !initial.context)) {
    // A snapshot from another version of the chart names states this one does not have.
    throw new PersistedFlowError('the persisted snapshot does not fit this version of the chart', {
      cause: initial.error,
    });
  }
  const handlers: FlowHandlers = new Map();
  actor.on('*', (event) => dispatchTo(handlers, event));
  let started = false;
  let stopped = false;
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
      const reason = refusalOf(event, actor.getSnapshot().status);
      if (reason === undefined) return actor.send(event);
      dispatchTo(handlers, {
        type: 'eventIgnored',
        eventType: String((event as { type?: unknown } | null)?.type),
        state: toStatePath(actor.getSnapshot().value),
        reason,
      });
    },
    ...flowViews(actor),
    on: (type, handler) => listen(handlers, type, handler as FlowHandler),
    persist: () => toPersistedFlow(actor.getPersistedSnapshot()),
    whenDone: () => whenDone(actor, () => stopped, onStop),
  };
  return flow;
}
