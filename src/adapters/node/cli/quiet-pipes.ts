import type { Writable } from 'node:stream';

/**
 * Output to a reader that has gone (`kyc-flow run --json | head -3`) ends quietly: the
 * write error (EPIPE) is taken here instead of crashing the process with a stack trace,
 * later writes to that stream are dropped, and the command carries on to its own exit
 * code. A run is not cut short by it: the onboarding still reaches its outcome.
 */
export function quietPipes(streams: readonly Writable[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    // Whatever the error (EPIPE, EIO, EBADF), there is nowhere left to report it.
    stream.on('error', () => undefined);
  }
}
