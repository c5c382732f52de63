import { type FlowContext, missingDocuments, nodeRef } from '../context.js';
import { FLOW_CODES } from '../flow-error.js';
import { stateConfig } from '../setup.js';
import { awaitingHost } from './awaiting-host.js';
import { movedOnRoutes, rejected, submitErrorRoutes } from './error-routes.js';
import { submitted } from './input-states.js';

const added = ['documentAdded' as const, 'tellDocumentAdded' as const];

const documentsMissing = {
  type: 'reject' as const,
  params: ({ context }: { context: FlowContext }) => ({
    code: FLOW_CODES.DOCUMENTS_MISSING,
    message: `required documents missing: ${missingDocuments(context).join(', ')}`,
  }),
};

const EXPECTS = ['ADD_DOCUMENT', 'SUBMIT_DOCUMENTS'] as const;

/** The upload of the head of the queue: the document, and whether the node requires it. */
const addDocumentInput = ({ context }: { context: FlowContext }) => {
  const document = context.documents?.pending[0];
  const required = context.node?.config?.requiredDocuments?.find(
    (doc) => doc.docType === document?.docType,
  );
  return {
    ...nodeRef(context),
    // An empty queue cannot happen here; an empty doc fails validation, loudly.
    document: document ?? {
      docType: 'UTILITY_TELEPHONE_BILL' as const,
      files: { front: { url: '' } },
    },
    isRequired: required?.isRequired ?? false,
  };
};

/**
 * Required documents: the host adds them one by one (each sent as it comes, in order) and
 * submits once every required one is in; SUBMIT_DOCUMENTS during an upload waits for it.
 */
export const requiredDocumentsNode = stateConfig({
  initial: 'collecting',
  meta: { step: 'requiredDocuments' },
  states: {
    collecting: {
      ...awaitingHost('requiredDocuments', 'collecting', EXPECTS),
      on: {
        ADD_DOCUMENT: { target: 'adding', actions: 'queueDocument' },
        SUBMIT_DOCUMENTS: [
          { guard: 'nothingMissing', target: 'submitting', actions: 'holdSubmission' },
          { actions: [documentsMissing, 'tellError'] },
        ],
      },
    },
    adding: {
      meta: { expects: EXPECTS },
      on: {
        ADD_DOCUMENT: { actions: 'queueDocument' },
        SUBMIT_DOCUMENTS: { actions: ['requestSubmitDocuments', 'holdSubmission'] },
      },
      invoke: {
        id: 'addDocument',
        src: 'addDocument',
        input: addDocumentInput,
        onDone: [
          { guard: 'morePending', target: 'adding', reenter: true, actions: added },
          { guard: 'submitWhenAdded', target: 'submitting', actions: added },
          // SUBMIT_DOCUMENTS came during the upload, but something is still missing.
          {
            guard: 'submitRequested',
            target: 'collecting',
            actions: [...added, documentsMissing, 'tellError'],
          },
          { target: 'collecting', actions: added },
        ],
        onError: [
          ...movedOnRoutes,
          { target: 'collecting', actions: ['dropPendingDocuments', ...rejected] },
        ],
      },
    },
    submitting: {
      invoke: {
        id: 'submitDocuments',
        src: 'submitDocuments',
        input: ({ context }) => nodeRef(context),
        onDone: submitted,
        onError: submitErrorRoutes('collecting'),
      },
    },
  },
});
