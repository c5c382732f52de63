/** Documented exit codes of `kyc-flow`: one per outcome, so scripts can branch on them. */
export const EXIT_CODES = {
  approved: 0,
  /** A bug or an unforeseen failure (the message says what). */
  internal: 1,
  /** Bad options, profile, secret file or state file: nothing was sent. */
  usage: 2,
  rejected: 10,
  /** The customer's execution FAILED (a business outcome, never a refused credential). */
  failed: 11,
  timedOut: 12,
  cancelled: 13,
  pendingReview: 14,
  /** The gateway stayed unreachable (the message names the host and the cause). */
  suspended: 15,
  /** A gateway response breaks the contract even when read tolerantly (method and field named). */
  contractBroken: 16,
  /** The flow waits on a node type this client does not know; the state file resumes it. */
  unknownNode: 17,
  /** COMPLETED with a decision that is neither APPROVED nor REJECTED (see the raw result). */
  decisionUnknown: 18,
  /** The profile cannot answer what a node asks (field named); the state file resumes it. */
  profileCannotAnswer: 19,
  /** The gateway refused the credentials (999001 sign, 999303 not authorised, a bad apiKey). */
  credentialsRefused: 20,
  /**
   * The gateway refused to register the customer or to start the workflow (a customer it
   * already has, an execution already in progress): nothing began, and nothing was decided.
   */
  refused: 21,
  /** Stopped by SIGINT, SIGTERM or SIGHUP (128 + SIGINT, as shells report it); a --state-file run resumes. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
