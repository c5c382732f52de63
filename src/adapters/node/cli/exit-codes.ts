/** Documented exit codes of `kyc-flow`: one per outcome, so scripts can branch on them. */
export const EXIT_CODES = {
  approved: 0,
  internal: 1,
  usage: 2,
  rejected: 10,
  failed: 11,
  timedOut: 12,
  cancelled: 13,
  pendingReview: 14,
  suspended: 15,
  /** Stopped by SIGINT/SIGTERM (128 + SIGINT, as shells report it); a --state-file run resumes. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
