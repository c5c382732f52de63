import type { InputFrom } from 'xstate';
import type { FlowActors } from '../actors/index.js';
import { heldEvent, nodeRef } from '../context.js';
import { FLOW_CODES } from '../flow-error.js';
import { PAYLOADS } from '../host-events.js';
import type { AnswerableKind } from '../routing.js';
import { stateConfig } from '../setup.js';
import type { HostEvent } from '../types.js';
import { awaitingHost } from './awaiting-host.js';
import { submitErrorRoutes } from './error-routes.js';
import { POLLING } from './ids.js';

/** Sent: the next node usually appears soon, so the flow polls at the after-submit pace. */
export const submitted = { target: POLLING, actions: 'markSubmitted' as const };

/**
 * The nodes the host answers with one event, sent by one submit actor with the event's
 * payload (`PAYLOADS`), and where the flow goes once the gateway took it.
 */
const INPUTS = {
  identityDocument: {
    event: 'SUBMIT_IDENTITY_DOCUMENT',
    actor: 'submitIdentityDocument',
    onDone: { target: 'extracting', actions: ['markSubmitted', 'ocrSubmitted'] },
  },
  particulars: { event: 'SUBMIT_PARTICULARS', actor: 'submitParticulars', onDone: submitted },
  liveness: { event: 'SUBMIT_LIVENESS', actor: 'submitLiveness', onDone: submitted },
  requiredForms: {
    event: 'SUBMIT_FORMS',
    actor: 'submitForms',
    onDone: [
      {
        guard: 'formsComplete',
        target: POLLING,
        actions: ['formsSubmitted', 'markSubmitted'],
      },
      {
        target: 'awaitingInput',
        actions: [
          'formsSubmitted',
          {
            type: 'reject',
            params: {
              code: FLOW_CODES.FORMS_MISSING,
              message: 'more forms wanted: `forms.missing`',
            },
          },
          'tellError',
        ],
      },
    ],
  },
} as const satisfies Partial<Record<AnswerableKind, object>>;

/**
 * A node the host gives its input for in one event: `awaitingInput` (the host's turn) → `submitting` (the
 * gateway's), then on as the table says; an input the gateway refuses goes back to the host.
 * `more` adds the node's own states (the OCR after an identity document).
 */
export function inputNode(kind: keyof typeof INPUTS, more = {}) {
  const { event, actor, onDone } = INPUTS[kind];
  const { field } = PAYLOADS[event];
  return stateConfig({
    initial: 'awaitingInput',
    meta: { step: kind },
    states: {
      awaitingInput: {
        ...awaitingHost(kind, 'awaitingInput', [event]),
        on: { [event]: { target: 'submitting', actions: 'holdSubmission' } },
      },
      submitting: {
        invoke: {
          id: actor,
          src: actor,
          // One config for four actors: `PayloadsFit` below checks each one's input.
          input: ({ context }) =>
            ({
              ...nodeRef(context),
              [field]: (heldEvent(context, event) as Record<string, unknown>)[field],
            }) as never,
          onDone,
          onError: submitErrorRoutes('awaitingInput'),
        },
      },
      ...more,
    },
  });
}

type Row<K extends keyof typeof INPUTS> = (typeof INPUTS)[K];
type Field<K extends keyof typeof INPUTS> = (typeof PAYLOADS)[Row<K>['event']]['field'];
type Carried<K extends keyof typeof INPUTS> = Extract<HostEvent, { type: Row<K>['event'] }>;
type Wanted<K extends keyof typeof INPUTS> = InputFrom<FlowActors[Row<K>['actor']]>;
/** A row's payload field, as its event carries it, is a field of its actor's input. */
type PayloadFits<K extends keyof typeof INPUTS> =
  Field<K> extends keyof Carried<K> & keyof Wanted<K>
    ? Carried<K>[Field<K>] extends Wanted<K>[Field<K>]
      ? true
      : false
    : false;
type AllFit<T extends Record<keyof typeof INPUTS, true>> = T;
/** Fails to compile when a row's event payload does not fit its submit actor's input. */
export type PayloadsFit = AllFit<{ [K in keyof typeof INPUTS]: PayloadFits<K> }>;
