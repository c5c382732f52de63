import {
  type FlowContext,
  type FlowView,
  kycFlowMachine,
  REDACTED,
  redact,
  toFlowView,
} from '../../../machine/index.js';
import { NotARegularFileError, readRegularFile } from '../regular-file.js';
import { readSnapshot } from '../snapshot-envelope.js';
import { SnapshotStoreError } from '../snapshot-store-error.js';
import { STATE_KEY } from './state-file.js';
import { type SavedHistory, savedHistory } from './state-file-history.js';
import { UsageError } from './usage-error.js';

/** A state file as `kyc-flow show` tells it: where its flow stands, no personal data in it. */
export interface ShownStateFile {
  readonly path: string;
  readonly savedAt: string;
  /** The gateway's origin (or the embedded sandbox) it runs on, when the file says. */
  readonly gateway?: string;
  /** Who drives it now, in words (see `lockHolderOf`). */
  readonly heldBy?: string | undefined;
  readonly view: FlowView;
  /** What the flow did last: the answer it holds, the node, the times (`savedHistory`). */
  readonly history: SavedHistory;
}

interface SavedSnapshot {
  readonly value: Parameters<typeof kycFlowMachine.resolveState>[0]['value'];
  readonly context: FlowContext;
  readonly output?: unknown;
}

/** Every string in `value` (not its keys) long enough to be worth blotting out. */
const stringsIn = (value: unknown, found: Set<string>): void => {
  if (typeof value === 'string') {
    if (value.trim().length >= 3) found.add(value);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) stringsIn(item, found);
  }
};

/**
 * Every string that `redact` hides in `value` (`redacted`: its redacted copy): the personal
 * data a snapshot holds, for blotting out wherever free text repeats it.
 */
const hiddenStrings = (value: unknown, redacted: unknown, found: Set<string>): Set<string> => {
  if (redacted === REDACTED) stringsIn(value, found);
  else if (typeof value === 'object' && value !== null && typeof redacted === 'object') {
    for (const [key, item] of Object.entries(value)) {
      hiddenStrings(item, (redacted as Record<string, unknown> | null)?.[key], found);
    }
  }
  return found;
};

/** `view` redacted, and the error it stopped on told without a value the snapshot hides. */
const shownView = (view: FlowView, context: FlowContext): FlowView => {
  const hidden = [...hiddenStrings(context, redact(context), new Set())].sort(
    (a, b) => b.length - a.length,
  );
  const blot = (text: string) =>
    hidden.reduce((out, value) => out.split(value).join(REDACTED), text);
  const shown = redact(view) as FlowView;
  return shown.error
    ? { ...shown, error: { ...shown.error, message: blot(shown.error.message) } }
    : shown;
};

const unreadable = (path: string, error: unknown): UsageError => {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return new UsageError(`${path}: no such state file`);
  if (error instanceof NotARegularFileError) return new UsageError(error.message);
  if (error instanceof SnapshotStoreError)
    return new UsageError(`${path}: ${error.code}: ${error.message}`);
  return new UsageError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
};

/**
 * The flow a state file holds, as it was saved, without taking the file's lock or sending
 * anything: checked as a run checks it (a damaged or forged file is a `UsageError` naming the
 * field), then read into the chart's view.
 */
export async function readStateFileAsIs(path: string): Promise<Omit<ShownStateFile, 'heldBy'>> {
  let text: string;
  let snapshot: SavedSnapshot;
  try {
    text = await readRegularFile(path);
    snapshot = readSnapshot(text, STATE_KEY, path).snapshot as SavedSnapshot;
  } catch (error) {
    throw unreadable(path, error);
  }
  const envelope = JSON.parse(text) as { savedAt?: unknown; persisted?: { gateway?: unknown } };
  const state = kycFlowMachine.resolveState({
    value: snapshot.value,
    context: snapshot.context,
    ...(snapshot.output === undefined ? {} : { output: snapshot.output as never }),
  });
  const gateway = envelope.persisted?.gateway;
  return {
    path,
    savedAt: typeof envelope.savedAt === 'string' ? envelope.savedAt : 'at an unknown time',
    ...(typeof gateway === 'string' ? { gateway } : {}),
    view: shownView(toFlowView(state), snapshot.context),
    history: savedHistory(snapshot.context),
  };
}
