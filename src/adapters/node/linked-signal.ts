/**
 * A host hands one signal (its shutdown) to thousands of runs at once. Were each run to
 * listen on it, it would carry a listener per run in flight (past 10 Node warns of a leak,
 * `MaxListenersExceededWarning`), and `AbortSignal.any` leaves a trace of every run on it for
 * the life of the process (Node 20). So a signal gets one listener, shared by every run that
 * follows it, and dropped once the last of them lets go.
 */
interface Followers {
  readonly runs: Set<AbortController>;
  readonly onAbort: () => void;
}

const followersOf = new WeakMap<AbortSignal, Followers>();

/** A signal of one run's own, aborted with the first of `sources` that aborts. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** The run is over: it follows its sources no more. */
  readonly release: () => void;
}

export function linkedSignal(sources: readonly AbortSignal[]): LinkedSignal {
  const run = new AbortController();
  const aborted = sources.find((source) => source.aborted);
  if (aborted) {
    run.abort(aborted.reason);
    return { signal: run.signal, release: () => undefined };
  }
  const leaves = sources.map((source) => follow(source, run));
  return {
    signal: run.signal,
    release: () => {
      for (const leave of leaves) leave();
    },
  };
}

/** `run` follows `source`; the function returned stops it following. */
function follow(source: AbortSignal, run: AbortController): () => void {
  let followers = followersOf.get(source);
  if (!followers) {
    const runs = new Set<AbortController>();
    const onAbort = () => {
      followersOf.delete(source);
      for (const each of runs) each.abort(source.reason);
    };
    followers = { runs, onAbort };
    followersOf.set(source, followers);
    source.addEventListener('abort', onAbort, { once: true });
  }
  const { runs, onAbort } = followers;
  runs.add(run);
  return () => {
    runs.delete(run);
    if (runs.size > 0 || followersOf.get(source) !== followers) return;
    followersOf.delete(source);
    source.removeEventListener('abort', onAbort);
  };
}
