import type { FlowView, KycFlow } from '../../machine/index.js';
import { parkedAt } from './parking.js';
import { answersNotTakenAt, DEFAULT_MAX_SENDS_PER_NODE, ResendWatch } from './resend-watch.js';
import { ResponderQueue } from './responder-queue.js';
import type { HeadlessEvent, HeadlessResult, ParkedResult } from './run-events.js';
import type { RunHeadlessOptions } from './run-headless.js';
import {
  isOthersTurn,
  responderTroubleAt,
  stopAt,
  suspendedAt,
  whenRestoredPollAnswers,
} from './run-stops.js';
import { ABORT_SAVE_WAIT_MS, SaveUnconfirmedError } from './save-unconfirmed-error.js';
import { SnapshotSaver } from './snapshot-saver.js';
import { SuspensionWatch } from './suspension-watch.js';

/** How long the gateway may stay unreachable before a run gives up, unless told otherwise. */
export const DEFAULT_MAX_SUSPENDED_MS = 5 * 60_000;
/** How many answers one node may get before a run gives up on it, unless told otherwise. */
export const DEFAULT_MAX_ANSWERS_PER_NODE = 8;

export interface HeadlessRunOptions extends RunHeadlessOptions {
  readonly key: string;
  /** The flow was restored from the store: no START, and a RETRY where it needed attention. */
  readonly resumed: boolean;
  /** The revision the run claimed the restored flow as (a store that fences saves). */
  readonly revision?: string;
}

type RunEnd = HeadlessResult | ParkedResult;

/**
 * One headless run of one flow, from START (or the restore) to its end: wires the flow to a
 * snapshot saver, a responder queue and a suspension watch, looks at the flow once per
 * change (a tick after it), and ends at a stop (`stopAt`), when suspended too long, or
 * parked when the flow only waits on its own clock. No timer of its own except while
 * suspended, no synchronous I/O.
 */
export class HeadlessRun {
  readonly #flow: KycFlow;
  readonly #options: HeadlessRunOptions;
  readonly #saver: SnapshotSaver | undefined;
  readonly #responders: ResponderQueue;
  readonly #suspension: SuspensionWatch;
  readonly #resends: ResendWatch;
  /** The run stops at manual review (or an unknown node), once the gateway was asked. */
  readonly #stopsAtOthersTurn: boolean;
  readonly #cleanups: Array<() => void> = [];
  #settle: { resolve(end: RunEnd): void; reject(error: unknown): void } | undefined;
  #finished = false;
  #pumpScheduled = false;
  #lastState: string | undefined;
  /** The gateway was asked since the restore, so the others' turn is current. */
  #othersTurnChecked = true;

  constructor(flow: KycFlow, options: HeadlessRunOptions) {
    this.#flow = flow;
    this.#options = options;
    const { store, key } = options;
    this.#saver =
      store &&
      new SnapshotSaver({
        store,
        key,
        read: () => flow.persist(),
        fresh: !options.resumed,
        fenced: store.loadRevision !== undefined,
        ...(options.revision !== undefined && { basedOn: options.revision }),
        onSaved: () => this.#report({ type: 'saved', key }),
      });
    const maxAnswersPerNode = options.maxAnswersPerNode ?? DEFAULT_MAX_ANSWERS_PER_NODE;
    this.#responders = new ResponderQueue({
      responder: options.responder,
      maxAnswersPerNode,
      send: (event) => flow.send(event),
      report: (event) => this.#report(event),
      wake: () => this.#schedulePump(),
      fail: (error) => {
        const view = flow.getView();
        const end =
          responderTroubleAt(view, error) ??
          answersNotTakenAt(view, error, maxAnswersPerNode, this.#tookEvery(view));
        if (end) this.#finish(end);
        else this.#fail(error);
      },
    });
    this.#suspension = new SuspensionWatch(
      options.maxSuspendedMs ?? DEFAULT_MAX_SUSPENDED_MS,
      (trouble) => this.#finish(suspendedAt(flow.getView(), trouble)),
    );
    this.#resends = new ResendWatch(DEFAULT_MAX_SENDS_PER_NODE, (end) => this.#finish(end));
    this.#stopsAtOthersTurn = (options.review ?? (options.park ? 'wait' : 'stop')) === 'stop';
  }

  /** The gateway took every answer this run gave a node of the waiting node's type. */
  #tookEvery(view: FlowView): boolean {
    const keys = view.node ? this.#responders.keysAnswered(view.node.nodeType) : [];
    const { answered } = this.#flow.actor.getSnapshot().context;
    return keys.length > 0 && keys.every((key) => answered.includes(key));
  }

  /** Starts the flow; resolves at the run's end (rejects when stopped by the signal or a failure). */
  start(): Promise<RunEnd> {
    return new Promise<RunEnd>((resolve, reject) => {
      this.#settle = { resolve, reject };
      this.#listen();
      this.#flow.start();
      this.#checkOthersTurnAfterRestore();
      this.#begin();
      this.#schedulePump();
    });
  }

  #listen(): void {
    const flow = this.#flow;
    // Woken by every step, the view is read once per pump: `flow.subscribe` would build
    // and compare a view per step for a listener that only schedules the pump.
    const steps = flow.actor.subscribe({
      next: () => this.#schedulePump(),
      error: () => undefined,
    });
    const offEmitted = flow.on('*', (event) => {
      this.#report({ type: 'flow', event });
      this.#responders.heard(event);
      this.#schedulePump();
    });
    const { signal } = this.#options;
    const onAbort = () => this.#fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#cleanups.push(
      () => steps.unsubscribe(),
      offEmitted,
      () => signal?.removeEventListener('abort', onAbort),
    );
  }

  /**
   * A run resumed at manual review (or an unknown node) asks the gateway once before it
   * stops there again: the decision may have come in since.
   */
  #checkOthersTurnAfterRestore(): void {
    this.#othersTurnChecked = !this.#options.resumed || !isOthersTurn(this.#flow.getView().step);
    if (this.#othersTurnChecked) return;
    const stopWatching = whenRestoredPollAnswers(this.#flow, () => {
      this.#othersTurnChecked = true;
      this.#schedulePump();
    });
    this.#cleanups.push(stopWatching);
  }

  #begin(): void {
    const flow = this.#flow;
    // A flow saved before its START (killed right after that first save) begins as it would
    // have, with the referenceId it was saved with.
    if (this.#options.resumed && flow.getView().step !== 'idle') {
      this.#report({ type: 'resumed', key: this.#options.key, state: flow.getView().state });
      // A run resumed where the flow needed attention is the host's retry (after a fix).
      if (flow.getView().step === 'needsAttention') flow.send({ type: 'RETRY' });
    } else {
      this.#report({ type: 'started', referenceId: flow.getView().referenceId });
      // Saved before anything is sent: a store that cannot be written stops the run with
      // nothing registered or started, and a run killed right after the registration resumes
      // with the same referenceId instead of beginning another execution.
      const saved = this.#saver?.save() ?? Promise.resolve();
      saved.then(
        () => this.#finished || flow.send({ type: 'START' }),
        (error: unknown) => this.#fail(error),
      );
    }
  }

  // The flow's callbacks run inside its transitions: act a tick later, outside them.
  #schedulePump(): void {
    if (this.#pumpScheduled || this.#finished) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => this.#pump());
  }

  #pump(): void {
    this.#pumpScheduled = false;
    if (this.#finished) return;
    const view = this.#flow.getView();
    this.#reportState(view);
    this.#saver?.save().catch((error: unknown) => this.#fail(error));
    const stop = stopAt(view, this.#stopsAtOthersTurn && this.#othersTurnChecked);
    if (stop) {
      this.#finish(stop);
      return;
    }
    this.#suspension.observe(view);
    this.#resends.observe(view);
    if (this.#finished) return;
    this.#responders.follow(view);
    this.#parkIfIdle(view);
  }

  #reportState(view: FlowView): void {
    if (view.state === this.#lastState) return;
    this.#lastState = view.state;
    this.#report({
      type: 'state',
      state: view.state,
      step: view.step,
      ...(view.executionId && { executionId: view.executionId }),
      ...(view.node && { nodeType: view.node.nodeType }),
    });
  }

  /** Lets go of a flow that waits on its own clock for long enough (with `park`). */
  #parkIfIdle(view: FlowView): void {
    const { park } = this.#options;
    // Whatever was sent or given just now is looked at first, by the pump it scheduled.
    if (!park || this.#finished || this.#pumpScheduled || !this.#responders.idle) return;
    // A node whose data the responder does not have yet waits for a later run, however soon
    // the flow's next own step: nothing this run does would answer it.
    const idleForMs = this.#responders.exhausted(view) ? 0 : park.whenIdleForMs;
    const parked = parkedAt(view, this.#flow.persist(), idleForMs);
    if (parked) this.#finish(parked);
  }

  #finish(end: RunEnd): void {
    if (this.#finished) return;
    this.#release();
    this.#lastSave().then(
      () => {
        this.#flow.stop();
        this.#report({ type: 'done', outcome: end });
        this.#settle?.resolve(end);
      },
      (error: unknown) => {
        this.#flow.stop();
        this.#settle?.reject(error);
      },
    );
  }

  #fail(error: unknown): void {
    if (this.#finished) return;
    this.#release();
    // Keep what is known, so that the run can resume once the cause is fixed.
    this.#lastSave()
      .then(
        () => error,
        (trouble: unknown) => (trouble instanceof SaveUnconfirmedError ? trouble : error),
      )
      .then((reason) => {
        this.#flow.stop();
        this.#settle?.reject(reason);
      });
  }

  /**
   * The flow saved as it is now; once the signal is aborted, waited for `ABORT_SAVE_WAIT_MS`
   * at most (a store that hangs must not hold a stopped run for ever), then a
   * `SaveUnconfirmedError` holding the flow.
   */
  #lastSave(): Promise<void> {
    const saved = this.#saver?.save() ?? Promise.resolve();
    const { signal, key } = this.#options;
    if (!signal || !this.#saver) return saved;
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const giveUp = () => {
        timer = setTimeout(() => {
          const view = this.#flow.getView();
          const standing = {
            step: view.step,
            state: view.state,
            referenceId: view.referenceId,
            ...(view.executionId && { executionId: view.executionId }),
          };
          reject(
            new SaveUnconfirmedError(key, standing, this.#flow.persist(), { cause: signal.reason }),
          );
        }, ABORT_SAVE_WAIT_MS);
      };
      if (signal.aborted) giveUp();
      else signal.addEventListener('abort', giveUp, { once: true });
      saved.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal.removeEventListener('abort', giveUp);
      });
    });
  }

  #release(): void {
    this.#finished = true;
    this.#suspension.stop();
    this.#responders.stop();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  #report(event: HeadlessEvent): void {
    this.#options.onEvent?.(event);
  }
}
