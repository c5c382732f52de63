import type { AddDocumentOutput } from '../actors/add-document.js';
import type { SubmitFormsOutput } from '../actors/submit-forms.js';
import { missingDocuments } from '../context.js';
import { outputOf } from '../event-data.js';
import { documentsSlice, withAdded, withForms } from '../slices.js';
import { assignFlow, emitFlow } from './typed.js';

/** Required documents (queued, sent one by one) and required forms. */
export const documentActions = {
  queueDocument: assignFlow(({ context, event }) => {
    // Only ADD_DOCUMENT leads here; narrowing, not throwing, keeps the chart's other events safe.
    if (event.type !== 'ADD_DOCUMENT') return {};
    const documents = documentsSlice(context);
    return { documents: { ...documents, pending: [...documents.pending, event.document] } };
  }),
  requestSubmitDocuments: assignFlow(({ context }) => ({
    documents: { ...documentsSlice(context), submitRequested: true },
  })),
  documentAdded: assignFlow(({ context, event }) => ({
    documents: withAdded(context, outputOf<AddDocumentOutput>(event).docType).documents,
    error: undefined,
    // A readable answer: the count of unreadable ones in a row starts over (see recordExecution).
    timing: { ...context.timing, contractBreaks: 0 },
  })),
  /** After `documentAdded`: which, and what is still missing. */
  tellDocumentAdded: emitFlow(({ context, event }) => ({
    type: 'documentAdded' as const,
    docType: outputOf<AddDocumentOutput>(event).docType,
    missing: missingDocuments(context),
  })),
  dropPendingDocuments: assignFlow(({ context }) => ({
    documents: { ...documentsSlice(context), pending: [], submitRequested: false },
  })),
  formsSubmitted: assignFlow(({ context, event }) => ({
    forms: withForms(context, outputOf<SubmitFormsOutput>(event).submitted).forms,
  })),
};
