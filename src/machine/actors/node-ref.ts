/** The fields that name a waiting node in every submission; the callbackKey makes repeats safe. */
export interface NodeRefInput {
  readonly executionId: string;
  readonly callbackKey: string;
  readonly referenceId: string;
}
