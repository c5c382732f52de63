/** Base of every error kyc-flow raises; `code` is stable and safe to switch on. */
export abstract class KycFlowError extends Error {
  abstract readonly code: string;
  /** Whether the same call may succeed if it is made again later. */
  abstract readonly retryable: boolean;
}
