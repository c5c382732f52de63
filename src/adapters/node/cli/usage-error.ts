/** The command line asks for something impossible; the message says what, and `--help` says more. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
