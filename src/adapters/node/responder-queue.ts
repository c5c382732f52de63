import type { FlowEmitted, FlowError, FlowView, HostEvent } from '../../machine/index.js';
import { type AnswerableKind, isAnswerableKind, type Responder } from './responder.js';
import { ResponderError } from './responder-error.js';
import type { HeadlessEvent } from './run-events.js';
import { codeSuperseded } from './superseded-code.js';

type WaitingNode = NonNullable<FlowView['node']>;

/** The `field` of the `ResponderError` a run gives up on a node with, after its answers. */
export const GAVE_UP_ON_NODE = '(answers)';

export interface ResponderQueueOptions {
  readonly responder: Responder;
  /** How many answers one node type may get in a run before the run gives up on it. */
  readonly maxAnswersPerNode: number;
  /** Hands a host event to the flow. */
  readonly send: (event: HostEvent) => void;
  readonly report: (event: HeadlessEvent) => void;
  /** Something changed that the run should look at again (a tick later). */
  readonly wake: () => void;
  /** The responder failed, or the node still waits after its last allowed answer. */
  readonly fail: (error: unknown) => void;
}

/** The waiting node: the host events the responder gave for it, still to send, and its asks. */
class QueuedNode {
  readonly kind: AnswerableKind;
  readonly callbackKey: string;
  hostEvents: HostEvent[] = [];
  /** The responder is working on this node's answer. */
  asking = false;
  /** Ask the responder when nothing queued is wanted and the flow expects input. */
  armed = true;
  /** Made when the responder is asked, so that a node answered at once costs no abort. */
  controller: AbortController | undefined;
  /** The `expects` seen last, to notice the flow asking for something new. */
  #expects = '';

  constructor(kind: AnswerableKind, callbackKey: string) {
    this.kind = kind;
    this.callbackKey = callbackKey;
  }

  /** Something newly expected (a retake, another code, the same node again) re-arms. */
  noteExpects(expects: ReadonlySet<string>): void {
    const key = [...expects].sort().join();
    if (key === this.#expects) return;
    if (expects.size > 0) this.armed = true;
    this.#expects = key;
  }

  /**
   * The first queued host event the flow expects; the ones before it were made moot by what
   * the flow already has (e.g. a code already sent). When none is wanted, what is queued is
   * stale: dropped, and the responder is asked afresh.
   */
  takeNext(expects: ReadonlySet<string>): HostEvent | undefined {
    const next = this.hostEvents.findIndex((event) => expects.has(event.type));
    if (next === -1) {
      if (this.hostEvents.length > 0) {
        this.hostEvents = [];
        this.armed = true;
      }
      return undefined;
    }
    return this.hostEvents.splice(0, next + 1).at(-1);
  }

  /** Stops the responder's work in flight; an answer already given has nothing left to stop. */
  dismiss(): void {
    if (this.asking) this.controller?.abort();
  }
}

/**
 * Answers the flow's waiting nodes through the responder: asks it once per node (again
 * when the node wants more), queues the host events it gives and sends each when the flow
 * expects it, and gives up on a node after `maxAnswersPerNode` answers.
 */
export class ResponderQueue {
  readonly #options: ResponderQueueOptions;
  #node: QueuedNode | undefined;
  /**
   * Answers given per node type in this run, kept across its nodes' comings and goings and
   * callbackKeys: a gateway that shows an answered node waiting again after every status
   * read, under its key or under a fresh one each time, must not be answered without end.
   * A workflow that asks for the same type again (a retake) stays well below the limit.
   */
  readonly #answers = new Map<string, number>();
  /** The callbackKeys answered per node type in this run, to tell whether the gateway took them. */
  readonly #keys = new Map<string, Set<string>>();
  /** The answer given last per node type, to notice the same one offered after a refusal. */
  readonly #lastAnswer = new Map<string, string>();
  /** The flow's last error, named when the run gives up on a node. */
  #lastError: FlowError | undefined;
  #stopped = false;

  constructor(options: ResponderQueueOptions) {
    this.#options = options;
  }

  /** Nothing is asked of the responder, and nothing it gave waits to be sent. */
  get idle(): boolean {
    const node = this.#node;
    return node === undefined || (!node.asking && node.hostEvents.length === 0);
  }

  /**
   * The flow expects input at its node, and the responder gave all it had for it (nothing
   * asked, nothing queued): this run sends nothing more there unless the node is announced
   * again. A responder that gives no events for a node says its data is not there yet.
   */
  exhausted(view: FlowView): boolean {
    const node = this.#node;
    if (!node || node.callbackKey !== view.node?.callbackKey) return false;
    return !node.asking && !node.armed && node.hostEvents.length === 0 && view.expects.length > 0;
  }

  /** The callbackKeys of the nodes of `nodeType` the responder was asked to answer in this run. */
  keysAnswered(nodeType: string): readonly string[] {
    return [...(this.#keys.get(nodeType) ?? [])];
  }

  /** Hears what the flow emits. */
  heard(event: FlowEmitted): void {
    // An input the flow refused where it stands (a code the gateway refused already, a
    // resend within its cooldown) leaves what it expects as it was: the node wants another.
    if (event.type === 'error') {
      this.#lastError = event.error;
      if (this.#node) this.#node.armed = true;
    }
    // The same node announced again: it wants a fresh answer.
    if (event.type === 'nodeWaiting' && this.#node?.callbackKey === event.node.callbackKey) {
      this.#node.armed = true;
    }
  }

  /** Sends, in order, the queued host events the flow expects now; the rest wait for a change. */
  follow(view: FlowView): void {
    if (this.#stopped) return;
    const node = this.#nodeOf(view);
    const waiting = view.node;
    if (!node || !waiting || node.asking) return;
    const expects = new Set<string>(view.expects);
    node.noteExpects(expects);
    if (expects.size === 0) return;
    const event = node.takeNext(expects);
    if (event) {
      this.#options.send(event);
      this.#options.report({ type: 'sent', event: event.type, callbackKey: node.callbackKey });
      this.#options.wake();
    } else if (node.armed) {
      this.#ask(node, view, waiting);
    }
  }

  /** Stops the responder's work in flight; nothing it gives later is used. */
  stop(): void {
    this.#stopped = true;
    this.#node?.dismiss();
  }

  /** The node being answered: a new one when the flow waits on another callbackKey. */
  #nodeOf(view: FlowView): QueuedNode | undefined {
    const kind = view.step;
    const callbackKey = isAnswerableKind(kind) ? view.node?.callbackKey : undefined;
    if (callbackKey === this.#node?.callbackKey) return this.#node;
    this.#node?.dismiss();
    this.#node =
      callbackKey === undefined || !isAnswerableKind(kind)
        ? undefined
        : new QueuedNode(kind, callbackKey);
    return this.#node;
  }

  #ask(node: QueuedNode, view: FlowView, waiting: WaitingNode): void {
    const { responder, maxAnswersPerNode, report } = this.#options;
    const answers = this.#answers.get(waiting.nodeType) ?? 0;
    if (answers >= maxAnswersPerNode) {
      this.#options.fail(this.#givingUp(waiting));
      return;
    }
    this.#answers.set(waiting.nodeType, answers + 1);
    const keys = this.#keys.get(waiting.nodeType) ?? new Set<string>();
    this.#keys.set(waiting.nodeType, keys.add(node.callbackKey));
    node.asking = true;
    node.armed = false;
    const controller = new AbortController();
    node.controller = controller;
    report({
      type: 'answering',
      kind: node.kind,
      nodeType: waiting.nodeType,
      callbackKey: node.callbackKey,
    });
    const request = {
      kind: node.kind,
      node: waiting,
      view,
      executionId: view.executionId ?? '',
      signal: controller.signal,
    };
    Promise.resolve()
      .then(() => responder.respond(request))
      .then(
        (events) => this.#answered(node, () => this.#use(node, waiting, view, events)),
        (error: unknown) => this.#answered(node, () => this.#options.fail(error)),
      );
  }

  /**
   * Queues the responder's answer, unless it is the very answer the gateway just refused
   * (the input's fault, not passing trouble): sent again it would be refused again, so the
   * run gives up on the node at once rather than after `maxAnswersPerNode` refusals. A code
   * whose requestId a resend superseded was not refused: it was never checked.
   */
  #use(node: QueuedNode, waiting: WaitingNode, view: FlowView, events: readonly HostEvent[]) {
    const answer = JSON.stringify(events);
    const refused =
      view.error !== undefined && !view.error.retryable && !codeSuperseded(view.error);
    if (refused && this.#lastAnswer.get(waiting.nodeType) === answer) {
      const { code, message } = view.error ?? { code: '', message: '' };
      this.#options.fail(
        new ResponderError(
          waiting.nodeType,
          GAVE_UP_ON_NODE,
          `the gateway refused the answer (${code}: ${message}) and the responder gives the same one again`,
        ),
      );
      return;
    }
    this.#lastAnswer.set(waiting.nodeType, answer);
    node.hostEvents.push(...events);
  }

  /** The responder is done with `node`: `use` its answer unless the run or the node moved on. */
  #answered(node: QueuedNode, use: () => void): void {
    node.asking = false;
    if (this.#node !== node || this.#stopped) return;
    use();
    this.#options.wake();
  }

  #givingUp(waiting: WaitingNode): ResponderError {
    const { maxAnswersPerNode } = this.#options;
    const last = this.#lastError;
    const cause = last
      ? ` (last error ${last.code}: ${last.message})`
      : ', none of them refused: the gateway does not move on';
    return new ResponderError(
      waiting.nodeType,
      GAVE_UP_ON_NODE,
      `the node still waits after ${maxAnswersPerNode} answers${cause}`,
    );
  }
}
