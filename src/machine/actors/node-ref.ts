/** The fields that name a waiting node in every submission; the callbackKey makes repeats safe. */
export interface NodeRefInput {
  readonly executionId: string;
  readonly callbackKey: string;
  readonly referenceId: string;
}

/** Just the node's fields of an input, as a submission sends them (nothing else it carries). */
export const nodeRefOf = ({
  executionId,
  callbackKey,
  referenceId,
}: NodeRefInput): NodeRefInput => ({
  executionId,
  callbackKey,
  referenceId,
});
