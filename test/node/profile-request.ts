import type { AnswerableKind, NodeRequest } from '../../src/adapters/node/responder.js';
import type { FlowView, HostEventType } from '../../src/machine/index.js';
import type { UploadInput } from '../../src/services/types.js';
import type { NodeConfig } from '../../src/services/wire/records.js';

/** A storage that names each upload by its file and keeps what it was given. */
export function fakeStorage() {
  const uploads: UploadInput[] = [];
  return {
    uploads,
    upload: async (input: UploadInput) => {
      uploads.push(input);
      return { url: `s3://workflow-kyc/${input.executionId}/${input.filename}` };
    },
  };
}

export interface NodeRequestOptions {
  readonly config?: NodeConfig;
  /** The flow's state within the node (`codeSent`, `wrongCode`, …); `awaitingInput` by default. */
  readonly state?: string;
  readonly view?: Partial<FlowView>;
  readonly executionId?: string;
  readonly callbackKey?: string;
}

/** The responder asked about a `kind` node of execution `ex_1` whose flow expects `expects`. */
export function nodeRequest(
  kind: AnswerableKind,
  expects: HostEventType[],
  options: NodeRequestOptions = {},
): NodeRequest {
  const executionId = options.executionId ?? 'ex_1';
  const node = {
    nodeId: 'n1',
    nodeType: `type-of-${kind}`,
    callbackKey: options.callbackKey ?? `kyc:${kind}:${executionId}:1`,
    ...(options.config && { config: options.config }),
  };
  return {
    kind,
    node,
    executionId,
    signal: new AbortController().signal,
    view: {
      state: `tracking.${kind}.${options.state ?? 'awaitingInput'}`,
      step: kind,
      referenceId: 'ref',
      executionId,
      node,
      expects,
      done: false,
      ...options.view,
    },
  };
}
