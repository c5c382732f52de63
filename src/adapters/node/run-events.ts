import type {
  FlowEmitted,
  FlowError,
  FlowOutcome,
  FlowStep,
  HostEventType,
} from '../../machine/index.js';
import type { CurrentNode } from '../../services/wire/records.js';
import type { AnswerableKind } from './responder.js';

/** How a headless run ends: an outcome, or a stop that a later run resumes. */
export type HeadlessResult =
  | FlowOutcome
  | {
      /** Someone else decides now; the flow is saved and a later run picks up the decision. */
      readonly status: 'pendingReview';
      readonly executionId?: string;
      readonly node?: CurrentNode;
    }
  | {
      /**
       * The execution waits on a node type the client does not know (the raw node is here);
       * the flow is saved and a later run picks up where it moved on to.
       */
      readonly status: 'unknownNode';
      readonly executionId?: string;
      readonly node?: CurrentNode;
    }
  | {
      /** The gateway stayed unreachable for longer than the run allows; the flow is saved. */
      readonly status: 'suspended';
      readonly executionId?: string;
      readonly error?: FlowError;
      /** The time the gateway named (its `Retry-After`): a later run sends nothing before it. */
      readonly notBefore?: number;
    }
  | {
      /**
       * Nothing the flow can do by itself helps: the gateway refused our credentials
       * (`CREDENTIALS_REFUSED`) or its responses break the contract (`CONTRACT_BROKEN`). The
       * flow is saved; a later run (after a fix) retries from where it stopped.
       */
      readonly status: 'needsAttention';
      readonly executionId?: string;
      readonly error: FlowError;
    };
export type HeadlessStatus = HeadlessResult['status'];

/**
 * A run with `park` that stopped because the flow has nothing to do for a while: it is
 * saved, and a later run with the same store resumes it (no second registration, start or
 * submission). Run it again at `wakeAt`, or sooner when what it waits for has come (the
 * responder has the data now); a run that finds nothing to do parks again.
 */
export interface ParkedResult {
  readonly status: 'parked';
  readonly executionId?: string;
  /** Where the flow waits: `pendingReview`, `suspended`, a node whose data is not there yet… */
  readonly step: FlowStep;
  /** Epoch ms when the flow next acts by itself (its next status read, the end of a back-off). */
  readonly wakeAt: number;
}

/**
 * What a headless run reports as it goes (`onEvent`). Events carry what the flow carries,
 * personal data included: redact them before they leave the process.
 */
export type HeadlessEvent =
  /** A fresh flow: START is sent. */
  | { readonly type: 'started'; readonly referenceId: string }
  /** A flow restored from the store: no second registration or start. */
  | { readonly type: 'resumed'; readonly key: string; readonly state: string }
  /** The chart moved (a new state path). */
  | {
      readonly type: 'state';
      readonly state: string;
      readonly step: FlowStep;
      readonly executionId?: string;
      readonly nodeType?: string;
    }
  /** The responder is asked for a waiting node. */
  | {
      readonly type: 'answering';
      readonly kind: AnswerableKind;
      readonly nodeType: string;
      readonly callbackKey: string;
    }
  /** A host event went to the flow (its type only). */
  | { readonly type: 'sent'; readonly event: HostEventType; readonly callbackKey?: string }
  /** Something the flow emitted. */
  | { readonly type: 'flow'; readonly event: FlowEmitted }
  /** The flow was saved under `key`. */
  | { readonly type: 'saved'; readonly key: string }
  /** The run is over: how it ended (`parked` only for a run with `park`). */
  | { readonly type: 'done'; readonly outcome: HeadlessResult | ParkedResult };
