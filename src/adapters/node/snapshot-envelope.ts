import { randomUUID } from 'node:crypto';
import { buildVersion, isNewerBuild } from './newer-build.js';
import { checkPersistedFlow } from './persisted-flow-schema.js';
import { PERSISTED_FLOW_VERSION, type PersistedFlow, type SavedFlow } from './snapshot-store.js';
import { SnapshotStoreError } from './snapshot-store-error.js';

/** What a store keeps per flow: the flow, and enough around it to refuse the wrong one. */
export interface SnapshotEnvelope {
  readonly kind: typeof ENVELOPE_KIND;
  readonly formatVersion: typeof FORMAT_VERSION;
  readonly key: string;
  readonly savedAt: string;
  /** The kyc-flow version that saved it; absent from snapshots saved before it was kept. */
  readonly writtenBy?: string;
  /** The save's revision (fenced saves); absent from snapshots saved before it was kept. */
  readonly revision?: string;
  readonly persisted: PersistedFlow;
}
const ENVELOPE_KIND = 'kyc-flow.snapshot';
const FORMAT_VERSION = 1;

/** The text a store writes for `key`, as `revision` (a new one when not given). */
export const writeSnapshot = (
  key: string,
  persisted: PersistedFlow,
  revision: string = newRevision(),
): string => {
  const envelope: SnapshotEnvelope = {
    kind: ENVELOPE_KIND,
    formatVersion: FORMAT_VERSION,
    key,
    savedAt: new Date().toISOString(),
    writtenBy: buildVersion(),
    revision,
    persisted,
  };
  return `${JSON.stringify(envelope)}\n`;
};

/** A revision no other save picks (random: never one an older save had, unlike a counter reset). */
export const newRevision = (): string => randomUUID();

/** The revision a stored text was saved as: `''` when it names none (or is no envelope). */
export function revisionOf(text: string | undefined): string {
  try {
    const envelope: unknown = text === undefined ? undefined : JSON.parse(text);
    return isRecord(envelope) && typeof envelope.revision === 'string' ? envelope.revision : '';
  } catch {
    return '';
  }
}

/** `readSnapshot`, with the revision the text was saved as. */
export const readSavedFlow = (text: string, key: string, location: string): SavedFlow => ({
  persisted: readSnapshot(text, key, location),
  revision: revisionOf(text),
});

/**
 * The flow in a stored text, checked against the persisted flow's schema before anyone
 * restores it; a `SnapshotStoreError` naming `location` when it cannot be used.
 */
export function readSnapshot(text: string, key: string, location: string): PersistedFlow {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new SnapshotStoreError('SNAPSHOT_CORRUPT', key, location, 'is not valid JSON');
  }
  if (!isRecord(envelope) || envelope.kind !== ENVELOPE_KIND) {
    throw new SnapshotStoreError('SNAPSHOT_CORRUPT', key, location, 'is not a kyc-flow snapshot');
  }
  try {
    if (envelope.formatVersion !== FORMAT_VERSION) {
      throw new SnapshotStoreError(
        'SNAPSHOT_VERSION',
        key,
        location,
        `has file format ${String(envelope.formatVersion)}; this build reads format ${FORMAT_VERSION}`,
      );
    }
    if (envelope.key !== key) {
      throw new SnapshotStoreError(
        'SNAPSHOT_KEY',
        key,
        location,
        'holds the snapshot of another flow',
      );
    }
    return checkedFlow(envelope.persisted, key, location);
  } catch (error) {
    throw fromNewerBuild(error, envelope.writtenBy, key, location) ?? error;
  }
}

/**
 * A snapshot this build cannot read (another format or version, a state it does not know)
 * that a later kyc-flow saved: during a rolling deploy, a process of that version resumes
 * it, so it is told apart from one that is broken (`SNAPSHOT_NEWER`).
 */
function fromNewerBuild(
  error: unknown,
  writtenBy: unknown,
  key: string,
  location: string,
): SnapshotStoreError | undefined {
  const unreadable =
    error instanceof SnapshotStoreError &&
    (error.code === 'SNAPSHOT_VERSION' || error.code === 'SNAPSHOT_CORRUPT');
  if (!unreadable || !isNewerBuild(writtenBy)) return undefined;
  return new SnapshotStoreError(
    'SNAPSHOT_NEWER',
    key,
    location,
    `was saved by kyc-flow ${String(writtenBy)}, newer than this build (${buildVersion()}): a process of that version resumes it`,
    { cause: error },
  );
}

function checkedFlow(persisted: unknown, key: string, location: string): PersistedFlow {
  if (!isRecord(persisted) || !('snapshot' in persisted)) {
    throw new SnapshotStoreError('SNAPSHOT_CORRUPT', key, location, 'holds no flow snapshot');
  }
  if (persisted.version !== PERSISTED_FLOW_VERSION) {
    throw new SnapshotStoreError(
      'SNAPSHOT_VERSION',
      key,
      location,
      `holds a flow of version ${String(persisted.version)}; this build restores version ${PERSISTED_FLOW_VERSION}`,
    );
  }
  const checked = checkPersistedFlow(persisted);
  if (!checked.ok) {
    throw new SnapshotStoreError(
      'SNAPSHOT_CORRUPT',
      key,
      location,
      `is not a flow this build can restore: persisted.${checked.problem}`,
    );
  }
  return checked.persisted;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
