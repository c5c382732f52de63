import {
  createKycFlow,
  type FlowEmitted,
  type FlowStep,
  type FlowView,
  type HostEvent,
  type KycFlow,
  type KycFlowOptions,
} from '../../machine/index.js';
import { type AnswerableKind, isAnswerableKind, type Responder } from './responder.js';
import { ResponderError } from './responder-error.js';
import type { HeadlessEvent, HeadlessResult } from './run-events.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface RunHeadlessOptions extends Omit<KycFlowOptions, 'snapshot'> {
  /** Answers every waiting node. */
  readonly responder: Responder;
  /** Keeps the flow after every change, and resumes it when a snapshot is already there. */
  readonly store?: SnapshotStore;
  /** The flow's name in the store; by default the customer's referenceId, customerId or email. */
  readonly key?: string;
  /** Stops the run: the flow is saved, the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: HeadlessEvent) => void;
  /**
   * At manual review: `'stop'` (default) saves the flow and resolves `pendingReview`, for a
   * later run to pick up the decision; `'wait'` keeps polling until the review is decided.
   * A node type the client does not know is treated alike (`unknownNode`).
   */
  readonly review?: 'stop' | 'wait';
  /**
   * How long the gateway may stay unreachable (the flow suspended, retrying by itself)
   * before the run saves the flow and resolves `suspended`. Default 5 min.
   */
  readonly maxSuspendedMs?: number;
  /** How many times one node may be answered before the run gives up on it. Default 8. */
  readonly maxAnswersPerNode?: number;
}

/**
 * Runs one onboarding without a UI: creates the flow (restored from the store when it has
 * one: no second registration or start), sends START when fresh, answers each waiting
 * node through the responder, saves after every change, and resolves at a final state, at
 * manual review or a node type it does not know (saved, resumable), when the flow needs
 * attention (saved; a later run retries), or when it stays suspended too long.
 *
 * Cheap enough to run thousands at once in one process: no timer of its own except while
 * suspended, no synchronous I/O, one save in flight per flow (changes made meanwhile
 * coalesce into the next save, and an unchanged snapshot is not written again).
 */
export async function runHeadless(options: RunHeadlessOptions): Promise<HeadlessResult> {
  const { store, signal } = options;
  const key =
    options.key ??
    options.customer.referenceId ??
    options.customer.customerId ??
    options.customer.email ??
    'kyc-flow';
  signal?.throwIfAborted();
  const persisted = store ? await store.load(key) : undefined;
  signal?.throwIfAborted();
  const flow = createKycFlow({
    client: options.client,
    customer: options.customer,
    ...(options.polling && { polling: options.polling }),
    ...(options.inspect && { inspect: options.inspect }),
    ...(persisted && { snapshot: persisted }),
  });
  return drive(flow, { ...options, key, resumed: persisted !== undefined });
}

interface DriveOptions extends RunHeadlessOptions {
  readonly key: string;
  readonly resumed: boolean;
}

/** The node being answered and the events still to send for it. */
interface Answering {
  readonly kind: AnswerableKind;
  readonly callbackKey: string;
  queue: HostEvent[];
  asks: number;
  asking: boolean;
  /** Ask the responder when the queue runs dry and the flow expects input. */
  armed: boolean;
  /** The `expects` seen last, to notice the flow asking for something new. */
  expects: string;
  /** Made when the responder is asked, so that a node answered at once costs no abort. */
  controller?: AbortController;
}

/** Steps where someone other than the host answers the execution. */
const isOthersTurn = (step: FlowStep): step is 'pendingReview' | 'unknownNode' =>
  step === 'pendingReview' || step === 'unknownNode';

/** Stops the responder's answer in flight; one already given has nothing left to stop. */
const dismiss = (current: Answering | undefined) => {
  if (current?.asking) current.controller?.abort();
};

function drive(flow: KycFlow, options: DriveOptions): Promise<HeadlessResult> {
  const { responder, store, key, signal, onEvent } = options;
  const review = options.review ?? 'stop';
  const maxSuspendedMs = options.maxSuspendedMs ?? 5 * 60_000;
  const maxAnswers = options.maxAnswersPerNode ?? 8;
  const report = (event: HeadlessEvent) => onEvent?.(event);

  return new Promise<HeadlessResult>((resolve, reject) => {
    let finished = false;
    let lastState: string | undefined;
    let suspendedTimer: ReturnType<typeof setTimeout> | undefined;
    let pumpScheduled = false;
    let answering: Answering | undefined;
    let lastError: FlowView['error'];

    // Saving: one write in flight; the next one takes whatever is newest by then.
    let lastSaved: string | undefined;
    let saveWanted = false;
    let saving: Promise<void> | undefined;
    const writeNewest = async () => {
      while (saveWanted && store) {
        saveWanted = false;
        const persisted = flow.persist();
        const text = JSON.stringify(persisted);
        if (text === lastSaved) continue;
        await store.save(key, persisted);
        lastSaved = text;
        report({ type: 'saved', key });
      }
    };
    /** Resolves once the flow as it is now is saved. */
    const save = (): Promise<void> => {
      if (!store) return Promise.resolve();
      saveWanted = true;
      if (!saving) {
        const run = writeNewest().finally(() => {
          if (saving === run) saving = undefined;
        });
        saving = run;
      }
      // A change that came after the loop's last look is saved by another round.
      return saving.then(() => (saveWanted ? save() : undefined));
    };

    const release = () => {
      finished = true;
      clearTimeout(suspendedTimer);
      dismiss(answering);
      unsubscribe();
      offEmitted();
      offPoll();
      signal?.removeEventListener('abort', onAbort);
    };

    const finish = (result: HeadlessResult) => {
      if (finished) return;
      release();
      save().then(
        () => {
          flow.stop();
          report({ type: 'done', outcome: result });
          resolve(result);
        },
        (error: unknown) => {
          flow.stop();
          reject(error);
        },
      );
    };

    const fail = (error: unknown) => {
      if (finished) return;
      release();
      // Keep what is known, so that the run can resume once the cause is fixed.
      save()
        .catch(() => undefined)
        .then(() => {
          flow.stop();
          reject(error);
        });
    };

    const onAbort = () => fail(signal?.reason);

    const ask = (current: Answering, view: FlowView, node: NonNullable<FlowView['node']>) => {
      if (current.asks >= maxAnswers) {
        const cause = lastError ? ` (last error ${lastError.code}: ${lastError.message})` : '';
        fail(
          new ResponderError(
            node.nodeType,
            '(answers)',
            `the node still waits after ${maxAnswers} answers${cause}`,
          ),
        );
        return;
      }
      current.asks += 1;
      current.asking = true;
      current.armed = false;
      const controller = new AbortController();
      current.controller = controller;
      report({
        type: 'answering',
        kind: current.kind,
        nodeType: node.nodeType,
        callbackKey: current.callbackKey,
      });
      Promise.resolve()
        .then(() =>
          responder.respond({
            kind: current.kind,
            node,
            view,
            executionId: view.executionId ?? '',
            signal: controller.signal,
          }),
        )
        .then(
          (events) => {
            current.asking = false;
            if (answering !== current || finished) return;
            current.queue.push(...events);
            schedulePump();
          },
          (error: unknown) => {
            current.asking = false;
            if (answering !== current || finished) return;
            fail(error);
          },
        );
    };

    /** Sends, in order, the queued events the flow expects now; the rest wait for a change. */
    const answer = (view: FlowView) => {
      const kind = view.step;
      const node = view.node;
      const callbackKey = isAnswerableKind(kind) ? node?.callbackKey : undefined;
      if (callbackKey !== answering?.callbackKey) {
        dismiss(answering);
        answering =
          callbackKey === undefined || !isAnswerableKind(kind)
            ? undefined
            : {
                kind,
                callbackKey,
                queue: [],
                asks: 0,
                asking: false,
                armed: true,
                expects: '',
              };
      }
      const current = answering;
      if (!current || !node || current.asking) return;
      const expects = new Set<string>(view.expects);
      const expectsKey = [...expects].sort().join();
      if (expectsKey !== current.expects) {
        // The flow asks for something new (a retake, another code, the same node again).
        if (expects.size > 0) current.armed = true;
        current.expects = expectsKey;
      }
      if (expects.size === 0) return;
      const next = current.queue.findIndex((event) => expects.has(event.type));
      if (next === -1) {
        // Nothing queued is wanted now: what is queued is stale, ask afresh.
        if (current.queue.length > 0) {
          current.queue = [];
          current.armed = true;
        }
        if (current.armed) ask(current, view, node);
        return;
      }
      // Events before it were made moot by what the flow already has (e.g. a code already sent).
      const [event] = current.queue.splice(0, next + 1).slice(-1) as [HostEvent];
      flow.send(event);
      report({ type: 'sent', event: event.type, callbackKey: current.callbackKey });
      schedulePump();
    };

    /**
     * The trouble starts when the flow first suspends and lasts until the gateway answers
     * again (the flow clears its retryable error then), across the flow's own retries.
     */
    const watchSuspension = (view: FlowView) => {
      if (view.step !== 'suspended') {
        if (!view.error?.retryable) {
          clearTimeout(suspendedTimer);
          suspendedTimer = undefined;
        }
        return;
      }
      suspendedTimer ??= setTimeout(() => {
        const now = flow.getView();
        finish({
          status: 'suspended',
          ...(now.executionId && { executionId: now.executionId }),
          ...(now.error && { error: now.error }),
        });
      }, maxSuspendedMs);
    };

    const pump = () => {
      pumpScheduled = false;
      if (finished) return;
      const view = flow.getView();
      if (view.state !== lastState) {
        lastState = view.state;
        report({
          type: 'state',
          state: view.state,
          step: view.step,
          ...(view.executionId && { executionId: view.executionId }),
          ...(view.node && { nodeType: view.node.nodeType }),
        });
      }
      save().catch(fail);
      if (view.done) {
        finish(view.outcome ?? { status: 'failed' });
        return;
      }
      if (view.step === 'needsAttention' && view.error) {
        finish({
          status: 'needsAttention',
          ...(view.executionId && { executionId: view.executionId }),
          error: view.error,
        });
        return;
      }
      if (isOthersTurn(view.step) && review === 'stop' && reviewAsked) {
        finish({
          status: view.step,
          ...(view.executionId && { executionId: view.executionId }),
          ...(view.node && { node: view.node }),
        });
        return;
      }
      watchSuspension(view);
      answer(view);
    };

    // The flow's callbacks run inside its transitions: act a tick later, outside them.
    const schedulePump = () => {
      if (pumpScheduled || finished) return;
      pumpScheduled = true;
      queueMicrotask(pump);
    };

    let offPoll: () => void = () => undefined;
    // Woken by every step, the view is read once per pump: `flow.subscribe` would build
    // and compare a view per step for a listener that only schedules this pump.
    const subscription = flow.actor.subscribe({ next: schedulePump, error: () => undefined });
    const unsubscribe = () => subscription.unsubscribe();
    const offEmitted = flow.on('*', (event: FlowEmitted) => {
      report({ type: 'flow', event });
      if (event.type === 'error') lastError = event.error;
      // The same node announced again: it wants a fresh answer.
      if (event.type === 'nodeWaiting' && answering?.callbackKey === event.node.callbackKey) {
        answering.armed = true;
      }
      schedulePump();
    });
    signal?.addEventListener('abort', onAbort, { once: true });

    flow.start();
    // A run resumed at manual review (or an unknown node) asks the gateway once before it
    // stops there again: the decision may have come in since (else a later run could never
    // pick it up).
    let reviewAsked = !options.resumed || !isOthersTurn(flow.getView().step);
    if (!reviewAsked) {
      const resumedPoll = flow.actor.getSnapshot().children.pollExecution;
      const subscription = flow.actor.subscribe((snapshot) => {
        // The poll in flight at restore has answered: a new one replaced it (or the state moved on).
        if (snapshot.children.pollExecution === resumedPoll) return;
        reviewAsked = true;
        subscription.unsubscribe();
        schedulePump();
      });
      offPoll = () => subscription.unsubscribe();
    }
    if (options.resumed) {
      report({ type: 'resumed', key, state: flow.getView().state });
      // A run resumed where the flow needed attention is the host's retry (after a fix).
      if (flow.getView().step === 'needsAttention') flow.send({ type: 'RETRY' });
    } else {
      report({ type: 'started', referenceId: flow.getView().referenceId });
      flow.send({ type: 'START' });
    }
    schedulePump();
  });
}
